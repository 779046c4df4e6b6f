"""The drill-down views that `bot.render.answer_text` has no composer for: a unit's activity list and one
activity by quarter. Telegram HTML, every data string escaped, within 4096 characters.

Both take an answer already computed by `bot.domain.answers.answer` (so access and periods are decided
in one place): a UNIT answer for the list, an ACTIVITY answer for the quarters.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.answers import Answer, AnswerKind
from bot.domain.figures import (
    STATUS_ICONS,
    STATUS_LABELS,
    ActivityFigure,
    ActivitySeries,
    Bands,
    Status,
    activity_figure,
    figure_from_totals,
    format_percent,
    format_quantity,
    period_total,
)
from bot.domain.limits import MAX_MESSAGE_LENGTH
from bot.domain.periods import MONTH_ABBR, MONTH_NAMES, QUARTER_ROMAN, Period, quarter_months
from bot.render.answer_parts import HTML, figure_line, headline_icon, period_phrase, progress_line

MAX_LISTED = 30  # activities listed (and given a button) in one message
RESERVED_CHARS = 1200  # the head and foot of the list: unit name, summary, notes


def activities_phrase(count: int) -> str:
    """ "1 actividad", "8 actividades"."""
    return "1 actividad" if count == 1 else f"{count} actividades"


def footer(answer: Answer) -> str:
    """ "POI 2019 · datos a septiembre"."""
    return f"POI {answer.plan_year} · datos a {MONTH_NAMES[answer.cutoff_month - 1]}"


def _item(position: int, row: ActivityFigure) -> str:
    return f"{position}. {STATUS_ICONS[row.status]} {HTML.text(row.activity)}\n    {figure_line(row)}"


def listed(answer: Answer) -> tuple[ActivityFigure, ...]:
    """The activities the list shows (and gives a button, in this order): worst first, as many as fit."""
    ranked = sorted(
        enumerate(answer.rows),
        key=lambda item: (item[1].percent is None, item[1].percent or 0.0, item[0]),
    )
    shown: list[ActivityFigure] = []
    used = RESERVED_CHARS
    for position, (_, row) in enumerate(ranked[:MAX_LISTED], start=1):
        used += len(_item(position, row)) + 1
        if used > MAX_MESSAGE_LENGTH:
            break
        shown.append(row)
    return tuple(shown)


def unit_activities_html(answer: Answer) -> str:
    """A unit's activities for the answer's period, worst first, each with its figures and status."""
    if answer.kind is not AnswerKind.UNIT or answer.unit is None or answer.summary is None:
        raise ValueError("a unit's activity list needs a UNIT answer")
    summary = answer.summary
    band = f" ({STATUS_LABELS[summary.status]})" if summary.status else ""
    rows = listed(answer)
    lines = [
        f"{headline_icon(summary)} {HTML.bold(answer.unit)}",
        f"Avance {period_phrase(answer.period)}: {HTML.bold(format_percent(summary.percent))}{band}",
        f"{activities_phrase(len(answer.rows))}: {progress_line(summary)}",
        *(HTML.italic(note) for note in answer.notes),
        "",
        *(_item(position, row) for position, row in enumerate(rows, start=1)),
    ]
    if len(answer.rows) > len(rows):
        lines.append(f"… y {len(answer.rows) - len(rows)} más")
    lines.extend(["", "Toca una actividad para ver su avance por mes.", footer(answer)])
    return "\n".join(lines)


@dataclass(frozen=True)
class QuarterLine:
    """One quarter of an activity: its figures, or None when it starts after the data cut-off."""

    quarter: int
    label: str
    figure: ActivityFigure | None
    programmed: float | None


def quarter_lines(series: ActivitySeries, cutoff_month: int, bands: Bands) -> list[QuarterLine]:
    """The four quarters as published; one the cut-off falls in is compared on its months so far."""
    lines = []
    for quarter in range(1, 5):
        months = quarter_months(quarter)
        label = f"{QUARTER_ROMAN[quarter - 1]} trim."
        if months[0] > cutoff_month:
            programmed = period_total(series, Period.quarter(quarter), executed=False)
            lines.append(QuarterLine(quarter, label, None, programmed))
            continue
        if cutoff_month < months[-1]:
            label += f" ({MONTH_ABBR[months[0] - 1].lower()}–{MONTH_ABBR[cutoff_month - 1].lower()})"
            figure = _partial(series, range(months[0], cutoff_month + 1), bands)
        else:
            figure = activity_figure(series, Period.quarter(quarter), bands)
        lines.append(QuarterLine(quarter, label, figure, figure.programmed))
    return lines


def _partial(series: ActivitySeries, months: range, bands: Bands) -> ActivityFigure:
    """An activity's figure over some months of a quarter, summed from the months."""
    programmed = sum(series.programmed[m - 1] or 0.0 for m in months)
    executed = sum(series.executed[m - 1] or 0.0 for m in months)
    inferred = any(series.programmed_inferred[m - 1] or series.executed_inferred[m - 1] for m in months)
    return figure_from_totals(series, programmed, executed, inferred=inferred, bands=bands)


def activity_quarters_html(answer: Answer, bands: Bands) -> str:
    """One activity quarter by quarter, then its cumulative figure and its progress on the annual target."""
    if answer.kind is not AnswerKind.ACTIVITY or answer.series is None or not answer.rows:
        raise ValueError("the quarter view needs an ACTIVITY answer")
    series, row = answer.series, answer.rows[0]
    lines = [
        f"{STATUS_ICONS[row.status]} {HTML.bold(series.activity)}",
        f"{HTML.text(series.unit)} · {HTML.text(series.measure or 'sin unidad de medida')}"
        f" · meta anual {format_quantity(series.annual_target)}",
        "",
        "Por trimestre (ejecutado de programado):",
    ]
    quarters = quarter_lines(series, answer.cutoff_month, bands)
    for line in quarters:
        if line.figure is None:
            planned = "" if line.programmed is None else f"programado {format_quantity(line.programmed)}, "
            icon = STATUS_ICONS[Status.SIN_PROGRAMACION]
            lines.append(f"{icon} {line.label}: {planned}aún sin datos de ejecución")
            continue
        mark = "*" if line.figure.inferred else ""
        lines.append(f"{STATUS_ICONS[line.figure.status]} {line.label}: {figure_line(line.figure)}{mark}")
    cumulative = Period.cumulative(answer.cutoff_month)
    so_far = activity_figure(series, cumulative, bands)
    lines.extend(["", f"Acumulado {period_phrase(cumulative)}: {figure_line(so_far)}"])
    if series.annual_target > 0:
        lines.append(f"Frente a la meta anual: {figure_line(activity_figure(series, Period.year(), bands))}")
    lines.extend(HTML.italic(note) for note in answer.notes)
    if any(line.figure is not None and line.figure.inferred for line in quarters):
        lines.append(HTML.italic("* incluye un dato reconstruido al importar"))
    lines.extend(["", footer(answer)])
    return "\n".join(lines)
