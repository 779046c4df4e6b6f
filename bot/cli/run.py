"""`poi-bot run` (Telegram, long polling) and `poi-bot start` (what `make run` does)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlmodel import Session
from telegram.error import InvalidToken, NetworkError

from bot.app import ALLOWED_UPDATES, build_application
from bot.cli.failures import guarded
from bot.cli.terminal import chat
from bot.config import Settings, SettingsError, load_settings
from bot.services.questions import PoiService
from bot.web.logs import configure_logging
from storage.db import make_engine, migrate
from storage.importers import ImportRefused, import_file
from storage.queries import current_plan

EXIT_FAILED = 1
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "poi-2019-iii-trimestre.txt"


def add_parser(commands: Any) -> None:
    """Registers the `run` and `start` subcommands."""
    run = commands.add_parser("run", help="ejecuta el bot de Telegram (long polling)")
    run.add_argument("--database-url", help="URL de SQLAlchemy (por defecto DATABASE_URL)")
    run.set_defaults(handler=guarded(run_bot))
    start = commands.add_parser(
        "start",
        help="carga el ejemplo si la base está vacía y ejecuta el bot (o la terminal, sin token)",
    )
    start.add_argument("--database-url", help="URL de SQLAlchemy (por defecto DATABASE_URL)")
    start.set_defaults(handler=guarded(run_start))


def _settings(args: argparse.Namespace) -> Settings | None:
    try:
        return load_settings(**({"database_url": args.database_url} if args.database_url else {}))
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return None


def run_bot(args: argparse.Namespace) -> int:
    """Runs the Telegram bot with long polling until interrupted."""
    settings = _settings(args)
    if settings is None:
        return EXIT_FAILED
    configure_logging(settings.log_format)  # httpx's line per poll is kept quiet
    try:
        application = build_application(settings)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    try:
        application.run_polling(allowed_updates=list(ALLOWED_UPDATES))
    except InvalidToken:
        print("Telegram rechazó TELEGRAM_BOT_TOKEN: revisa el token que te dio @BotFather.", file=sys.stderr)
        return EXIT_FAILED
    except NetworkError as exc:
        print(
            f"No se pudo conectar con Telegram ({exc.message}). Revisa la red y vuelve a intentar.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return 0


def ensure_sample(settings: Settings) -> None:
    """Loads the bundled sample when the store has no plan yet, and says so."""
    engine = make_engine(settings.database_url, settings.engine_timeouts)
    try:
        migrate(engine)
        with Session(engine) as session:
            if current_plan(session=session) is not None:
                return
        try:
            report = import_file(engine, SAMPLE, entity=settings.entity_name)
        except (ImportRefused, OSError) as exc:
            print(f"No se pudo cargar el ejemplo incluido: {exc}", file=sys.stderr)
            return
        print(
            f"La base de datos estaba vacía: cargué el ejemplo incluido ({SAMPLE.name}): "
            f"{report.units} unidades, {report.activities} actividades.",
            file=sys.stderr,
        )
    finally:
        engine.dispose()


def run_start(args: argparse.Namespace) -> int:
    """Loads the sample if needed, then runs the bot, or the terminal chat without a token."""
    settings = _settings(args)
    if settings is None:
        return EXIT_FAILED
    ensure_sample(settings)
    if settings.telegram_bot_token is not None:
        return run_bot(args)
    print("Sin TELEGRAM_BOT_TOKEN: respondo aquí, en la terminal.", file=sys.stderr)
    engine = make_engine(settings.database_url, settings.engine_timeouts)
    chat(PoiService(engine, settings.bands, context_seconds=settings.context_seconds), sys.stdin, sys.stdout)
    engine.dispose()
    return 0
