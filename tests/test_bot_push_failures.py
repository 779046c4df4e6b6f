"""Pushes when things go wrong, through the real application: a crash in the middle of a broadcast,
two processes on one store, a start-up after downtime, Telegram's errors, long texts, and
questions asked while a broadcast runs."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from bot.pushes.broadcast import tasks as broadcast_tasks
from bot.render.textsplit import telegram_length
from storage.deliveries import FAILED, SENT, SKIPPED, UNCERTAIN, claim, pause, subscribe
from storage.push_runs import get_run, start_run
from storage.users import get_user
from tests.conftest import BACKENDS
from tests.delivery_fakes import RecordingLimiter, shared_database
from tests.push_helpers import (
    ADMIN,
    FINANZAS,
    MANAGER,
    RRHH,
    TREASURER,
    PushBot,
    PushBotFactory,
    drain,
    lima,
    sent_to,
)
from tests.push_helpers import subscribe as subscribe_by_command
from tests.telegram_fake import FakeTransport
from tests.telegram_updates import FakeUser

pytest_plugins = ["tests.push_fixtures"]
ALERT = "quarter_alert:2019-Q3"
MANAGERS = [FakeUser(id=910_000 + n, first_name=f"Gerente {n}") for n in range(1, 13)]


class SimulatedCrash(BaseException):
    """The process dying (not an error anything may handle)."""


def crash_after(transport: FakeTransport, sends: int) -> None:
    """Kills the "process" right after Telegram accepted the `sends`-th message (once)."""
    original = transport.do_request
    state = {"sent": 0}

    async def do_request(
        url: str, method: str, request_data: Any = None, **timeouts: Any
    ) -> tuple[int, bytes]:
        result = await original(url, method, request_data, **timeouts)
        if url.endswith("/sendMessage") and result[0] == 200 and state["sent"] >= 0:
            state["sent"] += 1
            if state["sent"] == sends:
                state["sent"] = -1
                raise SimulatedCrash("the process died right after Telegram took a message")
        return result

    transport.do_request = do_request  # type: ignore[method-assign,assignment]


async def everyone_on_rrhh(push_bot: PushBotFactory, **kwargs: Any) -> PushBot:
    bot = await push_bot(at=lima(2019, 9, 20, 8), **kwargs)
    for user in MANAGERS:
        await subscribe_by_command(bot, user, "rrhh")
    drain(bot)
    return bot


async def test_a_restart_in_the_middle_of_a_broadcast_gives_everyone_exactly_one(
    push_bot: PushBotFactory, fake_transport: FakeTransport
) -> None:
    first = await everyone_on_rrhh(push_bot)
    first.clock.at = lima(2019, 9, 20, 9)
    since = len(fake_transport.calls)
    crash_after(fake_transport, 2)
    await first.run_job(ALERT)
    chats = [user.id for user in MANAGERS]
    assert sum(sent_to(fake_transport, chats, since).values()) < len(chats)  # cut short
    # A new process on the same store, a quarter of an hour later (past the claims' lease).
    second = await push_bot(at=lima(2019, 9, 20, 9, 15), seed=False)
    await second.run_job("catch_up")
    assert sent_to(fake_transport, chats, since) == dict.fromkeys(chats, 1)
    statuses = {row.chat_id: (row.status, row.last_error) for row in second.deliveries("quarter_alert")}
    uncertain = [chat for chat, (status, error) in statuses.items() if error == UNCERTAIN]
    assert len(uncertain) == 1
    assert statuses[uncertain[0]][0] == FAILED  # handed over to Telegram, then the crash
    assert all(status == SENT for chat, (status, _) in statuses.items() if chat not in uncertain)
    await second.run_job("catch_up")  # the run is complete now: nothing more, ever
    assert sent_to(fake_transport, chats, since) == dict.fromkeys(chats, 1)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_two_applications_on_one_store_deliver_each_push_once(
    push_bot: PushBotFactory, fake_transport: FakeTransport, backend: str, tmp_path: Path
) -> None:
    with shared_database(backend, tmp_path) as engines:
        url = engines().url.render_as_string(hide_password=False)
        first = await everyone_on_rrhh(push_bot, url=url)
        second = await push_bot(at=lima(2019, 9, 20, 8), url=url, seed=False)
        for bot in (first, second):
            bot.clock.at = lima(2019, 9, 20, 9)
        since = len(fake_transport.calls)
        await asyncio.gather(first.run_job(ALERT), second.run_job(ALERT))
        chats = [user.id for user in MANAGERS]
        assert sent_to(fake_transport, chats, since) == dict.fromkeys(chats, 1)
        assert {row.status for row in first.deliveries("quarter_alert")} == {SENT}
        for bot in (first, second):
            await bot.stop()


async def test_a_start_up_sends_what_was_missed_within_the_grace_once(
    push_bot: PushBotFactory, fake_transport: FakeTransport
) -> None:
    down = await everyone_on_rrhh(push_bot)  # subscribed at 08:00, then the bot went down
    chats = [user.id for user in MANAGERS]
    since = len(fake_transport.calls)
    later = await push_bot(at=lima(2019, 9, 20, 11), seed=False)
    assert "quarter_alert:2019-Q4" in later.job_names()  # the regular job looks ahead
    await later.run_job("catch_up")
    assert sent_to(fake_transport, chats, since) == dict.fromkeys(chats, 1)
    again = await push_bot(at=lima(2019, 9, 20, 12), seed=False)
    await again.run_job("catch_up")
    down.clock.at = lima(2019, 9, 20, 12)
    await down.run_job(ALERT)  # a process that was only paused fires late, within the grace
    assert sent_to(fake_transport, chats, since) == dict.fromkeys(chats, 1)


async def test_a_start_up_past_the_grace_sends_nothing_stale(
    push_bot: PushBotFactory, fake_transport: FakeTransport
) -> None:
    await everyone_on_rrhh(push_bot)
    since = len(fake_transport.calls)
    later = await push_bot(at=lima(2019, 9, 22, 9, 1), seed=False)  # 48 h and a minute after
    await later.run_job("catch_up")
    assert sent_to(fake_transport, [user.id for user in MANAGERS], since) == {}


async def test_forbidden_retry_after_and_network_errors(
    push_bot: PushBotFactory, fake_transport: FakeTransport
) -> None:
    bot = await push_bot(at=lima(2019, 9, 30, 23))
    for user, unit in ((MANAGER, "rrhh"), (TREASURER, "finanzas"), (ADMIN, "todas")):
        await subscribe_by_command(bot, user, unit)
    drain(bot)
    bot.clock.at = lima(2019, 10, 1)
    since = len(fake_transport.calls)
    fake_transport.fail_next("sendMessage", "forbidden", chat_id=MANAGER.id)
    fake_transport.fail_next("sendMessage", "network", chat_id=TREASURER.id, count=2)
    fake_transport.fail_next("sendMessage", "retry_after", chat_id=ADMIN.id, retry_after=1)
    await bot.run_job("reminder:2019-09")
    everyone = [MANAGER.id, TREASURER.id, ADMIN.id]
    assert sent_to(fake_transport, everyone, since) == {TREASURER.id: 1, ADMIN.id: 1}
    rows = {row.chat_id: row for row in bot.deliveries("reminder")}
    assert rows[MANAGER.id].status == SKIPPED
    assert rows[MANAGER.id].last_error.startswith("blocked: Forbidden")
    assert (rows[TREASURER.id].status, rows[TREASURER.id].attempts) == (SENT, 3)
    assert [wait for wait in bot.virtual.slept if wait >= 1.0] == [1.0, 2.0]  # the backoff, on virtual time
    admin_calls = [
        call.ok for call in fake_transport.calls_to("sendMessage") if call.params["chat_id"] == ADMIN.id
    ]
    assert admin_calls[-2:] == [False, True]  # Telegram's flood wait, waited out, then sent
    with Session(bot.engine) as session:
        blocked = get_user(session=session, telegram_id=MANAGER.id)
        assert blocked is not None
        assert not blocked.is_active
    bot.clock.at = lima(2019, 10, 5)
    await bot.run_job("quarter_summary:2019-Q3")
    assert {row.chat_id for row in bot.deliveries("quarter_summary")} == {TREASURER.id, ADMIN.id}


async def test_a_long_message_is_split_and_nothing_is_dropped(
    push_bot: PushBotFactory, fake_transport: FakeTransport
) -> None:
    bot = await push_bot(at=lima(2019, 9, 30, 23))
    await bot.send("/alertas", user=ADMIN)
    drain(bot)
    units = bot.services.poi.snapshot().units
    with Session(bot.engine) as session:
        for unit in units:
            subscribe(session=session, chat_id=ADMIN.id, telegram_id=ADMIN.id, scope=unit)
    bot.clock.at = lima(2019, 10, 1)
    since = len(fake_transport.calls)
    await bot.run_job("reminder:2019-09")
    parts = [call.params["text"] for call in fake_transport.calls[since:] if call.ok]
    assert len(parts) >= 2
    assert all(telegram_length(part) <= 4096 for part in parts)
    whole = "\n".join(parts)
    assert all(f"<b>{unit}</b>" in whole for unit in units)
    assert whole.endswith("POI 2019 · datos a septiembre")
    (row,) = bot.deliveries("reminder")
    assert (row.status, row.attempts) == (SENT, 1)


async def test_questions_are_answered_while_a_broadcast_runs(
    push_bot: PushBotFactory, fake_transport: FakeTransport
) -> None:
    bot = await push_bot(at=lima(2019, 9, 30, 23))
    for user, unit in ((MANAGER, "rrhh"), (ADMIN, "todas")):
        await subscribe_by_command(bot, user, unit)
    drain(bot)
    gate = asyncio.Event()

    class HeldBack(RecordingLimiter):
        async def acquire(self, chat_id: int) -> float:
            if chat_id == ADMIN.id:
                await gate.wait()
            return await super().acquire(chat_id)

    bot.services.limiter = HeldBack(bot.virtual)
    bot.clock.at = lima(2019, 10, 1)
    since = len(fake_transport.calls)
    job = asyncio.create_task(bot.run_job("reminder:2019-09"))
    for _ in range(500):
        if sent_to(fake_transport, [MANAGER.id], since):
            break
        await asyncio.sleep(0.01)
    await bot.send("/avance finanzas", user=TREASURER)
    assert bot.messages[-1].chat_id == TREASURER.id
    assert FINANZAS in bot.messages[-1].text
    assert not job.done()  # the broadcast is still waiting for its turn with ADMIN
    gate.set()
    await job
    assert sent_to(fake_transport, [MANAGER.id, ADMIN.id], since) == {MANAGER.id: 1, ADMIN.id: 1}
    assert RRHH in next(m.text for m in bot.messages if m.chat_id == MANAGER.id)


async def test_a_quick_restart_frees_what_the_dead_process_held_once_its_lease_runs_out(
    push_bot: PushBotFactory, fake_transport: FakeTransport
) -> None:
    setup = await everyone_on_rrhh(push_bot)
    in_flight, waiting, *others = [user.id for user in MANAGERS]
    fired = lima(2019, 9, 20, 9)
    with Session(setup.engine) as session:  # a process killed at 09:00 in the middle of the alert
        start_run(session=session, kind="quarter_alert", period_key="2019-Q3", fired_at=fired, now=fired)
        for chat, sending in ((in_flight, True), (waiting, False)):
            claim(
                session=session,
                kind="quarter_alert",
                period_key="2019-Q3",
                chat_id=chat,
                claimed_by="dead",
                now=fired,
                sending=sending,
            )
    since = len(fake_transport.calls)
    restarted = await push_bot(at=lima(2019, 9, 20, 9, 2), seed=False)  # restarted at once
    await restarted.run_job("catch_up")
    assert sent_to(fake_transport, [in_flight, waiting, *others], since) == dict.fromkeys(others, 1)
    job_queue = restarted.application.job_queue
    assert job_queue is not None
    (catch_up,) = job_queue.get_jobs_by_name("catch_up")
    assert catch_up.job.trigger.interval == timedelta(minutes=11)

    restarted.clock.at = lima(2019, 9, 20, 9, 13)  # the next catch-up, past the dead one's lease
    await restarted.run_job("catch_up")
    assert sent_to(fake_transport, [in_flight, waiting, *others], since) == {
        waiting: 1,
        **dict.fromkeys(others, 1),
    }
    rows = {row.chat_id: row for row in restarted.deliveries("quarter_alert")}
    assert (rows[in_flight].status, rows[in_flight].last_error) == (FAILED, UNCERTAIN)
    assert rows[waiting].status == SENT
    with Session(restarted.engine) as session:
        run = get_run(session=session, kind="quarter_alert", period_key="2019-Q3")
        assert run is not None
        assert run.completed_at is not None
    restarted.clock.at = lima(2019, 9, 20, 9, 24)
    await restarted.run_job("catch_up")
    assert sum(sent_to(fake_transport, [in_flight, waiting, *others], since).values()) == len(MANAGERS) - 1


async def test_a_database_error_at_fire_time_is_sent_by_the_next_catch_up(
    push_bot: PushBotFactory, fake_transport: FakeTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await everyone_on_rrhh(push_bot)
    chats = [user.id for user in MANAGERS]
    original = start_run
    failures = [OperationalError("INSERT", {}, Exception("database is locked"))]

    def flaky_start_run(**kwargs: Any) -> Any:
        if failures:
            raise failures.pop()
        return original(**kwargs)

    monkeypatch.setattr(broadcast_tasks, "start_run", flaky_start_run)
    bot.clock.at = lima(2019, 9, 20, 9)
    since = len(fake_transport.calls)
    await bot.run_job(ALERT)
    assert sent_to(fake_transport, chats, since) == {}
    bot.clock.at = lima(2019, 9, 20, 9, 11)
    await bot.run_job("catch_up")
    assert sent_to(fake_transport, chats, since) == dict.fromkeys(chats, 1)


async def test_the_catch_up_waits_for_the_end_of_the_quiet_hours(
    push_bot: PushBotFactory, fake_transport: FakeTransport
) -> None:
    await everyone_on_rrhh(push_bot)  # subscribed at 08:00 on the 20th, then the bot went down
    chats = [user.id for user in MANAGERS]
    since = len(fake_transport.calls)
    night = await push_bot(at=lima(2019, 9, 22, 3), seed=False)  # a reboot at 03:00
    await night.run_job("catch_up")
    assert sent_to(fake_transport, chats, since) == {}
    night.clock.at = lima(2019, 9, 22, 8, 5)  # the first catch-up after 08:00, within the 48 h
    await night.run_job("catch_up")
    assert sent_to(fake_transport, chats, since) == dict.fromkeys(chats, 1)


async def test_quiet_hours_do_not_stretch_the_grace(
    push_bot: PushBotFactory, fake_transport: FakeTransport
) -> None:
    await everyone_on_rrhh(push_bot)
    chats = [user.id for user in MANAGERS]
    since = len(fake_transport.calls)
    late = await push_bot(at=lima(2019, 9, 21, 22), seed=False, missed_grace_hours=40)
    await late.run_job("catch_up")
    late.clock.at = lima(2019, 9, 22, 8, 5)  # quiet hours over, but 47 h after the 09:00 alert (grace 40 h)
    await late.run_job("catch_up")
    assert sent_to(fake_transport, chats, since) == {}


async def test_a_caught_up_push_skips_a_chat_that_was_paused_when_it_was_due(
    push_bot: PushBotFactory, fake_transport: FakeTransport
) -> None:
    setup = await everyone_on_rrhh(push_bot)
    paused, *others = [user.id for user in MANAGERS]
    with Session(setup.engine) as session:  # paused until 10:00: /alertas said the 09:00 alert would not come
        pause(session=session, chat_id=paused, until=lima(2019, 9, 20, 10))
    since = len(fake_transport.calls)
    later = await push_bot(at=lima(2019, 9, 20, 11), seed=False)
    await later.run_job("catch_up")
    assert sent_to(fake_transport, [paused, *others], since) == dict.fromkeys(others, 1)
