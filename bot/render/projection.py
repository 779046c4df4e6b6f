"""The year-end projection for people: an activity's, or a unit's or the institution's with the
activities at risk, worst first (definition: DOMAIN.md, "Projection")."""

from __future__ import annotations

from bot.domain.answers import Answer
from bot.domain.figures import format_percent, format_quantity
from bot.domain.periods import MONTH_NAMES
from bot.domain.projection import ProjectionFigure, at_risk
from bot.render.answer_parts import Markup, count_phrase, fit, plan_footer

RISK_ICON, SAFE_ICON, ICON = "⚠️", "✅", "🔮"
MAX_ITEMS = 30


def _attainment(figure: ProjectionFigure) -> str:
    return (
        "sin meta anual" if figure.attainment is None else f"{format_percent(figure.attainment)} de la meta"
    )


def _projected(figure: ProjectionFigure, m: Markup) -> str:
    measure = f" {m.text(figure.measure)}" if figure.measure else ""
    return (
        f"proyectado {format_quantity(round(figure.projected, 2))} de {format_quantity(figure.annual_target)}"
        f"{measure} ({_attainment(figure)})"
    )


def projection_text(answer: Answer, m: Markup) -> str:
    """Where the year would end at the current pace."""
    footer = plan_footer(answer.plan_year, answer.cutoff_month)
    until = MONTH_NAMES[answer.period.last_month - 1]
    pace_note = (
        f"Al ritmo actual: lo ejecutado hasta {until} frente a lo programado, en lo que falta del año."
    )
    if answer.activity is not None:
        if not answer.projections:
            return f"No encontré {m.bold(answer.activity.activity)} en el plan vigente."
        figure = answer.projections[0]
        verdict = (
            f"{RISK_ICON} en riesgo de no cumplir" if figure.at_risk else f"{SAFE_ICON} llegaría a su meta"
        )
        return "\n".join(
            [
                f"{ICON} {m.bold('Proyección al cierre del año')}: {m.text(figure.activity)}",
                m.text(figure.unit),
                f"Hasta {until}: {format_quantity(figure.executed)} de {format_quantity(figure.programmed)} "
                f"programado (ritmo {format_percent(figure.pace * 100)})",
                f"Al cierre: {_projected(figure, m)} — {verdict}",
                "",
                m.italic(pace_note),
                footer,
            ]
        )
    where = m.bold(answer.unit) if answer.unit else "la institución"
    risky = at_risk(answer.projections)
    head = [
        f"{ICON} {m.bold('Proyección al cierre del año')} en {where}",
        f"Al ritmo actual cerraría en {m.bold(format_percent(answer.projected))} de sus metas anuales "
        f"(promedio por actividad, tope 100 %).",
        "",
    ]
    if not risky:
        head.append(
            f"{SAFE_ICON} Ninguna actividad en riesgo: todas llegarían a verde frente a su meta anual."
        )
        return "\n".join([*head, "", m.italic(pace_note), footer])
    head.append(
        f"{RISK_ICON} {m.bold(count_phrase(len(risky), 'actividad en riesgo', 'actividades en riesgo'))}"
        " de no cumplir su meta anual, de mayor a menor riesgo:"
    )
    items = []
    for position, figure in enumerate(risky, start=1):
        unit = "" if answer.unit else f"{m.text(figure.unit)} · "
        items.append(f"\n{position}. {m.text(figure.activity)}\n   {unit}{_projected(figure, m)}")
    return fit(head, items, ["", m.italic(pace_note), footer], max_items=MAX_ITEMS)
