"""The push calendar: when each scheduled message fires, in local time, and which period it is about.

Pure functions over a `Schedule` (built from the settings) and instants passed in by the caller:
nothing here reads the clock. Every fire time is an aware datetime in the schedule's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.domain.periods import MONTH_NAMES, Period, PeriodKind, quarter_months


class PushKind(StrEnum):
    REMINDER = "reminder"  # monthly: register last month's execution
    QUARTER_ALERT = "quarter_alert"  # before a quarter closes: what is behind
    QUARTER_SUMMARY = "quarter_summary"  # after a quarter closed: the unit's result
    DATA_UPDATE = "data_update"  # not scheduled: sent when an admin loads a new cut-off


SCHEDULED_KINDS = (PushKind.REMINDER, PushKind.QUARTER_ALERT, PushKind.QUARTER_SUMMARY)
KIND_LABELS = {
    PushKind.REMINDER: "recordatorio mensual",
    PushKind.QUARTER_ALERT: "alerta de fin de trimestre",
    PushKind.QUARTER_SUMMARY: "resumen de cierre de trimestre",
    PushKind.DATA_UPDATE: "aviso de actualización de datos",
}
DEFAULT_TZ = ZoneInfo("America/Lima")
WEEKDAY_NAMES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


class ScheduleSettings(Protocol):
    """The part of `bot.config.Settings` the calendar reads."""

    @property
    def timezone(self) -> str: ...
    @property
    def reminder_day(self) -> int: ...
    @property
    def reminder_time(self) -> time: ...
    @property
    def quarter_alert_days_before(self) -> int: ...
    @property
    def quarter_alert_time(self) -> time: ...
    @property
    def quarter_summary_day(self) -> int: ...
    @property
    def quarter_summary_time(self) -> time: ...
    @property
    def missed_grace_hours(self) -> int: ...
    @property
    def quiet_hours_start(self) -> time: ...
    @property
    def quiet_hours_end(self) -> time: ...


@dataclass(frozen=True)
class Schedule:
    """When the scheduled pushes fire; the defaults are the settings' defaults."""

    tz: ZoneInfo = DEFAULT_TZ
    reminder_day: int = 1
    reminder_time: time = time(9, 0)
    quarter_alert_days_before: int = 10
    quarter_alert_time: time = time(9, 0)
    quarter_summary_day: int = 5
    quarter_summary_time: time = time(9, 0)
    grace: timedelta = timedelta(hours=48)
    quiet_start: time = time(20, 0)  # the catch-up sends nothing from quiet_start to quiet_end
    quiet_end: time = time(8, 0)

    def __post_init__(self) -> None:
        if not 1 <= self.reminder_day <= 28 or not 1 <= self.quarter_summary_day <= 28:
            raise ValueError("reminder_day and quarter_summary_day must be within 1..28")
        if not 1 <= self.quarter_alert_days_before <= 80:
            raise ValueError("quarter_alert_days_before must be within 1..80")

    @classmethod
    def from_settings(cls, settings: ScheduleSettings) -> Schedule:
        return cls(
            tz=ZoneInfo(settings.timezone),
            reminder_day=settings.reminder_day,
            reminder_time=settings.reminder_time,
            quarter_alert_days_before=settings.quarter_alert_days_before,
            quarter_alert_time=settings.quarter_alert_time,
            quarter_summary_day=settings.quarter_summary_day,
            quarter_summary_time=settings.quarter_summary_time,
            grace=timedelta(hours=settings.missed_grace_hours),
            quiet_start=settings.quiet_hours_start,
            quiet_end=settings.quiet_hours_end,
        )


