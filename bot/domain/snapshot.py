"""One plan's names and figures as an in-memory snapshot: what every answer is computed from."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.figures import ActivityFigure, ActivitySeries, Bands, activity_figure
from bot.domain.period_figures import PeriodFigures
from bot.domain.periods import Period, quarter_of
from bot.domain.query import ActivityRef, Candidate, Catalog

Pause = Callable[[], None]
CHUNK = 400
"""Activities computed between two pauses of background work."""
MAX_PERIODS = 32
"""Periods whose figures a snapshot keeps (every common period of a plan fits: at most 29)."""


@dataclass(frozen=True)
class PlanSnapshot:
    """One plan's names and figures, loaded once and answered from in memory (90 rows, not 90 queries)."""

    plan_id: int
    entity: str
    year: int
    cutoff_month: int
    title: str
    source_name: str
    imported_at: datetime
    units: tuple[str, ...]
    series: tuple[ActivitySeries, ...]
    inconsistent: frozenset[tuple[str, str]] = frozenset()  # (unit, activity) whose months ≠ quarters
    _by_unit: dict[str, tuple[ActivitySeries, ...]] = field(default_factory=dict, repr=False)
    _figures: dict[tuple[Period, Bands], PeriodFigures] = field(default_factory=dict, repr=False)
    _ids: dict[int, ActivitySeries] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[ActivitySeries]] = defaultdict(list)
        for item in self.series:
            grouped[item.unit].append(item)
        self._by_unit.update({unit: tuple(items) for unit, items in grouped.items()})
        self._ids.update((item.activity_id, item) for item in self.series)

    def series_of(self, unit: str) -> tuple[ActivitySeries, ...]:
        """The activities of a unit, in source order (empty for an unknown unit)."""
        return self._by_unit.get(unit, ())

    def figures(self, period: Period, bands: Bands) -> tuple[ActivityFigure, ...]:
        """Every activity's figures for a period, in source order (computed once per period)."""
        return self.period_figures(period, bands).rows

    def period_figures(self, period: Period, bands: Bands, pause: Pause | None = None) -> PeriodFigures:
        """A period's figures with their per-unit rows, progress and lagging lists, kept for reuse.

        ``pause`` (background work) is called after each chunk of activities, to let questions in.
        """
        key = (period, bands)
        cached = self._figures.get(key)
        if cached is None:
            rows: list[ActivityFigure] = []
            for start in range(0, len(self.series), CHUNK):
                chunk = self.series[start : start + CHUNK]
                rows.extend(activity_figure(item, period, bands, until=self.cutoff_month) for item in chunk)
                if pause is not None:
                    pause()
            with self._lock:
                self._make_room()
                cached = self._figures.setdefault(key, PeriodFigures(tuple(rows), bands))
        return cached

    def _make_room(self) -> None:
        """Bounds a plan's memory: the oldest periods go first, the common ones (most asked) last."""
        common = set(self.common_periods())
        keys = list(self._figures)
        victims = [k for k in keys if k[0] not in common] + [k for k in keys if k[0] in common]
        while len(self._figures) >= MAX_PERIODS:
            del self._figures[victims.pop(0)]

    def common_periods(self) -> tuple[Period, ...]:
        """The periods questions ask most: each month, quarter and cumulative to the cut-off, the year."""
        months = range(1, self.cutoff_month + 1)
        quarters = range(1, quarter_of(self.cutoff_month) + 1)
        periods = (
            Period.cumulative(self.cutoff_month),  # first: the default of most questions
            *(Period.month(m) for m in months),
            *(Period.quarter(q) for q in quarters),
            *(Period.cumulative(m) for m in months),
            Period.year(),
        )
        return tuple(dict.fromkeys(periods))

    def warm(self, bands: Bands, pause: Pause | None = None) -> None:
        """Computes the common periods' figures ahead of the questions (each once, then kept);
        ``pause`` is called between chunks of the work."""
        for period in self.common_periods():
            figures = self.period_figures(period, bands, pause)
            figures.ranking(self.units)  # the summary's, with every unit's progress
            if pause is not None:
                pause()
            figures.lagging(None)

    def find(self, ref: ActivityRef) -> ActivitySeries | None:
        """The activity a reference names, if the plan has it."""
        for item in self.series_of(ref.unit):
            if item.activity == ref.activity:
                return item
        return None

    def by_id(self, activity_id: int) -> ActivitySeries | None:
        """The activity with that id in this plan, if any."""
        return self._ids.get(activity_id)

    def catalog(self, aliases: dict[str, Candidate] | None = None) -> Catalog:
        """The names questions can refer to, for the understanding of questions."""
        return Catalog(
            units=self.units,
            activities=tuple(ActivityRef(s.unit, s.activity) for s in self.series),
            cutoff_month=self.cutoff_month,
            aliases=dict(aliases or {}),
        )
