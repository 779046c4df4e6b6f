"""The question commands: /start, /ayuda, /avance, /rezagadas, /actividad, /resumen, /mi_unidad."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.domain.query import Intent
from bot.services.access import Asker
from bot.services.questions import NO_PLAN_TEXT, NoPlanError
from handlers.access import DENIED_TEXT, PENDING_TEXT, identify, is_known, require_user
from handlers.approval import notify_admins, notify_admins_unit_needed
from handlers.callback_data import Callback
from handlers.keyboards import button
from handlers.offload import db_work
from handlers.questions import answer_text
from storage.users import APPROVED, PENDING

WELCOME_TEXT = (
    "¡Hola, {name}! Soy poi-bot: te digo cómo va el Plan Operativo Institucional.\n"
    "Pregúntame con tus palabras («¿cómo va finanzas?», «rezagadas de RRHH al II trimestre») "
    "o usa /ayuda para ver todo lo que sé hacer."
)
REQUEST_SENT_TEXT = (
    "Hola, {name}. Envié tu solicitud de acceso a los administradores; te aviso aquí cuando la aprueben."
)
UNIT_REQUESTED_TEXT = (
    "Solo puedes consultar las cifras de tu unidad: pedí a los administradores que te la asignen; "
    "te aviso aquí cuando lo hagan."
)
ACTIVITY_USAGE_TEXT = (
    "Escribe parte del nombre de la actividad, por ejemplo: /actividad cobranza pre coactiva"
)


def _args(context: BotContext) -> str:
    return " ".join(context.args or [])


def _register(update: Update, context: BotContext, telegram_id: int) -> tuple[bool, Asker | None]:
    """Whether the person wrote before, and them registered (on a database thread)."""
    return is_known(context, telegram_id), identify(update, context, register=True)


async def start(update: Update, context: BotContext) -> None:
    """Greets an approved user, or files an access request and tells the admins."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    if update.effective_chat is None or update.effective_chat.type != "private":
        await message.reply_text("Escríbeme en privado para empezar: /start", parse_mode=None)
        return
    known, asker = await db_work(context, _register, update, context, update.effective_user.id)
    if asker is None:
        return
    name = update.effective_user.first_name
    if asker.status == APPROVED:
        await message.reply_text(WELCOME_TEXT.format(name=name), parse_mode=None)
        if asker.restricted and not asker.unit_name and not known:
            await message.reply_text(UNIT_REQUESTED_TEXT, parse_mode=None)
            await notify_admins_unit_needed(context, asker)
        return
    if asker.status == PENDING and not known:
        await message.reply_text(REQUEST_SENT_TEXT.format(name=name), parse_mode=None)
        await notify_admins(context, asker)
        return
    if asker.status == PENDING:
        await message.reply_text(PENDING_TEXT, parse_mode=None)
        return
    await message.reply_text(DENIED_TEXT, parse_mode=None)


async def help_command(update: Update, context: BotContext) -> None:
    """Sends what the bot can do, with example questions."""
    await answer_text(update, context, "ayuda", surface="command", intent=Intent.HELP)


async def progress_command(update: Update, context: BotContext) -> None:
    """Sends a unit's progress (yours by default, else the institution's)."""
    await answer_text(update, context, _args(context), surface="command", intent=Intent.UNIT_PROGRESS)


async def lagging_command(update: Update, context: BotContext) -> None:
    """Sends the lagging activities of a unit or of the institution."""
    await answer_text(update, context, _args(context), surface="command", intent=Intent.LAGGING)


async def activity_command(update: Update, context: BotContext) -> None:
    """Sends one activity's figures, found by a piece of its name."""
    text = _args(context)
    if not text.strip():
        if update.effective_message is not None and await require_user(update, context):
            await update.effective_message.reply_text(ACTIVITY_USAGE_TEXT, parse_mode=None)
        return
    await answer_text(update, context, text, surface="command", intent=Intent.ACTIVITY)


async def summary_command(update: Update, context: BotContext) -> None:
    """Sends the institution's progress and the ranking of units."""
    await answer_text(update, context, _args(context), surface="command", intent=Intent.SUMMARY)


async def my_unit_command(update: Update, context: BotContext) -> None:
    """Offers the units as buttons so the user picks theirs."""
    message = update.effective_message
    asker = await require_user(update, context)
    if message is None or asker is None:
        return
    if asker.restricted:
        await message.reply_text(f"Tu unidad la asigna un administrador: {asker.unit_name}.", parse_mode=None)
        return
    try:
        snapshot = await db_work(context, context.poi.snapshot)
    except NoPlanError:
        await message.reply_text(NO_PLAN_TEXT, parse_mode=None)
        return
    current = f"Tu unidad ahora: {asker.unit_name}.\n" if asker.unit_name else ""
    rows = [
        [button(unit, Callback("mu", snapshot.plan_id, index))] for index, unit in enumerate(snapshot.units)
    ]
    await message.reply_text(
        f"{current}Elige tu unidad: las preguntas sin unidad hablarán de ella.",
        parse_mode=None,
        reply_markup=InlineKeyboardMarkup(rows),
    )
