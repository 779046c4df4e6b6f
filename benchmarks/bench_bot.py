"""From Telegram update in to reply recorded, through the real application and the fake transport.

Run with ``make bench`` (or ``python -m benchmarks bot``). Questions are the test table's, sent one
every 40 ms (below Telegram's 30 messages per second, which the bot's rate limiter enforces), so
what is measured is the bot's own work: access check, understanding, figures, rendering, logging
the question, and the Bot API call (the fake transport also checks each call against the spec,
about 1 ms of the total). Targets: p99 under 20 ms for questions, under 500 ms for a chart.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

from benchmarks.scale_plan import csv_bytes, rows
from bot.app import build_application
from storage.importers import import_bytes, import_file
from tests.bot_fixtures import bot_settings
from tests.telegram_fake import FakeTransport
from tests.telegram_harness import BotHarness, make_builder
from tests.understanding_activity_cases import ACTIVITY_CASES
from tests.understanding_cases import UNIT_CASES

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample" / "poi-2019-iii-trimestre.txt"
PACE_SECONDS = 0.04
CHARTS = ("/grafico recursos humanos", "/grafico control gubernamental", "/grafico escuela")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def measure(
    rounds: int = 2, chart_rounds: int = 5, activities: int | None = None
) -> tuple[list[float], list[float]]:
    """Seconds per question and per chart, update in to reply recorded.

    On the sample, or on a plan of ``activities`` generated from its names (benchmarks/scale_plan.py),
    where the same questions name units and activities that recur across many units.
    """
    transport = FakeTransport()
    application = build_application(bot_settings(), builder=make_builder(transport))
    engine = application.bot_data.services.engine
    if activities is None:
        import_file(engine, SAMPLE, entity="SAT")
    else:
        import_bytes(engine, csv_bytes(rows(activities)), "plan.csv", entity="SAT", max_rows=activities)
    questions: list[float] = []
    charts: list[float] = []
    async with BotHarness(application) as bot:
        await bot.send("hola")  # warm-up: the plan is loaded once, as in the running bot
        started = time.perf_counter()
        application.bot_data.services.poi.settle()  # and its common periods computed, as in a running bot
        print(f"plan's common periods computed in the background in {time.perf_counter() - started:.1f} s")
        for _ in range(rounds):
            for question, *_ in (*UNIT_CASES, *ACTIVITY_CASES):
                start = time.perf_counter()
                await bot.send(question)
                questions.append(time.perf_counter() - start)
                await asyncio.sleep(PACE_SECONDS)
        await bot.send(CHARTS[0])  # warm-up: fonts load once per process
        for _ in range(chart_rounds):
            for command in CHARTS:
                start = time.perf_counter()
                await bot.send(command)
                charts.append(time.perf_counter() - start)
                await asyncio.sleep(PACE_SECONDS)
    return questions, charts


def main() -> None:
    """Prints p50/p99 for questions and for charts."""
    numbers = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]  # `python -m benchmarks bot 10000`
    activities = numbers[0] if numbers else None
    questions, charts = asyncio.run(measure(activities=activities))
    print(f"on {'the sample' if activities is None else f'a generated plan of {activities:,} activities'}")
    for label, values, target in (("question", questions, 20), ("chart", charts, 500)):
        p50, p99 = statistics.median(values) * 1000, _percentile(values, 0.99) * 1000
        print(
            f"{label:8}: p50 {p50:6.1f} ms, p99 {p99:6.1f} ms over {len(values)} (target p99 < {target} ms)"
        )
