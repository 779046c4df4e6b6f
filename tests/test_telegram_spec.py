"""The Bot API checker on its own: HTML parse mode, parameters, types, limits, fabricated updates."""

from __future__ import annotations

import re
from typing import Any

import pytest
from telegram import Update

from tests.telegram_html import EntityParseError, parse_html
from tests.telegram_server import FakeTelegram
from tests.telegram_spec import UploadedFile, check_call, check_object
from tests.telegram_updates import FakeChat, FakeUser, UpdateFactory, text_entities

ANA = FakeUser(id=1001, first_name="Ana", last_name="Quispe", username="ana_quispe")
NO_USERNAME = FakeUser(id=1002, first_name="Luis", language_code=None)


@pytest.mark.parametrize(
    ("markup", "shown"),
    [
        ("plain text", "plain text"),
        ("<b>Meta</b> &lt;100%&gt; &amp; &quot;ok&quot;", 'Meta <100%> & "ok"'),
        (
            "<strong>a</strong><i>b</i><em>c</em><u>d</u><ins>e</ins><s>f</s><strike>g</strike><del>h</del>",
            "abcdefgh",
        ),
        ('<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>', "xy"),
        ("<a href='https://example.org/?a=1&amp;b=2'>link</a>", "link"),
        ('<pre><code class="language-python">print(1)</code></pre>', "print(1)"),
        ("<blockquote expandable>cita</blockquote>", "cita"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        ("&#233;&#x1F600; <B>may</B>", "é😀 may"),
        ("<b>bold <i>both</i></b>", "bold both"),
    ],
)
def test_well_formed_html_gives_the_text_users_see(markup: str, shown: str) -> None:
    assert parse_html(markup) == shown


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ("<b>abierto", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>a</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b><i>a</b></i>", 'expected "</i>", found "</b>"'),
        ("a</b>", "Unexpected end tag at byte offset 1"),
        ("línea<br>otra", 'Unsupported start tag "br" at byte offset 6'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("1 > 0", "Character '>' at byte offset 2 must be escaped"),
        ("Gastos & Ingresos", "Character '&' at byte offset 7 must be escaped"),
        ("&nbsp;", "Character '&' at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("<a>x</a>", 'Tag "a" must have a non-empty attribute "href"'),
        ('<b class="x>y</b>', "missing closing quote"),
        ("<b", "Can't find end of the tag at byte offset 0"),
    ],
)
def test_malformed_html_is_refused_with_telegram_wording(markup: str, message: str) -> None:
    with pytest.raises(EntityParseError, match=re.escape(message)):
        parse_html(markup)


KEYBOARD = {
    "inline_keyboard": [[{"text": "Uno", "callback_data": "u:1"}, {"text": "Web", "url": "https://x.pe"}]]
}
ARTICLE = {
    "type": "article",
    "id": "u1",
    "title": "OPP",
    "input_message_content": {"message_text": "<b>OPP</b>"},
}
PNG = UploadedFile("g.png", b"\x89PNG", "image/png")


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("sendMessage", {"chat_id": 1, "text": "hola", "parse_mode": "HTML", "reply_markup": KEYBOARD}),
        ("sendMessage", {"chat_id": "@canal", "text": "<b></b>" * 700 + "x", "parse_mode": "HTML"}),
        ("sendMessage", {"chat_id": 1, "text": "x" * 4096}),
        ("sendPhoto", {"chat_id": 1, "photo": PNG, "caption": "c" * 1024}),
        ("sendDocument", {"chat_id": 1, "document": "BQACAgEAAxkBAAI000001fake"}),
        ("editMessageText", {"chat_id": 1, "message_id": 2, "text": "ok", "reply_markup": KEYBOARD}),
        ("answerCallbackQuery", {"callback_query_id": "1", "text": "t" * 200}),
        ("answerInlineQuery", {"inline_query_id": "9", "results": [ARTICLE], "cache_time": 5}),
        ("setMyCommands", {"commands": [{"command": "mi_unidad", "description": "Tu unidad"}]}),
        ("setMyCommands", {"commands": [], "scope": {"type": "all_group_chats"}, "language_code": "es"}),
        ("setChatMenuButton", {"menu_button": {"type": "commands"}}),
        ("sendChatAction", {"chat_id": 1, "action": "upload_photo"}),
        ("getMe", {}),
    ],
)
def test_accepted_calls(method: str, params: dict[str, Any]) -> None:
    assert check_call(method, params) == []


