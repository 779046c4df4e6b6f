"""Writing a parsed plan: everything in the caller's one transaction, and which plan is current."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text, update
from sqlmodel import Session, SQLModel, col, select

from storage.importers.common import ParsedActivity, ParsedPlan
from storage.models import Activity, ImportCheck, ImportNote, MonthFigure, Plan, QuarterFigure, Unit, saved_id

_IMPORT_LOCK = 0x504F49  # "POI": serialises imports on PostgreSQL so only one plan ends up current


def find_plan_by_hash(*, session: Session, sha256: str) -> Plan | None:
    """The plan imported from a file with that SHA-256, if any."""
    return session.exec(select(Plan).where(Plan.source_sha256 == sha256)).first()


def write_plan(*, session: Session, parsed: ParsedPlan, entity: str, source_name: str, sha256: str) -> Plan:
    """Adds the plan with its units, activities, figures, checks and notes; flushes, never commits.

    The caller's transaction makes it all-or-nothing. Afterwards the current plan is recomputed.
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _IMPORT_LOCK})
    plan = Plan(
        entity=entity,
        year=parsed.year,
        cutoff_month=parsed.cutoff_month,
        title=parsed.title,
        source_name=source_name[:500],
        source_sha256=sha256,
        source_format=parsed.source_format,
        imported_at=datetime.now(UTC),  # aware: this SQLModel stores UTC and refuses naive datetimes
    )
    session.add(plan)
    session.flush()
    plan_id = saved_id(plan)
    bulk = _Bulk(session)
    bulk.write(
        Unit, ("plan_id", "name", "position"), [(plan_id, n, i) for i, n in enumerate(parsed.units, 1)]
    )
    unit_ids = dict(bulk.read("SELECT name, id FROM unit WHERE plan_id = :plan", plan_id))
    bulk.write(
        Activity,
        ("plan_id", "unit_id", "position", "mef_category", "name", "measure", "annual_target", "source_line"),
        [
            (plan_id, unit_ids[a.unit], i, a.mef_category, a.name, a.measure, a.annual_target, a.line)
            for i, a in enumerate(parsed.activities, 1)
        ],
    )
    activity_ids = dict(bulk.read("SELECT position, id FROM activity WHERE plan_id = :plan", plan_id))
    bulk.write(MonthFigure, MONTH_COLUMNS, _months(parsed.activities, activity_ids))
    bulk.write(
        QuarterFigure, ("activity_id", "quarter", "programmed", "executed"), _quarters(parsed, activity_ids)
    )
    bulk.write(
        ImportCheck,
        ("plan_id", "position", "what", "expected", "found", "ok"),
        [(plan_id, i, c.what, c.expected, c.found, c.ok) for i, c in enumerate(parsed.checks, 1)],
    )
    bulk.write(
        ImportNote,
        ("plan_id", "position", "line", "unit", "activity", "kind", "detail"),
        [
            (plan_id, i, n.line, n.unit[:300], n.activity[:500], n.kind, n.detail[:1000])
            for i, n in enumerate(parsed.notes, 1)
        ],
    )
    refresh_current(session=session)
    return plan


MONTH_COLUMNS = (
    "activity_id",
    "month",
    "programmed",
    "executed",
    "programmed_inferred",
    "executed_inferred",
    "note",
)


def _months(activities: list[ParsedActivity], ids: dict[int, int]) -> Iterator[tuple[object, ...]]:
    """One row per month an activity says something about (programmed, executed or a motive)."""
    for position, item in enumerate(activities, 1):
        activity_id = ids[position]
        for index, (programmed, executed, motive) in enumerate(
            zip(item.programmed, item.executed, item.motives, strict=True)
        ):
            if programmed is None and executed is None and not motive:
                continue
            yield (
                activity_id,
                index + 1,
                programmed,
                executed,
                item.programmed_inferred[index],
                item.executed_inferred[index],
                motive,
            )


def _quarters(parsed: ParsedPlan, ids: dict[int, int]) -> Iterator[tuple[object, ...]]:
    for position, item in enumerate(parsed.activities, 1):
        for quarter, (programmed, executed) in enumerate(
            zip(item.quarter_programmed, item.quarter_executed, strict=True), 1
        ):
            if programmed is not None or executed is not None:
                yield (ids[position], quarter, programmed, executed)


class _Bulk:
    """Plain rows into a table on the session's own connection (its transaction): COPY on
    PostgreSQL, one executemany elsewhere. No ORM object per row."""

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"
        if self.postgres:
            # DB_STATEMENT_TIMEOUT bounds questions; one COPY of a 200,000-activity plan's 2.4M
            # monthly rows may take longer, and the file is already bounded by the import limits.
            self.connection.exec_driver_sql("SET LOCAL statement_timeout = 0")

    def write(
        self, model: type[SQLModel], columns: tuple[str, ...], rows: Iterable[tuple[object, ...]]
    ) -> None:
        table = model.__tablename__
        raw: Any = self.connection.connection.driver_connection
        cursor = raw.cursor()
        try:
            if self.postgres:
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        finally:
            cursor.close()

    def read(self, sql: str, plan_id: int) -> list[tuple[Any, Any]]:
        return [(row[0], row[1]) for row in self.connection.execute(text(sql), {"plan": plan_id})]


def refresh_current(*, session: Session) -> Plan | None:
    """Marks as current the plan with the latest (year, cut-off, import time), and only that one."""
    statement = select(Plan).order_by(
        col(Plan.year).desc(),
        col(Plan.cutoff_month).desc(),
        col(Plan.imported_at).desc(),
        col(Plan.id).desc(),
    )
    best = session.exec(statement.limit(1)).first()
    if best is None:
        return None
    session.execute(
        update(Plan).where(col(Plan.is_current), col(Plan.id) != best.id).values(is_current=False)
    )
    if not best.is_current:
        best.is_current = True
        session.add(best)
    session.flush()
    return best
