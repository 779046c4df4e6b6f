"""The rig of the flood and stall benchmarks: the real application on a store of its own, fed as
long polling feeds it, with the before state (updates one at a time, database work on the event
loop, no question limit) available as the naive floor."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor, Future
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import SimpleUpdateProcessor

from bot.app import build_application
from bot.config import Settings
from handlers import offload
from storage.importers import import_file
from tests.bot_fixtures import bot_settings
from tests.telegram_fake import FakeTransport
from tests.telegram_harness import BotHarness, make_builder

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample" / "poi-2019-iii-trimestre.txt"


class OnTheLoop(Executor):
    """Runs each job at once, in the caller's thread: the event loop, as the handlers did before."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


@asynccontextmanager
async def running_bot(
    *, naive: bool, database_url: str | None = None, **overrides: Any
) -> AsyncIterator[BotHarness]:
    """The started bot with the sample loaded; ``naive``: the before state."""
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        defaults = Settings(_env_file=None)  # the shipped limit and reply deadline
        limits = {
            "db_reply_timeout": defaults.db_reply_timeout,
            "question_rate": 0.0 if naive else defaults.question_rate,
            "question_burst": defaults.question_burst,
        }
        settings = bot_settings(database_url=url, **(limits | overrides))
        transport = FakeTransport()
        application = build_application(settings, builder=make_builder(transport))
        import_file(application.bot_data.services.engine, SAMPLE, entity="SAT")
        if naive:
            application._update_processor = SimpleUpdateProcessor(1)  # one update at a time
            offload.use_executor(OnTheLoop())
        try:
            async with BotHarness(application) as bot:
                yield bot
        finally:
            offload.use_executor(None)


class Replies:
    """Notes when the bot replies to each chat (a message, a document or a button answer), by
    watching the transport's calls every millisecond while the run lasts."""

    def __init__(self, bot: BotHarness) -> None:
        self.bot = bot
        self._seen = 0
        self.times: dict[int, list[float]] = {}
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Replies:
        self._task = asyncio.create_task(self._watch())
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _watch(self) -> None:
        while True:
            self.scan()
            await asyncio.sleep(0.001)

    def scan(self) -> None:
        calls = self.bot.transport.calls
        now = time.perf_counter()
        for call in calls[self._seen :]:
            if call.method in ("sendMessage", "sendDocument", "answerCallbackQuery"):
                self.times.setdefault(int(call.params.get("chat_id", 0) or 0), []).append(now)
        self._seen = len(calls)


async def feed(bot: BotHarness, payload: dict[str, Any]) -> None:
    await bot.application.update_queue.put(Update.de_json(payload, bot.application.bot))


async def paced(count: int, every: float, action: Callable[[int], Any]) -> None:
    """Calls ``action(i)`` ``count`` times, one every ``every`` seconds (on an absolute schedule)."""
    start = time.perf_counter()
    for index in range(count):
        await action(index)
        delay = start + (index + 1) * every - time.perf_counter()
        await asyncio.sleep(max(0.0, delay))


async def waits_of(chat_id: int, asked: list[float], replies: Replies, limit: float) -> list[float]:
    """Seconds from each question to the reply it got (replies are matched in order)."""
    for _ in range(int(limit / 0.01)):  # the watcher task fills the times meanwhile
        if len(replies.times.get(chat_id, [])) >= len(asked):
            break
        await asyncio.sleep(0.01)
    got = replies.times.get(chat_id, [])
    waits = [answer - question for question, answer in zip(asked, got, strict=False)]
    return waits + [float("inf")] * (len(asked) - len(got))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    p50, p99 = statistics.median(values) * 1000, percentile(values, 0.99) * 1000
    return f"p50 {p50:8.1f} ms, p99 {p99:8.1f} ms, max {max(values) * 1000:8.1f} ms over {len(values)}"
