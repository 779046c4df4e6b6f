"""poi-bot's own template, CSV or XLSX, for admins to fill by hand: one row per activity.

Columns (header names compared without accents or case; order free; other columns ignored):
AÑO, UNIDAD ORGANICA, CATEGORIA MEF, ACTIVIDAD, UNIDAD DE MEDIDA, META ANUAL, PROG 01..PROG 12,
EJEC 01..EJEC 12. A blank EJEC is "not reported yet"; the data cut-off is the last month with any
executed figure. AÑO may be blank on some rows, but the rows that give it must agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storage.importers.common import (
    ImportRefused,
    ParsedActivity,
    ParsedPlan,
    Where,
    clean_name,
    parse_number,
    plan_title,
)
from storage.importers.reconcile import target_checks, unreported_notes
from storage.importers.tabular import Cell, Table, column_roles

TEXT_COLUMNS = ("AÑO", "UNIDAD ORGANICA", "CATEGORIA MEF", "ACTIVIDAD", "UNIDAD DE MEDIDA", "META ANUAL")
PROG_COLUMNS = tuple(f"PROG {month:02d}" for month in range(1, 13))
EJEC_COLUMNS = tuple(f"EJEC {month:02d}" for month in range(1, 13))
TEMPLATE_COLUMNS = TEXT_COLUMNS + PROG_COLUMNS + EJEC_COLUMNS
_ROLES = dict(
    zip(
        ("ANO", "UNIDAD ORGANICA", "CATEGORIA MEF", "ACTIVIDAD", "UNIDAD DE MEDIDA", "META ANUAL"),
        ("year", "unit", "category", "activity", "measure", "target"),
        strict=True,
    )
)
_MONTHLY = re.compile(r"(PROG|EJEC)\.?\s*(\d{1,2})")


def _role(key: str) -> str | None:
    if key in _ROLES:
        return _ROLES[key]
    match = _MONTHLY.fullmatch(key)
    if match and 1 <= int(match.group(2)) <= 12:
        series = "prog" if match.group(1) == "PROG" else "exec"
        return f"{series}{int(match.group(2))}"
    return None


def is_template_header(keys: list[str]) -> bool:
    """A header row of the template: UNIDAD ORGANICA, ACTIVIDAD and the PROG/EJEC columns."""
    roles = {_role(key) for key in keys}
    return {"unit", "activity", "prog1", "exec1"} <= roles


def parse_template(table: Table, *, year: int | None = None) -> ParsedPlan:
    """Parses the template's rows; refuses the file at the first cell that cannot be trusted."""
    start = table.find_header(is_template_header)
    if start is None:
        raise ImportRefused("no se encontró la fila de encabezados de la plantilla.", table.where())
    header_line, header = table.rows[start]
    columns = column_roles(header, _role)
    roles = ["year", "unit", "category", "activity", "measure", "target"]
    roles += [f"prog{m}" for m in range(1, 13)] + [f"exec{m}" for m in range(1, 13)]
    names = dict(zip(roles, TEMPLATE_COLUMNS, strict=True))
    for role in roles:
        if role not in columns:
            raise ImportRefused(f"falta la columna {names[role]}.", table.where(header_line))
    wheres = {role: table.where(None, columns[role] + 1, names[role]) for role in roles}
    activities: list[ParsedActivity] = []
    years: dict[int, int] = {}
    for line, cells in table.rows[start + 1 :]:
        activities.append(_activity(line, cells, columns, wheres))
        found = _year(cells, columns["year"], wheres["year"], line)
        if found is not None:
            years.setdefault(found, line)
    plan_year = _plan_year(years, year, wheres["year"])
    cutoff = max((m for a in activities for m in range(1, 13) if a.executed[m - 1] is not None), default=0)
    if not cutoff:
        raise ImportRefused(
            "la plantilla no tiene ninguna cifra ejecutada (EJEC 01..EJEC 12).", table.where()
        )
    checks, mismatches = target_checks(activities, "PROG 01..PROG 12")
    notes = sorted(mismatches + unreported_notes(activities, cutoff), key=lambda n: (n.line or 0, n.kind))
    return ParsedPlan(
        title=plan_title(plan_year, cutoff),
        year=plan_year,
        cutoff_month=cutoff,
        source_format="template",
        activities=activities,
        checks=checks,
        notes=notes,
        columns={role: wheres[role] for role in ("unit", "activity", "measure", "category", "target")},
    )


def _cell(cells: Sequence[Cell], index: int) -> Cell:
    return cells[index] if index < len(cells) else None


def _text(cells: Sequence[Cell], index: int) -> str:
    value = _cell(cells, index)
    return "" if value is None else clean_name(str(value))


def _at(where: Where, line: int) -> Where:
    return Where(line=line, column=where.column, header=where.header, sheet=where.sheet)


def _activity(
    line: int, cells: Sequence[Cell], columns: dict[str, int], wheres: dict[str, Where]
) -> ParsedActivity:
    unit, name = _text(cells, columns["unit"]), _text(cells, columns["activity"])
    if not unit:
        raise ImportRefused("la fila no tiene unidad orgánica.", _at(wheres["unit"], line))
    if not name:
        raise ImportRefused("la fila no tiene actividad.", _at(wheres["activity"], line))
    target = parse_number(_cell(cells, columns["target"]), _at(wheres["target"], line))
    if target is None:
        raise ImportRefused("falta la META ANUAL.", _at(wheres["target"], line))
    activity = ParsedActivity(
        unit=unit,
        name=name,
        mef_category=_text(cells, columns["category"]),
        measure=_text(cells, columns["measure"]),
        annual_target=target,
        line=line,
    )
    for month in range(1, 13):
        for role, series in (("prog", activity.programmed), ("exec", activity.executed)):
            key = f"{role}{month}"
            series[month - 1] = parse_number(_cell(cells, columns[key]), _at(wheres[key], line))
    return activity


def _year(cells: Sequence[Cell], index: int, where: Where, line: int) -> int | None:
    value = _cell(cells, index)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not re.fullmatch(r"\d{4}", text):
        raise ImportRefused(f"«{text[:20]}» no es un año.", _at(where, line))
    return int(text)


def _plan_year(years: dict[int, int], given: int | None, where: Where) -> int:
    if len(years) > 1:
        first, second = list(years.items())[:2]
        row = "la fila" if where.sheet is not None else "la línea"
        raise ImportRefused(
            f"las filas dicen años distintos ({first[0]} en {row} {first[1]}, {second[0]} en esta).",
            _at(where, second[1]),
        )
    if years:
        found = next(iter(years))
        if given is not None and given != found:
            raise ImportRefused(f"la plantilla es del año {found} y se indicó el año {given}.", where)
        return found
    if given is None:
        raise ImportRefused("la columna AÑO está vacía; llénela o indique el año (--year).", where)
    return given
