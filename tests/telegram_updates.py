"""Fabricated Telegram updates carrying the fields real Telegram sends, checked against the spec.

Users and chats are small frozen dataclasses (`FakeUser`, `FakeChat`); `UpdateFactory` turns them into
Update payloads (plain JSON dicts, as they arrive from getUpdates): text messages with the
bot_command and mention entities Telegram computes (offsets and lengths in UTF-16 code units),
document messages whose file the fake serves, callback queries on a stored bot message and inline
queries. Every payload is checked against the spec's Update type before it is handed out, and the
chats and messages it creates become known to the fake, so the bot can reply, edit and download.
"""

from __future__ import annotations

import copy
import mimetypes
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tests.telegram_server import FakeTelegram
from tests.telegram_spec import check_object

JSON = dict[str, Any]
ChatType = Literal["private", "group", "supergroup", "channel"]
_ENTITY_PATTERNS = (
    ("bot_command", re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])")),
    ("mention", re.compile(r"(?<![\w/@])@[A-Za-z0-9_]{5,32}(?![\w@])")),
)


def utf16_length(text: str) -> int:
    """Telegram measures entity offsets and lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def text_entities(text: str) -> list[JSON]:
    """The bot_command and mention entities Telegram attaches to a typed text."""
    found = sorted(
        (match.start(), kind, match.group())
        for kind, pattern in _ENTITY_PATTERNS
        for match in pattern.finditer(text)
    )
    return [
        {"type": kind, "offset": utf16_length(text[:start]), "length": utf16_length(word)}
        for start, kind, word in found
    ]


@dataclass(frozen=True)
class FakeUser:
    """A Telegram user, as it appears in `from` fields."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "es"
    is_bot: bool = False

    def to_dict(self) -> JSON:
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        optional = {
            "last_name": self.last_name,
            "username": self.username,
            "language_code": self.language_code,
        }
        return data | {key: value for key, value in optional.items() if value is not None}

    @property
    def private_chat(self) -> FakeChat:
        return FakeChat.private(self)


@dataclass(frozen=True)
class FakeChat:
    """A chat: the private chat with a user, a group, a supergroup or a channel."""

    id: int
    type: ChatType
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    @classmethod
    def private(cls, user: FakeUser) -> FakeChat:
        return cls(
            user.id, "private", username=user.username, first_name=user.first_name, last_name=user.last_name
        )

    @classmethod
    def group(cls, title: str, *, id: int = -4_000_000_001) -> FakeChat:
        return cls(id, "group", title=title)

    @classmethod
    def supergroup(cls, title: str, *, id: int = -1_001_000_000_001, username: str | None = None) -> FakeChat:
        return cls(id, "supergroup", title=title, username=username)

    def to_dict(self) -> JSON:
        optional = {
            "title": self.title, "username": self.username,
            "first_name": self.first_name, "last_name": self.last_name,
        }  # fmt: skip
        return {"id": self.id, "type": self.type} | {k: v for k, v in optional.items() if v is not None}


def chat_instance(chat_id: int) -> str:
    """A stable stand-in for the chat_instance Telegram gives the callback queries of a chat."""
    return str((chat_id * 0x9E3779B97F4A7C15) % (1 << 64) - (1 << 63))


class UpdateFactory:
    """Builds spec-checked Update payloads and tells the fake about the chats and messages in them."""

    def __init__(self, server: FakeTelegram) -> None:
        self.server = server
        self._update_id = 700_000_000
        self._query_count = 0

    def _update(self, **payload: JSON) -> JSON:
        self._update_id += 1
        update: JSON = {"update_id": self._update_id, **payload}
        problems = check_object("Update", update)
        if problems:
            raise AssertionError("fabricated update breaks the Bot API spec: " + "; ".join(problems))
        return update

    def _message(self, user: FakeUser, chat: FakeChat | None, content: JSON) -> JSON:
        chat = chat or user.private_chat
        self.server.add_chat(chat.to_dict())
        message: JSON = {
            "message_id": self.server.next_message_id(chat.id), "from": user.to_dict(),
            "chat": chat.to_dict(), "date": int(time.time()), **content,
        }  # fmt: skip
        self.server.remember(message)
        return message

    def _query_id(self, user: FakeUser) -> str:
        self._query_count += 1
        query_id = f"{user.id}{self._query_count:09d}"
        self.server.open_queries.add(query_id)
        return query_id

    def text_message(
        self,
        text: str,
        *,
        user: FakeUser,
        chat: FakeChat | None = None,
        reply_to: Mapping[str, Any] | None = None,
        entities: list[JSON] | None = None,
    ) -> JSON:
        """A typed text; entities default to the commands and mentions in it."""
        content: JSON = {"text": text}
        found = text_entities(text) if entities is None else entities
        if found:
            content["entities"] = found
        if reply_to is not None:
            content["reply_to_message"] = {k: v for k, v in reply_to.items() if k != "reply_to_message"}
        return self._update(message=self._message(user, chat, content))

    def document_message(
        self,
        filename: str,
        data: bytes,
        *,
        user: FakeUser,
        chat: FakeChat | None = None,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> JSON:
        """A file sent as a document; getFile and the download of its file_path serve `data`."""
        mime_type = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        stored = self.server.store_file(data, kind="document", file_name=filename, mime_type=mime_type)
        document = {
            "file_name": filename, "mime_type": mime_type, "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id, "file_size": len(data),
        }  # fmt: skip
        content: JSON = {"document": document}
        if caption:
            content["caption"] = caption
            found = text_entities(caption)
            if found:
                content["caption_entities"] = found
        return self._update(message=self._message(user, chat, content))

    def callback_query(self, data: str, *, user: FakeUser, message: Mapping[str, Any]) -> JSON:
        """A press on a button of `message` (a message payload as the bot last left it)."""
        query = {
            "id": self._query_id(user), "from": user.to_dict(), "message": copy.deepcopy(dict(message)),
            "chat_instance": chat_instance(int(message["chat"]["id"])), "data": data,
        }  # fmt: skip
        return self._update(callback_query=query)

    def inline_query(
        self, query: str, *, user: FakeUser, chat_type: str | None = "sender", offset: str = ""
    ) -> JSON:
        """`@bot <query>` typed in a chat of `chat_type` ("sender" is the private chat with the bot)."""
        payload: JSON = {"id": self._query_id(user), "from": user.to_dict(), "query": query, "offset": offset}
        if chat_type is not None:
            payload["chat_type"] = chat_type
        return self._update(inline_query=payload)
