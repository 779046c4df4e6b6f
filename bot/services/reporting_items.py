"""What a unit reports for a month: which activities, the month's programmed quantity (estimated
when the plan has none), the figures shown beside each, and how a typed answer is read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.figures import ActivitySeries
from bot.domain.periods import MONTH_NAMES
from bot.domain.text import normalize

_NUMBER = re.compile(r"^\s*(-?)\s*([0-9]{1,9}(?:[.,][0-9]{1,4})?)\s*\Z")
_MONTHS = {name: index for index, name in enumerate(MONTH_NAMES, start=1)} | {"setiembre": 9}
SAME_WORDS = frozenset({"=", "= programado", "programado", "igual"})
SKIP_WORDS = frozenset({"omitir", "omito", "saltar"})


@dataclass(frozen=True)
class Planned:
    """An activity to report, with the month's programmed quantity and the year so far."""

    series: ActivitySeries
    programmed: float | None
    estimated: bool  # the plan gives no quantity for the month: the rest of the target, spread
    done_before: float  # executed from January to the month before


def done_before(series: ActivitySeries, month: int) -> float:
    return sum(value for value in series.executed[: month - 1] if value is not None)


def estimate(series: ActivitySeries, month: int) -> float:
    """What is left of the annual target after the months programmed before, spread evenly over
    the months left (whole units, at least one while something is left, never more than is left)."""
    programmed = sum(value for value in series.programmed[: month - 1] if value is not None)
    left = series.annual_target - programmed
    if left <= 0:
        return 0.0
    share = left / (13 - month)
    return min(left, max(1.0, float(round(share)))) if left >= 1 else round(left, 2)


def to_report(series: tuple[ActivitySeries, ...], month: int) -> list[Planned]:
    """The unit's activities programmed in the month, or open (target not reached) when the plan
    gives no quantity for it."""
    found = []
    for item in series:
        before = done_before(item, month)
        programmed = item.programmed[month - 1]
        if programmed is not None and programmed > 0:
            found.append(Planned(item, programmed, False, before))
        elif programmed is None and item.annual_target > before:
            found.append(Planned(item, estimate(item, month), True, before))
    return found


def unit_month_reported(series: tuple[ActivitySeries, ...], month: int) -> bool:
    """Whether the loaded data already carry the unit's execution of the month."""
    return any(item.executed[month - 1] is not None for item in series)


def default_month(
    series: tuple[ActivitySeries, ...], plan_year: int, today_year: int, today_month: int
) -> int:
    """Last month in the plan's own year; for a past year, the month after the unit's data."""
    if today_year == plan_year:
        return max(1, today_month - 1)
    last = max(
        (month for item in series for month in range(1, 13) if item.executed[month - 1] is not None),
        default=0,
    )
    return min(12, last + 1)


def split_month(text: str) -> tuple[int | None, str]:
    """A month name at the start of a command's words, and the words left (a unit, for admins)."""
    words = text.split()
    if words and normalize(words[0]) in _MONTHS:
        return _MONTHS[normalize(words[0])], " ".join(words[1:])
    if words and words[0].isdigit() and 1 <= int(words[0]) <= 12:
        return int(words[0]), " ".join(words[1:])
    return None, text.strip()


@dataclass(frozen=True)
class Typed:
    """A typed answer: a quantity, "= programado", "omitir", or a negative number (refused)."""

    value: float | None = None
    same: bool = False
    skip: bool = False
    negative: bool = False


def read_answer(text: str) -> Typed | None:
    """How a typed answer reads; None when it is no answer (an ordinary question)."""
    words = normalize(text).strip()
    if text.strip() in SAME_WORDS or words in SAME_WORDS:
        return Typed(same=True)
    if words in SKIP_WORDS:
        return Typed(skip=True)
    match = _NUMBER.match(text)
    if match is None:
        return None
    if match.group(1):
        return Typed(negative=True)
    return Typed(value=float(match.group(2).replace(",", ".")))


def too_far(value: float, programmed: float | None, factor: float) -> bool:
    """Beyond the sanity bound: more than `factor` times the programmed quantity (or than `factor`
    when nothing was programmed)."""
    return value > factor * max(programmed or 0.0, 1.0)
