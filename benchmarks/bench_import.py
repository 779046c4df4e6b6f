"""Importing the seed report: parse, reconcile and write into a fresh in-memory SQLite, N times.

Run with ``make bench`` (or ``python -m benchmarks import``). The target is under 1 s per import.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from storage.db import create_tables, make_engine
from storage.importers import import_bytes
from storage.importers.detect import parse_bytes

SEED = Path(__file__).resolve().parent.parent / "data" / "sample" / "poi-2019-iii-trimestre.txt"
RUNS = 30


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(runs: int = RUNS) -> dict[str, list[float]]:
    """Seconds per run: parsing alone, and the whole import (tables created beforehand, not timed)."""
    data = SEED.read_bytes()
    timings: dict[str, list[float]] = {"parse": [], "import": []}
    for _ in range(runs):
        start = time.perf_counter()
        parse_bytes(data, source_name=SEED.name)
        timings["parse"].append(time.perf_counter() - start)
        engine = make_engine("sqlite://")
        create_tables(engine)
        start = time.perf_counter()
        report = import_bytes(engine, data, SEED.name, entity="SAT")
        timings["import"].append(time.perf_counter() - start)
        engine.dispose()
        assert report.activities == 90
    return timings


def main() -> None:
    """Prints the median and 95th percentile of each step, in milliseconds."""
    for step, values in measure().items():
        median, p95 = statistics.median(values) * 1000, _percentile(values, 0.95) * 1000
        print(f"{step:>7}: median {median:6.1f} ms, p95 {p95:6.1f} ms, max {max(values) * 1000:6.1f} ms")
    print(f"({RUNS} runs of the sample report, 90 activities, fresh in-memory SQLite each; target < 1 s)")


if __name__ == "__main__":
    main()
