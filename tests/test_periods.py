"""Periods: which months they cover and how a reply names them."""

from __future__ import annotations

import pytest

from bot.domain.periods import Period, PeriodKind, quarter_of


@pytest.mark.parametrize(
    ("period", "months", "label"),
    [
        (Period.month(9), [9], "septiembre"),
        (Period.quarter(2), [4, 5, 6], "II trimestre"),
        (Period.cumulative(9), list(range(1, 10)), "al III trimestre (ene–sep)"),
        (Period.cumulative(8), list(range(1, 9)), "acumulado a agosto"),
        (Period.year(), list(range(1, 13)), "año (frente a la meta anual)"),
    ],
)
def test_months_and_labels(period: Period, months: list[int], label: str) -> None:
    assert list(period.months) == months
    assert period.label() == label


@pytest.mark.parametrize(("month", "quarter"), [(1, 1), (3, 1), (4, 2), (9, 3), (10, 4), (12, 4)])
def test_quarter_of(month: int, quarter: int) -> None:
    assert quarter_of(month) == quarter


@pytest.mark.parametrize(
    ("kind", "value"), [(PeriodKind.MONTH, 13), (PeriodKind.QUARTER, 5), (PeriodKind.CUMULATIVE, None)]
)
def test_invalid_periods_are_refused(kind: PeriodKind, value: int | None) -> None:
    with pytest.raises(ValueError, match="period needs a value"):
        Period(kind, value)


def test_json_shape() -> None:
    assert Period.quarter(3).as_json() == {"kind": "quarter", "value": 3}
    assert Period.year().as_json() == {"kind": "year", "value": None}
