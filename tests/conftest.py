"""Shared fixtures: the store on SQLite always, and on PostgreSQL when TEST_DATABASE_URL names one."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine
from sqlmodel import Session

from bot.domain.snapshot import PlanSnapshot
from storage.db import create_tables, drop_tables, make_engine
from storage.queries import current_plan, load_snapshot

# PTB 22 warns when it builds RetryAfter unless told to use timedelta; warnings are errors here.
os.environ.setdefault("PTB_TIMEDELTA", "true")

# No per-example deadline: a busy CI machine must not turn a slow example into a failure.
hypothesis_settings.register_profile("poi-bot", deadline=None)
hypothesis_settings.load_profile("poi-bot")

pytest_plugins = ["tests.telegram_fixtures", "tests.bot_fixtures", "tests.service_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_REPORT = ROOT / "data" / "sample" / "poi-2019-iii-trimestre.txt"
TEST_DATA = Path(__file__).resolve().parent / "data"

BACKENDS = ["sqlite", "postgresql"]


def _engine_for(backend: str) -> Engine:
    if backend == "sqlite":
        return make_engine("sqlite://")
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL not set: PostgreSQL storage tests skipped")
    engine = make_engine(url)
    drop_tables(engine)
    return engine


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """`run` and `serve` point the root logger at the stderr of the test that ran them; put it back,
    or a later test's log record is written to a closed capture stream."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty store with every table, on each configured backend."""
    engine = _engine_for(request.param)
    create_tables(engine)
    yield engine
    if request.param != "sqlite":
        drop_tables(engine)
    engine.dispose()


@pytest.fixture
def sqlite_engine() -> Iterator[Engine]:
    """An empty in-memory SQLite store, for tests that are not about the backend."""
    engine = make_engine("sqlite://")
    create_tables(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def seed_engine() -> Iterator[Engine]:
    """An in-memory store holding the bundled sample, shared by read-only tests."""
    from storage.importers import import_file

    engine = make_engine("sqlite://")
    create_tables(engine)
    import_file(engine, SAMPLE_REPORT, entity="SAT")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def seed_snapshot(seed_engine: Engine) -> PlanSnapshot:
    """The bundled sample's current plan, as answers read it."""
    with Session(seed_engine) as session:
        plan = current_plan(session=session)
        assert plan is not None
        assert plan.id is not None
        return load_snapshot(session=session, plan_id=plan.id)
