"""Scheduled pushes. Users: /suscribir, /desuscribir, /pausar, /reanudar, /alertas; admins: /programacion.

Every reply that reads the plan or the store is composed on a database thread (handlers.offload),
so the event loop keeps answering others meanwhile.

Subscriptions belong to private chats: pushes carry figures, and a group may hold people without
access. Under RESTRICT_TO_OWN_UNIT a user may only subscribe to their own unit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotApplication, BotContext
from bot.domain.markup import html_escape as esc
from bot.domain.snapshot import PlanSnapshot
from bot.pushes.calendar import Occurrence, Schedule
from bot.pushes.outlook import chat_outlook, upcoming
from bot.pushes.scheduler import CATCH_UP_INTERVAL, CATCH_UP_JOB
from bot.pushes.views import alerts_text, paused_text, programme_text, scope_name, subscribed_text
from bot.services.access import Asker
from bot.services.questions import NoPlanError
from bot.services.subscription_scope import choose_scope
from handlers.access import require_private_admin, require_user
from handlers.offload import db_work
from handlers.sending import send_html
from storage.db import session_scope
from storage.deliveries import active_recipients, pause, subscribe, subscriptions_for, unsubscribe
from storage.push_runs import latest_runs

PRIVATE_ONLY_TEXT = "Los avisos llegan a un chat privado conmigo: escríbeme /suscribir en privado."
PAUSE_USAGE = "Uso: /pausar DÍAS, un número de 1 a 90; por ejemplo, «/pausar 7» pausa los avisos una semana."
NOTHING_TO_PAUSE = "No tienes avisos que pausar: suscríbete con /suscribir."
MAX_PAUSE_DAYS = 90


def _words(context: BotContext) -> str:
    return " ".join(context.args or [])


def _snapshot(context: BotContext) -> PlanSnapshot | None:
    try:
        return context.poi.snapshot()
    except NoPlanError:
        return None


async def _private_user(update: Update, context: BotContext) -> tuple[Asker, int] | None:
    """The approved user and their private chat, or None after telling them why not."""
    asker = await require_user(update, context)
    chat, message = update.effective_chat, update.effective_message
    if asker is None or chat is None or message is None:
        return None
    if chat.type != chat.PRIVATE:
        await message.reply_text(PRIVATE_ONLY_TEXT, parse_mode=None)
        return None
    return asker, chat.id


async def subscribe_command(update: Update, context: BotContext) -> None:
    """Subscribes the chat to a unit's pushes (the user's own by default; admins: «todas»)."""
    found = await _private_user(update, context)
    if found is None:
        return
    asker, chat_id = found
    text = await db_work(context, _subscribe, context, asker, chat_id, _words(context))
    await send_html(context.bot, chat_id, text)


def _subscribe(context: BotContext, asker: Asker, chat_id: int, words: str) -> str:
    """Subscribes the chat to the unit the words name; the reply (on a database thread)."""
    choice = choose_scope(
        words,
        snapshot=_snapshot(context),
        understand=context.poi.understand,
        is_admin=asker.is_admin,
        own_unit=asker.unit_name,
        restricted=asker.restricted,
    )
    if choice.scope is None:
        return choice.problem or ""
    scope, settings, now = choice.scope, context.settings, context.services.clock()
    with session_scope(context.services.engine) as session:
        subscribe(session=session, chat_id=chat_id, telegram_id=asker.telegram_id, scope=scope)
        outlook = chat_outlook(
            session=session, settings=settings, chat_id=chat_id, telegram_id=asker.telegram_id, now=now
        )
    return subscribed_text(scope, outlook, Schedule.from_settings(settings))


async def unsubscribe_command(update: Update, context: BotContext) -> None:
    """Stops the chat's pushes for one unit, or for all of them."""
    found = await _private_user(update, context)
    if found is None:
        return
    asker, chat_id = found
    text = await db_work(context, _unsubscribe, context, asker, chat_id, _words(context))
    await send_html(context.bot, chat_id, text)


