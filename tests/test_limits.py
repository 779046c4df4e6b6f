"""The domain's copy of Telegram's limits matches python-telegram-bot's constants."""

from __future__ import annotations

from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from bot.domain.limits import MAX_CALLBACK_DATA_BYTES, MAX_MESSAGE_LENGTH
from bot.domain.markup import html_escape


def test_the_message_limit_is_telegrams() -> None:
    assert MAX_MESSAGE_LENGTH == MessageLimit.MAX_TEXT_LENGTH


def test_the_callback_data_limit_is_telegrams() -> None:
    assert MAX_CALLBACK_DATA_BYTES == InlineKeyboardButtonLimit.MAX_CALLBACK_DATA


def test_html_escape_escapes_markup_but_keeps_quotes() -> None:
    assert html_escape('<b>"RR & HH"</b>') == '&lt;b&gt;"RR &amp; HH"&lt;/b&gt;'
