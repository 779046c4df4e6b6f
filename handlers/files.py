"""Charts and workbooks: /grafico and /exportar, and the chart and export buttons.

Drawing a chart or writing a workbook takes tens to hundreds of milliseconds of CPU, so it runs in a
worker thread (`asyncio.to_thread`) and these handlers are registered non-blocking: other questions
are answered meanwhile. While the file is made the chat shows "sending photo/file…" (sendChatAction).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Literal

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotApplication, BotContext
from bot.domain.answers import Answer, AnswerKind
from bot.domain.periods import PeriodKind
from bot.domain.query import Intent, Query
from bot.domain.snapshot import PlanSnapshot
from bot.render.answer_text import render_html
from bot.services.access import Asker
from bot.services.file_replies import CHART_KINDS, EXPORT_KINDS, chart_reply, export_reply
from bot.services.questions import NO_PLAN_TEXT, NoPlanError
from handlers.access import require_user
from handlers.keyboards import file_choices
from handlers.offload import db_work
from handlers.presses import accept_press
from handlers.questions import record
from handlers.sending import send_html

By = Literal["month", "quarter"]


def _file_query(query: Query, *, export: bool) -> Query:
    """What a file command asks for: an activity (charts only), a unit, or the institution.

    Words that named nothing keep the "not found" reply rather than silently sending another file.
    """
    if query.intent is Intent.UNKNOWN and query.unmatched:
        return query
    if query.intent is Intent.SUMMARY and query.unit is None and query.activity is None:
        return replace(query, candidates=())
    if query.activity is not None and export:
        return replace(query, intent=Intent.UNIT_PROGRESS, unit=query.activity.unit, activity=None)
    if query.activity is not None:
        return replace(query, intent=Intent.ACTIVITY)
    return replace(query, intent=Intent.UNIT_PROGRESS)


async def _deliver(
    context: BotContext,
    chat_id: int,
    answer: Answer,
    snapshot: PlanSnapshot,
    *,
    export: bool,
    by: By = "month",
) -> None:
    """Sends the answer's chart or workbook, or, when it calls for none, the answer in words."""
    if answer.kind not in (EXPORT_KINDS if export else CHART_KINDS):
        markup = file_choices(answer, snapshot, export=export) if answer.kind is AnswerKind.CLARIFY else None
        await send_html(context.bot, chat_id, render_html(answer), reply_markup=markup)
        return
    bands = context.poi.bands
    action = ChatAction.UPLOAD_DOCUMENT if export else ChatAction.UPLOAD_PHOTO
    await context.bot.send_chat_action(chat_id, action)
    if export:
        reply = await asyncio.to_thread(export_reply, answer, snapshot, bands)
    else:
        reply = await asyncio.to_thread(chart_reply, answer, snapshot, bands, by=by)
    if reply is None:  # the kinds above are exactly those the functions make files for
        raise RuntimeError(f"no file for an answer of kind {answer.kind}")
    if reply.as_photo:
        await context.bot.send_photo(chat_id, reply.data, caption=reply.caption, filename=reply.filename)
    else:
        await context.bot.send_document(chat_id, reply.data, caption=reply.caption, filename=reply.filename)


def _answer_words(
    context: BotContext, asker: Asker, chat_id: int, command: str, text: str, *, export: bool
) -> tuple[Query, Answer, PlanSnapshot]:
    """What a file command's words ask, answered with the asker's rights and logged (database thread)."""
    query = context.poi.understand(text) if text.strip() else Query(Intent.UNIT_PROGRESS)
    query = _file_query(query, export=export)
    answer = context.poi.answer(query, default_unit=asker.unit_name, allowed_unit=asker.allowed_unit)
    snapshot = context.poi.snapshot()
    record(context, asker, chat_id, "command", f"/{command} {text}".strip(), answer)
    return query, answer, snapshot


async def _from_words(update: Update, context: BotContext, command: str, *, export: bool) -> None:
    """Understands a file command's words, answers them with the asker's rights and sends the file."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    asker = await require_user(update, context)
    if asker is None:
        return
    text = " ".join(context.args or [])
    try:
        query, answer, snapshot = await db_work(
            context, _answer_words, context, asker, chat.id, command, text, export=export
        )
    except NoPlanError:
        await message.reply_text(NO_PLAN_TEXT, parse_mode=None)
        return
    by: By = "quarter" if query.period is not None and query.period.kind is PeriodKind.QUARTER else "month"
    await _deliver(context, chat.id, answer, snapshot, export=export, by=by)


async def chart_command(update: Update, context: BotContext) -> None:
    """Sends the chart of an activity, of a unit (yours by default) or of the institution."""
    await _from_words(update, context, "grafico", export=False)


async def export_command(update: Update, context: BotContext) -> None:
    """Sends a unit's (yours by default) or the whole plan's figures as an XLSX workbook."""
    await _from_words(update, context, "exportar", export=True)


async def _from_button(update: Update, context: BotContext, intent: Intent, *, export: bool, by: By) -> None:
    press = await accept_press(update, context)
    if press is None:
        return
    answer = await press.ask(context, intent)
    await _deliver(context, press.message.chat_id, answer, press.snapshot, export=export, by=by)
    await press.done()


async def on_unit_chart(update: Update, context: BotContext) -> None:
    """Sends a unit's activities by percent as a chart (button under a unit's answer)."""
    await _from_button(update, context, Intent.UNIT_PROGRESS, export=False, by="month")


async def on_activity_chart(update: Update, context: BotContext) -> None:
    """Sends an activity's programmed and executed quantities by month as a chart."""
    await _from_button(update, context, Intent.ACTIVITY, export=False, by="month")


async def on_activity_quarter_chart(update: Update, context: BotContext) -> None:
    """Sends an activity's programmed and executed quantities by quarter as a chart."""
    await _from_button(update, context, Intent.ACTIVITY, export=False, by="quarter")


async def on_export(update: Update, context: BotContext) -> None:
    """Sends the workbook of a unit or of the whole plan (button of a clarification)."""
    press = await accept_press(update, context)
    if press is None:
        return
    intent = Intent.SUMMARY if press.unit is None else Intent.UNIT_PROGRESS
    answer = await press.ask(context, intent)
    await _deliver(context, press.message.chat_id, answer, press.snapshot, export=True)
    await press.done()


def register(application: BotApplication) -> None:
    """Registers /grafico, /exportar and the file buttons, all non-blocking (files take a while)."""
    application.add_handler(CommandHandler("grafico", chart_command, block=False))
    application.add_handler(CommandHandler("exportar", export_command, block=False))
    buttons = {"gu": on_unit_chart, "ga": on_activity_chart, "gq": on_activity_quarter_chart, "x": on_export}
    for prefix, handler in buttons.items():
        application.add_handler(CallbackQueryHandler(handler, pattern=rf"^{prefix}:", block=False))