@dataclass(frozen=True)
class Occurrence:
    """One firing of a scheduled push: when, and the period (and plan year) it speaks of."""

    kind: PushKind
    fire_at: datetime  # aware, in the schedule's time zone
    year: int  # the plan year the message concerns (the period's year)
    period: Period  # a month (reminders) or a quarter (alerts and summaries)

    @property
    def period_key(self) -> str:
        """The key deliveries are unique on, e.g. "2019-09" or "2019-Q3"."""
        return period_key(self.year, self.period)

    @property
    def fire_at_utc(self) -> datetime:
        return self.fire_at.astimezone(UTC)

    @property
    def label(self) -> str:
        """Spanish name of the kind, e.g. "alerta de fin de trimestre"."""
        return KIND_LABELS[self.kind]

    @property
    def period_label(self) -> str:
        """Spanish name of the period, e.g. "septiembre de 2019" or "III trimestre de 2019"."""
        return f"{self.period.label()} de {self.year}"

    @property
    def job_id(self) -> str:
        """A stable id for the scheduler job of this firing."""
        return f"{self.kind.value}:{self.period_key}"


def period_key(year: int, period: Period) -> str:
    """The delivery key of a month ("2019-09") or a quarter ("2019-Q3") of a year."""
    if period.kind is PeriodKind.MONTH:
        return f"{year}-{period.value:02d}"
    if period.kind is PeriodKind.QUARTER:
        return f"{year}-Q{period.value}"
    raise ValueError(f"pushes speak of a month or a quarter, not of {period.kind}")


def _local(schedule: Schedule, day: date, at: time) -> datetime:
    """The aware local instant of a wall-clock time; a time skipped by a DST jump moves past it."""
    naive = datetime.combine(day, at.replace(tzinfo=None))
    return naive.replace(tzinfo=schedule.tz).astimezone(UTC).astimezone(schedule.tz)


def quarter_last_day(year: int, quarter: int) -> date:
    """The last day of a quarter: 31 Mar, 30 Jun, 30 Sep or 31 Dec."""
    last_month = quarter_months(quarter)[-1]
    if last_month == 12:
        return date(year, 12, 31)
    return date(year, last_month + 1, 1) - timedelta(days=1)


def _occurrences_of_year(schedule: Schedule, year: int) -> list[Occurrence]:
    """Every occurrence whose period lies in `year` (the Q4 summary fires in January of year + 1)."""
    found = []
    for month in range(1, 13):
        fire_year, fire_month = (year + 1, 1) if month == 12 else (year, month + 1)
        fire_day = date(fire_year, fire_month, schedule.reminder_day)
        found.append(
            Occurrence(
                PushKind.REMINDER,
                _local(schedule, fire_day, schedule.reminder_time),
                year,
                Period.month(month),
            )
        )
    for quarter in range(1, 5):
        last_day = quarter_last_day(year, quarter)
        alert_day = last_day - timedelta(days=schedule.quarter_alert_days_before)
        found.append(
            Occurrence(
                PushKind.QUARTER_ALERT,
                _local(schedule, alert_day, schedule.quarter_alert_time),
                year,
                Period.quarter(quarter),
            )
        )
        first_after = last_day + timedelta(days=1)
        summary_day = first_after.replace(day=schedule.quarter_summary_day)
        found.append(
            Occurrence(
                PushKind.QUARTER_SUMMARY,
                _local(schedule, summary_day, schedule.quarter_summary_time),
                year,
                Period.quarter(quarter),
            )
        )
    return found


def _require_aware(*instants: datetime) -> None:
    for instant in instants:
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError(f"an aware datetime is required, got {instant!r}")


def _sort_key(occurrence: Occurrence) -> tuple[datetime, int]:
    return occurrence.fire_at, SCHEDULED_KINDS.index(occurrence.kind)


def occurrences(schedule: Schedule, start: datetime, end: datetime) -> list[Occurrence]:
    """Every occurrence firing at or after `start` and before `end`, oldest first."""
    _require_aware(start, end)
    first = start.astimezone(schedule.tz).year - 1  # a January firing speaks of the year before
    last = end.astimezone(schedule.tz).year
    found = [
        occurrence
        for year in range(first, last + 1)
        for occurrence in _occurrences_of_year(schedule, year)
        if start <= occurrence.fire_at < end
    ]
    return sorted(found, key=_sort_key)


