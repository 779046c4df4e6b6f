"""CEPLAN export rows: reading them, telling monthly from cumulative, the cut-off, the Total checks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.domain.figures import format_quantity
from storage.importers.common import (
    MAX_MOTIVE,
    Check,
    ImportRefused,
    Note,
    ParsedActivity,
    Where,
    clean_name,
    parse_number,
)
from storage.importers.reconcile import close
from storage.importers.tabular import Cell

WhereOf = Callable[[str, int | None], Where]


@dataclass
class RawRow:
    """One export row with its F columns as written (monthly or cumulative, not known yet)."""

    line: int
    unit: str
    name: str
    category: str
    measure: str
    programmed: list[float | None]
    executed: list[float | None]
    programmed_total: float | None
    executed_total: float | None
    motives: list[str]


def read_row(line: int, cells: Sequence[Cell], columns: dict[str, int], where: WhereOf) -> RawRow:
    """A row's cells; refuses a row without unit or activity, or with a figure that is not one."""

    def cell(role: str) -> Cell:
        index = columns.get(role)
        return cells[index] if index is not None and index < len(cells) else None

    def text(role: str) -> str:
        value = cell(role)
        return "" if value is None else clean_name(str(value))

    def number(role: str) -> float | None:
        return parse_number(cell(role), where(role, line)) if role in columns else None

    unit, name = text("unit"), text("activity")
    if not unit:
        raise ImportRefused("la fila no tiene Centro de Costo (unidad orgánica).", where("unit", line))
    if not name:
        raise ImportRefused("la fila no tiene Actividad Operativa.", where("activity", line))
    motives = [str(cell(f"motive{m}") or "").strip() for m in range(1, 13)]
    return RawRow(
        line=line,
        unit=unit,
        name=name,
        category=text("category"),
        measure=text("measure"),
        programmed=[number(f"re{m}") for m in range(1, 13)],
        executed=[number(f"se{m}") for m in range(1, 13)],
        programmed_total=number("re_total"),
        executed_total=number("se_total"),
        motives=motives,
    )


def is_cumulative(rows: Sequence[RawRow]) -> bool:
    """True when the Totals mostly equal the largest month rather than the sum of the months.

    A row whose Total fits both readings (a single non-zero month) does not vote; with no vote at
    all both readings give the same monthly figures, and monthly is assumed.
    """
    monthly = cumulative = 0
    for row in rows:
        for months, total in ((row.programmed, row.programmed_total), (row.executed, row.executed_total)):
            present = [value for value in months if value is not None]
            if total is None or not present:
                continue
            as_sum, as_last = close(total, sum(present)), close(total, max(present))
            monthly += as_sum and not as_last
            cumulative += as_last and not as_sum
    return cumulative > monthly


def _previous(values: Sequence[float | None], month: int) -> float:
    earlier = [value for value in values[: month - 1] if value is not None]
    return earlier[-1] if earlier else 0.0


def cutoff_month(rows: Sequence[RawRow], cumulative: bool) -> int:
    """The last month in which some activity executed something (0 when none did).

    Exports fill months not yet monitored with zeros (or repeat the running total): those do not
    move the cut-off.
    """
    last = 0
    for row in rows:
        for month, value in enumerate(row.executed, start=1):
            if value is None:
                continue
            moved = value > _previous(row.executed, month) if cumulative else value > 0
            if moved:
                last = max(last, month)
    return last


def _monthly(
    values: Sequence[float | None], cumulative: bool, months: int, label: str, where: WhereOf, line: int
) -> list[float | None]:
    result: list[float | None] = [None] * 12
    for month in range(1, months + 1):
        value = values[month - 1]
        if value is None or not cumulative:
            result[month - 1] = value
            continue
        before = _previous(values, month)
        if value < before and not close(value, before):
            raise ImportRefused(
                f"el acumulado baja de {format_quantity(before)} a {format_quantity(value)}.",
                where(f"{label}{month}", line),
            )
        result[month - 1] = round(value - before, 6)
    return result


def to_activity(
    row: RawRow, cumulative: bool, cutoff: int, where: WhereOf
) -> tuple[ParsedActivity, list[Note]]:
    """The activity with monthly figures (executed only up to the cut-off) and motives kept."""
    programmed = _monthly(row.programmed, cumulative, 12, "re", where, row.line)
    executed = _monthly(row.executed, cumulative, cutoff, "se", where, row.line)
    target = row.programmed_total
    if target is None:
        target = sum(value for value in programmed if value is not None)
    notes = []
    motives = []
    for month, motive in enumerate(row.motives, start=1):
        if len(motive) > MAX_MOTIVE:
            notes.append(
                Note(
                    row.line,
                    row.unit,
                    row.name,
                    "truncated",
                    f"El Motivo(SE) {month:02d} tenía {len(motive)} caracteres; se guardaron {MAX_MOTIVE}.",
                )
            )
            motive = motive[: MAX_MOTIVE - 1] + "…"
        motives.append(motive)
    activity = ParsedActivity(
        unit=row.unit,
        name=row.name,
        mef_category=row.category,
        measure=row.measure,
        annual_target=target,
        line=row.line,
        programmed=programmed,
        executed=executed,
        motives=motives,
    )
    return activity, notes


def series_checks(
    activities: Sequence[ParsedActivity], rows: Sequence[RawRow]
) -> tuple[list[Check], list[Note]]:
    """Each row's F(RE) Total and F(SE) Total against its months: one check each, a note per bad row."""
    pairs = list(zip(activities, rows, strict=True))
    checks: list[Check] = []
    notes: list[Note] = []
    for label, items in (
        ("F(RE)", [(row, activity.programmed, row.programmed_total) for activity, row in pairs]),
        ("F(SE)", [(row, activity.executed, row.executed_total) for activity, row in pairs]),
    ):
        compared = [(row, months, total) for row, months, total in items if total is not None]
        bad = []
        for row, months, total in compared:
            found = sum(value for value in months if value is not None)
            if total is not None and not close(total, found):
                detail = (
                    f"{label} Total dice {format_quantity(total)} y sus meses suman {format_quantity(found)}."
                )
                bad.append(Note(row.line, row.unit, row.name, "total_mismatch", detail))
        if compared:
            what = f"Actividades cuyo {label} Total cuadra con sus meses"
            checks.append(Check(what, float(len(compared)), float(len(compared) - len(bad)), not bad))
        notes.extend(bad)
    return checks, notes
