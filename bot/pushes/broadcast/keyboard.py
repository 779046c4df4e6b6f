"""A broadcast's send with buttons under each message (the monthly reminder's "📝 Registrar <mes>")."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.context import BotApplication
from bot.pushes.broadcast.delivery import Send


def keyed_sender(application: BotApplication, buttons: Sequence[tuple[str, str]] = ()) -> Send:
    """HTML through the wiring's sender (markup Telegram refuses goes as plain text), with `buttons`
    (label, callback data; one row) under each part; no buttons, no keyboard."""
    send_html = application.bot_data.services.send_html  # given by the wiring (bot.app)
    markup = (
        InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data) for text, data in buttons]])
        if buttons
        else None
    )

    async def send(chat_id: int, text: str) -> None:
        await send_html(application.bot, chat_id, text, reply_markup=markup)

    return send
