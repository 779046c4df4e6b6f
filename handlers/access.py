"""Who may see the figures: admins by id, approved users, everyone in open mode.

Every entry point (commands, text, buttons, inline queries) goes through `require_user`, which
answers an unapproved user politely on that surface and returns None.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from telegram import InlineQueryResultsButton, Update
from telegram import User as TelegramUser

from bot.context import BotContext
from bot.services.access import Asker, settle_access
from handlers.offload import db_work
from storage.db import session_scope
from storage.models import User
from storage.users import APPROVED, DENIED, PENDING, REVOKED, get_user, register_user

NO_ACCESS_TEXT = "Aún no tienes acceso a poi-bot. Envía /start en un chat privado conmigo para solicitarlo."
PENDING_TEXT = "Tu solicitud de acceso está pendiente: un administrador la revisará pronto."
DENIED_TEXT = "No tienes acceso a poi-bot. Si crees que es un error, escribe a la oficina de planificación."
NO_UNIT_TEXT = (
    "Tu acceso está limitado a tu unidad, pero aún no tienes una asignada. "
    "Pide a un administrador que te la asigne."
)
ADMIN_ONLY_TEXT = "Ese comando es solo para administradores."
PRIVATE_ADMIN_TEXT = (
    "Por privacidad, los comandos de administración solo funcionan en un chat privado conmigo."
)


def is_admin(context: BotContext, telegram_id: int) -> bool:
    return telegram_id in context.settings.admin_ids


def is_known(context: BotContext, telegram_id: int) -> bool:
    """Whether this person ever wrote to the bot before."""
    with session_scope(context.services.engine) as session:
        return get_user(session=session, telegram_id=telegram_id) is not None


def _changed(user: User, sender: TelegramUser, private_chat: int | None) -> bool:
    """Whether the stored user differs from what this update says (else no write on the hot path)."""
    return (
        (private_chat is not None and user.chat_id != private_chat)
        or user.name != sender.full_name[:200]
        or user.username != (sender.username or "")[:100]
        or not user.is_active
    )


def identify(update: Update, context: BotContext, *, register: bool = False) -> Asker | None:
    """Looks the sender up (registering them when asked); admins and open mode are approved at once.

    Updates of different chats are handled at once: when another update registered the same person
    a moment earlier, the insert fails on the unique id and the look-up is simply done again.
    """
    try:
        return _identify(update, context, register=register)
    except IntegrityError:
        return _identify(update, context, register=register)


def _identify(update: Update, context: BotContext, *, register: bool) -> Asker | None:
    sender = update.effective_user
    if sender is None:
        return None
    chat = update.effective_chat
    private_chat = chat.id if chat is not None and chat.type == chat.PRIVATE else None
    admin = is_admin(context, sender.id)
    auto_approve = admin or context.settings.access_mode == "open"
    with session_scope(context.services.engine) as session:
        user = get_user(session=session, telegram_id=sender.id)
        if user is None and not (register or auto_approve):
            return None
        if user is None or register or _changed(user, sender, private_chat):  # most updates change nothing
            user, _ = register_user(
                session=session,
                telegram_id=sender.id,
                chat_id=private_chat,
                name=sender.full_name,
                username=sender.username or "",
                status=APPROVED if auto_approve else PENDING,
            )
        return settle_access(
            session,
            user,
            admin=admin,
            open_mode=context.settings.access_mode == "open",
            restrict_to_own_unit=context.settings.restrict_to_own_unit,
        )


async def identify_off_loop(update: Update, context: BotContext, *, register: bool = False) -> Asker | None:
    """`identify` on a database thread, within the reply deadline."""
    return await db_work(context, identify, update, context, register=register)


def refusal_text(asker: Asker | None) -> str | None:
    """Why this person may not see figures, or None when they may."""
    if asker is None:
        return NO_ACCESS_TEXT
    if asker.status == PENDING:
        return PENDING_TEXT
    if asker.status in (DENIED, REVOKED):
        return DENIED_TEXT
    if asker.restricted and not asker.unit_name:
        return NO_UNIT_TEXT
    return None


async def require_user(update: Update, context: BotContext) -> Asker | None:
    """The approved asker, or None after telling them, on this surface, why not."""
    asker = await identify_off_loop(update, context)
    reason = refusal_text(asker)
    if reason is None:
        return asker
    if update.inline_query is not None:
        await update.inline_query.answer(
            [],
            cache_time=0,
            is_personal=True,
            button=InlineQueryResultsButton(text="Solicitar acceso", start_parameter="acceso"),
        )
    elif update.callback_query is not None:
        await update.callback_query.answer(reason, show_alert=True)
    elif update.effective_message is not None:
        chat = update.effective_chat
        if chat is not None and chat.type != chat.PRIVATE:
            reason = NO_ACCESS_TEXT  # in a group, a person's access status is nobody else's business
        await update.effective_message.reply_text(reason, parse_mode=None)
    return None


async def require_admin(update: Update, context: BotContext) -> Asker | None:
    """The asker if they are an admin; otherwise they are told and None is returned."""
    asker = await identify_off_loop(update, context)
    if asker is not None and asker.is_admin:
        return asker
    if update.callback_query is not None:
        await update.callback_query.answer(ADMIN_ONLY_TEXT, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(ADMIN_ONLY_TEXT, parse_mode=None)
    return None


async def require_private_admin(update: Update, context: BotContext) -> Asker | None:
    """The asker if they are an admin writing in private; otherwise they are told and None is returned.

    Admin views name people and their units: they are never shown in a group.
    """
    asker = await require_admin(update, context)
    chat = update.effective_chat
    if asker is None or (chat is not None and chat.type == chat.PRIVATE):
        return asker
    if update.effective_message is not None:
        await update.effective_message.reply_text(PRIVATE_ADMIN_TEXT, parse_mode=None)
    return None
