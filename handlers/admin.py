"""Admin commands about people (/usuarios, /aprobar, /revocar, /preguntas) and the registration of
every admin handler: these, /alias (handlers.aliases), /cargar and documents (handlers.uploads)."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.context import BotApplication, BotContext
from bot.services.admin_views import candidates_text, esc, questions_text, users_text
from bot.services.questions import NO_PLAN_TEXT, NoPlanError
from bot.understanding.name_targets import resolve_name
from handlers import aliases, uploads
from handlers.access import require_private_admin
from handlers.approval import APPROVED_USER_TEXT, unit_choice
from handlers.sending import send_html
from storage.db import session_scope
from storage.users import APPROVED, REVOKED, decide, get_user, list_users, mark_blocked, recent_questions

log = logging.getLogger(__name__)

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


def _telegram_id(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 15 else None


def _unit_named(context: BotContext, text: str) -> tuple[str | None, str | None]:
    """(unit, None) for a name that fits exactly one unit; (None, why not) otherwise, as HTML."""
    try:
        snapshot = context.poi.snapshot()
    except NoPlanError:
        return None, esc(NO_PLAN_TEXT) + "\nAprueba sin unidad y asígnala cuando haya datos."
    found = resolve_name(snapshot, context.poi.understand, text, units_only=True)
    if found.target is not None:
        return found.target.unit, None
    if found.candidates:
        return (
            None,
            f"«{esc(text)}» puede ser varias unidades; escribe una:\n{candidates_text(found.candidates)}",
        )
    return None, f"No encontré la unidad «{esc(text)}». Escribe su nombre como figura en el POI."


async def _tell(context: BotContext, chat_id: int, text: str) -> None:
    """Tells a user about their access; a user who blocked the bot is marked inactive."""
    try:
        await context.bot.send_message(chat_id, text, parse_mode=None)
    except Forbidden:
        with session_scope(context.services.engine) as session:
            mark_blocked(session=session, chat_id=chat_id)
    except TelegramError:
        log.exception("could not tell user %s about their access", chat_id)


async def users_command(update: Update, context: BotContext) -> None:
    """Sends the users by status, with their id and unit."""
    chat = update.effective_chat
    if await require_private_admin(update, context) is None or chat is None:
        return
    with session_scope(context.services.engine) as session:
        users = list_users(session=session)
        text = users_text(users, context.settings.admin_ids)
    await send_html(context.bot, chat.id, text)


async def approve_command(update: Update, context: BotContext) -> None:
    """Approves a user by id, optionally with their unit; offers the units when they have none."""
    chat = update.effective_chat
    admin = await require_private_admin(update, context)
    if admin is None or chat is None:
        return
    args = context.args or []
    target_id = _telegram_id(args[0]) if args else None
    if target_id is None:
        await send_html(context.bot, chat.id, esc(APPROVE_USAGE))
        return
    unit = None
    if len(args) > 1:
        unit, problem = _unit_named(context, " ".join(args[1:]))
        if problem is not None:
            await send_html(context.bot, chat.id, problem)
            return
    with session_scope(context.services.engine) as session:
        before = get_user(session=session, telegram_id=target_id)
        was = (before.status, before.unit_name) if before is not None else None
        user = decide(
            session=session, telegram_id=target_id, status=APPROVED, by=admin.telegram_id, unit_name=unit
        )
        found = (user.chat_id, user.name, user.unit_name) if user is not None else None
    if was is None or found is None:
        await send_html(context.bot, chat.id, esc(UNKNOWN_USER_TEXT.format(id=target_id)))
        return
    (was_status, was_unit), (user_chat, name, unit_now) = was, found
    lead = (
        f"<b>{esc(name)}</b> ya tenía acceso"
        if was_status == APPROVED
        else f"✅ Acceso aprobado a <b>{esc(name)}</b>"
    )
    markup: InlineKeyboardMarkup | None = None
    if unit_now:
        text = f"{lead} · unidad <b>{esc(unit_now)}</b>."
    else:
        markup = unit_choice(context, target_id)
        text = f"{lead}. " + (
            "¿Cuál es su unidad?" if markup else "Asígnale su unidad cuando haya un POI cargado."
        )
    await send_html(context.bot, chat.id, text, reply_markup=markup)
    if user_chat is not None and was_status != APPROVED:
        await _tell(context, user_chat, APPROVED_USER_TEXT)
    if user_chat is not None and unit_now and unit_now != was_unit:
        await _tell(context, user_chat, f"Tu unidad en poi-bot: {unit_now}.")


async def revoke_command(update: Update, context: BotContext) -> None:
    """Revokes a user's access by id and tells them."""
    chat = update.effective_chat
    admin = await require_private_admin(update, context)
    if admin is None or chat is None:
        return
    args = context.args or []
    target_id = _telegram_id(args[0]) if len(args) == 1 else None
    if target_id is None:
        await send_html(context.bot, chat.id, esc(REVOKE_USAGE))
        return
    if target_id in context.settings.admin_ids:
        await send_html(context.bot, chat.id, esc(ADMIN_NOT_REVOCABLE_TEXT))
        return
    with session_scope(context.services.engine) as session:
        before = get_user(session=session, telegram_id=target_id)
        was = before.status if before is not None else None
        user = decide(session=session, telegram_id=target_id, status=REVOKED, by=admin.telegram_id)
        found = (user.chat_id, user.name) if user is not None else None
    if was is None or found is None:
        await send_html(context.bot, chat.id, esc(UNKNOWN_USER_TEXT.format(id=target_id)))
        return
    user_chat, name = found
    if was == REVOKED:
        await send_html(context.bot, chat.id, f"<b>{esc(name)}</b> ya no tenía acceso.")
        return
    await send_html(
        context.bot, chat.id, f"⛔ Acceso revocado a <b>{esc(name)}</b>: ya no verá cifras del POI."
    )
    if user_chat is not None and was == APPROVED:
        await _tell(context, user_chat, REVOKED_USER_TEXT)


async def questions_command(update: Update, context: BotContext) -> None:
    """Sends the latest questions: who asked, when (local time) and what was understood."""
    chat = update.effective_chat
    if await require_private_admin(update, context) is None or chat is None:
        return
    args = context.args or []
    wanted = _telegram_id(args[0]) if args else DEFAULT_RECENT
    limit = min(max(wanted or DEFAULT_RECENT, 1), MAX_RECENT)
    with session_scope(context.services.engine) as session:
        entries = recent_questions(session=session, limit=limit)
        names = {user.telegram_id: user.name for user in list_users(session=session)}
        text = questions_text(entries, names, context.settings.tz)
    await send_html(context.bot, chat.id, text)


def register(application: BotApplication) -> None:
    """Registers the admin commands and the document upload; call it before the free-text handlers."""
    application.add_handler(CommandHandler("usuarios", users_command))
    application.add_handler(CommandHandler("aprobar", approve_command))
    application.add_handler(CommandHandler("revocar", revoke_command))
    application.add_handler(CommandHandler("preguntas", questions_command))
    application.add_handler(CommandHandler("alias", aliases.alias_command))
    application.add_handler(CommandHandler("cargar", uploads.upload_command))
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.Document.ALL, uploads.on_document)
    )
