"""A unit's or the whole plan's figures for a period as an XLSX workbook, for the planning office.

Sheet "Avance": a title line (title and period), the summary line (the unit or institution percent
as ``bot.domain.figures.progress`` computes it, with the count per band), a note on bands and inferred data,
then one row per activity under a frozen, filterable header: Unidad orgánica, Actividad, Unidad de
medida, Meta anual, Programado, Ejecutado, % avance, Estado, Dato inferido. Quantities and percents
are numbers (the percent as a fraction with a percent format, so it sorts and sums), the status cell
is coloured by band, and an over-executed activity says so in its status ("verde (sobre-ejecución)").
Statuses are taken under the ``bands`` given, so they always agree with the bands the sheet states.

Sheet "Mensual", when the series are given: per activity one "Programado" and one "Ejecutado" row
with the twelve months and the four quarters as published (or summed from the months when the
source has no quarter column). An inferred cell is in italics with a comment saying so; the unit's
justification of a month (Motivo) is a comment on its executed cell.

Data strings are written as text, never as formulas: one starting with = + - @ (or a tab or carriage
return, which Excel skips before reading a formula) gets the text type and a quote prefix, so that
neither this library nor Excel nor LibreOffice evaluates it. Characters XML cannot hold are dropped.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.figures import (
    STATUS_LABELS,
    ActivityFigure,
    ActivitySeries,
    Bands,
    Status,
    format_percent,
    period_total,
    progress,
    status_of,
)
from bot.domain.periods import MONTH_ABBR, QUARTER_ROMAN, Period

AVANCE_HEADERS = (
    "Unidad orgánica",
    "Actividad",
    "Unidad de medida",
    "Meta anual",
    "Programado",
    "Ejecutado",
    "% avance",
    "Estado",
    "Dato inferido",
)
MENSUAL_HEADERS = (
    "Unidad orgánica",
    "Actividad",
    "Unidad de medida",
    "Meta anual",
    "Dato",
    *MONTH_ABBR,
    *(f"{roman} trim." for roman in QUARTER_ROMAN),
)
AVANCE_HEADER_ROW = 4
MENSUAL_HEADER_ROW = 3
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STATUS_STYLES = {  # fill, font colour: the usual light "good / neutral / bad" spreadsheet tones
    Status.VERDE: ("C6EFCE", "006100"),
    Status.AMBAR: ("FFEB9C", "7F4F00"),
    Status.ROJO: ("FFC7CE", "9C0006"),
    Status.SIN_PROGRAMACION: ("EDEDED", "404040"),
    Status.SIN_PROGRAMAR: ("DDEBF7", "1F4E79"),
}
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
HEADER_BORDER = Border(bottom=Side(style="thin", color="8EA9DB"))
INFERRED_FILL = PatternFill("solid", fgColor="FFF2CC")
INFERRED_COMMENT = "Dato inferido: celda reconstruida, no publicada en la fuente."


def export_xlsx(
    *,
    title: str,
    period: Period,
    figures: Sequence[ActivityFigure],
    bands: Bands,
    series: Sequence[ActivitySeries] | None = None,
) -> bytes:
    """The workbook as bytes, ready to send as a document (see the module docstring)."""
    workbook = Workbook()
    workbook.properties.creator = "poi-bot"
    workbook.properties.title = _clean(title)
    sheet = workbook.worksheets[0]  # a new workbook always has its first sheet
    sheet.title = "Avance"
    _fill_avance(sheet, title, period, figures, bands)
    if series is not None:
        _fill_mensual(workbook.create_sheet("Mensual"), title, period, series)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _clean(text: str) -> str:
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _put(sheet: Worksheet, row: int, column: int, value: str | float | None, *, grouped: bool = True) -> Cell:
    """Writes a value: numbers as numbers (whole ones as integers), strings always as text.

    ``grouped`` gives numbers a thousands separator; without it they keep Excel's General format
    (a style per cell is what costs most in openpyxl, and monthly figures are small).
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = _clean(value)
        cell.value = text
        if text.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # openpyxl took it for a formula: make it a plain string again
            cell.quotePrefix = True  # and tell Excel it is text if someone edits the cell
    elif isinstance(value, float) and value.is_integer():
        cell.value = int(value)
    else:
        cell.value = value
    if grouped and isinstance(cell.value, int | float):
        cell.number_format = "#,##0" if isinstance(cell.value, int) else "#,##0.##"
    return cell


def _title_line(sheet: Worksheet, title: str, period: Period) -> None:
    _put(sheet, 1, 1, f"{title} — {period.label()}").font = Font(bold=True, size=14)


def _status_text(figure: ActivityFigure) -> str:
    label = STATUS_LABELS[figure.status]
    return f"{label} (sobre-ejecución)" if figure.over_executed else label


