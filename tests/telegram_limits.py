"""The Bot API's documented limits, which its type list cannot express.

Texts are measured as Telegram does, after entity parsing: for parse_mode HTML the tags are removed
and the entities decoded before counting (`visible_text`). Markup Telegram cannot parse is not a limit
but an error answer; `markup_error` finds it so the fake can answer 400 like the real server.
MarkdownV2 and Markdown texts are not parsed: their raw length is counted, an upper bound.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tests.telegram_html import EntityParseError, parse_html

PARSE_MODES = {"html", "markdownv2", "markdown"}
CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}  # fmt: skip
# Fields of InlineKeyboardButton that do not choose what the button does.
BUTTON_DECORATION = {"text", "icon_custom_emoji_id", "style"}
COMMAND = re.compile(r"[a-z0-9_]{1,32}")


@dataclass(frozen=True)
class FormattedText:
    """A text of the request that Telegram parses and measures."""

    path: str
    text: str
    parse_mode: str | None
    min_length: int
    max_length: int


def visible_text(text: str, parse_mode: str | None) -> str:
    """What the user sees; raises `EntityParseError` for malformed HTML."""
    if parse_mode is not None and parse_mode.lower() == "html":
        return parse_html(text)
    return text


def formatted_texts(method: str, params: Mapping[str, Any]) -> Iterator[FormattedText]:
    """The message texts and captions of a call, with the length range each must respect."""
    mode = params.get("parse_mode")
    if isinstance(params.get("text"), str) and method in {"sendMessage", "editMessageText"}:
        yield FormattedText("text", params["text"], mode, 1, 4096)
    if isinstance(params.get("caption"), str):
        yield FormattedText("caption", params["caption"], mode, 0, 1024)
    results = params.get("results") if method == "answerInlineQuery" else None
    for i, result in enumerate(results if isinstance(results, list) else []):
        content = result.get("input_message_content") if isinstance(result, dict) else None
        if isinstance(content, dict) and isinstance(content.get("message_text"), str):
            path = f"results[{i}].input_message_content.message_text"
            yield FormattedText(path, content["message_text"], content.get("parse_mode"), 1, 4096)
        if isinstance(result, dict) and isinstance(result.get("caption"), str):
            yield FormattedText(f"results[{i}].caption", result["caption"], result.get("parse_mode"), 0, 1024)


def markup_error(method: str, params: Mapping[str, Any]) -> str | None:
    """Telegram's error description for the first text whose markup it cannot parse, if any."""
    for item in formatted_texts(method, params):
        try:
            visible_text(item.text, item.parse_mode)
        except EntityParseError as exc:
            return f"Bad Request: can't parse entities: {exc}"
    return None


def _text_problems(method: str, params: Mapping[str, Any]) -> Iterator[str]:
    for item in formatted_texts(method, params):
        if item.parse_mode is not None and item.parse_mode.lower() not in PARSE_MODES:
            yield f"{item.path}: unsupported parse_mode {item.parse_mode!r}"
            continue
        try:
            shown = visible_text(item.text, item.parse_mode)
        except EntityParseError:
            continue  # not a limit: the fake answers the entities BadRequest
        length = len(shown.strip()) if item.min_length else len(shown)
        if not item.min_length <= length <= item.max_length:
            yield (
                f"{item.path}: {length} characters after entity parsing, "
                f"allowed {item.min_length}-{item.max_length}"
            )


def _keyboard_problems(markup: object, path: str) -> Iterator[str]:
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    for r, row in enumerate(rows if isinstance(rows, list) else []):
        for c, button in enumerate(row if isinstance(row, list) else []):
            if not isinstance(button, dict):
                continue
            where = f"{path}.inline_keyboard[{r}][{c}]"
            if not str(button.get("text", "")).strip():
                yield f"{where}: button text is empty"
            actions = sorted(set(button) - BUTTON_DECORATION)
            if len(actions) != 1:
                yield f"{where}: needs exactly one action field, has {actions or 'none'}"
            data = button.get("callback_data")
            if isinstance(data, str) and not 1 <= len(data.encode("utf-8")) <= 64:
                yield f"{where}.callback_data: {len(data.encode('utf-8'))} bytes, allowed 1-64: {data!r}"


def _inline_results_problems(results: object) -> Iterator[str]:
    items = results if isinstance(results, list) else []
    if len(items) > 50:
        yield f"results: {len(items)} results, at most 50 allowed"
    seen: set[str] = set()
    for i, result in enumerate(items):
        result_id = result.get("id") if isinstance(result, dict) else None
        if isinstance(result_id, str):
            if not 1 <= len(result_id.encode("utf-8")) <= 64:
                yield f"results[{i}].id: {len(result_id.encode('utf-8'))} bytes, allowed 1-64"
            if result_id in seen:
                yield f"results[{i}].id: duplicate result id {result_id!r}"
            seen.add(result_id)
        if isinstance(result, dict):
            yield from _keyboard_problems(result.get("reply_markup"), f"results[{i}].reply_markup")


def _commands_problems(commands: object) -> Iterator[str]:
    items = commands if isinstance(commands, list) else []
    if len(items) > 100:
        yield f"commands: {len(items)} commands, at most 100 allowed"
    for i, command in enumerate(items):
        if not isinstance(command, dict):
            continue
        name, description = command.get("command"), command.get("description")
        if isinstance(name, str) and not COMMAND.fullmatch(name):
            yield f"commands[{i}].command: {name!r} must be 1-32 characters of a-z, 0-9 and _"
        if isinstance(description, str) and not 1 <= len(description) <= 256:
            yield f"commands[{i}].description: {len(description)} characters, allowed 1-256"


def limit_problems(method: str, params: Mapping[str, Any]) -> list[str]:
    """The documented limits this call breaks (types are assumed already checked)."""
    problems = list(_text_problems(method, params))
    problems.extend(_keyboard_problems(params.get("reply_markup"), "reply_markup"))
    if method == "answerInlineQuery":
        problems.extend(_inline_results_problems(params.get("results")))
    if method == "answerCallbackQuery" and len(str(params.get("text", ""))) > 200:
        problems.append(f"text: {len(str(params['text']))} characters, allowed 0-200")
    if method == "setMyCommands":
        problems.extend(_commands_problems(params.get("commands")))
    if method == "sendChatAction" and params.get("action") not in CHAT_ACTIONS:
        problems.append(f"action: {params.get('action')!r} is not a chat action")
    return problems
