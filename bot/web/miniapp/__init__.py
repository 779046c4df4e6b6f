"""The Telegram Mini App dashboard: a page, its static files and a JSON API, as Starlette routes."""

from bot.web.miniapp.routes import miniapp_routes

__all__ = ["miniapp_routes"]
