"""Inline keyboards of the monthly report, from the service's button specs."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.reporting_types import Reply


def markup(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's keyboard, or None when it has no buttons."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(button.text, callback_data=button.data) for button in row]
            for row in reply.buttons
        ]
    )
