"""One user floods at 200 messages a second for 10 s while another asks every 100 ms: the other
user's reply times, through the real application and the fake transport, fed as long polling feeds
it. Run with ``python -m benchmarks flood``.

Beside it, the naive floor: the same run in the before state (updates one at a time, database work
on the event loop, no question limit). Target: the other user's p99 ≤ 1 s.
"""

from __future__ import annotations

import asyncio
import time

from benchmarks.flood_rig import Replies, feed, paced, running_bot, summary, waits_of
from bot.services.question_limit import FLOOD_TEXT
from tests.bot_fixtures import MANAGER, STRANGER

FLOOD_PER_SECOND = 200
SECONDS = 10.0
OTHER_EVERY = 0.1
QUESTIONS = ("¿cómo va finanzas?", "rezagadas de rrhh", "¿cómo va la institución?", "avance de informática")


async def measure(*, naive: bool) -> tuple[list[float], int, int, int]:
    """The other user's waits; the flooder's answers, notices, and the messages sent."""
    async with running_bot(naive=naive) as bot, Replies(bot) as replies:
        asked: list[float] = []

        async def flood(index: int) -> None:
            await feed(bot, bot.updates.text_message(QUESTIONS[index % len(QUESTIONS)], user=MANAGER))

        async def other(index: int) -> None:
            asked.append(time.perf_counter())
            await feed(bot, bot.updates.text_message(QUESTIONS[index % len(QUESTIONS)], user=STRANGER))

        flooding = asyncio.create_task(paced(int(FLOOD_PER_SECOND * SECONDS), 1 / FLOOD_PER_SECOND, flood))
        await paced(int(SECONDS / OTHER_EVERY), OTHER_EVERY, other)
        waits = await waits_of(STRANGER.id, asked, replies, limit=300)
        await flooding
        await asyncio.wait_for(bot.application.update_queue.join(), 600)
        texts = [
            str(call.params["text"])
            for call in bot.transport.calls
            if call.method == "sendMessage" and call.params["chat_id"] == MANAGER.id
        ]
        sent = int(FLOOD_PER_SECOND * SECONDS)
        return waits, sum(text != FLOOD_TEXT for text in texts), texts.count(FLOOD_TEXT), sent


def main() -> None:
    """Prints the other user's reply times with the project's handling and in the before state."""
    print(f"one user at {FLOOD_PER_SECOND} msg/s for {SECONDS:g} s, another every {OTHER_EVERY * 1000:g} ms")
    for label, naive in (("project", False), ("naive floor", True)):
        waits, answered, notices, sent = asyncio.run(measure(naive=naive))
        print(f"{label:12}: other user {summary(waits)} (target p99 ≤ 1000 ms)")
        print(f"{'':12}  flooder: {sent} sent, {answered} answered, {notices} notice(s)")
