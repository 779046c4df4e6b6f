"""Pushes ready to broadcast, read from the store: the plan each one speaks of, who may read what,
the text for each recipient, and what a start-up must catch up on. No Telegram here: the scheduler
broadcasts what this prepares and the CLI prints it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.config import Settings
from bot.domain.figures import Bands
from bot.domain.snapshot import PlanSnapshot
from bot.pushes.calendar import KIND_LABELS, SCHEDULED_KINDS, Occurrence, PushKind, Schedule, due_occurrences
from bot.pushes.messages import push_text
from bot.pushes.reporting_button import reminder_buttons
from bot.pushes.update_notice import data_update_text
from storage.models import PushRun, User
from storage.push_runs import aware, get_run, last_completed, unfinished_runs
from storage.queries import current_plan, load_snapshot, plan_for_year
from storage.subscriptions import Recipient

TextFor = Callable[[Recipient], str | None]


@dataclass(frozen=True)
class PreparedPush:
    """One push ready to broadcast: its delivery key, a Spanish title and the text for each recipient."""

    kind: PushKind
    period_key: str
    title: str  # e.g. "alerta de fin de trimestre · III trimestre de 2019"
    text_for: TextFor
    buttons: tuple[tuple[str, str], ...] = ()  # (label, callback data) under the message: one row


def update_key(plan_id: int) -> str:
    """The delivery key of the data update notice for a plan, e.g. "plan-7"."""
    return f"plan-{plan_id}"


@dataclass(frozen=True)
class Audience:
    """Who may read what: under RESTRICT_TO_OWN_UNIT a user who is not an admin is only ever told
    about their own unit, whatever they subscribed to before ("*" counts as their own unit)."""

    restricted: bool
    admin_ids: Collection[int]
    units: dict[int, str | None]  # Telegram id -> the user's unit

    def scopes(self, recipient: Recipient) -> tuple[str, ...]:
        if not self.restricted or recipient.telegram_id in self.admin_ids:
            return recipient.scopes
        own = self.units.get(recipient.telegram_id)
        return (own,) if own is not None and (own in recipient.scopes or recipient.all_units) else ()

    def texts(self, compose: Callable[[tuple[str, ...]], str | None]) -> TextFor:
        """The text for each recipient, composed once per set of scopes (most share one)."""
        cache: dict[tuple[str, ...], str | None] = {}

        def text_for(recipient: Recipient) -> str | None:
            scopes = self.scopes(recipient)
            if not scopes:
                return None
            if scopes not in cache:
                cache[scopes] = compose(scopes)
            return cache[scopes]

        return text_for


def load_audience(*, session: Session, settings: Settings) -> Audience:
    units = {user.telegram_id: user.unit_name for user in session.exec(select(User))}
    return Audience(settings.restrict_to_own_unit, settings.admin_ids, units)


def snapshot_for_year(*, session: Session, year: int) -> PlanSnapshot | None:
    """The latest cut-off of a year's plan, as answers read it; None when that year has no plan."""
    plan = plan_for_year(session=session, year=year)
    return None if plan is None or plan.id is None else load_snapshot(session=session, plan_id=plan.id)


def occurrence_text(
    occurrence: Occurrence, snapshot: PlanSnapshot | None, audience: Audience, bands: Bands
) -> TextFor:
    def compose(scopes: tuple[str, ...]) -> str | None:
        return push_text(occurrence.kind, occurrence.period, snapshot, scopes, bands)

    return audience.texts(compose)


def scheduled_push(*, session: Session, settings: Settings, occurrence: Occurrence) -> PreparedPush:
    """A scheduled occurrence, on the plan of the year it speaks of (silent when there is none)."""
    snapshot = snapshot_for_year(session=session, year=occurrence.year)
    audience = load_audience(session=session, settings=settings)
    return PreparedPush(
        occurrence.kind,
        occurrence.period_key,
        f"{occurrence.label} · {occurrence.period_label}",
        occurrence_text(occurrence, snapshot, audience, settings.bands),
        reminder_buttons(occurrence, snapshot),
    )


def data_update_push(
    *, session: Session, settings: Settings, previous_plan_id: int | None, new_plan_id: int
) -> PreparedPush:
    """The notice that `new_plan_id` became current, measured against `previous_plan_id`."""
    new = load_snapshot(session=session, plan_id=new_plan_id)
    old = None
    if previous_plan_id is not None and previous_plan_id != new_plan_id:
        try:
            old = load_snapshot(session=session, plan_id=previous_plan_id)
        except LookupError:  # deleted since: announce the new plan on its own
            old = None
    audience = load_audience(session=session, settings=settings)
    bands = settings.bands

    def compose(scopes: tuple[str, ...]) -> str | None:
        return data_update_text(old, new, scopes, bands)

    title = f"{KIND_LABELS[PushKind.DATA_UPDATE]} · POI {new.year} a mes {new.cutoff_month}"
    return PreparedPush(PushKind.DATA_UPDATE, update_key(new_plan_id), title, audience.texts(compose))


@dataclass(frozen=True)
class Unannounced:
    """A current plan no data update notice was started for (loaded from the command line, or the
    process died between the import and the notice): announce it against `previous_plan_id`."""

    plan_id: int
    previous_plan_id: int | None  # the plan of the latest notice (None: never any)
    imported_at: datetime


@dataclass(frozen=True)
class Missed:
    """What a catch-up must still send: scheduled occurrences, interrupted data updates, and the
    current plan if it was imported within the grace and never announced."""

    occurrences: list[Occurrence]
    updates: list[PushRun]
    unannounced: Unannounced | None = None


def unannounced_plan(*, session: Session, since: datetime, now: datetime) -> Unannounced | None:
    """The current plan, if it was imported between `since` and `now` and no notice of it was ever
    started (older plans are never announced, so a first start-up stays quiet)."""
    plan = current_plan(session=session)
    if plan is None or plan.id is None or not since <= aware(plan.imported_at) <= now:
        return None
    kind = PushKind.DATA_UPDATE.value
    if get_run(session=session, kind=kind, period_key=update_key(plan.id)) is not None:
        return None
    statement = select(PushRun).where(PushRun.kind == kind).order_by(col(PushRun.fired_at).desc())
    latest = session.exec(statement.limit(1)).first()
    previous = plan_id_of(latest) if latest is not None else None
    return Unannounced(plan.id, previous if previous != plan.id else None, aware(plan.imported_at))


def missed(*, session: Session, schedule: Schedule, now: datetime) -> Missed:
    """The occurrences fired within the grace whose runs did not complete (a newer one of a kind
    supersedes an older one), the data updates cut short within the grace, and the current plan
    if it was imported within the grace and never announced."""
    completed = last_completed(session=session)
    found: list[Occurrence] = []
    for kind in SCHEDULED_KINDS:
        done = completed.get(kind.value)
        checked = done + timedelta(microseconds=1) if done is not None else None
        found += [item for item in due_occurrences(schedule, now, checked) if item.kind is kind]
    found.sort(key=lambda item: item.fire_at)
    since = now - schedule.grace
    updates = unfinished_runs(session=session, kind=PushKind.DATA_UPDATE.value, since=since)
    return Missed(found, updates, unannounced_plan(session=session, since=since, now=now))


def plan_id_of(run: PushRun) -> int:
    """The plan a data update run announces (its key is "plan-N")."""
    return int(run.period_key.removeprefix("plan-"))


def current_plan_id(engine: Engine) -> int | None:
    """The id of the plan questions are answered from now (read it before an import to announce
    what the import changed)."""
    with Session(engine) as session:
        plan = current_plan(session=session)
        return None if plan is None else plan.id
