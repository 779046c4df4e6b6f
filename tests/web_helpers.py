"""Helpers of the web tests (the fixture is in tests.web_fixtures): `poi-bot serve`'s ASGI app over
the offline fake Telegram.

`make_web(...)` builds the real application on the fake transport (the sample loaded unless
``seed=False``) and the ASGI app around it; `WebBot` runs the app's lifespan (start-up, setWebhook,
shutdown) and talks HTTP to it in the test's event loop through httpx's ASGI transport. Leaving the
`async with` block stops the application, which answers every queued update first.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bot.context import BotApplication
from bot.web.server import SECRET_HEADER
from bot.web.service import service_app
from tests.telegram_fake import ApiCall, FakeTransport
from tests.telegram_updates import JSON, FakeUser, UpdateFactory
from tests.telegram_views import bot_message

SECRET = "s3cret-token_for-the-webhook"
WEBHOOK_TIMEOUT = 60.0


class WebBot:
    """One application behind its ASGI app, talked to over HTTP as Telegram would."""

    def __init__(self, application: BotApplication, transport: FakeTransport) -> None:
        self.application = application
        self.transport = transport
        self.updates = UpdateFactory(transport.server)
        self.app = service_app(application)
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://poi.test"
        )
        self._lifespan: AbstractAsyncContextManager[Any] | None = None

    async def __aenter__(self) -> WebBot:
        self._lifespan = self.app.router.lifespan_context(self.app)
        await self._lifespan.__aenter__()
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        await self.client.aclose()
        if self._lifespan is not None:
            await self._lifespan.__aexit__(*exc_info)

    def question(self, text: str, user: FakeUser) -> JSON:
        """The update Telegram sends when `user` types `text` in their private chat with the bot."""
        return self.updates.text_message(text, user=user, chat=user.private_chat)

    async def post(self, update: JSON, *, secret: str | None = SECRET, path: str = "/telegram") -> int:
        """POSTs an update as Telegram does; returns the HTTP status."""
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        return (await self.client.post(path, json=update, headers=headers)).status_code

    def replies(self) -> list[ApiCall]:
        return [call for call in self.transport.calls_to("sendMessage") if call.ok]

    def texts(self, chat_id: int | None = None) -> list[str]:
        """The text of every message sent (to `chat_id`, if given), as the user sees it."""
        return [
            message.text
            for message in (bot_message(call) for call in self.replies())
            if message is not None and chat_id in (None, message.chat_id)
        ]

    async def wait_for_replies(self, count: int) -> list[ApiCall]:
        """Waits until `count` messages were sent (the application answers in the background)."""
        deadline = time.monotonic() + WEBHOOK_TIMEOUT
        while len(self.replies()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{len(self.replies())} replies after {WEBHOOK_TIMEOUT}s, expected {count}"
                )
            await asyncio.sleep(0.01)
        return self.replies()


WebFactory = Callable[..., WebBot]


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text (0 when absent), e.g. metric(t, "poi_bot_updates_total")."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0
