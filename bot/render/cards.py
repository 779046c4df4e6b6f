"""Compact progress cards for inline mode: a title, a one-line description and a short HTML message.

A card is made from an answer computed by `bot.domain.answers.answer` (so access and periods are decided
in one place): the institution (SUMMARY), a unit (UNIT) or an activity (ACTIVITY). The message is
what lands in the chat when the card is chosen, so it carries the figures themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.answers import Answer, AnswerKind
from bot.domain.figures import STATUS_ICONS, STATUS_LABELS, Progress, format_percent, lagging
from bot.render.answer_parts import HTML, figure_line, headline_icon, period_phrase, progress_line
from bot.render.answer_text import render_html, render_text
from bot.render.drilldown import activities_phrase, footer

MAX_TITLE = 120
MAX_DESCRIPTION = 200
MAX_LAGGING = 3  # the worst activities a unit card names


@dataclass(frozen=True)
class Card:
    """One inline result: what the list shows (title, description) and the message it sends."""

    title: str
    description: str
    html: str


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _avance(answer: Answer, summary: Progress) -> str:
    """ "Avance al III trimestre (ene–sep): <b>84.2 %</b> (ámbar)"."""
    band = f" ({STATUS_LABELS[summary.status]})" if summary.status else ""
    return f"Avance {period_phrase(answer.period)}: {HTML.bold(format_percent(summary.percent))}{band}"


def _band(summary: Progress | None) -> str:
    if summary is None or summary.status is None:
        return "sin programación"
    return f"{format_percent(summary.percent)} · {STATUS_LABELS[summary.status]}"


def card(answer: Answer) -> Card | None:
    """The card of a SUMMARY, UNIT or ACTIVITY answer; None for any other kind."""
    if answer.kind is AnswerKind.SUMMARY:
        return _summary(answer)
    if answer.kind is AnswerKind.UNIT:
        return _unit(answer)
    if answer.kind is AnswerKind.ACTIVITY:
        return _activity(answer)
    return None


MEETING_CARD_KINDS = frozenset(
    (AnswerKind.RANKING, AnswerKind.COMPARISON, AnswerKind.PROJECTION, AnswerKind.COUNT, AnswerKind.VALUE)
)


def meeting_card(answer: Answer) -> Card | None:
    """The card of a ranking, comparison, projection, count or value: its reply, with its head as title."""
    if answer.kind not in MEETING_CARD_KINDS:
        return None
    lines = [line for line in render_text(answer).splitlines() if line.strip()]
    title = _short(lines[0], MAX_TITLE)
    return Card(title, _short(" · ".join(lines[1:3]), MAX_DESCRIPTION), render_html(answer))


def _summary(answer: Answer) -> Card:
    summary = answer.summary
    if summary is None:
        raise RuntimeError("summary is missing")
    behind = sum(row.lagging for row in answer.rows)
    title = f"POI {answer.plan_year}: avance institucional"
    lines = [
        f"{headline_icon(summary)} {HTML.bold(title)}",
        _avance(answer, summary),
        f"{activities_phrase(len(summary.activities))}: {progress_line(summary)}",
        f"{behind} rezagadas",
        *(HTML.italic(note) for note in answer.notes),
        footer(answer),
    ]
    description = f"{_band(summary)} · {len(answer.ranking)} unidades · {answer.period.label()}"
    return Card(title, _short(description, MAX_DESCRIPTION), "\n".join(lines))


def _unit(answer: Answer) -> Card:
    summary = answer.summary
    if summary is None:
        raise RuntimeError("summary is missing")
    if answer.unit is None:
        raise RuntimeError("answer.unit is missing")
    lines = [
        f"{headline_icon(summary)} {HTML.bold(answer.unit)}",
        _avance(answer, summary),
        f"{activities_phrase(len(answer.rows))}: {progress_line(summary)}",
        *(HTML.italic(note) for note in answer.notes),
    ]
    behind = lagging(answer.rows)
    for row in behind[:MAX_LAGGING]:
        lines.append(f"{STATUS_ICONS[row.status]} {HTML.text(_short(row.activity, 90))} — {figure_line(row)}")
    if len(behind) > MAX_LAGGING:
        lines.append(f"… y {len(behind) - MAX_LAGGING} rezagadas más")
    lines.append(footer(answer))
    description = f"{_band(summary)} · {activities_phrase(len(answer.rows))} · {answer.period.label()}"
    return Card(_short(answer.unit, MAX_TITLE), _short(description, MAX_DESCRIPTION), "\n".join(lines))


def _activity(answer: Answer) -> Card:
    row = answer.rows[0]
    lines = [
        f"{STATUS_ICONS[row.status]} {HTML.bold(row.activity)}",
        HTML.text(row.unit),
        f"Avance {period_phrase(answer.period)}: {figure_line(row)} — {STATUS_LABELS[row.status]}",
        *(HTML.italic(note) for note in answer.notes),
        footer(answer),
    ]
    description = f"{figure_line(row)} · {STATUS_LABELS[row.status]} · {row.unit}"
    return Card(_short(row.activity, MAX_TITLE), _short(description, MAX_DESCRIPTION), "\n".join(lines))
