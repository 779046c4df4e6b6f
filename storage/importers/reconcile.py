"""Reconciliation: a source against the totals it carries. Differences are warnings, never fixes.

Each function returns the checks (what, expected = the total the source states, found = what its
rows add up to) and the notes tying a difference to a row. Monthly figures are kept as given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.domain.figures import format_quantity
from bot.domain.periods import QUARTER_ROMAN, quarter_months
from storage.importers.common import Check, Note, ParsedActivity, month_label


def close(a: float, b: float) -> bool:
    """Equal up to floating-point noise (sources carry integers or a few decimals)."""
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


@dataclass
class SourceTotals:
    """What a TOTAL row states; ``None`` where the source has no such column."""

    target: float | None = None
    programmed: list[float | None] = field(default_factory=lambda: [None] * 12)
    executed: list[float | None] = field(default_factory=lambda: [None] * 12)
    quarter_programmed: list[float | None] = field(default_factory=lambda: [None] * 4)
    quarter_executed: list[float | None] = field(default_factory=lambda: [None] * 4)


def _total(values: Sequence[float | None]) -> float:
    return float(sum(value for value in values if value is not None))


def total_checks(activities: Sequence[ParsedActivity], totals: SourceTotals) -> list[Check]:
    """The TOTAL row against the sum of the activities, column by column."""
    pairs: list[tuple[str, float | None, float]] = [
        ("META ANUAL", totals.target, _total([a.annual_target for a in activities]))
    ]
    for label, stated, rows in (
        ("PROGRAMADO", totals.programmed, [a.programmed for a in activities]),
        ("EJECUTADO", totals.executed, [a.executed for a in activities]),
    ):
        for month in range(1, 13):
            found = _total([row[month - 1] for row in rows])
            pairs.append((f"{label} {month_label(month)}", stated[month - 1], found))
    for quarter in range(1, 5):
        roman = QUARTER_ROMAN[quarter - 1]
        pairs.append(
            (
                f"{roman} TRIMESTRE PROG",
                totals.quarter_programmed[quarter - 1],
                _total([a.quarter_programmed[quarter - 1] for a in activities]),
            )
        )
        pairs.append(
            (
                f"{roman} TRIMESTRE EJEC",
                totals.quarter_executed[quarter - 1],
                _total([a.quarter_executed[quarter - 1] for a in activities]),
            )
        )
    return [
        Check(what=f"Fila TOTAL, {label}", expected=stated, found=found, ok=close(stated, found))
        for label, stated, found in pairs
        if stated is not None
    ]


def quarter_mismatches(activity: ParsedActivity) -> list[str]:
    """Spanish descriptions of each published quarter its months do not add up to."""
    problems = []
    for quarter in range(1, 5):
        for label, months, published in (
            ("PROG", activity.programmed, activity.quarter_programmed[quarter - 1]),
            ("EJEC", activity.executed, activity.quarter_executed[quarter - 1]),
        ):
            values = [months[m - 1] for m in quarter_months(quarter)]
            if published is None or any(value is None for value in values):
                continue
            found = _total(values)
            if not close(published, found):
                parts = " + ".join(
                    f"{month_label(m)} {format_quantity(months[m - 1] or 0.0)}"
                    for m in quarter_months(quarter)
                )
                problems.append(
                    f"{label} {QUARTER_ROMAN[quarter - 1]} trimestre publicado {format_quantity(published)}, "
                    f"los meses suman {format_quantity(found)} ({parts})"
                )
    return problems


def _comparable(activity: ParsedActivity) -> bool:
    for quarter in range(1, 5):
        for months, published in (
            (activity.programmed, activity.quarter_programmed[quarter - 1]),
            (activity.executed, activity.quarter_executed[quarter - 1]),
        ):
            if published is not None and all(months[m - 1] is not None for m in quarter_months(quarter)):
                return True
    return False


def quarter_checks(activities: Sequence[ParsedActivity]) -> tuple[list[Check], list[Note]]:
    """Each row's months against its published quarter columns: one check, a note per bad row."""
    compared = [activity for activity in activities if _comparable(activity)]
    if not compared:
        return [], []
    notes = []
    for activity in compared:
        problems = quarter_mismatches(activity)
        if problems:
            detail = (
                "Los meses no suman lo publicado en sus trimestres: "
                + "; ".join(problems)
                + ". Se guardan las cifras tal como vienen; para trimestres y acumulados manda lo publicado."
            )
            notes.append(Note(activity.line, activity.unit, activity.name, "inconsistent", detail))
    check = Check(
        what="Actividades cuyos meses suman sus trimestres publicados",
        expected=float(len(compared)),
        found=float(len(compared) - len(notes)),
        ok=not notes,
    )
    return [check], notes


def target_checks(activities: Sequence[ParsedActivity], label: str) -> tuple[list[Check], list[Note]]:
    """The annual target against the sum of the twelve programmed months, where all twelve are given."""
    compared = [a for a in activities if all(value is not None for value in a.programmed)]
    if not compared:
        return [], []
    notes = []
    for activity in compared:
        found = _total(activity.programmed)
        if not close(activity.annual_target, found):
            detail = (
                f"La meta anual es {format_quantity(activity.annual_target)} y {label} suman "
                f"{format_quantity(found)}."
            )
            notes.append(Note(activity.line, activity.unit, activity.name, "target_mismatch", detail))
    check = Check(
        what=f"Actividades cuya meta anual es la suma de {label}",
        expected=float(len(compared)),
        found=float(len(compared) - len(notes)),
        ok=not notes,
    )
    return [check], notes


def unreported_notes(activities: Sequence[ParsedActivity], cutoff_month: int) -> list[Note]:
    """A note per activity with blank executed months up to the cut-off (not reported yet)."""
    notes = []
    for activity in activities:
        blank = [month_label(m) for m in range(1, cutoff_month + 1) if activity.executed[m - 1] is None]
        if blank:
            detail = (
                f"Sin ejecución reportada en {', '.join(blank)} (el corte es {month_label(cutoff_month)}); "
                "se deja en blanco, no como cero."
            )
            notes.append(Note(activity.line, activity.unit, activity.name, "not_reported", detail))
    return notes
