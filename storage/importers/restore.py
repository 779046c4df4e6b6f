"""Restoring the one monthly cell a published report's row lost, from its quarter columns.

PDF-to-text extraction drops an empty-looking cell and shifts the rest of the row left. Every
placement of the missing cell among the monthly cells is tried; its value is the quarter column
minus the other months of that quarter. A placement is consistent when the value is not negative
and every quarter of the row then adds up. The last consistent placement wins (EJECUTADO of the last
month, in practice); when none is consistent, the cell goes to EJECUTADO of the last month by the
same rule and the row is reported as inconsistent by the reconciliation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.figures import format_quantity
from bot.domain.periods import quarter_months, quarter_of
from storage.importers.common import ImportRefused, Where, month_label
from storage.importers.reconcile import close

MONTHLY = ("prog", "exec")
QUARTERLY = {"prog": "qprog", "exec": "qexec"}


@dataclass(frozen=True)
class Slot:
    """One figure column of a report: what it holds and where it is."""

    kind: str  # target | prog | exec | qprog | qexec
    index: int  # month 1-12, quarter 1-4, or 0 for the annual target
    label: str  # as the report heads it, e.g. "EJECUTADO SEP"
    column: int  # 1-based column of the line


@dataclass(frozen=True)
class Restoration:
    """Where the missing cell was put, its value, how it was computed, and whether the row adds up."""

    slot: Slot
    value: float
    formula: str
    consistent: bool
    consistent_placements: int


class _Quarters:
    """Positions of each quarter column and of its three months, when the report has them all."""

    def __init__(self, slots: Sequence[Slot]) -> None:
        self.slots = slots
        self.position = {(slot.kind, slot.index): p for p, slot in enumerate(slots)}
        self.groups: list[tuple[int, list[int]]] = []
        for position, slot in enumerate(slots):
            if slot.kind in QUARTERLY.values():
                kind = "prog" if slot.kind == "qprog" else "exec"
                months = [self.position.get((kind, month)) for month in quarter_months(slot.index)]
                if all(at is not None for at in months):
                    self.groups.append((position, [at for at in months if at is not None]))

    def _parts(self, full: list[float | None], position: int) -> tuple[int, list[tuple[int, float]]] | None:
        """The quarter column and the other months of a monthly cell's quarter, if all are there."""
        slot = self.slots[position]
        total_at = self.position.get((QUARTERLY[slot.kind], quarter_of(slot.index)))
        if total_at is None or full[total_at] is None:
            return None
        others = []
        for month in quarter_months(quarter_of(slot.index)):
            at = self.position.get((slot.kind, month))
            if month != slot.index:
                if at is None or full[at] is None:
                    return None
                others.append((month, full[at] or 0.0))
        return total_at, others

    def from_quarter(self, full: list[float | None], position: int) -> float | None:
        """The value a monthly cell needs for its quarter to add up, if computable."""
        parts = self._parts(full, position)
        if parts is None:
            return None
        total_at, others = parts
        return round((full[total_at] or 0.0) - sum(value for _, value in others), 6)

    def formula(self, full: list[float | None], position: int) -> str:
        """How ``from_quarter`` computed the value, e.g. "III TRIMESTRE EJEC (3) − JUL (1) − AGO (1)"."""
        parts = self._parts(full, position)
        if parts is None:
            return ""
        total_at, others = parts
        return f"{self.slots[total_at].label} ({format_quantity(full[total_at] or 0.0)})" + "".join(
            f" − {month_label(month)} ({format_quantity(value)})" for month, value in others
        )

    def add_up(self, full: list[float | None]) -> bool:
        for total_at, months in self.groups:
            total = full[total_at]
            if total is not None and not close(total, sum(full[at] or 0.0 for at in months)):
                return False
        return True


def restore_missing(
    values: Sequence[float | None], slots: Sequence[Slot], candidates: Sequence[int], line: int
) -> tuple[list[float | None], Restoration]:
    """The full row with the missing cell restored, and how. ``values`` lacks that one cell.

    ``candidates`` are the slot positions where the cell may have been (every monthly slot when the
    row shifted, the blank one when it did not); refuses when no quarter column can restore it.
    """
    quarters = _Quarters(slots)
    consistent: list[int] = []
    for position in candidates:
        full = [*values[:position], None, *values[position:]]
        value = quarters.from_quarter(full, position)
        if value is None or value < 0:
            continue
        full[position] = value
        if quarters.add_up(full):
            consistent.append(position)
    position = consistent[-1] if consistent else _fallback(slots, candidates)
    full = [*values[:position], None, *values[position:]]
    value = quarters.from_quarter(full, position)
    formula = quarters.formula(full, position)
    where = Where(line=line, column=slots[position].column, header=slots[position].label)
    if value is None:
        raise ImportRefused(
            "a la fila le falta una cifra y no hay columna trimestral con qué restituirla.", where
        )
    if value < 0:
        raise ImportRefused(
            f"a la fila le falta una cifra y restituirla daría {format_quantity(value)} "
            f"({formula}); una cantidad negativa no es posible.",
            where,
        )
    full[position] = value
    restoration = Restoration(
        slot=slots[position],
        value=value,
        formula=formula,
        consistent=bool(consistent),
        consistent_placements=len(consistent),
    )
    return full, restoration


def _fallback(slots: Sequence[Slot], candidates: Sequence[int]) -> int:
    """EJECUTADO of the last month among the candidate positions (else the last candidate)."""
    executed = [p for p in candidates if slots[p].kind == "exec"]
    if executed:
        return max(executed, key=lambda p: slots[p].index)
    return candidates[-1]


def describe(restoration: Restoration, *, shifted: bool) -> str:
    """Spanish note for a restored cell; ``shifted`` when the row lost the cell (not just left it blank)."""
    slot = restoration.slot
    lost = (
        "La fila trae una cifra mensual menos (las siguientes quedaron corridas a la izquierda)"
        if shifted
        else f"La celda {slot.label} está en blanco"
    )
    text = (
        f"{lost}. Se restituyó {slot.label} = {format_quantity(restoration.value)}, calculado como "
        f"{restoration.formula}."
    )
    if not restoration.consistent:
        return text + " Ninguna ubicación hace cuadrar todos los trimestres; se puso en el último mes."
    if restoration.consistent_placements > 1:
        others = restoration.consistent_placements - 1
        return text + f" Otras {others} ubicaciones también cuadraban; se eligió la última."
    return text
