"""The figures poi-bot reports, as DOMAIN.md defines them: period totals, percents, bands, lagging.

Everything here is a plain function over plain data, so it is tested as tables and shared by
every surface (Telegram, terminal, JSON, charts, exports, alerts).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from bot.domain.periods import Period, PeriodKind, quarter_months, quarter_of


class Status(StrEnum):
    VERDE = "verde"
    AMBAR = "ambar"
    ROJO = "rojo"
    SIN_PROGRAMACION = "sin_programacion"  # nothing programmed, nothing executed
    SIN_PROGRAMAR = "sin_programar"  # executed without anything programmed


STATUS_LABELS = {
    Status.VERDE: "verde",
    Status.AMBAR: "ámbar",
    Status.ROJO: "rojo",
    Status.SIN_PROGRAMACION: "sin programación",
    Status.SIN_PROGRAMAR: "ejecutado sin programar",
}
STATUS_ICONS = {
    Status.VERDE: "🟢",
    Status.AMBAR: "🟡",
    Status.ROJO: "🔴",
    Status.SIN_PROGRAMACION: "⚪",
    Status.SIN_PROGRAMAR: "🔵",
}


@dataclass(frozen=True)
class Bands:
    """Status thresholds in percent: verde >= green, ámbar >= amber, rojo below (configurable)."""

    green: float = 95.0
    amber: float = 75.0

    def __post_init__(self) -> None:
        if not 0 < self.amber < self.green:
            raise ValueError("the bands need 0 < amber < green")


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


def _sum(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _pieces(
    series: ActivitySeries, period: Period, until: int | None, executed: bool
) -> list[tuple[str, int]]:
    """What a period's total is made of: ("q", quarter) for a published quarter, ("m", month) otherwise.

    A quarter counts as published only when it lies wholly inside the period (and before ``until``,
    the data cut-off); the months of a partial quarter are added one by one.
    """
    last = period.last_month if until is None else min(period.last_month, until)
    published = series.quarter_executed if executed else series.quarter_programmed
    pieces: list[tuple[str, int]] = []
    month = period.months[0]
    while month <= last:
        quarter = quarter_of(month)
        quarter_range = quarter_months(quarter)
        if month == quarter_range[0] and quarter_range[-1] <= last and published[quarter - 1] is not None:
            pieces.append(("q", quarter))
            month = quarter_range[-1] + 1
        else:
            pieces.append(("m", month))
            month += 1
    return pieces


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
        assert period.value is not None
        if until is not None and period.value > until:
            return None
        return (series.executed if executed else series.programmed)[period.value - 1]
    published = series.quarter_executed if executed else series.quarter_programmed
    parts: list[float | None] = []
    for kind, number in _pieces(series, period, until, executed):
        if kind == "q":
            parts.append(published[number - 1])
        elif executed:
            parts.append(series.executed[number - 1])
        elif (
            not reported_only
            or series.executed[number - 1] is not None
            or not any(v is not None for v in series.executed)
        ):
            parts.append(series.programmed[number - 1])
    return _sum(parts)


def months_used(series: ActivitySeries, period: Period, until: int | None = None) -> list[int]:
    """The months whose own figures a period's totals rest on (not those a published quarter covers)."""
    if period.kind is PeriodKind.MONTH:
        return list(period.months)
    used = {number for kind, number in _pieces(series, period, until, True) if kind == "m"}
    used |= {number for kind, number in _pieces(series, period, until, False) if kind == "m"}
    return sorted(used)


def percent(programmed: float, executed: float) -> float | None:
    """Executed over programmed, in percent; ``None`` when nothing was programmed."""
    if programmed <= 0:
        return None
    return executed / programmed * 100.0


def _band(value: float, bands: Bands | None) -> Status:
    bands = bands or Bands()
    if value >= bands.green:
        return Status.VERDE
    if value >= bands.amber:
        return Status.AMBAR
    return Status.ROJO


def status_of(programmed: float, executed: float, bands: Bands | None = None) -> Status:
    """The status band of an activity: verde, ámbar, rojo, or one of the two no-percent cases."""
    pct = percent(programmed, executed)
    if pct is None:
        return Status.SIN_PROGRAMAR if executed > 0 else Status.SIN_PROGRAMACION
    return _band(pct, bands)


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
        status=None if mean is None else _band(mean, bands),
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


def format_quantity(value: float) -> str:
    """A quantity as a person writes it: 1,726 or 12.5 (source style, no trailing .0)."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_percent(value: float | None) -> str:
    """A percent with one decimal, rounded half up as people do: 84.2 %, 81.25 → 81.3 %."""
    if value is None:
        return "—"
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded} %"
