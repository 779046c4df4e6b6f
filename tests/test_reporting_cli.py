"""`poi-bot export ceplan` writes the month in CEPLAN's layout, which the importer reads back; importing
a published report afterwards lists every difference with the months reported in the bot."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session

from bot.cli import main
from bot.render.ceplan_xlsx import HEADER
from bot.services.questions import PoiService
from bot.services.reporting_items import to_report
from bot.services.uploads import import_upload
from storage import reporting as store
from storage.db import make_engine, migrate
from storage.importers import import_bytes, import_file
from storage.queries import current_plan, load_snapshot
from tests.conftest import SAMPLE_REPORT

RRHH = "GERENCIA DE RECURSOS HUMANOS"
RELACIONES = "GESTIONAR LAS RELACIONES HUMANAS Y SOCIALES"


def reported_october(engine: Engine) -> None:
    """RRHH's October entered (as programmed, one reason) and validated, as the chat would leave it."""
    with Session(engine) as session:
        plan = current_plan(session=session)
        assert plan is not None
        assert plan.id is not None
        snapshot = load_snapshot(session=session, plan_id=plan.id)
        items = [
            store.NewEntry(
                p.series.activity_id, p.series.activity, p.series.measure, p.programmed, p.estimated
            )
            for p in to_report(snapshot.series_of(RRHH), 10)
        ]
        report = store.start_report(session=session, plan=plan, month=10, unit=RRHH, owner=1, items=items)
        for entry in store.entries(session=session, report_id=report.id or 0):
            entry.answered, entry.executed, entry.entered_by = True, entry.programmed, 1
            if entry.activity == RELACIONES:
                entry.executed, entry.reason = 12.0, "Reprogramado para otro mes"
            session.add(entry)
        report.status, report.validated_by = store.VALIDATED, 2
        store.write_into_plan(session=session, report=report)
        session.commit()


@pytest.fixture
def reported(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'poi.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    import_file(engine, SAMPLE_REPORT, entity="SAT")
    reported_october(engine)
    engine.dispose()
    return url


def test_the_export_reads_back_identically(
    reported: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "octubre.xlsx"
    assert main(["export", "ceplan", "--month", "10", "--out", str(out), "--database-url", reported]) == 0
    assert f"Escrito «{out}»" in capsys.readouterr().out
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    assert sheet is not None
    assert sheet.title == "POI_Por_ActividadOperativaAnual"
    assert [cell.value for cell in sheet[1]] == list(HEADER)
    mine = make_engine(reported)
    reread = make_engine("sqlite://")
    migrate(reread)
    report = import_bytes(reread, out.read_bytes(), "DATA-POI SAT OCTUBRE 2019.xlsx", entity="SAT")
    assert (report.plan.year, report.plan.cutoff_month) == (2019, 10)
    snapshots = []
    for engine in (mine, reread):
        with Session(engine) as session:
            plan = current_plan(session=session)
            assert plan is not None
            assert plan.id is not None
            snapshots.append(load_snapshot(session=session, plan_id=plan.id))
    keys = (
        "unit",
        "activity",
        "measure",
        "annual_target",
        "programmed",
        "executed",
        "motives",
        "mef_category",
    )
    rows = [[tuple(getattr(s, key) for key in keys) for s in snap.series] for snap in snapshots]
    assert rows[0] == rows[1]
    relaciones = next(s for s in snapshots[1].series if s.activity == RELACIONES)
    assert (relaciones.executed[9], relaciones.motives[9]) == (12, "Reprogramado para otro mes")


def test_a_published_import_reports_every_difference(
    reported: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "DATA-POI SAT OCTUBRE 2019.xlsx"
    assert main(["export", "ceplan", "--month", "10", "--out", str(out), "--database-url", reported]) == 0
    book = load_workbook(out)
    sheet = book.active
    assert sheet is not None
    column = list(HEADER).index("F(SE) 10") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 7).value == RELACIONES)
    sheet.cell(row, column).value = 14  # the published figure differs from the one reported
    book.save(out)
    capsys.readouterr()
    assert main(["import", str(out), "--database-url", reported]) == 0
    printed = capsys.readouterr().out
    assert "Conciliación con lo reportado en el bot: 8 cifras comparadas, 1 diferencias." in printed
    assert f"• {RRHH} · {RELACIONES} · octubre: reportado en el bot 12, publicado 14." in printed


def test_export_needs_a_month_and_a_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert main(["export", "ceplan", "--month", "10", "--database-url", url]) == 2
    assert "Aún no hay un POI cargado" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "ceplan", "--month", "13", "--database-url", url])


def test_an_upload_in_the_chat_reconciles_too(reported: str, tmp_path: Path) -> None:
    out = tmp_path / "DATA-POI SAT OCTUBRE 2019.xlsx"
    assert main(["export", "ceplan", "--month", "10", "--out", str(out), "--database-url", reported]) == 0
    book = load_workbook(out)
    sheet = book.active
    assert sheet is not None
    column = list(HEADER).index("F(SE) 10") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 7).value == RELACIONES)
    sheet.cell(row, column).value = 14
    buffer = io.BytesIO()
    book.save(buffer)
    poi = PoiService(make_engine(reported))
    result = import_upload(poi, buffer.getvalue(), out.name, caption=None, entity="SAT", max_chars=4096, by=1)
    assert result.text.startswith("✅ Datos cargados")
    assert result.text.endswith(
        "Conciliación con lo reportado en el bot: 8 cifras comparadas, 1 diferencias.\n"
        f"• {RRHH} · {RELACIONES} · octubre: reportado en el bot 12, publicado 14."
    )
