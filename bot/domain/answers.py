"""Answering an understood question: which figures, for which period, in a structured Answer.

Rendering (Telegram HTML, plain text, JSON) lives in bot.render.answer_text; this module only decides what the
answer is about and computes its figures from a plan snapshot.
"""

from __future__ import annotations

from dataclasses import replace

from bot.domain.answer_model import Answer, AnswerKind, UnitProgress
from bot.domain.figures import (
    Bands,
    Status,
    activity_figure,
    default_period,
    progress,
)
from bot.domain.meeting_answers import comparison_answer, meeting_answer
from bot.domain.periods import MONTH_NAMES, Period, PeriodKind
from bot.domain.query import ActivityRef, Intent, Query, Scope
from bot.domain.snapshot import PlanSnapshot

INCONSISTENT_NOTE = (
    "⚠️ En el reporte, los meses de esta actividad no suman lo publicado en sus trimestres: "
    "los trimestres y acumulados usan lo publicado."
)

_OWN_UNIT_INTENTS = (Intent.UNIT_PROGRESS, Intent.LAGGING, Intent.LIST, Intent.COUNT)
"""Intents that, naming no unit, are about the asker's own unit."""
_MEETING_INTENTS = (Intent.RANKING, Intent.LIST, Intent.COUNT, Intent.VALUE)

__all__ = ["INCONSISTENT_NOTE", "Answer", "AnswerKind", "UnitProgress", "answer"]


def answer(
    query: Query,
    snapshot: PlanSnapshot,
    *,
    bands: Bands,
    default_unit: str | None = None,
    allowed_unit: str | None = None,
) -> Answer:
    """Computes the answer to an understood question on one plan.

    ``default_unit`` is the asker's own unit, used when a question about a unit names none;
    ``allowed_unit``, when set, is the only unit the asker may see.
    """
    period, notes = _resolve_period(query.period, snapshot.cutoff_month)
    base = Answer(
        kind=AnswerKind.UNKNOWN,
        query=query,
        period=period,
        plan_year=snapshot.year,
        cutoff_month=snapshot.cutoff_month,
        notes=notes,
        suggestions=query.suggestions,
    )
    if query.intent is Intent.HELP:
        return replace(base, kind=AnswerKind.HELP)
    if query.intent is Intent.THANKS:
        return replace(base, kind=AnswerKind.THANKS)
    if query.intent is Intent.COMPARISON and query.compared:
        if allowed_unit is not None and any(c.unit != allowed_unit for c in query.compared):
            return replace(base, kind=AnswerKind.NOT_ALLOWED, unit=allowed_unit)
        return comparison_answer(base, query, snapshot, bands)
    if query.candidates:
        candidates = tuple(c for c in query.candidates if allowed_unit in (None, c.unit))
        if len(candidates) == 1:
            only = candidates[0]
            activity = ActivityRef(only.unit, only.activity) if only.activity else None
            query = replace(query, unit=only.unit, activity=activity, candidates=())
            return answer(query, snapshot, bands=bands, default_unit=default_unit, allowed_unit=allowed_unit)
        if candidates:
            return replace(base, kind=AnswerKind.CLARIFY, candidates=candidates)
        return replace(base, kind=AnswerKind.NOT_ALLOWED, unit=allowed_unit)  # only other units fit
    if query.intent is Intent.UNKNOWN or (query.unmatched and query.unit is None and query.activity is None):
        return base  # words that looked like a name but named nothing: say so, never guess
    unit = query.activity.unit if query.activity else query.unit
    if unit is None and query.intent in _OWN_UNIT_INTENTS and not query.institution:
        unit = default_unit
    if allowed_unit is not None and query.intent is Intent.RANKING and query.scope is Scope.UNITS:
        return replace(base, kind=AnswerKind.NOT_ALLOWED, unit=allowed_unit)  # other units' figures
    if unit is None:
        unit = allowed_unit  # a restricted asker never sees beyond their unit, whatever they ask
    if allowed_unit is not None and unit not in (None, allowed_unit):
        return replace(base, kind=AnswerKind.NOT_ALLOWED, unit=allowed_unit)
    if query.intent is Intent.PROJECTION:
        return meeting_answer(base, query, snapshot, unit, bands)
    if period.months[0] > snapshot.cutoff_month:
        return replace(base, kind=AnswerKind.NO_DATA, unit=unit, activity=query.activity)
    if query.intent in _MEETING_INTENTS:
        return meeting_answer(base, query, snapshot, unit, bands)
    if query.activity is not None:
        return _activity(base, snapshot, query.activity, bands)
    if query.statuses and query.intent in (Intent.UNIT_PROGRESS, Intent.LAGGING, Intent.SUMMARY):
        return _by_status(base, snapshot, unit, bands, query.statuses)
    if query.intent is Intent.LAGGING:
        return _lagging(base, snapshot, unit, bands)
    if unit is not None:
        return _unit(base, snapshot, unit, bands)
    return _summary(base, snapshot, bands)


