"""Admin commands about people (/usuarios, /aprobar, /revocar, /preguntas) and the registration of
every admin handler: these, /alias (handlers.aliases), /cargar and documents (handlers.uploads)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.context import BotApplication, BotContext
from bot.services.admin import (
    AdminReply,
    approve,
    forget_blocked_chat,
    questions_reply,
    revoke,
    users_reply,
)
from handlers import aliases, uploads
from handlers.access import require_private_admin
from handlers.approval import unit_choice
from handlers.offload import db_work
from handlers.sending import send_html

log = logging.getLogger(__name__)


async def _reply(context: BotContext, chat_id: int, reply: AdminReply) -> None:
    """Sends the admin the reply (with the unit buttons it offers), then tells the users it names."""
    markup = await unit_choice(context, reply.offer_units_for) if reply.offer_units_for is not None else None
    await send_html(context.bot, chat_id, reply.html, reply_markup=markup)
    for notice in reply.notices:
        await _tell(context, notice.chat_id, notice.text)


async def _tell(context: BotContext, chat_id: int, text: str) -> None:
    """Tells a user about their access; a user who blocked the bot is marked inactive."""
    try:
        await context.bot.send_message(chat_id, text, parse_mode=None)
    except Forbidden:
        await db_work(context, forget_blocked_chat, context.services.engine, chat_id)
    except TelegramError:
        log.exception("could not tell user %s about their access", chat_id)


async def users_command(update: Update, context: BotContext) -> None:
    """Sends the users by status, with their id and unit."""
    chat = update.effective_chat
    if await require_private_admin(update, context) is None or chat is None:
        return
    reply = await db_work(context, users_reply, context.services.engine, context.settings.admin_ids)
    await _reply(context, chat.id, reply)


async def approve_command(update: Update, context: BotContext) -> None:
    """Approves a user by id, optionally with their unit; offers the units when they have none."""
    chat = update.effective_chat
    admin = await require_private_admin(update, context)
    if admin is None or chat is None:
        return
    reply = await db_work(context, approve, context.poi, context.args or [], by=admin.telegram_id)
    await _reply(context, chat.id, reply)


async def revoke_command(update: Update, context: BotContext) -> None:
    """Revokes a user's access by id and tells them."""
    chat = update.effective_chat
    admin = await require_private_admin(update, context)
    if admin is None or chat is None:
        return
    reply = await db_work(
        context,
        revoke,
        context.services.engine,
        context.args or [],
        by=admin.telegram_id,
        admin_ids=context.settings.admin_ids,
    )
    await _reply(context, chat.id, reply)


async def questions_command(update: Update, context: BotContext) -> None:
    """Sends the latest questions: who asked, when (local time) and what was understood."""
    chat = update.effective_chat
    if await require_private_admin(update, context) is None or chat is None:
        return
    reply = await db_work(
        context, questions_reply, context.services.engine, context.args or [], context.settings.tz
    )
    await _reply(context, chat.id, reply)


def register(application: BotApplication) -> None:
    """Registers the admin commands and the document upload; call it before the free-text handlers."""
    application.add_handler(CommandHandler("usuarios", users_command))
    application.add_handler(CommandHandler("aprobar", approve_command))
    application.add_handler(CommandHandler("revocar", revoke_command))
    application.add_handler(CommandHandler("preguntas", questions_command))
    application.add_handler(CommandHandler("alias", aliases.alias_command))
    application.add_handler(CommandHandler("cargar", uploads.upload_command))
    application.add_handler(
        # Non-blocking: an import takes seconds, and other chats are answered meanwhile.
        MessageHandler(filters.ChatType.PRIVATE & filters.Document.ALL, uploads.on_document, block=False)
    )
