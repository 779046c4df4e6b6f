"""Helpers of the push tests (the fixture is in tests.push_fixtures): an injected wall clock,
virtual-time sends, a store file several applications ("processes") can share, and the people.
several applications ("processes") can share, and the people who subscribe.

    bot = await push_bot(at=lima(2019, 9, 20, 8))     # sample loaded, jobs scheduled from 08:00
    await subscribe(bot, MANAGER, "recursos humanos")
    bot.clock.at = lima(2019, 9, 20, 9)
    await bot.run_job("quarter_alert:2019-Q3")
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session

from bot.context import Services
from storage.deliveries import deliveries_for
from storage.models import Delivery
from tests.bot_fixtures import ADMIN, MANAGER
from tests.delivery_fakes import VirtualClock
from tests.telegram_fake import FakeTransport
from tests.telegram_harness import AnyApplication, BotHarness
from tests.telegram_updates import FakeUser

LIMA = ZoneInfo("America/Lima")
RRHH = "GERENCIA DE RECURSOS HUMANOS"
FINANZAS = "GERENCIA DE FINANZAS"
WORST = "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL"
TREASURER = FakeUser(id=900004, first_name="Fina", last_name="Tesorera", username="fina_t")
__all__ = ["ADMIN", "MANAGER", "TREASURER"]


def lima(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A wall-clock time in Lima, aware."""
    return datetime(year, month, day, hour, minute, tzinfo=LIMA)


@dataclass
class Clock:
    """The wall clock the scheduler and the store read; the test moves it."""

    at: datetime

    def __call__(self) -> datetime:
        return self.at


class PushBot(BotHarness):
    """A harness that knows its clock, its virtual send time and its services."""

    def __init__(self, application: AnyApplication, clock: Clock, virtual: VirtualClock) -> None:
        super().__init__(application)
        self.clock = clock
        self.virtual = virtual

    @property
    def services(self) -> Services:
        services: Services = self.application.bot_data.services
        return services

    @property
    def engine(self) -> Engine:
        return self.services.engine

    def job_names(self) -> list[str]:
        job_queue = self.application.job_queue
        return sorted(job.name or "" for job in job_queue.jobs()) if job_queue is not None else []

    def deliveries(self, kind: str | None = None) -> list[Delivery]:
        with Session(self.engine) as session:
            return deliveries_for(session=session, kind=kind)


PushBotFactory = Callable[..., Awaitable[PushBot]]


def sent_to(transport: FakeTransport, chats: list[int], since: int = 0) -> Counter[int]:
    """How many messages Telegram accepted for each of these chats (from call number `since` on)."""
    counts: Counter[int] = Counter()
    for call in transport.calls[since:]:
        if call.method == "sendMessage" and call.ok and call.params.get("chat_id") in chats:
            counts[call.params["chat_id"]] += 1
    return counts


async def subscribe(bot: BotHarness, user: FakeUser, words: str = "") -> str:
    """The user subscribes from their private chat; returns the reply."""
    await bot.send(f"/suscribir {words}".strip(), user=user)
    reply = bot.pop_message().text
    assert reply.startswith("✅ Listo"), reply
    return reply


def drain(bot: BotHarness) -> None:
    while bot.messages:
        bot.pop_message()
