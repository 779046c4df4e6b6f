"""The engine and sessions: one engine per process, short sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, event, inspect, text
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from storage import models  # noqa: F401  (registers the tables on SQLModel.metadata)

# The store when DATABASE_URL names none: a SQLite file in the working directory.
DEFAULT_DATABASE_URL = "sqlite:///poi-bot.sqlite3"


class DatabaseUrlError(ValueError):
    """A database URL that cannot be used at all (the message is one line, without the URL)."""


@dataclass(frozen=True)
class EngineTimeouts:
    """How long the store may take before an operation fails instead of hanging (seconds).

    ``connect``: opening a connection; ``statement``: one statement on the server (PostgreSQL) or
    waiting for a lock (SQLite); ``pool``: waiting for a free connection of the pool.
    """

    connect: float = 5.0
    statement: float = 15.0
    pool: float = 5.0


def make_engine(url: str, timeouts: EngineTimeouts | None = None) -> Engine:
    """Creates the engine for a SQLAlchemy URL, every wait bounded by ``timeouts``.

    SQLite gets foreign keys and, in memory, one connection; PostgreSQL a connect timeout, a
    server-side statement timeout and a pool timeout, so a database that stalls makes operations
    fail (and the bot say so) instead of hanging for as long as it stalls.
    """
    limits = timeouts or EngineTimeouts()
    try:
        if url.startswith("sqlite"):
            return _sqlite_engine(url, limits)
        connect_args: dict[str, object] = {}
        if url.startswith("postgresql"):
            connect_args = {
                "connect_timeout": max(1, round(limits.connect)),
                "options": f"-c statement_timeout={round(limits.statement * 1000)}",
            }
        return create_engine(url, pool_pre_ping=True, pool_timeout=limits.pool, connect_args=connect_args)
    except (ArgumentError, ValueError) as exc:  # unparsable, unknown dialect or driver, bad port
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise DatabaseUrlError(f"DATABASE_URL no es una URL de base de datos válida: {reason}") from exc


def _sqlite_engine(url: str, limits: EngineTimeouts) -> Engine:
    # In memory, the store is one connection shared by every thread: fine for tests that process
    # one update at a time; concurrent work needs a file (or PostgreSQL), as in production.
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": limits.statement},
        poolclass=StaticPool if in_memory else None,
        **({} if in_memory else {"pool_timeout": limits.pool}),
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not in_memory:
            # Readers do not block the writer, and a second process waits (boundedly) instead of failing.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={round(limits.statement * 1000)}")
        cursor.close()

    return engine


def create_tables(engine: Engine) -> None:
    """Creates every table at once from the models (throw-away stores: tests, benchmarks)."""
    SQLModel.metadata.create_all(engine)


def drop_tables(engine: Engine) -> None:
    """Drops every table of the models and alembic's version mark (throw-away stores: tests)."""
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"  # the first migration: the schema as it was before migrations existed


def migration_config(connection: Connection) -> Config:
    """Alembic's configuration for our migrations, on an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Brings the store's schema up to date (alembic upgrade head); a store in use keeps its data.

    A store created before migrations existed (tables but no alembic_version) is stamped with the
    baseline first, since its schema is the baseline's; one that `create_tables` made with every
    table of the models already has the newest schema, and is stamped with it.
    """
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # a migration of a big store may outlast it
            connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
        config = migration_config(connection)
        tables = set(inspect(connection).get_table_names())
        if "plan" in tables and "alembic_version" not in tables:
            complete = set(SQLModel.metadata.tables) <= tables
            command.stamp(config, "head" if complete else BASELINE)
        command.upgrade(config, "head")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """Yields a session that commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
