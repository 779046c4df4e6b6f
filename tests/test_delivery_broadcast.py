"""The broadcaster on a fake Telegram: once across restarts and rivals, errors recorded, limits kept."""

from __future__ import annotations

import asyncio
import itertools
import warnings
from collections import Counter
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.pushes.broadcast.delivery import NOTHING_TO_SAY, Broadcaster
from storage import deliveries as store
from storage.models import Delivery, User
from tests.conftest import BACKENDS
from tests.delivery_fakes import (
    EPS,
    FakeTransport,
    RecordingLimiter,
    VirtualClock,
    WallClock,
    add_subscribers,
    broadcaster,
    shared_database,
)

ALERT = ("quarter_alert", "2019-Q3")
TEXT = "⚠️ Actividades rezagadas al III trimestre"


class SimulatedCrash(BaseException):
    """The process dying under the broadcaster (not an error it may handle)."""


def rows(engine: Engine) -> dict[int, Delivery]:
    with Session(engine) as session:
        return {row.chat_id: row for row in session.exec(select(Delivery))}


def retry_after(seconds: int) -> RetryAfter:
    with warnings.catch_warnings():  # PTB 22 warns about the int/timedelta migration on creation
        warnings.simplefilter("ignore")
        return RetryAfter(timedelta(seconds=seconds))


async def test_every_subscriber_gets_the_push_once(engine: Engine) -> None:
    chats = add_subscribers(engine, 20)
    clock, wall = VirtualClock(), WallClock()
    transport = FakeTransport(clock=clock)
    summary = await broadcaster(engine, transport, clock, wall).broadcast(*ALERT, TEXT)
    assert transport.per_chat() == Counter(dict.fromkeys(chats, 1))
    assert (summary.recipients, summary.sent, summary.accounted) == (20, 20, 20)
    assert {row.status for row in rows(engine).values()} == {store.SENT}
    again = await broadcaster(engine, transport, clock, wall).broadcast(*ALERT, TEXT)
    assert (again.sent, again.already_claimed, len(transport.delivered)) == (0, 20, 20)
    assert "alerta de fin de trimestre 2019-Q3: 0 enviados" in again.describe()


async def test_a_restart_in_the_middle_finishes_without_duplicates(engine: Engine) -> None:
    chats = add_subscribers(engine, 1000)
    clock, wall = VirtualClock(), WallClock()
    transport = FakeTransport(clock=clock)
    first = asyncio.create_task(broadcaster(engine, transport, clock, wall).broadcast(*ALERT, TEXT))

    def stop_at_500(calls: int) -> None:
        if calls == 500:
            first.cancel()  # the bot is stopped (Ctrl-C, deploy) while sending

    transport.before_send = stop_at_500
    with pytest.raises(asyncio.CancelledError):
        await first
    transport.before_send = None
    done_before = len(transport.delivered)
    assert 500 <= done_before < 1000
    statuses = Counter(row.status for row in rows(engine).values())
    assert store.SENDING not in statuses  # in-flight sends were finished and recorded
    assert statuses[store.SENT] == done_before

    restarted = await broadcaster(engine, transport, clock, wall).broadcast(*ALERT, TEXT)
    assert transport.per_chat() == Counter(dict.fromkeys(chats, 1))
    assert (restarted.sent, restarted.already_claimed) == (1000 - done_before, done_before)
    assert Counter(row.status for row in rows(engine).values()) == {store.SENT: 1000}


@pytest.mark.parametrize("delivered", [True, False], ids=["crash-after-telegram", "crash-before-telegram"])
async def test_a_crash_during_a_send_is_recorded_uncertain_and_never_doubled(
    sqlite_engine: Engine, delivered: bool
) -> None:
    chats = add_subscribers(sqlite_engine, 200)
    clock, wall = VirtualClock(), WallClock()
    transport = FakeTransport(clock=clock)
    crashed_chat: list[int] = []

    def crash(calls: int) -> None:
        if calls == 101:
            crashed_chat.append(transport.delivered[-1][0] if delivered else -1)
            raise SimulatedCrash

    if delivered:
        transport.after_send = crash
    else:
        transport.before_send = crash
    with pytest.raises(SimulatedCrash):
        await broadcaster(sqlite_engine, transport, clock, wall).broadcast(*ALERT, TEXT)
    transport.before_send = transport.after_send = None
    in_flight = [row for row in rows(sqlite_engine).values() if row.status == store.SENDING]
    assert len(in_flight) == 1

    soon = await broadcaster(sqlite_engine, transport, clock, wall).broadcast(*ALERT, TEXT)
    assert soon.uncertain == 0  # its lease has not run out: maybe the sender is still alive
    wall.advance(timedelta(minutes=11))
    later = await broadcaster(sqlite_engine, transport, clock, wall).broadcast(*ALERT, TEXT)
    assert (later.uncertain, later.sent, later.already_claimed) == (1, 0, 200)

    counts = transport.per_chat()
    assert max(counts.values()) == 1  # never twice
    expected = 200 if delivered else 199  # at most once for the one message in flight
    assert sum(counts.values()) == expected
    if delivered:
        assert crashed_chat[0] == in_flight[0].chat_id
    else:
        assert in_flight[0].chat_id not in counts
    final = rows(sqlite_engine)[in_flight[0].chat_id]
    assert (final.status, final.last_error) == (store.FAILED, store.UNCERTAIN)
    assert sum(1 for chat in chats if rows(sqlite_engine)[chat].status == store.SENT) == 199


