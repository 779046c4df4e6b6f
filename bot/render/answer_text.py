"""Rendering an Answer for people: Telegram HTML and plain text from one composer per kind of answer.

Every data string goes through the markup's ``text`` (HTML-escaped for Telegram). Every reply
fits Telegram's 4096 characters: long lists are cut with "y N más".
"""

from __future__ import annotations

from collections.abc import Callable

from bot.domain.answers import Answer, AnswerKind
from bot.domain.figures import (
    STATUS_ICONS,
    STATUS_LABELS,
    ActivityFigure,
    Status,
    activity_figure,
    format_percent,
    format_quantity,
    period_total,
)
from bot.domain.periods import MONTH_ABBR, MONTH_NAMES, QUARTER_ROMAN, Period, PeriodKind, quarter_of
from bot.render.answer_notices import (
    compose_clarify,
    compose_help,
    compose_no_data,
    compose_not_allowed,
    compose_unknown,
)
from bot.render.answer_parts import (
    HTML,
    PLAIN,
    YEAR_ICON,
    Lines,
    Markup,
    figure_line,
    headline_icon,
    period_phrase,
    progress_line,
)
from bot.render.answer_parts import fit as _fit
from bot.render.meeting_text import MEETING_COMPOSERS, context_line

INFERRED_NOTE = "* dato reconstruido al importar (celda perdida en el reporte publicado)"


def render_text(answer: Answer) -> str:
    """The reply as plain text (terminal, JSON)."""
    return _compose(answer, PLAIN)


def render_html(answer: Answer) -> str:
    """The reply as Telegram HTML."""
    return _compose(answer, HTML)


def _activities(count: int) -> str:
    return "1 actividad" if count == 1 else f"{count} actividades"


def _yearly(answer: Answer) -> bool:
    """The year is measured against the annual target and is not over: no bands, no "rezagadas"."""
    return answer.period.kind is PeriodKind.YEAR


def _footer(answer: Answer) -> str:
    return f"POI {answer.plan_year} · datos a {MONTH_NAMES[answer.cutoff_month - 1]}"


def _compose(answer: Answer, m: Markup) -> str:
    composer: Callable[[Answer, Markup], str] = _COMPOSERS[answer.kind]
    text = composer(answer, m)
    return f"{context_line(answer, m)}\n{text}" if answer.query.inherited else text


def _notes(answer: Answer, m: Markup) -> list[str]:
    return [m.italic(note) for note in answer.notes]


def _unit(answer: Answer, m: Markup) -> str:
    summary = answer.summary
    if summary is None:
        raise RuntimeError("summary is missing")
    if answer.unit is None:
        raise RuntimeError("answer.unit is missing")
    percent = format_percent(summary.percent)
    if _yearly(answer):
        head = [
            f"{YEAR_ICON} {m.bold(answer.unit)}",
            f"Avance {period_phrase(answer.period)}: {m.bold(percent)} (promedio de lo ejecutado por meta)",
            f"{_activities(len(summary.activities))}; el año sigue en curso.",
            *_notes(answer, m),
            "",
        ]
    else:
        band = f" ({STATUS_LABELS[summary.status]})" if summary.status else ""
        head = [
            f"{headline_icon(summary)} {m.bold(answer.unit)}",
            f"Avance {period_phrase(answer.period)}: {m.bold(percent)}{band}",
            f"{_activities(len(summary.activities))}: {progress_line(summary)}",
            *_notes(answer, m),
            "",
        ]
    behind = [row for row in answer.rows if row.lagging]
    behind.sort(key=lambda row: row.percent if row.percent is not None else 0.0)
    if behind:
        head.append("Más lejos de su meta anual:" if _yearly(answer) else "Más rezagadas:")
        items = [f"{_icon(answer, row)} {m.text(row.activity)} — {figure_line(row, m)}" for row in behind]
    else:
        head.append("Ninguna actividad rezagada en este periodo.")
        items = []
    return _fit(head, items, ["", _footer(answer)], max_items=5)


