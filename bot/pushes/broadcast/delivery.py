"""The broadcaster: sends one scheduled push to many chats, each exactly once, within Telegram's limits.

For each recipient: wait for the rate limiter's admission, claim the delivery in the store already
marked `sending` (one INSERT; the unique key lets only one process win), hand every part of the
text to the injected `send(chat_id, text)` as the limiter paces it, then record the outcome (see
`storage.deliveries` for the exactly-once rule). Chats whose delivery is over are skipped from one
query, so a rerun is cheap. Store work runs on a thread of its own, so the event loop keeps
answering questions meanwhile.

Errors: Forbidden (the user blocked the bot) marks the user inactive and the delivery skipped;
RetryAfter holds every send back for the time Telegram asks, then retries; BadRequest and other
permanent errors fail at once. TimedOut means the request may have reached Telegram and been
delivered (the Bot API offers no idempotency key to find out): like a crash in the middle of a
send, the delivery is recorded as failed-uncertain ("uncertain: TimedOut ...") and never resent,
since a duplicate is the failure users trust least. A timeout raised before the request left (no
free connection in the pool, or no connection made) is not uncertain and is retried. Anything
else (NetworkError such as a refused connection, which happens before anything reaches Telegram,
and unexpected errors) is retried with exponential backoff and, after `max_attempts`, recorded as
failed with its error.

Stopping: cancelling `broadcast` is graceful. Messages already handed to Telegram are finished and
recorded; claims not yet sent are released, so the next run sends them at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial

import httpx
from sqlalchemy import Engine
from sqlmodel import Session
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.domain.limits import MAX_MESSAGE_LENGTH
from bot.pushes.broadcast.run import BroadcastRun, Text
from bot.pushes.broadcast.summary import BroadcastSummary
from bot.render.textsplit import split_text
from bot.services import metrics
from bot.services.rate_limit import RateLimiter, TelegramRateLimiter
from storage import deliveries as store
from storage.deliveries import DEFAULT_LEASE, Recipient
from storage.models import Delivery

Send = Callable[[int, str], Awaitable[None]]
NOTHING_TO_SAY = "nothing to say"  # the text function returned nothing: recorded as skipped
UNCERTAIN_PREFIX = "uncertain: may have reached the chat, not resent: "
PERMANENT_ERRORS = (BadRequest, ChatMigrated, InvalidToken, EndPointNotFound)
log = logging.getLogger(__name__)


def retry_after_seconds(error: RetryAfter) -> float:
    """The wait Telegram asked for, in seconds (read without PTB's int/timedelta deprecation warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _render(text: Callable[[Recipient], str | None], recipient: Recipient, *, session: Session) -> str | None:
    return text(recipient)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def may_have_been_delivered(error: BaseException) -> bool:
    """Whether a failed send may still have reached the chat: a timeout after the request left.

    PTB raises TimedOut for every httpx timeout; a pool or connect timeout happened before anything
    was sent (PTB says so for the pool), so those are safe to retry.
    """
    if not isinstance(error, TimedOut):
        return False
    if isinstance(error.__cause__, httpx.PoolTimeout | httpx.ConnectTimeout):
        return False
    return "Pool timeout" not in str(error)


class Broadcaster:
    """Sends pushes through `send`; several broadcasters (processes) may share one store safely."""

    def __init__(
        self,
        engine: Engine,
        send: Send,
        *,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        claimed_by: str | None = None,
        workers: int = 8,
        max_attempts: int = 5,
        backoff: float = 1.0,
        max_flood_waits: int = 5,
        lease: timedelta = DEFAULT_LEASE,
        limit: int = MAX_MESSAGE_LENGTH,
    ) -> None:
        self.engine = engine
        self.send = send
        self.limiter = limiter if limiter is not None else TelegramRateLimiter(sleep=sleep)
        self.sleep = sleep
        self.now = now
        self.claimed_by = (claimed_by or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}")[:100]
        self.workers = max(1, workers)
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.max_flood_waits = max_flood_waits
        self.lease = lease
        self.limit = limit

    async def broadcast(
        self, kind: str, period_key: str, text: Text, recipients: Sequence[Recipient] | None = None
    ) -> BroadcastSummary:
        """Delivers one push to every recipient (default: the active ones now); returns the figures.

        `text` is one text for everybody or a function of the recipient (run on the store thread;
        None or blank means nothing to say, recorded as skipped). Safe to run again, or in another
        process at the same time: each chat gets the push once.
        """
        run = BroadcastRun(self.engine, kind, period_key, text)
        started = self.now()
        try:
            stale = partial(store.resolve_stale_in_flight, kind=kind, period_key=period_key)
            run.summary.uncertain = await run.db(partial(stale, now=started, lease=self.lease))
            if recipients is None:
                recipients = await run.db(partial(store.active_recipients, at=started))
            run.finished = await run.db(partial(store.finished_chats, kind=kind, period_key=period_key))
            run.summary.recipients = len(recipients)
            await run.run_workers(self.workers, deque(recipients), self._deliver)
        except BaseException:
            log.warning("broadcast stopped: %s", run.summary.describe())
            raise
        finally:
            run.close()
            run.summary.seconds = (self.now() - started).total_seconds()
            metrics.broadcast_done(run.summary)
        return run.summary

    async def _deliver(self, run: BroadcastRun, recipient: Recipient) -> None:
        if recipient.chat_id in run.finished:  # sent (or ended) before: no store work at all
            run.summary.already_claimed += 1
            return
        text = run.text
        try:
            body = text if isinstance(text, str) else await run.db(partial(_render, text, recipient))
        except Exception as error:
            await self._end_unsent(run, recipient.chat_id, f"render: {_describe(error)}", failed=True)
            return
        parts = split_text(body, self.limit) if body and body.strip() else []
        if not parts:
            await self._end_unsent(run, recipient.chat_id, NOTHING_TO_SAY, failed=False)
            return
        await self._send_parts(run, recipient.chat_id, parts)

    def _take(self, run: BroadcastRun, chat_id: int, *, sending: bool) -> partial[Delivery | None]:
        return partial(
            store.claim_or_take_over,
            kind=run.kind,
            period_key=run.period_key,
            chat_id=chat_id,
            claimed_by=self.claimed_by,
            now=self.now(),
            lease=self.lease,
            sending=sending,
        )

    async def _end_unsent(self, run: BroadcastRun, chat_id: int, reason: str, *, failed: bool) -> None:
        """Claims a delivery only to record why it is not sent (nothing to say, or no text)."""
        delivery = await run.db(self._take(run, chat_id, sending=False))
        if delivery is None or delivery.id is None:
            run.summary.already_claimed += 1
        elif failed:
            await self._finish_failed(run, delivery.id, reason)
        else:
            await run.db(partial(store.mark_skipped, delivery_id=delivery.id, reason=reason))
            run.summary.skipped += 1

    async def _send_parts(self, run: BroadcastRun, chat_id: int, parts: list[str]) -> None:
        """Claims the delivery and sends its parts in order, retrying from the part that failed."""
        summary = run.summary
        delivery_id: int | None = None
        next_part, failures, flood_waits = 0, 0, 0
        while True:
            if not await run.unless_stopped(self.limiter.acquire(chat_id)):
                if delivery_id is not None:
                    await self._release(run, delivery_id)
                else:
                    summary.released += 1  # never claimed: the next run sends it
                return
            if delivery_id is None:  # claim and mark `sending` in one write
                delivery = await run.db(self._take(run, chat_id, sending=True))
                if delivery is None or delivery.id is None:
                    summary.already_claimed += 1
                    return
                delivery_id = delivery.id
            elif not await run.db(
                partial(
                    store.begin_attempt, delivery_id=delivery_id, claimed_by=self.claimed_by, now=self.now()
                ),
            ):  # our lease ran out and another broadcaster took the delivery over
                summary.already_claimed += 1
                return
            try:
                for index in range(first_part := next_part, len(parts)):
                    if index > first_part:  # the first part was admitted above
                        await self.limiter.acquire(chat_id)
                    await self.limiter.pace(chat_id)
                    await self.send(chat_id, parts[index])
                    next_part = index + 1
                    summary.messages += 1
            except Forbidden as error:
                reason = f"blocked: {_describe(error)}"
                await run.db(partial(store.mark_user_blocked, chat_id=chat_id))
                await run.db(partial(store.mark_skipped, delivery_id=delivery_id, reason=reason))
                summary.skipped += 1
                summary.blocked += 1
                return
            except RetryAfter as error:
                flood_waits += 1
                if flood_waits > self.max_flood_waits:
                    await self._finish_failed(run, delivery_id, _describe(error))
                    return
                self.limiter.pause(retry_after_seconds(error))
                await self._retry_later(run, delivery_id, _describe(error))
                continue
            except PERMANENT_ERRORS as error:
                await self._finish_failed(run, delivery_id, _describe(error))
                return
            except Exception as error:
                if may_have_been_delivered(error):  # never resent: at most once
                    await self._finish_failed(run, delivery_id, f"{UNCERTAIN_PREFIX}{_describe(error)}")
                    return
                failures += 1
                if failures >= self.max_attempts:
                    await self._finish_failed(run, delivery_id, _describe(error))
                    return
                await self._retry_later(run, delivery_id, _describe(error))
                if not await run.unless_stopped(self.sleep(self.backoff * 2 ** (failures - 1))):
                    await self._release(run, delivery_id)
                    return
                continue
            await run.db(partial(store.mark_sent, delivery_id=delivery_id, now=self.now()))
            summary.sent += 1
            return

    async def _retry_later(self, run: BroadcastRun, delivery_id: int, error: str) -> None:
        run.summary.retries += 1
        await run.db(partial(store.mark_failed, delivery_id=delivery_id, error=error, final=False))

    async def _finish_failed(self, run: BroadcastRun, delivery_id: int, error: str) -> None:
        log.warning("%s %s: delivery %s failed for good: %s", run.kind, run.period_key, delivery_id, error)
        await run.db(partial(store.mark_failed, delivery_id=delivery_id, error=error, final=True))
        run.summary.failed += 1

    async def _release(self, run: BroadcastRun, delivery_id: int) -> None:
        await run.db(partial(store.release, delivery_id=delivery_id, claimed_by=self.claimed_by))
        run.summary.released += 1
