"""The stable JSON contract of `poi-bot ask --json` (documented in the README)."""

from __future__ import annotations

from typing import Any

from bot.domain.answers import Answer, AnswerKind
from bot.render.answer_text import render_text

MAX_ROWS = 100
"""Rows (and units, projected activities) one JSON answer lists; `total` (`units_total`...) says
how many there are. A plan of 100,000 activities would otherwise answer a summary in megabytes."""


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
            for row in answer.rows[:MAX_ROWS]
        ],
        "total": len(answer.rows),
        "kind": answer.kind.value,
        "inherited": list(query.inherited),
        **_meeting(answer),
        "text": render_text(answer),
    }


def _meeting(answer: Answer) -> dict[str, Any]:
    """The extra blocks of meeting answers: units ranked or compared, counts, projections."""
    query = answer.query
    extra: dict[str, Any] = {}
    if answer.kind is AnswerKind.RANKING:
        order = query.order.value if query.order else "worst"
        extra["ranking"] = {
            "order": order,
            "scope": "units" if answer.ranking else "activities",
            "of": answer.total,
        }
    if answer.ranking and answer.kind in (AnswerKind.RANKING, AnswerKind.COMPARISON, AnswerKind.SUMMARY):
        extra["units"] = [
            {
                "unit": item.unit,
                "percent": None if item.progress.percent is None else round(item.progress.percent, 1),
                "verde": item.progress.verde,
                "ambar": item.progress.ambar,
                "rojo": item.progress.rojo,
                "lagging": sum(row.lagging for row in item.progress.activities),
            }
            for item in answer.ranking[:MAX_ROWS]
        ]
        extra["units_total"] = len(answer.ranking)
    if answer.kind is AnswerKind.COUNT:
        extra["count"] = {"counted": len(answer.rows), "of": answer.total, "lagging_only": query.lagging_only}
    if answer.kind is AnswerKind.PROJECTION:
        extra["projection"] = {
            "percent": None if answer.projected is None else round(answer.projected, 1),
            "at_risk": answer.total,
            "activities": [
                {
                    "unit": f.unit,
                    "activity": f.activity,
                    "annual_target": _number(f.annual_target),
                    "executed": _number(f.executed),
                    "projected": round(f.projected, 2),
                    "percent": None if f.attainment is None else round(f.attainment, 1),
                    "at_risk": f.at_risk,
                }
                for f in answer.projections[:MAX_ROWS]
            ],
            "activities_total": len(answer.projections),
        }
    return extra


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value
