"""Telegram's sending limits as a clock-based limiter: ~30 messages a second overall, 1 a second per chat.

Two stages. `acquire` admits a message before the broadcaster claims it in the store (and holds
everyone back during a RetryAfter pause); `pace` runs right before each request leaves, with no
store work in between, and spaces the actual sends. Admission keeps the pace stage's waits to a
few milliseconds, so a message marked `sending` in the store is sent at once.

The clock and the sleep are injected, so tests run the limiter on virtual time and check the
instants it granted instead of waiting for them.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class RateLimiter(Protocol):
    """What the broadcaster needs from a limiter."""

    async def acquire(self, chat_id: int) -> float:
        """Waits until one more message to `chat_id` may be prepared; returns the instant."""
        ...

    async def pace(self, chat_id: int) -> float:
        """Waits until the request to `chat_id` may leave now; returns the instant."""
        ...

    def pause(self, seconds: float) -> None:
        """Holds every admission back for `seconds` (Telegram answered RetryAfter: flood control)."""
        ...


class _Spacing:
    """Grant instants at most `overall` in any `period`, evenly spaced, and `per_chat` apart per chat."""

    def __init__(self, overall: int, period: float, per_chat: float) -> None:
        self.interval = period / overall
        self.period = period
        self.per_chat = per_chat
        self.recent: deque[float] = deque(maxlen=overall)
        self.last_by_chat: dict[int, float] = {}

    def wait_needed(self, chat_id: int, now: float) -> float:
        wait = float("-inf")
        if self.recent:
            wait = self.recent[-1] + self.interval - now
        if len(self.recent) == self.recent.maxlen:
            wait = max(wait, self.recent[0] + self.period - now)
        last = self.last_by_chat.get(chat_id)
        if last is not None:
            wait = max(wait, last + self.per_chat - now)
        return wait

    def grant(self, chat_id: int, now: float) -> None:
        self.recent.append(now)
        self.last_by_chat[chat_id] = now
        if len(self.last_by_chat) > 4 * (self.recent.maxlen or 1):  # forget chats no longer limited
            horizon = now - self.per_chat
            self.last_by_chat = {c: t for c, t in self.last_by_chat.items() if t > horizon}


class TelegramRateLimiter:
    """At most `overall` messages in any `period` seconds, evenly spaced, and one per chat every
    `per_chat` seconds, on admission and again on the instants the requests actually leave."""

    def __init__(
        self,
        overall: int = 30,
        period: float = 1.0,
        per_chat: float = 1.0,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if overall < 1 or period <= 0 or per_chat < 0:
            raise ValueError("overall must be >= 1, period > 0 and per_chat >= 0")
        self.overall = overall
        self.period = period
        self.per_chat = per_chat
        self._clock = clock
        self._sleep = sleep
        self._admitted = _Spacing(overall, period, per_chat)
        self._sent = _Spacing(overall, period, per_chat)
        self._paused_until = float("-inf")
        self.waited = 0.0  # total time callers spent waiting, for the figures

    async def acquire(self, chat_id: int) -> float:
        return await self._wait(self._admitted, chat_id, honour_pause=True)

    async def pace(self, chat_id: int) -> float:
        return await self._wait(self._sent, chat_id, honour_pause=False)

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def _wait(self, spacing: _Spacing, chat_id: int, *, honour_pause: bool) -> float:
        while True:
            now = self._clock()
            wait = spacing.wait_needed(chat_id, now)
            if honour_pause:
                wait = max(wait, self._paused_until - now)
            if wait <= 0:
                spacing.grant(chat_id, now)
                return now
            self.waited += wait
            await self._sleep(wait)
