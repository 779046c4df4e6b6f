"""`poi-bot serve`: the bot in production, by webhook, with /healthz and /metrics, under uvicorn."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import uvicorn
from starlette.applications import Starlette

from bot.app import build_application
from bot.cli.failures import guarded
from bot.config import Settings, SettingsError, load_settings
from bot.web.logs import configure_logging
from bot.web.service import service_app

EXIT_FAILED = 1
NOT_STARTED = (
    "El servidor no pudo iniciar (ver el registro anterior): revisa TELEGRAM_BOT_TOKEN, DATABASE_URL, "
    "WEBHOOK_URL y que el puerto esté libre."
)


def add_parser(commands: Any) -> None:
    """Registers the `serve` subcommand."""
    serve = commands.add_parser(
        "serve",
        help="ejecuta el bot en producción: webhook de Telegram, /healthz y /metrics (uvicorn)",
        description=(
            "Recibe las actualizaciones de Telegram por webhook (WEBHOOK_PATH, con WEBHOOK_SECRET) y "
            "sirve /healthz y /metrics. Con WEBHOOK_URL registra el webhook en Telegram al iniciar."
        ),
    )
    serve.add_argument("--database-url", help="URL de SQLAlchemy (por defecto DATABASE_URL)")
    serve.add_argument("--host", help="dirección en la que escucha (por defecto SERVE_HOST)")
    serve.add_argument("--port", type=int, help="puerto en el que escucha (por defecto SERVE_PORT)")
    serve.set_defaults(handler=guarded(serve_bot))


def _settings(args: argparse.Namespace) -> Settings | None:
    overrides = {
        name: value
        for name, value in (
            ("database_url", args.database_url),
            ("serve_host", args.host),
            ("serve_port", args.port),
        )
        if value is not None
    }
    try:
        settings = load_settings(**overrides)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return None
    missing = [
        name
        for name, value in (
            ("TELEGRAM_BOT_TOKEN", settings.telegram_bot_token),
            ("WEBHOOK_SECRET", settings.webhook_secret),
        )
        if value is None
    ]
    if missing:
        print(f"Configuración no válida:\n{', '.join(missing)}: hace falta para `serve`", file=sys.stderr)
        return None
    return settings


def uvicorn_server(app: Starlette, settings: Settings) -> uvicorn.Server:
    """The uvicorn server `serve` runs: SERVE_HOST:SERVE_PORT, our logging, no access log."""
    config = uvicorn.Config(
        app,
        host=settings.serve_host,
        port=settings.serve_port,
        lifespan="on",
        log_config=None,  # uvicorn's records go through the handler configure_logging set
        access_log=False,  # every update is logged once by bot.updates; health probes are not
        proxy_headers=True,  # the reverse proxy's X-Forwarded-For in uvicorn's own messages
    )
    return uvicorn.Server(config)


def serve_bot(args: argparse.Namespace) -> int:
    """Runs the webhook server until interrupted; 1 when the settings or the start-up fail."""
    settings = _settings(args)
    if settings is None:
        return EXIT_FAILED
    configure_logging(settings.log_format)
    try:
        app = service_app(build_application(settings))
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    server = uvicorn_server(app, settings)
    try:
        server.run()
    except SystemExit:  # uvicorn's way out when the start-up or the port fails; it logged why
        print(NOT_STARTED, file=sys.stderr)
        return EXIT_FAILED
    return 0
