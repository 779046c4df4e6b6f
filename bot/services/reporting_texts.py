"""The monthly report's Spanish texts and buttons: each question, the reason, the review, the notices."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.figures import ActivitySeries, format_percent, format_quantity
from bot.domain.periods import MONTH_NAMES
from bot.render.answer_parts import HtmlMarkup
from bot.services.reporting_callbacks import start_data, step_data
from bot.services.reporting_types import Button, Reply
from storage.models import MonthReport, ReportEntry

HTML = HtmlMarkup()
REASONS = (
    "Falta de personal",
    "Falta de presupuesto",
    "Reprogramado para otro mes",
    "Depende de otra unidad",
)


def month_label(report: MonthReport) -> str:
    return f"{MONTH_NAMES[report.month - 1]} de {report.year}"


def quantity(value: float | None, measure: str = "") -> str:
    if value is None:
        return "sin dato"
    return f"{format_quantity(value)} {HTML.text(measure)}".strip()


def _programmed_line(entry: ReportEntry, month: str) -> str:
    line = f"Programado en {month}: {HTML.bold(quantity(entry.programmed, entry.measure))}"
    if entry.programmed_estimated:
        line += " (estimado: lo que falta de la meta anual, repartido en los meses que quedan)"
    return line


def question(report: MonthReport, entry: ReportEntry, total: int, series: ActivitySeries | None) -> Reply:
    """One activity: programmed, target, year so far; the quick answers as buttons."""
    if report.id is None:
        raise RuntimeError("report.id is missing")
    month = MONTH_NAMES[report.month - 1]
    lines = [
        f"📝 {HTML.text(report.unit)} · {month_label(report)} — {entry.position + 1} de {total}",
        HTML.bold(entry.activity),
        _programmed_line(entry, month),
    ]
    if series is not None:
        done = sum(v for v in series.executed[: report.month - 1] if v is not None)
        share = done / series.annual_target * 100 if series.annual_target else None
        lines.append(
            f"Meta anual: {quantity(series.annual_target)} · "
            f"en el año van {quantity(done)} ({format_percent(share)})"
        )
    lines.append(f"Escribe la cantidad ejecutada en {month}, o elige:")
    quick = []
    if entry.programmed is not None:
        quick.append(Button(f"= programado ({format_quantity(entry.programmed)})", _data(report, "p")))
    quick += [Button("0", _data(report, "z")), Button("omitir", _data(report, "o"))]
    rows = [tuple(quick)]
    if entry.position > 0:
        rows.append((Button("↩️ Corregir", _data(report, "b")),))
    return Reply("\n".join(lines), tuple(rows))


def _data(report: MonthReport, action: str, choice: int | None = None) -> str:
    if report.id is None:
        raise RuntimeError("report.id is missing")
    return step_data(report.id, action, report.step, choice)


def reason_prompt(report: MonthReport, entry: ReportEntry) -> Reply:
    done = quantity(entry.executed)
    lines = [
        f"{HTML.text(entry.activity)}: {done} de {quantity(entry.programmed, entry.measure)} programados.",
        "¿Por qué quedó por debajo? Escribe el motivo o elige uno:",
    ]
    rows = [tuple(Button(REASONS[i], _data(report, "r", i)) for i in pair) for pair in ((0, 1), (2, 3))]
    rows.append((Button("↩️ Corregir", _data(report, "b")),))
    return Reply("\n".join(lines), tuple(rows))


def outlier_prompt(report: MonthReport, entry: ReportEntry) -> Reply:
    value = report.pending_value or 0.0
    text = (
        f"⚠️ {HTML.text(entry.activity)}: escribiste {HTML.bold(quantity(value, entry.measure))} y lo "
        f"programado es {quantity(entry.programmed, entry.measure)}. ¿Es correcto?"
    )
    rows = (
        (
            Button(f"Sí, {format_quantity(value)}", _data(report, "y")),
            Button("No, corregir", _data(report, "n")),
        ),
    )
    return Reply(text, rows)


def entry_line(entry: ReportEntry) -> str:
    name = HTML.text(entry.activity)
    if entry.skipped:
        return f"{entry.position + 1}. {name}: omitida (sin reportar)"
    planned = quantity(entry.programmed, entry.measure)
    line = f"{entry.position + 1}. {name}: {quantity(entry.executed)} de {planned}"
    if entry.reason:
        line += f" · Motivo: {HTML.text(entry.reason)}"
    return line


def summary(report: MonthReport, entries: Sequence[ReportEntry]) -> list[str]:
    return [f"{HTML.bold(report.unit)} · {month_label(report)}", *[entry_line(e) for e in entries]]


def review(report: MonthReport, entries: Sequence[ReportEntry]) -> Reply:
    lines = ["📋 Revisa el registro antes de enviarlo:", *summary(report, entries)]
    if report.return_note:
        lines += ["", f"↩️ Devuelto con la nota: {HTML.text(report.return_note)}"]
    rows = ((Button("✅ Confirmar", _data(report, "c")), Button("✏️ Corregir", _data(report, "e"))),)
    return Reply("\n".join(lines), rows)


def pick_entry(report: MonthReport, entries: Sequence[ReportEntry]) -> Reply:
    rows = tuple(
        (Button(f"{e.position + 1}. {e.activity}"[:60], _data(report, "j", e.position)),) for e in entries
    )
    return Reply("¿Qué actividad corriges?", rows)


def submission(report: MonthReport, entries: Sequence[ReportEntry], who: str) -> Reply:
    """What the admins receive: the unit's figures, with Validar / Devolver."""
    lines = [f"📨 {HTML.text(who)} envió el registro de ejecución:", *summary(report, entries)]
    rows = ((Button("✅ Validar", _data(report, "v")), Button("↩️ Devolver", _data(report, "d"))),)
    return Reply("\n".join(lines), rows)


def returned(report: MonthReport, who: str) -> Reply:
    text = (
        f"↩️ {HTML.text(who)} devolvió tu registro de {month_label(report)} ({HTML.text(report.unit)}):\n"
        f"{HTML.text(report.return_note)}\nCorrígelo y vuelve a enviarlo."
    )
    return Reply(text, ((Button("✏️ Corregir", start_data(report.year, report.month)),),))
