"""Accepting a drill-down or file button press: who pressed, what it says, and whether it may be shown.

Every press goes through `accept_press`, which answers the callback query itself when it refuses
(so the query is answered exactly once whatever happens): an unapproved user gets the access alert
(`require_user`), data no button of ours makes gets INVALID_TEXT, a button made for another plan
gets STALE_TEXT, a unit or activity the plan does not have gets INVALID_TEXT, and a user restricted
to their unit who presses a button about another unit gets a polite refusal. An accepted press
must be answered by its handler (`Press.done`).
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType

from bot.context import BotContext
from bot.domain.answers import Answer
from bot.domain.figures import ActivitySeries
from bot.domain.query import ActivityRef, Intent, Query
from bot.domain.snapshot import PlanSnapshot
from bot.services.access import Asker
from bot.services.approval import INVALID_TEXT, STALE_TEXT
from bot.services.questions import NO_PLAN_TEXT, NoPlanError
from handlers.access import require_user
from handlers.callback_data import BadCallbackData, Callback, decode
from handlers.offload import db_work
from handlers.questions import record

UNIT_PREFIXES = frozenset(("u", "al", "gu"))  # the target is a unit's index
ACTIVITY_PREFIXES = frozenset(("a", "aq", "ga", "gq"))  # the target is an activity's id
SCOPE_PREFIXES = frozenset(("lg", "x", "lp"))  # the target is a unit's index, or none for the institution
MAX_ALERT = 200


def own_unit_text(unit: str) -> str:
    """The refusal a restricted user gets for another unit's button (an alert: plain text, ≤ 200)."""
    return f"Solo puedes consultar las cifras de tu unidad: {unit}."[:MAX_ALERT]


@dataclass(frozen=True)
class Press:
    """An accepted button press and what it is about."""

    query: CallbackQuery
    message: Message
    asker: Asker
    callback: Callback
    snapshot: PlanSnapshot
    unit: str | None  # None: the institution
    series: ActivitySeries | None

    @property
    def private(self) -> bool:
        """Whether the pressed message is in a private chat (where the Mini App button is allowed)."""
        return self.message.chat.type == ChatType.PRIVATE

    async def ask(self, context: BotContext, intent: Intent) -> Answer:
        """Answers what the button asks, with the asker's restriction, and records it (off the loop)."""
        return await db_work(context, self._answer, context, intent)

    def _answer(self, context: BotContext, intent: Intent) -> Answer:
        activity = ActivityRef(self.series.unit, self.series.activity) if self.series else None
        query = Query(intent, unit=self.unit, activity=activity, period=self.callback.period)
        # A button names its unit, or means the institution: never "your unit" by default.
        chat = str(self.message.chat_id)
        answer = context.poi.answer(query, allowed_unit=self.asker.allowed_unit, chat=chat)
        record(context, self.asker, self.message.chat_id, "button", self.query.data or "", answer)
        return answer

    async def done(self, text: str | None = None) -> None:
        """Answers the callback query (once), optionally with a short notice."""
        await self.query.answer(text)


async def accept_press(update: Update, context: BotContext) -> Press | None:
    """The press if it may be shown; otherwise None, after answering the query with why not."""
    query = update.callback_query
    if query is None:
        return None
    asker = await require_user(update, context)
    if asker is None:
        return None
    try:
        callback = decode(query.data)
        snapshot = await db_work(context, context.poi.snapshot)
    except BadCallbackData:
        await query.answer(INVALID_TEXT, show_alert=True)
        return None
    except NoPlanError:
        await query.answer(NO_PLAN_TEXT[:200], show_alert=True)
        return None
    if callback.plan_id != snapshot.plan_id:
        await query.answer(STALE_TEXT, show_alert=True)
        return None
    target = _target(callback, snapshot)
    message = query.message
    if target is None or not isinstance(message, Message):
        await query.answer(INVALID_TEXT, show_alert=True)
        return None
    unit, series = target
    allowed = asker.allowed_unit
    if allowed is not None and unit is not None and unit != allowed:
        await query.answer(own_unit_text(allowed), show_alert=True)
        return None
    return Press(query, message, asker, callback, snapshot, unit, series)


def _target(callback: Callback, snapshot: PlanSnapshot) -> tuple[str | None, ActivitySeries | None] | None:
    """The unit and activity a button is about, or None when the plan has no such thing."""
    prefix, target = callback.prefix, callback.target
    if prefix in ACTIVITY_PREFIXES:
        series = snapshot.by_id(target) if target is not None else None
        return None if series is None else (series.unit, series)
    if prefix == "s":
        return (None, None)
    if prefix in SCOPE_PREFIXES and target is None:
        return (None, None)
    if prefix in UNIT_PREFIXES | SCOPE_PREFIXES and target is not None and target < len(snapshot.units):
        return (snapshot.units[target], None)
    return None
