"""The composers of meeting answers (rankings, comparisons, lists, counts, values, projections,
courtesy), and the line that tells a follow-up what it inherited."""

from __future__ import annotations

from collections.abc import Callable

from bot.domain.answers import Answer, AnswerKind
from bot.domain.query import Intent
from bot.render.activity_lists import count_text, list_text, value_text
from bot.render.answer_parts import Markup, period_phrase
from bot.render.projection import projection_text
from bot.render.rankings import comparison_text, ranking_text

INTENT_LABELS = {
    Intent.UNIT_PROGRESS: "avance",
    Intent.LAGGING: "rezagadas",
    Intent.ACTIVITY: "actividad",
    Intent.SUMMARY: "resumen",
    Intent.RANKING: "ranking",
    Intent.COMPARISON: "comparación",
    Intent.LIST: "lista de actividades",
    Intent.COUNT: "conteo",
    Intent.VALUE: "valor del periodo",
    Intent.PROJECTION: "proyección al cierre",
}
THANKS_TEXT = "¡De nada! 🙂 Aquí estoy para cualquier otra consulta del POI."


def thanks_text(answer: Answer, m: Markup) -> str:
    return THANKS_TEXT


def context_line(answer: Answer, m: Markup) -> str:
    """ "↪️ Sigo con lo anterior: GERENCIA DE FINANZAS · en mayo" (what a follow-up inherited)."""
    query = answer.query
    parts: list[str] = []
    if "unit" in query.inherited or "activity" in query.inherited or "institution" in query.inherited:
        if query.activity is not None:
            parts.append(m.text(query.activity.activity))
        elif query.compared:
            parts.append(m.text(" y ".join(c.activity or c.unit for c in query.compared)))
        elif query.unit is not None:
            parts.append(m.text(query.unit))
        else:
            parts.append("la institución")
    if "period" in query.inherited:
        parts.append(period_phrase(answer.period))
    if "statuses" in query.inherited:
        parts.append("mismos colores")
    if "intent" in query.inherited:
        parts.insert(0, INTENT_LABELS.get(query.intent, "la misma consulta"))
    return m.italic(f"↪️ Sigo con lo anterior: {' · '.join(parts) or 'la misma consulta'}")


MEETING_COMPOSERS: dict[AnswerKind, Callable[[Answer, Markup], str]] = {
    AnswerKind.RANKING: ranking_text,
    AnswerKind.COMPARISON: comparison_text,
    AnswerKind.LIST: list_text,
    AnswerKind.COUNT: count_text,
    AnswerKind.VALUE: value_text,
    AnswerKind.PROJECTION: projection_text,
    AnswerKind.THANKS: thanks_text,
}
