"""The activities of a unit (or of the institution) by percent, as horizontal bars coloured by band.

Worst first: the activities that need attention are at the top, then the green ones, then those
executed without anything programmed (blue) and those with nothing programmed (grey), which have no
percent and so no bar. Statuses are taken under the ``bands`` given, so the colours always agree
with the thresholds, drawn as dashed lines and given in the legend. Each bar carries its percent and
"ejecutado de programado"; a percent over the drawn maximum (150 %) is cut there and marked "»". An
activity whose figure holds an inferred cell has an asterisk (no hatch: in a cumulative period half
the plan may hold one, and 40 hatched bars hide the colours).

Names are fitted to the label column by their drawn width, on two lines when the rows are tall
enough; in a chart of several units each name starts with its unit's acronym (GRH · ...), since the
same activity name stands in several units.

``activities_chart`` draws every activity in one image, 30 px a row, growing taller than 600 px
when they do not fit (90 activities: about 2,900 px). Telegram shrinks a photo to 1,280 px on its
longest side, so a tall image sent as a photo becomes unreadable on a phone: send it as a document,
or use ``activities_chart_pages``, which splits the rows evenly into images of at most ``per_page``
activities (35 fit in 1,280 px even under a two-line title and legend), for an album.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from bot.domain.figures import (
    ActivityFigure,
    Bands,
    Progress,
    Status,
    format_percent,
    format_quantity,
    progress,
    status_of,
)
from bot.render.charts.base import Chart, add_bars, empty_chart
from bot.render.charts.layout import header_height, legend_height
from bot.render.charts.style import (
    GRID_COLOR,
    HEIGHT_PX,
    INFERRED_LABEL,
    MUTED_COLOR,
    STATUS_COLORS,
    TEXT_COLOR,
    WIDTH_PX,
    Key,
    status_key,
)
from bot.render.charts.text import fit, fit_lines, unit_acronym, width_px

ROW_PX = 30  # the height of one activity when the chart grows taller than 600 px
TALL_ROWS = 14  # beyond this many activities the chart grows, and the scale is repeated on top
LEFT_PX = 470  # the label column
RIGHT_PX = 16
BOTTOM_PX = 40
TOP_TICKS_PX = 28
DISPLAY_MAX = 150.0  # percents above this are drawn cut, with a mark
LABEL_PT = 12
TALL_LABEL_PT = 11  # a tall chart needs every letter it can get for 90 names
VALUE_PT = 11
PER_PAGE = 35  # activities in one image of activities_chart_pages: 1,280 px tall at most


def _sort_key(f: ActivityFigure) -> tuple[int, float]:
    if f.percent is not None:
        return (0, f.percent)
    return (1 if f.status is Status.SIN_PROGRAMAR else 2, 0.0)


def _rows(figures: Sequence[ActivityFigure], bands: Bands) -> list[ActivityFigure]:
    """The figures worst first, each with its status under ``bands``, the ones the chart draws."""
    banded = [replace(f, status=status_of(f.programmed, f.executed, bands)) for f in figures]
    return sorted(banded, key=_sort_key)


def activities_chart(title: str, figures: Sequence[ActivityFigure], *, bands: Bands) -> bytes:
    """All the activities by percent for one period in one image, worst first, coloured by band."""
    if not figures:
        return empty_chart(title, "Sin actividades para mostrar")
    rows = _rows(figures, bands)
    return _draw(title, rows, bands, progress(rows, bands), "")


def activities_chart_pages(
    title: str, figures: Sequence[ActivityFigure], *, bands: Bands, per_page: int = PER_PAGE
) -> list[bytes]:
    """The same chart split evenly into images of at most ``per_page`` activities, worst first."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    if not figures:
        return [empty_chart(title, "Sin actividades para mostrar")]
    rows = _rows(figures, bands)
    pages = math.ceil(len(rows) / per_page)
    size = math.ceil(len(rows) / pages)
    summary = progress(rows, bands)
    images = []
    for page in range(pages):
        chunk = rows[page * size : (page + 1) * size]
        first = page * size + 1
        note = f"actividades {first}–{first + len(chunk) - 1} de {len(rows)}" if pages > 1 else ""
        images.append(_draw(title, chunk, bands, summary, note))
    return images


