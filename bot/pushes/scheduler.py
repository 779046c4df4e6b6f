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

Recipients are those active when the push was due (its fire time), whatever the time it is sent:
a chat paused then does not receive it late.

Broadcasts run as application tasks, so questions keep being answered meanwhile; they share the
process's one rate limiter, and the delivery claims (storage.deliveries) give each chat each push
once, whatever restarts, retries or other processes on the same database do. A push already
broadcasting in this process is not started twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from apscheduler.jobstores.base import JobLookupError
from sqlmodel import Session
from telegram.ext import CallbackContext, JobQueue

from bot.context import BotApplication, BotContext, Services
from bot.pushes.broadcast_summary import BroadcastSummary
from bot.pushes.calendar import (
    SCHEDULED_KINDS,
    Occurrence,
    PushKind,
    Schedule,
    in_quiet_hours,
    next_occurrence,
    quiet_hours_end,
)
from bot.pushes.delivery import Broadcaster
from bot.pushes.plan import (
    Missed,
    PreparedPush,
    data_update_push,
    missed,
    plan_id_of,
    scheduled_push,
    update_key,
)
from bot.pushes.reporting_reminders import keyed_sender
from storage.deliveries import DEFAULT_LEASE, Recipient, active_recipients, finished_chats
from storage.push_runs import complete_run, record_expired, start_run

log = logging.getLogger(__name__)

CATCH_UP_JOB = "catch_up"
CATCH_UP_INTERVAL = DEFAULT_LEASE + timedelta(minutes=1)  # a dead process's claims have expired by then
JOB_OPTIONS: dict[str, Any] = {"misfire_grace_time": None, "coalesce": True, "replace_existing": True}
Prepare = Callable[[Session], PreparedPush]
PushTask = asyncio.Task[BroadcastSummary | None]


def _job_queue(application: BotApplication) -> JobQueue[BotContext]:
    if application.job_queue is None:
        raise RuntimeError("scheduled pushes need PTB's JobQueue (python-telegram-bot[job-queue])")
    return application.job_queue


def _schedule(services: Services) -> Schedule:
    return Schedule.from_settings(services.settings)


def _application(context: BotContext) -> BotApplication:
    # CallbackContext cannot carry the application's full generic type; this is what it is.
    return cast(BotApplication, context.application)


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
    schedule_next(_application(context), occurrence.kind, max(now, occurrence.fire_at))
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

        await asyncio.to_thread(_in_session, services, expire)
        return
    start_scheduled(_application(context), occurrence)


async def catch_up_job(context: BotContext) -> None:
    """Sends the pushes missed or cut short (within the grace) and resumes cut notices; sends
    nothing in the quiet hours."""
    application = _application(context)
    services = context.services
    schedule = _schedule(services)
    now = services.clock()
    if in_quiet_hours(schedule, now):
        log.info("catch-up: quiet hours until %s", quiet_hours_end(schedule, now).isoformat())
        return

    def look(session: Session) -> Missed:
        return missed(session=session, schedule=schedule, now=now)

    found: Missed = await asyncio.to_thread(_in_session, services, look)
    for occurrence in found.occurrences:
        log.info("catching up on %s (fired %s)", occurrence.job_id, occurrence.fire_at.isoformat())
        start_scheduled(application, occurrence)
    for run in found.updates:
        log.info("resuming the data update notice %s", run.period_key)
        _start_update(application, run.previous_plan_id, plan_id_of(run), run.fired_at)
    fresh = found.unannounced
    if fresh is not None:
        log.info("announcing plan %s, imported without a data update notice", fresh.plan_id)
        _start_update(application, fresh.previous_plan_id, fresh.plan_id, fresh.imported_at)


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
        _application(context_or_application)
        if isinstance(context_or_application, CallbackContext)
        else context_or_application
    )
    if previous_plan_id == new_plan_id:
        return None
    now = application.bot_data.services.clock()
    return _start_update(application, previous_plan_id, new_plan_id, now)


def _start_update(
    application: BotApplication, previous_plan_id: int | None, new_plan_id: int, fired_at: datetime
) -> PushTask:
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


def _in_session(services: Services, work: Callable[[Session], Any]) -> Any:
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
        prepared, recipients = await asyncio.to_thread(_in_session, services, begin)
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

        completed = await asyncio.to_thread(_in_session, services, finish)
    except Exception:
        log.exception(
            "push %s %s stopped; the periodic catch-up resumes it within the grace", kind.value, period_key
        )
        return None
    log.info("%s%s", summary.describe(), "" if completed else " (sin completar)")
    return summary
