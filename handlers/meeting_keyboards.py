"""The buttons of meeting answers: each ranked or compared unit or activity, list pages, the
activities at risk of a projection."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.context import BotContext
from bot.domain.answers import Answer, AnswerKind
from bot.domain.figures import STATUS_ICONS, format_percent
from bot.domain.periods import Period
from bot.domain.snapshot import PlanSnapshot
from bot.render.activity_lists import PAGE_SIZE, pages
from bot.render.projection import RISK_ICON
from handlers.callback_data import Callback
from handlers.keyboards import button, unit_index

MEETING_KINDS = frozenset(
    (
        AnswerKind.RANKING,
        AnswerKind.COMPARISON,
        AnswerKind.LIST,
        AnswerKind.COUNT,
        AnswerKind.VALUE,
        AnswerKind.PROJECTION,
        AnswerKind.THANKS,
    )
)
MAX_BUTTONS = 15


def is_meeting(answer: Answer) -> bool:
    return answer.kind in MEETING_KINDS


def meeting_keyboard(answer: Answer, context: BotContext) -> InlineKeyboardMarkup | None:
    """The buttons that go with a meeting answer, or None."""
    snapshot = context.poi.snapshot()
    if answer.kind is AnswerKind.LIST:
        return list_keyboard(answer, snapshot, 0)
    rows = _unit_rows(answer, snapshot) if answer.ranking else _activity_rows(answer, snapshot)
    if answer.kind is AnswerKind.COUNT:
        whole = not answer.query.statuses and not answer.query.lagging_only
        rows = [[_list_button(answer, snapshot, "📋 Ver la lista")]] if whole else rows
    return InlineKeyboardMarkup(rows) if rows else None


def _unit_rows(answer: Answer, snapshot: PlanSnapshot) -> list[list[InlineKeyboardButton]]:
    rows = []
    for item in answer.ranking[:MAX_BUTTONS]:
        index = unit_index(snapshot, item.unit)
        if index is not None:
            text = f"{format_percent(item.progress.percent)} {item.unit}"
            rows.append([button(text, Callback("u", snapshot.plan_id, index, period=answer.period))])
    return rows


def _activity_rows(answer: Answer, snapshot: PlanSnapshot) -> list[list[InlineKeyboardButton]]:
    plan, period = snapshot.plan_id, answer.period
    if answer.kind is AnswerKind.PROJECTION:
        shown = [f for f in answer.projections if f.at_risk] if answer.activity is None else []
        shown.sort(key=lambda f: f.attainment or 0.0)
        ids = [(f"{RISK_ICON} {f.activity}", f.activity_id) for f in shown]
    elif answer.kind is AnswerKind.VALUE and answer.series is not None:
        activity_id = answer.series.activity_id
        cumulative = Period.cumulative(answer.cutoff_month)
        return [
            [
                button("🗓 Por mes", Callback("a", plan, activity_id, period=cumulative)),
                button("🗓 Por trimestre", Callback("aq", plan, activity_id)),
            ]
        ]
    else:
        ids = [(f"{STATUS_ICONS[row.status]} {row.activity}", row.activity_id) for row in answer.rows]
    return [
        [button(text, Callback("a", plan, activity_id, period=period))]
        for text, activity_id in ids[:MAX_BUTTONS]
    ]


def _list_button(answer: Answer, snapshot: PlanSnapshot, text: str, page: int = 0) -> InlineKeyboardButton:
    index = unit_index(snapshot, answer.unit) if answer.unit else None
    return button(text, Callback("lp", snapshot.plan_id, index, extra=page, period=answer.period))


def list_keyboard(answer: Answer, snapshot: PlanSnapshot, page: int) -> InlineKeyboardMarkup:
    """One button per activity of the page, then the page buttons (◀️ ▶️) when the list is long."""
    total = pages(answer)
    page = min(max(page, 0), total - 1)
    start = page * PAGE_SIZE
    rows = [
        [
            button(
                f"{position}. {STATUS_ICONS[row.status]} {row.activity}",
                Callback("a", snapshot.plan_id, row.activity_id, period=answer.period),
            )
        ]
        for position, row in enumerate(answer.rows[start : start + PAGE_SIZE], start=start + 1)
    ]
    nav = []
    if page > 0:
        nav.append(_list_button(answer, snapshot, f"◀️ Página {page}", page - 1))
    if page + 1 < total:
        nav.append(_list_button(answer, snapshot, f"Página {page + 2} ▶️", page + 1))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)
