"""The one error handler: log with context, tell the user in Spanish, never show internals."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden

from bot.context import BotContext
from storage.db import session_scope
from storage.users import mark_blocked

log = logging.getLogger(__name__)

FAILURE_TEXT = "Algo falló al procesar tu mensaje. Inténtalo de nuevo en unos minutos."


async def on_error(update: object, context: BotContext) -> None:
    """Logs the failure with the update it came from and apologises to the user."""
    error = context.error
    chat_id = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    user_id = update.effective_user.id if isinstance(update, Update) and update.effective_user else None
    log.error(
        "error handling update %s (chat %s, user %s)",
        update.update_id if isinstance(update, Update) else None,
        chat_id,
        user_id,
        exc_info=error,
    )
    if isinstance(error, Forbidden) and chat_id is not None:
        with session_scope(context.services.engine) as session:
            mark_blocked(session=session, chat_id=chat_id)
        return
    if not isinstance(update, Update):
        return
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(FAILURE_TEXT, show_alert=True)
        except Exception:  # the apology must never raise in turn
            log.exception("could not answer the callback query after an error")
        return
    if chat_id is not None and update.effective_message is not None:
        try:
            await context.bot.send_message(chat_id, FAILURE_TEXT, parse_mode=None)
        except Exception:
            log.exception("could not tell the user about an error")
