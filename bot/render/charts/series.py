"""One activity or a unit, month by month or quarter by quarter, as a PNG bar chart (``series_chart``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from bot.domain.figures import ActivitySeries, Bands, Status, activity_figure, format_percent, format_quantity
from bot.domain.periods import MONTH_NAMES, Period
from bot.render.charts.base import Chart, add_bars, empty_chart
from bot.render.charts.data import SeriesPoint, series_points
from bot.render.charts.style import (
    EXECUTED_COLOR,
    FUTURE_COLOR,
    GRID_COLOR,
    HATCH,
    INFERRED_LABEL,
    MARGIN_PX,
    MUTED_COLOR,
    PROGRAMMED_COLOR,
    WIDTH_PX,
    Key,
    band_color,
    status_key,
)
from bot.render.charts.text import fit, width_px

BAR = 0.4  # the width of one bar of a programmed/executed pair, in months or quarters
AXES_LEFT_PX = 72
AXES_RIGHT_PX = 20
AXES_BOTTOM_PX = 66


def series_chart(
    title: str,
    series: Sequence[ActivitySeries],
    *,
    by: Literal["month", "quarter"],
    up_to_month: int,
    bands: Bands | None = None,
) -> bytes:
    """Programmed against executed by month or quarter: quantities for one activity, percent for several.

    ``up_to_month`` is the data cut-off, the last month with executed data (0 when there is none yet).
    """
    bands = bands or Bands()
    points = series_points(series, by=by, up_to_month=up_to_month, bands=bands)
    if not series:
        return empty_chart(title, "Sin actividades para mostrar")
    if len(series) == 1:
        return _quantities_chart(title, series[0], points, up_to_month, bands)
    return _percents_chart(title, len(series), points, bands)


def _tick_labels(points: Sequence[SeriesPoint]) -> list[list[str]]:
    """Tick labels with an asterisk on the inferred ones; a cut quarter's months on a second line."""
    return [[p.label + ("*" if p.inferred else "")] + ([f"({p.detail})"] if p.detail else []) for p in points]


def _size(points: Sequence[SeriesPoint]) -> float:
    """The size of the figures over the bars: smaller for twelve months than for four quarters."""
    return 11 if len(points) == 12 else 14


def _axes(chart: Chart, top: float, points: Sequence[SeriesPoint], caption: str) -> Axes:
    """The plot area under the legend, with the unit (or "% de avance") written above its y axis."""
    chart.text(MARGIN_PX, top + 4, caption, size=11, color=MUTED_COLOR)
    ax = chart.add_axes(top=top + 30, left=AXES_LEFT_PX, bottom=AXES_BOTTOM_PX, right=AXES_RIGHT_PX)
    ax.set_xlim(-0.6, len(points) - 0.4)
    future = [i for i, p in enumerate(points) if p.future]
    if future:
        start, end = future[0] - 0.5, len(points) - 0.5
        ax.axvspan(start, end, color=FUTURE_COLOR, zorder=0, linewidth=0)
        text = ["sin ejecución", "registrada aún"] if len(future) > 1 else ["sin", "ejecución"]
        chart.text(
            (start + end) / 2,
            1,
            text,
            size=11,
            color=MUTED_COLOR,
            ha="center",
            transform=ax.get_xaxis_transform(),
            offset=(0, 6),
        )
    return ax


def _quantities_chart(
    title: str, series: ActivitySeries, points: Sequence[SeriesPoint], up_to_month: int, bands: Bands
) -> bytes:
    word = "mes" if len(points) == 12 else "trimestre"
    subtitle = f"Programado vs. ejecutado por {word}"
    if up_to_month:
        total = activity_figure(series, Period.cumulative(up_to_month), bands)
        subtitle += (
            f" · acumulado a {MONTH_NAMES[up_to_month - 1]}: {format_quantity(total.executed)} de "
            f"{format_quantity(total.programmed)} ({format_percent(total.percent)})"
        )
    keys = [Key("Programado", PROGRAMMED_COLOR), Key("Ejecutado", EXECUTED_COLOR)]
    if any(p.inferred for p in points):
        keys.append(Key(INFERRED_LABEL, MUTED_COLOR, HATCH))

    chart = Chart()
    top = chart.legend(chart.header(title, subtitle), keys)
    ax = _axes(chart, top, points, fit(series.measure, 400, 11) or "cantidad")
    peak = max([p.programmed or 0.0 for p in points] + [p.executed or 0.0 for p in points] + [1.0])
    ax.set_ylim(0, peak * 1.15)
    past = [i for i, p in enumerate(points) if not p.future]
    add_bars(
        ax,
        [(i - BAR, 0, i, p.programmed or 0.0) for i, p in enumerate(points)],
        [PROGRAMMED_COLOR] * len(points),
        [p.programmed_inferred for p in points],
    )
    add_bars(
        ax,
        [(i, 0, i + BAR, points[i].executed or 0.0) for i in past],
        [EXECUTED_COLOR] * len(past),
        [points[i].executed_inferred for i in past],
    )
    _quantity_labels(chart, ax, points)
    chart.xticks(ax, range(len(points)), _tick_labels(points))
    ticks = [
        t for t in MaxNLocator(nbins=5, integer=True).tick_values(0, peak * 1.15) if 0 <= t <= peak * 1.15
    ]
    chart.yticks(ax, ticks, [format_quantity(t) for t in ticks])
    ax.grid(axis="y", color=GRID_COLOR, linewidth=0.8)
    return chart.png()