def _fill_avance(
    sheet: Worksheet, title: str, period: Period, figures: Sequence[ActivityFigure], bands: Bands
) -> None:
    _title_line(sheet, title, period)
    figures = [replace(f, status=status_of(f.programmed, f.executed, bands)) for f in figures]
    summary = progress(figures, bands)
    counts = f"{summary.verde} verde, {summary.ambar} ámbar, {summary.rojo} rojo"
    extra = [
        f"{count} {STATUS_LABELS[status]}"
        for status, count in (
            (Status.SIN_PROGRAMACION, summary.sin_programacion),
            (Status.SIN_PROGRAMAR, summary.sin_programar),
        )
        if count
    ]
    _put(
        sheet,
        2,
        1,
        f"Avance: {format_percent(summary.percent)} (promedio de {summary.counted} actividades con "
        f"programación, cada una hasta 100 %) · {', '.join([counts, *extra])}",
    ).font = Font(bold=True)
    _put(
        sheet,
        3,
        1,
        f"Bandas: verde ≥ {bands.green:g} %, ámbar ≥ {bands.amber:g} %, rojo < {bands.amber:g} %. "
        "Dato inferido: el periodo incluye una celda reconstruida, no publicada en la fuente.",
    ).font = Font(italic=True, color="595959")
    _header(sheet, AVANCE_HEADER_ROW, AVANCE_HEADERS)
    for offset, figure in enumerate(figures, start=1):
        row = AVANCE_HEADER_ROW + offset
        values: tuple[str | float | None, ...] = (
            figure.unit,
            figure.activity,
            figure.measure,
            figure.annual_target,
            figure.programmed,
            figure.executed,
            None,
            _status_text(figure),
            "sí" if figure.inferred else "no",
        )
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
        if figure.percent is not None:
            percent_cell = sheet.cell(row=row, column=7, value=figure.percent / 100)
            percent_cell.number_format = "0.0%"
        fill, color = STATUS_STYLES[figure.status]
        status_cell = sheet.cell(row=row, column=8)
        status_cell.fill = PatternFill("solid", fgColor=fill)
        status_cell.font = Font(color=color, bold=figure.status in (Status.ROJO, Status.AMBAR))
    _finish(sheet, AVANCE_HEADER_ROW, len(AVANCE_HEADERS), len(figures), widths={1: 40, 2: 70})


def _fill_mensual(sheet: Worksheet, title: str, period: Period, series: Sequence[ActivitySeries]) -> None:
    _title_line(sheet, title, period)
    _put(
        sheet,
        2,
        1,
        "Celdas en cursiva sobre fondo amarillo: dato inferido (reconstruido). Los trimestres son los "
        "publicados; un comentario en una celda de ejecución da el motivo registrado por la unidad.",
    ).font = Font(italic=True, color="595959")
    _header(sheet, MENSUAL_HEADER_ROW, MENSUAL_HEADERS)
    row = MENSUAL_HEADER_ROW
    for activity in series:
        for executed in (False, True):
            row += 1
            monthly = activity.executed if executed else activity.programmed
            inferred = activity.executed_inferred if executed else activity.programmed_inferred
            quarters = [period_total(activity, Period.quarter(q), executed=executed) for q in range(1, 5)]
            values: tuple[str | float | None, ...] = (
                activity.unit,
                activity.activity,
                activity.measure,
                activity.annual_target,
                "Ejecutado" if executed else "Programado",
                *monthly,
                *quarters,
            )
            for column, value in enumerate(values, start=1):
                _put(sheet, row, column, value, grouped=False)
            for month in range(1, 13):
                notes = [INFERRED_COMMENT] if inferred[month - 1] else []
                motive = _clean(activity.motives[month - 1]).strip() if executed else ""
                if motive:
                    notes.append(f"Motivo: {motive}")
                if not notes:
                    continue
                cell = sheet.cell(row=row, column=5 + month)
                if inferred[month - 1]:
                    cell.font = Font(italic=True)
                    cell.fill = INFERRED_FILL
                cell.comment = Comment("\n".join(notes), "poi-bot", width=300, height=110)
    _finish(sheet, MENSUAL_HEADER_ROW, len(MENSUAL_HEADERS), 2 * len(series), widths={1: 36, 2: 60})


def _shown_length(value: object) -> int:
    """About how many characters a cell shows: numbers as formatted, not as Python prints them."""
    if value is None:
        return 0
    if isinstance(value, int):
        return len(f"{value:,}")
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    return max(len(line) for line in str(value).split("\n"))


def _header(sheet: Worksheet, row: int, headers: Sequence[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = _put(sheet, row, column, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _finish(sheet: Worksheet, header_row: int, columns: int, rows: int, *, widths: dict[int, int]) -> None:
    """Freezes the header, adds the filter and sizes the columns to their content."""
    last_row = header_row + max(rows, 1)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{last_row}"
    for column in range(1, columns + 1):
        longest = max(
            _shown_length(sheet.cell(row=r, column=column).value) for r in range(header_row, last_row + 1)
        )
        limit = widths.get(column, 24)
        sheet.column_dimensions[get_column_letter(column)].width = max(8, min(longest + 2, limit))
