"""Test doubles for the push machinery: virtual time, a fake Telegram transport, a shared database."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.pushes.broadcast.delivery import Broadcaster
from bot.services.rate_limit import TelegramRateLimiter
from storage.db import create_tables, drop_tables, make_engine
from storage.models import Subscription, User

EPS = 1e-9  # float rounding of virtual instants


class VirtualClock:
    """Monotonic virtual time: `sleep` moves the clock instead of waiting.

    Concurrent sleepers each move the clock to at least their own wake-up instant, so the clock
    only goes forward and nobody wakes earlier than asked.
    """

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        wake = self.now + max(seconds, 0.0)
        await asyncio.sleep(0)
        self.now = max(self.now, wake)


@dataclass
class WallClock:
    """The injected `now` of the store: an aware UTC instant the test moves by hand."""

    at: datetime = field(default_factory=lambda: datetime(2019, 9, 20, 14, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at += delta


@dataclass
class FakeTransport:
    """Stands for `bot.send_message`: records what Telegram accepted, raises what a test scripts.

    `failures[chat_id]` is a list of exceptions raised by that chat's next sends, in order;
    `before_send(n)` runs before the n-th call (1-based) and `after_send(n)` once it was delivered;
    either may raise or cancel something.
    """

    clock: VirtualClock | None = None
    failures: dict[int, list[BaseException]] = field(default_factory=dict)
    before_send: Callable[[int], None] | None = None
    after_send: Callable[[int], None] | None = None
    delivered: list[tuple[int, str]] = field(default_factory=list)
    sent_at: list[tuple[int, float]] = field(default_factory=list)
    calls: int = 0

    async def __call__(self, chat_id: int, text: str) -> None:
        self.calls += 1
        if self.before_send is not None:
            self.before_send(self.calls)
        await asyncio.sleep(0)
        scripted = self.failures.get(chat_id)
        if scripted:
            raise scripted.pop(0)
        self.delivered.append((chat_id, text))
        self.sent_at.append((chat_id, self.clock() if self.clock else 0.0))
        if self.after_send is not None:
            self.after_send(self.calls)

    def per_chat(self) -> Counter[int]:
        return Counter(chat for chat, _ in self.delivered)


def add_subscribers(engine: Engine, count: int, first_chat: int = 1000, scope: str = "*") -> list[int]:
    """Creates `count` approved users, each subscribed from its own chat; returns the chat ids."""
    chats = list(range(first_chat, first_chat + count))
    with Session(engine) as session:
        session.add_all(
            User(telegram_id=chat, chat_id=chat, status="approved", name=f"gerente {chat}") for chat in chats
        )
        session.add_all(Subscription(chat_id=chat, telegram_id=chat, scope=scope) for chat in chats)
        session.commit()
    return chats


@contextmanager
def shared_database(backend: str, tmp_path: Path) -> Iterator[Callable[[], Engine]]:
    """A database two engines (two "processes") can share: a SQLite file, or TEST_DATABASE_URL.

    Yields a factory of independent engines on it; every engine made is disposed at the end.
    """
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    else:
        found = os.environ.get("TEST_DATABASE_URL")
        if not found:
            pytest.skip("TEST_DATABASE_URL not set: PostgreSQL storage tests skipped")
        url = found
    engines: list[Engine] = []

    def factory() -> Engine:
        engines.append(make_engine(url))
        return engines[-1]

    first = factory()
    drop_tables(first)
    create_tables(first)
    try:
        yield factory
    finally:
        if backend != "sqlite":
            drop_tables(first)
        for engine in engines:
            engine.dispose()


class RecordingLimiter(TelegramRateLimiter):
    """The real limiter, remembering the instant each request was let go: (chat, instant)."""

    def __init__(self, clock: VirtualClock) -> None:
        super().__init__(clock=clock, sleep=clock.sleep)
        self.grants: list[tuple[int, float]] = []

    async def pace(self, chat_id: int) -> float:
        granted = await super().pace(chat_id)
        self.grants.append((chat_id, granted))
        return granted


def broadcaster(
    engine: Engine, transport: FakeTransport, clock: VirtualClock, wall: WallClock
) -> Broadcaster:
    return Broadcaster(engine, transport, limiter=RecordingLimiter(clock), sleep=clock.sleep, now=wall)
