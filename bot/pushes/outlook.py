"""What is coming, read from the store: the next push of each kind with its recipients (for
/programacion and `poi-bot schedule`), what a moment would send and to whom (`poi-bot alerts
preview`), and what one chat will receive and when (/alertas). No Telegram, nothing sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from bot.config import Settings
from bot.domain.markup import person_name
from bot.domain.snapshot import PlanSnapshot
from bot.pushes.calendar import SCHEDULED_KINDS, Occurrence, Schedule, next_occurrence, occurrences
from bot.pushes.messages import silence_reason
from bot.pushes.plan import load_audience, occurrence_text, scheduled_push, snapshot_for_year
from storage.models import User
from storage.push_runs import aware
from storage.subscriptions import Recipient, active_recipients, subscriptions_for


@dataclass(frozen=True)
class Upcoming:
    """One scheduled push to come: how many chats receive it, and how many would get a message
    with the data loaded now (a quarter alert skips units with nothing lagging)."""

    occurrence: Occurrence
    recipients: int
    with_message: int


@dataclass(frozen=True)
class PreviewItem:
    """One recipient of a previewed push: who, and the text or why nothing would be sent."""

    recipient: Recipient
    name: str
    text: str | None
    reason: str | None = None


@dataclass(frozen=True)
class Preview:
    occurrence: Occurrence
    items: list[PreviewItem]


@dataclass(frozen=True)
class NextPush:
    """The next push of a kind for one chat: whether a pause covers it, and why it would be silent."""

    occurrence: Occurrence
    paused: bool
    reason: str | None


@dataclass(frozen=True)
class ChatOutlook:
    """What one chat is subscribed to and what comes next."""

    scopes: tuple[str, ...]
    visible: tuple[str, ...]  # the scopes it is actually told about (RESTRICT_TO_OWN_UNIT)
    paused_until: datetime | None
    upcoming: list[NextPush]


def next_occurrences(schedule: Schedule, now: datetime) -> list[Occurrence]:
    """The next occurrence of each scheduled kind after `now`, soonest first."""
    found = [next_occurrence(schedule, kind, now) for kind in SCHEDULED_KINDS]
    return sorted(found, key=lambda item: item.fire_at)


def upcoming(*, session: Session, settings: Settings, pushes: Sequence[Occurrence]) -> list[Upcoming]:
    """Recipients (those not paused at the fire time) and messages of each occurrence."""
    result = []
    for occurrence in pushes:
        recipients = active_recipients(session=session, at=occurrence.fire_at)
        prepared = scheduled_push(session=session, settings=settings, occurrence=occurrence)
        with_message = sum(prepared.text_for(recipient) is not None for recipient in recipients)
        result.append(Upcoming(occurrence, len(recipients), with_message))
    return result


def _names(session: Session) -> dict[int, str]:
    names = {}
    for user in session.exec(select(User)):
        handle = f" (@{person_name(user.username)})" if user.username else ""
        names[user.telegram_id] = f"{person_name(user.name) or 'sin nombre'}{handle}"
    return names


def preview(*, session: Session, settings: Settings, at: datetime) -> list[Preview]:
    """What the pushes firing in the minute starting at `at` would send, and to whom."""
    schedule = Schedule.from_settings(settings)
    names = _names(session)
    result = []
    audience = load_audience(session=session, settings=settings)
    for occurrence in occurrences(schedule, at, at + timedelta(minutes=1)):
        snapshot = snapshot_for_year(session=session, year=occurrence.year)
        text_for = occurrence_text(occurrence, snapshot, audience, settings.bands)
        items = []
        for recipient in active_recipients(session=session, at=occurrence.fire_at):
            name = names.get(recipient.telegram_id, str(recipient.telegram_id))
            text = text_for(recipient)
            scopes = audience.scopes(recipient)
            reason = None
            if text is None:
                reason = (
                    "su acceso se limita a otra unidad"
                    if not scopes
                    else silence_reason(
                        occurrence.kind, occurrence.year, occurrence.period, snapshot, scopes, settings.bands
                    )
                )
            items.append(PreviewItem(recipient, name, text, reason))
        result.append(Preview(occurrence, items))
    return result


def chat_outlook(
    *, session: Session, settings: Settings, chat_id: int, telegram_id: int, now: datetime
) -> ChatOutlook:
    """A chat's subscriptions and, for each scheduled kind, its next push and why it may be silent."""
    subscriptions = subscriptions_for(session=session, chat_id=chat_id)
    scopes = tuple(subscription.scope for subscription in subscriptions)
    pauses = [aware(s.paused_until) for s in subscriptions if s.paused_until is not None]
    paused_until = max(pauses) if pauses and max(pauses) > now else None
    audience = load_audience(session=session, settings=settings)
    visible = audience.scopes(Recipient(chat_id, telegram_id, scopes)) if scopes else ()
    schedule = Schedule.from_settings(settings)
    plans: dict[int, PlanSnapshot | None] = {}
    result = []
    for occurrence in next_occurrences(schedule, now):
        if occurrence.year not in plans:
            plans[occurrence.year] = snapshot_for_year(session=session, year=occurrence.year)
        snapshot = plans[occurrence.year]
        reason = silence_reason(
            occurrence.kind, occurrence.year, occurrence.period, snapshot, visible, settings.bands
        )
        paused = paused_until is not None and paused_until > occurrence.fire_at
        result.append(NextPush(occurrence, paused, reason))
    return ChatOutlook(scopes, visible, paused_until, result)
