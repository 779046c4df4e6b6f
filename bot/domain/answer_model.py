"""What an answer holds, before it is rendered: its kind, the question, the period and the figures."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.figures import ActivityFigure, ActivitySeries, Progress
from bot.domain.periods import Period
from bot.domain.projection import ProjectionFigure
from bot.domain.query import ActivityRef, Candidate, Query


class AnswerKind(StrEnum):
    UNIT = "unit"
    LAGGING = "lagging"
    ACTIVITY = "activity"
    SUMMARY = "summary"
    HELP = "help"
    UNKNOWN = "unknown"
    CLARIFY = "clarify"  # several units or activities fit: ask which
    NO_DATA = "no_data"  # the period lies after the data cut-off
    NOT_ALLOWED = "not_allowed"  # the user may only ask about their own unit
    BY_STATUS = "by_status"  # "qué actividades están en ámbar o rojo": the activities in those bands
    RANKING = "ranking"  # the weakest/strongest units (ranking) or activities (rows)
    COMPARISON = "comparison"  # units (ranking) or activities (rows) side by side, in the order asked
    LIST = "list"  # a unit's or the institution's activities (rows), in the plan's order
    COUNT = "count"  # how many activities (rows: the ones counted)
    VALUE = "value"  # one activity's quantity in a period
    PROJECTION = "projection"  # year-end projection (projections), at-risk ones worst first
    THANKS = "thanks"  # courtesy: a short reply


@dataclass(frozen=True)
class UnitProgress:
    """A unit's name and its progress, for the institution's ranking."""

    unit: str
    progress: Progress


@dataclass(frozen=True)
class Answer:
    """What a reply says, before it is rendered for a surface."""

    kind: AnswerKind
    query: Query
    period: Period
    plan_year: int
    cutoff_month: int
    unit: str | None = None
    activity: ActivityRef | None = None
    summary: Progress | None = None
    rows: tuple[ActivityFigure, ...] = ()
    ranking: tuple[UnitProgress, ...] = ()
    series: ActivitySeries | None = None
    candidates: tuple[Candidate, ...] = ()
    suggestions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    projections: tuple[ProjectionFigure, ...] = ()
    projected: float | None = None  # the unit's or institution's projected attainment
    total: int = 0  # rankings: how many were ranked; counts: how many activities in all
    lagging_count: int | None = None  # summaries: how many rows lag (None: count them in rows)
