"""Helpers for the importer tests: the seed, whole-store dumps, and sources built from figures.

Every fixture file is generated here (text, CSV, XLSX with openpyxl), so none is shipped as binary.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Engine, select
from sqlmodel import Session, SQLModel

from bot.domain.figures import ActivitySeries
from bot.domain.periods import MONTH_ABBR, QUARTER_ROMAN
from bot.domain.snapshot import PlanSnapshot
from storage.importers.template import TEMPLATE_COLUMNS
from storage.queries import load_snapshot
from tests.conftest import SAMPLE_REPORT

SEED = SAMPLE_REPORT.read_bytes()
SEED_NAME = SAMPLE_REPORT.name


def seed_lines() -> list[str]:
    """The seed's lines (1-based line N is index N - 1), to build altered copies."""
    return SEED.decode("utf-8").split("\n")


def join_lines(lines: Sequence[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order: the store's whole state."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            statement = select(table).order_by(*table.primary_key.columns)
            state[table.name] = [tuple(row) for row in connection.execute(statement)]
    return state


def snapshot(engine: Engine, plan_id: int) -> PlanSnapshot:
    with Session(engine) as session:
        return load_snapshot(session=session, plan_id=plan_id)


def figures_of(plan: PlanSnapshot) -> list[tuple[Any, ...]]:
    """What a person reads of each activity: names, target and the monthly figures."""
    return [
        (s.unit, s.activity, s.measure, s.mef_category, s.annual_target, s.programmed, s.executed)
        for s in plan.series
    ]


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def template_rows(series: Sequence[ActivitySeries], year: int) -> list[list[Any]]:
    """Template rows holding the figures of a snapshot (AÑO on the first row only)."""
    rows: list[list[Any]] = [list(TEMPLATE_COLUMNS)]
    for index, s in enumerate(series):
        row: list[Any] = [year if index == 0 else None, s.unit, s.mef_category, s.activity, s.measure]
        row += [s.annual_target, *s.programmed, *s.executed]
        rows.append(row)
    return rows


def csv_bytes(rows: Sequence[Sequence[Any]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: Sequence[Sequence[Any]], sheet: str = "POI", before: int = 0) -> bytes:
    """A workbook with the rows on one sheet, after ``before`` title rows."""
    book = Workbook()
    worksheet = book.active
    worksheet.title = sheet
    for number in range(before):
        worksheet.append([f"Título {number + 1}"])
    for row in rows:
        worksheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_text(series: Sequence[ActivitySeries], title: str, months: int) -> bytes:
    """A published-style report (one page) up to ``months``, quarters added up from the months."""
    quarters = months // 3
    header = ["UNIDAD ORGÁNICA", "MEF", "ACTIVIDAD POI", "UNIDAD DE MEDIDA", "META ANUAL", "PROGRAMADO"]
    header += [""] * (months - 1) + ["EJECUTADO"] + [""] * (months - 1)
    for quarter in range(quarters):
        header += [f"{QUARTER_ROMAN[quarter]} TRIMESTRE", ""]
    sub = [""] * 5 + list(MONTH_ABBR[:months]) * 2 + ["PROG", "EJEC"] * quarters
    lines = ["", title, "", "\t".join(header), "\t".join(sub)]
    for s in series:
        cells = [s.unit, s.mef_category, s.activity, s.measure, _cell(s.annual_target)]
        cells += [_cell(v) for v in s.programmed[:months]] + [_cell(v) for v in s.executed[:months]]
        for quarter in range(quarters):
            for values in (s.programmed, s.executed):
                cells.append(_cell(sum(v or 0.0 for v in values[3 * quarter : 3 * quarter + 3])))
        lines.append("\t".join(cells))
    return "\n".join(lines).encode("utf-8")


CEPLAN_TEXT = ["Centro de Costo", "Categoria ID", "Categoria", "Actividad Presupuestal ID"]
CEPLAN_TEXT += ["Actividad Presupuestal", "Actividad Operativa ID", "Actividad Operativa", "Unidad de Medida"]
CEPLAN_TEXT += ["Departamento Nombre UBIGEO", "Cons PIM", "Fn(RE) Total"]


def ceplan_header() -> list[str]:
    """CEPLAN's column names, as DOMAIN.md lists them."""
    header = list(CEPLAN_TEXT)
    header += [f"F(RE) {m:02d}" for m in range(1, 13)] + ["F(RE) Total"]
    header += [f"F(SE) {m:02d}" for m in range(1, 13)] + ["F(SE) Total", "Fn(SE) Total"]
    header += [f"Motivo(SE) {m:02d}" for m in range(1, 13)]
    return header


def ceplan_row(
    unit: str,
    activity: str,
    programmed: Sequence[float],
    executed: Sequence[float | None],
    *,
    cumulative: bool,
    motives: dict[int, str] | None = None,
) -> list[Any]:
    """One export row; the F columns written monthly or as running totals, Total to match."""

    def shaped(values: Sequence[float | None]) -> tuple[list[float | None], float]:
        if not cumulative:
            return list(values), sum(v or 0.0 for v in values)
        running, result = 0.0, []
        for value in values:
            running += value or 0.0
            result.append(None if value is None else running)
        return result, running

    re_months, re_total = shaped(programmed)
    se_months, se_total = shaped(executed)
    texts: list[Any] = [unit, "9001", "ACCIONES CENTRALES", "5000003", "GESTION ADMINISTRATIVA", "AOI001"]
    texts += [activity, "ACCIONES", "LIMA", 120000.0, 50000.0]
    motive = [(motives or {}).get(m, "") or None for m in range(1, 13)]
    return [*texts, *re_months, re_total, *se_months, se_total, 30000.0, *motive]
