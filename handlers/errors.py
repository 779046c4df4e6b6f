"""The one error handler: log with context, tell the user in Spanish, never show internals.

A database that does not answer (the reply deadline passed, a connect, statement or pool timeout,
a dropped connection) gets its own message: the user should try again later, nothing is broken.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from telegram import InlineQueryResultsButton, Update
from telegram.error import Forbidden

from bot.context import BotContext
from bot.services.admin import forget_blocked_chat
from handlers.offload import DB_DOWN_TEXT, DatabaseUnavailable, db_work

log = logging.getLogger(__name__)

FAILURE_TEXT = "Algo falló al procesar tu mensaje. Inténtalo de nuevo en unos minutos."
DB_DOWN_BUTTON = "La base de datos no responde; inténtalo luego"
DATABASE_DOWN = (DatabaseUnavailable, OperationalError, InterfaceError, PoolTimeout)


async def on_error(update: object, context: BotContext) -> None:
    """Logs the failure with the update it came from and apologises to the user."""
    error = context.error
    chat_id = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    user_id = update.effective_user.id if isinstance(update, Update) and update.effective_user else None
    database_down = isinstance(error, DATABASE_DOWN)
    log.log(
        logging.WARNING if database_down else logging.ERROR,
        "error handling update %s (chat %s, user %s)",
        update.update_id if isinstance(update, Update) else None,
        chat_id,
        user_id,
        exc_info=error,
    )
    if isinstance(error, Forbidden) and chat_id is not None:
        try:
            await db_work(context, forget_blocked_chat, context.services.engine, chat_id)
        except DATABASE_DOWN:
            log.warning("could not mark chat %s as blocked: the database does not answer", chat_id)
        return
    if isinstance(update, Update):
        await _apologise(update, context, chat_id, DB_DOWN_TEXT if database_down else FAILURE_TEXT)


async def _apologise(update: Update, context: BotContext, chat_id: int | None, text: str) -> None:
    """Tells the user on the surface the update came from; the apology itself never raises."""
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text[:200], show_alert=True)
        elif update.inline_query is not None and text == DB_DOWN_TEXT:
            button = InlineQueryResultsButton(text=DB_DOWN_BUTTON, start_parameter="ayuda")
            await update.inline_query.answer([], cache_time=0, is_personal=True, button=button)
        elif chat_id is not None and update.effective_message is not None:
            await context.bot.send_message(chat_id, text, parse_mode=None)
    except Exception:
        log.exception("could not tell the user about an error")
