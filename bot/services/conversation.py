"""Conversation context per chat: a follow-up ("¿y en mayo?", "¿y OCI?", "¿y las rojas?") inherits
what it does not say from the chat's previous question, for a while (CONVERSATION_MINUTES).

A question that says only a period, a unit, an activity or a colour is a follow-up; so is one that
starts with "y" and names no subject ("¿y las rezagadas?"). A question that names its own subject
and what it asks for starts afresh. The merged query lists what it inherited (``Query.inherited``).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace

from bot.domain.query import Intent, Query, Scope
from bot.domain.text import tokenize

FOLLOW_UP_PARTS = frozenset(("period", "unit", "activity", "statuses"))
SUBJECT_PARTS = frozenset(("unit", "activity", "institution"))
NOT_REMEMBERED = frozenset((Intent.HELP, Intent.THANKS, Intent.UNKNOWN))
KEEPS_UNIT = frozenset(
    (Intent.UNIT_PROGRESS, Intent.LAGGING, Intent.LIST, Intent.COUNT, Intent.PROJECTION, Intent.RANKING)
)
"""Intents that still make sense when a follow-up names another unit ("¿y OCI?")."""
KEEPS_ACTIVITY = frozenset((Intent.VALUE, Intent.PROJECTION))
TAKES_COLOURS = frozenset(
    (Intent.UNIT_PROGRESS, Intent.LAGGING, Intent.SUMMARY, Intent.COUNT, Intent.RANKING)
)
MAX_CHATS = 10_000


def is_follow_up(query: Query) -> bool:
    """Whether a question leaves something to the previous one."""
    if query.intent in NOT_REMEMBERED or (query.candidates and "intent" in query.said):
        return False
    if query.said and query.said <= FOLLOW_UP_PARTS:
        return True
    words = tokenize(query.text)
    return bool(words) and words[0] in ("y", "e") and not query.said & SUBJECT_PARTS


def follow_up(previous: Query, query: Query) -> Query:
    """The follow-up ``query`` completed from ``previous``, with what it inherited."""
    said = query.said
    inherited: list[str] = []
    merged = query
    if not said & SUBJECT_PARTS and not query.candidates:
        # "¿y las rezagadas?" after an activity: its unit's; "¿y en mayo?": the activity itself.
        activity = previous.activity if "intent" not in said or query.intent in KEEPS_ACTIVITY else None
        merged = replace(
            merged,
            unit=previous.unit,
            activity=activity,
            compared=previous.compared if "intent" not in said else (),
            institution=previous.institution,
        )
        inherited.extend(part for part, value in _subject(merged) if value)
    if "intent" not in said:
        merged = _with_intent(merged, previous, query)
        if merged.intent is not query.intent or previous.order or previous.lagging_only:
            inherited.append("intent")
    if "period" not in said and previous.period is not None and merged.intent is not Intent.PROJECTION:
        merged = replace(merged, period=previous.period)
        inherited.append("period")
    if "statuses" not in said and previous.statuses and "intent" not in said:
        merged = replace(merged, statuses=previous.statuses)
        inherited.append("statuses")
    return replace(merged, inherited=tuple(inherited))


def _subject(previous: Query) -> tuple[tuple[str, bool], ...]:
    return (
        ("unit", previous.unit is not None or bool(previous.compared)),
        ("activity", previous.activity is not None),
        ("institution", previous.institution),
    )


def _with_intent(merged: Query, previous: Query, query: Query) -> Query:
    """What a follow-up asks for: the previous question's intent, fitted to the new subject."""
    intent, scope, activity = previous.intent, previous.scope, merged.activity
    if "activity" in query.said or any(c.activity for c in query.candidates):
        intent = intent if intent in KEEPS_ACTIVITY else Intent.ACTIVITY
    elif "unit" in query.said or query.candidates:
        intent = intent if intent in KEEPS_UNIT else Intent.UNIT_PROGRESS
        if intent is Intent.RANKING:
            scope = Scope.ACTIVITIES  # "¿y en OCI?" after a ranking: OCI's activities
    if "statuses" in query.said and intent not in TAKES_COLOURS:
        intent = Intent.LAGGING
    if "statuses" in query.said and "activity" not in query.said:
        activity = None  # "¿y las rojas?" after an activity: the red ones of its unit
    return replace(
        merged,
        intent=intent,
        activity=activity,
        order=previous.order,
        limit=previous.limit,
        scope=scope,
        lagging_only=previous.lagging_only,
    )


class Conversations:
    """The last question of each chat, for ``ttl_seconds`` (0: no context); thread-safe."""

    def __init__(self, ttl_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._last: OrderedDict[str, tuple[float, Query]] = OrderedDict()
        self._lock = threading.Lock()

    def follow(self, chat: str, query: Query) -> Query:
        """The query completed from the chat's previous question when it is a follow-up."""
        if self.ttl_seconds <= 0 or not is_follow_up(query):
            return query
        with self._lock:
            last = self._last.get(chat)
        if last is None or self._clock() - last[0] > self.ttl_seconds:
            return query
        return follow_up(last[1], query)

    def remember(self, chat: str, query: Query) -> None:
        """Keeps a question as the chat's context (help, thanks and unknown questions are not)."""
        if self.ttl_seconds <= 0 or query.intent in NOT_REMEMBERED:
            return
        with self._lock:
            self._last[chat] = (self._clock(), query)
            self._last.move_to_end(chat)
            while len(self._last) > MAX_CHATS:
                self._last.popitem(last=False)

    def forget(self, chat: str) -> None:
        with self._lock:
            self._last.pop(chat, None)
