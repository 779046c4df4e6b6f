"""Rankings and comparisons for people: the weakest or strongest units or activities, and units
(or activities) side by side."""

from __future__ import annotations

from bot.domain.answers import Answer, UnitProgress
from bot.domain.figures import STATUS_ICONS, format_percent
from bot.domain.query import Order
from bot.render.answer_parts import (
    Markup,
    count_phrase,
    figure_line,
    fit,
    headline_icon,
    period_phrase,
    plan_footer,
    progress_line,
)

MAX_ITEMS = 30


def _footer(answer: Answer) -> str:
    return plan_footer(answer.plan_year, answer.cutoff_month)


def _unit_line(position: int, item: UnitProgress, m: Markup) -> str:
    summary = item.progress
    behind = sum(row.lagging for row in summary.activities)
    return (
        f"{position}. {headline_icon(summary)} {m.bold(format_percent(summary.percent))}  "
        f"{m.text(item.unit)}\n"
        f"   {count_phrase(len(summary.activities), 'actividad', 'actividades')} · {progress_line(summary)}"
        f" · {count_phrase(behind, 'rezagada', 'rezagadas')}"
    )


def ranking_text(answer: Answer, m: Markup) -> str:
    """ "Unidades con menor avance al III trimestre": best or worst first, numbered."""
    worst = answer.query.order is not Order.BEST
    icon, degree = ("📉", "menor") if worst else ("📈", "mayor")
    phrase = period_phrase(answer.period)
    shown = len(answer.ranking) or len(answer.rows)
    if answer.ranking:
        noun = "La unidad" if shown == 1 else f"Las {shown} unidades"
        head = [f"{icon} {m.bold(f'{noun} con {degree} avance')} {phrase}", ""]
        items = [_unit_line(position, item, m) for position, item in enumerate(answer.ranking, start=1)]
        tail = [
            "",
            f"De {count_phrase(answer.total, 'unidad', 'unidades')} con algo programado.",
            _footer(answer),
        ]
        return fit(head, items, tail, max_items=MAX_ITEMS)
    where = m.bold(answer.unit) if answer.unit else "la institución"
    if not answer.rows:
        return "\n".join([f"Ninguna actividad con algo programado en {where} {phrase}.", "", _footer(answer)])
    noun = "La actividad" if shown == 1 else f"Las {shown} actividades"
    head = [f"{icon} {m.bold(f'{noun} con {degree} avance')} en {where} {phrase}"]
    items = []
    for position, row in enumerate(answer.rows, start=1):
        unit = "" if answer.unit else f"{m.text(row.unit)} · "
        items.append(
            f"\n{position}. {STATUS_ICONS[row.status]} {m.text(row.activity)}\n   {unit}{figure_line(row, m)}"
        )
    tail = [
        "",
        f"De {count_phrase(answer.total, 'actividad', 'actividades')} con algo programado.",
        _footer(answer),
    ]
    return fit(head, items, tail, max_items=MAX_ITEMS)


def comparison_text(answer: Answer, m: Markup) -> str:
    """Units (or activities) side by side, in the order asked, then who leads and by how much."""
    phrase = period_phrase(answer.period)
    head = [f"⚖️ {m.bold('Comparación')} {phrase}", ""]
    if answer.ranking:
        items = [_unit_line(position, item, m) for position, item in enumerate(answer.ranking, start=1)]
        scored = [
            (item.progress.percent, item.unit) for item in answer.ranking if item.progress.percent is not None
        ]
    else:
        items = [
            f"{position}. {STATUS_ICONS[row.status]} {m.text(row.activity)}\n"
            f"   {m.text(row.unit)} · {figure_line(row, m)}"
            for position, row in enumerate(answer.rows, start=1)
        ]
        scored = [(row.percent, row.activity) for row in answer.rows if row.percent is not None]
    tail = [""]
    if len(scored) >= 2:
        best, worst = max(scored), min(scored)
        if best[0] == worst[0]:
            tail.append(f"Van igual: {format_percent(best[0])}.")
        else:
            gap = format_percent(best[0] - worst[0]).replace(" %", " puntos")
            tail.append(
                f"Va adelante {m.bold(best[1])} ({format_percent(best[0])}), {gap} sobre la de menor avance."
            )
    tail.append(_footer(answer))
    return fit(head, items, tail, max_items=MAX_ITEMS)
