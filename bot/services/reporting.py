"""The monthly report form: one activity at a time, a reason below the programmed quantity, a review.

Every state lives in the store (storage.reporting), so a restart resumes where the form stopped;
each function opens its own transaction and returns what to say (bot.services.reporting_types).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.domain.periods import MONTH_NAMES
from bot.services import reporting_texts as texts
from bot.services.questions import NoPlanError, PoiService
from bot.services.reporting_callbacks import start_data
from bot.services.reporting_items import (
    default_month,
    read_answer,
    split_month,
    to_report,
    too_far,
    unit_month_reported,
)
from bot.services.reporting_review import submit
from bot.services.reporting_types import Actor, Button, Outcome, Reply, say
from storage import reporting as store
from storage.db import session_scope
from storage.models import MonthReport, ReportEntry, utcnow
from storage.queries import current_plan

MAX_REASON = 500
NO_UNIT_TEXT = "Aún no tienes una unidad asignada: pide a un administrador que te la asigne para registrar."
STALE_TEXT = "Ese botón ya quedó atrás: responde la última pregunta."


class ReportingForm:
    """Starting, answering and correcting a unit's month report."""

    def __init__(self, poi: PoiService, outlier_factor: float) -> None:
        self.poi = poi
        self.engine = poi.engine
        self.outlier_factor = outlier_factor

    # -- starting -------------------------------------------------------------------------------
    def start(self, actor: Actor, words: str, today: datetime) -> Outcome:
        """/registrar [mes] [unidad]: the unit's form for the month (the actor's own unit unless an
        admin names one or picks one)."""
        try:
            snapshot = self.poi.snapshot()
        except NoPlanError as exc:
            return say(str(exc))
        month, rest = split_month(words)
        unit = actor.unit
        if rest:
            named = self.poi.understand(rest).unit
            if named is None:
                return say(f"No reconozco la unidad «{texts.HTML.text(rest)}».")
            if not actor.is_admin and named != actor.unit:
                return say(
                    f"Solo puedes registrar la ejecución de tu unidad: {texts.HTML.text(actor.unit or '')}."
                )
            unit = named
        if unit is None and not actor.is_admin:
            return say(NO_UNIT_TEXT)
        series = snapshot.series_of(unit) if unit else snapshot.series
        if month is None:
            month = default_month(series, snapshot.year, today.year, today.month)
        if unit is None:
            return self._pick_unit(snapshot.year, month, snapshot.units)
        return self.begin(actor, unit, month, today)

    def start_pressed(
        self, actor: Actor, year: int, month: int, unit_index: int | None, today: datetime
    ) -> Outcome:
        """The reminder's "📝 Registrar <mes>" (or a unit picked by an admin)."""
        try:
            snapshot = self.poi.snapshot()
        except NoPlanError as exc:
            return Outcome(alert=str(exc))
        if year != snapshot.year:
            return Outcome(alert=f"El POI cargado es el de {snapshot.year}: ese botón es de otro año.")
        unit = actor.unit
        if unit_index is not None:
            if not actor.is_admin or not 0 <= unit_index < len(snapshot.units):
                return Outcome(alert="Ese botón no es para ti.")
            unit = snapshot.units[unit_index]
        if unit is None:
            return (
                self._pick_unit(year, month, snapshot.units)
                if actor.is_admin
                else Outcome(alert=NO_UNIT_TEXT)
            )
        return self.begin(actor, unit, month, today)

    def _pick_unit(self, year: int, month: int, units: tuple[str, ...]) -> Outcome:
        rows = tuple((Button(name[:60], start_data(year, month, index)),) for index, name in enumerate(units))
        return say(f"¿De qué unidad registras {MONTH_NAMES[month - 1]} de {year}?", *rows)

    def begin(self, actor: Actor, unit: str, month: int, today: datetime) -> Outcome:
        """Opens the unit's month: resumes its draft, reopens it when returned, or starts it."""
        snapshot = self.poi.snapshot()
        label = f"{MONTH_NAMES[month - 1]} de {snapshot.year}"
        with session_scope(self.engine) as session:
            plan = current_plan(session=session)
            if plan is None:
                raise RuntimeError("plan is missing")
            if plan.id is None:
                raise RuntimeError("plan.id is missing")
            report = store.find_report(session=session, plan_id=plan.id, month=month, unit=unit)
            if report is not None:
                return self._reopen(session, actor, report)
            if (plan.year, month) >= (today.year, today.month):
                return say(f"{label.capitalize()} aún no termina: su ejecución se registra el mes siguiente.")
            series = snapshot.series_of(unit)
            if unit_month_reported(series, month):
                return say(
                    f"{texts.HTML.text(unit)} ya tiene cifras de ejecución de {label} en el POI cargado."
                )
            items = to_report(series, month)
            if not items:
                return say(
                    f"{texts.HTML.text(unit)} no tiene actividades programadas ni abiertas en {label}."
                )
            new = [
                store.NewEntry(
                    p.series.activity_id, p.series.activity, p.series.measure, p.programmed, p.estimated
                )
                for p in items
            ]
            report = store.start_report(
                session=session, plan=plan, month=month, unit=unit, owner=actor.telegram_id, items=new
            )
            intro = Reply(
                f"📝 Registro de {label} · {texts.HTML.bold(unit)}: {len(items)} actividades, "
                "una por mensaje. "
                "Al final revisas todo antes de enviarlo."
            )
            return Outcome(replies=(intro, self._prompt(session, report)))

    def _reopen(self, session: Session, actor: Actor, report: MonthReport) -> Outcome:
        label = texts.month_label(report)
        if report.status == store.VALIDATED:
            return say(f"El registro de {label} de {texts.HTML.text(report.unit)} ya fue validado.")
        if report.status == store.SUBMITTED:
            return say(
                f"El registro de {label} de {texts.HTML.text(report.unit)} ya se envió: espera su validación."
            )
        if report.status == store.RETURNED:
            report.status, report.awaiting, report.step = (
                store.DRAFT,
                "review",
                len(self._entries(session, report)),
            )
        report.owner = actor.telegram_id
        store.touch(session=session, report=report)
        store.audit(session=session, report=report, telegram_id=actor.telegram_id, action="resume")
        intro = Reply(f"Continúas el registro de {label} donde quedó.")
        return Outcome(replies=(intro, self._prompt(session, report)))

    # -- the current step -----------------------------------------------------------------------
    def _entries(self, session: Session, report: MonthReport) -> list[ReportEntry]:
        return store.entries(session=session, report_id=report.id or 0)

    def _prompt(self, session: Session, report: MonthReport) -> Reply:
        entries = self._entries(session, report)
        if report.awaiting == "review" or report.step >= len(entries):
            return texts.review(report, entries)
        entry = entries[report.step]
        if report.awaiting == "reason":
            return texts.reason_prompt(report, entry)
        if report.awaiting == "outlier":
            return texts.outlier_prompt(report, entry)
        return texts.question(report, entry, len(entries), self.poi.snapshot().by_id(entry.activity_id))

    def _advance(self, session: Session, report: MonthReport) -> Outcome:
        total = len(self._entries(session, report))
        if report.editing or report.step + 1 >= total:
            report.step, report.awaiting, report.editing = total, "review", False
        else:
            report.step, report.awaiting = report.step + 1, "number"
        report.pending_value = None
        store.touch(session=session, report=report)
        return Outcome(replies=(self._prompt(session, report),))

    def _record(
        self, session: Session, actor: Actor, report: MonthReport, value: float | None, confirmed: bool
    ) -> Outcome:
        """Records the current activity's answer (None: omitted); asks why when below the programmed."""
        entry = self._entries(session, report)[report.step]
        if value is not None and not confirmed and too_far(value, entry.programmed, self.outlier_factor):
            report.awaiting, report.pending_value = "outlier", value
            store.touch(session=session, report=report)
            return Outcome(replies=(texts.outlier_prompt(report, entry),))
        entry.answered, entry.skipped, entry.executed = True, value is None, value
        entry.reason, entry.entered_by, entry.entered_at = "", actor.telegram_id, utcnow()
        session.add(entry)
        shown = "omitida" if value is None else texts.quantity(value)
        store.audit(
            session=session,
            report=report,
            telegram_id=actor.telegram_id,
            action="answer",
            detail=f"{entry.position + 1}: {shown}",
        )
        if value is not None and entry.programmed is not None and value < entry.programmed:
            report.awaiting, report.pending_value = "reason", None
            store.touch(session=session, report=report)
            return Outcome(replies=(texts.reason_prompt(report, entry),))
        return self._advance(session, report)

    def _reason(self, session: Session, actor: Actor, report: MonthReport, reason: str) -> Outcome:
        reason = " ".join(reason.split())
        if not reason or len(reason) > MAX_REASON:
            return say(f"El motivo debe tener entre 1 y {MAX_REASON} caracteres: escríbelo más corto.")
        entry = self._entries(session, report)[report.step]
        entry.reason = reason
        session.add(entry)
        store.audit(
            session=session,
            report=report,
            telegram_id=actor.telegram_id,
            action="reason",
            detail=f"{entry.position + 1}: {reason}",
        )
        return self._advance(session, report)

    # -- typed answers --------------------------------------------------------------------------
    def typed(self, actor: Actor, text: str) -> Outcome | None:
        """A typed message while this person has a draft open; None when it is not for the form
        (no draft, or not an answer: an ordinary question goes on to be answered)."""
        with session_scope(self.engine) as session:
            report = store.open_draft(session=session, telegram_id=actor.telegram_id)
            if report is None:
                return None
            if report.awaiting == "reason":
                return self._reason(session, actor, report, text)
            if report.awaiting not in ("number", "outlier"):
                return None
            answer = read_answer(text)
            if answer is None:
                return None
            if answer.negative:
                return say("La cantidad ejecutada no puede ser negativa: escribe 0 o más.")
            entry = self._entries(session, report)[report.step]
            if answer.same and entry.programmed is None:
                return say("Esta actividad no tiene cantidad programada: escribe la ejecutada.")
            value = entry.programmed if answer.same else answer.value
            return self._record(session, actor, report, None if answer.skip else value, confirmed=False)

    # -- buttons --------------------------------------------------------------------------------
    def pressed(self, actor: Actor, report_id: int, action: str, step: int, choice: int | None) -> Outcome:
        """A form or review button of a draft."""
        with session_scope(self.engine) as session:
            report = store.get_report(session=session, report_id=report_id)
            if report is None or report.status != store.DRAFT:
                return Outcome(alert="Ese registro ya no está en borrador.")
            if not (actor.is_admin or actor.unit == report.unit):
                return Outcome(alert="Ese registro es de otra unidad.")
            if step != report.step:
                return Outcome(alert=STALE_TEXT)
            report.owner = actor.telegram_id
            return self._press(session, actor, report, action, choice)

    def _press(
        self, session: Session, actor: Actor, report: MonthReport, action: str, choice: int | None
    ) -> Outcome:
        entries = self._entries(session, report)
        if action in "pzo" and report.awaiting == "number":
            value = {"p": entries[report.step].programmed, "z": 0.0, "o": None}[action]
            return self._record(session, actor, report, value, confirmed=False)
        if (
            action == "r"
            and report.awaiting == "reason"
            and choice is not None
            and choice < len(texts.REASONS)
        ):
            return self._reason(session, actor, report, texts.REASONS[choice])
        if action == "y" and report.awaiting == "outlier":
            return self._record(session, actor, report, report.pending_value, confirmed=True)
        if action in "nb" and report.awaiting in ("reason", "outlier"):
            report.awaiting, report.pending_value = "number", None
        elif action == "b" and report.awaiting == "number":
            report.step = max(0, report.step - 1)
        elif action == "e" and report.awaiting == "review":
            return Outcome(replies=(texts.pick_entry(report, entries),))
        elif action == "j" and report.awaiting == "review" and choice is not None and choice < len(entries):
            report.step, report.awaiting, report.editing = choice, "number", True
        elif action == "c" and report.awaiting == "review":
            return submit(session, actor, report, entries)
        else:
            return Outcome(alert=STALE_TEXT)
        store.audit(session=session, report=report, telegram_id=actor.telegram_id, action=f"back:{action}")
        store.touch(session=session, report=report)
        return Outcome(replies=(self._prompt(session, report),))
