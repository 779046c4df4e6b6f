"""The status bands of DOMAIN.md: verde, ámbar, rojo and the two no-percent cases, with their thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    VERDE = "verde"
    AMBAR = "ambar"
    ROJO = "rojo"
    SIN_PROGRAMACION = "sin_programacion"  # nothing programmed, nothing executed
    SIN_PROGRAMAR = "sin_programar"  # executed without anything programmed


STATUS_LABELS = {
    Status.VERDE: "verde",
    Status.AMBAR: "ámbar",
    Status.ROJO: "rojo",
    Status.SIN_PROGRAMACION: "sin programación",
    Status.SIN_PROGRAMAR: "ejecutado sin programar",
}
STATUS_ICONS = {
    Status.VERDE: "🟢",
    Status.AMBAR: "🟡",
    Status.ROJO: "🔴",
    Status.SIN_PROGRAMACION: "⚪",
    Status.SIN_PROGRAMAR: "🔵",
}


@dataclass(frozen=True)
class Bands:
    """Status thresholds in percent: verde >= green, ámbar >= amber, rojo below (configurable)."""

    green: float = 95.0
    amber: float = 75.0

    def __post_init__(self) -> None:
        if not 0 < self.amber < self.green:
            raise ValueError("the bands need 0 < amber < green")


def percent(programmed: float, executed: float) -> float | None:
    """Executed over programmed, in percent; ``None`` when nothing was programmed."""
    if programmed <= 0:
        return None
    return executed / programmed * 100.0


def band_of(value: float, bands: Bands | None) -> Status:
    """The band a percent falls in (default bands when none are given)."""
    bands = bands or Bands()
    if value >= bands.green:
        return Status.VERDE
    if value >= bands.amber:
        return Status.AMBAR
    return Status.ROJO


def status_of(programmed: float, executed: float, bands: Bands | None = None) -> Status:
    """The status band of an activity: verde, ámbar, rojo, or one of the two no-percent cases."""
    pct = percent(programmed, executed)
    if pct is None:
        return Status.SIN_PROGRAMAR if executed > 0 else Status.SIN_PROGRAMACION
    return band_of(pct, bands)
