"""Files that cannot be trusted are refused whole, naming line and column; the store is untouched."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from storage.importers import MAX_BYTES, MAX_ROWS, ImportRefused, import_bytes
from storage.importers.report_text import parse_report_text
from storage.importers.template import TEMPLATE_COLUMNS
from tests.import_helpers import SEED, SEED_NAME, csv_bytes, dump, join_lines, seed_lines

OCI = 10  # a full row: ORGANO DE CONTROL INSTITUCIONAL, EJECUTAR EL CONTROL GUBERNAMENTAL
SHORT = 7  # a row that lost a cell: JEFATURA SAT, DIRIGIR, CONTROLAR Y SUPERVISAR ...


def seed_with(line: int, change: Callable[[list[str]], list[str]]) -> bytes:
    """The seed with the tab-separated fields of one line changed."""
    lines = seed_lines()
    lines[line - 1] = "\t".join(change(lines[line - 1].split("\t")))
    return join_lines(lines)


def put(index: int, value: str) -> Callable[[list[str]], list[str]]:
    def change(fields: list[str]) -> list[str]:
        fields[index] = value
        return fields

    return change


def seed_inserting(after: int, text: str) -> bytes:
    lines = seed_lines()
    lines.insert(after, text)
    return join_lines(lines)


def template(rows: list[list[object]]) -> bytes:
    return csv_bytes([list(TEMPLATE_COLUMNS), *rows])


def template_row(year: object, unit: str, executed: object = 1) -> list[object]:
    return [year, unit, "", "Atender consultas", "ACCIONES", 12, *[1] * 12, executed, *[None] * 11]


CASES = {
    "not a report": (
        b"name = 'poi-bot'\n[tool.ruff]\n",
        "No se reconoce el formato: no es el reporte publicado",
    ),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "El archivo es un PDF: cópielo como texto"),
    "old excel": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "El archivo es un Excel antiguo (.xls)"),
    "text figure": (
        seed_with(OCI, put(7, "abc")),
        "Línea 10, columna 8 (PROGRAMADO MAR): «abc» no es una cifra.",
    ),
    "negative figure": (
        seed_with(OCI, put(17, "-3")),
        "Línea 10, columna 18 (EJECUTADO ABR): la cifra -3 es negativa; las cantidades físicas no lo son.",
    ),
    "no unit": (
        seed_with(OCI, put(0, " ")),
        "Línea 10, columna 1 (UNIDAD ORGÁNICA): la fila no tiene unidad orgánica.",
    ),
    "no activity": (
        seed_with(OCI, put(2, "")),
        "Línea 10, columna 3 (ACTIVIDAD POI): la fila no tiene actividad.",
    ),
    "same activity twice": (
        seed_inserting(OCI, seed_lines()[OCI - 1]),
        "Línea 11, columna 3 (ACTIVIDAD POI): la actividad «EJECUTAR EL CONTROL GUBERNAMENTAL» de "
        "«ORGANO DE CONTROL INSTITUCIONAL» ya figura en la línea 10; cada actividad debe aparecer una "
        "sola vez por unidad orgánica.",
    ),
    "two cells missing": (
        seed_with(OCI, lambda fields: fields[:8] + fields[10:]),
        "Línea 10, columna 28: a la fila le faltan 2 cifras (tiene 23 de 25); solo se puede restituir "
        "una celda mensual por fila.",
    ),
    "restored cell would be negative": (
        seed_with(SHORT, lambda fields: [*fields[:-2], "0", ""]),
        "Línea 7, columna 23 (EJECUTADO SEP): a la fila le falta una cifra y restituirla daría -2 "
        "(III TRIMESTRE EJEC (0) − JUL (1) − AGO (1)); una cantidad negativa no es posible.",
    ),
    "a cell too many": (
        seed_with(OCI, lambda fields: [*fields, "5"]),
        "Línea 10, columna 30: la fila tiene 26 cifras y el encabezado 25.",
    ),
    "a text cell lost": (
        seed_with(OCI, lambda fields: [fields[0], *fields[2:]]),
        "Línea 10, columna 4 (UNIDAD DE MEDIDA): «79» parece una cifra y no un texto: a la fila le falta "
        "una celda de texto.",
    ),
    "page header differs": (
        seed_with(43, lambda fields: [f.replace("META ANUAL", "META") for f in fields]),
        "Línea 43: este encabezado no coincide con el de la primera página.",
    ),
    "rows after the total": (
        join_lines([*seed_lines()[:-1], seed_lines()[OCI - 1].replace("EJECUTAR", "REVISAR"), ""]),
        "Línea 111: hay filas después de la fila TOTAL.",
    ),
    "template without year": (
        template([template_row(None, "UNIDAD A")]),
        "Columna 1 (AÑO): la columna AÑO está vacía; llénela o indique el año (--year).",
    ),
    "template with two years": (
        template([template_row(2024, "UNIDAD A"), template_row(2025, "UNIDAD B")]),
        "Línea 3, columna 1 (AÑO): las filas dicen años distintos (2024 en la línea 2, 2025 en esta).",
    ),
    "template without execution": (
        template([template_row(2024, "UNIDAD A", executed=None)]),
        "La plantilla no tiene ninguna cifra ejecutada (EJEC 01..EJEC 12).",
    ),
    "template missing a column": (
        csv_bytes([[c for c in TEMPLATE_COLUMNS if c != "EJEC 07"], template_row(2024, "UNIDAD A")[:-1]]),
        "Línea 1: falta la columna EJEC 07.",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_refused_whole_and_store_left_as_it_was(engine: Engine, case: str) -> None:
    import_bytes(engine, SEED, SEED_NAME, entity="SAT")
    before = dump(engine)
    data, message = CASES[case]
    with pytest.raises(ImportRefused) as refused:
        import_bytes(engine, data, "archivo-malo.txt", entity="SAT")
    assert str(refused.value).startswith(message)
    assert dump(engine) == before


def test_refusal_on_an_empty_store_writes_nothing(engine: Engine) -> None:
    before = dump(engine)
    with pytest.raises(ImportRefused):
        import_bytes(engine, seed_with(OCI, put(7, "abc")), "malo.txt", entity="SAT")
    assert dump(engine) == before
    assert all(rows == [] for rows in before.values())


def test_refusal_names_line_and_column_as_attributes() -> None:
    with pytest.raises(ImportRefused) as refused:
        parse_report_text(seed_with(OCI, put(7, "1.2.3")))
    assert (refused.value.line, refused.value.column) == (10, 8)
    assert refused.value.reason == "«1.2.3» no es una cifra."


def test_the_limits_are_the_callers_and_their_defaults_admit_a_200000_activity_plan(engine: Engine) -> None:
    assert (MAX_ROWS, MAX_BYTES) == (200_000, 64 * 1024 * 1024)
    import_bytes(engine, SEED, SEED_NAME, entity="SAT")
    before = dump(engine)
    with pytest.raises(ImportRefused) as refused:
        import_bytes(engine, SEED + b" " * 5_242_880, "grande.txt", entity="SAT", max_bytes=5_242_880)
    assert (
        str(refused.value)
        == f"El archivo pesa {len(SEED) + 5_242_880:,} bytes; el máximo es 5,242,880 (5 MiB)."
    )
    rows = template([template_row(2024, f"UNIDAD {n}") for n in range(30)])
    with pytest.raises(ImportRefused) as refused:
        import_bytes(engine, rows, "plan.csv", entity="SAT", max_rows=20)
    assert str(refused.value) == "El archivo tiene 30 actividades; el máximo es 20."
    assert dump(engine) == before
    assert import_bytes(engine, rows, "plan.csv", entity="SAT", max_rows=30).activities == 30
