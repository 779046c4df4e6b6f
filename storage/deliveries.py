"""The delivery log: each scheduled push to each chat claimed once, sent once, and its outcome kept.

Exactly-once rule. A delivery is one (kind, period_key, chat_id) row; whoever INSERTs it first owns
it (the unique constraint decides, on SQLite and PostgreSQL alike, across processes). Its life:

    claim ──> claimed ──begin_attempt──> sending ──mark_sent──> sent
    claim(sending=True) ───────────────> sending ──mark_failed(final)──> failed
       claimed <──mark_failed(retry)──── sending ──mark_skipped──> skipped (e.g. user blocked the bot)

- `claimed` means nothing has reached Telegram yet. When its owner stops gracefully it releases
  the row (`release`); when it dies, the row is taken over once its lease runs out (`reclaim`).
  Either way the next broadcaster sends it: no loss and, since nothing was sent, no duplicate.
- `sending` is committed *before* the message is handed to Telegram (`begin_attempt`, a
  compare-and-set on the owner, so a lost lease can never lead to a second send). A `sending` row
  whose owner died is ambiguous: Telegram may or may not have delivered it, and the Bot API offers
  no idempotency key to find out. Such a row is never resent (at-most-once for that one in-flight
  message per crashed worker): `resolve_stale_in_flight` records it as `failed` with an
  "uncertain" error, so it is visible in the log instead of silently lost or silently doubled.
  A duplicate is what users report as the worst failure of alerting tools; a graceful stop
  finishes its in-flight sends, so only a hard crash during the few milliseconds of a send
  leaves one uncertain. A send that timed out after the request left is just as ambiguous: the
  broadcaster records it `failed` with an "uncertain: ..." error at once and never resends it.

Every function commits (crud style): call it with a session holding no pending changes.
Instants are stored in UTC; naive instants passed in are taken as UTC.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import Delivery
from storage.subscriptions import (
    ALL_UNITS,
    Recipient,
    active_recipients,
    as_utc,
    mark_user_blocked,
    pause,
    run_counting,
    subscribe,
    subscriptions_for,
    unsubscribe,
)

__all__ = [  # the subscription functions are re-exported: one import for everything push-related
    "ALL_UNITS",
    "CLAIMED",
    "DEFAULT_LEASE",
    "FAILED",
    "FINISHED",
    "SENDING",
    "SENT",
    "SKIPPED",
    "UNCERTAIN",
    "Recipient",
    "active_recipients",
    "begin_attempt",
    "claim",
    "claim_or_take_over",
    "deliveries_for",
    "finished_chats",
    "get_delivery",
    "mark_failed",
    "mark_sent",
    "mark_skipped",
    "mark_user_blocked",
    "pause",
    "reclaim",
    "release",
    "resolve_stale_in_flight",
    "subscribe",
    "subscriptions_for",
    "unsubscribe",
]

CLAIMED, SENDING, SENT, FAILED, SKIPPED = "claimed", "sending", "sent", "failed", "skipped"
FINISHED = (SENT, FAILED, SKIPPED)
DEFAULT_LEASE = timedelta(minutes=10)
UNCERTAIN = "uncertain: the sender stopped while handing this message to Telegram; not resent"


def claim(
    *,
    session: Session,
    kind: str,
    period_key: str,
    chat_id: int,
    claimed_by: str,
    now: datetime | None = None,
    sending: bool = False,
) -> Delivery | None:
    """Claims one delivery by inserting its row; None when it was already claimed by anyone.

    With `sending`, the row is inserted already `sending` (claim and `begin_attempt` in one write,
    for a sender about to hand the message to Telegram).
    """
    delivery = Delivery(
        kind=kind,
        period_key=period_key,
        chat_id=chat_id,
        claimed_by=claimed_by[:100],
        claimed_at=as_utc(now),
        status=SENDING if sending else CLAIMED,
        attempts=1 if sending else 0,
    )
    session.add(delivery)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return delivery


def finished_chats(*, session: Session, kind: str, period_key: str) -> set[int]:
    """The chats whose delivery of a push is over (sent, failed or skipped): nothing more to do."""
    statement = select(Delivery.chat_id).where(
        Delivery.kind == kind, Delivery.period_key == period_key, col(Delivery.status).in_(FINISHED)
    )
    return set(session.exec(statement).all())


def get_delivery(*, session: Session, kind: str, period_key: str, chat_id: int) -> Delivery | None:
    return session.exec(
        select(Delivery).where(
            Delivery.kind == kind, Delivery.period_key == period_key, Delivery.chat_id == chat_id
        )
    ).first()


def reclaim(
    *,
    session: Session,
    kind: str,
    period_key: str,
    chat_id: int,
    claimed_by: str,
    now: datetime | None = None,
    lease: timedelta = DEFAULT_LEASE,
) -> Delivery | None:
    """Takes over a `claimed` delivery that was released or whose owner's lease ran out.

    Nothing of it reached Telegram, so sending it now is safe. None when there is no such row, it
    is finished or in flight, its owner still holds it, or another process took it over first.
    """
    moment = as_utc(now)
    found = get_delivery(session=session, kind=kind, period_key=period_key, chat_id=chat_id)
    if found is None or found.status != CLAIMED:
        return None
    statement = (
        update(Delivery)
        .where(col(Delivery.id) == found.id, col(Delivery.status) == CLAIMED)
        .where(or_(col(Delivery.claimed_by) == "", col(Delivery.claimed_at) < moment - lease))
        .values(claimed_by=claimed_by[:100], claimed_at=moment)
    )
    if run_counting(session, statement) != 1:
        return None
    session.refresh(found)
    return found


def claim_or_take_over(
    *,
    session: Session,
    kind: str,
    period_key: str,
    chat_id: int,
    claimed_by: str,
    now: datetime | None = None,
    lease: timedelta = DEFAULT_LEASE,
    sending: bool = False,
) -> Delivery | None:
    """`claim`, or else `reclaim` a released or abandoned claim; None when someone else holds it.

    With `sending`, the delivery is also marked `sending` (see `claim` and `begin_attempt`).
    """
    claimed = claim(
        session=session,
        kind=kind,
        period_key=period_key,
        chat_id=chat_id,
        claimed_by=claimed_by,
        now=now,
        sending=sending,
    )
    if claimed is not None:
        return claimed
    taken = reclaim(
        session=session,
        kind=kind,
        period_key=period_key,
        chat_id=chat_id,
        claimed_by=claimed_by,
        now=now,
        lease=lease,
    )
    if taken is None or taken.id is None or not sending:
        return taken
    if not begin_attempt(session=session, delivery_id=taken.id, claimed_by=claimed_by, now=now):
        return None
    session.refresh(taken)
    return taken


def release(*, session: Session, delivery_id: int, claimed_by: str) -> bool:
    """Gives back a `claimed` delivery (nothing sent) so the next broadcaster sends it at once."""
    statement = (
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.status) == CLAIMED)
        .where(col(Delivery.claimed_by) == claimed_by[:100])
        .values(claimed_by="")
    )
    return run_counting(session, statement) == 1


def begin_attempt(
    *, session: Session, delivery_id: int, claimed_by: str, now: datetime | None = None
) -> bool:
    """Marks a delivery `sending` just before it is handed to Telegram; False if no longer ours."""
    statement = (
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.status) == CLAIMED)
        .where(col(Delivery.claimed_by) == claimed_by[:100])
        .values(status=SENDING, attempts=col(Delivery.attempts) + 1, claimed_at=as_utc(now))
    )
    return run_counting(session, statement) == 1


def mark_sent(*, session: Session, delivery_id: int, now: datetime | None = None) -> bool:
    """Records that Telegram accepted the message (whatever the row said before: that is the truth)."""
    statement = (
        update(Delivery)
        .where(col(Delivery.id) == delivery_id)
        .values(status=SENT, sent_at=as_utc(now), last_error="")
    )
    return run_counting(session, statement) == 1


def mark_failed(*, session: Session, delivery_id: int, error: str, final: bool) -> bool:
    """Records a failed attempt: `final` ends the delivery as `failed`, else it goes back to `claimed`."""
    statement = (
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.status).in_((CLAIMED, SENDING)))
        .values(status=FAILED if final else CLAIMED, last_error=error[:1000])
    )
    return run_counting(session, statement) == 1


def mark_skipped(*, session: Session, delivery_id: int, reason: str) -> bool:
    """Ends a delivery without sending it (blocked chat, nothing to say), with the reason."""
    statement = (
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.status).in_((CLAIMED, SENDING)))
        .values(status=SKIPPED, last_error=reason[:1000])
    )
    return run_counting(session, statement) == 1


def resolve_stale_in_flight(
    *,
    session: Session,
    now: datetime | None = None,
    lease: timedelta = DEFAULT_LEASE,
    kind: str | None = None,
    period_key: str | None = None,
) -> int:
    """Records as failed-uncertain every `sending` row whose owner died; they are never resent."""
    conditions = [col(Delivery.status) == SENDING, col(Delivery.claimed_at) < as_utc(now) - lease]
    if kind is not None:
        conditions.append(col(Delivery.kind) == kind)
    if period_key is not None:
        conditions.append(col(Delivery.period_key) == period_key)
    if session.exec(select(Delivery.id).where(*conditions).limit(1)).first() is None:
        return 0  # the usual case: no write, so no lock taken at every broadcast's start
    statement = update(Delivery).where(*conditions).values(status=FAILED, last_error=UNCERTAIN)
    return run_counting(session, statement)


def deliveries_for(
    *, session: Session, kind: str | None = None, period_key: str | None = None, chat_id: int | None = None
) -> list[Delivery]:
    """The delivery log, filtered, in claim order."""
    statement = select(Delivery).order_by(col(Delivery.id))
    if kind is not None:
        statement = statement.where(Delivery.kind == kind)
    if period_key is not None:
        statement = statement.where(Delivery.period_key == period_key)
    if chat_id is not None:
        statement = statement.where(Delivery.chat_id == chat_id)
    return list(session.exec(statement).all())
