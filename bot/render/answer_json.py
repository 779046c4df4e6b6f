"""The stable JSON contract of `poi-bot ask --json` (documented in the README)."""

from __future__ import annotations

from typing import Any

from bot.domain.answers import Answer, AnswerKind
from bot.render.answer_text import render_text


def answer_json(answer: Answer) -> dict[str, Any]:
    """The stable JSON contract of `poi-bot ask --json` (documented in the README)."""
    query = answer.query
    activity = answer.activity or query.activity
    return {
        "query": {
            "intent": query.intent.value,
            "unit": None if answer.kind is AnswerKind.CLARIFY else (answer.unit or query.unit),
            "activity": None if answer.kind is AnswerKind.CLARIFY or activity is None else activity.activity,
            "period": answer.period.as_json(),
        },
        "candidates": [{"unit": c.unit, "activity": c.activity} for c in answer.candidates],
        "summary": None
        if answer.summary is None
        else {
            "percent": None if answer.summary.percent is None else round(answer.summary.percent, 1),
            "verde": answer.summary.verde,
            "ambar": answer.summary.ambar,
            "rojo": answer.summary.rojo,
        },
        "rows": [
            {
                "unit": row.unit,
                "activity": row.activity,
                "measure": row.measure,
                "annual_target": _number(row.annual_target),
                "programmed": _number(row.programmed),
                "executed": _number(row.executed),
                "percent": None if row.percent is None else round(row.percent, 1),
                "status": row.status.value,
                "inferred": row.inferred,
            }
            for row in answer.rows
        ],
        "text": render_text(answer),
    }


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value
