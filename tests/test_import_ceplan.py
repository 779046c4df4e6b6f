"""CEPLAN's Excel export, built here with openpyxl: monthly and cumulative F columns, year, motives."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from storage.importers import ImportRefused, detect_format, import_bytes
from storage.importers.ceplan import CEPLAN_SHEET, year_from_name
from tests.import_helpers import ceplan_header, ceplan_row, csv_bytes, snapshot, xlsx_bytes

NAME = "DATA-POI MUNICIPALIDAD METROPOLITANA DE LIMA JUNIO 2023.xlsx"
PROGRAMMED: list[list[float]] = [
    [2.0] * 12,
    [10, 10, 12, 8, 10, 10, 10, 10, 10, 10, 10, 10],
    [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1],
]
EXECUTED: list[list[float | None]] = [
    [2, 2, 1, 2, 2, 3] + [None] * 6,
    [9, 11, 12, 6, 10, 0] + [None] * 6,
    [0, 0, 1, 0, 0, 0] + [None] * 6,
]
ACTIVITIES = [
    ("GERENCIA DE FINANZAS", "ADMINISTRAR LOS RECURSOS FINANCIEROS"),
    ("GERENCIA DE FINANZAS", "GESTIONAR LA RECEPCIÓN DEL PAGO DE LOS CIUDADANOS"),
    ("OFICINA DE PLANIFICACION", "ELABORAR EL INFORME DE EVALUACIÓN"),
]
MOTIVE = "Se reprogramó por la huelga de transportistas."


def export(*, cumulative: bool, zero_fill: bool = False) -> list[list[Any]]:
    rows: list[list[Any]] = [["Seguimiento del POI"], [], ceplan_header()]
    for (unit, activity), programmed, executed in zip(ACTIVITIES, PROGRAMMED, EXECUTED, strict=True):
        done = [0.0 if zero_fill and value is None else value for value in executed]
        motives = {6: MOTIVE} if activity.startswith("GESTIONAR") else None
        rows.append(ceplan_row(unit, activity, programmed, done, cumulative=cumulative, motives=motives))
    return rows


@pytest.mark.parametrize(
    ("cumulative", "zero_fill"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_monthly_and_cumulative_exports_give_the_same_figures(
    engine: Engine, cumulative: bool, zero_fill: bool
) -> None:
    data = xlsx_bytes(export(cumulative=cumulative, zero_fill=zero_fill), sheet=CEPLAN_SHEET)
    assert detect_format(data) == "ceplan_xlsx"
    report = import_bytes(engine, data, NAME, entity="MML")
    assert (report.plan.year, report.plan.cutoff_month, report.plan.source_format) == (2023, 6, "ceplan")
    assert (report.units, report.activities) == (2, 3)
    plan = snapshot(engine, report.plan.id)
    for series, programmed, executed in zip(plan.series, PROGRAMMED, EXECUTED, strict=True):
        assert list(series.programmed) == programmed
        assert list(series.executed) == executed  # months after the cut-off stay blank, even when zero-filled
        assert series.annual_target == sum(programmed)
        assert series.mef_category == "GESTION ADMINISTRATIVA"
        assert series.measure == "ACCIONES"
    assert plan.series[1].motives[5] == MOTIVE
    reading = "acumuladas" if cumulative else "mensuales"
    assert f"Las columnas F(RE) y F(SE) se leyeron como {reading}" in report.to_text()
    checks = {c.what: (c.expected, c.found, c.ok) for c in report.checks}
    assert checks == {
        "Actividades cuyo F(RE) Total cuadra con sus meses": (3, 3, True),
        "Actividades cuyo F(SE) Total cuadra con sus meses": (3, 3, True),
    }


def test_a_total_that_does_not_add_up_is_reported(engine: Engine) -> None:
    rows = export(cumulative=False)
    total_at = ceplan_header().index("F(SE) Total")
    rows[4][total_at] = 40  # the months add up to 48
    report = import_bytes(engine, xlsx_bytes(rows, sheet=CEPLAN_SHEET), NAME, entity="MML")
    failed = [(c.what, c.expected, c.found) for c in report.failed_checks]
    assert failed == [("Actividades cuyo F(SE) Total cuadra con sus meses", 3, 2)]
    note = (
        "• Fila 5 · GERENCIA DE FINANZAS · GESTIONAR LA RECEPCIÓN DEL PAGO DE LOS CIUDADANOS: "
        "F(SE) Total dice 40 y sus meses suman 48."
    )
    assert note in report.to_text()


def test_year_from_argument_or_file_name_or_refused(engine: Engine) -> None:
    data = xlsx_bytes(export(cumulative=False), sheet="Hoja1")
    assert import_bytes(engine, data, "export.xlsx", entity="MML", year=2022).plan.year == 2022
    with pytest.raises(ImportRefused, match=r"no dice el año: indíquelo \(--year\)"):
        import_bytes(engine, xlsx_bytes(export(cumulative=True)), "export.xlsx", entity="MML")
    assert year_from_name("DATA-POI GOBIERNO REGIONAL DE PIURA SETIEMBRE 2024.xlsx") == 2024
    assert year_from_name("poi 2024.xlsx") is None


def test_csv_export_is_read_the_same_way(engine: Engine) -> None:
    data = csv_bytes(export(cumulative=False), delimiter=";")
    assert detect_format(data) == "ceplan_csv"
    report = import_bytes(engine, data, NAME.replace(".xlsx", ".csv"), entity="MML")
    assert (report.activities, report.plan.cutoff_month) == (3, 6)


def test_a_falling_cumulative_figure_is_refused(engine: Engine) -> None:
    rows = export(cumulative=True)
    rows[3][ceplan_header().index("F(SE) 04")] = 3  # running total was 5 in March
    with pytest.raises(ImportRefused) as refused:
        import_bytes(engine, xlsx_bytes(rows, sheet=CEPLAN_SHEET), NAME, entity="MML")
    assert str(refused.value) == (
        "Hoja «POI_Por_ActividadOperativaAnual», fila 4, columna AB (F(SE) 04): el acumulado baja de 5 a 3."
    )