@pytest.mark.parametrize("backend", BACKENDS)
async def test_two_applications_on_one_database_send_each_push_once(backend: str, tmp_path: Path) -> None:
    with shared_database(backend, tmp_path) as new_engine:
        first_engine, second_engine = new_engine(), new_engine()
        chats = add_subscribers(first_engine, 120)
        clock, wall = VirtualClock(), WallClock()
        telegram = FakeTransport(clock=clock)
        one = broadcaster(first_engine, telegram, clock, wall)
        two = broadcaster(second_engine, telegram, clock, wall)
        first, second = await asyncio.gather(one.broadcast(*ALERT, TEXT), two.broadcast(*ALERT, TEXT))
        assert telegram.per_chat() == Counter(dict.fromkeys(chats, 1))
        assert first.sent + second.sent == 120
        # Each chat once, whoever sent it: how the 120 split between the two depends on scheduling
        # (on a busy machine one of them may take them all), so the split is not asserted.
        assert first.already_claimed + second.already_claimed == 120


async def test_telegram_errors_end_in_the_right_records(engine: Engine) -> None:
    ok, blocked, flooded, flaky, down, bad = add_subscribers(engine, 6)
    clock, wall = VirtualClock(), WallClock()
    transport = FakeTransport(clock=clock)
    transport.failures = {
        blocked: [Forbidden("Forbidden: bot was blocked by the user")],
        flooded: [retry_after(7)],
        flaky: [TimedOut(), TimedOut()],
        down: [NetworkError("connection reset") for _ in range(5)],
        bad: [BadRequest("Chat not found")],
    }
    summary = await broadcaster(engine, transport, clock, wall).broadcast(*ALERT, TEXT)

    assert sorted(transport.per_chat()) == sorted([ok, flooded])  # a timeout is never resent
    found = rows(engine)
    assert {chat: (found[chat].status, found[chat].attempts) for chat in found} == {
        ok: (store.SENT, 1),
        blocked: (store.SKIPPED, 1),
        flooded: (store.SENT, 2),
        flaky: (store.FAILED, 1),
        down: (store.FAILED, 5),
        bad: (store.FAILED, 1),
    }
    assert found[blocked].last_error.startswith("blocked: Forbidden")
    assert found[flaky].last_error == "uncertain: may have reached the chat, not resent: TimedOut: Timed out"
    assert found[down].last_error == "NetworkError: connection reset"
    assert found[bad].last_error == "BadRequest: Chat not found"
    flooded_at = dict(transport.sent_at)[flooded]
    assert flooded_at >= 7.0  # RetryAfter was waited out
    assert sorted({s for s in clock.slept if s in (1.0, 2.0, 4.0, 8.0)}) == [1.0, 2.0, 4.0, 8.0]
    assert (summary.sent, summary.skipped, summary.blocked, summary.failed) == (2, 1, 1, 3)
    assert summary.retries == 1 + 4
    with Session(engine) as session:
        user = session.exec(select(User).where(User.chat_id == blocked)).one()
    assert not user.is_active

    nxt = await broadcaster(engine, transport, clock, wall).broadcast("reminder", "2019-09", "Recordatorio")
    assert blocked not in [chat for chat, text in transport.delivered if text == "Recordatorio"]
    assert nxt.recipients == 5


def timed_out_before_sending(cause: Exception) -> TimedOut:
    """PTB's TimedOut as raised for an httpx timeout that happened before the request left."""
    try:
        raise TimedOut() from cause
    except TimedOut as error:
        return error


