"""What the Mini App tests share: a store with the sample and three people, signed launch data, and
the Mini App's routes served by uvicorn on a free local port.

    with serve_miniapp(services) as base:          # http://127.0.0.1:PORT
        page.goto(f"{base}/app/#tgWebAppData={quote(launch_data(MANAGER_ID))}")
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urlencode

import uvicorn
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.routing import Mount

from bot.config import Settings
from bot.context import Services
from bot.services.questions import PoiService
from bot.web.miniapp import miniapp_routes
from handlers.sending import send_html
from storage.db import create_tables, make_engine, session_scope
from storage.importers import import_file
from storage.users import APPROVED, PENDING, decide, register_user
from tests.conftest import SAMPLE_REPORT

TOKEN = "123456:TEST-miniapp-token"
ADMIN_ID, MANAGER_ID, PENDING_ID, STRANGER_ID = 900001, 900002, 900003, 900004
RRHH = "GERENCIA DE RECURSOS HUMANOS"
FINANZAS = "GERENCIA DE FINANZAS"
WORST = "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL"
DAY = 24 * 3600


def launch_data(user_id: int, *, age: float = 60.0, token: str = TOKEN, first_name: str = "Mario") -> str:
    """initData as a Telegram client hands it over, signed here by the docs' recipe (not by the code
    under test): hex HMAC-SHA256 of the sorted "name=value" lines, keyed by HMAC("WebAppData", token)."""
    fields = {
        "auth_date": str(int(time.time() - age)),
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps({"id": user_id, "first_name": first_name, "language_code": "es"}),
    }
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{name}={fields[name]}" for name in sorted(fields)).encode()
    return urlencode({**fields, "hash": hmac.new(secret, check, hashlib.sha256).hexdigest()})


def seeded_services(engine: Engine | None = None, *, seed: bool = True, **overrides: Any) -> Services:
    """The sample plan (unless not ``seed``), approval mode restricted to own units, and people:
    ADMIN (by id), MANAGER approved for RRHH, PENDING waiting for approval."""
    values: dict[str, Any] = {
        "database_url": "sqlite://",
        "admin_ids": (ADMIN_ID,),
        "access_mode": "approval",
        "restrict_to_own_unit": True,
    }
    values.update(overrides)
    settings = Settings(_env_file=None, **values)
    if engine is None:
        engine = make_engine("sqlite://")
        create_tables(engine)
    if seed:
        import_file(engine, SAMPLE_REPORT, entity="SAT")
    with session_scope(engine) as session:
        for telegram_id, name in ((MANAGER_ID, "Mario Gerente"), (PENDING_ID, "Pedro Pendiente")):
            register_user(
                session=session,
                telegram_id=telegram_id,
                chat_id=telegram_id,
                name=name,
                username="",
                status=PENDING,
            )
        decide(session=session, telegram_id=MANAGER_ID, status=APPROVED, by=ADMIN_ID, unit_name=RRHH)
    poi = PoiService(engine, settings.bands)
    return Services(settings=settings, engine=engine, poi=poi, send_html=send_html)


def miniapp(services: Services) -> Starlette:
    """The Mini App mounted under /app, as the `serve` command's ASGI app mounts it."""
    return Starlette(routes=[Mount("/app", routes=miniapp_routes(services=services, bot_token=TOKEN))])


@contextmanager
def serve_miniapp(services: Services) -> Iterator[str]:
    """Serves the Mini App with uvicorn in a thread on a free local port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(miniapp(services), log_config=None, access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@dataclass(frozen=True)
class Reply:
    """One HTTP answer of the local server."""

    status_code: int
    headers: Message
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


class Client:
    """A tiny HTTP client on the served Mini App (the standard library's; nothing leaves 127.0.0.1)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def get(
        self, path: str, *, params: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> Reply:
        url = self.base + path + ("?" + urlencode(params) if params else "")
        request = urllib.request.Request(url, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.headers, error.read().decode())
