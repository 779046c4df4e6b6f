"""Every command ends with one line on standard error and exit 1 when DATABASE_URL is malformed or
the database cannot be reached: no traceback, and never the URL (it may hold a password)."""

from __future__ import annotations

import io
import socket

import pytest

from bot.cli import main
from tests.conftest import SAMPLE_REPORT

COMMANDS = [
    ["ask", "¿cómo va finanzas?"],
    ["chat"],
    ["import", str(SAMPLE_REPORT)],
    ["schedule"],
    ["alerts", "preview", "--at", "2019-09-20 09:00"],
    ["export", "ceplan", "--month", "9"],
    ["run"],
    ["start"],
    ["serve"],
]


def _closed_port() -> int:
    """A local port nothing listens on (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("esto no es una url", "DATABASE_URL no es una URL de base de datos válida"),
        ("postgresql+psycopg://poi:s3creto@127.0.0.1:puerto/poi", "DATABASE_URL no es una URL"),
        ("nosuchdb://x", "DATABASE_URL no es una URL de base de datos válida"),
        ("postgresql+psycopg://poi:s3creto@127.0.0.1:{port}/poi", "No se pudo usar la base de datos"),
    ],
    ids=["malformed", "bad-port", "unknown-dialect", "unreachable"],
)
def test_a_bad_database_url_is_one_line_and_exit_1(
    command: list[str],
    url: str,
    says: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", url.format(port=_closed_port()))
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("ADMIN_IDS", "1")
    monkeypatch.setenv("WEBHOOK_SECRET", "un-secreto-de-prueba-largo")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(command) == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(says)
    assert "Traceback" not in err
    assert "s3creto" not in err
