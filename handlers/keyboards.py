"""Inline keyboards that go with answers: clarification choices, the drill-down and file buttons."""

from __future__ import annotations

from urllib.parse import urlencode

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot.context import BotContext
from bot.domain.answers import Answer, AnswerKind
from bot.domain.figures import STATUS_ICONS
from bot.domain.periods import Period, period_code
from bot.domain.query import ActivityRef, Intent
from bot.domain.snapshot import PlanSnapshot
from bot.render.drilldown import listed
from handlers.callback_data import Callback, encode

MAX_LABEL = 60


def label(text: str, limit: int = MAX_LABEL) -> str:
    """A button label short enough for a phone screen."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def button(text: str, callback: Callback) -> InlineKeyboardButton:
    return InlineKeyboardButton(label(text), callback_data=encode(callback))


def unit_index(snapshot: PlanSnapshot, unit: str) -> int | None:
    try:
        return snapshot.units.index(unit)
    except ValueError:
        return None


Rows = list[list[InlineKeyboardButton]]


def _clarify_rows(answer: Answer, snapshot: PlanSnapshot) -> Rows:
    """One button per candidate a clarification names (a unit, or an activity of a unit)."""
    plan, period, rows = snapshot.plan_id, answer.period, []
    for candidate in answer.candidates[:5]:
        index = unit_index(snapshot, candidate.unit)
        if index is None:
            continue
        if candidate.activity is not None:
            series = snapshot.find(ActivityRef(candidate.unit, candidate.activity))
            if series is None:
                continue
            text = f"{candidate.activity} ({candidate.unit})"
            rows.append([button(text, Callback("a", plan, series.activity_id, period=period))])
        else:
            prefix = "lg" if answer.query.intent is Intent.LAGGING else "u"
            rows.append([button(candidate.unit, Callback(prefix, plan, index, period=period))])
    return rows


def _unit_rows(answer: Answer, snapshot: PlanSnapshot) -> Rows:
    """A unit's progress: its activities, its lagging ones, its chart."""
    plan, period = snapshot.plan_id, answer.period
    index = unit_index(snapshot, answer.unit or "")
    if index is None:
        return []
    return [
        [
            button("📋 Actividades", Callback("al", plan, index, period=period)),
            button("⚠️ Rezagadas", Callback("lg", plan, index, period=period)),
        ],
        [button("📊 Gráfico", Callback("gu", plan, index))],
    ]


def _listed_rows(answer: Answer, snapshot: PlanSnapshot) -> Rows:
    """A list of activities: one button for each activity the text lists, then back."""
    plan, period = snapshot.plan_id, answer.period
    rows = [
        [button(f"{row.activity}", Callback("a", plan, row.activity_id, period=period))]
        for row in answer.rows[:15]
    ]
    index = unit_index(snapshot, answer.unit) if answer.unit else None
    if index is not None:
        rows.append([button("⬅️ Unidad", Callback("u", plan, index, period=period))])
    elif answer.unit is None:
        rows.append([button("⬅️ Resumen", Callback("s", plan, period=period))])
    return rows


def _activity_rows(answer: Answer, snapshot: PlanSnapshot) -> Rows:
    """One activity by month: by quarter, its chart, back to its unit."""
    if answer.series is None or answer.unit is None:
        return []
    plan, activity_id = snapshot.plan_id, answer.series.activity_id
    rows = [
        [
            button("🗓 Por trimestre", Callback("aq", plan, activity_id)),
            button("📊 Gráfico", Callback("ga", plan, activity_id)),
        ]
    ]
    index = unit_index(snapshot, answer.unit)
    if index is not None:
        rows.append([button("⬅️ Unidad", Callback("u", plan, index, period=answer.period))])
    return rows


def _summary_rows(answer: Answer, snapshot: PlanSnapshot) -> Rows:
    callback = Callback("lg", snapshot.plan_id, None, period=answer.period)
    return [[button("⚠️ Rezagadas de la institución", callback)]]


_ROWS_BY_KIND = {
    AnswerKind.CLARIFY: _clarify_rows,
    AnswerKind.UNIT: _unit_rows,
    AnswerKind.LAGGING: _listed_rows,
    AnswerKind.BY_STATUS: _listed_rows,
    AnswerKind.ACTIVITY: _activity_rows,
    AnswerKind.SUMMARY: _summary_rows,
}


