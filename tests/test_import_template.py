"""poi-bot's template, CSV and XLSX: the seed's figures survive a round trip; blanks mean "not yet"."""

from __future__ import annotations

from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from storage.importers import detect_format, import_bytes
from storage.importers.template import TEMPLATE_COLUMNS
from storage.importers.template_files import csv_template, xlsx_template
from tests.conftest import ROOT
from tests.import_helpers import SEED, SEED_NAME, csv_bytes, figures_of, snapshot, template_rows, xlsx_bytes

TEMPLATES = ROOT / "data" / "templates"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_seed_figures_round_trip_through_the_template(engine: Engine, kind: str) -> None:
    seed = import_bytes(engine, SEED, SEED_NAME, entity="SAT")
    original = snapshot(engine, seed.plan.id)
    rows = template_rows(original.series, 2019)
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows, before=2)
    assert detect_format(data) == f"template_{kind}"
    report = import_bytes(engine, data, f"plantilla.{kind}", entity="SAT")
    assert (report.units, report.activities, report.plan.cutoff_month) == (24, 90, 9)
    assert report.plan.source_format == "template"
    assert report.inferred_cells == 0
    assert report.plan.title == "PLAN OPERATIVO INSTITUCIONAL 2019 - EJECUCIÓN A SEPTIEMBRE"
    copy = snapshot(engine, report.plan.id)
    assert figures_of(copy) == figures_of(original)
    assert copy.units == original.units
    assert report.checks == ()  # no row programs all twelve months: nothing to check the targets with
    assert "El archivo no trae totales con qué verificarlo." in report.to_text()


def _rows() -> list[list[Any]]:
    header = list(TEMPLATE_COLUMNS)
    first = [
        2024,
        "Gerencia de Finanzas",
        "GESTIÓN ADMINISTRATIVA",
        "Pagar a proveedores",
        "ACCIONES",
        "1,200",
    ]
    first += ["100"] * 12 + ["90", "110", "", "100"] + [None] * 8
    second = [None, "Gerencia de Finanzas", "", "Cerrar el mes", "INFORMES", "12,5"]
    second += ["1"] * 12 + ["1", "1", "1", "0,5"] + [None] * 8
    return [header, first, second]


def test_semicolon_csv_with_decimal_comma_and_a_blank_month(engine: Engine) -> None:
    report = import_bytes(engine, csv_bytes(_rows(), delimiter=";"), "finanzas.csv", entity="SAT")
    assert (report.plan.year, report.plan.cutoff_month, report.activities) == (2024, 4, 2)
    plan = snapshot(engine, report.plan.id)
    pay, close = plan.series
    assert (pay.unit, pay.mef_category, pay.annual_target) == (
        "Gerencia de Finanzas",
        "GESTIÓN ADMINISTRATIVA",
        1200,
    )
    assert pay.executed[:5] == (90, 110, None, 100, None)  # blank = not reported, never zero
    assert close.annual_target == 12.5
    assert close.executed[3] == 0.5
    checks = {c.what: c for c in report.checks}
    target = checks["Actividades cuya meta anual es la suma de PROG 01..PROG 12"]
    assert (target.expected, target.found, target.ok) == (2, 1, False)
    text = report.to_text()
    assert (
        "• Línea 3 · Gerencia de Finanzas · Cerrar el mes: La meta anual es 12.5 y PROG 01..PROG 12 suman 12."
        in text
    )
    assert "• Línea 2 · Gerencia de Finanzas · Pagar a proveedores: Sin ejecución reportada en MAR" in text


def test_xlsx_notes_name_rows(engine: Engine) -> None:
    report = import_bytes(engine, xlsx_bytes(_rows()), "finanzas.xlsx", entity="SAT")
    assert report.source_kind == "template_xlsx"
    assert (
        "• Fila 2 · Gerencia de Finanzas · Pagar a proveedores: Sin ejecución reportada en MAR"
        in report.to_text()
    )


def test_year_argument_fills_a_blank_year_column(engine: Engine) -> None:
    rows = _rows()
    rows[1][0] = None
    report = import_bytes(engine, csv_bytes(rows), "sin-anio.csv", entity="SAT", year=2024)
    assert report.plan.year == 2024


def test_shipped_templates_are_the_generated_ones() -> None:
    csv_file = (TEMPLATES / "plantilla-poi.csv").read_bytes()
    assert csv_file == csv_template()
    assert csv_file.decode("utf-8-sig").strip() == ",".join(TEMPLATE_COLUMNS)
    assert detect_format(csv_file) == "template_csv"
    shipped = load_workbook(TEMPLATES / "plantilla-poi.xlsx", read_only=True)
    header = next(shipped["POI"].iter_rows(values_only=True))
    assert header == TEMPLATE_COLUMNS
    assert shipped.sheetnames == ["POI", "Instrucciones"]
    shipped.close()
    assert detect_format(xlsx_template()) == "template_xlsx"
    assert TEMPLATE_COLUMNS[:6] == (
        "AÑO",
        "UNIDAD ORGANICA",
        "CATEGORIA MEF",
        "ACTIVIDAD",
        "UNIDAD DE MEDIDA",
        "META ANUAL",
    )
    assert TEMPLATE_COLUMNS[6] == "PROG 01"
    assert TEMPLATE_COLUMNS[-1] == "EJEC 12"
    assert len(TEMPLATE_COLUMNS) == 30
