"""Migrations and models cannot drift (the equivalent of `alembic check`), on each backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import Session, SQLModel

from storage.db import create_tables, drop_tables, make_engine, migrate
from storage.importers import import_file
from storage.queries import current_plan
from tests.conftest import SAMPLE_REPORT


def _drift(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def _empty(engine: Engine) -> Engine:
    drop_tables(engine)
    return engine


def test_migrations_build_exactly_the_models(engine: Engine) -> None:
    _empty(engine)
    migrate(engine)
    assert _drift(engine) == []
    migrate(engine)  # a second start-up changes nothing
    assert _drift(engine) == []


def test_a_store_made_before_migrations_is_adopted_with_its_data(engine: Engine) -> None:
    _empty(engine)
    create_tables(engine)  # as the first versions did, without alembic_version
    import_file(engine, SAMPLE_REPORT, entity="SAT")
    migrate(engine)
    assert "alembic_version" in inspect(engine).get_table_names()
    with Session(engine) as session:
        plan = current_plan(session=session)
        assert plan is not None
        assert plan.year == 2019


def test_an_in_memory_store_migrates_too() -> None:
    engine = make_engine("sqlite://")
    migrate(engine)
    assert {"plan", "activity", "delivery", "alembic_version"} <= set(inspect(engine).get_table_names())
