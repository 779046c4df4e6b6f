"""Fixtures for end-to-end tests of poi-bot itself: the real application on the bundled sample,
driven through the offline harness.

    async def test_progress(make_bot: BotFactory) -> None:
        bot = await make_bot()                       # open access, sample loaded
        await bot.send("¿cómo va finanzas?")
        assert "GERENCIA DE FINANZAS" in bot.pop_message().text
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.app import build_application
from bot.config import Settings
from storage.importers import import_file
from tests.conftest import SAMPLE_REPORT
from tests.telegram_fake import FakeTransport
from tests.telegram_harness import BotHarness, HarnessFactory, make_builder
from tests.telegram_updates import FakeUser

ADMIN = FakeUser(id=900001, first_name="Ana", last_name="Admin", username="ana_admin")
MANAGER = FakeUser(id=900002, first_name="Mario", last_name="Gerente", username="mario_gerente")
STRANGER = FakeUser(id=900003, first_name="Sofía", last_name="Desconocida", username="sofia_x")

BotFactory = Callable[..., Awaitable[BotHarness]]


def bot_settings(**overrides: Any) -> Settings:
    """Settings for a test: in-memory store, one admin, open access unless overridden; no .env read.

    No question limit and a generous reply deadline, so a busy test machine never turns an answer
    into "the database does not answer"; the tests of floods and stalls set their own.
    """
    values: dict[str, Any] = {
        "database_url": "sqlite://",
        "admin_ids": (ADMIN.id,),
        "access_mode": "open",
        "telegram_bot_token": None,
        "db_reply_timeout": 30.0,
        "question_rate": 0.0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def make_bot(fake_transport: FakeTransport, bot_harness: HarnessFactory) -> BotFactory:
    """A factory: `await make_bot(access_mode="approval", seed=False)` starts the real bot."""

    async def factory(*, seed: bool = True, **overrides: Any) -> BotHarness:
        application = build_application(bot_settings(**overrides), builder=make_builder(fake_transport))
        if seed:
            import_file(application.bot_data.services.engine, SAMPLE_REPORT, entity="SAT")
        return await bot_harness(application)

    return factory
