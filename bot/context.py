"""The typed context handlers receive: services read through properties, not dict look-ups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

from sqlalchemy import Engine
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.config import Settings
from bot.service import PoiService


@dataclass
class Services:
    """What the application factory wires together and every handler and job may use."""

    settings: Settings
    engine: Engine
    poi: PoiService


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