def _resolve_period(period: Period | None, cutoff: int) -> tuple[Period, tuple[str, ...]]:
    """Fills in the default period and clamps one that runs past the data cut-off."""
    if period is None:
        return default_period(cutoff), ()
    first, last = period.months[0], period.last_month
    if period.kind is PeriodKind.CUMULATIVE and last > cutoff:
        note = f"Los datos llegan hasta {MONTH_NAMES[cutoff - 1]}: se muestra el acumulado a esa fecha."
        return Period.cumulative(cutoff), (note,)
    if period.kind is PeriodKind.QUARTER and first <= cutoff < last:
        note = f"El trimestre aún no cierra en los datos: se muestra hasta {MONTH_NAMES[cutoff - 1]}."
        return period, (note,)
    return period, ()


def _unit(base: Answer, snapshot: PlanSnapshot, unit: str, bands: Bands) -> Answer:
    figures = snapshot.period_figures(base.period, bands)
    return replace(
        base, kind=AnswerKind.UNIT, unit=unit, rows=figures.of(unit), summary=figures.progress(unit)
    )


def _lagging(base: Answer, snapshot: PlanSnapshot, unit: str | None, bands: Bands) -> Answer:
    figures = snapshot.period_figures(base.period, bands)
    return replace(
        base, kind=AnswerKind.LAGGING, unit=unit, rows=figures.lagging(unit), summary=figures.progress(unit)
    )


def _by_status(
    base: Answer, snapshot: PlanSnapshot, unit: str | None, bands: Bands, statuses: frozenset[Status]
) -> Answer:
    figures = snapshot.period_figures(base.period, bands)
    rows = figures.of(unit)
    wanted = sorted(status.value for status in statuses)
    chosen = figures.kept(
        f"by_status {unit} {wanted}",
        lambda: tuple(
            sorted(
                (row for row in rows if row.status in statuses),
                key=lambda row: (row.percent if row.percent is not None else 0.0, -row.gap),
            )
        ),
    )
    return replace(base, kind=AnswerKind.BY_STATUS, unit=unit, rows=chosen, summary=figures.progress(unit))


def _activity(base: Answer, snapshot: PlanSnapshot, ref: ActivityRef, bands: Bands) -> Answer:
    series = snapshot.find(ref)
    if series is None:
        return replace(base, kind=AnswerKind.UNKNOWN, suggestions=(ref.activity,))
    row = activity_figure(series, base.period, bands, until=snapshot.cutoff_month)
    notes = base.notes
    if (ref.unit, ref.activity) in snapshot.inconsistent:
        notes = (*notes, INCONSISTENT_NOTE)
    return replace(
        base,
        notes=notes,
        kind=AnswerKind.ACTIVITY,
        unit=ref.unit,
        activity=ref,
        rows=(row,),
        series=series,
        summary=progress((row,), bands),
    )


def _summary(base: Answer, snapshot: PlanSnapshot, bands: Bands) -> Answer:
    figures = snapshot.period_figures(base.period, bands)
    ranking = figures.ranking(snapshot.units)
    return replace(
        base,
        kind=AnswerKind.SUMMARY,
        rows=figures.rows,
        summary=figures.progress(None),
        ranking=ranking,
        lagging_count=len(figures.lagging(None)),
    )
