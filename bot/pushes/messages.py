"""What each scheduled push says to one recipient, composed from a plan's figures (Telegram HTML).

Pure functions over a snapshot of the plan of the year the push speaks of. A recipient subscribed
to "*" gets the institution's version; one subscribed to several units gets a section per unit in
one message. None means nothing to say: the delivery is recorded as skipped and nothing is sent
(a quarter alert when nothing lags, any push when its year has no plan). Every data string is
escaped and every line is self-contained, so a long message splits at any line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.domain.answers import AnswerKind, UnitProgress, answer
from bot.domain.figures import (
    STATUS_ICONS,
    STATUS_LABELS,
    ActivityFigure,
    ActivitySeries,
    Bands,
    Status,
    activity_figure,
    format_percent,
    format_quantity,
    lagging,
    percent,
    period_total,
    status_of,
)
from bot.domain.periods import MONTH_NAMES, QUARTER_ROMAN, Period, quarter_months
from bot.domain.query import Intent, Query
from bot.domain.snapshot import PlanSnapshot
from bot.pushes.calendar import PushKind, quarter_last_day
from bot.render.answer_parts import HTML, figure_line, headline_icon, period_phrase, progress_line
from storage.subscriptions import ALL_UNITS

MAX_ITEMS = 15  # lines listed per section before "… y N más"
SUMMARY_ITEMS = 5
INSTITUTION = "Toda la institución"


def targets(snapshot: PlanSnapshot, scopes: Sequence[str]) -> list[str | None]:
    """The sections a recipient gets: None for the institution ("*"), else each subscribed unit
    the plan has, in the plan's order."""
    if ALL_UNITS in scopes:
        return [None]
    return [unit for unit in snapshot.units if unit in scopes]


def footer(snapshot: PlanSnapshot) -> str:
    return f"POI {snapshot.year} · datos a {MONTH_NAMES[snapshot.cutoff_month - 1]}"


def capped(items: Sequence[str], limit: int = MAX_ITEMS) -> list[str]:
    """The first `limit` items, and how many more there are."""
    rest = len(items) - limit
    return [*items[:limit], *([f"… y {rest} más"] if rest > 0 else [])]


def section_name(unit: str | None) -> str:
    return HTML.bold(unit or INSTITUTION)


def behind_line(row: ActivityFigure, to_close: float, *, with_unit: bool) -> str:
    """ "🔴 ACTIVIDAD (UNIDAD) — 0 de 2 DOCUMENTOS (0.0 %) · faltan 2"."""
    unit = f" ({HTML.text(row.unit)})" if with_unit else ""
    return (
        f"{STATUS_ICONS[row.status]} {HTML.text(row.activity)}{unit} — "
        f"{HTML.text(figure_line(row))} · faltan {format_quantity(to_close)}"
    )


def message(title: str, sections: Sequence[list[str] | None], snapshot: PlanSnapshot) -> str | None:
    """The title, the sections that have something to say, and the footer; None when none has."""
    said = [section for section in sections if section]
    if not said:
        return None
    lines = [title]
    for section in said:
        lines += ["", *section]
    return "\n".join([*lines, "", footer(snapshot)])


def has_quarter_data(snapshot: PlanSnapshot, quarter: int) -> bool:
    """Whether the plan's data reach into the quarter."""
    return snapshot.cutoff_month >= quarter_months(quarter)[0]


def _series(snapshot: PlanSnapshot, unit: str | None) -> tuple[ActivitySeries, ...]:
    return snapshot.series_of(unit) if unit else snapshot.series


def reminder_text(snapshot: PlanSnapshot, month: int, scopes: Sequence[str], bands: Bands) -> str | None:
    """Monthly reminder: register last month's execution; what was programmed then, what lags so far."""
    title = f"📝 {HTML.bold(f'Registra la ejecución de {MONTH_NAMES[month - 1]} de {snapshot.year}')}"
    sections = [_reminder_section(snapshot, month, unit, bands) for unit in targets(snapshot, scopes)]
    return message(title, sections, snapshot)


