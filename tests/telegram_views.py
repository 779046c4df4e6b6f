"""What a user sees of the bot's output: messages, their buttons and the files it sent.

`BotMessage`, `Button` and `SentFile` are read from the calls the fake transport recorded, so a test
asserts on the shown text (tags removed, as Telegram renders it), the labels and callback data of the
buttons, and the bytes of a chart or a spreadsheet, not on PTB objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.telegram_fake import ApiCall
from tests.telegram_server import FakeTelegram
from tests.telegram_spec import UploadedFile

# The methods whose result is a message the user sees (edits show as a new state of the same message).
MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "sendPhoto",
        "sendDocument",
    }
)


@dataclass(frozen=True)
class Button:
    """One inline keyboard button."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    switch_inline_query_current_chat: str | None = None


@dataclass(frozen=True)
class SentFile:
    """A photo or document the bot sent, with the bytes it uploaded."""

    chat_id: int
    message_id: int
    filename: str | None
    mime_type: str | None
    data: bytes
    caption: str


@dataclass(frozen=True)
class BotMessage:
    """A message as the user sees it after one send or edit."""

    method: str
    chat_id: int
    message_id: int
    text: str  # the shown text or caption: tags removed, entities decoded
    html: str | None  # the text or caption as the bot sent it, markup included
    buttons: tuple[tuple[Button, ...], ...]
    payload: dict[str, Any]  # the Message object Telegram answered

    @property
    def button_texts(self) -> list[str]:
        return [button.text for row in self.buttons for button in row]

    @property
    def callback_data(self) -> list[str]:
        return [button.callback_data for row in self.buttons for button in row if button.callback_data]


def keyboard(message: dict[str, Any]) -> tuple[tuple[Button, ...], ...]:
    """The inline keyboard of a Message payload, as rows of buttons."""
    markup = message.get("reply_markup") or {}
    return tuple(
        tuple(
            Button(
                text=button["text"],
                callback_data=button.get("callback_data"),
                url=button.get("url"),
                switch_inline_query_current_chat=button.get("switch_inline_query_current_chat"),
            )
            for button in row
        )
        for row in markup.get("inline_keyboard", [])
    )


def bot_message(call: ApiCall) -> BotMessage | None:
    """The message a successful call showed, if it is one of the `MESSAGE_METHODS`."""
    if not call.ok or call.method not in MESSAGE_METHODS or not isinstance(call.result, dict):
        return None
    message = call.result
    raw = call.params.get("text", call.params.get("caption"))
    return BotMessage(
        method=call.method,
        chat_id=int(message["chat"]["id"]),
        message_id=int(message["message_id"]),
        text=str(message.get("text", message.get("caption", ""))),
        html=raw if isinstance(raw, str) else None,
        buttons=keyboard(message),
        payload=message,
    )


def sent_file(call: ApiCall, server: FakeTelegram, parameter: str) -> SentFile | None:
    """The file a successful sendPhoto or sendDocument call delivered (`parameter` names it)."""
    if not call.ok or not isinstance(call.result, dict) or parameter not in call.params:
        return None
    value = call.params[parameter]
    stored = value if isinstance(value, UploadedFile) else server.files[str(value)]
    return SentFile(
        chat_id=int(call.result["chat"]["id"]),
        message_id=int(call.result["message_id"]),
        filename=stored.filename if isinstance(stored, UploadedFile) else stored.file_name,
        mime_type=stored.mime_type,
        data=stored.data,
        caption=str(call.result.get("caption", "")),
    )
