"""A plan's execution to a month as CEPLAN's export workbook, ready to upload.

Sheet POI_Por_ActividadOperativaAnual, one row per actividad operativa, with the export's columns
(shared/DOMAIN.md): Centro de Costo (the unit), Actividad Presupuestal (the MEF category), Actividad
Operativa, Unidad de Medida, F(RE) 01..12 (programmed, monthly), F(RE) Total (the annual target),
F(SE) 01..12 (executed, monthly, up to the month; later months empty), F(SE) Total (their sum),
Motivo(SE) 01..12 (the unit's reasons). The IDs, UBIGEO and financial columns are CEPLAN's own and
stay empty. Data strings are written as text, never as formulas.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.figures import ActivitySeries
from bot.domain.periods import MONTH_NAMES
from bot.domain.snapshot import PlanSnapshot

SHEET = "POI_Por_ActividadOperativaAnual"
TEXT_COLUMNS = (
    "Centro de Costo",
    "Categoria ID",
    "Categoria",
    "Actividad Presupuestal ID",
    "Actividad Presupuestal",
    "Actividad Operativa ID",
    "Actividad Operativa",
    "Unidad de Medida",
    "Departamento Nombre UBIGEO",
    "Cons PIM",
    "Fn(RE) Total",
)
HEADER = (
    *TEXT_COLUMNS,
    *(f"F(RE) {m:02d}" for m in range(1, 13)),
    "F(RE) Total",
    *(f"F(SE) {m:02d}" for m in range(1, 13)),
    "F(SE) Total",
    "Fn(SE) Total",
    *(f"Motivo(SE) {m:02d}" for m in range(1, 13)),
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def file_name(snapshot: PlanSnapshot, month: int) -> str:
    """CEPLAN's usual name, which also carries the year: "DATA-POI SAT OCTUBRE 2019.xlsx"."""
    entity = "".join(ch for ch in snapshot.entity.upper() if ch.isalnum() or ch in " -_").strip() or "POI"
    return f"DATA-POI {entity} {MONTH_NAMES[month - 1].upper()} {snapshot.year}.xlsx"


def _row(series: ActivitySeries, month: int) -> list[str | float | None]:
    executed = [series.executed[m - 1] if m <= month else None for m in range(1, 13)]
    motives = [series.motives[m - 1] if m <= month else "" for m in range(1, 13)]
    texts: list[str | float | None] = [series.unit, "", "", "", series.mef_category, "", series.activity]
    texts += [series.measure, "", "", None]
    return [
        *texts,
        *series.programmed,
        series.annual_target,
        *executed,
        sum(value for value in executed if value is not None),
        None,
        *motives,
    ]


def _put(sheet: Worksheet, row: int, column: int, value: str | float | None) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = str(ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.value = text or None
        if text.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True
    elif isinstance(value, float) and value.is_integer():
        cell.value = int(value)
    else:
        cell.value = value


def ceplan_xlsx(snapshot: PlanSnapshot, month: int) -> bytes:
    """The workbook's bytes: every activity of the plan, executed figures up to `month`."""
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    workbook = Workbook()
    sheet = workbook.active
    if sheet is None:
        raise RuntimeError("sheet is missing")
    sheet.title = SHEET
    for column, name in enumerate(HEADER, start=1):
        sheet.cell(row=1, column=column, value=name)
    for row, series in enumerate(snapshot.series, start=2):
        for column, value in enumerate(_row(series, month), start=1):
            _put(sheet, row, column, value)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
