"""One broadcast in progress: its store thread, its workers, and how they stop without losing a record.

Store work runs on a single thread of its own, so the event loop stays free for questions while
a broadcast runs. Stopping (cancellation, or a worker's crash) sets the stop signal: deliveries
waiting for their turn give their claim back, and a message already handed to Telegram is
finished and recorded before the workers end.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from bot.pushes.broadcast.summary import BroadcastSummary
from storage.subscriptions import Recipient

T = TypeVar("T")
Text = str | Callable[[Recipient], str | None]  # one text for all, or per recipient (None: nothing)
Deliver = Callable[["BroadcastRun", Recipient], Coroutine[Any, Any, None]]


class BroadcastRun:
    """What one broadcast sends, its figures, and the machinery it runs on."""

    def __init__(self, engine: Engine, kind: str, period_key: str, text: Text) -> None:
        self.engine = engine
        self.kind = kind
        self.period_key = period_key
        self.text = text
        self.summary = BroadcastSummary(kind, period_key)
        self.finished: set[int] = set()  # chats whose delivery was over before this run
        self.stop = asyncio.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="broadcast-db")

    def close(self) -> None:
        self._executor.shutdown(wait=False)

    async def db(self, work: Callable[..., T]) -> T:
        """Runs `work(session=...)` on the store thread, in its own short session."""

        def call() -> T:
            with Session(self.engine, expire_on_commit=False) as session:
                return work(session=session)

        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    async def unless_stopped(self, waiting: Awaitable[Any]) -> bool:
        """Waits for `waiting` unless the broadcast is stopped first; True when it completed."""
        task = asyncio.ensure_future(waiting)
        stopper = asyncio.ensure_future(self.stop.wait())
        try:
            await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()
        if task.done():
            task.result()
            return True
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return False

    async def run_workers(self, count: int, recipients: deque[Recipient], deliver: Deliver) -> None:
        """Delivers to every recipient with `count` workers; on a stop, lets them wind down first."""
        tasks = [asyncio.ensure_future(self._worker(recipients, deliver)) for _ in range(count)]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        except asyncio.CancelledError:
            self.stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        outcomes = [task.exception() for task in tasks if task.done() and not task.cancelled()]
        errors = [error for error in outcomes if error is not None]
        if errors:
            self.stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise errors[0]

    async def _worker(self, recipients: deque[Recipient], deliver: Deliver) -> None:
        while recipients and not self.stop.is_set():
            delivery = asyncio.ensure_future(deliver(self, recipients.popleft()))
            try:
                await asyncio.shield(delivery)
            except asyncio.CancelledError:
                self.stop.set()  # finish this delivery (its send, its record), then stop
                await asyncio.gather(delivery, return_exceptions=True)
                raise
