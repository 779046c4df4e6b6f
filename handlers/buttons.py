"""The drill-down: buttons that replace the message they sit on with the next view.

unit (u) → its activities (al) → one activity by month (a) → by quarter (aq) → back to the unit;
lagging activities (lg) of a unit or of the institution → one activity; the institution's summary
(s). Every press is accepted or refused by `handlers.presses.accept_press`; the views come from
`bot.render.answer_text` and `bot.render.drilldown`, the buttons from `handlers.keyboards`.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.context import BotApplication, BotContext
from bot.domain.answers import Answer, AnswerKind
from bot.domain.query import Intent
from bot.render.answer_text import render_html
from bot.render.drilldown import activity_quarters_html, unit_activities_html
from handlers.keyboards import activities_keyboard, keyboard_for, quarters_keyboard
from handlers.presses import Press, accept_press
from handlers.sending import edit_html


async def _show(press: Press, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Replaces the pressed message with the view, then answers the press."""
    await edit_html(press.message, text, reply_markup=markup)
    await press.done()


async def _show_answer(press: Press, context: BotContext, answer: Answer) -> None:
    await _show(
        press,
        render_html(answer),
        keyboard_for(answer, context, press.snapshot, private=press.private),
    )


async def on_unit(update: Update, context: BotContext) -> None:
    """Shows a unit's progress in place of the pressed message."""
    press = await accept_press(update, context)
    if press is not None:
        await _show_answer(press, context, await press.ask(context, Intent.UNIT_PROGRESS))


async def on_unit_activities(update: Update, context: BotContext) -> None:
    """Lists a unit's activities, one button each, in place of the pressed message."""
    press = await accept_press(update, context)
    if press is None:
        return
    answer = await press.ask(context, Intent.UNIT_PROGRESS)
    if answer.kind is not AnswerKind.UNIT:
        await _show_answer(press, context, answer)
        return
    await _show(press, unit_activities_html(answer), activities_keyboard(answer, press.snapshot))


async def on_lagging(update: Update, context: BotContext) -> None:
    """Shows the lagging activities of a unit or of the institution, one button each."""
    press = await accept_press(update, context)
    if press is not None:
        await _show_answer(press, context, await press.ask(context, Intent.LAGGING))


async def on_activity(update: Update, context: BotContext) -> None:
    """Shows one activity month by month in place of the pressed message."""
    press = await accept_press(update, context)
    if press is not None:
        await _show_answer(press, context, await press.ask(context, Intent.ACTIVITY))


async def on_activity_quarters(update: Update, context: BotContext) -> None:
    """Shows one activity quarter by quarter in place of the pressed message."""
    press = await accept_press(update, context)
    if press is None:
        return
    answer = await press.ask(context, Intent.ACTIVITY)
    if answer.kind is not AnswerKind.ACTIVITY:
        await _show_answer(press, context, answer)
        return
    text = activity_quarters_html(answer, context.poi.bands)
    await _show(press, text, quarters_keyboard(answer, press.snapshot))


async def on_summary(update: Update, context: BotContext) -> None:
    """Shows the institution's progress and ranking of units in place of the pressed message."""
    press = await accept_press(update, context)
    if press is not None:
        await _show_answer(press, context, await press.ask(context, Intent.SUMMARY))


def register(application: BotApplication) -> None:
    """Registers one handler per drill-down prefix (before the catch-all for unknown buttons)."""
    views = {
        "u": on_unit,
        "al": on_unit_activities,
        "lg": on_lagging,
        "a": on_activity,
        "aq": on_activity_quarters,
        "s": on_summary,
    }
    for prefix, handler in views.items():
        application.add_handler(CallbackQueryHandler(handler, pattern=rf"^{prefix}:"))
