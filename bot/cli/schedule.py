"""`poi-bot schedule` (the next push of each kind, to how many) and `poi-bot alerts preview` (what a
moment would send, and to whom). Both read the store and send nothing; times are local (TIMEZONE)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from bot.cli.failures import guarded
from bot.config import Settings, SettingsError, load_settings
from bot.pushes.calendar import KIND_LABELS, PushKind, Schedule, format_when
from bot.pushes.outlook import Preview, Upcoming, next_occurrences, preview, upcoming
from bot.pushes.views import UPDATE_WHEN, scope_name
from bot.render.textsplit import html_to_plain
from storage.db import make_engine, migrate
from storage.subscriptions import active_recipients

EXIT_FAILED, EXIT_REFUSED = 1, 2
FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")


def add_parser(commands: Any) -> None:
    """Registers the `schedule` and `alerts preview` subcommands."""
    schedule = commands.add_parser(
        "schedule", help="lista los próximos avisos programados: tipo, destinatarios y hora local"
    )
    schedule.add_argument("--json", action="store_true", help="imprime la lista en JSON")
    schedule.add_argument("--at", metavar="'AAAA-MM-DD HH:MM'", help="desde ese momento (por defecto, ahora)")
    schedule.add_argument("--database-url", help="URL de SQLAlchemy (por defecto DATABASE_URL)")
    schedule.set_defaults(handler=guarded(run_schedule))
    alerts = commands.add_parser("alerts", help="avisos programados: vista previa sin enviar")
    actions = alerts.add_subparsers(dest="alerts_command", required=True, metavar="ACCIÓN")
    look = actions.add_parser(
        "preview",
        help="muestra qué se enviaría en un momento (hora local) y a quién, sin enviar nada",
        description="Muestra los avisos que se enviarían en ese minuto, a quién y con qué texto. "
        "No envía nada.",
    )
    look.add_argument("--at", required=True, metavar="'AAAA-MM-DD HH:MM'", help="momento en hora local")
    look.add_argument("--json", action="store_true", help="imprime la vista previa en JSON")
    look.add_argument("--database-url", help="URL de SQLAlchemy (por defecto DATABASE_URL)")
    look.set_defaults(handler=guarded(run_preview))


def parse_local(text: str, settings: Settings) -> datetime | None:
    """A local wall-clock time ("2019-09-20 09:00") as an aware instant in TIMEZONE."""
    for layout in FORMATS:
        try:
            return datetime.strptime(text.strip(), layout).replace(tzinfo=settings.tz)
        except ValueError:
            continue
    return None


def _open(args: argparse.Namespace) -> tuple[Settings, Engine] | None:
    try:
        settings = load_settings(**({"database_url": args.database_url} if args.database_url else {}))
        engine = make_engine(settings.database_url, settings.engine_timeouts)
        migrate(engine)
    except SettingsError as exc:  # database problems: one line, from bot.cli.failures.guarded
        print(exc, file=sys.stderr)
        return None
    return settings, engine


def _moment(args: argparse.Namespace, settings: Settings) -> datetime | None:
    if args.at is None:
        return datetime.now(settings.tz)
    found = parse_local(args.at, settings)
    if found is None:
        print(
            f"--at: no entiendo «{args.at}»; escribe la hora local así: «2019-09-20 09:00» "
            f"({settings.timezone}).",
            file=sys.stderr,
        )
    return found


def _upcoming_json(item: Upcoming, settings: Settings) -> dict[str, Any]:
    occurrence = item.occurrence
    return {
        "kind": occurrence.kind.value,
        "label": occurrence.label,
        "job_id": occurrence.job_id,
        "period_key": occurrence.period_key,
        "period": occurrence.period_label,
        "fires_at": occurrence.fire_at.astimezone(settings.tz).isoformat(),
        "recipients": item.recipients,
        "with_message": item.with_message,
    }


def run_schedule(args: argparse.Namespace) -> int:
    """Prints the next push of each kind with its recipients (and the data update notice's)."""
    opened = _open(args)
    if opened is None:
        return EXIT_FAILED
    settings, engine = opened
    now = _moment(args, settings)
    if now is None:
        engine.dispose()
        return EXIT_REFUSED
    with Session(engine) as session:
        items = upcoming(
            session=session, settings=settings, pushes=next_occurrences(Schedule.from_settings(settings), now)
        )
        subscribers = len(active_recipients(session=session, at=now))
    engine.dispose()
    if args.json:
        document = {
            "timezone": settings.timezone,
            "from": now.astimezone(settings.tz).isoformat(),
            "pushes": [_upcoming_json(item, settings) for item in items],
            "data_update": {"when": UPDATE_WHEN, "recipients": subscribers},
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    print(f"Próximos avisos (hora de {settings.timezone}):")
    for item in items:
        occurrence = item.occurrence
        print(f"• {occurrence.label} · {occurrence.period_label} [{occurrence.job_id}]")
        print(
            f"  {format_when(occurrence.fire_at, settings.tz)} · {item.recipients} destinatarios "
            f"({item.with_message} con mensaje, con los datos actuales)"
        )
    print(f"• {KIND_LABELS[PushKind.DATA_UPDATE]}: {UPDATE_WHEN} · {subscribers} destinatarios")
    return 0


def _preview_json(found: Preview, settings: Settings) -> dict[str, Any]:
    return {
        **_upcoming_json(
            Upcoming(found.occurrence, len(found.items), sum(i.text is not None for i in found.items)),
            settings,
        ),
        "deliveries": [
            {
                "chat_id": item.recipient.chat_id,
                "telegram_id": item.recipient.telegram_id,
                "name": item.name,
                "scopes": list(item.recipient.scopes),
                "text": item.text,
                "reason": item.reason,
            }
            for item in found.items
        ],
    }


def _print_preview(found: Preview, settings: Settings) -> None:
    occurrence = found.occurrence
    with_text = sum(item.text is not None for item in found.items)
    print(
        f"== {occurrence.label} · {occurrence.period_label} · {format_when(occurrence.fire_at, settings.tz)}"
    )
    print(f"{len(found.items)} destinatarios, {with_text} con mensaje.")
    for item in found.items:
        scopes = ", ".join(scope_name(scope) for scope in item.recipient.scopes)
        print(f"\n→ {item.name} · chat {item.recipient.chat_id} · {scopes}")
        print(html_to_plain(item.text) if item.text is not None else f"(no se envía nada: {item.reason})")


def run_preview(args: argparse.Namespace) -> int:
    """Prints what the pushes firing at a local minute would send, and to whom, without sending."""
    opened = _open(args)
    if opened is None:
        return EXIT_FAILED
    settings, engine = opened
    at = _moment(args, settings)
    if at is None:
        engine.dispose()
        return EXIT_REFUSED
    with Session(engine) as session:
        found = preview(session=session, settings=settings, at=at)
    engine.dispose()
    if args.json:
        pushes = [_preview_json(item, settings) for item in found]
        document = {"at": at.isoformat(), "timezone": settings.timezone, "pushes": pushes}
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    if not found:
        soon = next_occurrences(Schedule.from_settings(settings), at)[0]
        print(f"Ningún aviso programado para el {format_when(at, settings.tz)}.")
        print(f"El siguiente: {soon.label} · {soon.period_label}, {format_when(soon.fire_at, settings.tz)}.")
        return 0
    for item in found:
        _print_preview(item, settings)
    return 0
