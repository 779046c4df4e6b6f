"""`poi-bot import`: exit codes, the human report, the JSON shape, defaults from the settings."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import SAMPLE_REPORT


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'poi.sqlite3'}"


def test_import_prints_the_report_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLE_REPORT), "--database-url", _url(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Se importó «poi-2019-iii-trimestre.txt» (reporte publicado, en texto).")
    assert "24 unidades orgánicas y 90 actividades; 47 cifras restituidas" in out
    assert main(["import", str(SAMPLE_REPORT), "--database-url", _url(tmp_path)]) == 0
    assert "ya estaba importado" in capsys.readouterr().out


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["import", str(SAMPLE_REPORT), "--database-url", _url(tmp_path), "--json", "--entity", "SAT Lima"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"plan", "units", "activities", "checks", "notes", "already_imported"} <= set(data)
    assert (data["units"], data["activities"], data["already_imported"]) == (24, 90, False)
    assert data["plan"]["entity"] == "SAT Lima"
    assert data["plan"]["is_current"] is True
    assert set(data["checks"][0]) == {"what", "expected", "found", "ok"}
    assert set(data["notes"][0]) == {"line", "unit", "activity", "kind", "detail"}


def test_refused_file_exits_2_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "malo.txt"
    bad.write_bytes(SAMPLE_REPORT.read_bytes().replace(b"\t79\t", b"\t-79\t"))
    assert main(["import", str(bad), "--database-url", _url(tmp_path), "--json"]) == 2
    captured = capsys.readouterr()
    assert "No se importó" in captured.err
    assert "La base de datos quedó como estaba." in captured.err
    assert "Línea 10, columna 5 (META ANUAL): la cifra -79 es negativa" in captured.err
    refused = json.loads(captured.out)
    assert (refused["refused"], refused["line"], refused["column"]) == (True, 10, 5)


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "no-existe.txt"), "--database-url", _url(tmp_path)]) == 2
    assert "No se pudo leer el archivo" in capsys.readouterr().err


def test_defaults_come_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("DATABASE_URL", _url(tmp_path))
    monkeypatch.setenv("ENTITY_NAME", "SAT Piura")
    assert main(["import", str(SAMPLE_REPORT)]) == 0
    assert "Entidad SAT Piura · año 2019" in capsys.readouterr().out
    assert (tmp_path / "poi.sqlite3").exists()


def test_unusable_settings_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TIMEZONE", "Marte/Olimpo")
    assert main(["import", str(SAMPLE_REPORT)]) == 1
    assert "TIMEZONE" in capsys.readouterr().err


def test_reads_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SAMPLE_REPORT.read_bytes())))
    assert main(["import", "-", "--database-url", _url(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("Se importó «entrada estándar» (reporte publicado, en texto).")


def test_the_import_limits_are_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IMPORT_MAX_ROWS", "50")
    assert main(["import", str(SAMPLE_REPORT), "--database-url", _url(tmp_path)]) == 2
    assert "El archivo tiene 90 actividades; el máximo es 50." in capsys.readouterr().err
    monkeypatch.setenv("IMPORT_MAX_ROWS", "90")
    monkeypatch.setenv("IMPORT_MAX_BYTES", "2048")
    assert main(["import", str(SAMPLE_REPORT), "--database-url", _url(tmp_path)]) == 2
    assert "el máximo es 2,048 (0 MiB)" in capsys.readouterr().err
    monkeypatch.setenv("IMPORT_MAX_BYTES", str(1024 * 1024))
    assert main(["import", str(SAMPLE_REPORT), "--database-url", _url(tmp_path)]) == 0
