"""Hostile XLSX files (issue 10): time to refusal and peak memory, beside the naive floor.

Run with ``python -m benchmarks hostile``. Each file is generated (2-4 MB uploads that inflate to
gigabytes, see tests/hostile_files.py) into a temporary directory, then:

* CLI: ``poi-bot import FILE`` in a fresh process whose whole address space is limited to 1.5 GiB:
  its exit code and wall time (target: exit 2 in at most 20 s);
* guarded child: the bounded reader alone (storage.importers.xlsx_isolation), its time and the
  child's peak RSS ("ZIP directory" when the file is refused before any part is inflated);
* naive floor: a plain ``openpyxl.load_workbook(read_only=True)`` reading every row, in a child under
  the same 1.5 GiB / 20 s limits, reported as its time or "killed: memory/time".
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from storage.importers import ImportRefused
from storage.importers.xlsx_guard import check_zip
from storage.importers.xlsx_isolation import MEMORY_LIMIT, TIMEOUT, Outcome, run
from tests.hostile_files import HOSTILE, stale_dimension
from tests.import_helpers import ceplan_header, ceplan_row, xlsx_bytes

CLI = "from bot.cli import main; raise SystemExit(main())"


def legitimate_export(rows: int = 20_000) -> bytes:
    """A CEPLAN export at the row limit: the margin a legitimate file keeps under the time bound."""
    executed: list[float | None] = [1.0] * 9 + [None] * 3
    body = [
        ceplan_row(f"UNIDAD {n % 300}", f"ACTIVIDAD {n}", [2.0] * 12, executed, cumulative=False)
        for n in range(rows)
    ]
    return xlsx_bytes([ceplan_header(), *body], sheet="POI_Por_ActividadOperativaAnual")


def naive_read(data: bytes) -> int:
    """What the importers did before: openpyxl read-only, every row of every sheet."""
    book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    rows = sum(1 for sheet in book.worksheets for _ in sheet.iter_rows(values_only=True))
    book.close()
    return rows


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _cli(path: Path, database: Path) -> tuple[int, float, str]:
    start = time.perf_counter()
    argv = [sys.executable, "-c", CLI, "import", str(path), "--database-url", f"sqlite:///{database}"]
    argv += ["--year", "2024"]
    limited = _limit_address_space
    done = subprocess.run([*argv, "--entity", "SAT"], capture_output=True, text=True, preexec_fn=limited)
    reason = done.stderr.splitlines()[1] if done.returncode == 2 else done.stderr.strip()[-120:]
    return done.returncode, time.perf_counter() - start, reason


def _describe(outcome: Outcome) -> str:
    if outcome.ended in ("done", "refused"):
        return f"{outcome.seconds:6.2f} s"
    return f"killed: {outcome.ended} after {outcome.seconds:.1f} s"


def _mib(kib: int | None) -> str:
    return "   ?" if kib is None else f"{kib / 1024:4.0f}"


def _guarded(data: bytes) -> str:
    try:
        check_zip(data)
    except ImportRefused:
        return "ZIP directory, no child"
    outcome = run("parse", data, "hostil.xlsx", 2024)
    return f"{outcome.ended} {outcome.seconds:5.2f} s, peak {_mib(outcome.peak_rss_kib)} MiB"


def main() -> None:
    """One line per hostile file: size, CLI exit and time, guarded child, naive floor."""
    files: dict[str, Callable[[], bytes]] = {"stale dimension (10 activities, all imported)": stale_dimension}
    files.update(HOSTILE)
    files["legitimate CEPLAN export, 20,000 rows (must import)"] = legitimate_export
    print(f"limits: address space {MEMORY_LIMIT / 1024**3:.1f} GiB, {TIMEOUT:.0f} s (the CLI's time includes")
    print("its start: Python, SQLAlchemy and the forkserver, as the first line, a good file, shows)")
    with tempfile.TemporaryDirectory() as directory:
        for number, (name, build) in enumerate(files.items()):
            data = build()
            path = Path(directory) / f"hostil-{number}.xlsx"
            path.write_bytes(data)
            code, seconds, reason = _cli(path, Path(directory) / "poi.sqlite3")
            naive = run(naive_read, data)
            naive_peak = f", peak {_mib(naive.peak_rss_kib)} MiB" if naive.peak_rss_kib else ""
            print(f"{name} — {len(data) / 1024 / 1024:.1f} MB")
            print(f"    CLI: exit {code} in {seconds:5.2f} s: {reason[:150]}")
            print(f"    guarded child: {_guarded(data)}")
            print(f"    naive openpyxl: {_describe(naive)}{naive_peak}")


if __name__ == "__main__":
    main()
