"""Access requests: admins approve or deny with buttons and pick the user's unit; users pick theirs."""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.services.questions import NoPlanError
from handlers.access import Asker, require_admin, require_user
from handlers.callback_data import BadCallbackData, Callback, decode
from handlers.keyboards import button
from handlers.sending import edit_html, send_html
from storage.db import session_scope
from storage.users import APPROVED, DENIED, decide, get_user, set_unit

log = logging.getLogger(__name__)

STALE_TEXT = "Esos botones son de una versión anterior de los datos. Vuelve a preguntar, por favor."
INVALID_TEXT = "Ese botón ya no es válido."
APPROVED_USER_TEXT = "¡Listo! Ya tienes acceso a poi-bot. Pregúntame, por ejemplo, «¿cómo va finanzas?»."
DENIED_USER_TEXT = "Tu solicitud de acceso a poi-bot no fue aprobada."


def request_text(asker: Asker) -> str:
    username = f" (@{asker.username})" if asker.username else ""
    return (
        f"🔔 Solicitud de acceso de <b>{html.escape(asker.name)}</b>{html.escape(username)}, "
        f"id <code>{asker.telegram_id}</code>. ¿Aprobar?"
    )


async def notify_admins(context: BotContext, asker: Asker) -> None:
    """Sends every admin the request with approve and deny buttons."""
    markup = InlineKeyboardMarkup(
        [
            [
                button("✅ Aprobar", Callback("ok", 0, asker.telegram_id)),
                button("❌ Denegar", Callback("no", 0, asker.telegram_id)),
            ]
        ]
    )
    for admin_id in context.settings.admin_ids:
        try:
            await send_html(context.bot, admin_id, request_text(asker), reply_markup=markup)
        except TelegramError:
            log.exception("could not tell admin %s about an access request", admin_id)


async def notify_admins_unit_needed(context: BotContext, asker: Asker) -> None:
    """Asks every admin to pick the unit of a user who may only see their own and has none."""
    markup = unit_choice(context, asker.telegram_id)
    username = f" (@{asker.username})" if asker.username else ""
    text = (
        f"🔔 <b>{html.escape(asker.name)}</b>{html.escape(username)}, id <code>{asker.telegram_id}</code>, "
        "solo puede consultar su unidad y aún no tiene una. ¿Cuál es su unidad?"
    )
    for admin_id in context.settings.admin_ids:
        try:
            await send_html(context.bot, admin_id, text, reply_markup=markup)
        except TelegramError:
            log.exception("could not ask admin %s for a user's unit", admin_id)


def unit_choice(context: BotContext, telegram_id: int) -> InlineKeyboardMarkup | None:
    """Buttons to set an approved user's unit (none when no plan is loaded)."""
    try:
        snapshot = context.poi.snapshot()
    except NoPlanError:
        return None
    rows = [
        [button(unit, Callback("ok", snapshot.plan_id, telegram_id, extra=index))]
        for index, unit in enumerate(snapshot.units)
    ]
    return InlineKeyboardMarkup(rows)


async def on_decision(update: Update, context: BotContext) -> None:
    """Approves or denies a user (admin buttons), then offers to set their unit."""
    query = update.callback_query
    if query is None or await require_admin(update, context) is None or update.effective_user is None:
        return
    try:
        callback = decode(query.data)
    except BadCallbackData:
        await query.answer(INVALID_TEXT, show_alert=True)
        return
    assert callback.target is not None
    unit_name = None
    if callback.extra is not None:
        try:
            snapshot = context.poi.snapshot()
        except NoPlanError:
            snapshot = None
        if snapshot is None or snapshot.plan_id != callback.plan_id or callback.extra >= len(snapshot.units):
            await query.answer(STALE_TEXT, show_alert=True)
            return
        unit_name = snapshot.units[callback.extra]
    status = APPROVED if callback.prefix == "ok" else DENIED
    with session_scope(context.services.engine) as session:
        before = get_user(session=session, telegram_id=callback.target)
        was_unit = before.unit_name if before is not None else None  # read before the decision sets it
        user = decide(
            session=session,
            telegram_id=callback.target,
            status=status,
            by=update.effective_user.id,
            unit_name=unit_name,
        )
        chat_id, name = (user.chat_id, user.name) if user else (None, "")
    if user is None:
        await query.answer("No encontré a ese usuario.", show_alert=True)
        return
    await query.answer("Hecho.")
    message = query.message
    if status == DENIED:
        text = f"❌ Acceso denegado a {html.escape(name)}."
        markup = None
    elif unit_name is None:
        text = f"✅ Acceso aprobado a {html.escape(name)}. ¿Cuál es su unidad?"
        markup = unit_choice(context, callback.target)
    else:
        text = f"✅ {html.escape(name)}: unidad {html.escape(unit_name)}."
        markup = None
    if isinstance(message, Message):
        await edit_html(message, text, reply_markup=markup)
    if chat_id is not None and callback.extra is None:
        await _tell_user(context, chat_id, APPROVED_USER_TEXT if status == APPROVED else DENIED_USER_TEXT)
    elif chat_id is not None and unit_name and unit_name != was_unit:
        await _tell_user(context, chat_id, f"Tu unidad en poi-bot: {unit_name}.")


async def _tell_user(context: BotContext, chat_id: int, text: str) -> None:
    try:
        await context.bot.send_message(chat_id, text, parse_mode=None)
    except TelegramError:
        log.exception("could not tell user %s about their access", chat_id)


async def on_my_unit(update: Update, context: BotContext) -> None:
    """Sets the unit the user's questions default to."""
    query = update.callback_query
    asker = await require_user(update, context)
    if query is None or asker is None:
        return
    try:
        callback = decode(query.data)
        snapshot = context.poi.snapshot()
    except (BadCallbackData, NoPlanError):
        await query.answer(INVALID_TEXT, show_alert=True)
        return
    if (
        callback.plan_id != snapshot.plan_id
        or callback.target is None
        or callback.target >= len(snapshot.units)
    ):
        await query.answer(STALE_TEXT, show_alert=True)
        return
    if asker.restricted:
        await query.answer("Tu unidad la asigna un administrador.", show_alert=True)
        return
    unit = snapshot.units[callback.target]
    with session_scope(context.services.engine) as session:
        set_unit(session=session, telegram_id=asker.telegram_id, unit_name=unit)
    await query.answer("Unidad guardada.")
    if isinstance(query.message, Message):
        await edit_html(
            query.message,
            f"Listo: tu unidad es <b>{html.escape(unit)}</b>. Las preguntas sin unidad hablarán de ella.",
        )


async def on_unknown_button(update: Update, context: BotContext) -> None:
    """Answers a button press no handler recognises, politely and without figures."""
    if update.callback_query is not None:
        await update.callback_query.answer(INVALID_TEXT, show_alert=True)
