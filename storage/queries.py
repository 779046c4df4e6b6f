"""Reading the store: the current plan, a plan's figures as an in-memory snapshot, aliases."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from bot.domain.figures import ActivitySeries
from bot.domain.query import Candidate
from bot.domain.snapshot import PlanSnapshot
from storage.models import Alias, ImportNote, Plan


def current_plan(*, session: Session) -> Plan | None:
    """The plan questions are answered from (latest year, then latest cut-off)."""
    return session.exec(select(Plan).where(col(Plan.is_current)).limit(1)).first()


def plan_for_year(*, session: Session, year: int) -> Plan | None:
    """The most recent cut-off of a year's plan, if one was imported."""
    statement = (
        select(Plan)
        .where(Plan.year == year)
        .order_by(col(Plan.cutoff_month).desc(), col(Plan.imported_at).desc())
        .limit(1)
    )
    return session.exec(statement).first()


def plans(*, session: Session) -> list[Plan]:
    """Every imported plan, newest first."""
    statement = select(Plan).order_by(
        col(Plan.year).desc(), col(Plan.cutoff_month).desc(), col(Plan.imported_at).desc()
    )
    return list(session.exec(statement))


def load_snapshot(*, session: Session, plan_id: int) -> PlanSnapshot:
    """Loads a plan's units, activities and figures with four plain queries keyed by the plan.

    No query binds a parameter per activity (PostgreSQL allows 65,535), no ORM object per row, and
    the tuples most activities share (no inference, no motive, no quarter) are kept once.
    """
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise LookupError(f"no plan with id {plan_id}")
    key = int(plan_id)
    connection = session.connection()
    raw: Any = connection.connection.driver_connection
    cursor = raw.cursor()
    try:
        cursor.execute(f"SELECT id, name FROM unit WHERE plan_id = {key} ORDER BY position")
        units = cursor.fetchall()
        cursor.execute(
            "SELECT id, unit_id, name, measure, annual_target, mef_category FROM activity "
            f"WHERE plan_id = {key} ORDER BY position"
        )
        activities = cursor.fetchall()
        cursor.execute(f"SELECT m.activity_id, {_PIVOT} {_MONTHS_OF} {key}) GROUP BY m.activity_id")
        figures = {row[0]: row for row in cursor.fetchall()}
        cursor.execute(
            "SELECT m.activity_id, m.month, m.programmed_inferred, m.executed_inferred, m.note "
            f"{_MONTHS_OF} {key}) AND (m.programmed_inferred OR m.executed_inferred OR m.note <> '')"
        )
        extras = _extras(cursor.fetchall())
        cursor.execute(
            "SELECT q.activity_id, q.quarter, q.programmed, q.executed FROM quarterfigure q "
            f"JOIN activity a ON a.id = q.activity_id WHERE a.plan_id = {key}"
        )
        quarters = _quarters(cursor.fetchall())
    finally:
        cursor.close()
    unit_names = dict(units)
    shared: dict[tuple[object, ...], tuple[object, ...]] = {}
    series = tuple(
        _series(
            row, unit_names[row[1]], figures.get(row[0]), extras.get(row[0]), quarters.get(row[0]), shared
        )
        for row in activities
    )
    flagged = session.exec(
        select(ImportNote.unit, ImportNote.activity).where(
            ImportNote.plan_id == plan_id, ImportNote.kind == "inconsistent"
        )
    )
    return PlanSnapshot(
        plan_id=plan_id,
        entity=plan.entity,
        year=plan.year,
        cutoff_month=plan.cutoff_month,
        title=plan.title,
        source_name=plan.source_name,
        imported_at=plan.imported_at,
        units=tuple(name for _, name in units),
        series=series,
        inconsistent=frozenset((unit, activity) for unit, activity in flagged),
    )


# One row per activity, its twelve programmed then twelve executed figures: the database pivots.
_PIVOT = ", ".join(
    f"MAX(CASE WHEN m.month = {month} THEN m.{column} END)"
    for column in ("programmed", "executed")
    for month in range(1, 13)
)
_MONTHS_OF = "FROM monthfigure m WHERE m.activity_id IN (SELECT id FROM activity WHERE plan_id ="
_NO_FLAGS = (False,) * 12
_NO_MOTIVES = ("",) * 12
_NOTHING = (None,) * 12


def _extras(rows: list[tuple[Any, ...]]) -> dict[int, list[list[Any]]]:
    """The few months with an inferred figure or a motive: programmed/executed flags and motives."""
    found: dict[int, list[list[Any]]] = {}
    for activity_id, month, p_inferred, e_inferred, note in rows:
        columns = found.setdefault(activity_id, [[False] * 12, [False] * 12, [""] * 12])
        columns[0][month - 1] = bool(p_inferred)
        columns[1][month - 1] = bool(e_inferred)
        columns[2][month - 1] = note or ""
    return found


def _quarters(rows: list[tuple[Any, ...]]) -> dict[int, list[list[Any]]]:
    found: dict[int, list[list[Any]]] = {}
    for activity_id, quarter, programmed, executed in rows:
        columns = found.setdefault(activity_id, [[None] * 4, [None] * 4])
        columns[0][quarter - 1] = programmed
        columns[1][quarter - 1] = executed
    return found


def _series(
    row: tuple[Any, ...],
    unit: str,
    figures: tuple[Any, ...] | None,
    extras: list[list[Any]] | None,
    quarters: list[list[Any]] | None,
    shared: dict[tuple[object, ...], tuple[object, ...]],
) -> ActivitySeries:
    activity_id, unit_id, name, measure, annual_target, mef_category = row

    def kept(values: Any) -> Any:
        value = tuple(values)
        return shared.setdefault(value, value)

    flags = (
        (kept(extras[0]), kept(extras[1]), kept(extras[2])) if extras else (_NO_FLAGS, _NO_FLAGS, _NO_MOTIVES)
    )
    quarters = quarters or [[None] * 4, [None] * 4]
    return ActivitySeries(
        unit=unit,
        activity=name,
        measure=measure,
        annual_target=annual_target,
        programmed=kept(figures[1:13]) if figures else _NOTHING,
        executed=kept(figures[13:25]) if figures else _NOTHING,
        quarter_programmed=kept(quarters[0]),
        quarter_executed=kept(quarters[1]),
        programmed_inferred=flags[0],
        executed_inferred=flags[1],
        mef_category=mef_category,
        motives=flags[2],
        activity_id=activity_id,
        unit_id=unit_id,
    )


def aliases(*, session: Session) -> dict[str, Candidate]:
    """Every admin alias, normalised alias -> the unit or activity it names."""
    result: dict[str, Candidate] = {}
    for alias in session.exec(select(Alias)):
        result[alias.alias] = Candidate(unit=alias.target_unit, activity=alias.target_activity)
    return result
