"""`poi-bot schedule` and `poi-bot alerts preview`: what comes, when (local time) and to whom."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session

from bot.cli import main
from bot.pushes.views import UPDATE_WHEN
from storage.db import create_tables, make_engine
from storage.importers import import_file
from storage.models import User
from storage.subscriptions import subscribe
from tests.conftest import SAMPLE_REPORT

RRHH = "GERENCIA DE RECURSOS HUMANOS"
FINANZAS = "GERENCIA DE FINANZAS"
WORST = "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL"
NOW = "con mensaje, con los datos actuales"


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store with the sample and three subscribers: RRHH, FINANZAS and every unit."""
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    found = f"sqlite:///{tmp_path / 'poi.sqlite3'}"
    engine = make_engine(found)
    create_tables(engine)
    import_file(engine, SAMPLE_REPORT, entity="SAT")
    with Session(engine) as session:
        for chat, name, username in (
            (1, "Mario Gerente", "mario"),
            (2, "Fina Tesorera", ""),
            (3, "Ana", "ana"),
        ):
            session.add(User(telegram_id=chat, chat_id=chat, status="approved", name=name, username=username))
        session.commit()
        for chat, scope in ((1, RRHH), (2, FINANZAS), (3, "*")):
            subscribe(session=session, chat_id=chat, telegram_id=chat, scope=scope)
    engine.dispose()
    return found


def test_schedule_lists_the_next_push_of_each_kind(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--at", "2019-09-01 10:00", "--database-url", url]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Próximos avisos (hora de America/Lima):",
        "• alerta de fin de trimestre · III trimestre de 2019 [quarter_alert:2019-Q3]",
        f"  viernes 20 de septiembre de 2019, 09:00 · 3 destinatarios (2 {NOW})",
        "• recordatorio mensual · septiembre de 2019 [reminder:2019-09]",
        f"  martes 1 de octubre de 2019, 09:00 · 3 destinatarios (3 {NOW})",
        "• resumen de cierre de trimestre · III trimestre de 2019 [quarter_summary:2019-Q3]",
        f"  sábado 5 de octubre de 2019, 09:00 · 3 destinatarios (3 {NOW})",
        f"• aviso de actualización de datos: {UPDATE_WHEN} · 3 destinatarios",
    ]


def test_schedule_as_json(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--json", "--at", "2019-09-20 08:00", "--database-url", url]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["timezone"] == "America/Lima"
    pushes = document["pushes"]
    assert [(p["job_id"], p["fires_at"], p["recipients"], p["with_message"]) for p in pushes] == [
        ("quarter_alert:2019-Q3", "2019-09-20T09:00:00-05:00", 3, 2),
        ("reminder:2019-09", "2019-10-01T09:00:00-05:00", 3, 3),
        ("quarter_summary:2019-Q3", "2019-10-05T09:00:00-05:00", 3, 3),
    ]
    assert document["data_update"]["recipients"] == 3


def test_preview_shows_what_would_be_sent_and_to_whom(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["alerts", "preview", "--at", "2019-09-20 09:00", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "== alerta de fin de trimestre · III trimestre de 2019 · viernes 20 de septiembre de 2019, 09:00\n"
        "3 destinatarios, 2 con mensaje.\n"
    )
    assert f"→ Mario Gerente (@mario) · chat 1 · {RRHH}\n⚠️ El III trimestre de 2019 cierra" in out
    assert f"🔴 {WORST} — 0 de 2 DOCUMENTOS (0.0 %) · faltan 2" in out
    assert (
        f"→ Fina Tesorera · chat 2 · {FINANZAS}\n"
        "(no se envía nada: con los datos actuales no hay actividades rezagadas en el III trimestre)"
    ) in out
    assert "→ Ana (@ana) · chat 3 · todas las unidades (versión institucional)" in out


def test_preview_as_json_and_of_a_quiet_moment(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["alerts", "preview", "--json", "--at", "2020-01-01T09:00", "--database-url", url]) == 0
    (push,) = json.loads(capsys.readouterr().out)["pushes"]
    assert (push["job_id"], push["period"]) == ("reminder:2019-12", "diciembre de 2019")
    assert [delivery["chat_id"] for delivery in push["deliveries"]] == [1, 2, 3]
    assert push["deliveries"][0]["text"].startswith("📝 <b>Registra la ejecución de diciembre de 2019</b>")
    assert main(["alerts", "preview", "--at", "2019-09-20 10:00", "--database-url", url]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Ningún aviso programado para el viernes 20 de septiembre de 2019, 10:00.",
        "El siguiente: recordatorio mensual · septiembre de 2019, martes 1 de octubre de 2019, 09:00.",
    ]


def test_a_time_that_cannot_be_read_is_refused(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["alerts", "preview", "--at", "20/09/2019", "--database-url", url]) == 2
    assert "--at: no entiendo «20/09/2019»" in capsys.readouterr().err
