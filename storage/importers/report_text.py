"""The published execution report as tab-separated text (the seed): pages, headers, lost cells.

Each page repeats the title and the two header lines (repeats are skipped, and must match the
first); a unit simply continues on the next page. Rows that lost one monthly cell are restored
from their quarter columns (see restore.py) and the cell is marked inferred.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NoReturn

from storage.importers.common import (
    MAX_ROWS,
    MAX_TITLE,
    ImportRefused,
    Note,
    ParsedActivity,
    ParsedPlan,
    Where,
    clean_name,
    decode_text,
    header_key,
    parse_number,
    split_lines,
)
from storage.importers.reconcile import SourceTotals, quarter_checks, total_checks
from storage.importers.report_layout import Layout, build_layout, is_header
from storage.importers.restore import MONTHLY, Slot, describe, restore_missing

_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_NUMERIC = re.compile(r"[\d.,\s]+")


def parse_report_text(data: bytes, *, year: int | None = None) -> ParsedPlan:
    """Parses a published report; refuses it (ImportRefused) when any row cannot be trusted."""
    lines = split_lines(decode_text(data))
    layout: Layout | None = None
    header_keys: tuple[list[str], list[str]] | None = None
    titles: list[str] = []
    activities: list[ParsedActivity] = []
    notes: list[Note] = []
    totals: SourceTotals | None = None
    index = 0
    while index < len(lines):
        number, fields = index + 1, lines[index].split("\t")
        index += 1
        if not any(text.strip() for text in fields):
            continue
        if len(fields) == 1:  # titles, page numbers: free text around the tables
            text = clean_name(fields[0])
            if layout is None:
                titles.append(text)
            elif text not in titles:  # a page's repeated title is expected; anything else is said
                detail = f"Texto fuera de la tabla, no se leyó: «{text[:120]}»."
                notes.append(Note(number, "", "", "reading", detail))
            continue
        if is_header(fields):
            sub_index = _next_nonblank(lines, index)
            sub = lines[sub_index].split("\t") if sub_index < len(lines) else []
            keys = (_keys(fields), _keys(sub))
            if header_keys is None:
                layout, header_keys = build_layout(fields, sub, number), keys
            elif keys != header_keys:
                raise ImportRefused("este encabezado no coincide con el de la primera página.", Where(number))
            index = sub_index + 1
            continue
        if layout is None:
            raise ImportRefused("hay una fila de datos antes del encabezado UNIDAD ORGÁNICA.", Where(number))
        if totals is not None:
            raise ImportRefused("hay filas después de la fila TOTAL.", Where(number))
        if _is_total(fields, layout):
            totals = _totals(fields, layout, number)
            continue
        if len(activities) >= MAX_ROWS:
            raise ImportRefused(f"el archivo tiene más de {MAX_ROWS:,} filas de datos.", Where(number))
        activity, note = _activity(fields, layout, number)
        activities.append(activity)
        if note is not None:
            notes.append(note)
    if layout is None:
        raise ImportRefused("no se encontró el encabezado del reporte (UNIDAD ORGÁNICA ... META ANUAL ...).")
    title = _title(titles)
    checks = total_checks(activities, totals) if totals is not None else []
    quarter_check, inconsistent = quarter_checks(activities)
    ignored = [Note(None, "", "", "reading", f"Se ignoró la columna «{name}».") for name in layout.ignored]
    return ParsedPlan(
        title=title,
        year=_year(title, year),
        cutoff_month=layout.cutoff_month,
        source_format="report_text",
        activities=activities,
        checks=checks + quarter_check,
        notes=ignored + sorted(notes + inconsistent, key=lambda n: (n.line or 0, n.kind == "inconsistent")),
        columns={role: layout.where(role) for role in layout.text_columns},
    )


def _keys(fields: Sequence[str]) -> list[str]:
    keys = [header_key(text) for text in fields]
    while keys and not keys[-1]:
        keys.pop()
    return keys


def _next_nonblank(lines: Sequence[str], start: int) -> int:
    while start < len(lines) and not lines[start].strip():
        start += 1
    return start


def _title(titles: Sequence[str]) -> str:
    preferred = [t for t in titles if "PLAN OPERATIVO" in header_key(t) or "POI" in header_key(t).split()]
    title = (preferred or list(titles) or [""])[0]
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"


def _year(title: str, given: int | None) -> int:
    match = _YEAR.search(title)
    if match is None:
        if given is None:
            raise ImportRefused("el título del reporte no dice el año; indíquelo (--year).")
        return given
    found = int(match.group(1))
    if given is not None and given != found:
        raise ImportRefused(f"el reporte es del año {found} y se indicó el año {given}.")
    return found


def _is_total(fields: Sequence[str], layout: Layout) -> bool:
    activity = (
        fields[layout.text_columns["activity"]] if len(fields) > layout.text_columns["activity"] else ""
    )
    return header_key(fields[0]).startswith("TOTAL") and not activity.strip()


def _figure_fields(fields: Sequence[str], layout: Layout, line: int) -> list[str]:
    figures = [text.strip() for text in fields[layout.first_figure :]]
    while figures and not figures[-1]:
        figures.pop()
    if len(figures) > len(layout.slots):
        raise ImportRefused(
            f"la fila tiene {len(figures)} cifras y el encabezado {len(layout.slots)}.",
            Where(line, layout.first_figure + len(layout.slots) + 1),
        )
    return figures


def _numbers(figures: Sequence[str], layout: Layout, line: int) -> list[float | None]:
    """Every cell as a number (blank is None), each located by the header above it."""
    return [
        parse_number(text, Where(line, layout.first_figure + i + 1, layout.slots[i].label))
        for i, text in enumerate(figures)
    ]


def _totals(fields: Sequence[str], layout: Layout, line: int) -> SourceTotals:
    figures = _figure_fields(fields, layout, line)
    if len(figures) < len(layout.slots):
        raise ImportRefused(
            f"a la fila TOTAL le faltan cifras (tiene {len(figures)} de {len(layout.slots)}).",
            Where(line, layout.first_figure + len(figures) + 1),
        )
    totals = SourceTotals()
    for slot, value in zip(layout.slots, _numbers(figures, layout, line), strict=True):
        _assign(totals, slot, value)
    return totals


def _activity(fields: Sequence[str], layout: Layout, line: int) -> tuple[ParsedActivity, Note | None]:
    text = {
        role: clean_name(fields[column]) if column < len(fields) else ""
        for role, column in layout.text_columns.items()
    }
    for role in ("unit", "activity", "measure", "category"):
        if role in text and _NUMERIC.fullmatch(text[role] or "x"):
            raise ImportRefused(
                f"«{text[role]}» parece una cifra y no un texto: a la fila le falta una celda de texto.",
                Where(line, layout.text_columns[role] + 1, layout.where(role).header),
            )
    for role, what in (("unit", "unidad orgánica"), ("activity", "actividad")):
        header = layout.where(role).header
        if not text[role]:
            raise ImportRefused(
                f"la fila no tiene {what}.", Where(line, layout.text_columns[role] + 1, header)
            )
    activity = ParsedActivity(
        unit=text["unit"],
        name=text["activity"],
        mef_category=text.get("category", ""),
        measure=text.get("measure", ""),
        annual_target=0.0,
        line=line,
    )
    values, note = _row_values(_figure_fields(fields, layout, line), layout, line, activity)
    for slot, value in zip(layout.slots, values, strict=True):
        _assign(activity, slot, value)
    return activity, note


def _row_values(
    figures: list[str], layout: Layout, line: int, activity: ParsedActivity
) -> tuple[list[float | None], Note | None]:
    slots = layout.slots
    numbers = _numbers(figures, layout, line)
    blanks = [i for i, value in enumerate(numbers) if value is None]
    if len(figures) == len(slots) and not blanks:
        return numbers, None
    if len(figures) == len(slots) and len(blanks) == 1 and slots[blanks[0]].kind in MONTHLY:
        shifted, candidates = False, blanks
        present = [value for i, value in enumerate(numbers) if i != blanks[0]]
    elif len(figures) == len(slots) - 1 and not blanks:
        shifted, candidates = True, [i for i, slot in enumerate(slots) if slot.kind in MONTHLY]
        present = numbers
    else:
        _refuse_missing(figures, blanks, slots, layout, line)
    full, restoration = restore_missing(present, slots, candidates, line)
    slot = restoration.slot
    if slot.kind == "prog":
        activity.programmed_inferred[slot.index - 1] = True
    else:
        activity.executed_inferred[slot.index - 1] = True
    return full, Note(line, activity.unit, activity.name, "inferred", describe(restoration, shifted=shifted))


def _refuse_missing(
    figures: Sequence[str], blanks: Sequence[int], slots: Sequence[Slot], layout: Layout, line: int
) -> NoReturn:
    missing = len(slots) - len(figures) + len(blanks)
    if missing == 1 and blanks:
        slot = slots[blanks[0]]
        raise ImportRefused(f"falta la cifra de {slot.label}.", Where(line, slot.column, slot.label))
    first = blanks[0] if blanks else len(figures)
    raise ImportRefused(
        f"a la fila le faltan {missing} cifras (tiene {len(slots) - missing} de {len(slots)}); "
        "solo se puede restituir una celda mensual por fila.",
        Where(line, layout.first_figure + first + 1),
    )


def _assign(target: ParsedActivity | SourceTotals, slot: Slot, value: float | None) -> None:
    if slot.kind == "target":
        if isinstance(target, ParsedActivity):
            target.annual_target = value or 0.0
        else:
            target.target = value
    elif slot.kind == "prog":
        target.programmed[slot.index - 1] = value
    elif slot.kind == "exec":
        target.executed[slot.index - 1] = value
    elif slot.kind == "qprog":
        target.quarter_programmed[slot.index - 1] = value
    else:
        target.quarter_executed[slot.index - 1] = value
