"""The figures a month-by-month or quarter-by-quarter chart plots, computed apart from any drawing.

``series_points`` turns the series of one activity or of a unit into one ``SeriesPoint`` per month
or quarter. For one activity a point carries its programmed and executed quantities. For several
activities it carries only a percent: the mean of the activity percents, each capped at 100 %,
over the activities with something programmed there (``bot.domain.figures.progress``), because quantities
of different activities, let alone different units of measure, are never added.

A quarter the data cut-off falls in covers only its months up to the cut-off ("III (jul–ago)"), so a
half-gone quarter is not compared against its whole plan. Complete months and quarters come from
``bot.domain.figures.activity_figure`` and ``period_total``: published quarters are authoritative here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.domain.figures import (
    ActivityFigure,
    ActivitySeries,
    Bands,
    activity_figure,
    figure_from_totals,
    period_total,
    progress,
)
from bot.domain.periods import MONTH_ABBR, QUARTER_ROMAN, Period, quarter_months


@dataclass(frozen=True)
class SeriesPoint:
    """One month or quarter of a chart.

    ``programmed`` and ``executed`` are quantities of the one activity charted, ``None`` when the
    source says nothing, when the point lies after the cut-off (executed), or when several
    activities are charted (they are never added). ``percent`` is the activity's percent, or the
    capped mean of several; ``None`` when nothing was programmed or the point is after the cut-off.
    """

    label: str  # ENE, or I for a quarter
    detail: str  # the months of a quarter cut by the cut-off ("jul–ago"), else ""
    months: range
    future: bool  # wholly after the data cut-off
    programmed: float | None
    executed: float | None
    percent: float | None
    programmed_inferred: bool
    executed_inferred: bool
    counted: int  # activities with something programmed here (those the percent is over)

    @property
    def inferred(self) -> bool:
        return self.programmed_inferred or self.executed_inferred


@dataclass(frozen=True)
class _Bucket:
    label: str
    detail: str
    months: range
    period: Period | None  # None for a quarter cut by the cut-off: summed from its months
    future: bool


def _buckets(by: Literal["month", "quarter"], up_to_month: int) -> list[_Bucket]:
    if by == "month":
        return [
            _Bucket(MONTH_ABBR[m - 1], "", range(m, m + 1), Period.month(m), m > up_to_month)
            for m in range(1, 13)
        ]
    buckets = []
    for q in range(1, 5):
        months = quarter_months(q)
        if months[-1] <= up_to_month or months[0] > up_to_month:
            buckets.append(
                _Bucket(QUARTER_ROMAN[q - 1], "", months, Period.quarter(q), months[0] > up_to_month)
            )
            continue
        partial = range(months[0], up_to_month + 1)
        span = "–".join(dict.fromkeys((MONTH_ABBR[partial[0] - 1], MONTH_ABBR[partial[-1] - 1]))).lower()
        buckets.append(_Bucket(QUARTER_ROMAN[q - 1], span, partial, None, False))
    return buckets


def _total(series: ActivitySeries, bucket: _Bucket, *, executed: bool) -> float | None:
    if bucket.period is not None:
        return period_total(series, bucket.period, executed=executed)
    monthly = [(series.executed if executed else series.programmed)[m - 1] for m in bucket.months]
    present = [v for v in monthly if v is not None]
    return sum(present) if present else None


def _figure(series: ActivitySeries, bucket: _Bucket, bands: Bands) -> ActivityFigure:
    if bucket.period is not None:
        return activity_figure(series, bucket.period, bands)
    programmed = _total(series, bucket, executed=False) or 0.0
    executed = _total(series, bucket, executed=True) or 0.0
    inferred = any(
        series.programmed_inferred[m - 1] or series.executed_inferred[m - 1] for m in bucket.months
    )
    return figure_from_totals(series, programmed, executed, inferred=inferred, bands=bands)


def series_points(
    series: Sequence[ActivitySeries],
    *,
    by: Literal["month", "quarter"],
    up_to_month: int,
    bands: Bands | None = None,
) -> list[SeriesPoint]:
    """The twelve months or four quarters of one activity (quantities) or of several (percent).

    ``up_to_month`` is the data cut-off, the last month with executed data (0 when there is none).
    """
    if by not in ("month", "quarter"):
        raise ValueError(f"by must be 'month' or 'quarter', got {by!r}")
    if not 0 <= up_to_month <= 12:
        raise ValueError(f"up_to_month must be in 0..12, got {up_to_month}")
    bands = bands or Bands()
    points = []
    for bucket in _buckets(by, up_to_month):
        figures = [_figure(s, bucket, bands) for s in series]
        summary = progress(figures, bands)
        single = series[0] if len(series) == 1 else None
        executed = None if single is None or bucket.future else _total(single, bucket, executed=True)
        points.append(
            SeriesPoint(
                label=bucket.label,
                detail=bucket.detail,
                months=bucket.months,
                future=bucket.future,
                programmed=None if single is None else _total(single, bucket, executed=False),
                executed=executed,
                percent=None if bucket.future else figures[0].percent if single else summary.percent,
                programmed_inferred=any(s.programmed_inferred[m - 1] for s in series for m in bucket.months),
                executed_inferred=not bucket.future
                and any(s.executed_inferred[m - 1] for s in series for m in bucket.months),
                counted=summary.counted,
            )
        )
    return points
