"""After the form: the unit submits, the planning office validates (the month is written into the plan)
or returns it with a note; /pendientes; the summary to the admins when every unit is in."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine
from sqlmodel import Session

from bot.domain.periods import MONTH_NAMES
from bot.domain.snapshot import PlanSnapshot
from bot.services import reporting_texts as texts
from bot.services.reporting_callbacks import export_data
from bot.services.reporting_items import to_report, unit_month_reported
from bot.services.reporting_types import Actor, Button, Notice, Outcome, Reply, say
from storage import reporting as store
from storage.db import session_scope
from storage.models import MonthReport, ReportEntry, utcnow
from storage.queries import current_plan
from storage.users import get_user

MAX_NOTE = 1000
STATUS_LABELS = {
    store.VALIDATED: "Validadas",
    store.SUBMITTED: "Por validar",
    store.RETURNED: "Devueltas",
    store.DRAFT: "En borrador",
}


def submit(session: Session, actor: Actor, report: MonthReport, entries: Sequence[ReportEntry]) -> Outcome:
    """The unit's month goes to the planning office: every admin gets it with Validar / Devolver."""
    report.status, report.submitted_by, report.submitted_at = store.SUBMITTED, actor.telegram_id, utcnow()
    report.return_note = ""
    store.touch(session=session, report=report)
    store.audit(session=session, report=report, telegram_id=actor.telegram_id, action="submit")
    sent = Reply(
        f"📨 Enviado: el registro de {texts.month_label(report)} de {texts.HTML.text(report.unit)} "
        "pasa a la oficina de planificación para su validación. Te aviso cuando lo revisen."
    )
    notice = texts.submission(report, entries, actor.name)
    return Outcome(replies=(sent,), notices=tuple(Notice(admin, notice) for admin in actor.admin_ids))


def _submitted(session: Session, actor: Actor, report_id: int) -> MonthReport | Outcome:
    if not actor.is_admin:
        return Outcome(alert="Solo la oficina de planificación valida los registros.")
    report = store.get_report(session=session, report_id=report_id)
    if report is None or report.status != store.SUBMITTED:
        return Outcome(alert="Ese registro ya fue revisado (o se volvió a abrir).")
    return report


def _manager_chat(session: Session, report: MonthReport) -> int | None:
    user = get_user(session=session, telegram_id=report.submitted_by or 0)
    return None if user is None else user.chat_id


def validate(engine: Engine, snapshot: PlanSnapshot, actor: Actor, report_id: int) -> Outcome:
    """Writes the month into the current plan (with who entered and who validated it)."""
    with session_scope(engine) as session:
        found = _submitted(session, actor, report_id)
        if isinstance(found, Outcome):
            return found
        report = found
        report.status, report.validated_by, report.validated_at = store.VALIDATED, actor.telegram_id, utcnow()
        report.noting_admin = None
        store.touch(session=session, report=report)
        written = store.write_into_plan(session=session, report=report)
        store.audit(
            session=session,
            report=report,
            telegram_id=actor.telegram_id,
            action="validate",
            detail=f"{written} cifras",
        )
        label = texts.month_label(report)
        done = Reply(
            f"✅ Validado: {texts.HTML.text(report.unit)}, {label}. {written} cifras quedan en el POI "
            "como reportadas en el bot (no publicadas)."
        )
        notices = []
        chat = _manager_chat(session, report)
        if chat is not None:
            notices.append(
                Notice(
                    chat,
                    Reply(
                        f"✅ La oficina de planificación validó tu registro de {label} "
                        f"({texts.HTML.text(report.unit)})."
                    ),
                )
            )
        if not pending_units(session, snapshot, report.plan_id, report.month, validated_only=True):
            every = Reply(
                f"🎉 Todas las unidades registraron {label} y está todo validado.",
                (
                    (
                        Button(
                            f"📤 Exportar CEPLAN ({MONTH_NAMES[report.month - 1]})",
                            export_data(report.plan_id, report.month),
                        ),
                    ),
                ),
            )
            notices += [Notice(admin, every) for admin in actor.admin_ids]
        return Outcome(replies=(done,), notices=tuple(notices), plan_changed=True)


