"""The Mini App's routes: the page, its static files and the one JSON API every figure comes from.

Every API call carries Telegram's launch data (``Authorization: tma <initData>``): without a valid,
fresh one the answer is 401 and holds no figure; then the chat's access rules apply (403 otherwise).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.context import Services
from bot.services.dashboard import DashboardError, NotAllowedError, dashboard, parse_period
from bot.services.questions import NoPlanError
from bot.web.miniapp.access import viewer
from bot.web.miniapp.init_data import InitDataError, validate_init_data
from handlers.access import refusal_text

STATIC = Path(__file__).resolve().parent / "static"
AUTH_SCHEME = "tma"
UNAUTHORIZED_TEXT = (
    "No se pudo verificar que esta página se abrió desde Telegram. Ciérrala y ábrela de nuevo desde el bot."
)
# The page loads Telegram's own Mini App script; everything else (charts included) is served from here.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' https://telegram.org; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


class DashboardApi:
    """The dashboard's JSON endpoint, bound to the services and the bot token it checks against."""

    def __init__(
        self, services: Services, bot_token: str, max_age: float, clock: Callable[[], float]
    ) -> None:
        self.services = services
        self.bot_token = bot_token
        self.max_age = max_age
        self.clock = clock

    def respond(self, request: Request) -> Response:  # sync: Starlette runs it in its thread pool
        scheme, _, init_data = request.headers.get("authorization", "").partition(" ")
        try:
            if scheme.lower() != AUTH_SCHEME:
                raise InitDataError("no tma authorization")
            person = validate_init_data(
                init_data.strip(), self.bot_token, max_age=self.max_age, now=self.clock()
            )
        except InitDataError:
            return _error(401, UNAUTHORIZED_TEXT, {"WWW-Authenticate": AUTH_SCHEME})
        asker = viewer(self.services, person)
        reason = refusal_text(asker)
        if asker is None or reason is not None:
            return _error(403, reason or "")
        params = request.query_params
        # No `unit`: the viewer's own unit (admins: the institution); `unit=` (empty): the institution.
        own = None if asker.is_admin else asker.unit_name
        unit = (params["unit"] or None) if "unit" in params else own
        try:
            period = parse_period(params["period"]) if params.get("period") else None
            payload = dashboard(self.services.poi, unit=unit, period=period, allowed_unit=asker.allowed_unit)
        except NotAllowedError as exc:
            return _error(403, str(exc))
        except NoPlanError as exc:
            return _error(404, str(exc))
        except DashboardError as exc:
            return _error(400, str(exc))
        payload["viewer"] = {"name": asker.name, "is_admin": asker.is_admin, "restricted": asker.restricted}
        return JSONResponse(payload, headers=API_HEADERS)


def _error(status: int, text: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": text}, status_code=status, headers={**API_HEADERS, **(headers or {})})


async def _page(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", headers=PAGE_HEADERS)


def miniapp_routes(
    *,
    services: Services,
    bot_token: str,
    max_age_seconds: float | None = None,
    clock: Callable[[], float] = time.time,
) -> list[BaseRoute]:
    """The Mini App, to mount under "/app": the page at "/", "/static/…" and "/api/dashboard".

    ``max_age_seconds`` bounds the age of initData (default: WEBAPP_AUTH_MAX_AGE_HOURS).
    """
    if not bot_token:
        raise ValueError("the Mini App needs the bot token to check Telegram's initData")
    if max_age_seconds is None:
        max_age_seconds = services.settings.webapp_auth_max_age_hours * 3600.0
    api = DashboardApi(services, bot_token, max_age_seconds, clock)
    return [
        Route("/", _page, methods=["GET"], name="miniapp-page"),
        Route("/api/dashboard", api.respond, methods=["GET"], name="miniapp-dashboard"),
        Mount("/static", app=StaticFiles(directory=STATIC), name="miniapp-static"),
    ]
