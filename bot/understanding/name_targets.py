"""What a name typed by an admin refers to: exactly one unit or activity of the plan, or why not.

Used where a guess would be wrong (an alias, the unit of an approved user): a full name wins
outright, "ACTIVIDAD (UNIDAD)" picks an activity that several units share, and otherwise the
question understanding reads the name; several fits are returned as candidates, never chosen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.domain.periods import Period
from bot.domain.query import Candidate, Query
from bot.domain.snapshot import PlanSnapshot
from bot.domain.text import normalize

_WITH_UNIT = re.compile(r"^(?P<activity>.+)\((?P<unit>[^()]+)\)\s*$")


@dataclass(frozen=True)
class Resolution:
    """One target, or the candidates to choose from, or the closest names when nothing fits."""

    target: Candidate | None = None
    candidates: tuple[Candidate, ...] = ()
    suggestions: tuple[str, ...] = ()
    period: Period | None = None  # the name reads as a period ("agosto", "T3")


def _exact(snapshot: PlanSnapshot, text: str, *, units_only: bool) -> Resolution | None:
    wanted = normalize(text)
    for unit in snapshot.units:
        if normalize(unit) == wanted:
            return Resolution(target=Candidate(unit))
    if units_only:
        return None
    found = tuple(
        Candidate(item.unit, item.activity) for item in snapshot.series if normalize(item.activity) == wanted
    )
    if len(found) == 1:
        return Resolution(target=found[0])
    if found:
        return Resolution(candidates=found)
    match = _WITH_UNIT.match(text.strip())
    if match is not None:
        activity, unit = normalize(match["activity"]), normalize(match["unit"])
        for item in snapshot.series:
            if normalize(item.activity) == activity and normalize(item.unit) == unit:
                return Resolution(target=Candidate(item.unit, item.activity))
    return None


def resolve_name(
    snapshot: PlanSnapshot, understand: Callable[[str], Query], text: str, *, units_only: bool = False
) -> Resolution:
    """The unit (or, unless ``units_only``, the activity) that ``text`` names in the plan."""
    exact = _exact(snapshot, text, units_only=units_only)
    if exact is not None:
        return exact
    query = understand(text)
    if units_only:
        units = tuple(dict.fromkeys(c.unit for c in query.candidates if c.activity is None))
        if query.unit is not None and query.activity is None:
            return Resolution(target=Candidate(query.unit))
        if units:
            return Resolution(candidates=tuple(Candidate(unit) for unit in units))
    elif query.activity is not None:
        return Resolution(target=Candidate(query.activity.unit, query.activity.activity))
    elif query.candidates:
        return Resolution(candidates=query.candidates)
    elif query.unit is not None:
        return Resolution(target=Candidate(query.unit))
    return Resolution(suggestions=query.suggestions, period=query.period)