def _icon(answer: Answer, row: ActivityFigure) -> str:
    return "•" if _yearly(answer) else STATUS_ICONS[row.status]


def _lagging(answer: Answer, m: Markup) -> str:
    where = m.bold(answer.unit) if answer.unit else "la institución"
    count = len(answer.rows)
    phrase = period_phrase(answer.period)
    if _yearly(answer) and count:
        head = [f"{YEAR_ICON} {m.bold(f'{_activities(count)} aún por debajo de su meta anual')} en {where}"]
        head.extend(_notes(answer, m))
        items = Lines(
            answer.rows,
            lambda position, row: (
                f"\n{position}. {m.text(row.activity)}\n   "
                f"{'' if answer.unit else m.text(row.unit) + ' · '}{figure_line(row, m)}"
            ),
        )
        return _fit(head, items, ["", _footer(answer)], max_items=15)
    if not count:
        head = [f"{STATUS_ICONS[Status.VERDE]} Ninguna actividad rezagada en {where} {phrase}."]
        return "\n".join([*head, *_notes(answer, m), "", _footer(answer)])
    noun = "actividad rezagada" if count == 1 else "actividades rezagadas"
    head = [
        f"{STATUS_ICONS[Status.ROJO]} {m.bold(f'{count} {noun}')} en {where} {phrase}",
        *_notes(answer, m),
    ]

    def line(position: int, row: ActivityFigure) -> str:
        unit = "" if answer.unit else f"{m.text(row.unit)} · "
        return (
            f"\n{position}. {STATUS_ICONS[row.status]} {m.text(row.activity)}\n"
            f"   {unit}{figure_line(row, m)} · faltan {format_quantity(row.gap)}"
        )

    return _fit(head, Lines(answer.rows, line), ["", _footer(answer)], max_items=15)


def _by_status(answer: Answer, m: Markup) -> str:
    where = m.bold(answer.unit) if answer.unit else "la institución"
    wanted = [
        status for status in (Status.VERDE, Status.AMBAR, Status.ROJO) if status in answer.query.statuses
    ]
    bands = " o ".join(STATUS_LABELS[status] for status in wanted) or "esas bandas"
    count = len(answer.rows)
    phrase = period_phrase(answer.period)
    if not count:
        head = [
            f"{STATUS_ICONS[Status.VERDE]} Ninguna actividad en {bands} en {where} {phrase}.",
            *_notes(answer, m),
        ]
        return "\n".join([*head, "", _footer(answer)])
    head = [f"{_activities(count)} en {bands} en {where} {phrase}", *_notes(answer, m)]

    def line(position: int, row: ActivityFigure) -> str:
        unit = "" if answer.unit else f"{m.text(row.unit)} · "
        gap = f" · faltan {format_quantity(row.gap)}" if row.gap else ""
        shown = f"{unit}{figure_line(row, m)}{gap}"
        return f"\n{position}. {STATUS_ICONS[row.status]} {m.text(row.activity)}\n   {shown}"

    return _fit(head, Lines(answer.rows, line), ["", _footer(answer)], max_items=15)


