"""A PostgreSQL that stalls (through a proxy that holds packets): the user is told within about a
second that the database does not answer, other work goes on, and the bot answers again once the
database does. Skipped when TEST_DATABASE_URL is not set."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import make_url

from handlers.offload import DB_DOWN_TEXT
from storage.db import drop_tables, make_engine
from tests.bot_fixtures import MANAGER, STRANGER, BotFactory
from tests.bot_people import FINANZAS
from tests.flood_helpers import drain, feed, texts_to, until
from tests.stall_proxy import StallProxy

QUESTION = "¿cómo va finanzas?"


@pytest.fixture
def proxied_url() -> Iterator[tuple[str, StallProxy]]:
    """TEST_DATABASE_URL reached through a stall proxy (its tables dropped before and after)."""
    found = os.environ.get("TEST_DATABASE_URL")
    if not found:
        pytest.skip("TEST_DATABASE_URL not set: the stalled PostgreSQL test is skipped")
    url = make_url(found)
    direct = make_engine(found)
    drop_tables(direct)
    with StallProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        yield url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), proxy
    drop_tables(direct)
    direct.dispose()


async def test_a_stalled_postgresql_is_told_within_a_second_and_the_bot_recovers(
    make_bot: BotFactory, proxied_url: tuple[str, StallProxy]
) -> None:
    url, proxy = proxied_url
    bot = await make_bot(
        database_url=url,
        db_reply_timeout=1.0,
        db_connect_timeout=2,
        db_statement_timeout=5,
        db_pool_timeout=2,
    )
    await bot.send(QUESTION, user=MANAGER)
    assert FINANZAS in bot.last_text()
    proxy.stall()
    start = time.perf_counter()
    await feed(bot, bot.updates.text_message(QUESTION, user=MANAGER))
    await feed(bot, bot.updates.text_message(QUESTION, user=STRANGER))
    await until(
        lambda: DB_DOWN_TEXT in texts_to(bot, MANAGER.id) and DB_DOWN_TEXT in texts_to(bot, STRANGER.id)
    )
    # Told by the reply deadline, well before the statement timeout (5 s) could have ended the wait.
    assert time.perf_counter() - start < 4
    proxy.resume()  # the database answers again (what was held goes through)
    deadline = time.perf_counter() + 15
    while True:
        await bot.send(QUESTION, user=STRANGER)
        if FINANZAS in bot.last_text() or time.perf_counter() > deadline:
            break
        await asyncio.sleep(0.5)
    assert FINANZAS in bot.last_text()
    await drain(bot)
