"""One activity's source figures (``ActivitySeries``) and its totals over a period.

Published quarters are authoritative; the months of a partial quarter are added one by one, and a
month whose execution is not reported adds nothing to the programmed quantity (DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.domain.periods import Period, PeriodKind, quarter_months, quarter_of


@dataclass(frozen=True, slots=True)
class ActivitySeries:
    """Everything known about one activity: monthly figures and the quarters as published.

    Tuples of 12 months and 4 quarters; ``None`` means the source says nothing there.
    """

    unit: str
    activity: str
    measure: str
    annual_target: float
    programmed: tuple[float | None, ...]
    executed: tuple[float | None, ...]
    quarter_programmed: tuple[float | None, ...] = (None, None, None, None)
    quarter_executed: tuple[float | None, ...] = (None, None, None, None)
    programmed_inferred: tuple[bool, ...] = (False,) * 12
    executed_inferred: tuple[bool, ...] = (False,) * 12
    mef_category: str = ""
    motives: tuple[str, ...] = ("",) * 12
    activity_id: int = 0
    unit_id: int = 0


def _sum(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _pieces(
    series: ActivitySeries, period: Period, until: int | None, executed: bool
) -> tuple[tuple[str, int], ...]:
    """What a period's total is made of: ("q", quarter) for a published quarter, ("m", month) otherwise.

    A quarter counts as published only when it lies wholly inside the period (and before ``until``,
    the data cut-off); the months of a partial quarter are added one by one.
    """
    published = series.quarter_executed if executed else series.quarter_programmed
    if published is _NO_QUARTERS or published == _NO_QUARTERS:
        return _pieces_of(period, until, _UNPUBLISHED)
    return _pieces_of(period, until, tuple(value is not None for value in published))


_NO_QUARTERS: tuple[float | None, ...] = (None, None, None, None)
_UNPUBLISHED = (False, False, False, False)


@lru_cache(maxsize=1024)
def _pieces_of(period: Period, until: int | None, published: tuple[bool, ...]) -> tuple[tuple[str, int], ...]:
    """The pieces of a period given which quarters are published (the same for most activities)."""
    last = period.last_month if until is None else min(period.last_month, until)
    pieces: list[tuple[str, int]] = []
    month = period.months[0]
    while month <= last:
        quarter = quarter_of(month)
        quarter_range = quarter_months(quarter)
        if month == quarter_range[0] and quarter_range[-1] <= last and published[quarter - 1]:
            pieces.append(("q", quarter))
            month = quarter_range[-1] + 1
        else:
            pieces.append(("m", month))
            month += 1
    return tuple(pieces)


def period_total(
    series: ActivitySeries,
    period: Period,
    *,
    executed: bool,
    until: int | None = None,
    reported_only: bool = True,
) -> float | None:
    """Programmed or executed quantity in a period; published quarters are authoritative.

    Complete quarters count as published; the months of a partial quarter are added as given. A
    month whose execution is not reported yet adds nothing to the programmed quantity either, so
    an unreported month is never read as a shortfall (``reported_only=False`` gives the whole
    programme, e.g. what a quarter asks for in all). ``until`` (the data cut-off) leaves later
    months out. For the year, the programmed quantity is the annual target.
    """
    if period.kind is PeriodKind.YEAR and not executed:
        return series.annual_target
    if period.kind is PeriodKind.MONTH:
        if until is not None and period.number > until:
            return None
        return (series.executed if executed else series.programmed)[period.number - 1]
    published = series.quarter_executed if executed else series.quarter_programmed
    pieces = _pieces(series, period, until, executed)
    months = series.executed if executed else series.programmed
    if executed or not reported_only or series.executed == _NOTHING_REPORTED:
        parts = [published[n - 1] if kind == "q" else months[n - 1] for kind, n in pieces]
    else:  # a month whose execution is not reported adds nothing to the programmed quantity
        reported = series.executed
        parts = [
            published[n - 1] if kind == "q" else months[n - 1]
            for kind, n in pieces
            if kind == "q" or reported[n - 1] is not None
        ]
    return _sum(parts)


_NOTHING_REPORTED: tuple[float | None, ...] = (None,) * 12


def months_used(series: ActivitySeries, period: Period, until: int | None = None) -> list[int]:
    """The months whose own figures a period's totals rest on (not those a published quarter covers)."""
    if period.kind is PeriodKind.MONTH:
        return list(period.months)
    used = {number for kind, number in _pieces(series, period, until, True) if kind == "m"}
    used |= {number for kind, number in _pieces(series, period, until, False) if kind == "m"}
    return sorted(used)
