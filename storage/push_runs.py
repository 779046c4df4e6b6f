"""The broadcast log: which pushes were started and which completed, for the start-up catch-up.

A run is one (kind, period_key); whoever starts it first inserts the row, later starters (a restart,
a second process) find it. It is completed once every recipient's delivery is over. An occurrence
whose job ran past the grace is recorded as expired: completed, nothing sent, its summary
`EXPIRED` (so no catch-up starts it, and /programacion shows it "vencido"). Every function
commits (crud style): call it with a session holding no pending changes. Instants are stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from storage.models import PushRun
from storage.subscriptions import as_utc, run_counting


def aware(instant: datetime) -> datetime:
    """An instant read from the store as an aware UTC datetime (SQLite gives naive ones back)."""
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def get_run(*, session: Session, kind: str, period_key: str) -> PushRun | None:
    return session.exec(select(PushRun).where(PushRun.kind == kind, PushRun.period_key == period_key)).first()


def start_run(
    *,
    session: Session,
    kind: str,
    period_key: str,
    fired_at: datetime,
    previous_plan_id: int | None = None,
    now: datetime | None = None,
) -> PushRun:
    """Records that a push is being broadcast (once: a second start finds the first one's row)."""
    found = get_run(session=session, kind=kind, period_key=period_key)
    if found is not None:
        return found
    run = PushRun(
        kind=kind,
        period_key=period_key,
        fired_at=as_utc(fired_at),
        previous_plan_id=previous_plan_id,
        started_at=as_utc(now),
    )
    session.add(run)
    try:
        session.commit()
    except IntegrityError:  # started at the same moment by another process
        session.rollback()
        found = get_run(session=session, kind=kind, period_key=period_key)
        if found is None:  # no row after all: the integrity error was something else
            raise
        return found
    return run


EXPIRED = "vencido: no se envió, pasó el plazo de recuperación (MISSED_GRACE_HOURS)"


def is_expired(run: PushRun) -> bool:
    return run.summary == EXPIRED


def record_expired(
    *, session: Session, kind: str, period_key: str, fired_at: datetime, now: datetime | None = None
) -> PushRun:
    """Records that an occurrence was not sent because its time had passed (a run cut short and
    never finished within the grace ends expired too; a completed run is left as it was)."""
    run = start_run(session=session, kind=kind, period_key=period_key, fired_at=fired_at, now=now)
    if run.completed_at is None:
        complete_run(session=session, kind=kind, period_key=period_key, summary=EXPIRED, now=now)
        session.refresh(run)
    return run


def complete_run(
    *, session: Session, kind: str, period_key: str, summary: str, now: datetime | None = None
) -> bool:
    """Marks a run completed with its figures; False when it was not started."""
    statement = (
        update(PushRun)
        .where(col(PushRun.kind) == kind, col(PushRun.period_key) == period_key)
        .values(completed_at=as_utc(now), summary=summary[:1000])
    )
    return run_counting(session, statement) == 1


def last_completed(*, session: Session) -> dict[str, datetime]:
    """For each kind, the fire time of its latest completed run (aware UTC)."""
    statement = (
        select(PushRun.kind, func.max(PushRun.fired_at))
        .where(col(PushRun.completed_at).is_not(None))
        .group_by(col(PushRun.kind))
    )
    return {kind: aware(fired) for kind, fired in session.exec(statement).all() if fired is not None}


def unfinished_runs(*, session: Session, kind: str, since: datetime) -> list[PushRun]:
    """Runs of a kind fired at or after `since` that never completed, oldest first."""
    statement = (
        select(PushRun)
        .where(PushRun.kind == kind, col(PushRun.completed_at).is_(None))
        .where(col(PushRun.fired_at) >= as_utc(since))
        .order_by(col(PushRun.fired_at))
    )
    return list(session.exec(statement).all())


def latest_runs(*, session: Session, limit: int = 5) -> list[PushRun]:
    """The most recent runs, newest first."""
    statement = select(PushRun).order_by(col(PushRun.started_at).desc(), col(PushRun.id).desc())
    return list(session.exec(statement.limit(limit)).all())
