"""The per-user question limit, checked before any other handler (bot.services.question_limit).

Texts, commands, inline queries and button presses take a token; a dropped update stops here, so a
flood costs one dictionary look-up per message and never reaches the database. The first drop of a
flood is answered with a polite notice on its own surface; the rest get nothing.
Documents (an admin's upload) and anything without a sender are not limited.
"""

from __future__ import annotations

from telegram import InlineQueryResultsButton, Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.context import BotApplication, BotContext
from bot.services.question_limit import FLOOD_ALERT, FLOOD_BUTTON, FLOOD_TEXT, QuestionLimiter, Verdict

GROUP = -100  # before every other group, the reporting form's (-1) included


def _limited(update: Update) -> bool:
    """Whether the update is a question: a text or command, an inline query or a button press."""
    if update.inline_query is not None or update.callback_query is not None:
        return True
    message = update.message
    return message is not None and message.text is not None


async def _notify(update: Update) -> None:
    """The one notice of a flood, on the surface the update came from."""
    if update.callback_query is not None:
        await update.callback_query.answer(FLOOD_ALERT, show_alert=True)
    elif update.inline_query is not None:
        button = InlineQueryResultsButton(text=FLOOD_BUTTON, start_parameter="ayuda")
        await update.inline_query.answer([], cache_time=0, is_personal=True, button=button)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(FLOOD_TEXT, parse_mode=None)


def register(application: BotApplication, limiter: QuestionLimiter) -> None:
    """Puts the limit in front of every handler (nothing is registered when it is off)."""
    if not limiter.enabled:
        return

    async def check(update: Update, context: BotContext) -> None:
        user = update.effective_user
        if user is None or not _limited(update):
            return
        verdict = limiter.check(user.id)
        if verdict is Verdict.ANSWER:
            return
        if verdict is Verdict.NOTIFY:
            await _notify(update)
        raise ApplicationHandlerStop

    application.add_handler(TypeHandler(Update, check), group=GROUP)