def _value_label(f: ActivityFigure) -> str:
    if f.percent is None:
        if f.status is Status.SIN_PROGRAMAR:
            return f"ejecutado sin programar ({format_quantity(f.executed)})"
        return "sin programación"
    mark = " »" if f.percent > DISPLAY_MAX else ""
    amounts = f"{format_quantity(f.executed)} de {format_quantity(f.programmed)}"
    return f"{format_percent(f.percent)}{mark} ({amounts})"


def _labels(
    rows: Sequence[ActivityFigure], *, several_units: bool, two_lines: bool, size: float
) -> list[list[str]]:
    room = LEFT_PX - 30
    labels = []
    for f in rows:
        name = f"{unit_acronym(f.unit)} · {f.activity}" if several_units else f.activity
        mark = "*" if f.inferred else ""
        width = room - width_px(mark, size)
        lines = fit_lines(name, width, size) if two_lines else [fit(name, width, size)]
        lines[-1] += mark
        labels.append(lines)
    return labels


def _draw(title: str, rows: Sequence[ActivityFigure], bands: Bands, summary: Progress, note: str) -> bytes:
    counts = f"{summary.verde} verde, {summary.ambar} ámbar, {summary.rojo} rojo"
    total = len(summary.activities)
    subtitle = (
        f"Avance promedio: {format_percent(summary.percent)} ({counts}) · {note or f'{total} actividades'}"
    )
    keys = [status_key(s, bands) for s in STATUS_COLORS if any(f.status is s for f in rows)]
    if any(f.inferred for f in rows):
        keys.append(Key(INFERRED_LABEL))
    tall = len(rows) > TALL_ROWS
    head = header_height(title, subtitle)
    top = head + legend_height(keys) + (TOP_TICKS_PX if tall else 12)
    height = max(HEIGHT_PX, math.ceil(top + BOTTOM_PX + ROW_PX * len(rows)))
    row_px = (height - top - BOTTOM_PX) / len(rows)

    chart = Chart(height)
    chart.legend(chart.header(title, subtitle), keys)
    ax = chart.add_axes(top=top, left=LEFT_PX, bottom=BOTTOM_PX, right=RIGHT_PX)
    values = [_value_label(f) for f in rows]
    axis_px = WIDTH_PX - LEFT_PX - RIGHT_PX
    reserve = max(width_px(v, VALUE_PT) for v in values) + 12
    peak = max([f.percent for f in rows if f.percent is not None] + [100.0])
    display_max = min(peak, DISPLAY_MAX)
    xmax = display_max * axis_px / max(axis_px - reserve, axis_px / 3)
    ax.set_xlim(0, xmax)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # the first row at the top
    # A 0 % bar still shows a sliver of red, so a rojo activity never looks like "no data".
    ends = [max(min(f.percent, display_max), xmax / 150) if f.percent is not None else 0.0 for f in rows]
    drawn = [y for y, f in enumerate(rows) if f.percent is not None]
    add_bars(
        ax,
        [(0, y - 0.35, ends[y], y + 0.35) for y in drawn],
        [STATUS_COLORS[rows[y].status] for y in drawn],
        [False] * len(drawn),
    )
    for y, (f, value) in enumerate(zip(rows, values, strict=True)):
        color = TEXT_COLOR
        if f.percent is None:
            color = STATUS_COLORS[f.status] if f.status is Status.SIN_PROGRAMAR else MUTED_COLOR
        chart.text(
            ends[y],
            y,
            value,
            size=VALUE_PT,
            color=color,
            va="center",
            transform=ax.transData,
            offset=(6, 0),
            halo=True,
        )
    for threshold in (bands.amber, bands.green):
        if threshold <= display_max:
            ax.axvline(threshold, color=MUTED_COLOR, linestyle="--", linewidth=1, zorder=3)
    ticks = list(range(0, int(display_max) + 1, 25 if display_max <= 125 else 50))
    chart.xticks(ax, ticks, [f"{t} %" for t in ticks], top=tall)
    several_units = len({f.unit for f in summary.activities}) > 1
    size = TALL_LABEL_PT if tall else LABEL_PT
    labels = _labels(rows, several_units=several_units, two_lines=row_px >= 44, size=size)
    chart.yticks(ax, range(len(rows)), labels, marks=False, size=size)
    ax.grid(axis="x", color=GRID_COLOR, linewidth=0.8)
    return chart.png()