def ask_note(engine: Engine, actor: Actor, report_id: int) -> Outcome:
    """Devolver: the admin's next message is the note for the unit."""
    with session_scope(engine) as session:
        found = _submitted(session, actor, report_id)
        if isinstance(found, Outcome):
            return found
        found.noting_admin = actor.telegram_id
        store.touch(session=session, report=found)
        store.audit(session=session, report=found, telegram_id=actor.telegram_id, action="return_asked")
        return say(
            f"Escribe la nota para {texts.HTML.text(found.unit)}: "
            f"qué debe corregir en {texts.month_label(found)}."
        )


def take_note(engine: Engine, actor: Actor, text: str) -> Outcome | None:
    """The admin's typed note returns the report to the unit; None when no note is awaited."""
    if not actor.is_admin:
        return None
    with session_scope(engine) as session:
        report = store.noting(session=session, admin_id=actor.telegram_id)
        if report is None:
            return None
        note = " ".join(text.split())
        if not note or len(note) > MAX_NOTE:
            return say(f"La nota debe tener entre 1 y {MAX_NOTE} caracteres.")
        report.status, report.return_note, report.returned_by = store.RETURNED, note, actor.telegram_id
        report.noting_admin = None
        store.touch(session=session, report=report)
        store.audit(
            session=session, report=report, telegram_id=actor.telegram_id, action="return", detail=note
        )
        done = Reply(f"↩️ Devuelto a {texts.HTML.text(report.unit)} con tu nota.")
        chat = _manager_chat(session, report)
        notices = () if chat is None else (Notice(chat, texts.returned(report, actor.name)),)
        return Outcome(replies=(done,), notices=notices)


def pending_units(
    session: Session, snapshot: PlanSnapshot, plan_id: int, month: int, *, validated_only: bool = False
) -> list[str]:
    """Units with something to report in the month whose report is not in (submitted or validated)."""
    reports = {r.unit: r.status for r in store.month_reports(session=session, plan_id=plan_id, month=month)}
    done = {store.VALIDATED} if validated_only else {store.VALIDATED, store.SUBMITTED}
    return [
        unit
        for unit in snapshot.units
        if reports.get(unit) not in done
        and not (unit not in reports and unit_month_reported(snapshot.series_of(unit), month))
        and to_report(snapshot.series_of(unit), month)
    ]


def pending_view(engine: Engine, snapshot: PlanSnapshot, month: int | None) -> Outcome:
    """/pendientes: per status, which units have reported the month and which have not."""
    with session_scope(engine) as session:
        plan = current_plan(session=session)
        if plan is None:
            raise RuntimeError("plan is missing")
        if plan.id is None:
            raise RuntimeError("plan.id is missing")
        if month is None:
            month = store.latest_report_month(session=session, plan_id=plan.id) or min(
                12, plan.cutoff_month + 1
            )
        reports = store.month_reports(session=session, plan_id=plan.id, month=month)
        missing = [
            u for u in pending_units(session, snapshot, plan.id, month) if u not in {r.unit for r in reports}
        ]
        lines = [f"📋 Registro de {MONTH_NAMES[month - 1]} de {plan.year}"]
        for status, label in STATUS_LABELS.items():
            units = sorted(r.unit for r in reports if r.status == status)
            lines.append(f"{label}: {len(units)}")
            lines += [f"• {texts.HTML.text(u)}" for u in units]
        lines.append(f"Sin reportar: {len(missing)}")
        lines += [f"• {texts.HTML.text(u)}" for u in missing]
        reported = store.reported_months(session=session, plan_id=plan.id)
        if reported:
            months = ", ".join(f"{MONTH_NAMES[m - 1]} ({len(reported[m])})" for m in sorted(reported))
            lines += ["", f"Meses reportados en el bot, no publicados (unidades validadas): {months}"]
        button = Button(f"📤 Exportar CEPLAN ({MONTH_NAMES[month - 1]})", export_data(plan.id, month))
        return say("\n".join(lines), (button,))
