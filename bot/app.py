"""The one wiring place: settings in, a ready `telegram.ext.Application` out."""

from __future__ import annotations

import asyncio
import logging
import os
from typing import cast

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    MenuButtonWebApp,
    WebAppInfo,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults

import handlers
from bot.config import Settings, SettingsError
from bot.context import BotApplication, BotContext, BotData, Services
from bot.pushes.reporting_reminders import schedule_reporting
from bot.pushes.scheduler import schedule_pushes
from bot.services.questions import PoiService
from bot.services.update_trace import TracedUpdates
from handlers.ordering import ChatOrderedProcessor
from handlers.sending import send_html
from storage.db import make_engine, migrate

log = logging.getLogger(__name__)

# The updates the bot handles: what `run` polls for and what `serve` asks Telegram's webhook for.
ALLOWED_UPDATES = ("message", "callback_query", "inline_query")

# RetryAfter.retry_after as a timedelta (PTB 22's future default); without it PTB warns on each one.
os.environ.setdefault("PTB_TIMEDELTA", "true")


def build_application(settings: Settings, builder: ApplicationBuilder | None = None) -> BotApplication:  # type: ignore[type-arg]
    """Builds the bot: store, question engine, handlers, command menu and scheduled jobs.

    ``builder``, when given, already carries the token and the request objects (tests inject a
    fake transport this way); otherwise one is made from TELEGRAM_BOT_TOKEN.
    """
    if builder is None:
        if settings.telegram_bot_token is None:
            raise SettingsError(
                "Configuración no válida:\nTELEGRAM_BOT_TOKEN: falta el token del bot (BotFather)"
            )
        builder = ApplicationBuilder().token(settings.telegram_bot_token.get_secret_value())
    if settings.access_mode == "approval" and not settings.admin_ids:
        raise SettingsError(
            "Configuración no válida:\nADMIN_IDS: con ACCESS_MODE=approval hace falta al menos un "
            "administrador que apruebe a los usuarios"
        )
    engine = make_engine(settings.database_url, settings.engine_timeouts)
    migrate(engine)
    poi = PoiService(engine, settings.bands, context_seconds=settings.context_seconds)
    services = Services(settings=settings, engine=engine, poi=poi, send_html=send_html)
    # The builder's generic type cannot follow context_types(); this is the one place we say it.
    application = cast(
        BotApplication,
        builder.context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .rate_limiter(AIORateLimiter(max_retries=3))
        # Each update timed and logged; chats at once, each chat in order.
        .concurrent_updates(TracedUpdates(ChatOrderedProcessor()))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build(),
    )
    application.bot_data.services = services
    handlers.register(application)
    return application


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Sets the command menu (private chats and groups, Spanish and default) and schedules the pushes."""
    bot = application.bot
    private = [BotCommand(name, description) for name, description in handlers.PRIVATE_COMMANDS]
    group = [BotCommand(name, description) for name, description in handlers.GROUP_COMMANDS]
    for language in ("es", None):
        await bot.set_my_commands(private, scope=BotCommandScopeAllPrivateChats(), language_code=language)
        await bot.set_my_commands(group, scope=BotCommandScopeAllGroupChats(), language_code=language)
    admin_menu = private + [BotCommand(name, description) for name, description in handlers.ADMIN_COMMANDS]
    for admin_id in application.bot_data.services.settings.admin_ids:
        try:  # an admin who never opened the bot has no chat yet: the menu waits for them
            await bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:
            log.info("admin menu not set for %s: %s", admin_id, exc)
    webapp_url = application.bot_data.services.settings.webapp_url
    if webapp_url is not None:  # the chat's menu button opens the Mini App dashboard
        await bot.set_chat_menu_button(menu_button=MenuButtonWebApp("📊 Tablero", WebAppInfo(webapp_url)))
    await asyncio.to_thread(application.bot_data.services.poi.preload)  # the first answer is quick
    schedule_pushes(cast(BotApplication, application))
    schedule_reporting(cast(BotApplication, application))


async def _post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    """Releases the store's connections."""
    services: Services = application.bot_data.services
    services.engine.dispose()
