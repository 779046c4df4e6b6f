"""The seed report imported whole: every figure DOMAIN.md measured, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.domain.figures import activity_figure, lagging, progress
from bot.domain.periods import Period
from storage.importers import ImportReport, import_bytes
from storage.models import Activity, MonthFigure, QuarterFigure, Unit
from tests.import_helpers import SEED, SEED_NAME, snapshot

HR = "GERENCIA DE RECURSOS HUMANOS"
INCONSISTENT = (
    "GERENCIA DE SERVICIOS AL ADMINISTRADO",
    "ORIENTAR Y ATENDER PRESENCIALMENTE LAS CONSULTAS DE LOS CIUDADANOS",
)


@pytest.fixture
def report(engine: Engine) -> ImportReport:
    return import_bytes(engine, SEED, SEED_NAME, entity="SAT")


def test_plan_units_and_activities(report: ImportReport, engine: Engine) -> None:
    assert report.plan.title == "PLAN OPERATIVO INSTITUCIONAL 2019 - EJECUCIÓN AL III TRIMESTRE"
    assert (report.plan.year, report.plan.cutoff_month, report.plan.is_current) == (2019, 9, True)
    assert (report.units, report.activities, report.inferred_cells) == (24, 90, 47)
    plan = snapshot(engine, report.plan.id)
    assert len(plan.series_of(HR)) == 8  # starts on page 1, continues on page 2
    assert plan.units[0] == "JEFATURA SAT"
    assert plan.units[-1] == "INSTITUCIONAL"
    with Session(engine) as session:
        positions = session.exec(
            select(Activity.position).join(Unit).where(Unit.name == HR).order_by(col(Activity.position))
        ).all()
    assert list(positions) == list(range(positions[0], positions[0] + 8))


def test_total_row_checks(report: ImportReport) -> None:
    checks = {check.what: check for check in report.checks}
    assert len(report.checks) == 26
    assert len(report.failed_checks) == 6
    assert checks["Fila TOTAL, META ANUAL"].expected == checks["Fila TOTAL, META ANUAL"].found == 7040
    quarters = [
        ("I TRIMESTRE PROG", 1726),
        ("I TRIMESTRE EJEC", 1722),
        ("II TRIMESTRE PROG", 1745),
        ("II TRIMESTRE EJEC", 1745),
        ("III TRIMESTRE PROG", 1747),
        ("III TRIMESTRE EJEC", 1761),
    ]
    for label, total in quarters:
        check = checks[f"Fila TOTAL, {label}"]
        assert (check.expected, check.found, check.ok) == (total, total, True)
    failed = {c.what: (c.expected, c.found) for c in report.failed_checks if c.what.startswith("Fila TOTAL")}
    assert failed == {
        "Fila TOTAL, EJECUTADO ABR": (573, 571),
        "Fila TOTAL, EJECUTADO MAY": (582, 584),
        "Fila TOTAL, EJECUTADO JUN": (590, 591),
        "Fila TOTAL, EJECUTADO JUL": (598, 596),
        "Fila TOTAL, EJECUTADO AGO": (574, 576),
    }
    rows = checks["Actividades cuyos meses suman sus trimestres publicados"]
    assert (rows.expected, rows.found, rows.ok) == (90, 89, False)


def test_restored_cells_and_the_inconsistent_row(report: ImportReport, engine: Engine) -> None:
    inferred = [note for note in report.notes if note.kind == "inferred"]
    inconsistent = [note for note in report.notes if note.kind == "inconsistent"]
    assert len(inferred) == 47
    assert all("Se restituyó EJECUTADO SEP" in n.detail for n in inferred)
    assert [(n.line, n.unit, n.activity) for n in inconsistent] == [(86, *INCONSISTENT)]
    assert "EJEC II trimestre publicado 25, los meses suman 26" in inconsistent[0].detail
    with Session(engine) as session:
        flagged = session.exec(
            select(MonthFigure).where(
                col(MonthFigure.executed_inferred) | col(MonthFigure.programmed_inferred)
            )
        ).all()
    assert len(flagged) == 47
    assert {f.month for f in flagged} == {9}
    assert not any(f.programmed_inferred for f in flagged)
    series = next(s for s in snapshot(engine, report.plan.id).series if (s.unit, s.activity) == INCONSISTENT)
    assert series.executed[:9] == (10, 9, 8, 8, 8, 10, 9, 9, 9)
    assert series.executed_inferred[8]
    assert series.quarter_executed == (27, 25, 27, None)


def test_figures_kept_as_published(report: ImportReport, engine: Engine) -> None:
    with Session(engine) as session:
        assert len(session.exec(select(MonthFigure)).all()) == 90 * 9
        assert len(session.exec(select(QuarterFigure)).all()) == 90 * 3
    oci = next(
        s for s in snapshot(engine, report.plan.id).series if s.unit == "ORGANO DE CONTROL INSTITUCIONAL"
    )
    assert oci.annual_target == 79
    assert oci.programmed[:9] == (6, 6, 8, 6, 8, 5, 7, 6, 7)
    assert oci.programmed[9:] == (None, None, None)
    assert oci.executed[:9] == (5, 5, 7, 6, 7, 7, 12, 9, 10)
    assert oci.quarter_programmed[:3] == (20, 19, 20)
    assert oci.quarter_executed[:3] == (17, 20, 31)


def test_what_managers_are_told_matches_domain(report: ImportReport, engine: Engine) -> None:
    plan = snapshot(engine, report.plan.id)
    to_september = Period.cumulative(9)
    figures = [activity_figure(s, to_september) for s in plan.series]
    behind = lagging(figures)
    assert len(behind) == 9
    assert behind[0].activity == "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL"
    assert (behind[0].executed, behind[0].programmed) == (0, 6)
    hr = progress([activity_figure(s, to_september) for s in plan.series_of(HR)])
    assert hr.percent is not None
    assert round(hr.percent, 1) == 84.2
    assert (hr.verde, hr.ambar, hr.rojo) == (6, 1, 1)
    first_quarter = [activity_figure(s, Period.quarter(1)) for s in plan.series]
    assert len(lagging(first_quarter)) == 5


def test_report_text_for_people(report: ImportReport) -> None:
    full = report.to_text()
    assert full.startswith("Se importó «poi-2019-iii-trimestre.txt» (reporte publicado, en texto).")
    assert "Entidad SAT · año 2019 · datos hasta septiembre" in full
    assert "24 unidades orgánicas y 90 actividades; 47 cifras restituidas, guardadas como inferidas." in full
    assert "Verificaciones: 20 de 26 cuadran; 6 no cuadran" in full
    assert "✓ Fila TOTAL, META ANUAL: 7,040" in full
    assert "✗ Fila TOTAL, EJECUTADO ABR: esperado 573, hallado 571 (diferencia -2)" in full
    assert "Notas: 1 fila que no cuadra con sus trimestres, 47 cifras restituidas." in full
    assert full.count("• Línea") == 48
    telegram = report.to_text(max_chars=4096)
    assert len(telegram) <= 4096
    assert "✗ Fila TOTAL, EJECUTADO AGO: esperado 574, hallado 576 (diferencia +2)" in telegram
    assert "• Línea 86 · GERENCIA DE SERVICIOS AL ADMINISTRADO" in telegram
    assert "… y 42 más." in telegram
    tiny = report.to_text(max_chars=600)
    assert len(tiny) <= 600
    assert tiny.startswith("Se importó")


def test_report_json(report: ImportReport) -> None:
    data = report.to_json()
    assert data["already_imported"] is False
    assert data["units"] == 24
    assert data["activities"] == 90
    assert data["inferred_cells"] == 47
    assert data["plan"]["year"] == 2019
    assert data["plan"]["cutoff_month"] == 9
    assert data["plan"]["source_format"] == "report_text"
    assert data["source_kind"] == "report_text"
    assert data["checks"][0] == {
        "what": "Fila TOTAL, META ANUAL",
        "expected": 7040,
        "found": 7040,
        "ok": True,
    }
    assert set(data["notes"][0]) == {"line", "unit", "activity", "kind", "detail"}
    assert sum(note["kind"] == "inferred" for note in data["notes"]) == 47
