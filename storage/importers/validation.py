"""The checks every parsed file passes before anything is written: structure, names, figures, limits.

Any failure refuses the whole file (ImportRefused, naming the line and column).
"""

from __future__ import annotations

import math
from dataclasses import replace

from bot.domain.text import normalize
from storage.importers.common import (
    MAX_ACTIVITY,
    MAX_CATEGORY,
    MAX_FIGURE,
    MAX_MEASURE,
    MAX_MOTIVE,
    MAX_ROWS,
    MAX_UNIT,
    ImportRefused,
    ParsedActivity,
    ParsedPlan,
    Where,
    month_label,
)

MIN_YEAR = 2000
MAX_YEAR = 2100


def validate_plan(plan: ParsedPlan) -> None:
    """Refuses a plan that cannot be stored faithfully; returns quietly when it can."""
    if not plan.activities:
        raise ImportRefused("el archivo no tiene ninguna fila de actividad.")
    if len(plan.activities) > MAX_ROWS:
        raise ImportRefused(
            f"el archivo tiene {len(plan.activities):,} actividades; el máximo es {MAX_ROWS:,}."
        )
    if not MIN_YEAR <= plan.year <= MAX_YEAR:
        raise ImportRefused(f"el año {plan.year} no es plausible para un POI ({MIN_YEAR}-{MAX_YEAR}).")
    if not 1 <= plan.cutoff_month <= 12:
        raise ImportRefused("no se pudo determinar el mes de corte de los datos.")
    units: dict[str, tuple[str, int | None]] = {}
    seen: dict[tuple[str, str], tuple[str, int | None, int]] = {}
    for index, activity in enumerate(plan.activities):
        _validate_names(plan, activity)
        _validate_figures(plan, activity)
        unit_key = _key(activity.unit)
        first_unit = units.setdefault(unit_key, (activity.unit, activity.line))
        if first_unit[0] != activity.unit:
            raise ImportRefused(
                f"la unidad «{activity.unit}» y «{first_unit[0]}» ({_place(plan, first_unit[1])}) "
                "difieren solo en mayúsculas, tildes, espacios o signos: escríbalas igual si son la "
                "misma unidad, o distíngalas.",
                _at(plan, "unit", activity.line),
            )
        first = seen.setdefault((unit_key, _key(activity.name)), (activity.name, activity.line, index))
        if first[2] != index:
            spelled = (
                ""
                if first[0] == activity.name
                else f" como «{first[0]}», que difiere solo en mayúsculas, tildes o espacios"
            )
            raise ImportRefused(
                f"la actividad «{activity.name}» de «{activity.unit}» ya figura en "
                f"{_place(plan, first[1])}{spelled}; cada actividad debe aparecer una sola vez por "
                "unidad orgánica.",
                _at(plan, "activity", activity.line),
            )


def _key(name: str) -> str:
    """Names as the bot compares them (bot.domain.text.normalize): two that match are one."""
    return normalize(name) or name


def _place(plan: ParsedPlan, line: int | None) -> str:
    if line is None:
        return "otra fila"
    sheet = plan.columns.get("unit", Where()).sheet
    return f"la fila {line}" if sheet is not None else f"la línea {line}"


def _at(plan: ParsedPlan, role: str, line: int | None) -> Where:
    return replace(plan.columns.get(role, Where()), line=line)


def _validate_names(plan: ParsedPlan, activity: ParsedActivity) -> None:
    if not activity.unit:
        raise ImportRefused("la fila no tiene unidad orgánica.", _at(plan, "unit", activity.line))
    if not activity.name:
        raise ImportRefused("la fila no tiene actividad.", _at(plan, "activity", activity.line))
    limits = (
        ("unit", activity.unit, MAX_UNIT, "el nombre de la unidad orgánica"),
        ("activity", activity.name, MAX_ACTIVITY, "el nombre de la actividad"),
        ("measure", activity.measure, MAX_MEASURE, "la unidad de medida"),
        ("category", activity.mef_category, MAX_CATEGORY, "la categoría MEF"),
    )
    for role, text, limit, what in limits:
        if len(text) > limit:
            raise ImportRefused(
                f"{what} tiene {len(text)} caracteres; el máximo es {limit}.",
                _at(plan, role, activity.line),
            )
    for month, motive in enumerate(activity.motives, start=1):
        if len(motive) > MAX_MOTIVE:
            raise ImportRefused(
                f"el motivo de {month_label(month)} tiene {len(motive)} caracteres; "
                f"el máximo es {MAX_MOTIVE}.",
                _at(plan, f"motive{month}", activity.line),
            )


def _validate_figures(plan: ParsedPlan, activity: ParsedActivity) -> None:
    series = (
        ("target", [activity.annual_target]),
        ("programmed", activity.programmed),
        ("executed", activity.executed),
        ("quarter_programmed", activity.quarter_programmed),
        ("quarter_executed", activity.quarter_executed),
    )
    for role, values in series:
        for value in values:
            if value is not None and (not math.isfinite(value) or not 0 <= value <= MAX_FIGURE):
                raise ImportRefused(
                    f"la cifra {value:g} no es una cantidad física válida.", _at(plan, role, activity.line)
                )
