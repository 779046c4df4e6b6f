"""The Mini App dashboard's figures: one unit (or the institution) in one period, as JSON.

Every figure comes from the question service's own answers (the same `PoiService.answer` the chat
uses), so the dashboard and the bot never disagree: a unit's progress is its UNIT answer, the
institution's its SUMMARY answer, the lagging activities the bot's lagging rule, and the projection
the PROJECTION answer. Only the monthly series of each activity are read from the plan directly.
"""

from __future__ import annotations

from typing import Any

from bot.domain.answers import Answer, AnswerKind
from bot.domain.figures import (
    STATUS_LABELS,
    ActivityFigure,
    Progress,
    format_percent,
    format_quantity,
    lagging,
)
from bot.domain.periods import MONTH_NAMES, Period, parse_period_code, period_code, quarter_of
from bot.domain.projection import ProjectionFigure, at_risk
from bot.domain.query import Intent, Query
from bot.domain.series import ActivitySeries
from bot.render.answer_text import render_text
from bot.services.questions import PoiService


class DashboardError(Exception):
    """A dashboard request that cannot be answered; the message is Spanish, for the page."""


class NotAllowedError(DashboardError):
    """The viewer asked for a unit they may not see."""


def parse_period(key: str) -> Period:
    """The period a page key names (bot.domain.periods.period_code); DashboardError for anything else."""
    try:
        return parse_period_code(key)
    except ValueError as exc:
        raise DashboardError(f"Periodo no válido: {key!r}.") from exc


def period_choices(cutoff: int) -> list[dict[str, str]]:
    """The periods that have data: cumulative to each month, each month, each quarter, the year."""
    periods = [Period.cumulative(month) for month in range(cutoff, 0, -1)]
    periods += [Period.quarter(quarter) for quarter in range(1, quarter_of(cutoff) + 1)]
    periods += [Period.month(month) for month in range(1, cutoff + 1)]
    periods.append(Period.year())
    return [{"key": period_code(p), "label": _capital(p.label())} for p in periods]


def dashboard(
    poi: PoiService, *, unit: str | None, period: Period | None, allowed_unit: str | None
) -> dict[str, Any]:
    """The dashboard of ``unit`` (None: the institution, or the only unit a restricted viewer sees)."""
    snapshot = poi.snapshot()
    if unit is not None and unit not in snapshot.units:
        raise DashboardError(f"No hay una unidad llamada {unit!r} en el POI.")
    query = Query(Intent.UNIT_PROGRESS, unit=unit, period=period, institution=unit is None)
    reply = poi.answer(query, allowed_unit=allowed_unit)
    if reply.kind is AnswerKind.NOT_ALLOWED:
        raise NotAllowedError(render_text(reply))
    if reply.kind not in (AnswerKind.UNIT, AnswerKind.SUMMARY) or reply.summary is None:
        raise DashboardError(render_text(reply))
    outlook = poi.answer(Query(Intent.PROJECTION, unit=reply.unit, institution=reply.unit is None))
    series = snapshot.series_of(reply.unit) if reply.unit else snapshot.series
    return {
        "entity": snapshot.entity,
        "year": snapshot.year,
        "title": snapshot.title,
        "cutoff": {"month": snapshot.cutoff_month, "label": MONTH_NAMES[snapshot.cutoff_month - 1]},
        "unit": reply.unit,
        "scope_label": reply.unit or f"Institución ({snapshot.entity})",
        "units": [] if allowed_unit else list(snapshot.units),
        "period": {"key": period_code(reply.period), "label": _capital(reply.period.label())},
        "periods": period_choices(snapshot.cutoff_month),
        "bands": {"green": poi.bands.green, "amber": poi.bands.amber},
        "progress": _progress(reply.summary),
        "units_progress": [
            {"unit": item.unit, **_progress(item.progress)} for item in reply.ranking if reply.unit is None
        ],
        "lagging": [_figure(row) for row in lagging(reply.rows)],
        "activities": [
            _activity(s, row, snapshot.cutoff_month) for s, row in zip(series, reply.rows, strict=True)
        ],
        "projection": _projection(outlook),
        "notes": list(reply.notes),
    }


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _percent(value: float | None) -> dict[str, Any]:
    return {"percent": None if value is None else round(value, 1), "percent_text": format_percent(value)}


def _progress(summary: Progress) -> dict[str, Any]:
    return {
        **_percent(summary.percent),
        "status": None if summary.status is None else summary.status.value,
        "status_label": None if summary.status is None else STATUS_LABELS[summary.status],
        "verde": summary.verde,
        "ambar": summary.ambar,
        "rojo": summary.rojo,
        "sin_programacion": summary.sin_programacion,
        "sin_programar": summary.sin_programar,
    }


def _figure(row: ActivityFigure) -> dict[str, Any]:
    return {
        "id": row.activity_id,
        "unit": row.unit,
        "activity": row.activity,
        "measure": row.measure,
        "programmed": row.programmed,
        "executed": row.executed,
        "programmed_text": format_quantity(row.programmed),
        "executed_text": format_quantity(row.executed),
        **_percent(row.percent),
        "status": row.status.value,
        "status_label": STATUS_LABELS[row.status],
    }


def _activity(series: ActivitySeries, row: ActivityFigure, cutoff: int) -> dict[str, Any]:
    """An activity's figure in the period and its monthly series (execution up to the cut-off)."""
    return {
        **_figure(row),
        "annual_target": series.annual_target,
        "monthly_programmed": list(series.programmed),
        "monthly_executed": [
            value if month <= cutoff else None for month, value in enumerate(series.executed, 1)
        ],
    }


def _projection(outlook: Answer) -> dict[str, Any]:
    def item(figure: ProjectionFigure) -> dict[str, Any]:
        return {
            "unit": figure.unit,
            "activity": figure.activity,
            "annual_target": figure.annual_target,
            "projected": round(figure.projected, 2),
            "annual_target_text": format_quantity(figure.annual_target),
            "projected_text": format_quantity(round(figure.projected, 2)),
            **_percent(figure.attainment),
        }

    return {
        **_percent(outlook.projected),
        "from_label": outlook.period.label(),  # "al III trimestre (ene–sep)", "acumulado a agosto"
        "at_risk": [item(figure) for figure in at_risk(outlook.projections)],
    }
