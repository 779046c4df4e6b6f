"""The per-user question limit (token bucket) and the update processor that keeps each chat's order."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Bot, Update

from bot.services.question_limit import QuestionLimiter, Verdict
from handlers.ordering import ChatOrderedProcessor, order_key
from tests.telegram_server import FakeTelegram
from tests.telegram_updates import FakeUser, UpdateFactory


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_answered_then_one_notice_then_silence() -> None:
    clock = Clock()
    limiter = QuestionLimiter(rate=1.0, burst=3, clock=clock)
    verdicts = [limiter.check(7) for _ in range(10)]
    assert verdicts == [Verdict.ANSWER] * 3 + [Verdict.NOTIFY] + [Verdict.DROP] * 6
    assert limiter.check(8) is Verdict.ANSWER  # others have their own bucket


def test_a_flood_refills_at_the_rate_without_a_second_notice() -> None:
    clock = Clock()
    limiter = QuestionLimiter(rate=2.0, burst=4, clock=clock)
    for _ in range(5):
        limiter.check(7)
    answered = 0
    for _ in range(200):  # 100 messages a second for two seconds
        clock.now += 0.01
        verdict = limiter.check(7)
        assert verdict is not Verdict.NOTIFY
        answered += verdict is Verdict.ANSWER
    assert answered == 4  # two a second


def test_after_a_quiet_spell_a_new_flood_gets_a_new_notice() -> None:
    clock = Clock()
    limiter = QuestionLimiter(rate=1.0, burst=2, clock=clock)
    assert [limiter.check(7) for _ in range(3)][-1] is Verdict.NOTIFY
    clock.now += 2.0  # the bucket is full again
    assert [limiter.check(7) for _ in range(3)] == [Verdict.ANSWER, Verdict.ANSWER, Verdict.NOTIFY]


def test_rate_zero_is_no_limit() -> None:
    limiter = QuestionLimiter(rate=0.0, burst=1)
    assert not limiter.enabled
    assert {limiter.check(7) for _ in range(100)} == {Verdict.ANSWER}


async def test_the_processor_keeps_each_chats_order_and_runs_chats_at_once() -> None:
    server = FakeTelegram(bot_id=1, bot_username="poi_test_bot", bot_first_name="poi", reads_all=False)
    updates = UpdateFactory(server)
    slow, fast = FakeUser(id=1, first_name="Lenta"), FakeUser(id=2, first_name="Rápida")
    finished: list[str] = []

    async def work(name: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        finished.append(name)

    bot = Bot("1:x")
    payloads: list[tuple[Any, str, float]] = [
        (updates.text_message("a", user=slow), "slow-1", 0.2),
        (updates.text_message("b", user=slow), "slow-2", 0.0),
        (updates.text_message("c", user=fast), "fast-1", 0.0),
        (updates.inline_query("d", user=fast), "fast-inline", 0.0),
    ]
    processor = ChatOrderedProcessor()
    async with processor:
        tasks = [
            asyncio.create_task(processor.process_update(Update.de_json(p, bot), work(name, wait)))
            for p, name, wait in payloads
        ]
        await asyncio.gather(*tasks)
    assert finished.index("fast-1") < finished.index("slow-1") < finished.index("slow-2")
    assert order_key(Update.de_json(payloads[3][0], bot)) == ("user", fast.id)
    assert order_key(object()) is None
