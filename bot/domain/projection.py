"""The year-end projection at the current pace, as DOMAIN.md ("Projection") defines it.

For an activity with cumulative programmed P and executed E to the data cut-off and annual target M:
pace = min(1, E / P) (1 when P = 0); projected = E + max(0, M − P) × pace; attainment = projected / M
× 100 (none when M = 0). At risk: attainment below the green band. A unit's or the institution's
projected attainment is the mean of their activities' attainments, each capped at 100 %.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.domain.figures import ActivitySeries, Bands, activity_figure
from bot.domain.periods import Period


@dataclass(frozen=True)
class ProjectionFigure:
    """One activity's projection to the year's end."""

    unit: str
    activity: str
    measure: str
    annual_target: float
    programmed: float  # cumulative, to the data cut-off
    executed: float
    pace: float
    projected: float
    attainment: float | None  # projected / annual target, in percent; None without a target
    at_risk: bool
    activity_id: int = 0


def project(series: ActivitySeries, until: int, bands: Bands) -> ProjectionFigure:
    """The projection of one activity from its cumulative figures to month ``until``."""
    so_far = activity_figure(series, Period.cumulative(until), bands, until=until)
    programmed, executed, target = so_far.programmed, so_far.executed, series.annual_target
    pace = 1.0 if programmed <= 0 else min(1.0, executed / programmed)
    projected = executed + max(0.0, target - programmed) * pace
    attainment = None if target <= 0 else projected / target * 100.0
    return ProjectionFigure(
        unit=series.unit,
        activity=series.activity,
        measure=series.measure,
        annual_target=target,
        programmed=programmed,
        executed=executed,
        pace=pace,
        projected=projected,
        attainment=attainment,
        at_risk=attainment is not None and attainment < bands.green,
        activity_id=series.activity_id,
    )


def projections(series: Iterable[ActivitySeries], until: int, bands: Bands) -> tuple[ProjectionFigure, ...]:
    """The projection of each activity, in the order given."""
    return tuple(project(item, until, bands) for item in series)


def projected_attainment(figures: Sequence[ProjectionFigure]) -> float | None:
    """Mean of the activities' projected attainments, each capped at 100 % (None without targets)."""
    counted = [min(f.attainment, 100.0) for f in figures if f.attainment is not None]
    return sum(counted) / len(counted) if counted else None


def at_risk(figures: Iterable[ProjectionFigure]) -> tuple[ProjectionFigure, ...]:
    """The activities at risk of missing their annual target, worst projected attainment first."""
    risky = [f for f in figures if f.at_risk]
    return tuple(sorted(risky, key=lambda f: (f.attainment or 0.0, f.unit, f.activity)))
