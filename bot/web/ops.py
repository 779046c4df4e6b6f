"""What operators poll: GET /healthz (can the bot answer?) and GET /metrics (Prometheus text)."""

from __future__ import annotations

import asyncio
import logging

from apscheduler.schedulers.base import STATE_RUNNING
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.context import BotApplication
from storage.queries import current_plan

log = logging.getLogger(__name__)

DATABASE_TIMEOUT = 5.0  # seconds: a store slower than this is reported unreachable


def store_health(engine: Engine) -> tuple[bool, bool]:
    """Whether the store answers, and whether it holds a current plan to answer from (blocking)."""
    try:
        with Session(engine) as session:
            session.connection().execute(text("SELECT 1"))
            return True, current_plan(session=session) is not None
    except (SQLAlchemyError, OSError) as exc:
        log.warning("health check: the database did not answer: %s", exc)
        return False, False


def scheduler_running(application: BotApplication) -> bool:
    """Whether the job queue that fires the pushes is running (not stopped, not paused)."""
    job_queue = application.job_queue
    return job_queue is not None and job_queue.scheduler.state == STATE_RUNNING


def ops_routes(application: BotApplication) -> list[BaseRoute]:
    """The /healthz and /metrics routes for `application`."""

    async def healthz(request: Request) -> Response:
        engine = application.bot_data.services.engine
        try:
            database, plan = await asyncio.wait_for(asyncio.to_thread(store_health, engine), DATABASE_TIMEOUT)
        except TimeoutError:
            database, plan = False, False
        checks = {"database": database, "plan": plan, "scheduler": scheduler_running(application)}
        healthy = all(checks.values())
        body = {"status": "ok" if healthy else "unavailable", **checks}
        return JSONResponse(body, status_code=200 if healthy else 503)

    async def metrics(request: Request) -> Response:
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return [Route("/healthz", healthz, methods=["GET"]), Route("/metrics", metrics, methods=["GET"])]
