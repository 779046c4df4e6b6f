"""Sending safely: HTML split at line boundaries, a plain-text resend when Telegram rejects the markup."""

from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.render.textsplit import html_to_plain, split_text

log = logging.getLogger(__name__)


def _is_entities_error(exc: BadRequest) -> bool:
    text = exc.message.lower()
    return "can't parse entities" in text or "can't find end" in text or "unsupported start tag" in text


async def send_html(
    bot: Bot, chat_id: int, text: str, *, reply_markup: InlineKeyboardMarkup | None = None
) -> list[Message]:
    """Sends an HTML reply, split over several messages when it exceeds Telegram's 4096 characters.

    The keyboard goes with the last part. If Telegram cannot parse the markup, the part is resent
    as plain text rather than lost.
    """
    chunks = split_text(text)
    sent: list[Message] = []
    for position, chunk in enumerate(chunks):
        markup = reply_markup if position == len(chunks) - 1 else None
        try:
            message = await bot.send_message(chat_id, chunk, parse_mode=ParseMode.HTML, reply_markup=markup)
        except BadRequest as exc:
            if not _is_entities_error(exc):
                raise
            log.warning("markup rejected by Telegram, resending as plain text: %s", exc.message)
            message = await bot.send_message(
                chat_id, html_to_plain(chunk), parse_mode=None, reply_markup=markup
            )
        sent.append(message)
    return sent


async def edit_html(message: Message, text: str, *, reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """Replaces a bot message's text and keyboard (drill-down); long texts go as new messages."""
    chunks = split_text(text)
    if len(chunks) != 1:
        await send_html(message.get_bot(), message.chat_id, text, reply_markup=reply_markup)
        return
    try:
        await message.edit_text(chunks[0], parse_mode=ParseMode.HTML, reply_markup=reply_markup)
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return  # the same view pressed twice: nothing to change
        if not _is_entities_error(exc):
            raise
        await message.edit_text(html_to_plain(chunks[0]), parse_mode=None, reply_markup=reply_markup)
