"""`poi-bot ask` and `poi-bot chat`: the question engine at a terminal or for other programs."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.failures import guarded
from bot.cli.terminal import answer_line, ask_many, chat
from bot.config import Settings, SettingsError, load_settings
from bot.services.questions import PoiService
from storage.db import make_engine, migrate

EXIT_FAILED = 1


def add_parser(commands: Any) -> None:
    """Registers the `ask` and `chat` subcommands."""
    ask = commands.add_parser(
        "ask",
        help="responde una pregunta (o una por línea de la entrada estándar)",
        description=(
            "Responde sobre el plan vigente tal como lo haría el bot. Sin pregunta, lee una por línea de "
            "la entrada estándar. Con --json, un objeto JSON por respuesta (contrato estable: ver README)."
        ),
    )
    ask.add_argument("question", nargs="?", metavar="PREGUNTA", help="por ejemplo: «¿cómo va finanzas?»")
    ask.add_argument("--json", action="store_true", help="un objeto JSON por línea")
    ask.add_argument("--database-url", help="URL de SQLAlchemy (por defecto DATABASE_URL)")
    ask.set_defaults(handler=guarded(run_ask))
    talk = commands.add_parser("chat", help="conversa con el bot en la terminal")
    talk.add_argument("--database-url", help="URL de SQLAlchemy (por defecto DATABASE_URL)")
    talk.set_defaults(handler=guarded(run_chat))


def service_for(args: argparse.Namespace) -> tuple[Settings, PoiService] | None:
    """Settings and the question engine for a command, or None after printing why not."""
    try:
        settings = load_settings(**({"database_url": args.database_url} if args.database_url else {}))
        engine = make_engine(settings.database_url, settings.engine_timeouts)
        migrate(engine)
    except SettingsError as exc:  # database problems: one line, from bot.cli.failures.guarded
        print(exc, file=sys.stderr)
        return None
    return settings, PoiService(engine, settings.bands, context_seconds=settings.context_seconds)


def run_ask(args: argparse.Namespace) -> int:
    """Answers the question given, or each line of standard input."""
    loaded = service_for(args)
    if loaded is None:
        return EXIT_FAILED
    _, service = loaded
    if args.question is not None:
        print(answer_line(service, args.question, as_json=args.json))
    else:
        ask_many(service, sys.stdin, sys.stdout, as_json=args.json)
    service.engine.dispose()
    return 0


def run_chat(args: argparse.Namespace) -> int:
    """Talks with a person at the terminal until end of input."""
    loaded = service_for(args)
    if loaded is None:
        return EXIT_FAILED
    _, service = loaded
    chat(service, sys.stdin, sys.stdout)
    service.engine.dispose()
    return 0
