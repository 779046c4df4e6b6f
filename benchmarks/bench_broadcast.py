"""A quarter alert to 1,000 simulated subscribers through the real limiter, while questions are answered.

The fake Telegram takes ~5 ms per message; the store is a SQLite file. Printed: total time (30
messages a second means at least ~33 s for 1,000), duplicates and losses (both must be 0), the
fastest second, and the latency of a trivial "question" coroutine started every 50 ms meanwhile.

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

from sqlalchemy import Engine
from sqlmodel import Session

from bot.delivery import Broadcaster
from bot.rate_limit import TelegramRateLimiter
from storage import deliveries as store
from storage.db import create_tables, make_engine
from storage.models import Subscription, User

DEFAULT_SUBSCRIBERS = 1000
SEND_SECONDS = 0.005
QUESTION_EVERY = 0.05
TEXT = "⚠️ Alerta de fin de trimestre (III trimestre de 2019): 3 actividades rezagadas en su unidad."


def _populate(engine: Engine, count: int) -> list[int]:
    chats = list(range(10_000, 10_000 + count))
    with Session(engine) as session:
        session.add_all(User(telegram_id=c, chat_id=c, status="approved") for c in chats)
        session.add_all(Subscription(chat_id=c, telegram_id=c, scope="*") for c in chats)
        session.commit()
    return chats


async def _questions(stop: asyncio.Event, latencies: list[float]) -> None:
    """Starts a trivial coroutine every 50 ms and records how long it took to be answered."""

    async def question() -> None:
        await asyncio.sleep(0)

    while not stop.is_set():
        asked = time.perf_counter()
        await asyncio.create_task(question())
        latencies.append(time.perf_counter() - asked)
        await asyncio.sleep(QUESTION_EVERY)


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
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        create_tables(engine)
        chats = _populate(engine, subscribers)
        delivered: list[int] = []
        sent_at: list[float] = []

        async def send(chat_id: int, text: str) -> None:
            leaves = time.perf_counter()  # when the request would leave for Telegram
            await asyncio.sleep(SEND_SECONDS)
            delivered.append(chat_id)
            sent_at.append(leaves)

        stop, latencies = asyncio.Event(), list[float]()
        questions = asyncio.create_task(_questions(stop, latencies))
        started = time.perf_counter()
        summary = await Broadcaster(engine, send, limiter=TelegramRateLimiter()).broadcast(
            "quarter_alert", "2019-Q3", TEXT
        )
        elapsed = time.perf_counter() - started
        stop.set()
        await questions
        with Session(engine) as session:
            statuses = Counter(d.status for d in store.deliveries_for(session=session))
        engine.dispose()
    counts = Counter(delivered)
    ordered = sorted(latencies)
    return {
        "subscribers": subscribers,
        "seconds": elapsed,
        "messages_per_second": len(delivered) / elapsed if elapsed else 0.0,
        "busiest_second": _busiest_second(sent_at),
        "sent": summary.sent,
        "recorded_sent": statuses.get(store.SENT, 0),
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "losses": sum(1 for chat in chats if counts[chat] == 0),
        "questions": len(ordered),
        "question_p50_ms": 1000 * statistics.median(ordered),
        "question_p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "question_max_ms": 1000 * ordered[-1],
    }


def main(subscribers: int | None = None) -> dict[str, float]:
    """Runs the benchmark (POI_BENCH_SUBSCRIBERS scales it down) and prints its figures."""
    count = subscribers or int(os.environ.get("POI_BENCH_SUBSCRIBERS", DEFAULT_SUBSCRIBERS))
    figures = asyncio.run(run(count))
    floor = max(count - 1, 0) / 30  # evenly spaced: one message every 1/30 s
    print(f"subscribers            {count}")
    print(f"total time             {figures['seconds']:.1f} s (limit floor ~{floor:.1f} s)")
    print(f"throughput             {figures['messages_per_second']:.1f} msg/s")
    print(f"busiest second         {figures['busiest_second']} messages (limit 30)")
    print(f"sent / recorded sent   {figures['sent']} / {figures['recorded_sent']}")
    print(f"duplicates             {figures['duplicates']}")
    print(f"losses                 {figures['losses']}")
    print(
        f"question latency       p50 {figures['question_p50_ms']:.2f} ms, "
        f"p99 {figures['question_p99_ms']:.2f} ms, max {figures['question_max_ms']:.2f} ms "
        f"({figures['questions']} questions)"
    )
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Broadcast benchmark")
    parser.add_argument("--subscribers", type=int, default=None)
    main(parser.parse_args().subscribers)
