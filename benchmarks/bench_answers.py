"""A whole answer in-process: understanding + figures + rendering (HTML and JSON) on the sample.

Run with ``make bench`` (or ``python -m benchmarks answers``). The questions are the test tables'
(200+ realistic ones, the meeting questions, and the conversations with each turn in its chat); the
plan is loaded once, as the bot does. Target: p99 under 10 ms.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bot.render.answer_json import answer_json
from bot.render.answer_text import render_html
from bot.services.questions import PoiService
from storage.db import create_tables, make_engine
from storage.importers import import_file
from tests.understanding_activity_cases import ACTIVITY_CASES
from tests.understanding_cases import UNIT_CASES
from tests.understanding_meeting_cases import CONVERSATIONS, MEETING_CASES

ROUNDS = 20
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample" / "poi-2019-iii-trimestre.txt"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(rounds: int = ROUNDS) -> list[float]:
    """Seconds per question, over every question of the table, ``rounds`` times."""
    engine = make_engine("sqlite://")
    create_tables(engine)
    import_file(engine, SAMPLE, entity="SAT")
    service = PoiService(engine)
    service.snapshot()  # load the plan once, as the running bot does
    questions = [question for question, *_ in (*UNIT_CASES, *ACTIVITY_CASES)]
    questions += [case.question for case in MEETING_CASES]
    turns = [(name, turn.question) for name, conversation in CONVERSATIONS.items() for turn in conversation]
    asked = [(None, question) for question in questions] + turns
    timings: list[float] = []
    for _ in range(rounds):
        for chat, question in asked:
            start = time.perf_counter()
            reply = service.ask(question, chat=chat)
            render_html(reply)
            answer_json(reply)
            timings.append(time.perf_counter() - start)
    engine.dispose()
    return timings


def main() -> None:
    """Prints p50, p99 and max of one whole answer."""
    timings = measure()
    p50, p99 = statistics.median(timings) * 1000, _percentile(timings, 0.99) * 1000
    worst = max(timings) * 1000
    print(f"answer (understand, figures, HTML, JSON): p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {worst:.2f} ms")
    print(f"  {len(timings) // ROUNDS} questions x {ROUNDS} rounds; target p99 < 10 ms")
