"""A synthetic plan of N activities built from the sample's real names, and the naive floors.

The plan is a template CSV: N/20 units of 20 activities each. A unit is a sample unit with a
region and a number ("GERENCIA DE FINANZAS SEDE NORTE 12"), so common words ("sede", "norte")
recur as they do in a large entity; its activities are sample activities with the sample's own
monthly figures. The floors do the same work the naive way: a raw ``executemany`` of the same rows,
a plain SQL aggregate, brute-force rapidfuzz over the same names.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from storage.importers.common import ParsedActivity
from storage.importers.detect import parse_bytes

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample" / "poi-2019-iii-trimestre.txt"
PER_UNIT = 20
REGIONS = ("NORTE", "SUR", "CENTRO", "ORIENTE", "LIMA", "CALLAO", "AREQUIPA", "CUSCO", "PIURA", "PUNO")
HEADER = (
    ["AÑO", "UNIDAD ORGANICA", "CATEGORIA MEF", "ACTIVIDAD", "UNIDAD DE MEDIDA", "META ANUAL"]
    + [f"PROG {m:02d}" for m in range(1, 13)]
    + [f"EJEC {m:02d}" for m in range(1, 13)]
)


@dataclass(frozen=True)
class Row:
    """One generated activity: its unit, names and twelve programmed and executed figures."""

    unit: str
    category: str
    name: str
    measure: str
    programmed: tuple[float, ...]
    executed: tuple[float | None, ...]


def _sample() -> list[ParsedActivity]:
    _, parsed = parse_bytes(SAMPLE.read_bytes(), source_name=SAMPLE.name)
    return parsed.activities


def _months(item: ParsedActivity) -> tuple[tuple[float, ...], tuple[float | None, ...]]:
    known = [value or 0.0 for value in item.programmed[:9]]
    programmed = (*known, *known[6:9])  # the fourth quarter repeats the third
    return tuple(programmed), (*item.executed[:9], None, None, None)


def rows(count: int) -> list[Row]:
    """``count`` activities (rounded up to whole units of 20), deterministic."""
    sample = _sample()
    unit_names = list(dict.fromkeys(item.unit for item in sample))
    distinct = list({item.name: item for item in sample}.values())
    result: list[Row] = []
    for number in range(-(-count // PER_UNIT)):
        base = unit_names[number % len(unit_names)]
        unit = f"{base} SEDE {REGIONS[number // len(unit_names) % len(REGIONS)]} {number + 1}"
        for offset in range(PER_UNIT):
            item = distinct[(number * 7 + offset) % len(distinct)]
            programmed, executed = _months(item)
            result.append(Row(unit, item.mef_category, item.name, item.measure, programmed, executed))
    return result[: max(count, PER_UNIT)]


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def csv_bytes(plan: list[Row], year: int = 2019) -> bytes:
    """The plan as the template CSV (UTF-8, comma separated)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in plan:
        writer.writerow(
            [year, row.unit, row.category, row.name, row.measure, _cell(sum(row.programmed))]
            + [_cell(v) for v in row.programmed]
            + [_cell(v) for v in row.executed]
        )
    return out.getvalue().encode("utf-8")


def floor_import(engine: Engine, plan: list[Row]) -> None:
    """The floor: the same plan, units, activities and month rows by a raw executemany, one commit."""
    units = {name: index for index, name in enumerate(dict.fromkeys(r.unit for r in plan), 1)}
    activities = []
    months = []
    for index, row in enumerate(plan, 1):
        target = sum(row.programmed)
        activities.append((index, 1, units[row.unit], index, row.category, row.name, row.measure, target))
        for month in range(12):
            executed = row.executed[month]
            months.append((index, month + 1, row.programmed[month], executed, False, False, ""))
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        mark = "%s" if engine.dialect.name == "postgresql" else "?"

        def many(sql: str, values: list[tuple[object, ...]]) -> None:
            cursor.executemany(sql.replace("?", mark), values)

        many(
            "INSERT INTO plan (id, entity, year, cutoff_month, title, source_name, source_sha256, "
            "source_format, imported_at, is_current) VALUES (1, ?, 2019, 9, '', 'floor', 'floor', "
            "'template', CURRENT_TIMESTAMP, ?)",
            [("SAT", True)],
        )
        many(
            "INSERT INTO unit (id, plan_id, name, position) VALUES (?, 1, ?, ?)",
            [(i, name, i) for name, i in units.items()],
        )
        many(
            "INSERT INTO activity (id, plan_id, unit_id, position, mef_category, name, measure, "
            "annual_target) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            activities,  # type: ignore[arg-type]
        )
        many(
            "INSERT INTO monthfigure (activity_id, month, programmed, executed, programmed_inferred, "
            "executed_inferred, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            months,  # type: ignore[arg-type]
        )
        raw.commit()
    finally:
        raw.close()


# The naive answers: one SQL aggregate over every month row of the plan, each time it is asked.
SUMMARY_SQL = (
    "SELECT u.name, SUM(m.programmed), SUM(m.executed) FROM monthfigure m "
    "JOIN activity a ON a.id = m.activity_id JOIN unit u ON u.id = a.unit_id "
    "WHERE a.plan_id = {plan} AND m.month <= 9 GROUP BY u.name"
)
LAGGING_SQL = (
    "SELECT a.id, u.name, a.name, SUM(m.programmed) AS p, SUM(m.executed) AS e FROM monthfigure m "
    "JOIN activity a ON a.id = m.activity_id JOIN unit u ON u.id = a.unit_id "
    "WHERE a.plan_id = {plan} AND m.month <= 9 GROUP BY a.id, u.name, a.name "
    "HAVING SUM(m.executed) < 0.9 * SUM(m.programmed) "
    "ORDER BY SUM(m.executed) / SUM(m.programmed) LIMIT 30"
)


def floor_sql(engine: Engine, sql: str, plan_id: int) -> int:
    """Runs one naive aggregate; returns how many rows it gave."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(sql.format(plan=int(plan_id)))
        return len(cursor.fetchall())
    finally:
        raw.close()
