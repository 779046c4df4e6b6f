"""What an import did, for people (Spanish text that fits a Telegram message) and for tools (JSON)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.domain.periods import MONTH_NAMES
from storage.importers.common import Check, Note
from storage.importers.report_lines import render
from storage.models import Activity, ImportCheck, ImportNote, MonthFigure, Plan, Unit, saved_id
from storage.queries import current_plan


@dataclass(frozen=True)
class PlanInfo:
    """The stored plan an import created (or found already there)."""

    id: int
    entity: str
    year: int
    cutoff_month: int
    title: str
    source_name: str
    source_sha256: str
    source_format: str
    imported_at: datetime
    is_current: bool

    @classmethod
    def of(cls, plan: Plan) -> PlanInfo:
        return cls(
            id=saved_id(plan),
            entity=plan.entity,
            year=plan.year,
            cutoff_month=plan.cutoff_month,
            title=plan.title,
            source_name=plan.source_name,
            source_sha256=plan.source_sha256,
            source_format=plan.source_format,
            imported_at=plan.imported_at,
            is_current=plan.is_current,
        )

    @property
    def cutoff_label(self) -> str:
        return MONTH_NAMES[self.cutoff_month - 1]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entity": self.entity,
            "year": self.year,
            "cutoff_month": self.cutoff_month,
            "cutoff_label": self.cutoff_label,
            "title": self.title,
            "source_name": self.source_name,
            "source_sha256": self.source_sha256,
            "source_format": self.source_format,
            "imported_at": self.imported_at.isoformat(),
            "is_current": self.is_current,
        }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class ImportReport:
    """An import's outcome: the plan, counts, every reconciliation check and every note."""

    plan: PlanInfo
    units: int
    activities: int
    inferred_cells: int
    checks: tuple[Check, ...]
    notes: tuple[Note, ...]
    already_imported: bool = False
    current: PlanInfo | None = None  # the current plan, when it is not this one
    source_kind: str = ""  # the detected format, e.g. "template_xlsx" (detect.FORMATS)

    @property
    def failed_checks(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]

    def note_counts(self) -> Counter[str]:
        return Counter(note.kind for note in self.notes)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data (the CLI's --json)."""
        return {
            "already_imported": self.already_imported,
            "plan": self.plan.to_json(),
            "current_plan": self.current.to_json() if self.current else None,
            "source_kind": self.source_kind,
            "units": self.units,
            "activities": self.activities,
            "inferred_cells": self.inferred_cells,
            "checks": [
                {"what": c.what, "expected": _number(c.expected), "found": _number(c.found), "ok": c.ok}
                for c in self.checks
            ],
            "notes": [
                {"line": n.line, "unit": n.unit, "activity": n.activity, "kind": n.kind, "detail": n.detail}
                for n in self.notes
            ],
        }

    def to_text(self, max_chars: int | None = None) -> str:
        """Spanish, for people; with ``max_chars`` (Telegram: 4096) lists are cut to fit ("y N más")."""
        return render(self, max_chars)


def load_report(*, session: Session, plan_id: int, already_imported: bool, source_kind: str) -> ImportReport:
    """The report of a stored plan, read back from the store (what was really written)."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise LookupError(f"no plan with id {plan_id}")
    units = session.exec(select(func.count()).select_from(Unit).where(Unit.plan_id == plan_id)).one()
    activities = session.exec(
        select(func.count()).select_from(Activity).where(Activity.plan_id == plan_id)
    ).one()
    inferred = session.exec(
        select(func.count())
        .select_from(MonthFigure)
        .join(Activity, col(Activity.id) == col(MonthFigure.activity_id))
        .where(Activity.plan_id == plan_id)
        .where(col(MonthFigure.executed_inferred) | col(MonthFigure.programmed_inferred))
    ).one()
    checks = session.exec(
        select(ImportCheck).where(ImportCheck.plan_id == plan_id).order_by(col(ImportCheck.position))
    )
    notes = session.exec(
        select(ImportNote).where(ImportNote.plan_id == plan_id).order_by(col(ImportNote.position))
    )
    current = current_plan(session=session)
    return ImportReport(
        plan=PlanInfo.of(plan),
        units=units,
        activities=activities,
        inferred_cells=inferred,
        checks=tuple(Check(c.what, c.expected, c.found, c.ok) for c in checks),
        notes=tuple(Note(n.line, n.unit, n.activity, n.kind, n.detail) for n in notes),
        already_imported=already_imported,
        current=PlanInfo.of(current) if current is not None and current.id != plan_id else None,
        source_kind=source_kind,
    )
