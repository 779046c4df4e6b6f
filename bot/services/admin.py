"""Admin commands about people: /usuarios, /aprobar, /revocar and /preguntas.

Each function takes the command's words and ids, does the store work in one transaction and says
what the admin reads (HTML, via bot.services.admin_views) and whom else to tell what.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from bot.domain.markup import html_escape as esc
from bot.domain.markup import person_name
from bot.services.admin_views import candidates_text, questions_text, users_text
from bot.services.approval import APPROVED_USER_TEXT, Notice, unit_choices, unit_notice
from bot.services.questions import NO_PLAN_TEXT, NoPlanError, PoiService
from bot.understanding.name_targets import resolve_name
from storage.db import session_scope
from storage.users import APPROVED, REVOKED, decide, get_user, list_users, mark_blocked, recent_questions

APPROVE_USAGE = (
    "Uso: /aprobar ID [unidad], por ejemplo «/aprobar 123456789 recursos humanos». "
    "Los ids están en /usuarios."
)
REVOKE_USAGE = "Uso: /revocar ID, por ejemplo «/revocar 123456789». Los ids están en /usuarios."
UNKNOWN_USER_TEXT = "No encontré a nadie con id {id}. Esa persona debe escribirme /start primero."
REVOKED_USER_TEXT = (
    "Tu acceso a poi-bot fue retirado. Si crees que es un error, escribe a la oficina de planificación."
)
ADMIN_NOT_REVOCABLE_TEXT = "No puedo revocar a un administrador: los administradores se definen en ADMIN_IDS."
DEFAULT_RECENT, MAX_RECENT = 20, 50


@dataclass(frozen=True)
class AdminReply:
    """What an admin command answers (HTML); `offer_units_for` is the user whose unit buttons go
    with it; `notices` are the plain texts for the users the command changed."""

    html: str
    offer_units_for: int | None = None
    notices: tuple[Notice, ...] = ()


def _telegram_id(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 15 else None


def users_reply(engine: Engine, admin_ids: Collection[int]) -> AdminReply:
    """The users by status, with their id and unit."""
    with session_scope(engine) as session:
        return AdminReply(users_text(list_users(session=session), admin_ids))


def questions_reply(engine: Engine, args: Sequence[str], tz: ZoneInfo) -> AdminReply:
    """The latest questions (as many as the first word says, within bounds), newest first."""
    wanted = _telegram_id(args[0]) if args else DEFAULT_RECENT
    limit = min(max(wanted or DEFAULT_RECENT, 1), MAX_RECENT)
    with session_scope(engine) as session:
        entries = recent_questions(session=session, limit=limit)
        names = {user.telegram_id: person_name(user.name) for user in list_users(session=session)}
        return AdminReply(questions_text(entries, names, tz))


def _unit_named(poi: PoiService, text: str) -> tuple[str | None, str | None]:
    """(unit, None) for a name that fits exactly one unit; (None, why not) otherwise, as HTML."""
    try:
        snapshot = poi.snapshot()
    except NoPlanError:
        return None, esc(NO_PLAN_TEXT) + "\nAprueba sin unidad y asígnala cuando haya datos."
    found = resolve_name(snapshot, poi.understand, text, units_only=True)
    if found.target is not None:
        return found.target.unit, None
    if found.candidates:
        return (
            None,
            f"«{esc(text)}» puede ser varias unidades; escribe una:\n{candidates_text(found.candidates)}",
        )
    return None, f"No encontré la unidad «{esc(text)}». Escribe su nombre como figura en el POI."


def approve(poi: PoiService, args: Sequence[str], *, by: int) -> AdminReply:
    """/aprobar ID [unidad]: approves a user, optionally with their unit; offers the units when they
    have none."""
    target_id = _telegram_id(args[0]) if args else None
    if target_id is None:
        return AdminReply(esc(APPROVE_USAGE))
    unit = None
    if len(args) > 1:
        unit, problem = _unit_named(poi, " ".join(args[1:]))
        if problem is not None:
            return AdminReply(problem)
    with session_scope(poi.engine) as session:
        before = get_user(session=session, telegram_id=target_id)
        was = (before.status, before.unit_name) if before is not None else None
        user = decide(session=session, telegram_id=target_id, status=APPROVED, by=by, unit_name=unit)
        found = (user.chat_id, person_name(user.name), user.unit_name) if user is not None else None
    if was is None or found is None:
        return AdminReply(esc(UNKNOWN_USER_TEXT.format(id=target_id)))
    (was_status, was_unit), (user_chat, name, unit_now) = was, found
    notices: list[Notice] = []
    if user_chat is not None and was_status != APPROVED:
        notices.append(Notice(user_chat, APPROVED_USER_TEXT))
    if user_chat is not None and unit_now and unit_now != was_unit:
        notices.append(Notice(user_chat, unit_notice(unit_now)))
    lead = (
        f"<b>{esc(name)}</b> ya tenía acceso"
        if was_status == APPROVED
        else f"✅ Acceso aprobado a <b>{esc(name)}</b>"
    )
    if unit_now:
        return AdminReply(f"{lead} · unidad <b>{esc(unit_now)}</b>.", notices=tuple(notices))
    if unit_choices(poi) is None:
        return AdminReply(f"{lead}. Asígnale su unidad cuando haya un POI cargado.", notices=tuple(notices))
    return AdminReply(f"{lead}. ¿Cuál es su unidad?", offer_units_for=target_id, notices=tuple(notices))


def revoke(engine: Engine, args: Sequence[str], *, by: int, admin_ids: Collection[int]) -> AdminReply:
    """/revocar ID: revokes a user's access and says whom to tell."""
    target_id = _telegram_id(args[0]) if len(args) == 1 else None
    if target_id is None:
        return AdminReply(esc(REVOKE_USAGE))
    if target_id in admin_ids:
        return AdminReply(esc(ADMIN_NOT_REVOCABLE_TEXT))
    with session_scope(engine) as session:
        before = get_user(session=session, telegram_id=target_id)
        was = before.status if before is not None else None
        user = decide(session=session, telegram_id=target_id, status=REVOKED, by=by)
        found = (user.chat_id, person_name(user.name)) if user is not None else None
    if was is None or found is None:
        return AdminReply(esc(UNKNOWN_USER_TEXT.format(id=target_id)))
    user_chat, name = found
    if was == REVOKED:
        return AdminReply(f"<b>{esc(name)}</b> ya no tenía acceso.")
    notices = (Notice(user_chat, REVOKED_USER_TEXT),) if user_chat is not None and was == APPROVED else ()
    return AdminReply(f"⛔ Acceso revocado a <b>{esc(name)}</b>: ya no verá cifras del POI.", notices=notices)


def forget_blocked_chat(engine: Engine, chat_id: int) -> None:
    """Marks the users of a chat inactive: Telegram said they blocked the bot."""
    with session_scope(engine) as session:
        mark_blocked(session=session, chat_id=chat_id)
