"""Delivering what a reporting step produced: replies here, notices to other chats, the workbook."""

from __future__ import annotations

import io
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.domain.markup import person_name
from bot.services.access import Asker
from bot.services.reporting_types import Actor, Outcome
from handlers.offload import off_loop
from handlers.reporting_keyboards import markup
from handlers.sending import send_html

log = logging.getLogger(__name__)


def actor_of(asker: Asker, context: BotContext) -> Actor:
    return Actor(
        telegram_id=asker.telegram_id,
        name=person_name(asker.name or asker.username) or str(asker.telegram_id),
        is_admin=asker.is_admin,
        unit=asker.unit_name,
        admin_ids=tuple(context.settings.admin_ids),
    )


async def deliver(update: Update, context: BotContext, outcome: Outcome) -> None:
    """Sends the outcome: the button's alert, the replies, the document, then the notices."""
    if outcome.plan_changed:
        await off_loop(context.poi.invalidate)  # answers read the validated month at once
    query = update.callback_query
    if query is not None:
        await query.answer(outcome.alert, show_alert=outcome.alert is not None)
    chat = update.effective_chat
    if chat is None:
        return
    for reply in outcome.replies:
        await send_html(context.bot, chat.id, reply.text, reply_markup=markup(reply))
    if outcome.document is not None:
        document = outcome.document
        await context.bot.send_document(
            chat.id, io.BytesIO(document.data), filename=document.name, caption=document.caption
        )
    for notice in outcome.notices:
        try:  # an admin who never opened the bot has no chat: the others still get it
            await send_html(context.bot, notice.chat_id, notice.reply.text, reply_markup=markup(notice.reply))
        except TelegramError as exc:
            log.warning("reporting notice to %s not sent: %s", notice.chat_id, exc)
