"""Answers to meeting questions: rankings, comparisons, lists, counts, one period's value, projections.

`bot.domain.answers.answer` decides access, the unit and the period, then hands these intents here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.domain.answer_model import Answer, AnswerKind, UnitProgress
from bot.domain.figures import ActivityFigure, ActivitySeries, Bands, activity_figure, lagging, progress
from bot.domain.periods import Period, PeriodKind
from bot.domain.projection import at_risk, projected_attainment, projections
from bot.domain.query import ActivityRef, Intent, Order, Query, Scope
from bot.domain.rankings import DEFAULT_PLURAL, rank_activities, rank_units
from bot.domain.snapshot import PlanSnapshot


def _rows(
    snapshot: PlanSnapshot, unit: str | None, period: Period, bands: Bands
) -> tuple[ActivityFigure, ...]:
    return snapshot.period_figures(period, bands).of(unit)


def _progresses(
    snapshot: PlanSnapshot, units: Sequence[str], period: Period, bands: Bands
) -> tuple[UnitProgress, ...]:
    """Each unit's progress in the order given, from the period's figures kept for reuse."""
    figures = snapshot.period_figures(period, bands)
    return tuple(UnitProgress(unit, figures.progress(unit)) for unit in units)


def meeting_answer(
    base: Answer, query: Query, snapshot: PlanSnapshot, unit: str | None, bands: Bands
) -> Answer:
    """The answer to a RANKING, LIST, COUNT, VALUE or PROJECTION question about ``unit`` (None: all)."""
    if query.intent is Intent.RANKING:
        return _ranking(base, query, snapshot, unit, bands)
    if query.intent is Intent.PROJECTION:
        return _projection(base, query, snapshot, unit, bands)
    if query.intent is Intent.VALUE and query.activity is not None:
        return _value(base, snapshot, query.activity, bands)
    rows = _rows(snapshot, unit, base.period, bands)
    summary = progress(rows, bands)
    if query.intent is Intent.COUNT:
        counted = _counted(rows, query)
        return replace(base, kind=AnswerKind.COUNT, unit=unit, rows=counted, summary=summary, total=len(rows))
    return replace(base, kind=AnswerKind.LIST, unit=unit, rows=rows, summary=summary, total=len(rows))


def _counted(rows: tuple[ActivityFigure, ...], query: Query) -> tuple[ActivityFigure, ...]:
    if query.statuses:
        return tuple(row for row in rows if row.status in query.statuses)
    if query.lagging_only:
        return tuple(lagging(rows))
    return rows


def _ranking(base: Answer, query: Query, snapshot: PlanSnapshot, unit: str | None, bands: Bands) -> Answer:
    order = query.order or Order.WORST
    rows = _rows(snapshot, unit, base.period, bands)
    if query.scope is Scope.UNITS and unit is None:
        ranked_units = rank_units(_progresses(snapshot, snapshot.units, base.period, bands), order)
        limit = query.limit or DEFAULT_PLURAL
        return replace(
            base,
            kind=AnswerKind.RANKING,
            ranking=tuple(ranked_units[:limit]),
            summary=progress(rows, bands),
            total=len(ranked_units),
        )
    if query.statuses:
        rows = tuple(row for row in rows if row.status in query.statuses)
    ranked = rank_activities(rows, order)
    limit = query.limit or DEFAULT_PLURAL
    return replace(
        base,
        kind=AnswerKind.RANKING,
        unit=unit,
        rows=tuple(ranked[:limit]),
        summary=progress(rows, bands),
        total=len(ranked),
    )


def _projection(base: Answer, query: Query, snapshot: PlanSnapshot, unit: str | None, bands: Bands) -> Answer:
    chosen = query.period
    until = snapshot.cutoff_month
    if chosen is not None and chosen.kind is PeriodKind.CUMULATIVE and chosen.last_month < until:
        until = chosen.last_month  # "con datos a junio": the projection from June's figures
    if query.activity is not None:
        series = snapshot.find(query.activity)
        selected: tuple[ActivitySeries, ...] = () if series is None else (series,)
    else:
        selected = tuple(s for s in snapshot.series if unit is None or s.unit == unit)
    figures = projections(selected, until, bands)
    return replace(
        base,
        kind=AnswerKind.PROJECTION,
        period=Period.cumulative(until),
        notes=(),
        unit=unit,
        activity=query.activity,
        projections=figures,
        projected=projected_attainment(figures),
        rows=(),
        total=len(at_risk(figures)),
    )


def _value(base: Answer, snapshot: PlanSnapshot, ref: ActivityRef, bands: Bands) -> Answer:
    series = snapshot.find(ref)
    if series is None:
        return replace(base, kind=AnswerKind.UNKNOWN, suggestions=(ref.activity,))
    row = activity_figure(series, base.period, bands, until=snapshot.cutoff_month)
    return replace(
        base,
        kind=AnswerKind.VALUE,
        unit=ref.unit,
        activity=ref,
        rows=(row,),
        series=series,
        summary=progress((row,), bands),
    )


def comparison_answer(base: Answer, query: Query, snapshot: PlanSnapshot, bands: Bands) -> Answer:
    """Units (or activities) side by side, in the order the question named them."""
    units = tuple(c.unit for c in query.compared if c.activity is None)
    if len(units) == len(query.compared):
        return replace(
            base, kind=AnswerKind.COMPARISON, ranking=_progresses(snapshot, units, base.period, bands)
        )
    figures = snapshot.period_figures(base.period, bands)
    found = (
        next((row for row in figures.of(c.unit) if row.activity == c.activity), None) for c in query.compared
    )
    chosen = tuple(row for row in found if row is not None)
    return replace(base, kind=AnswerKind.COMPARISON, rows=chosen, summary=progress(chosen, bands))
