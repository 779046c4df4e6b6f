"""The way of a question through Telegram: access, understanding, answer, log, reply.

Everything between the update and the reply that reads or writes the store (the access check,
understanding and answering on the cached plan, the question log, the buttons) runs on a database
thread (`handlers.offload`): a slow database delays only the chat that asked."""

from __future__ import annotations

from dataclasses import dataclass, replace

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from bot.context import BotContext
from bot.domain.answers import Answer
from bot.domain.query import Intent, Query
from bot.render.answer_text import render_html
from bot.services import metrics
from bot.services.access import Asker
from bot.services.questions import NO_PLAN_TEXT, NoPlanError
from handlers.access import require_user
from handlers.keyboards import keyboard_for
from handlers.meeting_keyboards import is_meeting, meeting_keyboard
from handlers.offload import db_work
from handlers.sending import send_html
from storage.db import session_scope
from storage.users import log_question


def record(
    context: BotContext,
    asker: Asker,
    chat_id: int,
    surface: str,
    text: str,
    answer: Answer,
    *,
    typing: bool = False,
) -> None:
    """Logs who asked what and what was understood (``typing``: successive inline queries merge)."""
    metrics.question_answered(answer.query.intent.value)
    with session_scope(context.services.engine) as session:
        log_question(
            session=session,
            merge_typing=typing,
            telegram_id=asker.telegram_id,
            chat_id=chat_id,
            surface=surface,
            text=text,
            intent=answer.query.intent.value,
            unit=answer.unit,
            activity=answer.activity.activity if answer.activity else None,
            period=answer.period.label(),
        )


@dataclass(frozen=True)
class Reply:
    """An answer ready to send: its HTML and buttons."""

    html: str
    markup: InlineKeyboardMarkup | None


def compose(
    context: BotContext,
    asker: Asker,
    chat_id: int,
    text: str,
    *,
    surface: str,
    intent: Intent | None,
    private: bool,
) -> Reply:
    """Understands, answers, logs and renders one question (blocking: runs on a database thread);
    ``private``: the reply goes to a private chat (where the Mini App button is allowed)."""
    # A command says what it asks for: it starts afresh, and becomes the context of what follows.
    query = _force(context.poi.understand(text, chat=None if intent else str(chat_id)), intent)
    answer = context.poi.answer(
        query, default_unit=asker.unit_name, allowed_unit=asker.allowed_unit, chat=str(chat_id)
    )
    record(context, asker, chat_id, surface, text, answer)
    markup = (
        meeting_keyboard(answer, context)
        if is_meeting(answer)
        else keyboard_for(answer, context, context.poi.snapshot(), private=private)
    )
    return Reply(render_html(answer), markup)


async def answer_text(
    update: Update, context: BotContext, text: str, *, surface: str, intent: Intent | None = None
) -> None:
    """Answers a question in words; ``intent`` forces what a command asks for."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    asker = await require_user(update, context)
    if asker is None:
        return
    try:
        private = chat.type == ChatType.PRIVATE
        reply = await db_work(
            context, compose, context, asker, chat.id, text, surface=surface, intent=intent, private=private
        )
    except NoPlanError:
        await message.reply_text(NO_PLAN_TEXT, parse_mode=None)
        return
    await send_html(context.bot, chat.id, reply.html, reply_markup=reply.markup)


def _force(query: Query, intent: Intent | None) -> Query:
    """A command says what it asks for; its words only add the unit, activity and period.

    Words that named nothing keep the "not found" reply rather than silently showing something else.
    """
    if intent is None or (query.intent is Intent.UNKNOWN and query.unmatched):
        return query
    if intent is Intent.SUMMARY:
        return replace(query, intent=intent, unit=None, activity=None, candidates=())
    if intent in (Intent.UNIT_PROGRESS, Intent.LAGGING) and query.activity is not None:
        return replace(query, intent=intent, unit=query.activity.unit, activity=None)
    return replace(query, intent=intent)
