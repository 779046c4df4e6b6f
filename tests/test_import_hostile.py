"""Hostile and damaged files are refused within bounds, naming the part, row and column; the store
is left byte-identical. Every file is generated here (tests/hostile_files.py)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from storage.importers import ImportRefused, import_bytes, parse_bytes
from storage.importers.tabular import read_sheet, workbook
from storage.importers.xlsx_isolation import run, run_bounded
from tests import hostile_files as hostile
from tests.hostile_files import edit_sheet, template_rows, template_xlsx, with_shared_strings
from tests.import_helpers import SEED, SEED_NAME, csv_bytes, dump, xlsx_bytes

MIB = 1024 * 1024
SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
ONE_STRING = SST + b"<si><t>GERENCIA DE FINANZAS</t></si></sst>"
G2 = b'<c r="G2" t="n"><v>1</v></c>'


def _with_cells(changes: dict[tuple[int, int], object]) -> bytes:
    rows = template_rows()
    for (row, column), value in changes.items():
        rows[row - 1][column - 1] = value
    return xlsx_bytes(rows)


CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "one huge shared string": (
        lambda: hostile.huge_shared_string(40 * MIB),
        "El texto compartido nº 1 de xl/sharedStrings.xml tiene más de 32,767 caracteres, el máximo de "
        "Excel para una celda.",
    ),
    "millions of tiny shared strings": (
        lambda: hostile.tiny_shared_strings(1_100_000),
        "La parte xl/sharedStrings.xml tiene más de 1,000,000 textos compartidos",
    ),
    "gigabytes of whitespace": (
        lambda: hostile.whitespace_sheet(300 * MIB),
        "El archivo Excel descomprimido ocupa más de 256 MiB (la parte xl/worksheets/sheet1.xml sola, "
        "300 MiB)",
    ),
    "zip bomb by entry count": (
        lambda: hostile.many_entries(1_200),
        "El archivo Excel (ZIP) tiene 1,209 partes; un libro tiene a lo más 1,000.",
    ),
    "truncated workbook": (
        lambda: template_xlsx()[:3000],
        "El archivo es un ZIP dañado o que no contiene un libro de Excel.",
    ),
    "a ZIP directory that lies about a size": (
        lambda: hostile.lying_directory(template_xlsx(), hostile.SHEET, 1_000),
        "El archivo Excel está dañado",
    ),
    "malformed sheet XML": (
        lambda: edit_sheet(template_xlsx(), b'</row><row r="3">', b'<row r="3">'),
        "Hoja «POI»: el XML de xl/worksheets/sheet1.xml está dañado (línea 1, columna",
    ),
    "malformed sheet XML before its rows": (
        lambda: edit_sheet(template_xlsx(), b'<dimension ref="A1:AD11" />', b'<dimension ref="A1:AD11" <>'),
        "El XML de xl/worksheets/sheet1.xml está dañado (línea 1, columna 184: not well-formed (invalid "
        "token)).",
    ),
    "malformed shared strings": (
        lambda: with_shared_strings(template_xlsx(), SST + b"<si><t>x</si></sst>"),
        "El XML de xl/sharedStrings.xml está dañado (línea 1, columna 82: mismatched tag).",
    ),
    "bad shared-string index": (
        lambda: with_shared_strings(template_xlsx(), ONE_STRING, b'<c r="B2" t="s"><v>7</v></c>'),
        "Hoja «POI», fila 2, columna B: la celda B2 remite al texto compartido nº 7, que no existe en "
        "xl/sharedStrings.xml (tiene 1 en total).",
    ),
    "bad cell reference": (
        lambda: edit_sheet(template_xlsx(), b'<c r="G2" t="n">', b'<c r="G0" t="n">'),
        "Hoja «POI», fila 2: la referencia de celda «G0» no es válida.",
    ),
    "cell outside its row": (
        lambda: edit_sheet(template_xlsx(), b'<c r="G2" t="n">', b'<c r="G9" t="n">'),
        "Hoja «POI», fila 2: la celda G9 está dentro de la fila 2.",
    ),
    "bad row number": (
        lambda: edit_sheet(template_xlsx(), b'<row r="3">', b'<row r="3x">'),
        "Hoja «POI»: el número de fila «3x» de xl/worksheets/sheet1.xml no es válido.",
    ),
    "rows out of order": (
        lambda: edit_sheet(template_xlsx(), b'<row r="4">', b'<row r="2">'),
        "Hoja «POI», fila 3: la fila 2 aparece después de la fila 3 en xl/worksheets/sheet1.xml.",
    ),
    "NaN where a number goes": (
        lambda: edit_sheet(template_xlsx(), G2, b'<c r="G2" t="n"><v>NaN</v></c>'),
        "Hoja «POI», fila 2, columna G: la celda G2 dice «NaN», que no es un número válido.",
    ),
    "a damaged date": (
        lambda: edit_sheet(template_xlsx(), G2, b'<c r="G2" t="d"><v>ayer</v></c>'),
        "Hoja «POI», fila 2, columna G: la celda G2 dice «ayer», que no es una fecha válida.",
    ),
    "a date where a number goes": (
        lambda: _with_cells({(2, 7): datetime(2024, 1, 5)}),
        "Hoja «POI», fila 2, columna G (PROG 01): «2024-01-05 00:00:00» no es una cifra.",
    ),
    "formulas without cached values": (
        lambda: _with_cells({(3, 19): "=1+1", (5, 20): "=SUM(G5:R5)"}),
        "Hoja «POI»: las celdas S3, T5 tienen fórmulas sin valor calculado (el archivo no se guardó "
        "desde Excel): ábralo en Excel y guárdelo, o pegue solo los valores.",
    ),
    "units differing only in case and accents": (
        lambda: _with_cells({(4, 2): "Gerencia de  Finanzas"}),
        "Hoja «POI», fila 4, columna B (UNIDAD ORGANICA): la unidad «Gerencia de Finanzas» y «GERENCIA DE "
        "FINANZAS» (la fila 2) difieren solo en mayúsculas, tildes, espacios o signos",
    ),
    "activities differing only in case and accents": (
        lambda: _with_cells({(4, 4): "ACTIVIDAD  1"}),
        "Hoja «POI», fila 4, columna D (ACTIVIDAD): la actividad «ACTIVIDAD 1» de «GERENCIA DE FINANZAS» "
        "ya figura en la fila 2 como «Actividad 1», que difiere solo en mayúsculas, tildes o espacios",
    ),
}


STORE_CASES = ["one huge shared string", "malformed sheet XML", "formulas without cached values"]


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_or_damaged_workbook_is_refused_naming_where(case: str) -> None:
    build, message = CASES[case]
    with pytest.raises(ImportRefused) as refused:
        parse_bytes(build(), source_name="hostil.xlsx")
    assert str(refused.value).startswith(message), str(refused.value)


@pytest.mark.parametrize("case", STORE_CASES)
def test_the_store_is_byte_identical_after_a_refusal(engine: Engine, case: str) -> None:
    import_bytes(engine, SEED, SEED_NAME, entity="SAT")
    before = dump(engine)
    with pytest.raises(ImportRefused):
        import_bytes(engine, CASES[case][0](), "hostil.xlsx", entity="SAT")
    assert dump(engine) == before


def test_a_stale_dimension_still_imports_every_row(engine: Engine) -> None:
    report = import_bytes(engine, hostile.stale_dimension(10), "plantilla.xlsx", entity="SAT")
    assert report.activities == 10


def test_the_child_is_stopped_at_its_memory_and_time_bounds() -> None:
    data = hostile.whitespace_sheet(40 * MIB)  # read whole under the real bounds, not in 250 MiB
    assert run("format", data).ended == "done"
    assert run("format", data, memory=250 * MIB).ended == "memory"
    assert run("format", data, timeout=0.001).ended == "time"
    with pytest.raises(ImportRefused) as refused:
        run_bounded("format", b"not a workbook")
    assert str(refused.value).startswith("El archivo Excel (ZIP) está dañado")


def test_utf16_with_bom_is_read() -> None:
    found, plan = parse_bytes(SEED.decode("utf-8").encode("utf-16"), source_name=SEED_NAME)
    assert (found, len(plan.activities)) == ("report_text", 90)
    template = csv_bytes(template_rows()).decode("utf-8").encode("utf-16-le")
    found, plan = parse_bytes(b"\xff\xfe" + template, source_name="plantilla.csv")
    assert (found, len(plan.activities)) == ("template_csv", 10)


def test_text_that_no_encoding_reads_is_refused_saying_so() -> None:
    template = csv_bytes(template_rows()).replace(b"Actividad 2", b"Actividad \x81 2")
    with pytest.raises(ImportRefused) as refused:
        parse_bytes(template, source_name="plantilla.csv")
    assert str(refused.value) == (
        "Línea 3: el archivo no está en UTF-8, UTF-16 ni Windows-1252: el byte 0x81 no es texto en "
        "ninguna de esas codificaciones. Guárdelo como UTF-8 y vuelva a cargarlo."
    )
    with pytest.raises(ImportRefused) as refused:
        parse_bytes("UNIDAD\n".encode("utf-16") + b"\x00", source_name="x.txt")
    assert str(refused.value).startswith("Línea 2: el archivo empieza como texto UTF-16 pero tiene bytes")


def test_csv_units_differing_only_in_accents_are_refused_naming_both_lines() -> None:
    rows = template_rows(3)
    rows[1][1], rows[3][1] = "Oficina de Logística", "OFICINA DE LOGISTICA"
    with pytest.raises(ImportRefused) as refused:
        parse_bytes(io.BytesIO(csv_bytes(rows)).getvalue(), source_name="plantilla.csv")
    assert str(refused.value).startswith(
        "Línea 4, columna 2 (UNIDAD ORGANICA): la unidad «OFICINA DE LOGISTICA» y «Oficina de Logística» "
        "(la línea 2) difieren solo en mayúsculas, tildes, espacios o signos"
    )


def test_the_bounded_reader_reads_cells_as_openpyxl_does() -> None:
    rows: list[list[object]] = [
        ["texto", 7, 2.5, True, datetime(2024, 3, 1, 8, 30), None, "  espacios  "],
        [None, None, "ñandú «POI»", False, 0, -3.25, 1e-7],
    ]
    data = xlsx_bytes(rows, before=2)
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    expected = [(n, tuple(r)) for n, r in enumerate(book["POI"].iter_rows(values_only=True), 1) if any(r)]
    book.close()
    with workbook(data) as guarded:
        found = read_sheet(guarded, "POI").rows
    assert [(n, cells + (None,) * (7 - len(cells))) for n, cells in found] == expected
