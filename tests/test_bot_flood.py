"""Floods and slow work through the real application, fed as long polling feeds it (the update
queue and the update processor): one user's flood, a stalled database or a long upload delays only
that user's chat, updates of one chat keep their order, and the user always hears something."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from bot.services.question_limit import FLOOD_ALERT, FLOOD_BUTTON, FLOOD_TEXT
from bot.services.uploads import UploadResult, import_upload
from handlers import access, reporting, uploads
from handlers.offload import DB_DOWN_TEXT
from storage.db import session_scope
from storage.users import get_user, recent_questions
from tests.bot_fixtures import ADMIN, MANAGER, STRANGER, BotFactory
from tests.bot_people import FINANZAS, RRHH
from tests.conftest import SAMPLE_REPORT
from tests.flood_helpers import calls, drain, feed, texts_to, until
from tests.telegram_harness import BotHarness

QUESTION = "¿cómo va finanzas?"


@pytest.fixture
def make_bot(make_bot: BotFactory, tmp_path: Path) -> BotFactory:
    """The bot on a SQLite file: updates processed at once need connections of their own (an
    in-memory store is one connection)."""

    async def factory(**overrides: Any) -> BotHarness:
        return await make_bot(database_url=f"sqlite:///{tmp_path / 'poi.sqlite3'}", **overrides)

    return factory


def _answers(texts: list[str]) -> list[str]:
    return [text for text in texts if text != FLOOD_TEXT]


async def test_a_flood_gets_one_notice_while_another_user_is_answered(make_bot: BotFactory) -> None:
    bot = await make_bot(question_rate=1.0, question_burst=5)
    start = time.perf_counter()
    for _ in range(60):
        await feed(bot, bot.updates.text_message(QUESTION, user=MANAGER))
    await feed(bot, bot.updates.text_message("¿cómo va rrhh?", user=STRANGER))
    await until(lambda: bool(texts_to(bot, STRANGER.id)))
    await drain(bot)
    elapsed = time.perf_counter() - start
    assert RRHH in texts_to(bot, STRANGER.id)[0]
    flooded = texts_to(bot, MANAGER.id)
    assert flooded.count(FLOOD_TEXT) == 1
    answered = _answers(flooded)
    assert 5 <= len(answered) <= 5 + int(elapsed) + 1  # the burst, then one a second
    assert all(FINANZAS in text for text in answered)
    with session_scope(bot.application.bot_data.services.engine) as session:
        logged = [
            entry for entry in recent_questions(session=session, limit=100) if entry.telegram_id == MANAGER.id
        ]
    assert len(logged) == len(answered)  # the question log still records every answered question


async def test_button_and_inline_floods_get_one_notice_each(make_bot: BotFactory) -> None:
    bot = await make_bot(question_rate=0.5, question_burst=3)
    await bot.send(QUESTION, user=MANAGER)  # takes a token: two left
    message = next(iter(bot.transport.server.messages.values()))
    for payload in reversed(list(bot.transport.server.messages.values())):
        if payload["chat"]["id"] == MANAGER.id and "reply_markup" in payload:
            message = payload
            break
    data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    for _ in range(10):
        await feed(bot, bot.updates.callback_query(data, user=MANAGER, message=message))
    await drain(bot)
    alerts = [params for params in calls(bot, "answerCallbackQuery") if params.get("text") == FLOOD_ALERT]
    assert len(alerts) == 1
    for _ in range(10):
        await feed(bot, bot.updates.inline_query("finanzas", user=ADMIN))
    await drain(bot)
    inline = calls(bot, "answerInlineQuery")
    told = [params for params in inline if FLOOD_BUTTON in str(params.get("button"))]
    assert len(told) == 1
    assert len(inline) == 3 + 1  # the burst answered, one notice, the rest dropped silently


async def test_the_updates_of_one_chat_are_answered_in_order(make_bot: BotFactory) -> None:
    bot = await make_bot()
    asked = ["/avance finanzas", "/avance rrhh", "/resumen", "/avance finanzas", "/avance rrhh"] * 4
    for text in asked:
        await feed(bot, bot.updates.text_message(text, user=MANAGER))
    await drain(bot)
    replies = texts_to(bot, MANAGER.id)
    assert len(replies) == len(asked)
    for text, reply in zip(asked, replies, strict=True):
        expected = {"/avance finanzas": FINANZAS, "/avance rrhh": RRHH, "/resumen": "avance institucional"}[
            text
        ]
        assert expected in reply.split("\n")[0], (text, reply[:80])


def _stalling(release: threading.Event, stalled_user: int) -> Any:
    """access.get_user that hangs for one user until `release` is set, like a stalled database."""
    real = get_user

    def stalled(*, session: Any, telegram_id: int) -> Any:
        if telegram_id == stalled_user and not release.is_set():
            release.wait(10)
        return real(session=session, telegram_id=telegram_id)

    return stalled


async def test_a_stalled_database_is_told_within_the_deadline_and_recovers(
    make_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await make_bot(db_reply_timeout=0.5)
    await bot.send(QUESTION, user=STRANGER)  # the plan is loaded
    release = threading.Event()
    monkeypatch.setattr(access, "get_user", _stalling(release, MANAGER.id))
    start = time.perf_counter()
    await feed(bot, bot.updates.text_message(QUESTION, user=MANAGER))
    await feed(bot, bot.updates.text_message("¿cómo va rrhh?", user=STRANGER))
    await until(lambda: len(texts_to(bot, STRANGER.id)) == 2)
    assert DB_DOWN_TEXT not in texts_to(bot, MANAGER.id)  # the other chat did not wait for the stalled one
    await until(lambda: DB_DOWN_TEXT in texts_to(bot, MANAGER.id))
    assert 0.4 < time.perf_counter() - start < 5  # told at the deadline, long before the 10 s stall ends
    release.set()  # the database answers again
    await bot.send(QUESTION, user=MANAGER)
    assert FINANZAS in bot.last_text()


async def test_database_errors_get_the_database_reply_on_every_surface(
    make_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await make_bot()
    await bot.send(QUESTION, user=MANAGER)
    message = bot.last_message()

    def broken(**_: Any) -> Any:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(access, "get_user", broken)
    await bot.send(QUESTION, user=MANAGER)
    assert bot.last_text() == DB_DOWN_TEXT
    await bot.press(bot.buttons(message)[0][0].text, message=message, user=MANAGER)
    assert bot.callback_answers()[-1]["text"] == DB_DOWN_TEXT
    await bot.inline("finanzas", user=MANAGER)
    assert "base de datos no responde" in str(calls(bot, "answerInlineQuery")[-1]["button"])


async def test_a_long_upload_does_not_delay_other_chats(
    make_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot: BotHarness = await make_bot(seed=False)

    def slow_import(*args: Any, **kwargs: Any) -> UploadResult:
        time.sleep(2.0)  # a large legitimate file
        return import_upload(*args, **kwargs)

    monkeypatch.setattr(uploads, "import_upload", slow_import)
    data = SAMPLE_REPORT.read_bytes()
    await feed(bot, bot.updates.document_message(SAMPLE_REPORT.name, data, user=ADMIN))
    await feed(bot, bot.updates.text_message("/ayuda", user=STRANGER))
    await until(lambda: bool(texts_to(bot, STRANGER.id)))
    assert not any("Datos cargados" in text for text in texts_to(bot, ADMIN.id))  # still importing
    await until(lambda: any("Datos cargados" in text for text in texts_to(bot, ADMIN.id)), within=20)
    await drain(bot)


async def test_a_reporting_button_is_told_when_the_database_does_not_answer(
    make_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await make_bot(db_reply_timeout=0.3)
    await bot.send(QUESTION, user=MANAGER)
    real = reporting._press

    def stalled(*args: Any) -> Any:
        time.sleep(1.5)  # a database holding the form's rows
        return real(*args)

    monkeypatch.setattr(reporting, "_press", stalled)
    await bot.forge_callback("rp:1:v", user=MANAGER)
    assert bot.callback_answers()[-1]["text"] == DB_DOWN_TEXT
    await drain(bot)
