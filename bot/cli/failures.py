"""Database problems at the command line: one line on standard error and exit 1, no traceback.

Every subcommand's handler is wrapped by `guarded`: a malformed DATABASE_URL (or --database-url)
and a database that cannot be reached or stops answering end the command the same clean way.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from storage.db import DatabaseUrlError

EXIT_FAILED = 1

Handler = Callable[[argparse.Namespace], int]


def database_problem(exc: BaseException) -> str:
    """One line saying what went wrong with the database (never the URL: it may hold a password)."""
    if isinstance(exc, DatabaseUrlError):
        return str(exc)
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    detail = lines[0] if lines else type(cause).__name__
    return f"No se pudo usar la base de datos (DATABASE_URL): {detail}"


def guarded(handler: Handler) -> Handler:
    """The handler, with database problems turned into one line and exit code 1."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (DatabaseUrlError, SQLAlchemyError) as exc:
            print(database_problem(exc), file=sys.stderr)
            return EXIT_FAILED

    run.__doc__ = handler.__doc__
    return run
