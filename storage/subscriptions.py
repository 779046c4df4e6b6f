"""Subscriptions: which chats receive the scheduled pushes, for which units, and who is paused or gone.

Every function commits (crud style): call it with a session holding no pending changes.
Instants are stored in UTC; naive instants passed in are taken as UTC.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import CursorResult, Delete, Update, delete, inspect, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from storage.models import Subscription, User

ALL_UNITS = "*"
_LOCKED_OUT = ("denied", "revoked")  # user statuses that never receive pushes


def _columns_are_aware() -> bool:
    """Whether the store's datetime columns take aware instants.

    SQLModel >= 0.0.3x maps `datetime` fields to an aware UTC type that refuses naive values;
    older versions map them to a naive column. The functions here work with either.
    """
    return bool(getattr(inspect(Subscription).columns["created_at"].type, "timezone", False))


_AWARE_COLUMNS = _columns_are_aware()


def as_utc(instant: datetime | None) -> datetime:
    """An instant in UTC as the store takes it (aware or naive, see above); None means now.

    Naive instants passed in are taken as UTC.
    """
    if instant is None:
        instant = datetime.now(UTC)
    elif instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    instant = instant.astimezone(UTC)
    return instant if _AWARE_COLUMNS else instant.replace(tzinfo=None)


def run_counting(session: Session, statement: Update | Delete) -> int:
    """Executes an UPDATE or DELETE and commits; returns how many rows it touched."""
    result: CursorResult[Any] = session.connection().execute(statement)
    session.commit()
    return result.rowcount


@dataclass(frozen=True)
class Recipient:
    """A chat that receives a push, with every scope it subscribed to ("*" = every unit)."""

    chat_id: int
    telegram_id: int
    scopes: tuple[str, ...]

    @property
    def all_units(self) -> bool:
        return ALL_UNITS in self.scopes


def subscribe(*, session: Session, chat_id: int, telegram_id: int, scope: str) -> Subscription:
    """Subscribes a chat to a unit (canonical name) or to every unit ("*").

    A pause belongs to the whole chat: a new scope joins the chat's pause, and subscribing again
    leaves it alone (only `pause(until=None)`, /reanudar, ends it).
    """
    if not scope.strip():
        raise ValueError("scope must be a unit name or '*'")
    found = session.exec(
        select(Subscription).where(Subscription.chat_id == chat_id, Subscription.scope == scope)
    ).first()
    if found is None:
        paused = session.exec(
            select(func.max(Subscription.paused_until)).where(Subscription.chat_id == chat_id)
        ).first()
        found = Subscription(chat_id=chat_id, telegram_id=telegram_id, scope=scope, paused_until=paused)
        session.add(found)
        try:
            session.commit()
        except IntegrityError:  # subscribed at the same moment from another process
            session.rollback()
            found = session.exec(
                select(Subscription).where(Subscription.chat_id == chat_id, Subscription.scope == scope)
            ).one()
    return found


def unsubscribe(*, session: Session, chat_id: int, scope: str | None = None) -> int:
    """Removes one scope of a chat, or all of them; returns how many subscriptions went."""
    statement = delete(Subscription).where(col(Subscription.chat_id) == chat_id)
    if scope is not None:
        statement = statement.where(col(Subscription.scope) == scope)
    return run_counting(session, statement)


def pause(*, session: Session, chat_id: int, until: datetime | None) -> int:
    """Pauses every subscription of a chat until an instant (None resumes); returns how many."""
    statement = (
        update(Subscription)
        .where(col(Subscription.chat_id) == chat_id)
        .values(paused_until=None if until is None else as_utc(until))
    )
    return run_counting(session, statement)


def subscriptions_for(*, session: Session, chat_id: int | None = None) -> list[Subscription]:
    """A chat's subscriptions, or everyone's, ordered by chat and scope."""
    statement = select(Subscription).order_by(col(Subscription.chat_id), col(Subscription.scope))
    if chat_id is not None:
        statement = statement.where(Subscription.chat_id == chat_id)
    return list(session.exec(statement).all())


def active_recipients(*, session: Session, at: datetime | None = None) -> list[Recipient]:
    """The chats that receive a push fired at `at`: not paused then, not blocked, not revoked.

    A subscription whose user is unknown to the store (an admin named in the settings) counts.
    """
    moment = as_utc(at)
    rows = session.exec(
        select(Subscription, User)
        .join(User, col(User.telegram_id) == col(Subscription.telegram_id), isouter=True)
        .where(or_(col(Subscription.paused_until).is_(None), col(Subscription.paused_until) <= moment))
        .order_by(col(Subscription.chat_id), col(Subscription.scope))
    ).all()
    scopes: dict[int, list[str]] = defaultdict(list)
    owners: dict[int, int] = {}
    for subscription, user in rows:
        if user is not None and (not user.is_active or user.status in _LOCKED_OUT):
            continue
        scopes[subscription.chat_id].append(subscription.scope)
        owners.setdefault(subscription.chat_id, subscription.telegram_id)
    return [Recipient(chat, owners[chat], tuple(found)) for chat, found in scopes.items()]


def mark_user_blocked(*, session: Session, chat_id: int | None = None, telegram_id: int | None = None) -> int:
    """Marks inactive the users of a chat or Telegram id (they blocked the bot); returns how many."""
    if chat_id is None and telegram_id is None:
        raise ValueError("give chat_id or telegram_id")
    conditions = []
    if chat_id is not None:
        conditions.append(col(User.chat_id) == chat_id)
    if telegram_id is not None:
        conditions.append(col(User.telegram_id) == telegram_id)
    return run_counting(session, update(User).where(or_(*conditions)).values(is_active=False))
