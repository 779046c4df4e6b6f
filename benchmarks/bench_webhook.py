"""A burst of 500 Telegram updates POSTed to `poi-bot serve` (uvicorn on localhost), to the replies.

Run with ``python -m benchmarks webhook``. 500 users each ask one question at once; a client sends
the POSTs over 40 connections (Telegram's default max_connections for a webhook) and times each
update from its POST to the bot's reply reaching the fake Telegram (the client runs in a process of
its own). In a burst, an update's latency is mostly its wait behind the ones before it. In the same
run, beside it:

- the long-polling path: the same 500 updates put straight on the application's queue, as PTB's
  updater does after getUpdates (what the webhook adds is the HTTP hop);
- the HTTP floor: the same POSTs to a Starlette app that only answers 200, under the same uvicorn;
- one at a time: 100 updates, each sent when the previous one is answered, by webhook and by
  the queue: the per-update cost without a queue in front of it;
- the production run: the webhook again with the bot's AIORateLimiter, which holds replies to
  Telegram's ~30 messages a second: its floor is (500 - 30) / 30 ≈ 15.7 s (the first 30 go at
  once: PTB's limiter is a bucket that starts full).

The other runs take the rate limiter out to measure the bot's own capacity.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update

from benchmarks.webhook_support import (
    SECRET,
    TimedTransport,
    free_port,
    post_from_another_process,
    read_response,
    request_head,
    serve_in_thread,
)
from bot.app import build_application
from bot.cli.serve import uvicorn_server
from bot.context import BotApplication
from bot.web.server import build_asgi_app
from storage.importers import import_file
from tests.bot_fixtures import bot_settings
from tests.telegram_harness import make_builder
from tests.telegram_updates import JSON, FakeUser, UpdateFactory

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample" / "poi-2019-iii-trimestre.txt"
UPDATES = 500
SEQUENTIAL = 100
QUESTIONS = ("¿cómo va rrhh?", "rezagadas de finanzas", "resumen del POI", "avance de OCI al II trimestre")
TELEGRAM_PER_SECOND = 30


def _application(transport: TimedTransport, *, limited: bool) -> BotApplication:
    application = build_application(bot_settings(webhook_secret=SECRET), builder=make_builder(transport))
    if not limited:
        application.bot._rate_limiter = None  # the bot's own capacity, not Telegram's pace
    import_file(application.bot_data.services.engine, SAMPLE, entity="SAT")
    return application


def _updates(transport: TimedTransport) -> list[JSON]:
    factory = UpdateFactory(transport.server)
    users = [FakeUser(id=800_000 + n, first_name=f"Usuario{n}") for n in range(UPDATES)]
    return [
        factory.text_message(QUESTIONS[n % len(QUESTIONS)], user=user, chat=user.private_chat)
        for n, user in enumerate(users)
    ]


async def _wait(transport: TimedTransport) -> None:
    if not await asyncio.to_thread(transport.all_replied.wait, 120):
        raise TimeoutError(f"{len(transport.replied)} of {UPDATES} replies after 120 s")


def _report(label: str, sent: dict[int, float], done: dict[int, float]) -> float:
    latencies = sorted((done[chat] - sent[chat]) * 1000 for chat in sent)
    total = max(done.values()) - min(sent.values())
    p99 = latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))]
    print(
        f"{label:34}: {len(done):3} replies in {total:6.2f} s ({len(done) / total:5.0f}/s); "
        f"per update p50 {statistics.median(latencies):7.1f} ms, p99 {p99:7.1f} ms"
    )
    return total


def webhook_run(*, limited: bool) -> tuple[dict[int, float], dict[int, float]]:
    """The burst through uvicorn and the webhook: POST times and reply times, by chat."""
    transport = TimedTransport(UPDATES)
    application = _application(transport, limited=limited)
    updates = _updates(transport)
    settings = application.bot_data.services.settings.model_copy(update={"serve_port": free_port()})
    server = uvicorn_server(build_asgi_app(application), settings)
    thread = serve_in_thread(server)
    try:
        sent = post_from_another_process(settings.serve_port, updates)
        if not transport.all_replied.wait(120):
            raise TimeoutError(f"{len(transport.replied)} of {UPDATES} replies after 120 s")
    finally:
        server.should_exit = True
        thread.join()
    return sent, transport.replied


def polling_run() -> tuple[dict[int, float], dict[int, float]]:
    """The same burst put straight on the application's queue, as the long-polling updater does."""
    transport = TimedTransport(UPDATES)
    application = _application(transport, limited=False)
    updates = _updates(transport)
    app = build_asgi_app(application)  # its lifespan starts the application as serve does

    async def run() -> dict[int, float]:
        sent: dict[int, float] = {}
        async with app.router.lifespan_context(app):
            for update in updates:
                sent[update["message"]["chat"]["id"]] = time.perf_counter()
                await application.update_queue.put(Update.de_json(update, application.bot))
            await _wait(transport)
        return sent

    return asyncio.run(run()), transport.replied


