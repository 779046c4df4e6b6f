"""The column layout of a published report, read from its two header lines.

The first header line names the groups (UNIDAD ORGÁNICA, MEF, ACTIVIDAD POI, UNIDAD DE MEDIDA,
META ANUAL, PROGRAMADO, EJECUTADO, I TRIMESTRE...); the second names the months (ENE..DIC) under
PROGRAMADO and EJECUTADO, and PROG / EJEC under each quarter. Months come from the header, so a
report "al II trimestre" (ENE..JUN) reads the same way as the seed "al III trimestre".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.domain.periods import MONTH_ABBR, MONTH_NAMES, QUARTER_ROMAN
from storage.importers.common import ImportRefused, Where, header_key
from storage.importers.restore import Slot

TEXT_ROLES = ("unit", "category", "activity", "measure")
TEXT_HEADERS = {
    "unit": "UNIDAD ORGÁNICA",
    "category": "MEF",
    "activity": "ACTIVIDAD",
    "measure": "UNIDAD DE MEDIDA",
}
_MONTHS = {abbr: index for index, abbr in enumerate(MONTH_ABBR, start=1)}
_MONTHS.update({header_key(name): index for index, name in enumerate(MONTH_NAMES, start=1)})
_MONTHS.update({"SET": 9, "SETIEMBRE": 9, "SEPT": 9})
_QUARTER = re.compile(
    r"(?:(IV|III|II|I|[1-4])\s*(?:ER|ERO|DO|TO|°|º)?\s+TRIMESTRE|TRIMESTRE\s+(IV|III|II|I|[1-4]))"
)


@dataclass(frozen=True)
class Layout:
    """Where each field of a report row is: text columns (0-based) and the figure slots in order."""

    text_columns: dict[str, int]
    first_figure: int  # 0-based index of the first figure column (META ANUAL)
    slots: tuple[Slot, ...]
    ignored: tuple[str, ...] = field(default=())
    text_headers: dict[str, str] = field(default_factory=dict)  # as the report writes them

    @property
    def cutoff_month(self) -> int:
        return max(slot.index for slot in self.slots if slot.kind == "exec")

    def where(self, role: str) -> Where:
        column = self.text_columns[role]
        return Where(column=column + 1, header=self.text_headers.get(role, TEXT_HEADERS[role]))


def is_header(fields: Sequence[str]) -> bool:
    """The first header line: UNIDAD ORGÁNICA first, a META column somewhere."""
    if not fields or not header_key(fields[0]).startswith("UNIDAD ORGANICA"):
        return False
    return any(header_key(text).startswith("META") for text in fields[1:])


def _quarter(key: str) -> int | None:
    match = _QUARTER.fullmatch(key)
    if not match:
        return None
    token = match.group(1) or match.group(2)
    return int(token) if token.isdigit() else QUARTER_ROMAN.index(token) + 1


def _group(key: str) -> str | None:
    """The role a first-line header names, or None for a column poi-bot does not read."""
    if key.startswith("UNIDAD ORGANICA"):
        return "unit"
    if "MEF" in key.split() or key.startswith("CATEGORIA") or "PRESUPUESTAL" in key:
        return "category"
    if key.startswith("ACTIVIDAD"):
        return "activity"
    if "MEDIDA" in key:
        return "measure"
    if key.startswith("META"):
        return "target"
    if key.startswith("PROGRAMA"):
        return "prog"
    if key.startswith("EJECU"):
        return "exec"
    quarter = _quarter(key)
    return f"q{quarter}" if quarter else None


def build_layout(header: Sequence[str], sub: Sequence[str], line: int) -> Layout:
    """The layout from the header line and the line below it (``line`` is the header's number).

    The group names of the first line drift in extracted text (PROGRAMADO spans nine months but
    eight tabs), so the figure columns are placed by the second line, which is aligned with the
    data: its runs of months go to PROGRAMADO and EJECUTADO in the order the first line names
    them, and its PROG / EJEC pairs to the quarters in the order the first line names them.
    """
    text_columns: dict[str, int] = {}
    text_headers: dict[str, str] = {}
    ignored: list[str] = []
    groups: list[str] = []
    target: int | None = None
    for column, text in enumerate(header):
        key = header_key(text)
        group = _group(key) if key else None
        where = Where(line=line, column=column + 1, header=text.strip() or None)
        if not key:
            continue
        if group is None and target is None:
            ignored.append(text.strip())
        elif group is None:
            raise ImportRefused(f"la columna «{text.strip()}» no es una de las que poi-bot sabe leer.", where)
        elif group in TEXT_ROLES or group == "target":
            if target is not None or groups:
                raise ImportRefused(
                    "las columnas de texto y la META ANUAL deben ir antes de los meses.", where
                )
            if group == "target":
                target = column
            else:
                text_columns[group] = column
                text_headers[group] = " ".join(text.split())
        else:
            groups.append(group)
    if target is None:
        raise ImportRefused("el encabezado no tiene la columna META ANUAL.", Where(line=line))
    slots = [Slot("target", 0, "META ANUAL", target + 1), *_figure_slots(sub, target, groups, line + 1)]
    return _checked(Layout(text_columns, target, tuple(slots), tuple(ignored), text_headers), line)


def _figure_slots(sub: Sequence[str], target: int, groups: Sequence[str], line: int) -> list[Slot]:
    month_groups = [group for group in groups if group in ("prog", "exec")]
    quarter_groups = [int(group[1:]) for group in groups if group.startswith("q")]
    keys = [header_key(text) for text in sub]
    while keys and not keys[-1]:
        keys.pop()
    slots: list[Slot] = []
    run, previous, quarter_at, seen_kinds = -1, 13, -1, set[str]()
    for column in range(target + 1, len(keys)):
        key, where = keys[column], Where(line=line, column=column + 1, header=sub[column].strip() or None)
        month = _MONTHS.get(key)
        if month is not None:
            if month <= previous:
                run += 1
            previous = month
            if run >= len(month_groups):
                raise ImportRefused("hay más series de meses que columnas PROGRAMADO y EJECUTADO.", where)
            kind = month_groups[run]
            word = "PROGRAMADO" if kind == "prog" else "EJECUTADO"
            slots.append(Slot(kind, month, f"{word} {MONTH_ABBR[month - 1]}", column + 1))
        elif key.startswith(("PROG", "EJEC")):
            kind = "qprog" if key.startswith("PROG") else "qexec"
            if quarter_at < 0 or kind in seen_kinds:
                quarter_at, seen_kinds = quarter_at + 1, set()
            if quarter_at >= len(quarter_groups):
                raise ImportRefused("hay más columnas PROG/EJEC que trimestres en el encabezado.", where)
            seen_kinds.add(kind)
            quarter = quarter_groups[quarter_at]
            word = "PROG" if kind == "qprog" else "EJEC"
            slots.append(Slot(kind, quarter, f"{QUARTER_ROMAN[quarter - 1]} TRIMESTRE {word}", column + 1))
        else:
            raise ImportRefused("se esperaba un mes (ENE..DIC), PROG o EJEC en esta columna.", where)
    return slots


def _checked(layout: Layout, line: int) -> Layout:
    where = Where(line=line)
    for role in ("unit", "activity"):
        if role not in layout.text_columns:
            raise ImportRefused(f"el encabezado no tiene la columna {TEXT_HEADERS[role]}.", where)
    for kind, word in (("prog", "PROGRAMADO"), ("exec", "EJECUTADO")):
        months = [slot.index for slot in layout.slots if slot.kind == kind]
        if not months or months != list(range(1, len(months) + 1)):
            raise ImportRefused(f"los meses bajo {word} deben ir de ENE en adelante, sin saltos.", where)
    keys = [(slot.kind, slot.index) for slot in layout.slots]
    if len(set(keys)) != len(keys):
        raise ImportRefused("el encabezado repite una columna.", where)
    return layout
