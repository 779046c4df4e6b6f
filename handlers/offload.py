"""Blocking work off the event loop: database reads and writes run on a small pool of threads, and
the user hears within a deadline when the database does not answer.

Every handler hands its database work (access check, answering, logging the question, admin
writes) to `off_loop`, so a slow or stalled database delays only the chat that asked: the event
loop keeps answering everyone else. `db_work` adds the reply deadline (DB_REPLY_TIMEOUT): past it,
`DatabaseUnavailable` is raised and the error handler tells the user, in Spanish, to try again.
The thread itself goes on until the engine's own timeouts end it; its result is then dropped.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from bot.context import BotContext

P = ParamSpec("P")
T = TypeVar("T")

# More threads than the pool has connections (5 + 10 overflow): a stalled database fills the pool,
# and further work fails at the pool timeout instead of queueing behind it without end.
WORKERS = 16

DB_DOWN_TEXT = "La base de datos no responde en este momento; inténtalo de nuevo en unos minutos."


class DatabaseUnavailable(Exception):
    """The database did not answer within the reply deadline."""


_executor: Executor | None = None


def executor() -> Executor:
    """The process's pool of database threads (created on first use)."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="poi-db")
    return _executor


def use_executor(replacement: Executor | None) -> None:
    """Replaces the pool (benchmarks measure the naive floor with work run on the loop itself)."""
    global _executor
    _executor = replacement


async def off_loop(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Runs ``fn`` on a database thread without any deadline (imports, long admin work).

    The thread sees the caller's context variables (the update's trace, as `asyncio.to_thread`).
    """
    loop = asyncio.get_running_loop()
    call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
    return await loop.run_in_executor(executor(), call)


async def db_work(context: BotContext, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Runs ``fn`` on a database thread; raises DatabaseUnavailable past DB_REPLY_TIMEOUT."""
    timeout = context.settings.db_reply_timeout
    try:
        return await asyncio.wait_for(off_loop(fn, *args, **kwargs), timeout)
    except TimeoutError as exc:
        raise DatabaseUnavailable(f"no answer from the database within {timeout:g} s") from exc
