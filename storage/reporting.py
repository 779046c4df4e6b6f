"""Month reports entered in the chat: drafts, entries, the audit trail, and writing a validated month
into its plan (the plan's monthly figures and a later cut-off, so answers read it as any figure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from storage.models import MonthFigure, MonthReport, Plan, ReportAudit, ReportEntry, User, utcnow

DRAFT, SUBMITTED, RETURNED, VALIDATED = "draft", "submitted", "returned", "validated"
APPROVED = "approved"


@dataclass(frozen=True)
class NewEntry:
    """An activity the form will ask about, with the month's programmed quantity."""

    activity_id: int
    activity: str
    measure: str
    programmed: float | None
    programmed_estimated: bool


def audit(*, session: Session, report: MonthReport, telegram_id: int, action: str, detail: str = "") -> None:
    """Records one step of a report."""
    if report.id is None:
        raise RuntimeError("report.id is missing")
    session.add(
        ReportAudit(report_id=report.id, telegram_id=telegram_id, action=action, detail=detail[:1000])
    )


def find_report(*, session: Session, plan_id: int, month: int, unit: str) -> MonthReport | None:
    statement = select(MonthReport).where(
        MonthReport.plan_id == plan_id, MonthReport.month == month, MonthReport.unit == unit
    )
    return session.exec(statement).first()


def start_report(
    *, session: Session, plan: Plan, month: int, unit: str, owner: int, items: Sequence[NewEntry]
) -> MonthReport:
    """A new draft with one unanswered entry per activity, in the form's order."""
    if plan.id is None:
        raise RuntimeError("plan.id is missing")
    report = MonthReport(plan_id=plan.id, year=plan.year, month=month, unit=unit, owner=owner)
    session.add(report)
    session.flush()
    if report.id is None:
        raise RuntimeError("report.id is missing")
    for position, item in enumerate(items):
        session.add(
            ReportEntry(
                report_id=report.id,
                activity_id=item.activity_id,
                position=position,
                activity=item.activity[:500],
                measure=item.measure[:100],
                programmed=item.programmed,
                programmed_estimated=item.programmed_estimated,
            )
        )
    audit(
        session=session, report=report, telegram_id=owner, action="start", detail=f"{len(items)} actividades"
    )
    session.flush()
    return report


def get_report(*, session: Session, report_id: int) -> MonthReport | None:
    return session.get(MonthReport, report_id)


def open_draft(*, session: Session, telegram_id: int) -> MonthReport | None:
    """The draft this person is filling now, if any (the latest touched)."""
    statement = (
        select(MonthReport)
        .where(MonthReport.owner == telegram_id, MonthReport.status == DRAFT)
        .order_by(col(MonthReport.updated_at).desc())
        .limit(1)
    )
    return session.exec(statement).first()


def noting(*, session: Session, admin_id: int) -> MonthReport | None:
    """The submitted report this admin is writing a return note for, if any."""
    statement = select(MonthReport).where(
        MonthReport.noting_admin == admin_id, MonthReport.status == SUBMITTED
    )
    return session.exec(statement.limit(1)).first()


def entries(*, session: Session, report_id: int) -> list[ReportEntry]:
    statement = (
        select(ReportEntry).where(ReportEntry.report_id == report_id).order_by(col(ReportEntry.position))
    )
    return list(session.exec(statement))


def touch(*, session: Session, report: MonthReport) -> None:
    report.updated_at = utcnow()
    session.add(report)
    session.flush()


def month_reports(*, session: Session, plan_id: int, month: int) -> list[MonthReport]:
    statement = select(MonthReport).where(MonthReport.plan_id == plan_id, MonthReport.month == month)
    return list(session.exec(statement))


def latest_report_month(*, session: Session, plan_id: int) -> int | None:
    """The latest month anyone reported (or started to) in the plan."""
    statement = select(MonthReport.month).where(MonthReport.plan_id == plan_id)
    months = list(session.exec(statement))
    return max(months) if months else None


def reported_months(*, session: Session, plan_id: int) -> dict[int, list[str]]:
    """The months of a plan reported in the bot and validated, with the units validated in each."""
    statement = select(MonthReport).where(MonthReport.plan_id == plan_id, MonthReport.status == VALIDATED)
    found: dict[int, list[str]] = {}
    for report in session.exec(statement):
        found.setdefault(report.month, []).append(report.unit)
    return found


def validated_of_year(*, session: Session, year: int, exclude_plan: int) -> list[MonthReport]:
    """Validated reports of a year on other plans than `exclude_plan` (what a new import reconciles)."""
    statement = select(MonthReport).where(
        MonthReport.year == year, MonthReport.status == VALIDATED, MonthReport.plan_id != exclude_plan
    )
    return list(session.exec(statement.order_by(col(MonthReport.month), col(MonthReport.unit))))


def unit_members(*, session: Session, unit: str) -> list[User]:
    """The approved, reachable users of a unit."""
    statement = select(User).where(
        User.unit_name == unit, User.status == APPROVED, col(User.chat_id).is_not(None), col(User.is_active)
    )
    return list(session.exec(statement))


def write_into_plan(*, session: Session, report: MonthReport) -> int:
    """Writes a validated report's figures into its plan's monthly figures and moves the plan's
    cut-off to its month when later; returns how many figures were written (skipped ones are not)."""
    written = 0
    for entry in entries(session=session, report_id=report.id or 0):
        if entry.skipped or entry.executed is None:
            continue
        statement = select(MonthFigure).where(
            MonthFigure.activity_id == entry.activity_id, MonthFigure.month == report.month
        )
        figure = session.exec(statement).first() or MonthFigure(
            activity_id=entry.activity_id, month=report.month
        )
        if figure.programmed is None and entry.programmed is not None:
            figure.programmed = entry.programmed
            figure.programmed_inferred = entry.programmed_estimated
        figure.executed = entry.executed
        figure.executed_inferred = False
        figure.note = entry.reason[:500]
        session.add(figure)
        written += 1
    plan = session.get(Plan, report.plan_id)
    if plan is not None and plan.cutoff_month < report.month:
        plan.cutoff_month = report.month
        session.add(plan)
    session.flush()
    return written
