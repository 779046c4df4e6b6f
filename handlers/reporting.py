"""Monthly reporting in the chat: /registrar, the form's buttons and typed answers, the admins'
validation, /pendientes and the CEPLAN export button. Thin: each handler calls one service step."""

from __future__ import annotations

from datetime import datetime

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext
from bot.services.questions import NoPlanError
from bot.services.reporting import ReportingForm
from bot.services.reporting_callbacks import BadReportingData, ExportPress, StartPress, StepPress, parse
from bot.services.reporting_export import NothingToExport, ceplan_export
from bot.services.reporting_items import split_month
from bot.services.reporting_review import ask_note, pending_view, take_note, validate
from bot.services.reporting_types import Actor, Outcome, say
from handlers.access import identify_off_loop, refusal_text, require_private_admin, require_user
from handlers.offload import db_work, off_loop
from handlers.reporting_send import actor_of, deliver

PRIVATE_ONLY_TEXT = "El registro mensual se hace en un chat privado conmigo."


def _form(context: BotContext) -> ReportingForm:
    return ReportingForm(context.poi, context.settings.report_outlier_factor)


def _today(context: BotContext) -> datetime:
    return context.services.clock().astimezone(context.settings.tz)


async def registrar_command(update: Update, context: BotContext) -> None:
    """/registrar [mes] [unidad]: opens (or resumes) the unit's month report."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    if chat.type != chat.PRIVATE:
        await message.reply_text(PRIVATE_ONLY_TEXT, parse_mode=None)
        return
    asker = await require_user(update, context)
    if asker is None:
        return
    words = " ".join(context.args or [])
    outcome = await db_work(context, _form(context).start, actor_of(asker, context), words, _today(context))
    await deliver(update, context, outcome)


async def pendientes_command(update: Update, context: BotContext) -> None:
    """/pendientes [mes]: who has reported the month, who is awaiting validation, who is missing."""
    asker = await require_private_admin(update, context)
    if asker is None:
        return
    month, _ = split_month(" ".join(context.args or []))
    try:
        snapshot = await db_work(context, context.poi.snapshot)
    except NoPlanError as exc:
        await deliver(update, context, say(str(exc)))
        return
    outcome = await db_work(context, pending_view, context.services.engine, snapshot, month)
    await deliver(update, context, outcome)


def _press(context: BotContext, actor: Actor, data: str, today: datetime) -> Outcome:
    try:
        press = parse(data)
    except BadReportingData:
        return Outcome(alert="Ese botón ya no es válido.")
    engine = context.services.engine
    if isinstance(press, StartPress):
        return _form(context).start_pressed(actor, press.year, press.month, press.unit_index, today)
    if isinstance(press, ExportPress):
        if not actor.is_admin:
            return Outcome(alert="Solo para administradores.")
        try:
            return Outcome(document=ceplan_export(engine, press.month))
        except NothingToExport as exc:
            return Outcome(alert=str(exc))
    if not isinstance(press, StepPress):
        raise TypeError(f"expected a StepPress, got {press!r}")
    if press.action == "v":
        return validate(engine, context.poi.snapshot(), actor, press.report_id)
    if press.action == "d":
        return ask_note(engine, actor, press.report_id)
    return _form(context).pressed(actor, press.report_id, press.action, press.step, press.choice)


async def on_press(update: Update, context: BotContext) -> None:
    """Any reporting button (rg, rp, rx)."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    asker = await require_user(update, context)
    if asker is None:
        return
    actor = actor_of(asker, context)
    data, today = query.data, _today(context)
    if _is_export(data):  # the CEPLAN export writes a whole workbook: no reply deadline
        outcome = await off_loop(_press, context, actor, data, today)
    else:
        outcome = await db_work(context, _press, context, actor, data, today)
    await deliver(update, context, outcome)


def _is_export(data: str) -> bool:
    try:
        return isinstance(parse(data), ExportPress)
    except BadReportingData:
        return False


def _typed(context: BotContext, actor: Actor, text: str) -> Outcome | None:
    return take_note(context.services.engine, actor, text) or _form(context).typed(actor, text)


async def on_text(update: Update, context: BotContext) -> None:
    """A private text while a draft is open (or an admin's return note): the form takes it and the
    question handlers do not see it; anything else goes on to be answered as a question."""
    message = update.effective_message
    if message is None or not message.text:
        return
    asker = await identify_off_loop(update, context)
    if asker is None or refusal_text(asker) is not None:
        return
    outcome = await db_work(context, _typed, context, actor_of(asker, context), message.text)
    if outcome is None:
        return
    await deliver(update, context, outcome)
    raise ApplicationHandlerStop
