"""One ASGI app for production: Telegram's webhook, the health check, the metrics and extra routes.

The PTB application runs inside the app's lifespan, without an updater (PTB's "custom webhook"
pattern): start-up initialises and starts it (post_init sets the command menu and schedules the
pushes) and, when WEBHOOK_URL is set, registers the webhook with Telegram; each POST Telegram makes
to WEBHOOK_PATH, carrying WEBHOOK_SECRET in its secret-token header, becomes an `Update` put on the
application's queue. Shutdown stops the application after the queue is drained, so an update
Telegram was told we received is still answered.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from telegram import Update

from bot.app import ALLOWED_UPDATES
from bot.config import SettingsError
from bot.context import BotApplication
from bot.web.ops import ops_routes

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024  # an update is a few KiB; anything bigger is not from Telegram


def build_asgi_app(application: BotApplication, *, extra_routes: Sequence[BaseRoute] = ()) -> Starlette:
    """The ASGI app serving `application` (built by `bot.app.build_application`) by webhook.

    ``extra_routes`` are mounted beside the webhook, /healthz and /metrics (the Mini App's).
    """
    settings = application.bot_data.services.settings
    if settings.webhook_secret is None:
        raise SettingsError(
            "Configuración no válida:\nWEBHOOK_SECRET: falta; Telegram lo envía con cada actualización "
            "y sin él cualquiera podría hablar en nombre de Telegram"
        )
    secret = settings.webhook_secret.get_secret_value().encode("ascii")

    async def telegram_webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, secret):
            return PlainTextResponse("forbidden", status_code=403)
        body = await _bounded_body(request)
        if body is None:
            return PlainTextResponse("too large", status_code=413)
        update = _parse_update(body, application)
        if update is None:
            return PlainTextResponse("not an update", status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await _start(application)
        try:
            yield
        finally:
            await _stop(application)

    routes: list[BaseRoute] = [
        Route(settings.webhook_path, telegram_webhook, methods=["POST"]),
        *ops_routes(application),
        *extra_routes,
    ]
    return Starlette(routes=routes, lifespan=lifespan)


async def _bounded_body(request: Request) -> bytes | None:
    """The request's body, read no further than MAX_UPDATE_BYTES (None: it is larger)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_UPDATE_BYTES:
            return None
    return bytes(body)


def _parse_update(body: bytes, application: BotApplication) -> Update | None:
    """The update a webhook request carries, or None when the body is not one."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        return None
    try:
        return Update.de_json(data, application.bot)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        log.warning("webhook body %s is not a valid update: %s", data.get("update_id"), exc)
        return None


async def _start(application: BotApplication) -> None:
    """Starts the application as run_polling does, minus the updater; then sets the webhook."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    settings = application.bot_data.services.settings
    if settings.webhook_url is not None and settings.webhook_secret is not None:
        await application.bot.set_webhook(
            url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=list(ALLOWED_UPDATES),
        )
        log.info("webhook set to %s", settings.webhook_url)
        if urlsplit(settings.webhook_url).path != settings.webhook_path:  # unless the proxy rewrites it
            log.warning("WEBHOOK_URL's path is not WEBHOOK_PATH (%s)", settings.webhook_path)


async def _stop(application: BotApplication) -> None:
    """Stops the application (answering what is queued first) and shuts it down, as PTB does."""
    if application.running:
        # Answered while still running: updates are processed concurrently, and PTB warns about
        # (and does not track) tasks it starts for updates left in the queue once stopping.
        await application.update_queue.join()
        await application.stop()
    if application.post_stop is not None:
        await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
