"""The ``Chart`` canvas every poi-bot chart draws on: header, legend, axes, bars, text and PNG output.

matplotlib (object-oriented API, Agg canvas, no pyplot, so nothing global) draws the axes, bars,
lines and legend keys. Text is queued on the ``Chart`` and drawn with Pillow over the rendered
image: matplotlib 3.11 lays glyphs out one by one in Python, about 0.2 ms each on a small server,
and a chart of 90 activities holds some 6,000 of them (over a second); Pillow draws them in a tenth
of that. A side benefit: data strings never reach matplotlib's text engine, so a dollar sign cannot
turn into mathtext. Positions are pixels from the top-left corner of the image, or data coordinates
of an axes, resolved once matplotlib has drawn.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import IdentityTransform, Transform
from PIL import Image, ImageDraw

from bot.render.charts.layout import header_height, legend_height, legend_rows, subtitle_lines, title_lines
from bot.render.charts.style import (
    AXIS_COLOR,
    HATCH,
    HEIGHT_PX,
    LEGEND_PT,
    MARGIN_PX,
    MUTED_COLOR,
    SUBTITLE_PT,
    TEXT_COLOR,
    TICK_PT,
    TITLE_PT,
    WIDTH_PX,
    Key,
)
from bot.render.charts.text import DPI, font

HAlign = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom"]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in data coordinates


@dataclass(frozen=True)
class _Text:
    lines: tuple[str, ...]
    x: float
    y: float
    transform: Transform | None  # None: pixels from the top-left corner
    offset: tuple[float, float]  # pixels, right and down
    size: float
    color: str
    bold: bool
    ha: HAlign
    va: VAlign
    halo: bool


class Chart:
    """One image being drawn: a matplotlib figure plus the text to draw over it."""

    def __init__(self, height_px: int = HEIGHT_PX) -> None:
        self.height = height_px
        self.fig = Figure(figsize=(WIDTH_PX / DPI, height_px / DPI), dpi=DPI, facecolor="white")
        self._texts: list[_Text] = []

    def text(
        self,
        x: float,
        y: float,
        text: str | Sequence[str],
        *,
        size: float = TICK_PT,
        color: str = TEXT_COLOR,
        bold: bool = False,
        ha: HAlign = "left",
        va: VAlign = "top",
        transform: Transform | None = None,
        offset: tuple[float, float] = (0.0, 0.0),
        halo: bool = False,
    ) -> None:
        """Queues text (one line, or a sequence of lines) at a point; see the module docstring.

        ``halo`` clears a white box behind the text, so that a grid or threshold line cannot cross it.
        """
        lines = (text,) if isinstance(text, str) else tuple(text)
        self._texts.append(_Text(lines, x, y, transform, offset, size, color, bold, ha, va, halo))

    def header(self, title: str, subtitle: str) -> float:
        """Draws the title (bold, up to two lines) and subtitle; returns the pixels they take."""
        self.text(MARGIN_PX, 14, title_lines(title), size=TITLE_PT, bold=True)
        subtitle_top = 14 + 30 * len(title_lines(title))
        self.text(MARGIN_PX, subtitle_top, subtitle_lines(subtitle), size=SUBTITLE_PT, color=MUTED_COLOR)
        return header_height(title, subtitle)

    def legend(self, top: float, keys: Sequence[Key]) -> float:
        """Draws the legend keys in rows from ``top``; returns the pixel row below them."""
        for row_index, row in enumerate(legend_rows(keys)):
            middle = top + 28 * row_index + 12
            for x, key in row:
                if key.color:
                    self.fig.add_artist(
                        Rectangle(
                            (x, self.height - middle - 8),
                            20,
                            16,
                            transform=IdentityTransform(),
                            facecolor=key.color,
                            edgecolor="white" if key.hatch else key.color,
                            linewidth=0,
                            hatch=key.hatch,
                        )
                    )
                self.text(x + (28 if key.color else 0), middle, key.label, size=LEGEND_PT, va="center")
        return top + legend_height(keys)

    def add_axes(self, *, top: float, left: float, bottom: float, right: float) -> Axes:
        """An axes placed by its margins in pixels, light-styled; ``xticks`` and ``yticks`` label it."""
        ax = self.fig.add_axes(
            (
                left / WIDTH_PX,
                bottom / self.height,
                1 - (left + right) / WIDTH_PX,
                1 - (top + bottom) / self.height,
            )
        )
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("bottom", "left"):
            ax.spines[side].set_color(AXIS_COLOR)
        ax.tick_params(colors=AXIS_COLOR, labelbottom=False, labelleft=False)
        ax.set_axisbelow(True)
        return ax

    def xticks(
        self,
        ax: Axes,
        positions: Sequence[float],
        labels: Sequence[str | Sequence[str]],
        *,
        top: bool = False,
    ) -> None:
        """Tick marks on the x axis with their labels below it (and above it too when ``top``)."""
        ax.set_xticks(list(positions))
        ax.tick_params(axis="x", top=top)
        for x, label in zip(positions, labels, strict=True):
            self.text(x, 0, label, ha="center", va="top", transform=ax.get_xaxis_transform(), offset=(0, 7))
            if top:
                self.text(
                    x, 1, label, ha="center", va="bottom", transform=ax.get_xaxis_transform(), offset=(0, -7)
                )

    def yticks(
        self,
        ax: Axes,
        positions: Sequence[float],
        labels: Sequence[str | Sequence[str]],
        *,
        marks: bool = True,
        size: float = TICK_PT,
    ) -> None:
        """Labels left of the y axis, vertically centred on their positions."""
        # Without marks no matplotlib ticks at all: a Tick costs ~1 ms, and a chart may have 90 rows.
        ax.set_yticks(list(positions) if marks else [])
        transform = ax.get_yaxis_transform()
        for y, label in zip(positions, labels, strict=True):
            self.text(0, y, label, size=size, ha="right", va="center", transform=transform, offset=(-8, 0))

    def png(self) -> bytes:
        """Renders the figure with Agg, draws the queued text over it and encodes a PNG."""
        FigureCanvasAgg(self.fig)  # attaches itself: the figure renders with Agg, no pyplot involved
        raw = io.BytesIO()
        self.fig.savefig(raw, format="rgba", dpi=DPI)
        size = (WIDTH_PX, self.height)
        image = Image.frombuffer("RGBA", size, raw.getvalue(), "raw", "RGBA", 0, 1).convert("RGB")
        draw = ImageDraw.Draw(image)
        for text in self._texts:
            x, y = text.x, text.y
            if text.transform is not None:
                x, y = text.transform.transform((x, y))
                y = size[1] - y
            x, y = x + text.offset[0], y + text.offset[1]
            step = text.size * DPI / 72 * 1.2
            count = len(text.lines)
            for index, line in enumerate(text.lines):
                if text.va == "top":
                    line_y, vertical = y + index * step, "a"
                elif text.va == "center":
                    line_y, vertical = y + (index - (count - 1) / 2) * step, "m"
                else:
                    line_y, vertical = y - (count - 1 - index) * step, "d"
                anchor = {"left": "l", "center": "m", "right": "r"}[text.ha] + vertical
                face = font(text.size, bold=text.bold)
                if text.halo:
                    left, upper, right, lower = draw.textbbox((x, line_y), line, font=face, anchor=anchor)
                    draw.rectangle((left - 2, upper - 2, right + 2, lower + 2), fill="white")
                draw.text((x, line_y), line, font=face, fill=text.color, anchor=anchor)
        # Level 3 encodes a third faster than the default 6 and, on these flat images, no larger.
        # (A palette would be smaller still, but Pillow's fast quantizer shifts white and the band
        # colours, and its exact one costs more than it saves.)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=3)
        return buffer.getvalue()


def add_bars(
    ax: Axes, rects: Sequence[Rect], colors: Sequence[str], hatched: Sequence[bool], *, zorder: float = 2
) -> None:
    """Bars as two polygon collections (plain and hatched): one artist each, not one per bar."""
    for hatch in (False, True):
        chosen = [(r, c) for r, c, h in zip(rects, colors, hatched, strict=True) if h is hatch]
        if not chosen:
            continue
        collection = PolyCollection(
            [[(x0, y0), (x1, y0), (x1, y1), (x0, y1)] for (x0, y0, x1, y1), _ in chosen],
            facecolors=[c for _, c in chosen],
            edgecolors="white" if hatch else "none",
            linewidths=0,
            hatch=HATCH if hatch else None,
            zorder=zorder,
        )
        ax.add_collection(collection, autolim=False)


def empty_chart(title: str, message: str) -> bytes:
    """A chart with nothing to draw but its title and why it is empty."""
    chart = Chart()
    chart.header(title, "")
    chart.text(WIDTH_PX / 2, HEIGHT_PX / 2, message, size=16, color=MUTED_COLOR, ha="center", va="center")
    return chart.png()
