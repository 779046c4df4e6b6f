"""Other users' reply times while the database stalls, and while an admin's upload is imported
for 13 s. Run with ``python -m benchmarks stall``.

The stall runs on PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL; skipped without one),
through a proxy that holds every packet for STALL_SECONDS; the upload holds its import thread for
13 s (a 19k-row file takes that long). Beside each, the naive floor: the before state (updates one at
a time, database work on the event loop, the upload handler blocking). Target: the other user is
answered, or told the database does not answer, within 1 s.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from typing import Any

from sqlalchemy import make_url

from benchmarks.flood_rig import SAMPLE, Replies, feed, paced, running_bot, summary
from bot.services.uploads import UploadResult, import_upload
from handlers import uploads
from storage.db import drop_tables, make_engine
from tests.bot_fixtures import ADMIN, STRANGER
from tests.stall_proxy import StallProxy
from tests.telegram_harness import BotHarness
from tests.telegram_updates import FakeUser

STALL_SECONDS = 5.0
UPLOAD_SECONDS = 13.0
EVERY = 0.1


async def _other_users(bot: BotHarness, replies: Replies, seconds: float) -> list[float]:
    """Every EVERY seconds someone new asks; the seconds until each is answered (or told)."""
    asked: dict[int, float] = {}

    async def ask(index: int) -> None:
        user = FakeUser(id=800_000 + index, first_name=f"Usuario {index}")
        asked[user.id] = time.perf_counter()
        await feed(bot, bot.updates.text_message("¿cómo va finanzas?", user=user))

    await paced(int(seconds / EVERY), EVERY, ask)
    for _ in range(12_000):  # at most 120 s; the watcher task fills the times meanwhile
        if all(user in replies.times for user in asked):
            break
        await asyncio.sleep(0.01)
    return [
        replies.times[user][0] - at if user in replies.times else float("inf") for user, at in asked.items()
    ]


async def stall(url: str, *, naive: bool) -> list[float]:
    """The other user's waits while the database holds every packet for STALL_SECONDS."""
    direct = make_url(url)
    engine = make_engine(url)
    drop_tables(engine)
    with StallProxy(direct.host or "127.0.0.1", direct.port or 5432) as proxy:
        proxied = direct.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        async with running_bot(naive=naive, database_url=proxied) as bot, Replies(bot) as replies:
            await bot.send("hola", user=STRANGER)  # the plan is loaded, the user known
            proxy.stall()
            timer = threading.Timer(STALL_SECONDS, proxy.resume)  # a blocked loop cannot resume it
            timer.start()
            waits = await _other_users(bot, replies, STALL_SECONDS)
            timer.join()
            await asyncio.wait_for(bot.application.update_queue.join(), 120)
    drop_tables(engine)
    engine.dispose()
    return waits


async def upload(*, naive: bool) -> list[float]:
    """The other user's waits while an admin's upload is imported for UPLOAD_SECONDS."""
    real = getattr(uploads, "import_upload")  # noqa: B009  (restored below)

    def slow_import(*args: Any, **kwargs: Any) -> UploadResult:
        time.sleep(UPLOAD_SECONDS)
        return import_upload(*args, **kwargs)

    setattr(uploads, "import_upload", slow_import)  # noqa: B010
    try:
        async with running_bot(naive=naive) as bot, Replies(bot) as replies:
            if naive:  # the before state: the document handler blocked its update
                for group in bot.application.handlers.values():
                    for handler in group:
                        if getattr(handler, "callback", None) is uploads.on_document:
                            handler.block = True
            await bot.send("hola", user=STRANGER)
            await feed(bot, bot.updates.document_message(SAMPLE.name, SAMPLE.read_bytes(), user=ADMIN))
            waits = await _other_users(bot, replies, UPLOAD_SECONDS)
            await asyncio.wait_for(bot.application.update_queue.join(), 120)
            await asyncio.sleep(0)
    finally:
        setattr(uploads, "import_upload", real)  # noqa: B010
    return waits


def main() -> None:
    """Prints the other user's reply times during a stall and during an upload, beside the floor."""
    logging.getLogger("handlers").setLevel(logging.ERROR)  # one warning per "database down" otherwise
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    print(f"someone new asks every {EVERY * 1000:g} ms (target: every reply within 1000 ms)")
    for label, naive in (("project", False), ("naive floor", True)):
        if url:
            waits = asyncio.run(stall(url, naive=naive))
            print(f"stalled PostgreSQL ({STALL_SECONDS:g} s), {label:11}: {summary(waits)}")
        else:
            print("stalled PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)")
        waits = asyncio.run(upload(naive=naive))
        print(f"{UPLOAD_SECONDS:g} s upload, {label:11}: {summary(waits)}")