def _quantity_labels(chart: Chart, ax: Axes, points: Sequence[SeriesPoint]) -> None:
    """The figures over the bars: both when they fit over their bars, else the executed one only.

    A past month the source says nothing about gets "—" rather than a 0 it never reported.
    """
    size = _size(points)
    bar_px = BAR * (WIDTH_PX - AXES_LEFT_PX - AXES_RIGHT_PX) / (len(points) + 0.2)
    programmed = [format_quantity(p.programmed) if p.programmed else "" for p in points]
    executed = [
        None if p.future else "—" if p.executed is None else format_quantity(p.executed) for p in points
    ]
    labels = programmed + [e for e in executed if e]
    both = all(width_px(label, size, bold=True) <= bar_px + 4 for label in labels)
    for i, point in enumerate(points):
        if both and programmed[i]:
            chart.text(
                i - BAR / 2,
                point.programmed or 0.0,
                programmed[i],
                size=size,
                color=MUTED_COLOR,
                ha="center",
                va="bottom",
                transform=ax.transData,
                offset=(0, -3),
            )
        if executed[i] is not None:
            chart.text(
                i + BAR / 2,
                point.executed or 0.0,
                executed[i] or "",
                size=size,
                bold=True,
                color=EXECUTED_COLOR,
                ha="center",
                va="bottom",
                transform=ax.transData,
                offset=(0, -3),
            )


def _percents_chart(title: str, activities: int, points: Sequence[SeriesPoint], bands: Bands) -> bytes:
    word = "mes" if len(points) == 12 else "trimestre"
    subtitle = (
        f"% de avance por {word}: promedio de {activities} actividades, cada una hasta 100 % "
        "(no se suman cantidades)"
    )
    keys = [status_key(s, bands) for s in (Status.VERDE, Status.AMBAR, Status.ROJO)]
    if any(p.inferred for p in points):
        keys.append(Key(INFERRED_LABEL, MUTED_COLOR, HATCH))

    chart = Chart()
    top = chart.legend(chart.header(title, subtitle), keys)
    ax = _axes(chart, top, points, "% de avance")
    ax.set_ylim(0, 115)
    for threshold in (bands.amber, bands.green):
        ax.axhline(threshold, color=MUTED_COLOR, linestyle="--", linewidth=1, zorder=3)
    drawn = [(i, p.percent) for i, p in enumerate(points) if p.percent is not None]
    add_bars(
        ax,
        [(i - 0.31, 0, i + 0.31, max(value, 0.8)) for i, value in drawn],  # 0 % still shows red
        [band_color(value, bands) for _, value in drawn],
        [points[i].inferred for i, _ in drawn],
    )
    size = _size(points)
    for i, point in enumerate(points):
        if point.future:
            continue
        if point.percent is None:
            chart.text(
                i,
                0,
                ["sin", "prog."],
                size=size,
                color=MUTED_COLOR,
                ha="center",
                va="bottom",
                transform=ax.transData,
                offset=(0, -4),
            )
            continue
        text = f"{point.percent:.0f} %" if len(points) == 12 else format_percent(point.percent)
        chart.text(
            i,
            point.percent,
            text,
            size=size,
            bold=True,
            ha="center",
            va="bottom",
            transform=ax.transData,
            offset=(0, -3),
        )
    chart.xticks(ax, range(len(points)), _tick_labels(points))
    chart.yticks(ax, [0, 25, 50, 75, 100], ["0 %", "25 %", "50 %", "75 %", "100 %"])
    ax.grid(axis="y", color=GRID_COLOR, linewidth=0.8)
    return chart.png()
