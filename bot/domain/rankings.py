"""Ordering units and activities by progress: the weakest or strongest first, for rankings.

Only those with a percent (something programmed in the period) are ranked; ties keep the plan's
order, so the same question always gives the same ranking.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.answer_model import UnitProgress
from bot.domain.figures import ActivityFigure
from bot.domain.query import Order

DEFAULT_PLURAL = 5
"""How many a plural ranking shows when the question says no number ("las unidades más atrasadas")."""


def rank_units(items: Iterable[UnitProgress], order: Order) -> list[UnitProgress]:
    """Units with a percent, weakest (or strongest) first."""
    ranked = [(position, item) for position, item in enumerate(items) if item.progress.percent is not None]
    sign = 1.0 if order is Order.WORST else -1.0
    ranked.sort(key=lambda pair: (sign * (pair[1].progress.percent or 0.0), pair[0]))
    return [item for _, item in ranked]


def rank_activities(rows: Iterable[ActivityFigure], order: Order) -> list[ActivityFigure]:
    """Activities with a percent, weakest first (then the largest gap), or strongest first."""
    ranked = [(position, row) for position, row in enumerate(rows) if row.percent is not None]
    if order is Order.WORST:
        ranked.sort(key=lambda pair: (pair[1].percent or 0.0, -pair[1].gap, pair[0]))
    else:
        ranked.sort(key=lambda pair: (-(pair[1].percent or 0.0), pair[0]))
    return [row for _, row in ranked]
