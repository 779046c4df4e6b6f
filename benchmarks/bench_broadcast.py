"""A quarter alert to 1,000 simulated subscribers through the real path, while questions are answered.

The real application (bot.app.build_application) on the bundled sample, with the offline fake
Telegram (tests.telegram_fake) taking ~5 ms per message; the store is a SQLite file. The alert goes
out as the scheduler sends it (bot.pushes.broadcast.tasks.start_scheduled: per-recipient texts from
the figures, send_html through PTB and its rate limiter, the process's one TelegramRateLimiter, a
background task), to subscribers spread over the units that lag in the III trimestre and "*", so every one of
them gets a message. Meanwhile a real question ("/avance finanzas") goes through
`application.process_update` every 200 ms. Printed: total time (broadcasts take 25 of Telegram's
~30 messages a second, so at least ~40 s for 1,000), duplicates and losses (both must be 0), the
busiest second, and how long the questions took.

    python -m benchmarks broadcast                       # 1,000 subscribers
    POI_BENCH_SUBSCRIBERS=100 python -m benchmarks broadcast
    python -m benchmarks.bench_broadcast --subscribers 100
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlmodel import Session
from telegram import Update

from bot.app import build_application
from bot.config import Settings
from bot.context import BROADCAST_PER_SECOND, BotApplication
from bot.domain.periods import Period
from bot.pushes.broadcast.tasks import start_scheduled
from bot.pushes.calendar import PushKind, Schedule, occurrence_for
from storage import deliveries as store
from storage.importers import import_file
from storage.models import Subscription, User
from tests.conftest import SAMPLE_REPORT
from tests.telegram_fake import FakeTransport
from tests.telegram_harness import make_builder
from tests.telegram_updates import FakeUser, UpdateFactory

DEFAULT_SUBSCRIBERS = 1000
SEND_SECONDS = 0.005
QUESTION_EVERY = 0.2
FIRST_CHAT = 10_000
LAGGING_Q3 = ("GERENCIA DE RECURSOS HUMANOS", "ESCUELA SAT", "GERENCIA DE EJECUCION COACTIVA", "*")
ASKER = FakeUser(id=9_999, first_name="Fina", username="fina_bench")


class SlowTelegram(FakeTransport):
    """The fake Bot API, taking a few milliseconds per message like a real round trip."""

    def __init__(self) -> None:
        super().__init__()
        self.sent_at: list[float] = []

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        if url.endswith("/sendMessage"):
            self.sent_at.append(time.perf_counter())  # when the request leaves for Telegram
            await asyncio.sleep(SEND_SECONDS)
        return await super().do_request(url, method, *args, **kwargs)

    def alert_instants(self, since: int, chats: set[int]) -> list[float]:
        """When each message to a subscriber left (the answers to the asker excluded)."""
        sends = [call for call in self.calls if call.method == "sendMessage"]
        return [
            at
            for at, call in zip(self.sent_at[since:], sends[since:], strict=False)
            if call.params["chat_id"] in chats
        ]


def _populate(application: BotApplication, transport: SlowTelegram, count: int) -> list[int]:
    chats = list(range(FIRST_CHAT, FIRST_CHAT + count))
    for chat in chats:
        transport.server.add_chat({"id": chat, "type": "private", "first_name": f"Gerente {chat}"})
    with Session(application.bot_data.services.engine) as session:
        session.add_all(User(telegram_id=c, chat_id=c, status="approved", name=f"Gerente {c}") for c in chats)
        session.add_all(
            Subscription(chat_id=c, telegram_id=c, scope=LAGGING_Q3[n % len(LAGGING_Q3)])
            for n, c in enumerate(chats)
        )
        session.commit()
    return chats


async def _questions(application: BotApplication, factory: UpdateFactory, stop: asyncio.Event) -> list[float]:
    """Asks "/avance finanzas" every 200 ms through the application; returns each answer's latency."""
    latencies = []
    while not stop.is_set():
        update = Update.de_json(factory.text_message("/avance finanzas", user=ASKER), application.bot)
        asked = time.perf_counter()
        await application.process_update(update)
        latencies.append(time.perf_counter() - asked)
        await asyncio.sleep(QUESTION_EVERY)
    return latencies


