"""Pytest fixtures of the offline Telegram harness.

Register them once for the whole suite with `pytest_plugins = ["tests.telegram_fixtures"]` in
tests/conftest.py (or in a test module that does not import this module itself). Then:

    async def test_progress(fake_transport, bot_harness, settings):
        bot = await bot_harness(build_application(settings, builder=make_builder(fake_transport)))
        await bot.send("/avance OPP")
        assert "OPP" in bot.last_text()
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.telegram_fake import FakeTransport
from tests.telegram_harness import AnyApplication, BotHarness, HarnessFactory


@pytest.fixture
def fake_transport(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeTransport]:
    """A fresh fake Bot API; at teardown, any spec violation nobody took fails the test.

    PTB_TIMEDELTA=true opts in to PTB 22's timedelta periods: otherwise constructing RetryAfter emits a
    PTBDeprecationWarning, which this suite turns into an error.
    """
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    transport = FakeTransport()
    yield transport
    if transport.violations:
        pytest.fail("Bot API spec violations:\n" + "\n".join(transport.take_violations()))


@pytest.fixture
async def bot_harness(fake_transport: FakeTransport) -> AsyncIterator[HarnessFactory]:
    """A factory: `await bot_harness(application)` starts a BotHarness on the application's own fake
    transport (usually `fake_transport`); all are stopped at teardown, and violations fail the test."""
    started: list[BotHarness] = []

    async def factory(application: AnyApplication) -> BotHarness:
        harness = BotHarness(application)
        await harness.start()
        started.append(harness)
        return harness

    yield factory
    for harness in reversed(started):
        await harness.stop()
    left = [v for h in started if h.transport is not fake_transport for v in h.transport.take_violations()]
    if left:
        pytest.fail("Bot API spec violations:\n" + "\n".join(left))
