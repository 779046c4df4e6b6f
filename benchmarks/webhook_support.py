"""The webhook benchmark's tools: a fake Telegram that times replies, uvicorn in a thread, and a
minimal HTTP/1.1 client (a full client library's own work, about 5 ms a request for httpx with 40
connections open, would be measured instead of the server's)."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import socket
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

import uvicorn
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import RequestData

from bot.web.server import SECRET_HEADER
from tests.telegram_fake import FakeTransport
from tests.telegram_updates import JSON

CONNECTIONS = 40  # Telegram's default max_connections for a webhook
SECRET = "benchmark-webhook-secret"


class TimedTransport(FakeTransport):
    """The fake Telegram, noting when each chat got its reply."""

    def __init__(self, expected: int) -> None:
        super().__init__()
        self.expected = expected
        self.replied: dict[int, float] = {}
        self.all_replied = threading.Event()
        self.a_reply = threading.Event()  # set at each reply (one-at-a-time runs clear it)

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
            self.a_reply.set()
            if len(self.replied) == self.expected:
                self.all_replied.set()
        return answer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve_in_thread(server: uvicorn.Server) -> threading.Thread:
    """Runs uvicorn in a thread of its own (its own event loop) until it listens."""
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return thread


def post_from_another_process(port: int, updates: Sequence[JSON]) -> dict[int, float]:
    """Runs the client in a process of its own, so that it does not take the server's interpreter
    lock; perf_counter is the system's monotonic clock, the same in both processes."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_post_all_blocking, port, list(updates)).result()


def _post_all_blocking(port: int, updates: list[JSON]) -> dict[int, float]:
    return asyncio.run(_post_all(port, updates))


async def _post_all(port: int, updates: Sequence[JSON]) -> dict[int, float]:
    """POSTs every update over CONNECTIONS keep-alive connections; returns when each was sent.

    A minimal HTTP/1.1 client on asyncio streams: a full client library's own work (httpx spends
    about 5 ms a request with 40 connections open) would be measured instead of the server's.
    """
    sent: dict[int, float] = {}
    queue = list(reversed(updates))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while queue:
                update = queue.pop()
                body = json.dumps(update).encode()
                sent[update["message"]["chat"]["id"]] = time.perf_counter()
                writer.write(request_head(len(body)) + body)
                await read_response(reader)
        finally:
            writer.close()
            await writer.wait_closed()

    await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
    return sent


def request_head(length: int) -> bytes:
    return (
        f"POST /telegram HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"{SECRET_HEADER}: {SECRET}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


async def read_response(reader: asyncio.StreamReader) -> None:
    """Reads one response; anything but 200 stops the benchmark."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    if head[0].split()[1] != "200":
        raise RuntimeError(f"the server answered {head[0]}")
    lengths = [int(line.split(":", 1)[1]) for line in head if line.lower().startswith("content-length:")]
    await reader.readexactly(lengths[0] if lengths else 0)