def _busiest_second(instants: list[float]) -> int:
    instants = sorted(instants)
    busiest, start = 0, 0
    for end, instant in enumerate(instants):
        while instant - instants[start] >= 1.0:
            start += 1
        busiest = max(busiest, end - start + 1)
    return busiest


async def run(subscribers: int) -> dict[str, float]:
    """Runs the broadcast and returns its figures."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            _env_file=None,
            database_url=f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
            access_mode="open",
        )
        transport = SlowTelegram()
        application = build_application(settings, builder=make_builder(transport))
        engine = application.bot_data.services.engine
        import_file(engine, SAMPLE_REPORT, entity="SAT")
        chats = _populate(application, transport, subscribers)
        await application.initialize()
        await application.start()
        factory = UpdateFactory(transport.server)
        stop = asyncio.Event()
        questions = asyncio.create_task(_questions(application, factory, stop))
        alert = occurrence_for(
            Schedule.from_settings(settings), PushKind.QUARTER_ALERT, 2019, Period.quarter(3)
        )
        first_send = len(transport.sent_at)
        started = time.perf_counter()
        summary = await start_scheduled(application, alert)
        elapsed = time.perf_counter() - started
        stop.set()
        latencies = await questions
        await application.stop()
        await application.shutdown()
        with Session(engine) as session:
            statuses = Counter(d.status for d in store.deliveries_for(session=session))
        engine.dispose()
    delivered = Counter(
        call.params["chat_id"]
        for call in transport.calls_to("sendMessage")
        if call.ok and call.params["chat_id"] in set(chats)
    )
    ordered = sorted(latencies)
    return {
        "subscribers": subscribers,
        "seconds": elapsed,
        "messages_per_second": sum(delivered.values()) / elapsed if elapsed else 0.0,
        "busiest_second": _busiest_second(transport.sent_at[first_send:]),
        "busiest_alert_second": _busiest_second(transport.alert_instants(first_send, set(chats))),
        "sent": summary.sent if summary is not None else 0,
        "recorded_sent": statuses.get(store.SENT, 0),
        "duplicates": sum(n - 1 for n in delivered.values() if n > 1),
        "losses": sum(1 for chat in chats if delivered[chat] == 0),
        "questions": len(ordered),
        "question_p50_ms": 1000 * statistics.median(ordered),
        "question_p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "question_max_ms": 1000 * ordered[-1],
    }


def main(subscribers: int | None = None) -> dict[str, float]:
    """Runs the benchmark (POI_BENCH_SUBSCRIBERS scales it down) and prints its figures."""
    count = subscribers or int(os.environ.get("POI_BENCH_SUBSCRIBERS", DEFAULT_SUBSCRIBERS))
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    figures = asyncio.run(run(count))
    floor = max(count - 1, 0) / BROADCAST_PER_SECOND  # evenly spaced
    print(f"subscribers            {count}")
    print(f"total time             {figures['seconds']:.1f} s (limit floor ~{floor:.1f} s)")
    print(f"throughput             {figures['messages_per_second']:.1f} msg/s")
    print(f"busiest second         {figures['busiest_alert_second']} alert messages (broadcast limit 25)")
    print(f"busiest second, all    {figures['busiest_second']} messages, answers included (Telegram: ~30)")
    print(f"sent / recorded sent   {figures['sent']} / {figures['recorded_sent']}")
    print(f"duplicates             {figures['duplicates']}")
    print(f"losses                 {figures['losses']}")
    print(
        f"question latency       p50 {figures['question_p50_ms']:.1f} ms, "
        f"p99 {figures['question_p99_ms']:.1f} ms, max {figures['question_max_ms']:.1f} ms "
        f"({figures['questions']} questions answered during the broadcast)"
    )
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Broadcast benchmark")
    parser.add_argument("--subscribers", type=int, default=None)
    main(parser.parse_args().subscribers)
