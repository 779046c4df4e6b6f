"""Importing a file into the store: detect, parse, validate, then write in one transaction."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from storage.db import session_scope
from storage.importers.common import MAX_BYTES, MAX_ROWS, ImportRefused
from storage.importers.detect import detect_format, parse_bytes
from storage.importers.report import ImportReport, load_report
from storage.importers.writer import find_plan_by_hash, write_plan
from storage.models import saved_id

MAX_ENTITY = 200


def _too_big(size: int, limit: int) -> ImportRefused:
    return ImportRefused(
        f"el archivo pesa {size:,} bytes; el máximo es {limit:,} ({limit // 1024 // 1024} MiB)."
    )


def import_bytes(
    engine: Engine,
    data: bytes,
    source_name: str,
    *,
    entity: str,
    year: int | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> ImportReport:
    """Imports a file's content; returns the report, or raises ImportRefused leaving the store untouched.

    The format is detected from the content. ``year`` is needed only when the source does not say it
    (a CEPLAN export not named "DATA-POI ... <AÑO>.xlsx"); when both say it they must agree, except
    for CEPLAN, whose file name yields to the argument. Importing the same bytes again changes
    nothing and reports the plan as already imported. A file over ``max_bytes`` or with more than
    ``max_rows`` activities is refused (the readers stop at MAX_ROWS whatever ``max_rows`` says).
    """
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)
    if not entity.strip() or len(entity) > MAX_ENTITY:
        raise ImportRefused(f"el nombre de la entidad debe tener entre 1 y {MAX_ENTITY} caracteres.")
    sha256 = hashlib.sha256(data).hexdigest()
    existing = _already_imported(engine, sha256, data)
    if existing is not None:
        return existing
    source_kind, parsed = parse_bytes(data, source_name=source_name, year=year)
    if len(parsed.activities) > max_rows:
        raise ImportRefused(
            f"el archivo tiene {len(parsed.activities):,} actividades; el máximo es {max_rows:,}."
        )
    try:
        with session_scope(engine) as session:
            plan = write_plan(
                session=session, parsed=parsed, entity=entity.strip(), source_name=source_name, sha256=sha256
            )
            return load_report(
                session=session, plan_id=saved_id(plan), already_imported=False, source_kind=source_kind
            )
    except IntegrityError:
        # Another process imported the same file meanwhile: that import stands, this one is a repeat.
        existing = _already_imported(engine, sha256, data)
        if existing is None:
            raise
        return existing


def _already_imported(engine: Engine, sha256: str, data: bytes) -> ImportReport | None:
    with session_scope(engine) as session:
        plan = find_plan_by_hash(session=session, sha256=sha256)
        if plan is None or plan.id is None:
            return None
        try:
            source_kind = detect_format(data)
        except ImportRefused:  # read by an earlier version of the importers; the stored plan stands
            source_kind = ""
        return load_report(session=session, plan_id=plan.id, already_imported=True, source_kind=source_kind)


def import_file(
    engine: Engine,
    path: str | Path,
    *,
    entity: str,
    year: int | None = None,
    source_name: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> ImportReport:
    """Imports a file from disk (``source_name`` defaults to the file's name); limits as import_bytes."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise _too_big(size, max_bytes)
        data = file.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"no se pudo leer el archivo «{file}» ({exc.strerror or exc}).") from exc
    name = source_name or file.name
    return import_bytes(engine, data, name, entity=entity, year=year, max_bytes=max_bytes, max_rows=max_rows)
