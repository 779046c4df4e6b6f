"""`poi-bot serve` itself: its settings, setWebhook at start-up, uvicorn on a port, and the logs."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from telegram.ext import ApplicationBuilder

from bot.app import build_application
from bot.cli import main, serve
from bot.cli.serve import uvicorn_server
from bot.config import Settings
from bot.context import BotApplication
from bot.web.logs import configure_logging
from tests.bot_fixtures import MANAGER
from tests.telegram_fake import FakeTransport
from tests.telegram_harness import make_builder
from tests.web_helpers import SECRET, WebFactory

pytest_plugins = ["tests.web_fixtures"]

TOKEN = "123456:TEST-token"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A working folder without .env and a token in the environment, nothing else set."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    for name in ("WEBHOOK_SECRET", "WEBHOOK_URL", "WEBHOOK_PATH", "LOG_FORMAT", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def root_logging() -> Iterator[None]:
    """Puts the root logger back as it was after a test that configures logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_serve_help_names_the_webhook_health_and_metrics(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: poi-bot serve" in out
    assert "WEBHOOK_SECRET" in out
    assert "/healthz y /metrics" in out
    assert "--port" in out


def test_serve_refuses_to_start_without_a_webhook_secret(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--database-url", "sqlite://"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "Configuración no válida:",
        "WEBHOOK_SECRET: hace falta para `serve`",
    ]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WEBHOOK_SECRET", "corto"),
        ("WEBHOOK_SECRET", "tiene espacios y es bastante largo"),
        ("WEBHOOK_URL", "http://sin-https.example.org/telegram"),
        ("WEBHOOK_PATH", "telegram"),
        ("LOG_FORMAT", "xml"),
    ],
)
def test_serve_names_a_malformed_setting_and_exits_1(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str
) -> None:
    clean_env.setenv("WEBHOOK_SECRET", SECRET)
    clean_env.setenv(name, value)
    assert main(["serve", "--database-url", "sqlite://"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Configuración no válida:\n")
    assert f"\n{name}: " in err


async def test_set_webhook_at_start_up_follows_the_bot_api_spec(make_web: WebFactory) -> None:
    async with make_web(webhook_url="https://poi.example.org/telegram") as web:
        pass
    # The fake transport checked the call against the Bot API spec (a violation fails the test).
    (call,) = web.transport.calls_to("setWebhook")
    assert call.ok
    assert call.params == {
        "url": "https://poi.example.org/telegram",
        "secret_token": SECRET,
        "allowed_updates": ["message", "callback_query", "inline_query"],
    }


async def test_a_webhook_url_on_another_path_is_set_with_a_warning(
    make_web: WebFactory, caplog: pytest.LogCaptureFixture
) -> None:
    async with make_web(webhook_url="https://poi.example.org/bot/hook") as web:
        pass
    (call,) = web.transport.calls_to("setWebhook")
    assert call.params["url"] == "https://poi.example.org/bot/hook"
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "WEBHOOK_URL's path is not WEBHOOK_PATH (/telegram)" in warned


async def test_no_webhook_is_set_without_webhook_url(make_web: WebFactory) -> None:
    async with make_web() as web:
        pass
    assert web.transport.calls_to("setWebhook") == []
    assert web.transport.calls_to("setMyCommands")  # post_init ran: the command menu is set


def test_serve_exits_1_when_telegram_refuses_the_token(
    clean_env: pytest.MonkeyPatch,
    fake_transport: FakeTransport,
    root_logging: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The server starts, the application's getMe is refused (401), uvicorn gives up: exit code 1."""
    refused = ApplicationBuilder().token("999:not-the-token").request(fake_transport)

    def build(settings: Settings) -> BotApplication:
        return build_application(settings, builder=refused.get_updates_request(fake_transport))

    clean_env.setattr(serve, "build_application", build)
    clean_env.setenv("WEBHOOK_SECRET", SECRET)
    clean_env.setenv("SERVE_PORT", str(free_port()))
    clean_env.setenv("ACCESS_MODE", "open")
    assert main(["serve", "--database-url", "sqlite://"]) == 1
    err = capsys.readouterr().err
    assert err.endswith(serve.NOT_STARTED + "\n")
    assert "InvalidToken" in err  # uvicorn logged why, through our log handler


def test_serve_exits_1_when_its_port_is_taken(
    clean_env: pytest.MonkeyPatch,
    fake_transport: FakeTransport,
    root_logging: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def build(settings: Settings) -> BotApplication:
        return build_application(settings, builder=make_builder(fake_transport))

    clean_env.setattr(serve, "build_application", build)
    clean_env.setenv("WEBHOOK_SECRET", SECRET)
    clean_env.setenv("ACCESS_MODE", "open")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--database-url", "sqlite://", "--port", str(port)]) == 1
    assert capsys.readouterr().err.endswith(serve.NOT_STARTED + "\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_uvicorn_serves_the_webhook_and_health_on_a_local_port(make_web: WebFactory) -> None:
    web = make_web()
    settings = web.application.bot_data.services.settings.model_copy(
        update={"serve_host": "127.0.0.1", "serve_port": free_port()}
    )
    server = uvicorn_server(web.app, settings)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{settings.serve_port}"
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        with httpx.Client(base_url=base) as client:
            assert client.get("/healthz").status_code == 200
            update = web.question("¿cómo va rrhh?", MANAGER)
            assert client.post("/telegram", json=update).status_code == 403
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            assert client.post("/telegram", json=update, headers=headers).status_code == 200
    finally:
        server.should_exit = True
        thread.join(30)
    assert not thread.is_alive()
    (text,) = web.texts(MANAGER.id)
    assert "84.2 %" in text


async def test_json_logs_carry_the_update_id_chat_intent_and_latency(
    make_web: WebFactory, root_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("json")
    async with make_web(webhook_url="https://poi.example.org/telegram") as web:
        update = web.question("rezagadas de rrhh", MANAGER)
        assert await web.post(update) == 200
        await web.wait_for_replies(1)
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]  # every line is JSON
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    (handled,) = [line for line in lines if line["logger"] == "bot.updates"]
    assert handled["level"] == "INFO"
    assert handled["update_id"] == update["update_id"]
    assert handled["chat_id"] == MANAGER.id
    assert handled["intent"] == "lagging"
    assert isinstance(handled["latency_ms"], float)
    assert handled["latency_ms"] > 0
    assert handled["message"].startswith(f"update {update['update_id']} chat {MANAGER.id} intent lagging")
    assert any(line["message"] == "webhook set to https://poi.example.org/telegram" for line in lines)


def test_a_json_log_line_carries_the_traceback_of_an_exception(
    root_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("json")
    try:
        raise ValueError("dato roto")
    except ValueError:
        logging.getLogger("handlers.errors").exception("error handling update %s", 7)
    (line,) = [json.loads(text) for text in capsys.readouterr().err.splitlines()]
    assert (line["level"], line["logger"], line["message"]) == (
        "ERROR",
        "handlers.errors",
        "error handling update 7",
    )
    assert "ValueError: dato roto" in line["exception"]


async def test_text_logs_are_one_readable_line_per_update(
    make_web: WebFactory, root_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("text")
    async with make_web() as web:
        update = web.question("¿cómo va finanzas?", MANAGER)
        assert await web.post(update) == 200
        await web.wait_for_replies(1)
    (line,) = [line for line in capsys.readouterr().err.splitlines() if " bot.updates: " in line]
    assert (
        f"INFO bot.updates: update {update['update_id']} chat {MANAGER.id} intent unit_progress handled in"
        in line
    )
    assert line.endswith(" ms")
