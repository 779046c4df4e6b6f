"""Telegram's limits the replies are built within, stated once for every layer.

The render layer may not import ``telegram``, so the values live here; tests/test_limits.py checks
them against python-telegram-bot's constants.
"""

from __future__ import annotations

# telegram.constants.MessageLimit.MAX_TEXT_LENGTH: characters (UTF-16 code units) of one message.
MAX_MESSAGE_LENGTH = 4096
# telegram.constants.InlineKeyboardButtonLimit.MAX_CALLBACK_DATA: bytes of a button's callback data.
MAX_CALLBACK_DATA_BYTES = 64
