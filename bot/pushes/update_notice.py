"""The data update notice: what a new cut-off changed for a subscriber's units (Telegram HTML).

Pure functions over the snapshot answered from before the import and the new one. Each plan is
read at its own default period (cumulative to its cut-off), as questions are answered: progress
before → after, the activities that fell behind and those that recovered. A plan of another year
(or no previous plan) is announced as a new POI, with where each unit stands.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.figures import (
    STATUS_ICONS,
    STATUS_LABELS,
    ActivityFigure,
    Bands,
    Progress,
    activity_figure,
    default_period,
    format_percent,
    progress,
)
from bot.domain.periods import MONTH_NAMES
from bot.domain.snapshot import PlanSnapshot
from bot.pushes.messages import behind_line, capped, message, section_name, targets
from bot.render.answer_parts import HTML, figure_line

Key = tuple[str, str]  # (unit, activity): how an activity is recognised across plans


def _rows(snapshot: PlanSnapshot, unit: str | None, bands: Bands) -> dict[Key, ActivityFigure]:
    series = snapshot.series_of(unit) if unit else snapshot.series
    period = default_period(snapshot.cutoff_month)
    return {(item.unit, item.activity): activity_figure(item, period, bands) for item in series}


def _cutoff(snapshot: PlanSnapshot) -> str:
    return MONTH_NAMES[snapshot.cutoff_month - 1]


def _percent_line(
    before: Progress | None, after: Progress, old: PlanSnapshot | None, new: PlanSnapshot
) -> str:
    now = f"{HTML.bold(format_percent(after.percent))} (a {_cutoff(new)})"
    band = f" · {STATUS_LABELS[after.status]}" if after.status else ""
    if before is None or old is None:
        return f"Avance acumulado: {now}{band}"
    return f"Avance acumulado: {format_percent(before.percent)} (a {_cutoff(old)}) → {now}{band}"


def _recovered_line(row: ActivityFigure, *, with_unit: bool) -> str:
    unit = f" ({HTML.text(row.unit)})" if with_unit else ""
    return f"{STATUS_ICONS[row.status]} {HTML.text(row.activity)}{unit} — {HTML.text(figure_line(row))}"


def _section(old: PlanSnapshot | None, new: PlanSnapshot, unit: str | None, bands: Bands) -> list[str]:
    after = _rows(new, unit, bands)
    before = _rows(old, unit, bands) if old is not None else None
    lines = [
        section_name(unit),
        _percent_line(
            progress(list(before.values()), bands) if before is not None else None,
            progress(list(after.values()), bands),
            old,
            new,
        ),
    ]
    behind_now = [key for key, row in after.items() if row.lagging]
    if before is None:
        lines.append(f"Rezagadas: {len(behind_now)}")
        return lines
    behind_before = [key for key, row in before.items() if row.lagging]
    newly = [after[key] for key in behind_now if key not in behind_before]
    recovered = [after[key] for key in behind_before if key in after and not after[key].lagging]
    lines.append(f"Rezagadas: {len(behind_before)} → {len(behind_now)}")
    with_unit = unit is None
    if newly:
        newly.sort(key=lambda row: (row.percent if row.percent is not None else 0.0, -row.gap))
        lines.append("Nuevas rezagadas:")
        lines += capped([behind_line(row, row.gap, with_unit=with_unit) for row in newly])
    if recovered:
        lines.append("Se pusieron al día:")
        lines += capped([_recovered_line(row, with_unit=with_unit) for row in recovered])
    if not newly and not recovered:
        lines.append("Ninguna actividad cambió de estado (rezagada / al día).")
    return lines


def data_update_text(
    old: PlanSnapshot | None, new: PlanSnapshot, scopes: Sequence[str], bands: Bands
) -> str | None:
    """The notice for one recipient after `new` became the current plan; None when the plan has
    none of the recipient's units."""
    comparable = old if old is not None and old.year == new.year and old.plan_id != new.plan_id else None
    if comparable is None:
        title = f"📥 {HTML.bold(f'Nuevo POI {new.year} cargado')}, con datos a {_cutoff(new)}"
    else:
        title = (
            f"🔄 {HTML.bold(f'Datos del POI {new.year} actualizados')}: ahora a {_cutoff(new)} "
            f"(antes a {_cutoff(comparable)})"
        )
    sections = [_section(comparable, new, unit, bands) for unit in targets(new, scopes)]
    return message(title, sections, new)
