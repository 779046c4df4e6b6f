"""The buttons of meeting answers that need a view of their own: the pages of an activity list (lp)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.context import BotApplication, BotContext
from bot.domain.answers import AnswerKind
from bot.domain.query import Intent
from bot.render.activity_lists import list_text
from bot.render.answer_parts import HTML
from bot.render.answer_text import render_html
from handlers.keyboards import keyboard_for
from handlers.meeting_keyboards import list_keyboard
from handlers.presses import accept_press
from handlers.sending import edit_html


async def on_list_page(update: Update, context: BotContext) -> None:
    """Shows another page of an activity list in place of the pressed message."""
    press = await accept_press(update, context)
    if press is None:
        return
    answer = await press.ask(context, Intent.LIST)
    if answer.kind is not AnswerKind.LIST:
        markup = keyboard_for(answer, context, press.snapshot, private=press.private)
        await edit_html(press.message, render_html(answer), reply_markup=markup)
    else:
        page = press.callback.extra or 0
        markup = list_keyboard(answer, press.snapshot, page)
        await edit_html(press.message, list_text(answer, HTML, page), reply_markup=markup)
    await press.done()


def register(application: BotApplication) -> None:
    """Registers the list pages (before the catch-all for unknown buttons)."""
    application.add_handler(CallbackQueryHandler(on_list_page, pattern=r"^lp:"))
