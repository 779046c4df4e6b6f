"""Telegram's limits: ~30 messages a second overall, evenly spaced, 1 a second per chat, RetryAfter pauses."""

from __future__ import annotations

import itertools

from sqlalchemy import Engine

from bot.services.rate_limit import TelegramRateLimiter
from tests.delivery_fakes import (
    EPS,
    FakeTransport,
    RecordingLimiter,
    VirtualClock,
    WallClock,
    add_subscribers,
    broadcaster,
)


async def test_the_limits_hold_under_load(sqlite_engine: Engine) -> None:
    add_subscribers(sqlite_engine, 120)
    clock, wall = VirtualClock(), WallClock()
    transport = FakeTransport(clock=clock)
    sender = broadcaster(sqlite_engine, transport, clock, wall)
    text = "\n".join(["A" * 3000, "B" * 3000])  # two messages per chat
    await sender.broadcast("quarter_alert", "2019-Q3", text)
    assert isinstance(sender.limiter, RecordingLimiter)
    grants = sender.limiter.grants
    assert len(grants) == len(transport.delivered) == 240
    times = sorted(at for _, at in grants)
    assert all(times[i + 30] - times[i] >= 1 - EPS for i in range(len(times) - 30))  # <= 30 a second
    by_chat: dict[int, list[float]] = {}
    for chat, at in grants:
        by_chat.setdefault(chat, []).append(at)
    assert all(b - a >= 1 - EPS for a, b in by_chat.values())  # 1 per second per chat
    assert times[-1] >= 240 / 30 - 1


async def test_the_limiter_pauses_everyone_after_retry_after() -> None:
    clock = VirtualClock()
    limiter = TelegramRateLimiter(overall=30, clock=clock, sleep=clock.sleep)
    assert await limiter.acquire(1) == 0.0
    limiter.pause(5)
    assert await limiter.acquire(2) >= 5.0
    assert await limiter.acquire(2) >= 6.0  # and the same chat waits its second
    first = await limiter.pace(3)
    assert first == clock.now  # a request already admitted is not held back by the pause
    assert await limiter.pace(3) >= first + 1 - EPS  # ...but the same chat still waits its second
    assert limiter.waited > 0


async def test_sends_are_spaced_evenly_not_in_bursts() -> None:
    clock = VirtualClock()
    limiter = TelegramRateLimiter(overall=30, clock=clock, sleep=clock.sleep)
    instants = [await limiter.pace(chat) for chat in range(61)]
    assert all(b - a >= 1 / 30 - EPS for a, b in itertools.pairwise(instants))
    assert instants[-1] >= 2 - EPS
