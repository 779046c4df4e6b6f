"""The fake Telegram's state and answers: chats, messages, files, open queries, the command menu.

`FakeTelegram.answer` gets an already spec-checked call and returns the result object the real Bot
API would (a Message with the chat, date and reply_markup echoed, a File, True, ...) or raises
`ApiError` with the real error wording ("Bad Request: chat not found", "message is not modified").
Methods it does not model answer True when the spec says they return a Boolean and a bare Message
when they return one; anything else needs `FakeTransport.set_result` first (`NoFakeAnswer`).
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tests.telegram_limits import visible_text
from tests.telegram_spec import UploadedFile, load_spec

JSON = dict[str, Any]
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
PHOTO_WIDTHS = (90, 320, 800, 1280)


class ApiError(Exception):
    """An error answer of the Bot API: HTTP code, description and optional response parameters."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters

    def payload(self) -> bytes:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return json.dumps(body).encode("utf-8")


class NoFakeAnswer(LookupError):
    """The fake cannot make up this method's result; the test must provide one."""


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None


def _png_size(data: bytes) -> tuple[int, int]:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return 1280, 960


class FakeTelegram:
    """One bot's view of Telegram; the transport calls `answer` for every accepted request."""

    def __init__(self, *, bot_id: int, bot_username: str, bot_first_name: str, reads_all: bool) -> None:
        self.bot_user: JSON = {
            "id": bot_id, "is_bot": True, "first_name": bot_first_name, "username": bot_username,
            "can_join_groups": True, "can_read_all_group_messages": reads_all,
            "supports_inline_queries": True, "can_connect_to_business": False, "has_main_web_app": False,
        }  # fmt: skip
        self.chats: dict[int, JSON] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        self.files: dict[str, StoredFile] = {}
        self.open_queries: set[str] = set()
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.canned: dict[str, object] = {}
        self._formatting: dict[tuple[int, int], str | None] = {}
        self._last_message_id: dict[int, int] = {}
        self._file_count = 0

    @property
    def sender(self) -> JSON:
        """The bot as the `from` of its messages: the getMe-only capability fields are not there."""
        return {key: self.bot_user[key] for key in ("id", "is_bot", "first_name", "username")}

    def add_chat(self, chat: Mapping[str, Any]) -> None:
        """Makes a chat known, as a user's first message or the bot joining a group does."""
        self.chats[int(chat["id"])] = dict(chat)

    def next_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def remember(self, message: JSON) -> None:
        """Keeps a message (the user's or the bot's) so replies, edits and buttons can refer to it."""
        self.messages[(message["chat"]["id"], message["message_id"])] = copy.deepcopy(message)

    def store_file(
        self, data: bytes, *, kind: str, file_name: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        """Keeps bytes under a new file_id, as an upload to Telegram does."""
        self._file_count += 1
        n = self._file_count
        prefix = {"photo": "AgACAgEAAxkBAAI", "document": "BQACAgEAAxkBAAI"}.get(kind, "CAACAgEAAxkBAAI")
        extension = file_name.rsplit(".", 1)[-1] if file_name and "." in file_name else "jpg"
        stored = StoredFile(
            f"{prefix}{n:06d}fake",
            f"AQAD{n:06d}",
            f"{kind}s/file_{n}.{extension}",
            data,
            file_name,
            mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def download(self, file_path: str) -> bytes | None:
        return next((f.data for f in self.files.values() if f.file_path == file_path), None)

    def chat(self, chat_id: object) -> JSON:
        """The chat a chat_id names (an id or "@username"); Telegram's error if the bot does not know it."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            found = [c for c in self.chats.values() if c.get("username", "").lower() == chat_id[1:].lower()]
            if found:
                return found[0]
        elif str(chat_id).lstrip("-").isdigit() and int(str(chat_id)) in self.chats:
            return self.chats[int(str(chat_id))]
        raise ApiError(400, "Bad Request: chat not found")

    def answer(self, method: str, params: JSON) -> object:
        """The result of an accepted call, or `ApiError` as Telegram would answer."""
        if method in self.canned:
            return copy.deepcopy(self.canned[method])
        handler = self._handlers().get(method)
        if handler is not None:
            return handler(params)
        chat = self.chat(params["chat_id"]) if "chat_id" in params else None
        returns = load_spec().methods[method]["returns"]
        if "Boolean" in returns or "True" in returns:
            return True
        if returns == ["Message"] and chat is not None:
            return self._new_message(chat, params, **self._caption(params))
        raise NoFakeAnswer(f"the fake has no answer for {method} (returns {' or '.join(returns)})")

    def _handlers(self) -> dict[str, Callable[[JSON], object]]:
        return {
            "getMe": lambda _: copy.deepcopy(self.bot_user),
            "getUpdates": lambda _: [],
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "editMessageText": self._edit_text,
            "editMessageCaption": self._edit_caption,
            "editMessageReplyMarkup": self._edit_markup,
            "deleteMessage": self._delete,
            "getFile": self._get_file,
            "answerCallbackQuery": self._answer_query,
            "answerInlineQuery": self._answer_query,
            "setMyCommands": self._set_commands,
            "getMyCommands": lambda p: copy.deepcopy(self.commands.get(self._menu_key(p), [])),
            "deleteMyCommands": self._delete_commands,
        }

    def _new_message(self, chat: JSON, params: JSON, **content: Any) -> JSON:
        message: JSON = {
            "message_id": self.next_message_id(chat["id"]), "from": self.sender, "chat": chat,
            "date": int(time.time()), **content,
        }  # fmt: skip
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            replied = self.messages.get(
                (int(self.chat(reply.get("chat_id", chat["id"]))["id"]), reply["message_id"])
            )
            if replied is not None:
                message["reply_to_message"] = {k: v for k, v in replied.items() if k != "reply_to_message"}
            elif not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self.remember(message)
        self._formatting[(chat["id"], message["message_id"])] = self._signature(params)
        return copy.deepcopy(message)

    @staticmethod
    def _signature(params: JSON) -> str | None:
        """The formatting of a text or caption, so edits that change only formatting count as changes."""
        raw = params.get("text", params.get("caption"))
        return f"{params.get('parse_mode')}:{raw}" if params.get("parse_mode") else None

    def _send_message(self, params: JSON) -> JSON:
        chat = self.chat(params["chat_id"])
        return self._new_message(
            chat, params, text=visible_text(params["text"], params.get("parse_mode")).strip()
        )

    def _caption(self, params: JSON) -> JSON:
        caption = params.get("caption")
        shown = visible_text(caption, params.get("parse_mode")).strip() if isinstance(caption, str) else ""
        return {"caption": shown} if shown else {}

    def _file_param(self, value: object, *, kind: str) -> StoredFile:
        if isinstance(value, UploadedFile):
            if not value.data:
                raise ApiError(400, "Bad Request: file must be non-empty")
            return self.store_file(value.data, kind=kind, file_name=value.filename, mime_type=value.mime_type)
        if isinstance(value, str) and value in self.files:
            return self.files[value]
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    def _send_photo(self, params: JSON) -> JSON:
        chat = self.chat(params["chat_id"])
        stored = self._file_param(params["photo"], kind="photo")
        width, height = _png_size(stored.data)
        sizes = []
        for target in [w for w in PHOTO_WIDTHS if w < max(width, height)] + [max(width, height)]:
            scale = min(1.0, target / max(width, height))
            size = stored if target == max(width, height) else self.store_file(stored.data, kind="photo")
            sizes.append({
                "file_id": size.file_id, "file_unique_id": size.file_unique_id, "file_size": len(size.data),
                "width": max(1, round(width * scale)), "height": max(1, round(height * scale)),
            })  # fmt: skip
        return self._new_message(chat, params, photo=sizes, **self._caption(params))

    def _send_document(self, params: JSON) -> JSON:
        chat = self.chat(params["chat_id"])
        stored = self._file_param(params["document"], kind="document")
        document = {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_size": len(stored.data),
            **({"file_name": stored.file_name} if stored.file_name else {}),
            **({"mime_type": stored.mime_type} if stored.mime_type else {}),
        }  # fmt: skip
        return self._new_message(chat, params, document=document, **self._caption(params))

    def _editable(self, params: JSON) -> tuple[tuple[int, int], JSON] | None:
        """The bot message an edit targets; None for messages sent via inline mode."""
        if "inline_message_id" in params:
            return None
        if "chat_id" not in params or "message_id" not in params:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        key = (int(self.chat(params["chat_id"])["id"]), int(params["message_id"]))
        message = self.messages.get(key)
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return key, message

    def _apply_edit(self, key: tuple[int, int], message: JSON, params: JSON, content: JSON) -> JSON:
        markup = params.get("reply_markup")
        markup = markup if isinstance(markup, dict) and "inline_keyboard" in markup else None
        signature = self._signature(params) if content else self._formatting.get(key)
        unchanged = all(message.get(k) == v for k, v in content.items())
        if unchanged and message.get("reply_markup") == markup and self._formatting.get(key) == signature:
            raise ApiError(400, NOT_MODIFIED)
        message.update(content, edit_date=int(time.time()))
        if message.get("caption") == "":
            del message["caption"]  # Telegram drops an emptied caption
        message.pop("reply_markup", None)  # an edit without reply_markup removes the keyboard
        if markup is not None:
            message["reply_markup"] = markup
        self._formatting[key] = signature
        return copy.deepcopy(message)

    def _edit_text(self, params: JSON) -> JSON | bool:
        target = self._editable(params)
        if target is None:
            return True
        if "text" not in target[1]:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text = visible_text(params.get("text", ""), params.get("parse_mode")).strip()
        return self._apply_edit(*target, params, {"text": text})

    def _edit_caption(self, params: JSON) -> JSON | bool:
        target = self._editable(params)
        if target is None:
            return True
        if "text" in target[1]:
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        return self._apply_edit(*target, params, {"caption": self._caption(params).get("caption", "")})

    def _edit_markup(self, params: JSON) -> JSON | bool:
        target = self._editable(params)
        return True if target is None else self._apply_edit(*target, params, {})

    def _delete(self, params: JSON) -> bool:
        key = (int(self.chat(params["chat_id"])["id"]), int(params["message_id"]))
        if self.messages.pop(key, None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def _get_file(self, params: JSON) -> JSON:
        stored = self.files.get(params["file_id"])
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data), "file_path": stored.file_path,
        }  # fmt: skip

    def _answer_query(self, params: JSON) -> bool:
        query_id = params.get("callback_query_id", params.get("inline_query_id"))
        if query_id not in self.open_queries:
            raise ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        self.open_queries.discard(str(query_id))
        return True

    @staticmethod
    def _menu_key(params: JSON) -> tuple[str, str]:
        scope = params.get("scope")
        scope_key = json.dumps(scope, sort_keys=True) if isinstance(scope, dict) else '{"type": "default"}'
        return scope_key, str(params.get("language_code", ""))

    def _set_commands(self, params: JSON) -> bool:
        self.commands[self._menu_key(params)] = copy.deepcopy(params["commands"])
        return True

    def _delete_commands(self, params: JSON) -> bool:
        self.commands.pop(self._menu_key(params), None)
        return True
