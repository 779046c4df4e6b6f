"""Writing a parsed plan: everything in the caller's one transaction, and which plan is current."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, text, update
from sqlmodel import Session, col, select

from storage.importers.common import ParsedPlan
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
    units = [Unit(plan_id=plan_id, name=name, position=index) for index, name in enumerate(parsed.units, 1)]
    session.add_all(units)
    session.flush()
    unit_ids = {unit.name: saved_id(unit) for unit in units}
    activities = [
        Activity(
            plan_id=plan_id,
            unit_id=unit_ids[item.unit],
            position=index,
            mef_category=item.mef_category,
            name=item.name,
            measure=item.measure,
            annual_target=item.annual_target,
            source_line=item.line,
        )
        for index, item in enumerate(parsed.activities, 1)
    ]
    session.add_all(activities)
    session.flush()
    months: list[dict[str, Any]] = []
    quarters: list[dict[str, Any]] = []
    for activity, item in zip(activities, parsed.activities, strict=True):
        for month in range(1, 13):
            index = month - 1
            if item.programmed[index] is None and item.executed[index] is None and not item.motives[index]:
                continue
            months.append(
                {
                    "activity_id": activity.id,
                    "month": month,
                    "programmed": item.programmed[index],
                    "executed": item.executed[index],
                    "programmed_inferred": item.programmed_inferred[index],
                    "executed_inferred": item.executed_inferred[index],
                    "note": item.motives[index],
                }
            )
        for quarter in range(1, 5):
            programmed, executed = item.quarter_programmed[quarter - 1], item.quarter_executed[quarter - 1]
            if programmed is not None or executed is not None:
                quarters.append(
                    {
                        "activity_id": activity.id,
                        "quarter": quarter,
                        "programmed": programmed,
                        "executed": executed,
                    }
                )
    checks = [
        {
            "plan_id": plan_id,
            "position": index,
            "what": c.what,
            "expected": c.expected,
            "found": c.found,
            "ok": c.ok,
        }
        for index, c in enumerate(parsed.checks, 1)
    ]
    notes = [
        {
            "plan_id": plan_id,
            "position": index,
            "line": n.line,
            "unit": n.unit[:300],
            "activity": n.activity[:500],
            "kind": n.kind,
            "detail": n.detail[:1000],
        }
        for index, n in enumerate(parsed.notes, 1)
    ]
    for table, rows in (
        (MonthFigure, months),
        (QuarterFigure, quarters),
        (ImportCheck, checks),
        (ImportNote, notes),
    ):
        if rows:
            session.execute(insert(table), rows)
    refresh_current(session=session)
    return plan


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
