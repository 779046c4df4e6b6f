"""The push calendar in America/Lima: the right message on the right date, about the right period."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config import SettingsError, load_settings
from bot.domain.periods import Period
from bot.pushes.calendar import (
    KIND_LABELS,
    SCHEDULED_KINDS,
    PushKind,
    Schedule,
    describe_schedule,
    due_occurrences,
    format_when,
    in_quiet_hours,
    next_occurrence,
    occurrence_for,
    occurrences,
    quiet_hours_end,
)

LIMA = ZoneInfo("America/Lima")
DEFAULT = Schedule()


def lima(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LIMA)


def test_the_october_reminder_speaks_of_september() -> None:
    (found,) = occurrences(DEFAULT, lima(2019, 10, 1), lima(2019, 10, 2))
    assert found.kind is PushKind.REMINDER
    assert found.fire_at == lima(2019, 10, 1, 9)
    assert found.fire_at.utcoffset() == timedelta(hours=-5)
    assert found.fire_at_utc == datetime(2019, 10, 1, 14, 0, tzinfo=UTC)
    assert (found.period, found.year, found.period_key) == (Period.month(9), 2019, "2019-09")
    assert found.label == "recordatorio mensual"
    assert found.period_label == "septiembre de 2019"


def test_the_third_quarter_alert_fires_on_the_twentieth_of_september() -> None:
    alert = next_occurrence(DEFAULT, PushKind.QUARTER_ALERT, lima(2019, 7, 1))
    assert alert.fire_at == lima(2019, 9, 20, 9)
    assert (alert.period_key, alert.year, alert.period_label) == ("2019-Q3", 2019, "III trimestre de 2019")
    assert alert.label == "alerta de fin de trimestre"


def test_quarter_alerts_fire_ten_days_before_each_quarter_ends() -> None:
    alerts = [
        o for o in occurrences(DEFAULT, lima(2019, 1, 1), lima(2020, 1, 1)) if o.kind == "quarter_alert"
    ]
    assert [o.fire_at.date().isoformat() for o in alerts] == [
        "2019-03-21",
        "2019-06-20",
        "2019-09-20",
        "2019-12-21",
    ]
    assert [o.period_key for o in alerts] == ["2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4"]


def test_january_speaks_of_the_previous_year() -> None:
    january = occurrences(DEFAULT, lima(2020, 1, 1), lima(2020, 2, 1))
    assert [(o.kind, o.fire_at, o.period_key, o.year) for o in january] == [
        (PushKind.REMINDER, lima(2020, 1, 1, 9), "2019-12", 2019),
        (PushKind.QUARTER_SUMMARY, lima(2020, 1, 5, 9), "2019-Q4", 2019),
    ]
    assert january[1].label == "resumen de cierre de trimestre"


def test_a_whole_year_in_order() -> None:
    year = occurrences(DEFAULT, lima(2019, 1, 1), lima(2020, 1, 1))
    assert len(year) == 12 + 4 + 4
    assert [o.fire_at for o in year] == sorted(o.fire_at for o in year)
    assert [o.period_key for o in year if o.kind is PushKind.REMINDER][:2] == ["2018-12", "2019-01"]
    summaries = [o for o in year if o.kind is PushKind.QUARTER_SUMMARY]
    assert [(o.fire_at.date().isoformat(), o.period_key) for o in summaries] == [
        ("2019-01-05", "2018-Q4"),
        ("2019-04-05", "2019-Q1"),
        ("2019-07-05", "2019-Q2"),
        ("2019-10-05", "2019-Q3"),
    ]


def test_instants_given_in_utc_select_the_same_occurrences() -> None:
    fire = datetime(2019, 10, 1, 14, 0, tzinfo=UTC)
    assert [o.period_key for o in occurrences(DEFAULT, fire, fire + timedelta(seconds=1))] == ["2019-09"]
    assert occurrences(DEFAULT, fire + timedelta(microseconds=1), fire + timedelta(hours=1)) == []
    assert occurrences(DEFAULT, fire - timedelta(hours=1), fire) == []  # the end is excluded


def test_the_configured_schedule_is_honoured() -> None:
    settings = load_settings(
        reminder_day=3,
        reminder_time=time(7, 30),
        quarter_alert_days_before=5,
        quarter_alert_time=time(16, 0),
        quarter_summary_day=10,
        quarter_summary_time=time(8, 15),
        missed_grace_hours=6,
    )
    schedule = Schedule.from_settings(settings)
    assert schedule.grace == timedelta(hours=6)
    found = occurrences(schedule, lima(2019, 9, 1), lima(2019, 11, 1))
    assert [(o.kind.value, o.fire_at, o.period_key) for o in found] == [
        ("reminder", lima(2019, 9, 3, 7, 30), "2019-08"),
        ("quarter_alert", lima(2019, 9, 25, 16), "2019-Q3"),
        ("reminder", lima(2019, 10, 3, 7, 30), "2019-09"),
        ("quarter_summary", lima(2019, 10, 10, 8, 15), "2019-Q3"),
    ]


def test_another_time_zone_and_a_time_skipped_by_daylight_saving() -> None:
    new_york = ZoneInfo("America/New_York")
    schedule = Schedule(tz=new_york, reminder_day=10, reminder_time=time(2, 30))
    reminder = occurrence_for(schedule, PushKind.REMINDER, 2019, Period.month(2))
    assert reminder.fire_at_utc == datetime(2019, 3, 10, 7, 30, tzinfo=UTC)  # 02:30 did not exist
    assert reminder.fire_at.hour == 3


def test_next_occurrence_is_strictly_after() -> None:
    alert_time = lima(2019, 9, 20, 9)
    assert (
        next_occurrence(DEFAULT, PushKind.QUARTER_ALERT, alert_time - timedelta(minutes=1)).fire_at
        == alert_time
    )
    assert next_occurrence(DEFAULT, PushKind.QUARTER_ALERT, alert_time).period_key == "2019-Q4"
    after_christmas = lima(2019, 12, 26)
    assert next_occurrence(DEFAULT, PushKind.REMINDER, after_christmas).period_key == "2019-12"
    summary = next_occurrence(DEFAULT, PushKind.QUARTER_SUMMARY, after_christmas)
    assert (summary.fire_at, summary.period_key) == (lima(2020, 1, 5, 9), "2019-Q4")
    with pytest.raises(ValueError, match="not a scheduled kind"):
        next_occurrence(DEFAULT, PushKind.DATA_UPDATE, after_christmas)


def test_due_after_downtime_within_the_grace() -> None:
    due = due_occurrences(DEFAULT, lima(2019, 10, 2, 8))
    assert [o.job_id for o in due] == ["reminder:2019-09"]
    assert due_occurrences(DEFAULT, lima(2019, 10, 3, 9)) == [due[0]]  # exactly 48 h later: still due
    assert due_occurrences(DEFAULT, lima(2019, 10, 3, 9, 1)) == []  # past the grace
    assert due_occurrences(DEFAULT, lima(2019, 10, 1, 8, 59)) == []  # not fired yet


def test_due_respects_last_checked_and_keeps_the_latest_of_each_kind() -> None:
    now = lima(2019, 10, 5, 12)
    month = timedelta(days=31)
    due = due_occurrences(DEFAULT, now, grace=month)
    assert [o.job_id for o in due] == ["quarter_alert:2019-Q3", "reminder:2019-09", "quarter_summary:2019-Q3"]
    assert [o.job_id for o in due_occurrences(DEFAULT, now, last_checked=lima(2019, 10, 2), grace=month)] == [
        "quarter_summary:2019-Q3"
    ]
    two_reminders = due_occurrences(DEFAULT, lima(2019, 11, 1, 10), grace=timedelta(days=32))
    assert [o.period_key for o in two_reminders if o.kind is PushKind.REMINDER] == ["2019-10"]


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        occurrences(DEFAULT, datetime(2019, 1, 1), lima(2019, 2, 1))


def test_spanish_descriptions() -> None:
    assert set(KIND_LABELS) >= set(SCHEDULED_KINDS)
    lines = describe_schedule(DEFAULT)
    assert (
        lines[0]
        == "recordatorio mensual: el día 1 de cada mes a las 09:00 (America/Lima), sobre el mes anterior"
    )
    assert "10 días antes" in lines[1]
    assert "el día 5 del mes siguiente" in lines[2]
    when = format_when(datetime(2019, 9, 20, 14, 0, tzinfo=UTC), LIMA)
    assert when == "viernes 20 de septiembre de 2019, 09:00"


@given(
    after=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(LIMA)
    ),
    kind=st.sampled_from(SCHEDULED_KINDS),
)
def test_next_occurrence_is_the_first_one_after(after: datetime, kind: PushKind) -> None:
    found = next_occurrence(DEFAULT, kind, after)
    assert found.fire_at > after
    between = occurrences(DEFAULT, after + timedelta(microseconds=1), found.fire_at)
    assert all(o.kind is not kind for o in between)
    fired = found.fire_at.date()
    months = list(found.period.months)
    if kind is PushKind.QUARTER_ALERT:
        assert (fired.year, fired.month) == (found.year, months[-1])
    else:  # reminders and summaries fire in the month after their period
        expected = (found.year + 1, 1) if months[-1] == 12 else (found.year, months[-1] + 1)
        assert (fired.year, fired.month) == expected


def test_a_grace_of_zero_hours_is_refused_naming_the_variable() -> None:
    with pytest.raises(SettingsError, match="MISSED_GRACE_HOURS"):
        load_settings(missed_grace_hours=0)
    assert load_settings(missed_grace_hours=1).missed_grace_hours == 1


@pytest.mark.parametrize("name", ["reminder_time", "quarter_alert_time", "quiet_hours_start"])
def test_a_time_with_a_utc_offset_is_refused_naming_the_variable(name: str) -> None:
    with pytest.raises(SettingsError, match=f"{name.upper()}: .*hora local"):
        load_settings(**{name: "14:00Z"})
    with pytest.raises(SettingsError, match=name.upper()):
        load_settings(**{name: "14:00-05:00"})
    assert getattr(load_settings(**{name: "14:00"}), name) == time(14, 0)


def test_quiet_hours_span_the_night_in_local_time() -> None:
    schedule = Schedule.from_settings(load_settings())
    assert in_quiet_hours(schedule, lima(2019, 10, 2, 3))
    assert in_quiet_hours(schedule, lima(2019, 10, 1, 20))
    assert not in_quiet_hours(schedule, lima(2019, 10, 2, 8))
    assert not in_quiet_hours(schedule, lima(2019, 10, 2, 19, 59))
    assert quiet_hours_end(schedule, lima(2019, 10, 2, 3)) == lima(2019, 10, 2, 8)
    assert quiet_hours_end(schedule, lima(2019, 10, 1, 22)) == lima(2019, 10, 2, 8)
    assert quiet_hours_end(schedule, lima(2019, 10, 2, 9)) == lima(2019, 10, 2, 9)
    none = Schedule.from_settings(load_settings(quiet_hours_start="08:00", quiet_hours_end="08:00"))
    assert not in_quiet_hours(none, lima(2019, 10, 2, 3))
