"""The reporting buttons' data: within Telegram's 64 bytes at the largest ids, parsed back exactly,
anything else refused; typed answers read as a manager writes them."""

from __future__ import annotations

import pytest

from bot.services.reporting_callbacks import (
    BadReportingData,
    ExportPress,
    StartPress,
    StepPress,
    export_data,
    parse,
    start_data,
    step_data,
)
from bot.services.reporting_items import Typed, read_answer

BIG = 10**15 - 1


def test_the_largest_data_fit_and_parse_back() -> None:
    cases = {
        start_data(2019, 10): StartPress(2019, 10),
        start_data(2019, 12, 9999): StartPress(2019, 12, 9999),
        step_data(BIG, "r", 9999, 3): StepPress(BIG, "r", 9999, 3),
        export_data(BIG, 10): ExportPress(BIG, 10),
    }
    for data, press in cases.items():
        assert len(data.encode()) <= 64
        assert parse(data) == press


@pytest.mark.parametrize(
    "data", ["rg:2019:0", "rg:19:10", "rp:1:q:0", "rp:1:p:-1", "rx:1:13", "rp:1:p:0\n", "rp:١:p:0"]
)
def test_anything_else_is_refused(data: str) -> None:
    with pytest.raises(BadReportingData):
        parse(data)


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("12", Typed(value=12.0)),
        ("2,5", Typed(value=2.5)),
        (" 0 ", Typed(value=0.0)),
        ("=", Typed(same=True)),
        ("Omitir", Typed(skip=True)),
        ("-3", Typed(negative=True)),
        ("¿cómo va finanzas?", None),
        ("12 informes", None),
    ],
)
def test_typed_answers(text: str, typed: Typed | None) -> None:
    assert read_answer(text) == typed
