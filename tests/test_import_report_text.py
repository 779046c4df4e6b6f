"""The published-report reader on small reports: layouts, lost cells and where they are restored."""

from __future__ import annotations

import pytest

from storage.importers import ImportRefused, detect_format
from storage.importers.report_text import parse_report_text

TITLE = "PLAN OPERATIVO INSTITUCIONAL 2021 - EJECUCION AL II TRIMESTRE"
HEADER = "UNIDAD ORGANICA\tMEF\tACTIVIDAD POI\tUNIDAD DE MEDIDA\tMETA ANUAL\tPROGRAMADO" + "\t" * 5
HEADER += "EJECUTADO" + "\t" * 5 + "I TRIMESTRE\t\tII TRIMESTRE\t\t"
SUB = "\t\t\t\t\tENE\tFEB\tMAR\tABR\tMAY\tJUN\tENE\tFEB\tMAR\tABR\tMAY\tJUN\tPROG\tEJEC\tPROG\tEJEC"


def report(*rows: str, title: str = TITLE) -> bytes:
    return "\n".join([title, "", HEADER, SUB, *rows, ""]).encode("utf-8")


def row(activity: str, figures: str, unit: str = "OFICINA DE PLANIFICACIÓN") -> str:
    return f"{unit}\tGESTIÓN ADMINISTRATIVA\t{activity}\tINFORMES\t" + figures


def test_a_second_quarter_report_reads_its_months_from_the_header() -> None:
    plan = parse_report_text(
        report(
            row("A", "1,200\t100\t100\t100\t100\t100\t100\t90\t100\t110\t100\t95\t105\t300\t300\t300\t300")
        )
    )
    assert (plan.year, plan.cutoff_month, plan.title) == (2021, 6, TITLE)
    (activity,) = plan.activities
    assert activity.annual_target == 1200
    assert activity.programmed == [100.0] * 6 + [None] * 6
    assert activity.executed[:6] == [90, 100, 110, 100, 95, 105]
    assert activity.quarter_programmed == [300, 300, None, None]
    assert [(c.what, c.ok) for c in plan.checks] == [
        ("Actividades cuyos meses suman sus trimestres publicados", True)
    ]
    assert plan.notes == []
    assert detect_format(report()) == "report_text"


def test_a_blank_cell_in_place_is_restored_where_it_stands() -> None:
    plan = parse_report_text(report(row("A", "12\t1\t1\t1\t1\t1\t1\t1\t\t1\t1\t1\t1\t3\t3\t3\t3")))
    (activity,) = plan.activities
    assert activity.executed[:6] == [1, 1, 1, 1, 1, 1]
    assert activity.executed_inferred[1]
    (note,) = plan.notes
    assert note.kind == "inferred"
    assert note.line == 5
    assert note.detail.startswith("La celda EJECUTADO FEB está en blanco. Se restituyó EJECUTADO FEB = 1")


def test_a_lost_programmed_cell_goes_where_every_quarter_adds_up() -> None:
    # PROGRAMADO MAR (4) was lost: only there do both quarters of both series add up.
    plan = parse_report_text(report(row("A", "30\t2\t3\t5\t5\t5\t2\t3\t4\t5\t5\t5\t9\t9\t15\t15\t")))
    (activity,) = plan.activities
    assert activity.programmed[:6] == [2, 3, 4, 5, 5, 5]
    assert activity.programmed_inferred[2]
    assert activity.executed[:6] == [2, 3, 4, 5, 5, 5]
    assert (
        "Se restituyó PROGRAMADO MAR = 4, calculado como I TRIMESTRE PROG (9) − ENE (2) − FEB (3)."
        in plan.notes[0].detail
    )


def test_no_consistent_placement_goes_to_the_last_month_and_is_reported() -> None:
    # The executed months of the I trimestre add up to 10, its column says 9: nothing can mend that.
    plan = parse_report_text(report(row("A", "30\t2\t3\t4\t5\t5\t5\t2\t3\t5\t5\t6\t9\t9\t15\t14\t")))
    (activity,) = plan.activities
    assert activity.executed[:6] == [2, 3, 5, 5, 6, 3]
    assert activity.executed_inferred[5]
    assert [note.kind for note in plan.notes] == ["inferred", "inconsistent"]
    assert "Ninguna ubicación hace cuadrar todos los trimestres" in plan.notes[0].detail
    assert "EJEC I trimestre publicado 9, los meses suman 10 (ENE 2 + FEB 3 + MAR 5)" in plan.notes[1].detail
    assert (plan.checks[-1].expected, plan.checks[-1].found, plan.checks[-1].ok) == (1, 0, False)


def test_year_from_the_argument_when_the_title_has_none() -> None:
    data = report(
        row("A", "6\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t3\t3\t3\t3"), title="EJECUCIÓN AL II TRIMESTRE"
    )
    assert parse_report_text(data, year=2022).year == 2022
    with pytest.raises(ImportRefused, match="El título del reporte no dice el año"):
        parse_report_text(data)
    with pytest.raises(ImportRefused, match="El reporte es del año 2021 y se indicó el año 2022"):
        parse_report_text(report(row("A", "6\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t3\t3\t3\t3")), year=2022)


def test_missing_quarter_columns_cannot_restore_a_cell() -> None:
    header = HEADER.replace("I TRIMESTRE\t\tII TRIMESTRE\t\t", "")
    sub = SUB.replace("\tPROG\tEJEC\tPROG\tEJEC", "")
    data = "\n".join([TITLE, header, sub, row("A", "6\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t"), ""]).encode()
    with pytest.raises(ImportRefused) as refused:
        parse_report_text(data)
    assert str(refused.value) == (
        "Línea 4, columna 17 (EJECUTADO JUN): a la fila le falta una cifra y no hay columna trimestral "
        "con qué restituirla."
    )


def test_a_row_before_the_header_is_refused() -> None:
    data = "\n".join([TITLE, row("A", "1"), HEADER, SUB, ""]).encode()
    with pytest.raises(ImportRefused, match=r"^Línea 2: hay una fila de datos antes del encabezado"):
        parse_report_text(data)
