"""Alembic's environment: the schema is SQLModel's metadata; the connection comes from storage.db.

Migrations run through `storage.db.migrate(engine)` (start-up of the bot and of every CLI command),
which hands its connection over in ``config.attributes["connection"]``. Run from the command line
(`alembic ...` at the repository root, with alembic.ini), the store is the one the bot uses:
DATABASE_URL from the environment or `.env` (the bot's default when neither names one), opened with
`storage.db.make_engine`.

A new migration, after changing storage/models.py:

    DATABASE_URL=sqlite:///scratch.sqlite3 alembic upgrade head
    DATABASE_URL=sqlite:///scratch.sqlite3 alembic revision --autogenerate --rev-id 0002 -m "what changed"

(the next number as --rev-id: the file becomes storage/migrations/versions/0002_what_changed.py), then
read it through (autogenerate misses renames and server defaults) and delete the scratch store.
tests/test_migrations.py fails while migrations and models differ.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from dotenv import dotenv_values
from sqlalchemy import Connection
from sqlmodel import SQLModel

from storage import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.db import DEFAULT_DATABASE_URL, make_engine


def _database_url() -> str:
    """DATABASE_URL as the bot reads it: the environment first, then `.env`, then the default."""
    found = os.environ.get("DATABASE_URL") or dotenv_values(".env").get("DATABASE_URL")
    return found or DEFAULT_DATABASE_URL


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    _run(given)
elif context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported: run them against a database")
else:
    if context.config.config_file_name is not None:  # alembic.ini's logging: show what runs
        fileConfig(context.config.config_file_name, disable_existing_loggers=False)
    engine = make_engine(_database_url())
    try:
        with engine.begin() as opened:
            _run(opened)
    finally:
        engine.dispose()
