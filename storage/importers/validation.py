"""The checks every parsed file passes before anything is written: structure, names, figures, limits.

Any failure refuses the whole file (ImportRefused, naming the line and column).
"""

from __future__ import annotations

import math
from dataclasses import replace

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
    seen: dict[tuple[str, str], int | None] = {}
    for activity in plan.activities:
        _validate_names(plan, activity)
        _validate_figures(plan, activity)
        key = (activity.unit, activity.name)
        if key in seen:
            first = seen[key]
            earlier = f"la línea {first}" if first is not None else "otra fila"
            raise ImportRefused(
                f"la actividad «{activity.name}» de «{activity.unit}» ya figura en {earlier}; "
                "cada actividad debe aparecer una sola vez por unidad orgánica.",
                _at(plan, "activity", activity.line),
            )
        seen[key] = activity.line


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
