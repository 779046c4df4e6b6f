"""The look every poi-bot chart shares: image size, margins, type sizes, colours and legend keys."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.figures import Bands, Status

WIDTH_PX = 1000
HEIGHT_PX = 600
MARGIN_PX = 16
HATCH = "///"
TITLE_PT = 18
SUBTITLE_PT = 13
LEGEND_PT = 12
TICK_PT = 12

STATUS_COLORS = {
    Status.VERDE: "#2e7d32",
    Status.AMBAR: "#f2a900",
    Status.ROJO: "#c62828",
    Status.SIN_PROGRAMACION: "#9e9e9e",
    Status.SIN_PROGRAMAR: "#1e88e5",
}
PROGRAMMED_COLOR = "#b0bec5"
EXECUTED_COLOR = "#1f4e79"
TEXT_COLOR = "#212121"
MUTED_COLOR = "#616161"
AXIS_COLOR = "#9e9e9e"
GRID_COLOR = "#e6e6e6"
FUTURE_COLOR = "#f3f3f3"
INFERRED_LABEL = "* Dato inferido (reconstruido)"


@dataclass(frozen=True)
class Key:
    """A legend entry: a coloured (maybe hatched) square and its label; no square without a colour."""

    label: str
    color: str | None = None
    hatch: str | None = None


def status_key(status: Status, bands: Bands) -> Key:
    """The legend entry of a status, with its threshold: "Verde (≥ 95 %)"."""
    labels = {
        Status.VERDE: f"Verde (≥ {bands.green:g} %)",
        Status.AMBAR: f"Ámbar (≥ {bands.amber:g} %)",
        Status.ROJO: f"Rojo (< {bands.amber:g} %)",
        Status.SIN_PROGRAMACION: "Sin programación",
        Status.SIN_PROGRAMAR: "Ejecutado sin programar",
    }
    return Key(labels[status], STATUS_COLORS[status])


def band_color(value: float, bands: Bands) -> str:
    """The colour of the band a percent falls in."""
    if value >= bands.green:
        return STATUS_COLORS[Status.VERDE]
    if value >= bands.amber:
        return STATUS_COLORS[Status.AMBAR]
    return STATUS_COLORS[Status.ROJO]
