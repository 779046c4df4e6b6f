"""Understanding the test table's questions on the seed plan: time per question, in-process.

Run with ``make bench`` (or ``python -m benchmarks understanding``). Each round builds a fresh
Understanding (timed apart: it happens once per plan), so the typo corrections it caches are
paid for again, then times every question of the table once. The target is well under the 10 ms
p99 budget of a whole answer: under 2 ms per question.
"""

from __future__ import annotations

import statistics
import time

from bot.understanding.understand import Understanding
from tests.seed_catalog import seed_catalog
from tests.understanding_activity_cases import ACTIVITY_CASES
from tests.understanding_cases import UNIT_CASES

ROUNDS = 30


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(rounds: int = ROUNDS) -> tuple[list[float], list[float]]:
    """Seconds to build an Understanding, and seconds per question, over every round."""
    catalog = seed_catalog()
    questions = [question for question, *_ in (*UNIT_CASES, *ACTIVITY_CASES)]
    builds: list[float] = []
    answers: list[float] = []
    for _ in range(rounds):
        start = time.perf_counter()
        understanding = Understanding(catalog)
        builds.append(time.perf_counter() - start)
        for question in questions:
            start = time.perf_counter()
            understanding.understand(question)
            answers.append(time.perf_counter() - start)
    return builds, answers


def main() -> None:
    """Prints p50 and p99 of one question, and the median time to build for a plan."""
    builds, answers = measure()
    p50, p99 = statistics.median(answers) * 1000, _percentile(answers, 0.99) * 1000
    print(f"understand: p50 {p50:6.3f} ms, p99 {p99:6.3f} ms, max {max(answers) * 1000:6.3f} ms")
    print(f"     build: median {statistics.median(builds) * 1000:6.1f} ms (once per plan)")
    count = len(answers) // ROUNDS
    print(f"({ROUNDS} rounds of the {count} table questions on the seed plan, 24 units, 90 activities)")


if __name__ == "__main__":
    main()