def one_at_a_time(*, webhook: bool) -> tuple[dict[int, float], dict[int, float]]:
    """SEQUENTIAL updates, each sent when the previous one was answered (by webhook or queue)."""
    transport = TimedTransport(UPDATES)
    application = _application(transport, limited=False)
    updates = _updates(transport)[:SEQUENTIAL]
    app = build_asgi_app(application)
    sent: dict[int, float] = {}

    async def answered() -> None:
        if not await asyncio.to_thread(transport.a_reply.wait, 10):
            raise TimeoutError("no reply within 10 s")
        transport.a_reply.clear()

    async def by_webhook(port: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for update in updates:
            body = json.dumps(update).encode()
            sent[update["message"]["chat"]["id"]] = time.perf_counter()
            writer.write(request_head(len(body)) + body)
            await read_response(reader)
            await answered()
        writer.close()
        await writer.wait_closed()

    async def by_queue() -> None:
        async with app.router.lifespan_context(app):
            for update in updates:
                sent[update["message"]["chat"]["id"]] = time.perf_counter()
                await application.update_queue.put(Update.de_json(update, application.bot))
                await answered()

    if not webhook:
        asyncio.run(by_queue())
        return sent, transport.replied
    settings = application.bot_data.services.settings.model_copy(update={"serve_port": free_port()})
    server = uvicorn_server(app, settings)
    thread = serve_in_thread(server)
    try:
        asyncio.run(by_webhook(settings.serve_port))
    finally:
        server.should_exit = True
        thread.join()
    return sent, transport.replied


def echo_floor() -> tuple[dict[int, float], dict[int, float]]:
    """The same POSTs to a Starlette app that only answers 200: the HTTP floor."""
    done: dict[int, float] = {}

    async def echo(request: Request) -> Response:
        update: dict[str, Any] = await request.json()
        done[update["message"]["chat"]["id"]] = time.perf_counter()
        return Response(status_code=200)

    port = free_port()
    app = Starlette(routes=[Route("/telegram", echo, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", access_log=False))
    thread = serve_in_thread(server)
    updates = _updates(TimedTransport(UPDATES))
    try:
        sent = post_from_another_process(port, updates)
    finally:
        server.should_exit = True
        thread.join()
    return sent, done


def main() -> None:
    """Prints the time to all 500 replies and the per-update p50/p99 of each path."""
    runs: list[tuple[str, Callable[[], tuple[dict[int, float], dict[int, float]]]]] = [
        ("HTTP floor (Starlette echo)", echo_floor),
        ("long polling path (queue)", polling_run),
        ("webhook (uvicorn + serve app)", lambda: webhook_run(limited=False)),
        ("one at a time: long polling path", lambda: one_at_a_time(webhook=False)),
        ("one at a time: webhook", lambda: one_at_a_time(webhook=True)),
        ("webhook, Telegram's rate limit", lambda: webhook_run(limited=True)),
    ]
    for label, run in runs:
        sent, done = run()
        assert len(done) == len(sent), f"{label}: {len(done)} of {len(sent)} answered"
        _report(label, sent, done)
    floor = (UPDATES - TELEGRAM_PER_SECOND) / TELEGRAM_PER_SECOND  # the limiter's bucket starts full
    rate = TELEGRAM_PER_SECOND
    print(f"(rate-limited floor: {UPDATES} replies, {rate} at once then {rate}/s = {floor:.1f} s)")