def next_occurrence(schedule: Schedule, kind: PushKind, after: datetime) -> Occurrence:
    """The first occurrence of a scheduled kind firing strictly after `after`."""
    if kind not in SCHEDULED_KINDS:
        raise ValueError(f"{kind} is not a scheduled kind")
    _require_aware(after)
    window = occurrences(schedule, after + timedelta(microseconds=1), after + timedelta(days=400))
    return next(occurrence for occurrence in window if occurrence.kind is kind)


def occurrence_for(schedule: Schedule, kind: PushKind, year: int, period: Period) -> Occurrence:
    """The occurrence of a scheduled kind that speaks of a given month or quarter of a year."""
    for occurrence in _occurrences_of_year(schedule, year):
        if occurrence.kind is kind and occurrence.period == period:
            return occurrence
    raise ValueError(f"{kind} never speaks of {period} of {year}")


def due_occurrences(
    schedule: Schedule,
    now: datetime,
    last_checked: datetime | None = None,
    grace: timedelta | None = None,
) -> list[Occurrence]:
    """What a start-up catch-up must still send: fired by `now`, within the grace, oldest first.

    `last_checked` is the instant up to which every occurrence is known to be complete (not merely
    the last time the process was alive: a broadcast interrupted half-way must be finished, and
    the delivery claims make resending a finished one harmless). Of several due occurrences of the
    same kind only the latest is kept: a newer reminder supersedes an older one.
    """
    _require_aware(now)
    lower = now - (schedule.grace if grace is None else grace)
    if last_checked is not None:
        _require_aware(last_checked)
        lower = max(lower, last_checked)
    latest: dict[PushKind, Occurrence] = {}
    for occurrence in occurrences(schedule, lower, now + timedelta(microseconds=1)):
        latest[occurrence.kind] = occurrence
    return sorted(latest.values(), key=_sort_key)


def in_quiet_hours(schedule: Schedule, instant: datetime) -> bool:
    """Whether an instant falls in the quiet hours (local time; they may span midnight)."""
    _require_aware(instant)
    start, end = schedule.quiet_start.replace(tzinfo=None), schedule.quiet_end.replace(tzinfo=None)
    if start == end:
        return False
    wall = instant.astimezone(schedule.tz).time().replace(tzinfo=None)
    return start <= wall < end if start < end else wall >= start or wall < end


def quiet_hours_end(schedule: Schedule, instant: datetime) -> datetime:
    """The first instant at or after `instant` outside the quiet hours (local time)."""
    if not in_quiet_hours(schedule, instant):
        return instant
    local = instant.astimezone(schedule.tz)
    end = _local(schedule, local.date(), schedule.quiet_end)
    return end if end > instant else _local(schedule, local.date() + timedelta(days=1), schedule.quiet_end)


def format_when(instant: datetime, tz: ZoneInfo) -> str:
    """Spanish local date and time, e.g. "viernes 20 de septiembre de 2019, 09:00"."""
    local = instant.astimezone(tz)
    weekday = WEEKDAY_NAMES[local.weekday()]
    return f"{weekday} {local.day} de {MONTH_NAMES[local.month - 1]} de {local.year}, {local:%H:%M}"


def describe_schedule(schedule: Schedule) -> list[str]:
    """One Spanish line per scheduled kind saying when it fires, for /alertas and /programacion."""
    zone = schedule.tz.key
    return [
        f"{KIND_LABELS[PushKind.REMINDER]}: el día {schedule.reminder_day} de cada mes a las "
        f"{schedule.reminder_time:%H:%M} ({zone}), sobre el mes anterior",
        f"{KIND_LABELS[PushKind.QUARTER_ALERT]}: {schedule.quarter_alert_days_before} días antes "
        f"del último día de cada trimestre a las {schedule.quarter_alert_time:%H:%M} ({zone})",
        f"{KIND_LABELS[PushKind.QUARTER_SUMMARY]}: el día {schedule.quarter_summary_day} del mes "
        f"siguiente al cierre de cada trimestre a las {schedule.quarter_summary_time:%H:%M} ({zone})",
    ]