def _unsubscribe(context: BotContext, asker: Asker, chat_id: int, words: str) -> str:
    """Removes the chat's subscription the words name (all without words); the reply (database thread)."""
    engine = context.services.engine
    with session_scope(engine) as session:
        known = [subscription.scope for subscription in subscriptions_for(session=session, chat_id=chat_id)]
    if not words.strip():
        with session_scope(engine) as session:
            removed = unsubscribe(session=session, chat_id=chat_id)
        return "🔕 Ya no recibirás avisos." if removed else "No tenías avisos: nada que quitar."
    choice = choose_scope(
        words,
        snapshot=_snapshot(context),
        understand=context.poi.understand,
        is_admin=True,  # anyone may leave "todas"
        own_unit=asker.unit_name,
        restricted=False,
        known=known,
    )
    if choice.scope is None:
        return choice.problem or ""
    with session_scope(engine) as session:
        removed = unsubscribe(session=session, chat_id=chat_id, scope=choice.scope)
    name = esc(scope_name(choice.scope))
    if removed:
        return f"🔕 Ya no recibirás los avisos de <b>{name}</b>."
    return f"No estabas suscrito a <b>{name}</b>. Tus avisos: /alertas"


def _pause(context: BotContext, chat_id: int, until: datetime | None) -> int:
    with session_scope(context.services.engine) as session:
        return pause(session=session, chat_id=chat_id, until=until)


async def pause_command(update: Update, context: BotContext) -> None:
    """Pauses the chat's pushes for 1 to 90 days."""
    found = await _private_user(update, context)
    if found is None:
        return
    _, chat_id = found
    args = context.args or []
    days = int(args[0]) if len(args) == 1 and args[0].isascii() and args[0].isdigit() else 0
    if not 1 <= days <= MAX_PAUSE_DAYS:
        await send_html(context.bot, chat_id, esc(PAUSE_USAGE))
        return
    until = context.services.clock() + timedelta(days=days)
    paused = await db_work(context, _pause, context, chat_id, until)
    text = paused_text(until, context.settings.tz) if paused else esc(NOTHING_TO_PAUSE)
    await send_html(context.bot, chat_id, text)


async def resume_command(update: Update, context: BotContext) -> None:
    """Resumes the chat's paused pushes."""
    found = await _private_user(update, context)
    if found is None:
        return
    _, chat_id = found
    resumed = await db_work(context, _pause, context, chat_id, None)
    text = "▶️ Avisos reanudados. Lo que viene: /alertas" if resumed else esc(NOTHING_TO_PAUSE)
    await send_html(context.bot, chat_id, text)


async def alerts_command(update: Update, context: BotContext) -> None:
    """Sends what the chat receives, for which units, and when the next of each kind comes."""
    found = await _private_user(update, context)
    if found is None:
        return
    asker, chat_id = found
    settings, now = context.settings, context.services.clock()

    def compose() -> str:
        with session_scope(context.services.engine) as session:
            outlook = chat_outlook(
                session=session, settings=settings, chat_id=chat_id, telegram_id=asker.telegram_id, now=now
            )
        return alerts_text(outlook, Schedule.from_settings(settings))

    await send_html(context.bot, chat_id, await db_work(context, compose))


async def programme_command(update: Update, context: BotContext) -> None:
    """Sends every scheduled job with its next run (local time) and how many chats receive it."""
    chat = update.effective_chat
    if await require_private_admin(update, context) is None or chat is None:
        return
    jobs = context.job_queue.jobs() if context.job_queue is not None else ()
    scheduled = sorted(
        ((job.name or "", job.data) for job in jobs if isinstance(job.data, Occurrence)),
        key=lambda pair: pair[1].fire_at,
    )
    settings, now = context.settings, context.services.clock()
    catch_up_every = CATCH_UP_INTERVAL if any(job.name == CATCH_UP_JOB for job in jobs) else None

    def compose() -> str:
        with session_scope(context.services.engine) as session:
            items = upcoming(
                session=session, settings=settings, pushes=[occurrence for _, occurrence in scheduled]
            )
            return programme_text(
                [(name, item) for (name, _), item in zip(scheduled, items, strict=True)],
                subscribers=len(active_recipients(session=session, at=now)),
                catch_up_every=catch_up_every,
                runs=latest_runs(session=session),
                schedule=Schedule.from_settings(settings),
            )

    await send_html(context.bot, chat.id, await db_work(context, compose))


def register(application: BotApplication) -> None:
    """Registers the subscription commands; call it before the free-text handlers."""
    application.add_handler(CommandHandler("suscribir", subscribe_command))
    application.add_handler(CommandHandler("desuscribir", unsubscribe_command))
    application.add_handler(CommandHandler("pausar", pause_command))
    application.add_handler(CommandHandler("reanudar", resume_command))
    application.add_handler(CommandHandler("alertas", alerts_command))
    application.add_handler(CommandHandler("programacion", programme_command))
