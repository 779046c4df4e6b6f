"""The fixture of the web tests: `pytest_plugins = ["tests.web_fixtures"]`; helpers in tests.web_helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from storage.importers import import_file
from tests.bot_fixtures import bot_settings
from tests.conftest import SAMPLE_REPORT
from tests.telegram_fake import FakeTransport
from tests.telegram_harness import make_builder
from tests.web_helpers import SECRET, WebBot, WebFactory


@pytest.fixture
def make_web(fake_transport: FakeTransport, tmp_path: Path) -> Iterator[WebFactory]:
    """A factory: `make_web(seed=False, webhook_url=...)` builds a WebBot (not started yet).

    The store is a SQLite file: webhook updates are processed at once, each on a database thread
    with a connection of its own (an in-memory store is one connection).
    """
    built: list[WebBot] = []

    def factory(*, seed: bool = True, **overrides: Any) -> WebBot:
        database = {"database_url": f"sqlite:///{tmp_path / f'web{len(built)}.sqlite3'}"}
        settings = bot_settings(webhook_secret=SECRET, **(database | overrides))
        application = build_application(settings, builder=make_builder(fake_transport))
        if seed:
            import_file(application.bot_data.services.engine, SAMPLE_REPORT, entity="SAT")
        web = WebBot(application, fake_transport)
        built.append(web)
        return web

    yield factory
    for web in built:
        web.application.bot_data.services.engine.dispose()
