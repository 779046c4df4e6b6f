"""The terminal surfaces: `poi-bot ask`, `chat`, `start` (what `make run` does) and `run`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.app import build_application
from bot.cli import main
from bot.config import SettingsError
from tests.bot_fixtures import bot_settings
from tests.conftest import SAMPLE_REPORT

FINANZAS = "GERENCIA DE FINANZAS"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A SQLite file in a clean working folder (no .env, no token in the environment)."""
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL", "ADMIN_IDS", "ACCESS_MODE"):
        monkeypatch.delenv(name, raising=False)
    return f"sqlite:///{tmp_path / 'poi.sqlite3'}"


def test_ask_answers_one_question_as_the_bot_would(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLE_REPORT), "--database-url", database]) == 0
    capsys.readouterr()
    assert main(["ask", "--database-url", database, "¿y la gerencia de finanzas?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"🟢 {FINANZAS}\nAvance al III trimestre (ene–sep): 100.0 % (verde)")


def test_ask_json_reads_one_question_per_line(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    main(["import", str(SAMPLE_REPORT), "--database-url", database])
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("rezagadas de rrhh\n\n¿cómo va administración?\n"))
    assert main(["ask", "--json", "--database-url", database]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    lagging, clarify = (json.loads(line) for line in lines)
    assert lagging["query"]["intent"] == "lagging"
    assert lagging["query"]["unit"] == "GERENCIA DE RECURSOS HUMANOS"
    assert lagging["rows"][0]["activity"] == "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL"
    assert clarify["query"]["unit"] is None
    assert {c["unit"] for c in clarify["candidates"]} == {
        "GERENCIA DE ADMINISTRACION",
        "GERENCIA CENTRAL DE ADMINISTRACION DE RECURSOS",
    }


def test_ask_json_keeps_a_conversation_per_chat(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    main(["import", str(SAMPLE_REPORT), "--database-url", database])
    capsys.readouterr()
    lines = [
        {"chat": "ana", "text": "rezagadas de rrhh"},
        {"chat": "luis", "text": "proyección de finanzas"},
        {"chat": "ana", "text": "¿y en el I trimestre?"},
        {"chat": 7, "text": "¿y en mayo?"},
        "¿y en mayo?",
        {"chat": "luis", "text": "¿y OCI?"},
        {"chat": "ana"},
        {"chat": "ana", "text": "   "},
    ]
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin + "\n"))
    assert main(["ask", "--json", "--database-url", database]) == 0
    ana, luis, ana_again, other, plain, luis_again, bad = (
        json.loads(line) for line in capsys.readouterr().out.splitlines()
    )
    assert ana["chat"] == "ana"
    assert ana["inherited"] == []
    assert ana_again["query"] == {
        "intent": "lagging",
        "unit": "GERENCIA DE RECURSOS HUMANOS",
        "activity": None,
        "period": {"kind": "quarter", "value": 1},
    }
    assert ana_again["inherited"] == ["unit", "intent"]
    assert ana_again["text"].startswith("↪️ Sigo con lo anterior: rezagadas · GERENCIA DE RECURSOS HUMANOS")
    assert other["chat"] == "7"
    assert other["kind"] == "summary"  # a chat with nothing before: the question on its own
    assert other["inherited"] == []
    assert "chat" not in plain
    assert plain["inherited"] == []
    assert luis["kind"] == "projection"
    assert luis_again["kind"] == "projection"
    assert luis_again["query"]["unit"] == "ORGANO DE CONTROL INSTITUCIONAL"
    assert luis_again["inherited"] == ["intent"]
    assert bad == {
        "error": "bad_line",
        "text": 'Cada línea JSON debe ser un objeto con "text" (texto) y, opcionalmente, "chat".',
    }


def test_chat_in_the_terminal_is_one_conversation(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    main(["import", str(SAMPLE_REPORT), "--database-url", database])
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("¿cómo va finanzas?\n¿y en mayo?\ngracias\n"))
    assert main(["chat", "--database-url", database]) == 0
    out = capsys.readouterr().out
    assert (
        "› ¿y en mayo?\n↪️ Sigo con lo anterior: avance · GERENCIA DE FINANZAS\n🟢 GERENCIA DE FINANZAS" in out
    )
    assert "› gracias\n¡De nada!" in out


def test_ask_without_a_plan_says_how_to_load_one(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--database-url", database, "resumen"]) == 0
    assert "Aún no hay un POI cargado" in capsys.readouterr().out


def test_start_without_a_token_loads_the_sample_and_answers_in_the_terminal(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("¿y la gerencia de finanzas?\n"))
    assert main(["start", "--database-url", database]) == 0
    captured = capsys.readouterr()
    assert "La base de datos estaba vacía: cargué el ejemplo incluido" in captured.err
    assert "Sin TELEGRAM_BOT_TOKEN: respondo aquí, en la terminal." in captured.err
    assert f"› ¿y la gerencia de finanzas?\n🟢 {FINANZAS}" in captured.out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["start", "--database-url", database]) == 0  # second time: the store is not empty
    assert "estaba vacía" not in capsys.readouterr().err


def test_run_without_a_token_names_the_setting(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--database-url", database]) == 1
    assert "TELEGRAM_BOT_TOKEN" in capsys.readouterr().err


def test_approval_mode_without_admins_is_refused_at_start_up() -> None:
    with pytest.raises(SettingsError, match="ADMIN_IDS"):
        build_application(bot_settings(access_mode="approval", admin_ids=(), telegram_bot_token="1:x"))
