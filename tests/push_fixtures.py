"""The `push_bot` fixture: the real application with an injected clock and virtual-time sends, on
a store file several applications can share. Register it with
`pytest_plugins = ["tests.push_fixtures"]`; the helpers are in tests.push_helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.context import Services
from storage.importers import import_file
from tests.bot_fixtures import bot_settings
from tests.conftest import SAMPLE_REPORT
from tests.delivery_fakes import RecordingLimiter, VirtualClock
from tests.push_helpers import Clock, PushBot, PushBotFactory
from tests.telegram_fake import FakeTransport
from tests.telegram_harness import make_builder


@pytest.fixture
async def push_bot(fake_transport: FakeTransport, tmp_path: Path) -> AsyncIterator[PushBotFactory]:
    """A factory of applications on the shared fake Telegram: `await push_bot(at=..., url=...)`.

    The store is a SQLite file in tmp_path unless `url` names another; the sample is imported
    unless `seed=False` (import it once when several applications share a store). Every
    application started is stopped at teardown.
    """
    started: list[PushBot] = []

    async def factory(
        *, at: datetime, url: str | None = None, seed: bool = True, **overrides: Any
    ) -> PushBot:
        database_url = url or f"sqlite:///{tmp_path / 'pushes.sqlite3'}"
        application = build_application(
            bot_settings(database_url=database_url, **overrides), builder=make_builder(fake_transport)
        )
        services: Services = application.bot_data.services
        clock, virtual = Clock(at), VirtualClock()
        services.clock = clock
        services.limiter = RecordingLimiter(virtual)
        services.sleep = virtual.sleep
        if seed:
            import_file(services.engine, SAMPLE_REPORT, entity="SAT")
        harness = PushBot(application, clock, virtual)
        await harness.start()
        started.append(harness)
        return harness

    yield factory
    for harness in reversed(started):
        await harness.stop()
