"""CEPLAN's Excel export (sheet POI_Por_ActividadOperativaAnual): one row per actividad operativa.

Read: Centro de Costo (the unit), Actividad Presupuestal (the MEF category), Actividad Operativa,
Unidad de Medida, F(RE) 01..12 (programmed), F(SE) 01..12 (executed), F(RE)/F(SE) Total and
Motivo(SE) 01..12 (the unit's reason for a deviation). The financial Fn columns are not read.
Exports differ on whether the monthly F columns are monthly or cumulative: the Total column tells
(the sum of the months, or equal to the last one). The year is not in the sheet: it comes from the
caller, else from the usual file name "DATA-POI <PLIEGO> <MES> <AÑO>.xlsx".
"""

from __future__ import annotations

import re
from pathlib import PurePath

from storage.importers.ceplan_rows import cutoff_month, is_cumulative, read_row, series_checks, to_activity
from storage.importers.common import ImportRefused, Note, ParsedPlan, Where, plan_title
from storage.importers.reconcile import unreported_notes
from storage.importers.tabular import Table, column_roles

CEPLAN_SHEET = "POI_Por_ActividadOperativaAnual"
_TEXT = {
    "CENTRO DE COSTO": "unit",
    "ACTIVIDAD PRESUPUESTAL": "category",
    "ACTIVIDAD OPERATIVA": "activity",
    "UNIDAD DE MEDIDA": "measure",
}
_FIGURE = re.compile(r"F\s*\((RE|SE)\)\s*(\d{1,2}|TOTAL)")
_MOTIVE = re.compile(r"MOTIVO\s*\(SE\)\s*(\d{1,2})")
_FILE_YEAR = re.compile(r"DATA[-_ ]?POI\b.*\b((?:19|20)\d{2})\b", re.IGNORECASE)


def _role(key: str) -> str | None:
    if key in _TEXT:
        return _TEXT[key]
    figure = _FIGURE.fullmatch(key)
    if figure:
        series = "re" if figure.group(1) == "RE" else "se"
        which = figure.group(2)
        return f"{series}_total" if which == "TOTAL" else f"{series}{int(which)}"
    motive = _MOTIVE.fullmatch(key)
    return f"motive{int(motive.group(1))}" if motive else None


def is_ceplan_header(keys: list[str]) -> bool:
    """A header row of CEPLAN's export: Centro de Costo, Actividad Operativa, F(RE) 01, F(SE) 01."""
    roles = {_role(key) for key in keys}
    return {"unit", "activity", "re1", "se1"} <= roles


def year_from_name(source_name: str) -> int | None:
    """The year in a "DATA-POI <PLIEGO> <MES> <AÑO>.xlsx" file name, if it follows that pattern."""
    match = _FILE_YEAR.search(PurePath(source_name).stem)
    return int(match.group(1)) if match else None


def parse_ceplan(table: Table, *, source_name: str, year: int | None = None) -> ParsedPlan:
    """Parses CEPLAN's export; refuses it at the first cell that cannot be trusted."""
    plan_year = year if year is not None else year_from_name(source_name)
    if plan_year is None:
        raise ImportRefused(
            "la exportación de CEPLAN no dice el año: indíquelo (--year) o conserve el nombre "
            "de archivo «DATA-POI <PLIEGO> <MES> <AÑO>.xlsx»."
        )
    start = table.find_header(is_ceplan_header)
    if start is None:
        raise ImportRefused("no se encontró la fila de encabezados de CEPLAN.", table.where())
    header_line, header = table.rows[start]
    columns = column_roles(header, _role)
    for series, word in (("re", "F(RE)"), ("se", "F(SE)")):
        for month in range(1, 13):
            if f"{series}{month}" not in columns:
                raise ImportRefused(f"falta la columna {word} {month:02d}.", table.where(header_line))
    names = {role: str(header[index]).strip() for role, index in columns.items()}

    def where(role: str, line: int | None) -> Where:
        return table.where(line, columns[role] + 1, names[role])

    raw = [read_row(line, cells, columns, where) for line, cells in table.rows[start + 1 :]]
    cumulative = is_cumulative(raw)
    cutoff = cutoff_month(raw, cumulative)
    if cutoff == 0:
        raise ImportRefused("la exportación no tiene ninguna cifra ejecutada (F(SE) 01..12).", table.where())
    activities, notes = [], []
    for row in raw:
        activity, truncated = to_activity(row, cumulative, cutoff, where)
        activities.append(activity)
        notes.extend(truncated)
    checks, mismatches = series_checks(activities, raw)
    reading = (
        "acumuladas (el Total es igual al último mes); cada mes es la diferencia con el anterior"
        if cumulative
        else "mensuales (el Total es la suma de los meses)"
    )
    notes = [
        Note(None, "", "", "reading", f"Las columnas F(RE) y F(SE) se leyeron como {reading}."),
        *sorted(
            notes + mismatches + unreported_notes(activities, cutoff), key=lambda n: (n.line or 0, n.kind)
        ),
    ]
    return ParsedPlan(
        title=plan_title(plan_year, cutoff, "(CEPLAN)"),
        year=plan_year,
        cutoff_month=cutoff,
        source_format="ceplan",
        activities=activities,
        checks=checks,
        notes=notes,
        columns={role: where(role, None) for role in _TEXT.values() if role in columns},
    )
