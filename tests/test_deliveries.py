"""Subscriptions and delivery claims in the store, on SQLite and PostgreSQL, including racing processes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypedDict

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from storage import deliveries as store
from storage.models import User
from storage.subscriptions import as_utc
from tests.conftest import BACKENDS
from tests.delivery_fakes import shared_database

T0 = datetime(2019, 9, 20, 14, 0, tzinfo=UTC)


class Key(TypedDict):
    kind: str
    period_key: str
    chat_id: int


KEY: Key = {"kind": "quarter_alert", "period_key": "2019-Q3", "chat_id": 501}


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


def test_subscribe_is_idempotent_and_unsubscribe_removes(session: Session) -> None:
    first = store.subscribe(session=session, chat_id=1, telegram_id=11, scope="GERENCIA DE FINANZAS")
    again = store.subscribe(session=session, chat_id=1, telegram_id=11, scope="GERENCIA DE FINANZAS")
    assert first.id == again.id
    store.subscribe(session=session, chat_id=1, telegram_id=11, scope=store.ALL_UNITS)
    store.subscribe(session=session, chat_id=2, telegram_id=22, scope="GERENCIA DE FINANZAS")
    assert [s.scope for s in store.subscriptions_for(session=session, chat_id=1)] == [
        "*",
        "GERENCIA DE FINANZAS",
    ]
    assert store.unsubscribe(session=session, chat_id=1, scope="*") == 1
    assert store.unsubscribe(session=session, chat_id=1) == 1
    assert [s.chat_id for s in store.subscriptions_for(session=session)] == [2]
    with pytest.raises(ValueError, match="scope"):
        store.subscribe(session=session, chat_id=1, telegram_id=11, scope=" ")


def test_recipients_honour_pause_blocked_and_revoked_users(session: Session) -> None:
    session.add_all(
        [
            User(telegram_id=11, chat_id=1, status="approved"),
            User(telegram_id=22, chat_id=2, status="approved", is_active=False),
            User(telegram_id=33, chat_id=3, status="revoked"),
            User(telegram_id=44, chat_id=4, status="approved"),
        ]
    )
    session.commit()
    for chat in (1, 2, 3, 4, 5):  # chat 5: an admin from the settings, unknown to the store
        store.subscribe(session=session, chat_id=chat, telegram_id=chat * 11, scope="OCI")
    store.subscribe(session=session, chat_id=1, telegram_id=11, scope="*")
    assert store.pause(session=session, chat_id=4, until=T0 + timedelta(days=3)) == 1

    recipients = store.active_recipients(session=session, at=T0)
    assert [(r.chat_id, r.scopes) for r in recipients] == [(1, ("*", "OCI")), (5, ("OCI",))]
    assert recipients[0].all_units
    assert not recipients[1].all_units
    later = store.active_recipients(session=session, at=T0 + timedelta(days=3))
    assert [r.chat_id for r in later] == [1, 4, 5]

    store.subscribe(session=session, chat_id=4, telegram_id=44, scope="OCI")  # the pause stays
    store.subscribe(session=session, chat_id=4, telegram_id=44, scope="OTRA")  # and covers a new scope
    assert [r.chat_id for r in store.active_recipients(session=session, at=T0)] == [1, 5]
    assert 4 in [r.chat_id for r in store.active_recipients(session=session, at=T0 + timedelta(days=3))]
    store.pause(session=session, chat_id=4, until=T0 + timedelta(days=1))
    store.pause(session=session, chat_id=4, until=None)
    assert 4 in [r.chat_id for r in store.active_recipients(session=session, at=T0)]


def test_mark_user_blocked(session: Session) -> None:
    session.add_all([User(telegram_id=11, chat_id=1), User(telegram_id=22, chat_id=2)])
    session.commit()
    assert store.mark_user_blocked(session=session, chat_id=1) == 1
    assert store.mark_user_blocked(session=session, telegram_id=22) == 1
    assert store.mark_user_blocked(session=session, chat_id=999) == 0
    session.expire_all()
    assert [u.is_active for u in session.exec(select(User).order_by(col(User.telegram_id)))] == [False, False]
    with pytest.raises(ValueError, match="chat_id or telegram_id"):
        store.mark_user_blocked(session=session)


def test_a_delivery_is_claimed_once(session: Session) -> None:
    won = store.claim(session=session, claimed_by="a", now=T0, **KEY)
    assert won is not None
    assert (won.status, won.claimed_by) == (store.CLAIMED, "a")
    assert store.claim(session=session, claimed_by="b", now=T0, **KEY) is None
    other_chat = store.claim(
        session=session, kind="quarter_alert", period_key="2019-Q3", chat_id=502, claimed_by="b"
    )
    other_period = store.claim(
        session=session, kind="quarter_alert", period_key="2019-Q4", chat_id=501, claimed_by="b"
    )
    assert other_chat is not None
    assert other_period is not None
    assert len(store.deliveries_for(session=session, kind="quarter_alert", period_key="2019-Q3")) == 2


def test_the_life_of_a_delivery(session: Session) -> None:
    delivery = store.claim(session=session, claimed_by="a", now=T0, **KEY)
    assert delivery is not None
    assert delivery.id is not None
    assert not store.begin_attempt(session=session, delivery_id=delivery.id, claimed_by="b")
    assert store.begin_attempt(session=session, delivery_id=delivery.id, claimed_by="a", now=T0)
    assert store.mark_failed(session=session, delivery_id=delivery.id, error="TimedOut: x", final=False)
    assert store.begin_attempt(session=session, delivery_id=delivery.id, claimed_by="a", now=T0)
    assert store.mark_sent(session=session, delivery_id=delivery.id, now=T0 + timedelta(seconds=2))
    found = store.get_delivery(session=session, **KEY)
    assert found is not None
    session.refresh(found)
    assert (found.status, found.attempts, found.last_error) == (store.SENT, 2, "")
    assert as_utc(found.sent_at) == as_utc(datetime(2019, 9, 20, 14, 0, 2))
    assert not store.mark_skipped(session=session, delivery_id=delivery.id, reason="late")
    assert not store.mark_failed(session=session, delivery_id=delivery.id, error="late", final=True)


def test_a_released_or_abandoned_claim_is_taken_over_once(session: Session) -> None:
    delivery = store.claim(session=session, claimed_by="a", now=T0, **KEY)
    assert delivery is not None
    assert delivery.id is not None
    assert store.reclaim(session=session, claimed_by="b", now=T0 + timedelta(minutes=9), **KEY) is None
    taken = store.reclaim(session=session, claimed_by="b", now=T0 + timedelta(minutes=11), **KEY)
    assert taken is not None
    assert (taken.claimed_by, taken.id) == ("b", delivery.id)
    assert not store.begin_attempt(
        session=session, delivery_id=delivery.id, claimed_by="a"
    )  # a lost its lease
    assert store.reclaim(session=session, claimed_by="c", now=T0 + timedelta(minutes=12), **KEY) is None
    assert store.release(session=session, delivery_id=delivery.id, claimed_by="b")
    again = store.claim_or_take_over(session=session, claimed_by="c", now=T0 + timedelta(minutes=12), **KEY)
    assert again is not None
    assert again.claimed_by == "c"


def test_an_abandoned_send_is_recorded_uncertain_and_never_resent(session: Session) -> None:
    delivery = store.claim(session=session, claimed_by="a", now=T0, **KEY)
    assert delivery is not None
    assert delivery.id is not None
    assert store.begin_attempt(session=session, delivery_id=delivery.id, claimed_by="a", now=T0)
    assert store.resolve_stale_in_flight(session=session, now=T0 + timedelta(minutes=5)) == 0
    assert store.reclaim(session=session, claimed_by="b", now=T0 + timedelta(hours=1), **KEY) is None
    assert store.resolve_stale_in_flight(session=session, now=T0 + timedelta(hours=1), kind="reminder") == 0
    assert (
        store.resolve_stale_in_flight(session=session, now=T0 + timedelta(hours=1), kind="quarter_alert") == 1
    )
    found = store.get_delivery(session=session, **KEY)
    assert found is not None
    session.refresh(found)
    assert (found.status, found.last_error) == (store.FAILED, store.UNCERTAIN)
    assert (
        store.claim_or_take_over(session=session, claimed_by="b", now=T0 + timedelta(hours=2), **KEY) is None
    )


def test_long_errors_are_truncated_to_the_column(session: Session) -> None:
    delivery = store.claim(session=session, claimed_by="a", **KEY)
    assert delivery is not None
    assert delivery.id is not None
    assert store.mark_failed(session=session, delivery_id=delivery.id, error="x" * 5000, final=True)
    session.refresh(delivery)
    assert (len(delivery.last_error), delivery.status) == (1000, store.FAILED)


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_processes_racing_for_the_same_deliveries(backend: str, tmp_path: Path) -> None:
    """Eight threads over two engines claim the same 25 deliveries at once: each has one winner."""
    with shared_database(backend, tmp_path) as new_engine:
        engines = [new_engine(), new_engine()]
        threads_count, keys = 8, 25
        barrier = threading.Barrier(threads_count)
        wins: list[list[int]] = [[] for _ in range(threads_count)]
        errors: list[BaseException] = []

        def contender(index: int) -> None:
            try:
                engine = engines[index % 2]
                barrier.wait()
                for chat in range(keys):
                    with Session(engine) as session:
                        won = store.claim(
                            session=session,
                            kind="reminder",
                            period_key="2019-09",
                            chat_id=chat,
                            claimed_by=f"t{index}",
                        )
                    if won is not None:
                        wins[index].append(chat)
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=contender, args=(i,)) for i in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sorted(chat for won in wins for chat in won) == list(range(keys))
        with Session(engines[0]) as session:
            rows = store.deliveries_for(session=session, kind="reminder")
        assert len(rows) == keys
        assert {row.claimed_by for row in rows} <= {f"t{i}" for i in range(threads_count)}
