"""Access requests: admins approve or deny with buttons and pick the user's unit; users pick theirs
(bot.services.approval decides and writes; this module reads the buttons and sends)."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.services.access import Asker
from bot.services.approval import (
    INVALID_TEXT,
    ButtonOutcome,
    choose_my_unit,
    decide_access,
    request_text,
    unit_choices,
    unit_needed_text,
)
from handlers.access import require_admin, require_user
from handlers.callback_data import BadCallbackData, Callback, decode
from handlers.keyboards import button
from handlers.offload import db_work
from handlers.sending import edit_html, send_html

log = logging.getLogger(__name__)


async def _to_admins(context: BotContext, text: str, markup: InlineKeyboardMarkup | None) -> None:
    for admin_id in context.settings.admin_ids:
        try:
            await send_html(context.bot, admin_id, text, reply_markup=markup)
        except TelegramError:
            log.exception("could not tell admin %s about an access request", admin_id)


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
    await _to_admins(context, request_text(asker.name, asker.username, asker.telegram_id), markup)


async def notify_admins_unit_needed(context: BotContext, asker: Asker) -> None:
    """Asks every admin to pick the unit of a user who may only see their own and has none."""
    text = unit_needed_text(asker.name, asker.username, asker.telegram_id)
    await _to_admins(context, text, await unit_choice(context, asker.telegram_id))


async def unit_choice(context: BotContext, telegram_id: int) -> InlineKeyboardMarkup | None:
    """Buttons to set an approved user's unit (none when no plan is loaded)."""
    choices = await db_work(context, unit_choices, context.poi)
    if choices is None:
        return None
    rows = [
        [button(unit, Callback("ok", choices.plan_id, telegram_id, extra=index))]
        for index, unit in enumerate(choices.units)
    ]
    return InlineKeyboardMarkup(rows)


async def _show(context: BotContext, update: Update, outcome: ButtonOutcome, telegram_id: int) -> None:
    """Answers the press, rewrites the pressed message and tells the users what changed for them."""
    query = update.callback_query
    if query is None:
        return
    await query.answer(outcome.answer, show_alert=outcome.show_alert)
    if outcome.html is not None and isinstance(query.message, Message):
        markup = await unit_choice(context, telegram_id) if outcome.offer_units else None
        await edit_html(query.message, outcome.html, reply_markup=markup)
    for notice in outcome.notices:
        try:
            await context.bot.send_message(notice.chat_id, notice.text, parse_mode=None)
        except TelegramError:
            log.exception("could not tell user %s about their access", notice.chat_id)


async def on_decision(update: Update, context: BotContext) -> None:
    """Approves or denies a user (admin buttons), then offers to set their unit."""
    query = update.callback_query
    admin = await require_admin(update, context)
    if query is None or admin is None:
        return
    try:
        callback = decode(query.data)
    except BadCallbackData:
        callback = None
    if callback is None or callback.target is None:
        await query.answer(INVALID_TEXT, show_alert=True)
        return
    outcome = await db_work(
        context,
        decide_access,
        context.poi,
        approve=callback.prefix == "ok",
        telegram_id=callback.target,
        plan_id=callback.plan_id,
        unit_index=callback.extra,
        by=admin.telegram_id,
    )
    await _show(context, update, outcome, callback.target)


async def on_my_unit(update: Update, context: BotContext) -> None:
    """Sets the unit the user's questions default to."""
    query = update.callback_query
    asker = await require_user(update, context)
    if query is None or asker is None:
        return
    try:
        callback = decode(query.data)
    except BadCallbackData:
        await query.answer(INVALID_TEXT, show_alert=True)
        return
    outcome = await db_work(
        context,
        choose_my_unit,
        context.poi,
        telegram_id=asker.telegram_id,
        restricted=asker.restricted,
        plan_id=callback.plan_id,
        unit_index=callback.target,
    )
    await _show(context, update, outcome, asker.telegram_id)


async def on_unknown_button(update: Update, context: BotContext) -> None:
    """Answers a button press no handler recognises, politely and without figures."""
    if update.callback_query is not None:
        await update.callback_query.answer(INVALID_TEXT, show_alert=True)
