"""Where a chart's header and legend go: their lines, rows and the pixels they take."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.charts.style import LEGEND_PT, MARGIN_PX, SUBTITLE_PT, TITLE_PT, WIDTH_PX, Key
from bot.render.charts.text import fit_lines, width_px


def title_lines(title: str) -> list[str]:
    return fit_lines(title, WIDTH_PX - 2 * MARGIN_PX, TITLE_PT, bold=True)


def subtitle_lines(subtitle: str) -> list[str]:
    return fit_lines(subtitle, WIDTH_PX - 2 * MARGIN_PX, SUBTITLE_PT) if subtitle else []


def header_height(title: str, subtitle: str) -> float:
    """The pixels from the top that ``Chart.header`` takes for this title and subtitle."""
    return 14 + 30 * len(title_lines(title)) + 22 * len(subtitle_lines(subtitle)) + 4


def legend_rows(keys: Sequence[Key]) -> list[list[tuple[float, Key]]]:
    """Legend keys placed left to right, wrapping to a new row when the width is used up."""
    rows: list[list[tuple[float, Key]]] = [[]]
    x = float(MARGIN_PX)
    for key in keys:
        width = (28 if key.color else 0) + width_px(key.label, LEGEND_PT)
        if rows[-1] and x + width > WIDTH_PX - MARGIN_PX:
            rows.append([])
            x = MARGIN_PX
        rows[-1].append((x, key))
        x += width + 24
    return rows


def legend_height(keys: Sequence[Key]) -> float:
    return 28 * len(legend_rows(keys)) if keys else 0
