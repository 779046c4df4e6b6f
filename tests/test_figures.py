"""The figures as DOMAIN.md defines them, as tables."""

from __future__ import annotations

import pytest

from bot.domain.figures import (
    ActivityFigure,
    ActivitySeries,
    Bands,
    Status,
    activity_figure,
    format_percent,
    format_quantity,
    lagging,
    percent,
    period_total,
    progress,
    status_of,
)
from bot.domain.periods import Period

NONE3: tuple[None, ...] = (None, None, None)


def series(
    programmed: tuple[float | None, ...],
    executed: tuple[float | None, ...],
    *,
    quarters_programmed: tuple[float | None, ...] = (None,) * 4,
    quarters_executed: tuple[float | None, ...] = (None,) * 4,
    target: float = 12,
    inferred_month: int | None = None,
) -> ActivitySeries:
    pad = (None,) * (12 - len(programmed))
    executed_inferred = tuple(month == inferred_month for month in range(1, 13))
    return ActivitySeries(
        unit="OFICINA",
        activity="ACTIVIDAD",
        measure="ACCIONES",
        annual_target=target,
        programmed=programmed + pad,
        executed=executed + (None,) * (12 - len(executed)),
        quarter_programmed=quarters_programmed,
        quarter_executed=quarters_executed,
        executed_inferred=executed_inferred,
    )


ONE_A_MONTH = series((1.0,) * 9, (1.0,) * 9)


@pytest.mark.parametrize(
    ("period", "executed", "expected"),
    [
        (Period.month(1), True, 1.0),
        (Period.month(10), True, None),  # after the cut-off: nothing known
        (Period.quarter(2), True, 3.0),
        (Period.quarter(4), False, None),
        (Period.cumulative(9), True, 9.0),
        (Period.cumulative(5), False, 5.0),
        (Period.year(), False, 12.0),  # programmed for the year is the annual target
        (Period.year(), True, 9.0),
    ],
)
def test_period_total_from_months(period: Period, executed: bool, expected: float | None) -> None:
    assert period_total(ONE_A_MONTH, period, executed=executed) == expected


def test_published_quarters_are_authoritative_for_quarters_and_cumulatives() -> None:
    # Months say 1+1+1 executed in each quarter, the published quarter columns say otherwise.
    item = series(
        (1.0,) * 9, (1.0,) * 9, quarters_programmed=(3, 3, 3, None), quarters_executed=(2, 4, 3, None)
    )
    assert period_total(item, Period.quarter(1), executed=True) == 2
    assert period_total(item, Period.cumulative(6), executed=True) == 6
    # a cumulative that ends inside a quarter adds that quarter's months as given
    assert period_total(item, Period.cumulative(8), executed=True) == 2 + 4 + 1 + 1
    assert period_total(item, Period.month(1), executed=True) == 1


@pytest.mark.parametrize(
    ("programmed", "executed", "expected_percent", "expected_status"),
    [
        (10, 10, 100.0, Status.VERDE),
        (20, 19, 95.0, Status.VERDE),
        (100, 94.9, 94.9, Status.AMBAR),
        (4, 3, 75.0, Status.AMBAR),
        (100, 74.9, 74.9, Status.ROJO),
        (6, 0, 0.0, Status.ROJO),
        (5, 8, 160.0, Status.VERDE),  # sobre-ejecución is green
        (0, 0, None, Status.SIN_PROGRAMACION),
        (0, 3, None, Status.SIN_PROGRAMAR),
    ],
)
def test_percent_and_status(
    programmed: float, executed: float, expected_percent: float | None, expected_status: Status
) -> None:
    value = percent(programmed, executed)
    assert value == (None if expected_percent is None else pytest.approx(expected_percent))
    assert status_of(programmed, executed) is expected_status


def test_bands_are_configurable() -> None:
    strict = Bands(green=100, amber=90)
    assert status_of(100, 95, strict) is Status.AMBAR
    assert status_of(100, 89, strict) is Status.ROJO
    with pytest.raises(ValueError, match="amber"):
        Bands(green=70, amber=80)


def figure(name: str, programmed: float, executed: float) -> ActivityFigure:
    return ActivityFigure(
        unit="U",
        activity=name,
        measure="ACCIONES",
        annual_target=12,
        programmed=programmed,
        executed=executed,
        percent=percent(programmed, executed),
        status=status_of(programmed, executed),
        inferred=False,
    )


def test_progress_is_the_mean_of_capped_percents_over_programmed_activities() -> None:
    rows = [
        figure("over", 2, 4),  # 200 % counts as 100 %
        figure("half", 4, 2),  # 50 %
        figure("idle", 0, 0),  # no percent: not in the mean
        figure("unplanned", 0, 5),  # no percent: not in the mean
    ]
    result = progress(rows)
    assert result.percent == pytest.approx(75.0)
    assert (result.verde, result.ambar, result.rojo) == (1, 0, 1)
    assert (result.sin_programacion, result.sin_programar) == (1, 1)
    assert result.counted == 2


def test_progress_of_nothing_programmed_has_no_percent() -> None:
    assert progress([figure("idle", 0, 0)]).percent is None
    assert progress([]).percent is None


def test_lagging_is_worst_first_then_largest_gap() -> None:
    rows = [figure("a", 10, 9), figure("b", 6, 0), figure("c", 2, 0), figure("d", 3, 3), figure("e", 0, 0)]
    assert [row.activity for row in lagging(rows)] == ["b", "c", "a"]
    assert lagging(rows)[0].gap == 6


def test_inferred_cells_mark_the_periods_that_hold_them() -> None:
    item = series((1.0,) * 9, (1.0,) * 9, inferred_month=9)
    assert activity_figure(item, Period.quarter(3)).inferred
    assert activity_figure(item, Period.cumulative(9)).inferred
    assert not activity_figure(item, Period.quarter(2)).inferred


@pytest.mark.parametrize(
    ("value", "text"), [(7040, "7,040"), (12.0, "12"), (12.5, "12.5"), (0.25, "0.25"), (0, "0")]
)
def test_format_quantity(value: float, text: str) -> None:
    assert format_quantity(value) == text


def test_format_percent() -> None:
    assert format_percent(84.236) == "84.2 %"
    assert format_percent(None) == "—"


def test_a_published_quarter_hides_the_inferred_month_it_covers() -> None:
    item = series(
        (1.0,) * 9,
        (1.0,) * 9,
        quarters_programmed=(3, 3, 3, None),
        quarters_executed=(3, 3, 3, None),
        inferred_month=9,
    )
    assert not activity_figure(item, Period.quarter(3)).inferred  # the published III quarter is used
    assert not activity_figure(item, Period.cumulative(9)).inferred
    assert activity_figure(item, Period.month(9)).inferred  # the month itself is the inferred cell


def test_progress_status_follows_the_bands_it_was_computed_with() -> None:
    rows = [figure("a", 100, 90)]
    assert progress(rows).status is Status.AMBAR
    assert progress(rows, Bands(green=90, amber=50)).status is Status.VERDE


def test_percent_rounds_half_up() -> None:
    assert format_percent(81.25) == "81.3 %"
    assert format_percent(0.04) == "0.0 %"
