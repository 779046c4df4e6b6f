"""How fast one person may ask: a token bucket per user, with one notice per flood.

Each user holds up to ``burst`` tokens, refilled at ``rate`` a second; every question (a text, a
command, an inline query, a button press) takes one. A question without a token is dropped: the
first drop of a flood gets a polite notice, the next ones nothing, until the user has been quiet
long enough for the bucket to fill up again. One user sending 200 messages a second is then
answered about ``rate`` times a second and everyone else as usual.

(bot.services.rate_limit is the other direction: how fast the bot itself sends broadcasts.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

FLOOD_TEXT = (
    "Estás enviando muchas consultas seguidas. Espera unos segundos: respondo las siguientes "
    "en cuanto bajes el ritmo."
)
FLOOD_ALERT = "Demasiadas consultas seguidas: espera unos segundos."  # callback alerts: ≤ 200
FLOOD_BUTTON = "Demasiadas consultas: espera unos segundos"  # inline buttons: ≤ 64
# Buckets of people who stopped asking are forgotten once this many users are remembered.
MAX_REMEMBERED = 10_000


class Verdict(Enum):
    """What to do with one question."""

    ANSWER = "answer"
    NOTIFY = "notify"  # drop it, and tell the user once for this flood
    DROP = "drop"  # drop it silently: they were told


@dataclass
class _Bucket:
    tokens: float
    at: float
    notified: bool = False


class QuestionLimiter:
    """Token buckets by user id; ``rate`` 0 means no limit. Used from the event loop only."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = float(burst)
        self._clock = clock
        self._buckets: dict[int, _Bucket] = {}

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def check(self, user_id: int) -> Verdict:
        """Takes a token for this user's question, or says how to drop it."""
        if not self.enabled:
            return Verdict.ANSWER
        now = self._clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            self._forget_idle(now)
            bucket = self._buckets[user_id] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens >= self.burst:
            bucket.notified = False  # quiet long enough: a new flood gets a new notice
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.ANSWER
        if bucket.notified:
            return Verdict.DROP
        bucket.notified = True
        return Verdict.NOTIFY

    def _forget_idle(self, now: float) -> None:
        """Forgets the users whose bucket is full again (they would start afresh anyway)."""
        if len(self._buckets) < MAX_REMEMBERED:
            return
        full = [
            user
            for user, bucket in self._buckets.items()
            if bucket.tokens + (now - bucket.at) * self.rate >= self.burst
        ]
        for user in full:
            del self._buckets[user]
