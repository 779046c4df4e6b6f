"""Lists and counts of activities, and one activity's value in a period, for people.

A list is paged in Telegram (PAGE_SIZE activities a page, with buttons to move); plain text (the
terminal, JSON) shows as many as fit.
"""

from __future__ import annotations

from bot.domain.answers import Answer
from bot.domain.figures import STATUS_ICONS, STATUS_LABELS, ActivityFigure, format_percent, format_quantity
from bot.domain.periods import PeriodKind
from bot.render.answer_parts import (
    HTML,
    Markup,
    count_phrase,
    figure_line,
    fit,
    period_phrase,
    plan_footer,
    progress_line,
)

PAGE_SIZE = 10
MAX_PLAIN = 120


def pages(answer: Answer) -> int:
    """How many pages a list answer takes in Telegram."""
    return max(1, -(-len(answer.rows) // PAGE_SIZE))


def _where(answer: Answer, m: Markup) -> str:
    return m.bold(answer.unit) if answer.unit else "la institución"


def _item(position: int, row: ActivityFigure, answer: Answer, m: Markup) -> str:
    unit = "" if answer.unit else f"{m.text(row.unit)} · "
    return f"{position}. {STATUS_ICONS[row.status]} {m.text(row.activity)}\n   {unit}{figure_line(row, m)}"


def list_text(answer: Answer, m: Markup, page: int = 0) -> str:
    """A unit's (or the institution's) activities in the plan's order, with their status.

    In Telegram HTML one page (``page`` from 0); in plain text all that fit.
    """
    if answer.summary is None:
        raise RuntimeError("answer.summary is missing")
    head = [
        f"📋 {_where(answer, m)}: {m.bold(count_phrase(len(answer.rows), 'actividad', 'actividades'))} "
        f"{period_phrase(answer.period)}",
        progress_line(answer.summary),
        *(m.italic(note) for note in answer.notes),
        "",
    ]
    footer = plan_footer(answer.plan_year, answer.cutoff_month)
    numbered = [_item(position, row, answer, m) for position, row in enumerate(answer.rows, start=1)]
    if m is not HTML:
        return fit(head, numbered, ["", footer], max_items=MAX_PLAIN)
    total = pages(answer)
    page = min(max(page, 0), total - 1)
    shown = numbered[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    tail = ["", f"Página {page + 1} de {total}" if total > 1 else "", footer]
    return fit(head, shown, [line for line in tail if line or line == ""], max_items=PAGE_SIZE)


def count_text(answer: Answer, m: Markup) -> str:
    """ "OCI tiene 4 actividades", "9 actividades rezagadas en la institución (de 90)"."""
    if answer.summary is None:
        raise RuntimeError("answer.summary is missing")
    query = answer.query
    phrase = period_phrase(answer.period)
    footer = plan_footer(answer.plan_year, answer.cutoff_month)
    counted = len(answer.rows)
    if not query.statuses and not query.lagging_only:
        owner = m.bold(answer.unit) if answer.unit else "La institución"
        total = m.bold(count_phrase(answer.total, "actividad", "actividades"))
        return "\n".join([f"🔢 {owner} tiene {total} {phrase}:", progress_line(answer.summary), "", footer])
    if query.statuses:
        bands = " o ".join(STATUS_LABELS[s] for s in (*STATUS_ICONS,) if s in query.statuses)
        what = count_phrase(counted, f"actividad en {bands}", f"actividades en {bands}")
    else:
        what = count_phrase(counted, "actividad rezagada", "actividades rezagadas")
    head = [f"🔢 {m.bold(what)} en {_where(answer, m)} {phrase} (de {answer.total})."]
    items = [_item(position, row, answer, m) for position, row in enumerate(answer.rows, start=1)]
    return fit([*head, ""] if items else head, items, ["", footer], max_items=PAGE_SIZE)


def value_text(answer: Answer, m: Markup) -> str:
    """One activity's programmed and executed quantity in the period asked."""
    row, series = answer.rows[0], answer.series
    if series is None:
        raise RuntimeError("series is missing")
    measure = f" {m.text(row.measure)}" if row.measure else ""
    if answer.period.kind is PeriodKind.YEAR:
        said = f"Ejecutado {period_phrase(answer.period)}: {figure_line(row, m)}"
    else:
        status = f" — {STATUS_LABELS[row.status]}" if row.percent is not None else ""
        percent = STATUS_LABELS[row.status] if row.percent is None else format_percent(row.percent)
        said = (
            f"{period_phrase(answer.period).capitalize()} se ejecutó: {m.bold(format_quantity(row.executed))}"
            f" de {format_quantity(row.programmed)}{measure} programadas ({percent}){status}"
        )
    lines = [
        f"🔢 {m.bold(row.activity)}",
        m.text(row.unit),
        said,
        f"Meta anual: {format_quantity(row.annual_target)}{measure}",
        *(m.italic(note) for note in answer.notes),
    ]
    if row.inferred:
        lines.append(m.italic("* incluye un dato reconstruido al importar"))
    return "\n".join([*lines, "", plan_footer(answer.plan_year, answer.cutoff_month)])