async def test_a_timeout_is_never_resent_but_one_before_the_request_left_is(engine: Engine) -> None:
    lost, no_connection, no_slot = add_subscribers(engine, 3)
    clock, wall = VirtualClock(), WallClock()
    transport = FakeTransport(clock=clock)
    transport.failures = {
        lost: [TimedOut()],
        no_connection: [timed_out_before_sending(httpx.ConnectTimeout("connect"))],
        no_slot: [TimedOut("Pool timeout: All connections in the connection pool are occupied.")],
    }
    summary = await broadcaster(engine, transport, clock, wall).broadcast(*ALERT, TEXT)
    assert transport.per_chat() == Counter({no_connection: 1, no_slot: 1})
    found = rows(engine)
    assert (found[lost].status, found[lost].attempts) == (store.FAILED, 1)
    assert found[lost].last_error.startswith("uncertain: ")
    assert {found[chat].status for chat in (no_connection, no_slot)} == {store.SENT}
    assert (summary.sent, summary.failed, summary.retries) == (2, 1, 2)
    again = await broadcaster(engine, transport, clock, wall).broadcast(*ALERT, TEXT)
    assert (again.sent, again.already_claimed) == (0, 3)
    assert transport.per_chat()[lost] == 0


async def test_pause_and_unsubscribe_are_honoured(engine: Engine) -> None:
    paused, gone, *others = add_subscribers(engine, 5)
    clock, wall = VirtualClock(), WallClock()
    with Session(engine) as session:
        store.pause(session=session, chat_id=paused, until=wall.at + timedelta(days=1))
        store.unsubscribe(session=session, chat_id=gone)
    transport = FakeTransport(clock=clock)
    await broadcaster(engine, transport, clock, wall).broadcast(*ALERT, TEXT)
    assert sorted(transport.per_chat()) == others
    wall.advance(timedelta(days=2))
    await broadcaster(engine, transport, clock, wall).broadcast("reminder", "2019-09", "Recordatorio")
    assert sorted(chat for chat, text in transport.delivered if text == "Recordatorio") == [paused, *others]


async def test_a_long_text_arrives_whole_in_several_messages(sqlite_engine: Engine) -> None:
    (chat,) = add_subscribers(sqlite_engine, 1)
    lines = [f"{n:03d}. ACTIVIDAD REZAGADA {'x' * 66}" for n in range(100)]
    text = "\n".join(lines)
    assert len(text) == 9099
    clock, wall = VirtualClock(), WallClock()
    transport = FakeTransport(clock=clock)
    summary = await broadcaster(sqlite_engine, transport, clock, wall).broadcast(*ALERT, text)
    parts = [body for _, body in transport.delivered]
    assert len(parts) == 3
    assert "\n".join(parts) == text
    assert all(len(part) <= 4096 for part in parts)
    times = [at for _, at in transport.sent_at]
    assert all(later - earlier >= 1 - EPS for earlier, later in itertools.pairwise(times))
    assert (summary.sent, summary.messages) == (1, 3)
    assert rows(sqlite_engine)[chat].status == store.SENT


async def test_a_text_per_recipient_nothing_to_say_and_render_errors(sqlite_engine: Engine) -> None:
    quiet, broken, talkative = add_subscribers(sqlite_engine, 3)

    def render(recipient: store.Recipient) -> str | None:
        if recipient.chat_id == quiet:
            return None  # nothing lags: no alert
        if recipient.chat_id == broken:
            raise LookupError("no plan for 2019")
        return f"Para {', '.join(recipient.scopes)}: 2 actividades rezagadas"

    clock, wall = VirtualClock(), WallClock()
    transport = FakeTransport(clock=clock)
    summary = await broadcaster(sqlite_engine, transport, clock, wall).broadcast(*ALERT, render)
    assert transport.delivered == [(talkative, "Para *: 2 actividades rezagadas")]
    found = rows(sqlite_engine)
    assert (found[quiet].status, found[quiet].last_error) == (store.SKIPPED, NOTHING_TO_SAY)
    assert (found[broken].status, found[broken].last_error) == (
        store.FAILED,
        "render: LookupError: no plan for 2019",
    )
    assert (summary.sent, summary.skipped, summary.failed) == (1, 1, 1)


async def test_a_stop_during_a_retry_wait_gives_the_claim_back(engine: Engine) -> None:
    (chat,) = add_subscribers(engine, 1)
    clock, wall = VirtualClock(), WallClock()
    transport = FakeTransport(clock=clock, failures={chat: [NetworkError("connection reset")]})
    waiting = asyncio.Event()

    async def endless_backoff(seconds: float) -> None:
        waiting.set()
        await asyncio.Event().wait()

    sender = Broadcaster(engine, transport, limiter=RecordingLimiter(clock), sleep=endless_backoff, now=wall)
    task = asyncio.create_task(sender.broadcast(*ALERT, TEXT))
    await waiting.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    row = rows(engine)[chat]
    assert (row.status, row.claimed_by, row.attempts) == (store.CLAIMED, "", 1)
    assert row.last_error == "NetworkError: connection reset"

    summary = await broadcaster(engine, transport, clock, wall).broadcast(*ALERT, TEXT)
    assert (summary.sent, transport.per_chat()[chat]) == (1, 1)
    row = rows(engine)[chat]
    assert (row.status, row.attempts) == (store.SENT, 2)
