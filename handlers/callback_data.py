"""Callback data of inline buttons: short prefixes, at most 64 bytes, parsed strictly.

Every payload carries the plan id it was made for, so a button pressed after a new cut-off was
loaded is recognised as stale instead of showing figures of another plan.

    u:<plan>:<unit>:<period>       a unit's progress           (unit = index in the plan's units)
    al:<plan>:<unit>:<period>      a unit's activities, one button each
    lg:<plan>:<unit|*>:<period>    lagging activities of a unit or of the institution
    a:<plan>:<activity>:<period>   one activity by month       (activity = its id)
    aq:<plan>:<activity>           one activity by quarter
    gu:<plan>:<unit>  ga:<plan>:<activity>   chart of a unit / an activity (by month)
    gq:<plan>:<activity>           chart of an activity by quarter
    x:<plan>:<unit|*>:<period>     workbook of a unit or of the whole plan
    mu:<plan>:<unit>               set my unit
    ok:<telegram id>:<plan>:<unit|->  admin approves a user (and sets their unit)
    no:<telegram id>               admin denies a user
    s:<plan>:<period>              the institution's summary
    lp:<plan>:<unit|*>:<period>:<page>   one page of a unit's (or the institution's) activity list
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram.constants import InlineKeyboardButtonLimit

from bot.domain.periods import Period, parse_period_code, period_code

MAX_BYTES = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
# ASCII digits only (\d takes any script's) and \Z, not $ (which also matches before a final newline).
_INT = re.compile(r"^[0-9]{1,15}\Z")

PREFIXES = ("u", "al", "lg", "a", "aq", "gu", "ga", "gq", "x", "mu", "ok", "no", "s", "lp")
MAX_PAGE = 999


class BadCallbackData(ValueError):
    """Data that no button of ours makes: forged, truncated, or from another version."""


@dataclass(frozen=True)
class Callback:
    """A parsed button press: prefix, the plan id (0 for admin buttons), targets and period."""

    prefix: str
    plan_id: int
    target: int | None = None  # unit index, activity id, or telegram id
    extra: int | None = None  # unit index chosen for an approved user
    period: Period | None = None


def _period(code: str) -> Period:
    try:
        return parse_period_code(code)
    except ValueError as exc:
        raise BadCallbackData(str(exc)) from exc


def _int(text: str) -> int:
    if not _INT.match(text):
        raise BadCallbackData(f"bad number {text!r}")
    return int(text)


def encode(callback: Callback) -> str:
    """The callback_data string of a button; raises ValueError if it would exceed Telegram's limit
    (64 bytes) or lacks the period its prefix carries."""
    p = callback.prefix
    parts: list[str] = [p]
    if p in ("ok", "no"):
        parts.append(str(callback.target))
        if p == "ok":
            parts.append(str(callback.plan_id))
            parts.append("-" if callback.extra is None else str(callback.extra))
    else:
        parts.append(str(callback.plan_id))
        if p in ("lg", "x", "lp"):
            parts.append("*" if callback.target is None else str(callback.target))
        elif p != "s":
            parts.append(str(callback.target))
        if p in ("u", "al", "lg", "a", "s", "x", "lp"):
            if callback.period is None:
                raise ValueError(f"a {p!r} button needs a period: {callback}")
            parts.append(period_code(callback.period))
        if p == "lp":
            if callback.extra is None:
                raise ValueError(f"a list page button needs its page: {callback}")
            if not 0 <= callback.extra <= MAX_PAGE:
                raise ValueError(f"list page {callback.extra} is out of range: {callback}")
            parts.append(str(callback.extra))
    data = ":".join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data}")
    return data


def decode(data: str | None) -> Callback:
    """Parses callback data made by `encode`; anything else raises BadCallbackData."""
    if not data or len(data.encode()) > MAX_BYTES:
        raise BadCallbackData("empty or too long")
    parts = data.split(":")
    prefix = parts[0]
    shapes = {
        **{"u": 4, "al": 4, "lg": 4, "a": 4, "aq": 3, "gu": 3, "ga": 3, "gq": 3, "x": 4},
        **{"mu": 3, "ok": 4, "no": 2, "s": 3, "lp": 5},
    }
    if prefix not in shapes or len(parts) != shapes[prefix]:
        raise BadCallbackData(f"unknown shape {data!r}")
    if prefix == "ok":
        extra = None if parts[3] == "-" else _int(parts[3])
        return Callback(prefix, _int(parts[2]), target=_int(parts[1]), extra=extra)
    if prefix == "no":
        return Callback(prefix, 0, target=_int(parts[1]))
    plan_id = _int(parts[1])
    if prefix == "s":
        return Callback(prefix, plan_id, period=_period(parts[2]))
    target = None if prefix in ("lg", "x", "lp") and parts[2] == "*" else _int(parts[2])
    period = _period(parts[3]) if len(parts) >= 4 else None
    if prefix == "lp":
        page = _int(parts[4])
        if page > MAX_PAGE:
            raise BadCallbackData(f"bad page {page}")
        return Callback(prefix, plan_id, target=target, extra=page, period=period)
    return Callback(prefix, plan_id, target=target, period=period)
