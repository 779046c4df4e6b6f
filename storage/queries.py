"""Reading the store: the current plan, a plan's figures as an in-memory snapshot, aliases."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from bot.domain.figures import ActivitySeries
from bot.domain.query import Candidate
from bot.domain.snapshot import PlanSnapshot
from storage.models import Activity, Alias, ImportNote, MonthFigure, Plan, QuarterFigure, Unit


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
    """Loads a plan's units, activities and figures in four queries."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise LookupError(f"no plan with id {plan_id}")
    units = list(session.exec(select(Unit).where(Unit.plan_id == plan_id).order_by(col(Unit.position))))
    unit_names = {unit.id: unit.name for unit in units}
    activities = list(
        session.exec(select(Activity).where(Activity.plan_id == plan_id).order_by(col(Activity.position)))
    )
    ids = [a.id for a in activities]
    months: dict[int, list[MonthFigure]] = defaultdict(list)
    for figure in session.exec(select(MonthFigure).where(col(MonthFigure.activity_id).in_(ids))):
        months[figure.activity_id].append(figure)
    quarters: dict[int, list[QuarterFigure]] = defaultdict(list)
    for quarter in session.exec(select(QuarterFigure).where(col(QuarterFigure.activity_id).in_(ids))):
        quarters[quarter.activity_id].append(quarter)
    series = tuple(
        _series(activity, unit_names[activity.unit_id], months[activity.id or 0], quarters[activity.id or 0])
        for activity in activities
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
        units=tuple(unit.name for unit in units),
        series=series,
        inconsistent=frozenset((unit, activity) for unit, activity in flagged),
    )


def _series(
    activity: Activity, unit: str, months: list[MonthFigure], quarters: list[QuarterFigure]
) -> ActivitySeries:
    programmed: list[float | None] = [None] * 12
    executed: list[float | None] = [None] * 12
    programmed_inferred = [False] * 12
    executed_inferred = [False] * 12
    motives = [""] * 12
    for figure in months:
        index = figure.month - 1
        programmed[index] = figure.programmed
        executed[index] = figure.executed
        programmed_inferred[index] = figure.programmed_inferred
        executed_inferred[index] = figure.executed_inferred
        motives[index] = figure.note
    quarter_programmed: list[float | None] = [None] * 4
    quarter_executed: list[float | None] = [None] * 4
    for quarter in quarters:
        quarter_programmed[quarter.quarter - 1] = quarter.programmed
        quarter_executed[quarter.quarter - 1] = quarter.executed
    return ActivitySeries(
        unit=unit,
        activity=activity.name,
        measure=activity.measure,
        annual_target=activity.annual_target,
        programmed=tuple(programmed),
        executed=tuple(executed),
        quarter_programmed=tuple(quarter_programmed),
        quarter_executed=tuple(quarter_executed),
        programmed_inferred=tuple(programmed_inferred),
        executed_inferred=tuple(executed_inferred),
        mef_category=activity.mef_category,
        motives=tuple(motives),
        activity_id=activity.id or 0,
        unit_id=activity.unit_id,
    )


def aliases(*, session: Session) -> dict[str, Candidate]:
    """Every admin alias, normalised alias -> the unit or activity it names."""
    result: dict[str, Candidate] = {}
    for alias in session.exec(select(Alias)):
        result[alias.alias] = Candidate(unit=alias.target_unit, activity=alias.target_activity)
    return result