def _reminder_section(snapshot: PlanSnapshot, month: int, unit: str | None, bands: Bands) -> list[str]:
    name = MONTH_NAMES[month - 1]
    planned = [
        row
        for row in (activity_figure(item, Period.month(month), bands) for item in _series(snapshot, unit))
        if row.programmed > 0
    ]
    lines = [section_name(unit)]
    if not planned:
        lines.append(f"Sin cantidades programadas en {name}.")
    elif unit is None:
        units = len({row.unit for row in planned})
        lines.append(f"Programado en {name}: {len(planned)} actividades de {units} unidades.")
    else:
        lines.append(f"Programado en {name}:")
        lines += capped([_planned_line(row) for row in planned])
    return lines + _lagging_so_far(snapshot, min(month, snapshot.cutoff_month), unit, bands)


def _planned_line(row: ActivityFigure) -> str:
    measure = f" {HTML.text(row.measure)}" if row.measure else ""
    return f"• {HTML.text(row.activity)}: {format_quantity(row.programmed)}{measure}"


def _lagging_so_far(snapshot: PlanSnapshot, through: int, unit: str | None, bands: Bands) -> list[str]:
    found = answer(Query(Intent.LAGGING, unit=unit, period=Period.cumulative(through)), snapshot, bands=bands)
    phrase = "en enero" if through == 1 else f"de enero a {MONTH_NAMES[through - 1]}"
    if not found.rows:
        return [f"{STATUS_ICONS[Status.VERDE]} Ninguna actividad rezagada {phrase}."]
    lines = [f"Rezagadas {phrase}: {len(found.rows)}"]
    return lines + capped([behind_line(row, row.gap, with_unit=unit is None) for row in found.rows])


def quarter_to_date(series: ActivitySeries, quarter: int, cutoff: int, bands: Bands) -> ActivityFigure:
    """An activity's figures in a quarter up to the data cut-off (the whole quarter, as published,
    once the data cover it)."""
    months = [month for month in quarter_months(quarter) if month <= cutoff]
    if len(months) == 3:
        return activity_figure(series, Period.quarter(quarter), bands)
    if not months:
        raise ValueError(f"the data (to month {cutoff}) do not reach quarter {quarter}")
    parts = [activity_figure(series, Period.month(month), bands) for month in months]
    programmed = sum(part.programmed for part in parts)
    executed = sum(part.executed for part in parts)
    return replace(
        parts[0],
        programmed=programmed,
        executed=executed,
        percent=percent(programmed, executed),
        status=status_of(programmed, executed, bands),
        inferred=any(part.inferred for part in parts),
    )


def quarter_behind(
    snapshot: PlanSnapshot, quarter: int, unit: str | None, bands: Bands
) -> list[tuple[ActivityFigure, float]]:
    """The activities behind schedule in the quarter to date, worst first, each with what is still
    to execute to meet the whole quarter's programme."""
    rows: list[ActivityFigure] = []
    to_close: dict[tuple[str, str], float] = {}
    for item in _series(snapshot, unit):
        row = quarter_to_date(item, quarter, snapshot.cutoff_month, bands)
        if row.lagging:
            whole = period_total(item, Period.quarter(quarter), executed=False, reported_only=False) or 0.0
            rows.append(row)
            to_close[(row.unit, row.activity)] = max(whole - row.executed, row.gap)
    return [(row, to_close[(row.unit, row.activity)]) for row in lagging(rows)]


def quarter_alert_text(
    snapshot: PlanSnapshot, quarter: int, scopes: Sequence[str], bands: Bands
) -> str | None:
    """Before a quarter closes: the activities behind schedule and the gap to close; None if none lags."""
    if not has_quarter_data(snapshot, quarter):
        return None
    roman = QUARTER_ROMAN[quarter - 1]
    last = quarter_last_day(snapshot.year, quarter)
    closes = f"{last.day} de {MONTH_NAMES[last.month - 1]}"
    title = f"⚠️ {HTML.bold(f'El {roman} trimestre de {snapshot.year} cierra el {closes}')}"
    sections = [_alert_section(snapshot, quarter, unit, bands) for unit in targets(snapshot, scopes)]
    body = message(title, sections, snapshot)
    if body is None:
        return None
    partial = snapshot.cutoff_month < quarter_months(quarter)[-1]
    scope = f" (datos hasta {MONTH_NAMES[snapshot.cutoff_month - 1]})" if partial else ""
    intro = (
        f"Van por debajo de lo programado en el trimestre{scope}; «faltan» es lo que queda para cumplirlo."
    )
    head, rest = body.split("\n", 1)
    return f"{head}\n{intro}\n{rest}"


