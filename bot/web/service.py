"""The production ASGI app: the webhook and operations routes, with the Mini App under /app."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount

from bot.context import BotApplication
from bot.web.miniapp import miniapp_routes
from bot.web.server import build_asgi_app

MINIAPP_PATH = "/app"


def service_app(application: BotApplication) -> Starlette:
    """What `poi-bot serve` runs: webhook, /healthz, /metrics and the Mini App at /app/."""
    miniapp = miniapp_routes(services=application.bot_data.services, bot_token=application.bot.token)
    return build_asgi_app(application, extra_routes=[Mount(MINIAPP_PATH, routes=miniapp)])
