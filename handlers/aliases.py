"""/alias: admins give a unit or an activity a short name, list the names, and remove one
(bot.services.aliases decides; this module parses the command and sends the reply)."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.services.aliases import alias_command as alias_reply
from handlers.access import require_private_admin
from handlers.offload import db_work
from handlers.sending import send_html


def _arguments(text: str | None) -> str:
    parts = (text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


async def alias_command(update: Update, context: BotContext) -> None:
    """Lists the aliases, adds one ("/alias nombre = unidad") or removes one ("/alias quitar nombre")."""
    message, chat = update.effective_message, update.effective_chat
    admin = await require_private_admin(update, context)
    if admin is None or message is None or chat is None:
        return
    reply = await db_work(context, alias_reply, context.poi, _arguments(message.text), by=admin.telegram_id)
    await send_html(context.bot, chat.id, reply.html)
