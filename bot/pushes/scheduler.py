"""Scheduled pushes on PTB's JobQueue, and their broadcasts in the background.

Jobs. Each scheduled kind has one job, for its next occurrence, named and identified by
`Occurrence.job_id` ("quarter_alert:2019-Q3"); when it runs it starts that broadcast and schedules
the next occurrence of its kind. Jobs live in memory and are rebuilt from the calendar at every
start-up (`schedule_pushes`, called by post_init). The delay is measured on `Services.clock`, so
a test's injected clock and the scheduler agree; APScheduler runs a late job however late
(`misfire_grace_time=None`) and the job itself skips an occurrence older than the grace. A skipped
occurrence is logged and recorded in the broadcast log as expired ("vencido" in /programacion).

Catch-up. The `catch_up` job runs at start-up and then every `CATCH_UP_INTERVAL` (the claims'
lease and a minute): it sends what fired while the bot was down, or was cut short (a crash, a
database error at fire time), while it is still within MISSED_GRACE_HOURS of its fire time,
resumes data update notices cut short, and announces the current plan when it was imported within
the grace and no notice of it was ever started (`poi-bot import` on the command line, or a death
between an upload and its notice). Running after every lease is what frees the deliveries a
crashed process still held when it was restarted at once: their claims are taken over, and
messages it was handing to Telegram are recorded as uncertain, never resent. In the quiet hours
(QUIET_HOURS_START to QUIET_HOURS_END, local time) it sends nothing and waits for their end; the
grace still counts from the original fire time. The broadcast log (storage.push_runs) says which
pushes completed: those are never started again.

The broadcasts themselves start in ``bot.pushes.broadcast.tasks``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import Any

from apscheduler.jobstores.base import JobLookupError
from sqlmodel import Session
from telegram.ext import JobQueue

from bot.context import BotApplication, BotContext, Services
from bot.pushes.broadcast.tasks import application_of, in_session, start_scheduled, start_update
from bot.pushes.calendar import (
    SCHEDULED_KINDS,
    Occurrence,
    PushKind,
    Schedule,
    in_quiet_hours,
    next_occurrence,
    quiet_hours_end,
)
from bot.pushes.plan import Missed, missed, plan_id_of
from storage.deliveries import DEFAULT_LEASE
from storage.push_runs import record_expired

log = logging.getLogger(__name__)

CATCH_UP_JOB = "catch_up"
CATCH_UP_INTERVAL = DEFAULT_LEASE + timedelta(minutes=1)  # a dead process's claims have expired by then
JOB_OPTIONS: dict[str, Any] = {"misfire_grace_time": None, "coalesce": True, "replace_existing": True}


def _job_queue(application: BotApplication) -> JobQueue[BotContext]:
    if application.job_queue is None:
        raise RuntimeError("scheduled pushes need PTB's JobQueue (python-telegram-bot[job-queue])")
    return application.job_queue


def _schedule(services: Services) -> Schedule:
    return Schedule.from_settings(services.settings)


def schedule_pushes(application: BotApplication) -> None:
    """Schedules the next occurrence of every kind and the catch-up (now, then periodically)."""
    services = application.bot_data.services
    now = services.clock()
    for kind in SCHEDULED_KINDS:
        schedule_next(application, kind, now)
    job_kwargs = {**JOB_OPTIONS, "id": CATCH_UP_JOB}
    _job_queue(application).run_repeating(
        catch_up_job, interval=CATCH_UP_INTERVAL, first=0, name=CATCH_UP_JOB, job_kwargs=job_kwargs
    )


def schedule_next(application: BotApplication, kind: PushKind, after: datetime) -> Occurrence:
    """Replaces the job of a kind by one for its first occurrence after `after`."""
    services = application.bot_data.services
    job_queue = _job_queue(application)
    occurrence = next_occurrence(_schedule(services), kind, after)
    for job in job_queue.jobs():
        if job.name is not None and job.name.startswith(f"{kind.value}:") and job.name != occurrence.job_id:
            with contextlib.suppress(JobLookupError):  # APScheduler already dropped a date job that ran
                job.schedule_removal()
    delay = max(occurrence.fire_at - services.clock(), timedelta(0))
    job_queue.run_once(
        push_job,
        when=delay,
        data=occurrence,
        name=occurrence.job_id,
        job_kwargs={**JOB_OPTIONS, "id": occurrence.job_id},
    )
    return occurrence


async def push_job(context: BotContext) -> None:
    """Starts the broadcast of one scheduled push and schedules the next of its kind."""
    job = context.job
    if job is None or not isinstance(job.data, Occurrence):
        raise TypeError("a push job carries its Occurrence as data")
    occurrence = job.data
    services = context.services
    now = services.clock()
    schedule_next(application_of(context), occurrence.kind, max(now, occurrence.fire_at))
    if now - occurrence.fire_at > _schedule(services).grace:
        log.warning("%s ran at %s, past the grace: not sent", occurrence.job_id, now.isoformat())

        def expire(session: Session) -> None:
            record_expired(
                session=session,
                kind=occurrence.kind.value,
                period_key=occurrence.period_key,
                fired_at=occurrence.fire_at,
                now=now,
            )

        await asyncio.to_thread(in_session, services, expire)
        return
    start_scheduled(application_of(context), occurrence)


async def catch_up_job(context: BotContext) -> None:
    """Sends the pushes missed or cut short (within the grace) and resumes cut notices; sends
    nothing in the quiet hours."""
    application = application_of(context)
    services = context.services
    schedule = _schedule(services)
    now = services.clock()
    if in_quiet_hours(schedule, now):
        log.info("catch-up: quiet hours until %s", quiet_hours_end(schedule, now).isoformat())
        return

    def look(session: Session) -> Missed:
        return missed(session=session, schedule=schedule, now=now)

    found: Missed = await asyncio.to_thread(in_session, services, look)
    for occurrence in found.occurrences:
        log.info("catching up on %s (fired %s)", occurrence.job_id, occurrence.fire_at.isoformat())
        start_scheduled(application, occurrence)
    for run in found.updates:
        log.info("resuming the data update notice %s", run.period_key)
        start_update(application, run.previous_plan_id, plan_id_of(run), run.fired_at)
    fresh = found.unannounced
    if fresh is not None:
        log.info("announcing plan %s, imported without a data update notice", fresh.plan_id)
        start_update(application, fresh.previous_plan_id, fresh.plan_id, fresh.imported_at)
