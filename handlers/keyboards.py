"""Inline keyboards that go with answers: clarification choices, the drill-down and file buttons."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.context import BotContext
from bot.domain.answers import Answer, AnswerKind
from bot.domain.figures import STATUS_ICONS
from bot.domain.periods import Period
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


def keyboard_for(answer: Answer, context: BotContext) -> InlineKeyboardMarkup | None:
    """The buttons that go with an answer, or None."""
    snapshot = context.poi.snapshot()
    plan = snapshot.plan_id
    period = answer.period
    rows: list[list[InlineKeyboardButton]] = []
    if answer.kind is AnswerKind.CLARIFY:
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
    elif answer.kind is AnswerKind.UNIT and answer.unit is not None:
        index = unit_index(snapshot, answer.unit)
        if index is not None:
            rows.append(
                [
                    button("📋 Actividades", Callback("al", plan, index, period=period)),
                    button("⚠️ Rezagadas", Callback("lg", plan, index, period=period)),
                ]
            )
            rows.append([button("📊 Gráfico", Callback("gu", plan, index))])
    elif answer.kind in (AnswerKind.LAGGING, AnswerKind.BY_STATUS):
        for row in answer.rows[:15]:  # one button for each activity the text lists
            rows.append([button(f"{row.activity}", Callback("a", plan, row.activity_id, period=period))])
        index = unit_index(snapshot, answer.unit) if answer.unit else None
        if index is not None:
            rows.append([button("⬅️ Unidad", Callback("u", plan, index, period=period))])
        elif answer.unit is None:
            rows.append([button("⬅️ Resumen", Callback("s", plan, period=period))])
    elif answer.kind is AnswerKind.ACTIVITY and answer.series is not None and answer.unit is not None:
        index = unit_index(snapshot, answer.unit)
        activity_id = answer.series.activity_id
        nav = [button("🗓 Por trimestre", Callback("aq", plan, activity_id))]
        nav.append(button("📊 Gráfico", Callback("ga", plan, activity_id)))
        rows.append(nav)
        if index is not None:
            rows.append([button("⬅️ Unidad", Callback("u", plan, index, period=period))])
    elif answer.kind is AnswerKind.SUMMARY:
        rows.append([button("⚠️ Rezagadas de la institución", Callback("lg", plan, None, period=period))])
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
