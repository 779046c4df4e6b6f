"""One period's figures for a whole plan, computed once and kept: rows, units, progress, lagging.

A plan of 100,000 activities answers a summary or a lagging list from here without walking every
activity again: each unit's rows, each group's progress and each sorted lagging list are computed
the first time they are asked for and then reused (computing one twice is harmless: they are pure).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from bot.domain.answer_model import UnitProgress
from bot.domain.figures import ActivityFigure, Bands, Progress, lagging, progress

_Kept = TypeVar("_Kept")
INSTITUTION = None  # the key of the whole plan in the per-unit caches


@dataclass(frozen=True)
class PeriodFigures:
    """Every activity's figures for one period and bands, with what answers derive from them."""

    rows: tuple[ActivityFigure, ...]
    bands: Bands
    _by_unit: dict[str, tuple[ActivityFigure, ...]] = field(default_factory=dict, repr=False)
    _progress: dict[str | None, Progress] = field(default_factory=dict, repr=False)
    _lagging: dict[str | None, tuple[ActivityFigure, ...]] = field(default_factory=dict, repr=False)
    _ranking: dict[tuple[str, ...], tuple[UnitProgress, ...]] = field(default_factory=dict, repr=False)
    _kept: dict[str, object] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[ActivityFigure]] = {}
        for row in self.rows:
            grouped.setdefault(row.unit, []).append(row)
        self._by_unit.update({unit: tuple(rows) for unit, rows in grouped.items()})

    def of(self, unit: str | None) -> tuple[ActivityFigure, ...]:
        """A unit's rows in source order (every row for None; none for an unknown unit)."""
        return self.rows if unit is INSTITUTION else self._by_unit.get(unit, ())

    def progress(self, unit: str | None) -> Progress:
        """A unit's (or the institution's) progress over the period."""
        found = self._progress.get(unit)
        if found is None:
            found = progress(self.of(unit), self.bands)
            self._progress[unit] = found
        return found

    def lagging(self, unit: str | None) -> tuple[ActivityFigure, ...]:
        """A unit's (or the institution's) lagging activities, worst first."""
        found = self._lagging.get(unit)
        if found is None:
            found = tuple(lagging(self.of(unit)))
            self._lagging[unit] = found
        return found

    def ranking(self, units: Sequence[str]) -> tuple[UnitProgress, ...]:
        """These units with their progress, best mean percent first (no percent last), stable."""
        key = tuple(units)
        found = self._ranking.get(key)
        if found is None:
            found = tuple(
                sorted(
                    (UnitProgress(unit, self.progress(unit)) for unit in units),
                    key=lambda item: -1.0 if item.progress.percent is None else item.progress.percent,
                    reverse=True,
                )
            )
            self._ranking[key] = found
        return found

    def kept(self, key: str, make: Callable[[], _Kept]) -> _Kept:
        """Something an answer derives from this period's figures, made once (by ``make``)."""
        if key not in self._kept:
            self._kept.setdefault(key, make())
        return self._kept[key]  # type: ignore[return-value]