_DASHBOARD_KINDS = (AnswerKind.UNIT, AnswerKind.SUMMARY, AnswerKind.LAGGING, AnswerKind.BY_STATUS)


def _dashboard_rows(answer: Answer, context: BotContext, *, private: bool) -> Rows:
    """The "📊 Ver tablero" button (the Mini App on this answer's unit and period) when WEBAPP_URL is set.

    Telegram allows web_app buttons in private chats only: elsewhere, no button.
    """
    url = context.settings.webapp_url
    if url is None or answer.kind not in _DASHBOARD_KINDS or not private:
        return []
    query = urlencode({"unit": answer.unit or "", "period": period_code(answer.period)})
    return [[InlineKeyboardButton("📊 Ver tablero", web_app=WebAppInfo(f"{url}?{query}"))]]


def keyboard_for(
    answer: Answer, context: BotContext, snapshot: PlanSnapshot, *, private: bool
) -> InlineKeyboardMarkup | None:
    """The buttons that go with an answer on ``snapshot``, or None; ``private``: it goes to a private chat."""
    rows_for = _ROWS_BY_KIND.get(answer.kind)
    if rows_for is None:
        return None
    rows = rows_for(answer, snapshot) + _dashboard_rows(answer, context, private=private)
    return InlineKeyboardMarkup(rows) if rows else None


def activities_keyboard(answer: Answer, snapshot: PlanSnapshot) -> InlineKeyboardMarkup:
    """One button per activity of a unit's list (same order and numbers), then back and chart."""
    plan, period = snapshot.plan_id, answer.period
    rows = [
        [
            button(
                f"{position}. {STATUS_ICONS[row.status]} {row.activity}",
                Callback("a", plan, row.activity_id, period=period),
            )
        ]
        for position, row in enumerate(listed(answer), start=1)
    ]
    index = unit_index(snapshot, answer.unit or "")
    if index is not None:
        rows.append(
            [
                button("⬅️ Unidad", Callback("u", plan, index, period=period)),
                button("📊 Gráfico", Callback("gu", plan, index)),
            ]
        )
    return InlineKeyboardMarkup(rows)


def quarters_keyboard(answer: Answer, snapshot: PlanSnapshot) -> InlineKeyboardMarkup | None:
    """The buttons of an activity's quarter view: by month, its chart by quarter, back to the unit."""
    if answer.series is None:
        return None
    plan, activity_id = snapshot.plan_id, answer.series.activity_id
    by_month = Period.cumulative(snapshot.cutoff_month)
    rows = [
        [
            button("🗓 Por mes", Callback("a", plan, activity_id, period=by_month)),
            button("📊 Gráfico", Callback("gq", plan, activity_id)),
        ]
    ]
    index = unit_index(snapshot, answer.series.unit)
    if index is not None:
        rows.append([button("⬅️ Unidad", Callback("u", plan, index, period=by_month))])
    return InlineKeyboardMarkup(rows)


def file_choices(answer: Answer, snapshot: PlanSnapshot, *, export: bool) -> InlineKeyboardMarkup | None:
    """The candidates of a clarification as chart buttons (or, with ``export``, workbook buttons)."""
    plan = snapshot.plan_id
    rows: list[list[InlineKeyboardButton]] = []
    seen: set[int] = set()
    for candidate in answer.candidates[:5]:
        index = unit_index(snapshot, candidate.unit)
        series = (
            snapshot.find(ActivityRef(candidate.unit, candidate.activity)) if candidate.activity else None
        )
        if index is None or (candidate.activity is not None and series is None):
            continue
        if series is not None and not export:
            text = f"{series.activity} ({series.unit})"
            rows.append([button(text, Callback("ga", plan, series.activity_id))])
        elif index not in seen:
            seen.add(index)
            callback = (
                Callback("x", plan, index, period=answer.period) if export else Callback("gu", plan, index)
            )
            rows.append([button(candidate.unit, callback)])
    return InlineKeyboardMarkup(rows) if rows else None
