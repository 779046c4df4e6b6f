"""XLSX export: read back with openpyxl, the workbook says what the figures say, and never runs a formula."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.domain.figures import ActivityFigure, ActivitySeries, Bands, activity_figure
from bot.domain.periods import Period
from bot.render.export_xlsx import AVANCE_HEADERS, MENSUAL_HEADERS, export_xlsx

BANDS = Bands()
PERIOD = Period.cumulative(9)
HEADER_ROW = 4
Months = tuple[float | None, ...]


def months(*values: float | None) -> Months:
    return (*values, *(None,) * (12 - len(values)))


def make_series(
    activity: str,
    programmed: Months,
    executed: Months,
    *,
    unit: str = "GERENCIA DE RECURSOS HUMANOS",
    measure: str = "ACCIONES",
    target: float = 12,
    executed_inferred: tuple[bool, ...] = (False,) * 12,
    motives: tuple[str, ...] = ("",) * 12,
) -> ActivitySeries:
    return ActivitySeries(
        unit=unit,
        activity=activity,
        measure=measure,
        annual_target=target,
        programmed=programmed,
        executed=executed,
        executed_inferred=executed_inferred,
        motives=motives,
    )


SEP_INFERRED = (False,) * 8 + (True,) + (False,) * 3
SERIES = [
    # The seed's worst activity: 0 of 6 to SEP.
    make_series(
        "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL",
        months(0, 0, 2, 1, 1, 0, 1, 1, 0),
        months(0, 0, 0, 0, 0, 0, 0, 0, 0),
        measure="DOCUMENTOS",
        target=7,
        motives=("",) * 5 + ("Demora de SERVIR en aprobar el plan",) + ("",) * 6,
    ),
    make_series(
        "GESTIONAR EL RENDIMIENTO", months(0, 1, 1, 1, 1, 1, 1, 1, 1), months(1, 1, 1, 0, 0, 0, 1, 0, 1)
    ),
    make_series(
        "GESTIONAR LA INCORPORACIÓN",
        months(10, 10, 10, 10, 10, 10, 10, 10, 10),
        months(10, 10, 10, 10, 10, 10, 10, 9, 10),
        target=120,
        executed_inferred=SEP_INFERRED,
    ),
    make_series("SOBRE-EJECUTAR", months(1, 1, 1, 1, 1, 1, 1, 1, 1), months(3, 3, 3, 3, 3, 3, 3, 3, 3)),
    make_series("SIN PROGRAMACIÓN", months(0, 0, 0, 0, 0, 0, 0, 0, 0), months(0, 0, 0, 0, 0, 0, 0, 0, 0)),
    make_series(
        "EJECUTAR SIN PROGRAMAR", months(0, 0, 0, 0, 0, 0, 0, 0, 0), months(0, 0, 0, 0, 0, 2.5, 0, 0, 0)
    ),
]
FIGURES = [activity_figure(s, PERIOD, BANDS) for s in SERIES]


def read(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def rows(sheet: Any, first: int) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(min_row=first, values_only=True)]


@pytest.fixture(scope="module")
def workbook() -> Any:
    return read(
        export_xlsx(title="GERENCIA DE RECURSOS HUMANOS", period=PERIOD, figures=FIGURES, bands=BANDS)
    )


def test_the_sheet_starts_with_the_title_and_period(workbook: Any) -> None:
    sheet = workbook["Avance"]
    assert workbook.sheetnames == ["Avance"]
    assert sheet["A1"].value == "GERENCIA DE RECURSOS HUMANOS — al III trimestre (ene–sep)"
    assert sheet["A1"].font.b


def test_summary_line_is_the_unit_progress(workbook: Any) -> None:
    # Capped mean over the four with something programmed: (0 + 62.5 + 98.9 + 100) / 4.
    summary = workbook["Avance"]["A2"].value
    assert summary.startswith("Avance: 65.3 % (promedio de 4 actividades con programación")
    assert "2 verde, 0 ámbar, 2 rojo, 1 sin programación, 1 ejecutado sin programar" in summary
    assert "verde ≥ 95 %, ámbar ≥ 75 %, rojo < 75 %" in workbook["Avance"]["A3"].value


def test_headers_are_spanish_frozen_and_filtered(workbook: Any) -> None:
    sheet = workbook["Avance"]
    assert rows(sheet, HEADER_ROW)[0] == AVANCE_HEADERS
    assert AVANCE_HEADERS == (
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
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == f"A4:I{HEADER_ROW + len(FIGURES)}"
    assert sheet.column_dimensions["B"].width >= 30
    assert sheet.column_dimensions["B"].width <= 70


def test_figures_are_numbers_with_percent_format(workbook: Any) -> None:
    data = rows(workbook["Avance"], HEADER_ROW + 1)
    assert data[0] == (
        "GERENCIA DE RECURSOS HUMANOS",
        "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL",
        "DOCUMENTOS",
        7,
        6,
        0,
        0,
        "rojo",
        "no",
    )
    incorporation = data[2]
    assert incorporation[3:6] == (120, 90, 89)
    assert incorporation[6] == pytest.approx(89 / 90)
    assert incorporation[8] == "sí"
    percent_cell = workbook["Avance"].cell(row=HEADER_ROW + 3, column=7)
    assert percent_cell.number_format == "0.0%"
    for row in data:
        assert all(isinstance(value, int | float) for value in row[3:6])


def test_statuses_are_labelled_and_coloured(workbook: Any) -> None:
    sheet = workbook["Avance"]
    statuses = [sheet.cell(row=HEADER_ROW + i, column=8) for i in range(1, len(FIGURES) + 1)]
    assert [c.value for c in statuses] == [
        "rojo",
        "rojo",
        "verde",
        "verde (sobre-ejecución)",
        "sin programación",
        "ejecutado sin programar",
    ]
    fills = [c.fill.fgColor.rgb[-6:] for c in statuses]
    assert fills == ["FFC7CE", "FFC7CE", "C6EFCE", "C6EFCE", "EDEDED", "DDEBF7"]
    no_percent = [sheet.cell(row=HEADER_ROW + i, column=7).value for i in (5, 6)]
    assert no_percent == [None, None]


def test_statuses_follow_the_bands_given() -> None:
    strict = Bands(green=99.5, amber=60)
    sheet = read(export_xlsx(title="t", period=PERIOD, figures=FIGURES, bands=strict))["Avance"]
    assert sheet.cell(row=HEADER_ROW + 2, column=8).value == "ámbar"  # 62.5 %
    assert sheet.cell(row=HEADER_ROW + 3, column=8).value == "ámbar"  # 98.9 %
    assert sheet.cell(row=HEADER_ROW + 3, column=8).fill.fgColor.rgb[-6:] == "FFEB9C"


def test_formula_like_strings_stay_text() -> None:
    hostile = ActivityFigure(
        unit='=HYPERLINK("http://evil","clic")',
        activity="+1+1",
        measure="-2",
        annual_target=1,
        programmed=1,
        executed=1,
        percent=100.0,
        status=FIGURES[2].status,
        inferred=False,
    )
    sheet = read(export_xlsx(title="@SUM(A1)", period=PERIOD, figures=[hostile, FIGURES[0]], bands=BANDS))[
        "Avance"
    ]
    cells = [sheet.cell(row=HEADER_ROW + 1, column=c) for c in (1, 2, 3)]
    assert [c.value for c in cells] == ['=HYPERLINK("http://evil","clic")', "+1+1", "-2"]
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells)
    assert sheet["A1"].value.startswith("@SUM(A1)")
    assert sheet["A1"].data_type == "s"


def test_illegal_characters_are_dropped() -> None:
    dirty = ActivityFigure(
        unit="GERENCIA\x00 DE TI\x07",
        activity="ACTIVIDAD 🚀 <b>",
        measure="ACCIONES",
        annual_target=1,
        programmed=0,
        executed=0,
        percent=None,
        status=FIGURES[4].status,
        inferred=False,
    )
    sheet = read(export_xlsx(title="t\x0b", period=PERIOD, figures=[dirty], bands=BANDS))["Avance"]
    assert sheet.cell(row=HEADER_ROW + 1, column=1).value == "GERENCIA DE TI"
    assert sheet.cell(row=HEADER_ROW + 1, column=2).value == "ACTIVIDAD 🚀 <b>"


def test_empty_export_still_has_headers() -> None:
    sheet = read(export_xlsx(title="Nada", period=Period.quarter(1), figures=[], bands=BANDS))["Avance"]
    assert rows(sheet, HEADER_ROW)[0] == AVANCE_HEADERS
    assert sheet["A2"].value.startswith("Avance: — (promedio de 0 actividades")


def test_monthly_sheet_has_the_twelve_months_and_marks_inferred_cells() -> None:
    book = read(export_xlsx(title="RRHH", period=PERIOD, figures=FIGURES, bands=BANDS, series=SERIES))
    assert book.sheetnames == ["Avance", "Mensual"]
    sheet = book["Mensual"]
    assert sheet["A1"].value == "RRHH — al III trimestre (ene–sep)"
    assert rows(sheet, 3)[0] == MENSUAL_HEADERS
    assert MENSUAL_HEADERS[5:17] == (
        "ENE",
        "FEB",
        "MAR",
        "ABR",
        "MAY",
        "JUN",
        "JUL",
        "AGO",
        "SEP",
        "OCT",
        "NOV",
        "DIC",
    )
    data = rows(sheet, 4)
    assert len(data) == 2 * len(SERIES)
    programmed, executed = data[4], data[5]  # GESTIONAR LA INCORPORACIÓN
    assert programmed[4] == "Programado"
    assert programmed[5:17] == (10,) * 9 + (None,) * 3
    assert executed[4] == "Ejecutado"
    assert executed[5:14] == (10, 10, 10, 10, 10, 10, 10, 9, 10)
    assert executed[17:21] == (30, 30, 29, None)  # quarters, summed as no published column exists
    sep = sheet.cell(row=9, column=5 + 9)
    assert sep.font.i
    assert "inferido" in sep.comment.text
    assert not sheet.cell(row=9, column=5 + 8).font.i
    assert sheet.freeze_panes == "A4"


def test_monthly_sheet_carries_the_units_motive() -> None:
    book = read(export_xlsx(title="RRHH", period=PERIOD, figures=FIGURES, bands=BANDS, series=SERIES))
    june_executed = book["Mensual"].cell(row=5, column=5 + 6)
    assert "Motivo: Demora de SERVIR en aprobar el plan" in june_executed.comment.text
    assert book["Mensual"].cell(row=4, column=5 + 6).comment is None  # not on the programmed row
