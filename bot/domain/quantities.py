"""Quantities and percents as people write them in the answers, cards, charts and exports."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


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
