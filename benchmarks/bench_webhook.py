"""A burst of 500 Telegram updates POSTed to `poi-bot serve` (uvicorn on localhost), to the replies.

Run with ``python -m benchmarks webhook``. 500 users each ask one question at once; a client sends
the POSTs over 40 connections (Telegram's default max_connections for a webhook) and times each
update from its POST to the bot's reply reaching the fake Telegram (the client runs in a process of
its own). In a burst, an update's latency is mostly its wait behind the ones before it. In the same
run, beside it:

- the long-polling path: the same 500 updates put straight on the application's queue, as PTB's
  updater does after getUpdates (what the webhook adds is the HTTP hop);
- the HTTP floor: the same POSTs to a Starlette app that only answers 200, under the same uvicorn;
- the production run: the webhook again with the bot's AIORateLimiter, which holds replies to
  Telegram's ~30 messages a second: its floor is 500 / 30 ≈ 16.7 s.

The first three runs take the rate limiter out to measure the bot's own capacity.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import socket
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import RequestData

from bot.app import build_application
from bot.cli.serve import uvicorn_server
from bot.context import BotApplication
from bot.web.server import SECRET_HEADER, build_asgi_app
from storage.importers import import_file
from tests.bot_fixtures import bot_settings
from tests.telegram_fake import FakeTransport
from tests.telegram_harness import make_builder
from tests.telegram_updates import JSON, FakeUser, UpdateFactory

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample" / "poi-2019-iii-trimestre.txt"
UPDATES = 500
CONNECTIONS = 40
SECRET = "benchmark-webhook-secret"
QUESTIONS = ("¿cómo va rrhh?", "rezagadas de finanzas", "resumen del POI", "avance de OCI al II trimestre")
TELEGRAM_PER_SECOND = 30


class TimedTransport(FakeTransport):
    """The fake Telegram, noting when each chat got its reply."""

    def __init__(self) -> None:
        super().__init__()
        self.replied: dict[int, float] = {}
        self.all_replied = threading.Event()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        answer = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        call = self.calls[-1]
        if call.method == "sendMessage" and call.ok:
            self.replied[int(call.params["chat_id"])] = time.perf_counter()
            if len(self.replied) == UPDATES:
                self.all_replied.set()
        return answer


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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve(server: uvicorn.Server) -> threading.Thread:
    """Runs uvicorn in a thread of its own (its own event loop) until it listens."""
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return thread


def _post_from_another_process(port: int, updates: Sequence[JSON]) -> dict[int, float]:
    """Runs the client in a process of its own, so that it does not take the server's interpreter
    lock; perf_counter is the system's monotonic clock, the same in both processes."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_post_all_blocking, port, list(updates)).result()


def _post_all_blocking(port: int, updates: list[JSON]) -> dict[int, float]:
    return asyncio.run(_post_all(port, updates))


async def _post_all(port: int, updates: Sequence[JSON]) -> dict[int, float]:
    """POSTs every update over CONNECTIONS connections; returns when each was sent, by chat."""
    sent: dict[int, float] = {}
    queue = list(reversed(updates))
    limits = httpx.Limits(max_connections=CONNECTIONS)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits) as client:

        async def worker() -> None:
            while queue:
                update = queue.pop()
                sent[update["message"]["chat"]["id"]] = time.perf_counter()
                response = await client.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})
                response.raise_for_status()

        await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
    return sent


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
    transport = TimedTransport()
    application = _application(transport, limited=limited)
    updates = _updates(transport)
    settings = application.bot_data.services.settings.model_copy(update={"serve_port": _free_port()})
    server = uvicorn_server(build_asgi_app(application), settings)
    thread = _serve(server)
    try:
        sent = _post_from_another_process(settings.serve_port, updates)
        if not transport.all_replied.wait(120):
            raise TimeoutError(f"{len(transport.replied)} of {UPDATES} replies after 120 s")
    finally:
        server.should_exit = True
        thread.join()
    return sent, transport.replied


def polling_run() -> tuple[dict[int, float], dict[int, float]]:
    """The same burst put straight on the application's queue, as the long-polling updater does."""
    transport = TimedTransport()
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


def echo_floor() -> tuple[dict[int, float], dict[int, float]]:
    """The same POSTs to a Starlette app that only answers 200: the HTTP floor."""
    done: dict[int, float] = {}

    async def echo(request: Request) -> Response:
        update: dict[str, Any] = await request.json()
        done[update["message"]["chat"]["id"]] = time.perf_counter()
        return Response(status_code=200)

    port = _free_port()
    app = Starlette(routes=[Route("/telegram", echo, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", access_log=False))
    thread = _serve(server)
    updates = _updates(TimedTransport())
    try:
        sent = _post_from_another_process(port, updates)
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
        ("webhook, Telegram's rate limit", lambda: webhook_run(limited=True)),
    ]
    for label, run in runs:
        sent, done = run()
        assert len(done) == UPDATES, f"{label}: {len(done)} of {UPDATES} answered"
        _report(label, sent, done)
    floor = UPDATES / TELEGRAM_PER_SECOND
    print(f"(rate-limited floor: {UPDATES} replies at {TELEGRAM_PER_SECOND} per second = {floor:.1f} s)")
