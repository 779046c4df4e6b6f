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
