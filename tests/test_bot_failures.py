"""Telegram failing under the real bot: markup rejected, flood control, timeouts and network errors,
users who blocked the bot, and replies too long for one message."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.services.admin_views import questions_text
from handlers.errors import FAILURE_TEXT
from storage.db import session_scope
from storage.models import User
from storage.users import list_users, log_question, recent_questions
from tests.bot_fixtures import ADMIN, MANAGER, BotFactory
from tests.import_helpers import SEED, dump
from tests.telegram_fake import FailureKind
from tests.telegram_harness import BotHarness

RRHH = "GERENCIA DE RECURSOS HUMANOS"


@pytest.fixture
async def bot(make_bot: BotFactory) -> BotHarness:
    harness = await make_bot()
    harness.user = MANAGER
    await harness.send("/start")  # the manager's chat is known and they are registered
    harness.pop_message()
    return harness


def engine_of(bot: BotHarness) -> Engine:
    engine: Engine = bot.application.bot_data.services.engine
    return engine


def manager_row(bot: BotHarness) -> User:
    with Session(engine_of(bot)) as session:
        row = session.exec(select(User).where(User.telegram_id == MANAGER.id)).first()
        assert row is not None
        return row


async def test_rejected_markup_is_resent_as_plain_text(bot: BotHarness) -> None:
    bot.transport.fail_next("sendMessage", "bad_request_entities", chat_id=MANAGER.id)
    calls = await bot.send("/avance rrhh")
    sends = [call for call in calls if call.method == "sendMessage"]
    assert [call.ok for call in sends] == [False, True]
    assert sends[0].params["parse_mode"] == "HTML"
    assert "parse_mode" not in sends[1].params
    reply = bot.pop_message()
    assert reply.text.startswith(f"🟡 {RRHH}\nAvance al III trimestre (ene–sep): 84.2 % (ámbar)")
    assert reply.button_texts[:2] == ["📋 Actividades", "⚠️ Rezagadas"]  # the keyboard survives


async def test_rejected_markup_on_an_edit_is_redone_as_plain_text(bot: BotHarness) -> None:
    await bot.send("/mi_unidad")
    offer = bot.pop_message()
    bot.transport.fail_next("editMessageText", "bad_request_entities")
    await bot.press(RRHH, message=offer)
    edits = bot.calls("editMessageText")
    assert [call.ok for call in edits] == [False, True]
    assert bot.pop_message().text == f"Listo: tu unidad es {RRHH}. Las preguntas sin unidad hablarán de ella."


async def test_flood_control_waits_and_delivers(bot: BotHarness) -> None:
    bot.transport.fail_next("sendMessage", "retry_after", chat_id=MANAGER.id, retry_after=1)
    calls = await bot.send("rezagadas de RRHH al II trimestre")
    assert [call.ok for call in calls if call.method == "sendMessage"] == [False, True]
    assert bot.pop_message().text.startswith(f"🔴 3 actividades rezagadas en {RRHH} al II trimestre")


@pytest.mark.parametrize("kind", ["timed_out", "network"])
async def test_a_failed_reply_is_logged_and_the_user_told(
    bot: BotHarness, kind: FailureKind, caplog: pytest.LogCaptureFixture
) -> None:
    bot.transport.fail_next("sendMessage", kind, chat_id=MANAGER.id)
    with caplog.at_level(logging.ERROR, logger="handlers.errors"):
        await bot.send("¿cómo va finanzas?")
    assert bot.pop_message().text == FAILURE_TEXT
    assert not bot.messages
    (record,) = [r for r in caplog.records if r.name == "handlers.errors"]
    assert record.getMessage().startswith("error handling update")
    assert f"chat {MANAGER.id}, user {MANAGER.id}" in record.getMessage()
    assert record.exc_info is not None


async def test_when_the_apology_fails_too_it_is_only_logged(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    bot.transport.fail_next("sendMessage", "network", chat_id=MANAGER.id, count=2)
    with caplog.at_level(logging.ERROR, logger="handlers.errors"):
        await bot.send("¿cómo va finanzas?")
    assert not bot.messages  # nothing reached the user; nothing escaped the error handler
    messages = [r.getMessage() for r in caplog.records if r.name == "handlers.errors"]
    assert messages[-1] == "could not tell the user about an error"
    await bot.send("¿cómo va finanzas?")  # the next question works again
    assert "🟢 GERENCIA DE FINANZAS" in bot.pop_message().text


async def test_a_user_who_blocked_the_bot_is_marked_inactive(bot: BotHarness) -> None:
    assert manager_row(bot).is_active
    bot.transport.fail_next("sendMessage", "forbidden", chat_id=MANAGER.id)
    calls = await bot.send("¿cómo va finanzas?")
    assert [call.method for call in calls] == ["sendMessage"]  # no apology to someone who blocked us
    assert not manager_row(bot).is_active
    await bot.send("/start", user=ADMIN)
    bot.pop_message()
    await bot.send("/usuarios", user=ADMIN)
    assert (
        "• Mario Gerente · @mario_gerente · id 900002 · sin unidad · bloqueó el bot" in bot.pop_message().text
    )
    await bot.send("hola de nuevo")  # writing again means they unblocked us
    assert manager_row(bot).is_active


async def test_a_failed_download_leaves_the_data_and_apologises(bot: BotHarness) -> None:
    await bot.send("/start", user=ADMIN)
    bot.pop_message()
    before = dump(engine_of(bot))
    bot.transport.fail_next("getFile", "timed_out")
    await bot.upload("poi.txt", SEED.replace(b"2019", b"2020"), user=ADMIN)
    assert bot.pop_message().text == FAILURE_TEXT
    assert dump(engine_of(bot)) == before


async def test_a_long_reply_is_split_at_line_boundaries_with_nothing_lost(bot: BotHarness) -> None:
    with session_scope(engine_of(bot)) as session:
        for number in range(50):
            question = f"pregunta {number:02d}: ¿cómo va <RRHH> & finanzas? " + "detalle " * 40
            log_question(
                session=session,
                telegram_id=MANAGER.id,
                chat_id=MANAGER.id,
                surface="text",
                text=question,
                intent="unit_progress",
                unit=RRHH,
                period="al III trimestre (ene–sep)",
            )
    await bot.send("/start", user=ADMIN)
    bot.pop_message()
    calls = await bot.send("/preguntas 50", user=ADMIN)
    parts = [call.params["text"] for call in calls if call.method == "sendMessage"]
    assert len(parts) >= 3
    with Session(engine_of(bot)) as session:
        names = {user.telegram_id: user.name for user in list_users(session=session)}
        expected = questions_text(
            recent_questions(session=session, limit=50), names, bot.application.bot_data.services.settings.tz
        )
    assert "\n".join(parts) == expected  # split only where a line ends
    shown = [bot.pop_message().text for _ in parts]
    assert all(len(text) <= 4096 for text in shown)
    assert sum(text.count("¿cómo va <RRHH> & finanzas?") for text in shown) == 50
    assert all(f"pregunta {n:02d}:" in "\n".join(shown) for n in range(50))
