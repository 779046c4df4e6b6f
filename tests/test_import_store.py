"""Encodings, re-imports and the current plan: what the store keeps when files come and go."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from storage.importers import import_bytes
from storage.models import Plan
from storage.queries import current_plan
from tests.import_helpers import SEED, SEED_NAME, dump, figures_of, report_text, snapshot

SECOND_QUARTER_TITLE = "PLAN OPERATIVO INSTITUCIONAL 2019 - EJECUCIÓN AL II TRIMESTRE"


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(b"\xef\xbb\xbf" + SEED, id="utf-8 with BOM"),
        pytest.param(SEED.decode("utf-8").encode("cp1252"), id="cp1252"),
        pytest.param(SEED.replace(b"\n", b"\r\n"), id="crlf"),
    ],
)
def test_every_encoding_reads_the_same_names_and_figures(engine: Engine, encoded: bytes) -> None:
    reference = import_bytes(engine, SEED, SEED_NAME, entity="SAT")
    expected = figures_of(snapshot(engine, reference.plan.id))
    report = import_bytes(engine, encoded, "copia.txt", entity="SAT")
    assert report.plan.title == "PLAN OPERATIVO INSTITUCIONAL 2019 - EJECUCIÓN AL III TRIMESTRE"
    assert (report.units, report.activities, report.inferred_cells) == (24, 90, 47)
    assert figures_of(snapshot(engine, report.plan.id)) == expected
    assert "GESTIÓN ADMINISTRATIVA" in {row[3] for row in expected}


def test_the_same_file_again_changes_nothing(engine: Engine) -> None:
    first = import_bytes(engine, SEED, SEED_NAME, entity="SAT")
    before = dump(engine)
    again = import_bytes(engine, SEED, "otro-nombre.txt", entity="SAT")
    assert dump(engine) == before
    assert again.already_imported
    assert again.plan.id == first.plan.id
    assert again.to_json()["already_imported"] is True
    assert again.plan.source_name == SEED_NAME
    assert again.to_text().startswith(f"«{SEED_NAME}» ya estaba importado (plan n.º {first.plan.id}, el ")
    assert "no se cambió nada." in again.to_text().splitlines()[0]
    assert (again.units, again.activities, len(again.checks), len(again.notes)) == (24, 90, 26, 48)


def _second_quarter(engine: Engine) -> bytes:
    """The seed cut at June, as the planning office would have published it in July."""
    seed = import_bytes(engine, SEED, SEED_NAME, entity="SAT")
    return report_text(snapshot(engine, seed.plan.id).series, SECOND_QUARTER_TITLE, months=6)


def test_a_later_cutoff_becomes_current_and_the_earlier_is_kept(engine: Engine) -> None:
    june = _second_quarter(engine)
    with Session(engine) as session:  # start over with only the June report
        for plan in session.exec(select(Plan)):
            session.delete(plan)
        session.commit()
    earlier = import_bytes(engine, june, "poi-2019-ii-trimestre.txt", entity="SAT")
    assert (earlier.plan.cutoff_month, earlier.plan.is_current, earlier.units) == (6, True, 24)
    assert earlier.inferred_cells == 0
    assert not earlier.failed_checks
    later = import_bytes(engine, SEED, SEED_NAME, entity="SAT")
    assert (later.plan.cutoff_month, later.plan.is_current) == (9, True)
    with Session(engine) as session:
        plans = session.exec(select(Plan).order_by(col(Plan.id))).all()
        assert [(p.cutoff_month, p.is_current) for p in plans] == [(6, False), (9, True)]
        current = current_plan(session=session)
        assert current is not None
        assert current.id == later.plan.id


def test_an_earlier_cutoff_imported_later_is_kept_but_not_current(engine: Engine) -> None:
    june = _second_quarter(engine)
    report = import_bytes(engine, june, "poi-2019-ii-trimestre.txt", entity="SAT")
    assert not report.plan.is_current
    assert report.current is not None
    assert report.current.cutoff_month == 9
    assert "No es el plan vigente: el vigente es el n.º 1 (2019, datos hasta septiembre)" in report.to_text()
    assert report.to_json()["current_plan"]["cutoff_month"] == 9
    june_plan = snapshot(engine, report.plan.id)
    assert june_plan.cutoff_month == 6
    assert all(s.executed[6:] == (None,) * 6 for s in june_plan.series)
    with Session(engine) as session:
        assert [p.is_current for p in session.exec(select(Plan).order_by(col(Plan.id)))] == [True, False]


def test_a_new_year_outranks_a_later_month_of_the_previous_year(engine: Engine) -> None:
    import_bytes(engine, SEED, SEED_NAME, entity="SAT")
    rows = SEED.decode("utf-8").replace(
        "INSTITUCIONAL 2019 - EJECUCIÓN AL III", "INSTITUCIONAL 2020 - EJECUCIÓN AL III"
    )
    next_year = import_bytes(engine, rows.encode("utf-8"), "poi-2020.txt", entity="SAT")
    assert (next_year.plan.year, next_year.plan.is_current) == (2020, True)
