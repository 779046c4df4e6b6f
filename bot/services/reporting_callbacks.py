"""Callback data of the monthly reporting buttons: short prefixes, at most 64 bytes, parsed strictly.

    rg:<year>:<month>[:<unit>]        start (or resume) the month's report (unit = index in the plan)
    rp:<report>:<action>:<step>[:<n>] a step of the form or of its review:
        p = programado, z = 0, o = omitir, b = corregir (back one), r = a common reason (n),
        y / n = confirm / re-enter a value far above the programmed, j = correct that activity,
        c = confirm the review, e = correct from the review, v = validate, d = return (admins)
    rx:<plan>:<month>                 the month as CEPLAN's workbook (admins)

The step is the position the button was made for: a press on an older message is recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
PREFIXES = ("rg", "rp", "rx")
PATTERN = r"^r[gpx]:"
ACTIONS = frozenset("pzobrynjcevd")
_START = re.compile(r"^rg:([0-9]{4}):([0-9]{1,2})(?::([0-9]{1,4}))?\Z")
_STEP = re.compile(r"^rp:([0-9]{1,15}):([a-z]):([0-9]{1,4})(?::([0-9]{1,2}))?\Z")
_EXPORT = re.compile(r"^rx:([0-9]{1,15}):([0-9]{1,2})\Z")


class BadReportingData(ValueError):
    """Data that no reporting button makes."""


@dataclass(frozen=True)
class StartPress:
    year: int
    month: int
    unit_index: int | None = None


@dataclass(frozen=True)
class StepPress:
    report_id: int
    action: str
    step: int
    choice: int | None = None


@dataclass(frozen=True)
class ExportPress:
    plan_id: int
    month: int


Press = StartPress | StepPress | ExportPress


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def start_data(year: int, month: int, unit_index: int | None = None) -> str:
    suffix = "" if unit_index is None else f":{unit_index}"
    return _checked(f"rg:{year}:{month}{suffix}")


def step_data(report_id: int, action: str, step: int, choice: int | None = None) -> str:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    suffix = "" if choice is None else f":{choice}"
    return _checked(f"rp:{report_id}:{action}:{step}{suffix}")


def export_data(plan_id: int, month: int) -> str:
    return _checked(f"rx:{plan_id}:{month}")


def _month(text: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise BadReportingData(f"bad month {text!r}")
    return month


def parse(data: str) -> Press:
    """The press a reporting button's data stands for; raises BadReportingData otherwise."""
    if (match := _START.match(data)) is not None:
        unit = None if match.group(3) is None else int(match.group(3))
        return StartPress(int(match.group(1)), _month(match.group(2)), unit)
    if (match := _STEP.match(data)) is not None:
        if match.group(2) not in ACTIONS:
            raise BadReportingData(f"bad action in {data!r}")
        choice = None if match.group(4) is None else int(match.group(4))
        return StepPress(int(match.group(1)), match.group(2), int(match.group(3)), choice)
    if (match := _EXPORT.match(data)) is not None:
        return ExportPress(int(match.group(1)), _month(match.group(2)))
    raise BadReportingData(f"not a reporting button: {data!r}")
