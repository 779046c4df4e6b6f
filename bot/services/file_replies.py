"""What /grafico and /exportar send: a chart or a workbook made from an answer, named and captioned.

The answer (computed by `bot.domain.answers.answer`, so access and periods are decided in one place) says
what the file is about: an activity gets its programmed and executed quantities by month (or by
quarter); a unit its activities by percent, coloured by band; the institution every activity of
the plan by percent. That last chart is taller than Telegram shows a photo readably, so it goes as
a PNG document. A workbook holds a unit's or the whole plan's figures for the answer's period.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.domain.answers import Answer, AnswerKind
from bot.domain.figures import STATUS_LABELS, Bands, Progress, format_percent
from bot.domain.markup import html_escape as esc
from bot.domain.periods import Period
from bot.domain.snapshot import PlanSnapshot
from bot.domain.text import normalize
from bot.render.answer_parts import figure_line, period_phrase
from bot.render.charts import activities_chart, series_chart
from bot.render.charts.activities import PER_PAGE
from bot.render.export_xlsx import export_xlsx

MAX_NAME = 200  # characters of a name quoted in a caption (keeps captions under 1024)
MAX_SLUG = 60


CHART_KINDS = frozenset((AnswerKind.ACTIVITY, AnswerKind.UNIT, AnswerKind.SUMMARY))
"""The answers a chart is drawn for; any other (clarify, not found, no data...) is answered in words."""
EXPORT_KINDS = frozenset((AnswerKind.UNIT, AnswerKind.SUMMARY))
"""The answers a workbook is made for."""


@dataclass(frozen=True)
class FileReply:
    """A file to send: its bytes, its name, an HTML caption, and whether it goes as a photo."""

    data: bytes
    filename: str
    caption: str
    as_photo: bool


def slug(text: str) -> str:
    """A file-name piece: "GERENCIA DE FINANZAS" -> "gerencia-de-finanzas"."""
    words = normalize(text).split()
    result = "-".join(words)[:MAX_SLUG].strip("-")
    return result or "poi"


def _name(text: str) -> str:
    shown = text if len(text) <= MAX_NAME else text[: MAX_NAME - 1].rstrip() + "…"
    return esc(shown)


def _progress(summary: Progress | None) -> str:
    if summary is None or summary.percent is None or summary.status is None:
        return "sin programación"
    return f"<b>{format_percent(summary.percent)}</b> ({STATUS_LABELS[summary.status]})"


def _base_name(answer: Answer, snapshot: PlanSnapshot) -> str:
    """ "poi-2019-gerencia-de-finanzas", with the period when it is not the default one."""
    scope = answer.unit or snapshot.entity or "institucion"
    name = f"poi-{answer.plan_year}-{slug(scope)}"
    if answer.period != Period.cumulative(answer.cutoff_month):
        name += f"-{slug(answer.period.label())}"
    return name


def _institution(answer: Answer, snapshot: PlanSnapshot) -> str:
    return f"POI {answer.plan_year} {snapshot.entity}".strip()


def chart_reply(
    answer: Answer, snapshot: PlanSnapshot, bands: Bands, *, by: Literal["month", "quarter"] = "month"
) -> FileReply | None:
    """The chart an ACTIVITY, UNIT or SUMMARY answer calls for; None for any other answer."""
    base = _base_name(answer, snapshot)
    if answer.kind is AnswerKind.ACTIVITY and answer.series is not None:
        series = answer.series
        image = series_chart(series.activity, [series], by=by, up_to_month=answer.cutoff_month, bands=bands)
        word = "mes" if by == "month" else "trimestre"
        caption = (
            f"📊 <b>{_name(series.activity)}</b>\n{_name(series.unit)}\n"
            f"Programado vs. ejecutado por {word}. Avance {period_phrase(answer.period)}: "
            f"{figure_line(answer.rows[0])}"
        )
        name = f"poi-{answer.plan_year}-{slug(series.activity)}-{series.activity_id}.png"
        return FileReply(image, name, caption, as_photo=True)
    if answer.kind is AnswerKind.UNIT and answer.unit is not None:
        title = f"{answer.unit} — {answer.period.label()}"
        image = activities_chart(title, answer.rows, bands=bands)
        caption = (
            f"📊 <b>{_name(answer.unit)}</b>\nActividades por % de avance {period_phrase(answer.period)}: "
            f"{_progress(answer.summary)}"
        )
        return FileReply(image, f"{base}.png", caption, as_photo=len(answer.rows) <= PER_PAGE)
    if answer.kind is AnswerKind.SUMMARY:
        title = f"{_institution(answer, snapshot)} — {answer.period.label()}"
        image = activities_chart(title, answer.rows, bands=bands)
        caption = (
            f"📊 <b>{_name(_institution(answer, snapshot))}</b>: las {len(answer.rows)} actividades de "
            f"las {len(answer.ranking)} unidades por % de avance {period_phrase(answer.period)}. "
            f"Avance institucional: {_progress(answer.summary)}"
        )
        return FileReply(image, f"{base}-grafico.png", caption, as_photo=len(answer.rows) <= PER_PAGE)
    return None


def export_reply(answer: Answer, snapshot: PlanSnapshot, bands: Bands) -> FileReply | None:
    """The workbook of a UNIT answer (that unit) or a SUMMARY answer (the whole plan); else None."""
    if answer.kind is AnswerKind.UNIT and answer.unit is not None:
        title = answer.unit
        series = snapshot.series_of(answer.unit)
    elif answer.kind is AnswerKind.SUMMARY:
        title = _institution(answer, snapshot)
        series = snapshot.series
    else:
        return None
    data = export_xlsx(title=title, period=answer.period, figures=answer.rows, bands=bands, series=series)
    caption = (
        f"📥 <b>{_name(title)}</b> — {esc(answer.period.label())}\n"
        f"Avance: {_progress(answer.summary)} · {len(answer.rows)} actividades con su estado "
        "(hoja «Avance») y sus meses y trimestres (hoja «Mensual»)."
    )
    return FileReply(data, f"{_base_name(answer, snapshot)}.xlsx", caption, as_photo=False)
