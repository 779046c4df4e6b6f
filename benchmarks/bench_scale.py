"""A plan of N activities (default 10,000): import, first answer, answers and memory, beside the floors.

Run with ``python -m benchmarks scale [N]``. The plan is generated from the sample's names
(benchmarks/scale_plan.py) as a template CSV. The project's side runs in fresh processes
(benchmarks/scale_child.py): the import, then a cold start that answers a first question and then
every question kind. The floors run here on the same rows: a raw executemany into the same tables,
a plain SQL aggregate for the summary and the lagging list, brute-force rapidfuzz ``process.extract``
with token_set_ratio over every unit or activity name. SQLite always; PostgreSQL too when
BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set: its tables are dropped and rebuilt.
Targets (issue 9, at 100k): import ≤ 15× floor, first answer ≤ 5 s, lookups p99 ≤ 0.15× floor,
summary and lagging p99 ≤ 0.1× floor, peak RSS ≤ 800 MiB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from benchmarks.scale_plan import LAGGING_SQL, SUMMARY_SQL, Row, csv_bytes, floor_import, floor_sql, rows
from bot.domain.periods import MONTH_NAMES
from storage.db import create_tables, drop_tables, make_engine

DEFAULT_N = 10_000
PER_KIND = 40
FLOOR_RUNS = 15
ROOT = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _ms(values: list[float]) -> tuple[float, float]:
    return _percentile(values, 0.5) * 1000, _percentile(values, 0.99) * 1000


def questions(plan: list[Row]) -> dict[str, list[str]]:
    """PER_KIND questions of each kind, naming units and activities spread over the whole plan."""
    units = list(dict.fromkeys(r.unit for r in plan))
    picked = [units[i * len(units) // PER_KIND] for i in range(PER_KIND)]
    by_unit = {r.unit: r for r in reversed(plan)}  # a unit's first activity
    return {
        "summary": ["resumen"] * PER_KIND,
        "unit": [f"¿cómo va {u}?" for u in picked],
        "lagging": ["actividades rezagadas"] * PER_KIND,
        "activity_lookup": [f"¿cómo va {by_unit[u].name.lower()} de {u.lower()}?" for u in picked],
        "unit_lookup": [f"avance de {' '.join(u.lower().split()[-4:])}" for u in picked],
        # Each a period not asked before: its figures are computed for the whole plan, then kept.
        "new_period": [f"resumen de {month}" for month in MONTH_NAMES[:8]],
    }


def _store(url: str | None, directory: Path, name: str, *, schema: bool) -> str:
    """A fresh, empty store: a new SQLite file, or the PostgreSQL database with its tables dropped."""
    if url is None:
        return f"sqlite:///{directory / name}.db"
    engine = make_engine(url)
    drop_tables(engine)
    if schema:
        create_tables(engine)
    engine.dispose()
    return url


def _child(step: str, url: str, file: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale_child", step, url, str(file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{step} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _timed(run: Callable[[], object], times: int) -> list[float]:
    values = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        values.append(time.perf_counter() - start)
    return values


def lookup_floors(plan: list[Row], asked: dict[str, list[str]]) -> dict[str, list[float]]:
    """Brute-force rapidfuzz over every name a question may mean: each unit's and each activity's.

    (A naive matcher does not know whether a question names a unit or an activity.)"""
    names = [*dict.fromkeys(r.unit for r in plan), *(r.name for r in plan)]
    found: dict[str, list[float]] = {}
    for kind, choices in (("unit_lookup", names), ("activity_lookup", names), ("unit", names)):
        values = []
        for text in asked[kind][:FLOOR_RUNS]:
            start = time.perf_counter()
            process.extract(
                text, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process, limit=5
            )
            values.append(time.perf_counter() - start)
        found[kind] = values
    return found


def backend(label: str, url: str | None, plan: list[Row], lookups: dict[str, list[float]]) -> None:
    """Measures one store: the project's figures and the floors, printed side by side."""
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        file, asked_file = directory / "plan.csv", directory / "questions.json"
        file.write_bytes(csv_bytes(plan))
        asked = questions(plan)
        asked_file.write_text(json.dumps(asked, ensure_ascii=False), encoding="utf-8")
        store = _store(url, directory, "project", schema=False)
        imported = _child("import", store, file)
        started = time.time()
        answered = _child("ask", store, asked_file)
        first = float(answered["first_answered_at"]) - started
        floor_store = _store(url, directory, "floor", schema=True)
        engine = make_engine(floor_store if url is None else url)
        if url is None:
            create_tables(engine)
        floor_seconds = _timed(lambda: floor_import(engine, plan), 1)[0]
        sql_floor = {
            "summary": _timed(lambda: floor_sql(engine, SUMMARY_SQL, 1), FLOOR_RUNS),
            "lagging": _timed(lambda: floor_sql(engine, LAGGING_SQL, 1), FLOOR_RUNS),
        }
        engine.dispose()
        if url is not None:
            _store(url, directory, "done", schema=False)
    seconds = float(imported["seconds"])
    units = len({r.unit for r in plan})
    print(f"-- {label}: {len(plan):,} activities in {units:,} units, {file_size(plan):.1f} MiB CSV")
    print(
        f"   lookup floors: rapidfuzz token_set_ratio over all {units + len(plan):,} unit and activity names"
    )
    print(
        f"import        {seconds:8.2f} s   floor executemany {floor_seconds:6.2f} s   "
        f"ratio {seconds / floor_seconds:5.1f}×  (target ≤ 15×)"
    )
    print(f"first answer  {first:8.2f} s   (process start to first answer; target ≤ 5 s)")
    timings: dict[str, list[float]] = answered["timings"]
    floors = {**lookups, **sql_floor, "new_period": sql_floor["summary"]}
    for kind, values in timings.items():
        p50, p99 = _ms(values)
        floor_p50, floor_p99 = _ms(floors[kind])
        print(
            f"{kind:15} p50 {p50:8.1f} ms  p99 {p99:8.1f} ms   floor p50 {floor_p50:8.1f} ms  "
            f"p99 {floor_p99:8.1f} ms   ratio {p99 / floor_p99:5.2f}"
        )
    samples: dict[str, str] = answered["samples"]
    for kind, sample in samples.items():
        print(f"   {kind}: «{sample}»")
    print(
        f"peak RSS      import {float(imported['rss_mib']):6.0f} MiB, "
        f"answering {float(answered['rss_mib']):6.0f} MiB (target ≤ 800)"
    )


def file_size(plan: list[Row]) -> float:
    return len(csv_bytes(plan)) / 1024 / 1024


def help_seconds(runs: int = 5) -> float:
    """Median wall time of `poi-bot --help` in a fresh process."""
    command = [sys.executable, "-c", "from bot.cli import main; main(['--help'])"]
    values = [
        _timed(lambda: subprocess.run(command, cwd=ROOT, capture_output=True, check=True), 1)[0]
        for _ in range(runs)
    ]
    return sorted(values)[len(values) // 2]


def main() -> None:
    """Measures at N activities (the first number on the command line) on SQLite and PostgreSQL."""
    numbers = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]
    print(f"poi-bot --help {help_seconds():6.2f} s   (fresh process; target ≤ 0.5 s)")
    plan = rows(numbers[0] if numbers else DEFAULT_N)
    lookups = lookup_floors(plan, questions(plan))
    backend("SQLite", None, plan, lookups)
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if url:
        backend("PostgreSQL", url, plan, lookups)


if __name__ == "__main__":
    main()
