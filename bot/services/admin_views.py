"""What admins read, as Telegram HTML: users by status, recent questions, aliases, name look-ups.

Every data string is escaped; every line is self-contained markup, so a long list can be split
at any line boundary (handlers.sending) without breaking a tag.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.domain.markup import html_escape as esc
from bot.domain.markup import person_name
from bot.domain.query import Candidate
from storage.models import Alias, QuestionLog, User
from storage.users import APPROVED, DENIED, PENDING, REVOKED

STATUS_TITLES = {
    PENDING: "⏳ Pendientes",
    APPROVED: "✅ Aprobados",
    DENIED: "❌ Denegados",
    REVOKED: "⛔ Revocados",
}
INTENT_LABELS = {
    "unit_progress": "avance de unidad",
    "lagging": "rezagadas",
    "activity": "actividad",
    "summary": "resumen institucional",
    "help": "ayuda",
    "unknown": "no entendida",
}
SURFACE_LABELS = {"text": "texto", "command": "comando", "inline": "inline", "button": "botón"}
MAX_QUESTION = 200


def target_text(target: Candidate) -> str:
    """ "la unidad <b>X</b>" or "la actividad <b>A</b> (U)"."""
    if target.activity is None:
        return f"la unidad <b>{esc(target.unit)}</b>"
    return f"la actividad <b>{esc(target.activity)}</b> ({esc(target.unit)})"


def candidates_text(candidates: Sequence[Candidate], limit: int = 8) -> str:
    """The candidates as a numbered list, one per line."""
    lines = [f"{number}. {target_text(c)}" for number, c in enumerate(candidates[:limit], start=1)]
    if len(candidates) > limit:
        lines.append(f"… y {len(candidates) - limit} más")
    return "\n".join(lines)


def _user_line(user: User, admin_ids: Collection[int]) -> str:
    parts = [f"• <b>{esc(person_name(user.name) or 'sin nombre')}</b>"]
    if user.username:
        parts.append(f"@{esc(person_name(user.username))}")
    parts.append(f"id <code>{user.telegram_id}</code>")
    if user.telegram_id in admin_ids:
        parts.append("admin")
    parts.append(esc(user.unit_name) if user.unit_name else "sin unidad")
    if not user.is_active:
        parts.append("bloqueó el bot")
    return " · ".join(parts)


def users_text(users: Sequence[User], admin_ids: Collection[int]) -> str:
    """Users grouped by status (pending first), each with id, unit and whether they blocked the bot."""
    if not users:
        return "Aún no hay usuarios registrados: quien me escriba /start aparecerá aquí."
    pending = sum(user.status == PENDING for user in users)
    lines = [f"👥 <b>Usuarios: {len(users)}</b>" + (f" ({pending} por aprobar)" if pending else "")]
    for status, title in STATUS_TITLES.items():
        group = [user for user in users if user.status == status]
        if group:
            lines += ["", f"{title} ({len(group)})"]
            lines += [_user_line(user, admin_ids) for user in group]
    lines += ["", "Aprobar: /aprobar ID [unidad] · Revocar: /revocar ID"]
    return "\n".join(lines)


def local_time(instant: datetime, tz: ZoneInfo) -> str:
    """An instant stored in UTC (aware, or naive meaning UTC) as local "25/11/2026 09:14"."""
    aware = instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)
    return aware.astimezone(tz).strftime("%d/%m/%Y %H:%M")


def _understood(entry: QuestionLog) -> str:
    parts = [INTENT_LABELS.get(entry.intent, entry.intent)]
    parts += [esc(value) for value in (entry.unit, entry.activity, entry.period) if value]
    return " · ".join(parts)


def questions_text(entries: Sequence[QuestionLog], names: Mapping[int, str], tz: ZoneInfo) -> str:
    """The latest questions, newest first: when (local time), who, where, what was understood."""
    if not entries:
        return "Aún no hay preguntas registradas."
    title = "Última pregunta" if len(entries) == 1 else f"Últimas {len(entries)} preguntas"
    lines = [f"🕑 <b>{title}</b> (hora de {esc(tz.key)}):"]
    for entry in entries:
        who = names.get(entry.telegram_id) or str(entry.telegram_id)
        surface = SURFACE_LABELS.get(entry.surface, entry.surface)
        asked = entry.text if len(entry.text) <= MAX_QUESTION else entry.text[: MAX_QUESTION - 1] + "…"
        lines += [
            "",
            f"• {local_time(entry.asked_at, tz)} · <b>{esc(who)}</b> · {esc(surface)}",
            f"  «{esc(asked)}»",
            f"  → {_understood(entry)}",
        ]
    return "\n".join(lines)


def aliases_text(aliases: Sequence[Alias], units: Collection[str], activities: Collection[Candidate]) -> str:
    """Every alias with what it names; those whose target the current plan lacks are flagged."""
    if not aliases:
        return (
            "Aún no hay alias. Agrega uno así:\n"
            "/alias cobros = GERENCIA DE GESTION DE COBRANZA\n"
            "(un nombre corto para una unidad o una actividad)"
        )
    lines = [f"🏷 <b>Alias ({len(aliases)})</b>:"]
    for alias in aliases:
        target = Candidate(alias.target_unit, alias.target_activity)
        known = target.unit in units if target.activity is None else target in activities
        missing = "" if known else " · ⚠️ no está en el plan actual"
        lines.append(f"• <b>{esc(alias.alias)}</b> → {target_text(target)}{missing}")
    lines += ["", "Agregar: /alias nombre = unidad o actividad · Quitar: /alias quitar nombre"]
    return "\n".join(lines)
