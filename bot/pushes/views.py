"""What /alertas, /programacion and the subscription commands say, as Telegram HTML.

Every data string is escaped; every line is self-contained markup, so a long reply splits at any line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.markup import html_escape as esc
from bot.pushes.calendar import KIND_LABELS, PushKind, Schedule, describe_schedule, format_when
from bot.pushes.outlook import ChatOutlook, Upcoming
from storage.models import PushRun
from storage.push_runs import aware, is_expired
from storage.subscriptions import ALL_UNITS

UPDATE_WHEN = "cuando un administrador carga un nuevo corte de datos"
HOW_TO = "/suscribir [unidad] · /desuscribir [unidad] · /pausar DÍAS · /reanudar"


def scope_name(scope: str) -> str:
    """A subscription's scope as people read it."""
    return "todas las unidades (versión institucional)" if scope == ALL_UNITS else scope


def scopes_text(scopes: Sequence[str]) -> str:
    return ", ".join(f"<b>{esc(scope_name(scope))}</b>" for scope in scopes)


def schedule_lines(schedule: Schedule) -> list[str]:
    """When each kind comes, one line each, the data update included."""
    lines = [f"• {esc(line)}" for line in describe_schedule(schedule)]
    return [*lines, f"• {KIND_LABELS[PushKind.DATA_UPDATE]}: {UPDATE_WHEN}"]


def alerts_text(outlook: ChatOutlook, schedule: Schedule) -> str:
    """/alertas: what this chat receives, for which units, and when the next of each kind comes."""
    if not outlook.scopes:
        return "\n".join(
            [
                "🔕 No recibes avisos programados.",
                "Suscríbete con /suscribir (tu unidad) o /suscribir NOMBRE DE LA UNIDAD.",
                "",
                "Los avisos son:",
                *schedule_lines(schedule),
            ]
        )
    lines = ["🔔 <b>Tus avisos</b>", f"Recibes avisos de: {scopes_text(outlook.scopes)}"]
    if outlook.visible != outlook.scopes:
        shown = scopes_text(outlook.visible) if outlook.visible else "ninguna (no tienes unidad asignada)"
        lines.append(f"⚠️ Tu acceso se limita a tu unidad: solo te llegan los de {shown}.")
    if outlook.paused_until is not None:
        lines.append(f"⏸ En pausa hasta el {esc(format_when(outlook.paused_until, schedule.tz))}.")
    lines += ["", f"Próximos (hora de {esc(schedule.tz.key)}):"]
    for item in outlook.upcoming:
        occurrence = item.occurrence
        lines.append(
            f"• <b>{esc(occurrence.label)}</b> ({esc(occurrence.period_label)}): "
            f"{esc(format_when(occurrence.fire_at, schedule.tz))}"
        )
        if item.paused:
            lines.append("  ⏸ llega durante tu pausa: no lo recibirás")
        elif item.reason is not None and outlook.visible:
            lines.append(f"  🔕 no se enviará: {esc(item.reason)}")
    paused = " (salvo durante tu pausa)" if outlook.paused_until is not None else ""
    lines.append(f"• <b>{KIND_LABELS[PushKind.DATA_UPDATE]}</b>: {UPDATE_WHEN}{paused}")
    return "\n".join([*lines, "", "Cuándo llegan:", *schedule_lines(schedule), "", HOW_TO])


def _run_line(run: PushRun, tz: ZoneInfo) -> str:
    try:
        label = KIND_LABELS[PushKind(run.kind)]
    except ValueError:
        label = run.kind
    if is_expired(run):
        state, summary = "vencido", " · no se envió: pasó el plazo de recuperación"
    else:
        state = "completado" if run.completed_at is not None else "sin completar"
        summary = f" · {esc(run.summary)}" if run.summary else ""
    when = format_when(aware(run.fired_at), tz)
    return f"• {esc(label)} <code>{esc(run.period_key)}</code> ({esc(when)}): {state}{summary}"


def programme_text(
    upcoming: Sequence[tuple[str, Upcoming]],
    *,
    subscribers: int,
    catch_up_every: timedelta | None,
    runs: Sequence[PushRun],
    schedule: Schedule,
) -> str:
    """/programacion: every scheduled job with its next run (local time) and its recipients."""
    lines = [f"🗓 <b>Programación de avisos</b> (hora de {esc(schedule.tz.key)})"]
    if not upcoming:
        lines.append("No hay avisos programados.")
    for job_name, item in upcoming:
        occurrence = item.occurrence
        lines += [
            f"• <code>{esc(job_name)}</code> {esc(occurrence.label)} · {esc(occurrence.period_label)}",
            f"  {esc(format_when(occurrence.fire_at, schedule.tz))} · {item.recipients} destinatarios "
            f"({item.with_message} con mensaje, con los datos actuales)",
        ]
    lines.append(f"• {KIND_LABELS[PushKind.DATA_UPDATE]}: {UPDATE_WHEN} · {subscribers} destinatarios")
    if catch_up_every is not None:
        minutes = round(catch_up_every.total_seconds() / 60)
        quiet = (
            f", salvo de {schedule.quiet_start:%H:%M} a {schedule.quiet_end:%H:%M}"
            if schedule.quiet_start != schedule.quiet_end
            else ""
        )
        lines.append(
            f"• <code>catch_up</code> recuperación de avisos perdidos o interrumpidos: "
            f"al arrancar y cada {minutes} minutos{quiet}"
        )
    if runs:
        lines += ["", "Últimos envíos:", *[_run_line(run, schedule.tz) for run in runs]]
    return "\n".join([*lines, "", "Horario:", *schedule_lines(schedule)])


def subscribed_text(scope: str, outlook: ChatOutlook, schedule: Schedule) -> str:
    """The reply to /suscribir: what was added and what comes next."""
    lines = [f"✅ Listo: recibirás los avisos de <b>{esc(scope_name(scope))}</b>."]
    if outlook.paused_until is not None:
        when = format_when(outlook.paused_until, schedule.tz)
        lines.append(f"⏸ Tus avisos siguen en pausa hasta el {esc(when)}; para reanudarlos: /reanudar")
    soon = next((item for item in outlook.upcoming if not item.paused and item.reason is None), None)
    if soon is not None:
        when = format_when(soon.occurrence.fire_at, schedule.tz)
        lines.append(f"El próximo: {esc(soon.occurrence.label)}, {esc(when)}.")
    return "\n".join([*lines, "Todo lo que recibes y cuándo: /alertas"])


def paused_text(until: datetime, tz: ZoneInfo) -> str:
    return (
        f"⏸ Avisos en pausa hasta el {esc(format_when(until, tz))} (hora de {esc(tz.key)}).\n"
        "Para reanudarlos antes: /reanudar"
    )
