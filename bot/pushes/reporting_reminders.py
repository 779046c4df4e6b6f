"""Monthly reporting reminders: on the configured days (REPORT_NUDGE_DAYS, at REMINDER_TIME) the
approved users of every unit that has not sent last month's execution are reminded, with the
"📝 Registrar <mes>" button. Sent through the broadcaster, so each chat gets each reminder once
whatever restarts or other processes do.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from sqlmodel import Session

from bot.context import BotApplication, BotContext, Services
from bot.domain.periods import MONTH_NAMES
from bot.pushes.broadcast.delivery import Broadcaster
from bot.pushes.broadcast.keyboard import keyed_sender
from bot.pushes.plan import snapshot_for_year
from bot.pushes.reporting_button import register_button
from bot.services.reporting_review import pending_units
from storage import reporting as store
from storage.queries import plan_for_year
from storage.subscriptions import Recipient

NUDGE_JOB = "report_nudge"
NUDGE_KIND = "report_nudge"
log = logging.getLogger(__name__)


def previous_month(local: datetime) -> tuple[int, int]:
    return (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)


def nudge_recipients(session: Session, year: int, month: int) -> list[Recipient]:
    """The approved users of the units that still owe the month (none without a plan of that year)."""
    snapshot = snapshot_for_year(session=session, year=year)
    plan = plan_for_year(session=session, year=year)
    if snapshot is None or plan is None or plan.id is None:
        return []
    return [
        Recipient(chat_id=user.chat_id, telegram_id=user.telegram_id, scopes=(unit,))
        for unit in pending_units(session, snapshot, plan.id, month)
        for user in store.unit_members(session=session, unit=unit)
        if user.chat_id is not None
    ]


def nudge_text(year: int, month: int, recipient: Recipient) -> str:
    unit = recipient.scopes[0]
    return (
        f"📝 Aún falta registrar la ejecución de {MONTH_NAMES[month - 1]} de {year} de {unit}. "
        "Son unos minutos: una actividad por mensaje."
    )


async def nudge_job(context: BotContext) -> None:
    """On a configured day, reminds the units still pending for last month."""
    services: Services = context.services
    local = services.clock().astimezone(services.settings.tz)
    if local.day not in services.settings.report_nudge_days:
        return
    year, month = previous_month(local)

    def look() -> list[Recipient]:
        with Session(services.engine, expire_on_commit=False) as session:
            return nudge_recipients(session, year, month)

    recipients = await asyncio.to_thread(look)
    if not recipients:
        return
    application: BotApplication = context.application  # type: ignore[assignment]
    broadcaster = Broadcaster(
        services.engine,
        keyed_sender(application, (register_button(year, month),)),
        limiter=services.limiter,
        sleep=services.sleep,
        now=services.clock,
    )
    key = f"{year}-{month:02d}-d{local.day}"
    summary = await broadcaster.broadcast(
        NUDGE_KIND, key, lambda recipient: nudge_text(year, month, recipient), recipients
    )
    log.info("%s", summary.describe())


def schedule_reporting(application: BotApplication) -> None:
    """The daily job that sends the reporting reminders on their days (no days: no job)."""
    settings = application.bot_data.services.settings
    if not settings.report_nudge_days or application.job_queue is None:
        return
    application.job_queue.run_daily(
        nudge_job, time=settings.reminder_time.replace(tzinfo=settings.tz), name=NUDGE_JOB
    )
