"""What a question is understood to ask: the contract between understanding and answering."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.figures import Status
from bot.domain.periods import Period


class Intent(StrEnum):
    UNIT_PROGRESS = "unit_progress"
    LAGGING = "lagging"
    ACTIVITY = "activity"
    SUMMARY = "summary"
    HELP = "help"
    UNKNOWN = "unknown"
    RANKING = "ranking"  # the weakest/strongest units or activities
    COMPARISON = "comparison"  # two or more units (or activities) side by side
    LIST = "list"  # a unit's (or the institution's) activities with their status
    COUNT = "count"  # how many activities (lagging, in some bands)
    VALUE = "value"  # one activity's programmed and executed quantity in a period
    PROJECTION = "projection"  # year-end projection at the current pace
    THANKS = "thanks"  # courtesy: "gracias"


class Order(StrEnum):
    WORST = "worst"
    BEST = "best"


class Scope(StrEnum):
    UNITS = "units"
    ACTIVITIES = "activities"


SAID_PARTS = ("intent", "unit", "activity", "period", "statuses", "institution")
"""The parts of a question that can be said outright, or inherited from the chat's previous question."""


@dataclass(frozen=True)
class ActivityRef:
    """An activity by its canonical names (an activity name can repeat across units)."""

    unit: str
    activity: str


@dataclass(frozen=True)
class Candidate:
    """One possible reading of an ambiguous name: a unit, or an activity of a unit."""

    unit: str
    activity: str | None = None


@dataclass(frozen=True)
class Catalog:
    """The names a question can refer to, from the current plan and the admins' aliases."""

    units: tuple[str, ...]
    activities: tuple[ActivityRef, ...]
    cutoff_month: int
    aliases: Mapping[str, Candidate] = field(default_factory=dict)  # normalised alias -> target


@dataclass(frozen=True)
class Query:
    """A question as understood.

    ``period`` None means the default (cumulative to the data cut-off). When a name fits several
    units or activities about equally, ``candidates`` lists them (unit/activity left None) so the
    answer asks which; when a name fits nothing, ``suggestions`` holds the closest names.
    """

    intent: Intent
    text: str = ""
    unit: str | None = None
    activity: ActivityRef | None = None
    period: Period | None = None
    candidates: tuple[Candidate, ...] = ()
    suggestions: tuple[str, ...] = ()
    unmatched: str | None = None  # the words that looked like a name but named nothing
    statuses: frozenset[Status] = frozenset()  # "en ámbar o rojo": only activities in these bands
    institution: bool = False  # "de la institución", "de todas las unidades": not the asker's unit
    order: Order | None = None  # rankings: weakest or strongest first
    limit: int | None = None  # rankings: how many ("las 5 unidades con más avance")
    scope: Scope | None = None  # rankings: units or activities
    compared: tuple[Candidate, ...] = ()  # comparisons: the units (or activities) side by side
    lagging_only: bool = False  # counts: only the lagging activities ("número de rezagadas")
    said: frozenset[str] = frozenset()  # the parts (SAID_PARTS) the question said itself
    inherited: tuple[str, ...] = ()  # the parts taken from the chat's previous question
