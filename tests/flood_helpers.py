"""Driving the bot as Telegram's long polling does: updates go into the application's update queue
and are processed by its update processor (concurrently across chats), not one `process` at a time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from telegram import Update

from tests.telegram_harness import BotHarness

JSON = dict[str, Any]


async def feed(bot: BotHarness, payload: JSON) -> None:
    """Hands one update to the running application, as the poller would."""
    await bot.application.update_queue.put(Update.de_json(payload, bot.application.bot))


def texts_to(bot: BotHarness, chat_id: int) -> list[str]:
    """Every text the bot sent to a chat, oldest first."""
    return [
        str(call.params["text"])
        for call in bot.transport.calls
        if call.method == "sendMessage" and int(call.params["chat_id"]) == chat_id
    ]


def calls(bot: BotHarness, method: str) -> list[JSON]:
    """The parameters of every call of `method` the bot made."""
    return [call.params for call in bot.transport.calls if call.method == method]


async def until(condition: Callable[[], bool], within: float = 10.0) -> float:
    """Waits for `condition`; returns the seconds it took (fails after `within` seconds)."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > within:
            raise AssertionError(f"condition not met within {within} s")
        await asyncio.sleep(0.005)
    return time.perf_counter() - start


async def drain(bot: BotHarness, within: float = 30.0) -> None:
    """Waits until every fed update has been processed (and the tasks they started have ended)."""
    await asyncio.wait_for(bot.application.update_queue.join(), within)
    current = asyncio.current_task()
    pending = [task for task in asyncio.all_tasks() if task is not current and "process" in task.get_name()]
    if pending:
        await asyncio.wait(pending, timeout=within)
