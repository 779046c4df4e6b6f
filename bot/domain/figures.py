"""The figures poi-bot reports, as DOMAIN.md defines them: period totals, percents, bands, lagging.

Everything here is a plain function over plain data, so it is tested as tables and shared by
every surface (Telegram, terminal, JSON, charts, exports, alerts). This module holds an activity's
figure for a period and a group's progress; the parts it rests on live in ``bot.domain.series``
(source figures and period totals), ``bot.domain.status`` (bands and statuses) and
``bot.domain.quantities`` (number formatting), and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.domain.periods import Period, quarter_of
from bot.domain.quantities import format_percent, format_quantity
from bot.domain.series import ActivitySeries, months_used, period_total
from bot.domain.status import STATUS_ICONS, STATUS_LABELS, Bands, Status, band_of, percent, status_of

__all__ = [
    "STATUS_ICONS",
    "STATUS_LABELS",
    "ActivityFigure",
    "ActivitySeries",
    "Bands",
    "Progress",
    "Status",
    "activity_figure",
    "current_quarter",
    "default_period",
    "figure_from_totals",
    "format_percent",
    "format_quantity",
    "lagging",
    "months_used",
    "percent",
    "period_total",
    "progress",
    "status_of",
]


@dataclass(frozen=True, slots=True)
class ActivityFigure:
    """One activity's figures for one period, with its percent and status."""

    unit: str
    activity: str
    measure: str
    annual_target: float
    programmed: float
    executed: float
    percent: float | None
    status: Status
    inferred: bool
    activity_id: int = 0

    @property
    def gap(self) -> float:
        """How much is still to execute to meet what was programmed (0 when on track)."""
        return max(self.programmed - self.executed, 0.0)

    @property
    def lagging(self) -> bool:
        return self.executed < self.programmed

    @property
    def over_executed(self) -> bool:
        return self.percent is not None and self.percent > 100.0


@dataclass(frozen=True)
class Progress:
    """Progress of a group of activities (a unit or the institution) for one period."""

    percent: float | None
    verde: int
    ambar: int
    rojo: int
    sin_programacion: int = 0
    sin_programar: int = 0
    activities: tuple[ActivityFigure, ...] = field(default=())
    status: Status | None = None  # the band of the mean percent, under the bands it was computed with

    @property
    def counted(self) -> int:
        """How many activities the mean is over (those with something programmed)."""
        return self.verde + self.ambar + self.rojo


def activity_figure(
    series: ActivitySeries, period: Period, bands: Bands | None = None, *, until: int | None = None
) -> ActivityFigure:
    """The figures of one activity for a period (up to the data cut-off ``until``, when given)."""
    programmed = period_total(series, period, executed=False, until=until) or 0.0
    executed = period_total(series, period, executed=True, until=until) or 0.0
    inferred = (any(series.programmed_inferred) or any(series.executed_inferred)) and any(
        series.programmed_inferred[m - 1] or series.executed_inferred[m - 1]
        for m in months_used(series, period, until)
    )
    return figure_from_totals(series, programmed, executed, inferred=inferred, bands=bands)


def figure_from_totals(
    series: ActivitySeries, programmed: float, executed: float, *, inferred: bool, bands: Bands | None = None
) -> ActivityFigure:
    """An activity's figure from totals already computed (e.g. over part of a quarter)."""
    return ActivityFigure(
        unit=series.unit,
        activity=series.activity,
        measure=series.measure,
        annual_target=series.annual_target,
        programmed=programmed,
        executed=executed,
        percent=percent(programmed, executed),
        status=status_of(programmed, executed, bands),
        inferred=inferred,
        activity_id=series.activity_id,
    )


def progress(figures: Sequence[ActivityFigure], bands: Bands | None = None) -> Progress:
    """Mean of the activity percents capped at 100 %, over activities with something programmed.

    Quantities of different units of measure are never added: only percents are averaged.
    """
    counted = [f for f in figures if f.percent is not None]
    mean = (
        sum(min(f.percent, 100.0) for f in counted if f.percent is not None) / len(counted)
        if counted
        else None
    )
    return Progress(
        percent=mean,
        verde=sum(f.status is Status.VERDE for f in figures),
        ambar=sum(f.status is Status.AMBAR for f in figures),
        rojo=sum(f.status is Status.ROJO for f in figures),
        sin_programacion=sum(f.status is Status.SIN_PROGRAMACION for f in figures),
        sin_programar=sum(f.status is Status.SIN_PROGRAMAR for f in figures),
        activities=tuple(figures),
        status=None if mean is None else band_of(mean, bands),
    )


def lagging(figures: Iterable[ActivityFigure]) -> list[ActivityFigure]:
    """Activities that executed less than programmed, worst percent first (then the largest gap)."""
    behind = [f for f in figures if f.lagging]
    return sorted(behind, key=lambda f: (f.percent if f.percent is not None else 0.0, -f.gap))


def default_period(cutoff_month: int) -> Period:
    """The period an answer uses when the question names none: cumulative to the data cut-off."""
    return Period.cumulative(cutoff_month)


def current_quarter(cutoff_month: int) -> int:
    """The quarter holding the data cut-off ("este trimestre")."""
    return quarter_of(cutoff_month)
