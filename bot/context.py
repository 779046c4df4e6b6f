"""The typed context handlers receive: services read through properties, not dict look-ups."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, TypeAlias

from sqlalchemy import Engine
from telegram import Bot, InlineKeyboardMarkup
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.config import Settings
from bot.services.questions import PoiService
from bot.services.rate_limit import RateLimiter, TelegramRateLimiter

# Of Telegram's ~30 messages a second, broadcasts take 25: answers to questions keep the rest.
BROADCAST_PER_SECOND = 25


def broadcast_limiter() -> RateLimiter:
    """The limiter every broadcast of this process shares (Telegram's limits are per bot)."""
    return TelegramRateLimiter(overall=BROADCAST_PER_SECOND)


class SendHtml(Protocol):
    """Sends one HTML message to a chat, safely (split, plain-text fallback), with an optional
    keyboard on its last part: the handlers' sender, handed to the pushes by the wiring so that they
    never import the handlers."""

    def __call__(
        self, bot: Bot, chat_id: int, text: str, *, reply_markup: InlineKeyboardMarkup | None = None
    ) -> Awaitable[object]: ...


def utc_now() -> datetime:
    """The current instant, aware, in UTC."""
    return datetime.now(UTC)


@dataclass
class Services:
    """What the application factory wires together and every handler and job may use."""

    settings: Settings
    engine: Engine
    poi: PoiService
    send_html: SendHtml
    limiter: RateLimiter = field(default_factory=broadcast_limiter)  # one per process
    clock: Callable[[], datetime] = utc_now  # the scheduler's wall clock (tests inject one)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep  # broadcast backoff waits
    # Broadcasts running in this process, by (kind, period_key): one at a time per push.
    broadcasts: dict[tuple[str, str], asyncio.Task[Any]] = field(default_factory=dict)


class BotData:
    """The application's bot_data: holds the services (PTB creates it without arguments)."""

    def __init__(self) -> None:
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("services are set by bot.app.build_application")
        return self._services

    @services.setter
    def services(self, value: Services) -> None:
        self._services = value


class BotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    """Callback context with typed access to the services."""

    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def settings(self) -> Settings:
        return self.bot_data.services.settings

    @property
    def poi(self) -> PoiService:
        return self.bot_data.services.poi


BotApplication: TypeAlias = Application[
    ExtBot[Any], BotContext, dict[Any, Any], dict[Any, Any], BotData, JobQueue[BotContext]
]