def _activity(answer: Answer, m: Markup) -> str:
    series, row = answer.series, answer.rows[0]
    if series is None:
        raise RuntimeError("series is missing")
    status = STATUS_LABELS[row.status]
    head = [
        f"{STATUS_ICONS[row.status]} {m.bold(row.activity)}",
        f"{m.text(row.unit)} · {m.text(row.measure or 'sin unidad de medida')}"
        f" · meta anual {format_quantity(row.annual_target)}",
        f"Avance {period_phrase(answer.period)}: {figure_line(row, m)}"
        + ("" if _yearly(answer) else f" — {status}"),
    ]
    if answer.period.kind is not PeriodKind.YEAR and row.annual_target > 0:
        year = activity_figure(series, Period.year())
        head.append(f"Frente a la meta anual: {figure_line(year, m)}")
    head.extend(_notes(answer, m))
    months = [mo for mo in answer.period.months if mo <= max(answer.cutoff_month, answer.period.months[0])]
    lines = ["", "Por mes (programado / ejecutado):"]
    inferred = False
    for month in months:
        prog, done_m = series.programmed[month - 1], series.executed[month - 1]
        mark = "*" if series.executed_inferred[month - 1] or series.programmed_inferred[month - 1] else ""
        inferred = inferred or bool(mark)
        lines.append(f"{MONTH_ABBR[month - 1]}  {_q(prog)} / {_q(done_m)}{mark}")
        motive = series.motives[month - 1]
        if motive and done_m is not None and prog is not None and done_m < prog:
            lines.append(f"      motivo: {m.text(motive)}")
    quarters = sorted({quarter_of(month) for month in months})
    if answer.period.kind is not PeriodKind.MONTH and quarters:
        by_quarter = []
        for quarter in quarters:
            until = answer.cutoff_month
            prog_q = period_total(series, Period.quarter(quarter), executed=False, until=until)
            done_q = period_total(series, Period.quarter(quarter), executed=True, until=until)
            if prog_q is not None or done_q is not None:
                by_quarter.append(f"{QUARTER_ROMAN[quarter - 1]} trim.  {_q(prog_q)} / {_q(done_q)}")
        if by_quarter:
            lines.extend(["Por trimestre (programado / ejecutado):", *by_quarter])
    tail = [m.italic(INFERRED_NOTE)] if inferred else []
    return _fit(head, lines, ["", *tail, _footer(answer)], max_items=40)


def _q(value: float | None) -> str:
    return "—" if value is None else format_quantity(value)


def _summary(answer: Answer, m: Markup) -> str:
    summary = answer.summary
    if summary is None:
        raise RuntimeError("summary is missing")
    behind = answer.lagging_count
    if behind is None:
        behind = sum(row.lagging for row in answer.rows)
    title = m.bold(f"POI {answer.plan_year}: avance institucional")
    percent = m.bold(format_percent(summary.percent))
    if _yearly(answer):
        head = [
            f"{YEAR_ICON} {title}",
            f"Avance {period_phrase(answer.period)}: {percent} (promedio de lo ejecutado por meta)",
            f"{_activities(len(summary.activities))}; el año sigue en curso.",
        ]
    else:
        band = f" ({STATUS_LABELS[summary.status]})" if summary.status else ""
        head = [
            f"{headline_icon(summary)} {title}",
            f"Avance {period_phrase(answer.period)}: {percent}{band}",
            f"{_activities(len(summary.activities))}: {progress_line(summary)}",
            f"{behind} rezagadas (ejecutado menor que lo programado).",
        ]
    head.extend([*_notes(answer, m), "", "Unidades, de mayor a menor avance:"])
    items = Lines(
        answer.ranking,
        lambda _, item: (
            f"{YEAR_ICON if _yearly(answer) else headline_icon(item.progress)} "
            f"{format_percent(item.progress.percent)}  {m.text(item.unit)}"
        ),
    )
    return _fit(head, items, ["", _footer(answer)], max_items=60)


_COMPOSERS: dict[AnswerKind, Callable[[Answer, Markup], str]] = {
    AnswerKind.UNIT: _unit,
    AnswerKind.LAGGING: _lagging,
    AnswerKind.ACTIVITY: _activity,
    AnswerKind.SUMMARY: _summary,
    AnswerKind.HELP: compose_help,
    AnswerKind.UNKNOWN: compose_unknown,
    AnswerKind.CLARIFY: compose_clarify,
    AnswerKind.NO_DATA: compose_no_data,
    AnswerKind.NOT_ALLOWED: compose_not_allowed,
    AnswerKind.BY_STATUS: _by_status,
    **MEETING_COMPOSERS,
}
