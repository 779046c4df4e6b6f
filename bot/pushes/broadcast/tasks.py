"""Broadcasts of pushes as application tasks, started by the scheduler, the catch-up and uploads.

Recipients are those active when the push was due (its fire time), whatever the time it is sent:
a chat paused then does not receive it late.

Broadcasts run as application tasks, so questions keep being answered meanwhile; they share the
process's one rate limiter, and the delivery claims (storage.deliveries) give each chat each push
once, whatever restarts, retries or other processes on the same database do. A push already
broadcasting in this process is not started twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

from sqlmodel import Session
from telegram.ext import CallbackContext

from bot.context import BotApplication, BotContext, Services
from bot.pushes.broadcast.delivery import Broadcaster
from bot.pushes.broadcast.keyboard import keyed_sender
from bot.pushes.broadcast.summary import BroadcastSummary
from bot.pushes.calendar import Occurrence, PushKind
from bot.pushes.plan import PreparedPush, data_update_push, scheduled_push, update_key
from storage.deliveries import Recipient, active_recipients, finished_chats
from storage.push_runs import complete_run, start_run

log = logging.getLogger(__name__)

Prepare = Callable[[Session], PreparedPush]
PushTask = asyncio.Task[BroadcastSummary | None]


def application_of(context: BotContext) -> BotApplication:
    """The application a job or handler context belongs to."""
    # CallbackContext cannot carry the application's full generic type; this is what it is.
    return cast(BotApplication, context.application)


def start_scheduled(application: BotApplication, occurrence: Occurrence) -> PushTask:
    """Broadcasts one scheduled occurrence in the background (on the plan of its year)."""
    services = application.bot_data.services

    def prepare(session: Session) -> PreparedPush:
        return scheduled_push(session=session, settings=services.settings, occurrence=occurrence)

    return _start(application, occurrence.kind, occurrence.period_key, prepare, occurrence.fire_at, None)


async def announce_new_plan(
    context_or_application: BotContext | BotApplication, previous_plan_id: int | None, new_plan_id: int
) -> PushTask | None:
    """Starts the data update notice for a plan that just became current (in the background);
    `previous_plan_id` is the plan answered from before (None: there was none)."""
    application = (
        application_of(context_or_application)
        if isinstance(context_or_application, CallbackContext)
        else context_or_application
    )
    if previous_plan_id == new_plan_id:
        return None
    now = application.bot_data.services.clock()
    return start_update(application, previous_plan_id, new_plan_id, now)


def start_update(
    application: BotApplication, previous_plan_id: int | None, new_plan_id: int, fired_at: datetime
) -> PushTask:
    """Broadcasts the data update notice from one plan to another in the background."""
    services = application.bot_data.services

    def prepare(session: Session) -> PreparedPush:
        return data_update_push(
            session=session,
            settings=services.settings,
            previous_plan_id=previous_plan_id,
            new_plan_id=new_plan_id,
        )

    key = update_key(new_plan_id)
    return _start(application, PushKind.DATA_UPDATE, key, prepare, fired_at, previous_plan_id)


def _start(
    application: BotApplication,
    kind: PushKind,
    period_key: str,
    prepare: Prepare,
    fired_at: datetime,
    previous_plan_id: int | None,
) -> PushTask:
    services = application.bot_data.services
    key = (kind.value, period_key)
    running = services.broadcasts.get(key)
    if running is not None and not running.done():
        return running
    work = _broadcast(application, kind, period_key, prepare, fired_at, previous_plan_id)
    task: PushTask = application.create_task(work, name=f"push {kind.value}:{period_key}")
    services.broadcasts[key] = task

    def forget(done: asyncio.Task[Any]) -> None:
        if services.broadcasts.get(key) is done:
            del services.broadcasts[key]

    task.add_done_callback(forget)
    return task


def in_session(services: Services, work: Callable[[Session], Any]) -> Any:
    """Runs some database work in a session of its own (objects stay usable after commit)."""
    with Session(services.engine, expire_on_commit=False) as session:
        return work(session)


async def _broadcast(
    application: BotApplication,
    kind: PushKind,
    period_key: str,
    prepare: Prepare,
    fired_at: datetime,
    previous_plan_id: int | None,
) -> BroadcastSummary | None:
    """Records the run, sends to every active recipient once, and marks the run completed when
    every recipient's delivery is over."""
    services = application.bot_data.services
    now = services.clock()

    def begin(session: Session) -> tuple[PreparedPush, list[Recipient]]:
        start_run(
            session=session,
            kind=kind.value,
            period_key=period_key,
            fired_at=fired_at,
            previous_plan_id=previous_plan_id,
            now=now,
        )
        return prepare(session), active_recipients(session=session, at=fired_at)

    try:
        prepared, recipients = await asyncio.to_thread(in_session, services, begin)
        broadcaster = Broadcaster(
            services.engine,
            keyed_sender(application, prepared.buttons),  # the reminder's 📝 Registrar button
            limiter=services.limiter,
            sleep=services.sleep,
            now=services.clock,
        )
        summary = await broadcaster.broadcast(kind.value, period_key, prepared.text_for, recipients)

        def finish(session: Session) -> bool:
            done = finished_chats(session=session, kind=kind.value, period_key=period_key)
            if any(recipient.chat_id not in done for recipient in recipients):
                return False  # another process still holds some: it completes the run
            return complete_run(
                session=session,
                kind=kind.value,
                period_key=period_key,
                summary=summary.describe(),
                now=services.clock(),
            )

        completed = await asyncio.to_thread(in_session, services, finish)
    except Exception:
        log.exception(
            "push %s %s stopped; the periodic catch-up resumes it within the grace", kind.value, period_key
        )
        return None
    log.info("%s%s", summary.describe(), "" if completed else " (sin completar)")
    return summary