def _alert_section(snapshot: PlanSnapshot, quarter: int, unit: str | None, bands: Bands) -> list[str] | None:
    behind = quarter_behind(snapshot, quarter, unit, bands)
    if not behind:
        return None
    noun = "actividad rezagada" if len(behind) == 1 else "actividades rezagadas"
    lines = [f"{section_name(unit)}: {len(behind)} {noun}"]
    return lines + capped([behind_line(row, gap, with_unit=unit is None) for row, gap in behind])


def quarter_summary_text(
    snapshot: PlanSnapshot, quarter: int, scopes: Sequence[str], bands: Bands
) -> str | None:
    """After a quarter closed: each unit's result (or the institution's) for the quarter."""
    if not has_quarter_data(snapshot, quarter):
        return None
    title = f"📊 {HTML.bold(f'Cierre del {QUARTER_ROMAN[quarter - 1]} trimestre de {snapshot.year}')}"
    sections = [_summary_section(snapshot, quarter, unit, bands) for unit in targets(snapshot, scopes)]
    return message(title, sections, snapshot)


def _summary_section(
    snapshot: PlanSnapshot, quarter: int, unit: str | None, bands: Bands
) -> list[str] | None:
    period = Period.quarter(quarter)
    intent = Intent.SUMMARY if unit is None else Intent.UNIT_PROGRESS
    found = answer(Query(intent, unit=unit, period=period), snapshot, bands=bands)
    summary = found.summary
    if found.kind not in (AnswerKind.UNIT, AnswerKind.SUMMARY) or summary is None:
        return None
    band = f" ({STATUS_LABELS[summary.status]})" if summary.status else ""
    lines = [
        section_name(unit),
        f"{headline_icon(summary)} Avance {period_phrase(period)}: "
        f"{HTML.bold(format_percent(summary.percent))}{band}",
        f"{len(summary.activities)} actividades: {progress_line(summary)}",
        *[HTML.italic(note) for note in found.notes],
    ]
    behind = lagging(found.rows)
    if unit is None:
        lines.append(f"{len(behind)} actividades rezagadas.")
        lowest = [item for item in reversed(found.ranking) if item.progress.percent is not None]
        if lowest:
            lines.append("Unidades con menor avance:")
            lines += [_ranked_line(item) for item in lowest[:SUMMARY_ITEMS]]
    elif behind:
        lines.append(f"Rezagadas: {len(behind)}")
        lines += capped([behind_line(row, row.gap, with_unit=False) for row in behind], SUMMARY_ITEMS)
    else:
        lines.append("Ninguna actividad rezagada en el trimestre.")
    return lines


def _ranked_line(item: UnitProgress) -> str:
    return f"{headline_icon(item.progress)} {format_percent(item.progress.percent)}  {HTML.text(item.unit)}"


def push_text(
    kind: PushKind, period: Period, snapshot: PlanSnapshot | None, scopes: Sequence[str], bands: Bands
) -> str | None:
    """The text of a scheduled push for one recipient; None when there is nothing to say."""
    if snapshot is None or period.value is None:
        return None
    if kind is PushKind.REMINDER:
        return reminder_text(snapshot, period.value, scopes, bands)
    if kind is PushKind.QUARTER_ALERT:
        return quarter_alert_text(snapshot, period.value, scopes, bands)
    if kind is PushKind.QUARTER_SUMMARY:
        return quarter_summary_text(snapshot, period.value, scopes, bands)
    raise ValueError(f"{kind} is not a scheduled push")


def silence_reason(
    kind: PushKind,
    year: int,
    period: Period,
    snapshot: PlanSnapshot | None,
    scopes: Sequence[str],
    bands: Bands,
) -> str | None:
    """Why a scheduled push would send this recipient nothing with the data loaded now (None: it
    would send something)."""
    if snapshot is None:
        return f"no hay un POI {year} cargado"
    quarterly = kind in (PushKind.QUARTER_ALERT, PushKind.QUARTER_SUMMARY)
    if quarterly and period.value is not None and not has_quarter_data(snapshot, period.value):
        cutoff = MONTH_NAMES[snapshot.cutoff_month - 1]
        return f"los datos del POI {year} llegan a {cutoff}: aún no hay ejecución del {period.label()}"
    if not targets(snapshot, scopes):
        return f"tus unidades no figuran en el POI {year}"
    if push_text(kind, period, snapshot, scopes, bands) is not None:
        return None
    if kind is PushKind.QUARTER_ALERT:
        return f"con los datos actuales no hay actividades rezagadas en el {period.label()}"
    return "con los datos actuales no hay nada que informar"
