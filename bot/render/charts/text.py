"""Chart text: the fonts, how wide a string is drawn, and data strings made safe and short.

Text in the charts is drawn with Pillow over the image matplotlib rendered (see ``bot.render.charts.base``
for why), in DejaVu Sans, the font shipped inside matplotlib, so it is present wherever the bot runs.
Names come from spreadsheets and PDFs: they may hold control characters and emoji the font lacks
(they would be drawn as boxes); ``plain`` drops those. Text is fitted by its drawn width, so a label
never runs out of its room whatever its letters.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache
from pathlib import Path

import matplotlib
from matplotlib.ft2font import FT2Font
from PIL import ImageFont

DPI = 100
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
REGULAR_FONT = FONT_DIR / "DejaVuSans.ttf"
BOLD_FONT = FONT_DIR / "DejaVuSans-Bold.ttf"
ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")
_STOPWORDS = frozenset({"A", "AL", "DE", "DEL", "E", "EL", "EN", "LA", "LAS", "LOS", "PARA", "POR", "Y"})
_local = threading.local()  # a FreeType face must not be shared between threads: fonts per thread


def font(size_pt: float, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The chart font at a size in points (at the charts' 100 dpi), cached per thread."""
    fonts: dict[tuple[float, bool], ImageFont.FreeTypeFont] | None = getattr(_local, "fonts", None)
    if fonts is None:
        fonts = _local.fonts = {}
    key = (size_pt, bold)
    if key not in fonts:
        path = BOLD_FONT if bold else REGULAR_FONT
        fonts[key] = ImageFont.truetype(str(path), size_pt * DPI / 72, layout_engine=ImageFont.Layout.BASIC)
    return fonts[key]


def width_px(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The drawn width of a line of text, in pixels."""
    return float(font(size_pt, bold=bold).getlength(text))


@cache
def _glyphs() -> frozenset[int]:
    """The code points both chart fonts can draw."""
    regular = FT2Font(str(REGULAR_FONT)).get_charmap()
    bold = FT2Font(str(BOLD_FONT)).get_charmap()
    return frozenset(regular) & frozenset(bold)


def plain(text: str) -> str:
    """Text with controls and undrawable characters dropped and whitespace collapsed."""
    glyphs = _glyphs()
    kept = []
    for char in text:
        if char.isspace():
            kept.append(" ")
        elif ord(char) in glyphs and unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kept.append(char)
    return _SPACES.sub(" ", "".join(kept)).strip()


def _cut(text: str, max_px: float, size_pt: float, bold: bool) -> str:
    """Plain text cut to fit with an ellipsis, at a word unless that would drop a long word."""
    full = width_px(text, size_pt, bold=bold)
    if full <= max_px:
        return text

    def fits(end: int) -> bool:
        return width_px(text[:end] + ELLIPSIS, size_pt, bold=bold) <= max_px

    # The longest prefix that fits with the ellipsis: guessed from the average letter, then walked
    # a letter at a time (two or three measurements instead of a bisection's ten).
    end = min(len(text) - 1, int(len(text) * max_px / full))
    while end > 0 and not fits(end):
        end -= 1
    while end + 1 < len(text) and fits(end + 1):
        end += 1
    head = text[:end]
    space = head.rfind(" ")
    if space > 0 and space >= end - 8:  # at a word unless that drops a long one: PRESENCIALM… tells apart
        head = head[:space]
    return head.rstrip(" ,.;:-–(/·") + ELLIPSIS


def fit(text: str, max_px: float, size_pt: float, *, bold: bool = False) -> str:
    """A data string on one line of at most ``max_px`` pixels."""
    return _cut(plain(text), max_px, size_pt, bold)


def fit_lines(
    text: str, max_px: float, size_pt: float, *, max_lines: int = 2, bold: bool = False
) -> list[str]:
    """A data string wrapped at words on at most ``max_lines`` lines of ``max_px``, the last one cut."""
    words = plain(text).split(" ")
    lines: list[str] = []
    while words and len(lines) < max_lines - 1:
        line = words.pop(0)
        while words and width_px(f"{line} {words[0]}", size_pt, bold=bold) <= max_px:
            line = f"{line} {words.pop(0)}"
        if width_px(line, size_pt, bold=bold) > max_px:  # one word wider than the room: cut it last
            words.insert(0, line)
            break
        lines.append(line)
    if words and words != [""]:
        lines.append(_cut(" ".join(words), max_px, size_pt, bold))
    return lines or [""]


def unit_acronym(unit: str) -> str:
    """A short tag for an organisational unit: GERENCIA DE RECURSOS HUMANOS -> GRH.

    A one-word name (INSTITUCIONAL) is kept whole up to 14 letters.
    """
    words = [w for w in re.split(r"[^\w]+", plain(unit).upper()) if w]
    significant = [w for w in words if w not in _STOPWORDS]
    if len(significant) <= 1:
        name = " ".join(words)
        return name if len(name) <= 14 else name[:13] + ELLIPSIS
    return "".join(w[0] for w in significant)
