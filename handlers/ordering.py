"""Updates of different chats at once, those of one chat in order.

PTB processes updates one after the other by default: one slow update (a stalled database, a
flood) then delays every chat. `ChatOrderedProcessor` runs updates concurrently, except that the
updates of one chat (or, without a chat, of one user: inline queries) wait for each other, so a
conversation is still answered in the order it was written.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates in progress or waiting for their chat's turn, all chats together. Each is a small
# task; a flood is cut by the question limit before it reaches the database.
MAX_CONCURRENT_UPDATES = 100_000


def order_key(update: object) -> tuple[str, int] | None:
    """What the update must keep its order within: its chat, else its sender, else nothing."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Processes updates of different chats concurrently and those of one chat in arrival order."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[tuple[str, int], asyncio.Lock] = {}
        self._waiting: dict[tuple[str, int], int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = order_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:  # asyncio.Lock wakes its waiters first come, first served
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
