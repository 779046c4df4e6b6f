"""The monthly reminder's "📝 Registrar <mes>" button: it opens the month's report in the chat."""

from __future__ import annotations

from bot.domain.periods import MONTH_NAMES
from bot.domain.snapshot import PlanSnapshot
from bot.pushes.calendar import Occurrence, PushKind
from bot.services.reporting_callbacks import start_data


def register_button(year: int, month: int) -> tuple[str, str]:
    """(label, callback data) of the button that opens the month's report."""
    return f"📝 Registrar {MONTH_NAMES[month - 1]}", start_data(year, month)


def reminder_buttons(occurrence: Occurrence, snapshot: PlanSnapshot | None) -> tuple[tuple[str, str], ...]:
    """The reminder's button (none for other pushes, or when the year has no plan to report on)."""
    month = occurrence.period.value
    if occurrence.kind is not PushKind.REMINDER or snapshot is None or month is None:
        return ()
    return (register_button(occurrence.year, month),)
