"""Hostile files through the two doors: `poi-bot import` (exit 2, the reason in Spanish, never a
traceback; standard input read only up to the limit) and a document sent to the bot in Telegram."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.cli import main
from storage.importers import MAX_BYTES
from tests import hostile_files as hostile
from tests.bot_fixtures import ADMIN, BotFactory
from tests.import_helpers import dump
from tests.telegram_harness import BotHarness

MIB = 1024 * 1024
FILES: dict[str, tuple[Callable[[], bytes], str]] = {
    "huge shared string": (
        lambda: hostile.huge_shared_string(40 * MIB),
        "El texto compartido nº 1 de xl/sharedStrings.xml tiene más de 32,767 caracteres, el máximo de "
        "Excel para una celda.",
    ),
    "entry count": (
        lambda: hostile.many_entries(1_200),
        "El archivo Excel (ZIP) tiene 1,209 partes; un libro tiene a lo más 1,000.",
    ),
    "bad row number": (
        lambda: hostile.edit_sheet(hostile.template_xlsx(), b'<row r="3">', b'<row r="-3">'),
        "Hoja «POI»: el número de fila «-3» de xl/worksheets/sheet1.xml no es válido.",
    ),
}


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'poi.sqlite3'}"


@pytest.mark.parametrize("case", list(FILES))
def test_a_hostile_workbook_exits_2_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    build, reason = FILES[case]
    path = tmp_path / "hostil.xlsx"
    path.write_bytes(build())
    assert main(["import", str(path), "--database-url", _url(tmp_path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"No se importó «{path}».",
        reason,
        "La base de datos quedó como estaba.",
    ]
    assert json.loads(captured.out)["reason"] == reason


def test_standard_input_is_read_only_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    endless = io.BytesIO(b"x" * (3 * MAX_BYTES))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(endless))
    assert main(["import", "-", "--database-url", _url(tmp_path)]) == 2
    assert f"El archivo pesa {MAX_BYTES + 1:,} bytes; el máximo es" in capsys.readouterr().err
    assert endless.tell() == MAX_BYTES + 1


@pytest.fixture
async def bot(make_bot: BotFactory) -> BotHarness:
    harness = await make_bot(access_mode="approval")
    harness.user = ADMIN
    return harness


async def test_a_hostile_upload_is_answered_with_the_reason(bot: BotHarness) -> None:
    engine: Engine = bot.application.bot_data.services.engine
    await bot.send("/start")  # the admin is known before the store is compared
    while bot.messages:
        bot.pop_message()
    before = dump(engine)
    build, reason = FILES["huge shared string"]
    await bot.upload("DATA-POI 2024.xlsx", build())
    assert bot.pop_message().text == (
        f"❌ No se importó «DATA-POI 2024.xlsx».\n{reason}\nLos datos quedaron como estaban."
    )
    assert dump(engine) == before
    await bot.upload("plantilla.xlsx", hostile.stale_dimension(10))
    assert "10 actividades" in bot.pop_message().text
