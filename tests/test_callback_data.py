"""Callback data: every button payload round-trips, fits 64 bytes, and junk is refused."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.periods import Period
from handlers.callback_data import BadCallbackData, Callback, decode, encode

BIG = 10**15 - 1  # the largest id the format accepts

CALLBACKS = [
    Callback("u", BIG, BIG, period=Period.cumulative(9)),
    Callback("al", 1, 23, period=Period.quarter(4)),
    Callback("lg", 1, None, period=Period.month(12)),
    Callback("lg", 1, 3, period=Period.year()),
    Callback("a", BIG, BIG, period=Period.month(1)),
    Callback("aq", 1, 90),
    Callback("gu", 1, 0),
    Callback("ga", 1, 7),
    Callback("gq", 1, 7),
    Callback("x", 1, None, period=Period.cumulative(9)),
    Callback("mu", 1, 5),
    Callback("ok", 1, 8123456789, extra=None),
    Callback("ok", BIG, 8123456789, extra=23),
    Callback("no", 0, 8123456789),
    Callback("s", 1, period=Period.quarter(2)),
    Callback("lp", BIG, BIG, extra=999, period=Period.cumulative(9)),
    Callback("lp", 1, None, extra=0, period=Period.month(5)),
]


@pytest.mark.parametrize("callback", CALLBACKS, ids=lambda c: encode(c))
def test_round_trip_within_64_bytes(callback: Callback) -> None:
    data = encode(callback)
    assert len(data.encode()) <= 64
    assert decode(data) == callback


@pytest.mark.parametrize(
    "data",
    [
        "",
        "u",
        "u:1:2",
        "u:1:2:c13",
        "u:1:2:q5",
        "zz:1:2:c9",
        "a:-1:2:c9",
        "u:1:٩:c9",
        "u:1:2:c9\n",
        "ok:1:-",
        "lp:1:2:c9",
        "lp:1:2:c9:1000",
        "lp:1:2:c9:-1",
        "lp:1:2:c9:1:2",
        "lp:1:2:c9:",
        "x" * 65,
    ],
)
def test_junk_is_refused(data: str) -> None:
    with pytest.raises(BadCallbackData):
        decode(data)


@given(st.text(max_size=80))
def test_anything_decodes_or_is_refused_cleanly(data: str) -> None:
    with contextlib.suppress(BadCallbackData):
        decode(data)