def _button(**fields: Any) -> dict[str, Any]:
    return {"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "B", **fields}]]}}


@pytest.mark.parametrize(
    ("method", "params", "problem"),
    [
        ("sendMesage", {"chat_id": 1, "text": "x"}, "unknown Bot API method 'sendMesage'"),
        ("sendMessage", {"chat_id": 1}, "missing required parameter 'text'"),
        ("sendMessage", {"chat_id": 1, "text": "x", "colour": "red"}, "unknown parameter 'colour'"),
        ("sendMessage", {"chat_id": 1.5, "text": "x"}, "chat_id: expected Integer or String"),
        ("sendMessage", {"chat_id": 1, "text": "x", "disable_notification": "yes"}, "expected Boolean"),
        (
            "sendMessage",
            {"chat_id": 1, "text": "x" * 4097},
            "4097 characters after entity parsing, allowed 1-4096",
        ),
        ("sendMessage", {"chat_id": 1, "text": "<b> </b>", "parse_mode": "HTML"}, "0 characters"),
        ("sendMessage", {"chat_id": 1, "text": "x", "parse_mode": "html5"}, "unsupported parse_mode"),
        ("sendPhoto", {"chat_id": 1, "photo": PNG, "caption": "c" * 1025}, "caption: 1025 characters"),
        ("sendPhoto", {"chat_id": 1, "photo": 7}, "photo: expected InputFile or String"),
        ("sendMessage", _button(callback_data="x" * 65), "callback_data: 65 bytes, allowed 1-64"),
        ("sendMessage", _button(callback_data="ñ" * 33), "callback_data: 66 bytes"),
        ("sendMessage", _button(callback_data=""), "callback_data: 0 bytes"),
        ("sendMessage", _button(), "needs exactly one action field, has none"),
        ("sendMessage", _button(url="https://x.pe", callback_data="a"), "has ['callback_data', 'url']"),
        ("sendMessage", _button(callback_data="a", colour=1), "unknown field of InlineKeyboardButton"),
        (
            "answerCallbackQuery",
            {"callback_query_id": "1", "text": "t" * 201},
            "201 characters, allowed 0-200",
        ),
        ("answerInlineQuery", {"inline_query_id": "9", "results": [ARTICLE] * 51}, "51 results, at most 50"),
        ("answerInlineQuery", {"inline_query_id": "9", "results": [ARTICLE] * 2}, "duplicate result id"),
        ("answerInlineQuery", {"inline_query_id": "9", "results": [{**ARTICLE, "id": "i" * 65}]}, "65 bytes"),
        (
            "answerInlineQuery",
            {"inline_query_id": "9", "results": [{**ARTICLE, "type": "articel"}]},
            "matches no",
        ),
        ("setMyCommands", {"commands": [{"command": "Avance", "description": "d"}]}, "'Avance' must be 1-32"),
        ("setMyCommands", {"commands": [{"command": "a", "description": ""}]}, "0 characters, allowed 1-256"),
        ("setMyCommands", {"commands": [{"command": "a", "description": "d"}] * 101}, "101 commands"),
        ("sendChatAction", {"chat_id": 1, "action": "thinking"}, "'thinking' is not a chat action"),
        (
            "sendMediaGroup",
            {"chat_id": 1, "media": [{"type": "photo", "media": "attach://x"}]},
            "names no upload",
        ),
    ],
)
def test_refused_calls(method: str, params: dict[str, Any], problem: str) -> None:
    problems = check_call(method, params)
    assert any(problem in found for found in problems), problems


def test_entities_count_in_utf16_code_units() -> None:
    text = "😀 /avance@poi_test_bot OPP, @ana_quispe /ayuda"
    assert text_entities(text) == [
        {"type": "bot_command", "offset": 3, "length": 20},
        {"type": "mention", "offset": 29, "length": 11},
        {"type": "bot_command", "offset": 41, "length": 6},
    ]
    assert text_entities("correo a@b.pe y 1/2") == []


@pytest.fixture
def factory() -> UpdateFactory:
    return UpdateFactory(
        FakeTelegram(bot_id=123456, bot_username="poi_test_bot", bot_first_name="B", reads_all=True)
    )


def test_every_factory_payload_passes_the_spec_and_parses(factory: UpdateFactory) -> None:
    group = FakeChat.supergroup("Gerencia", username="gerencia_poi")
    text = factory.text_message("hola", user=ANA)
    payloads = [
        text,
        factory.text_message("/avance@poi_test_bot OPP", user=ANA, chat=group),
        factory.text_message("@poi_test_bot ¿cómo va OPP?", user=NO_USERNAME, chat=FakeChat.group("Jefes")),
        factory.text_message("respuesta", user=ANA, reply_to=text["message"]),
        factory.document_message("poi.xlsx", b"PK\x03\x04", user=ANA, caption="/cargar"),
        factory.callback_query("u:1", user=ANA, message=text["message"]),
        factory.inline_query("opp", user=ANA, chat_type="supergroup"),
    ]
    for payload in payloads:
        assert check_object("Update", payload) == []
        assert Update.de_json(payload, None).update_id == payload["update_id"]
    ids = [payload["update_id"] for payload in payloads]
    assert ids == sorted(set(ids))
    message = payloads[1]["message"]
    assert set(message) >= {"message_id", "from", "chat", "date", "text", "entities"}
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 20}]
    assert "entities" not in payloads[0]["message"]
    document = payloads[4]["message"]["document"]
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert document == document | {"file_name": "poi.xlsx", "mime_type": mime, "file_size": 4}
    assert {"file_id", "file_unique_id"} <= set(document)


def test_a_payload_that_breaks_the_spec_is_reported() -> None:
    assert check_object("User", {"id": "1", "first_name": "A", "nick": "a"}) == [
        "User: missing required field 'is_bot' of User",
        "User.id: expected Integer, got str '1'",
        "User.nick: unknown field of User",
    ]
