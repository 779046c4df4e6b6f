"""The broadcast log and what a start-up catches up on, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session

from bot.pushes.calendar import PushKind, Schedule
from bot.pushes.plan import missed, plan_id_of
from storage.push_runs import complete_run, get_run, last_completed, latest_runs, start_run, unfinished_runs

LIMA = ZoneInfo("America/Lima")
SCHEDULE = Schedule()  # the defaults: day 1, 10 days before, day 5, all at 09:00; 48 h of grace


def lima(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=LIMA)


def test_a_run_is_started_once_and_completed_with_its_figures(engine: Engine) -> None:
    fired = lima(2019, 9, 20)
    with Session(engine) as session:
        first = start_run(session=session, kind="quarter_alert", period_key="2019-Q3", fired_at=fired)
        again = start_run(
            session=session, kind="quarter_alert", period_key="2019-Q3", fired_at=lima(2019, 9, 21)
        )
        assert first.id == again.id
        assert last_completed(session=session) == {}
        assert complete_run(session=session, kind="quarter_alert", period_key="2019-Q3", summary="3 enviados")
        assert not complete_run(session=session, kind="reminder", period_key="2019-09", summary="")
        assert last_completed(session=session) == {"quarter_alert": fired.astimezone(UTC)}
        found = get_run(session=session, kind="quarter_alert", period_key="2019-Q3")
        assert found is not None
        assert (found.summary, found.completed_at is not None) == ("3 enviados", True)
        assert [run.period_key for run in latest_runs(session=session)] == ["2019-Q3"]


def test_unfinished_data_updates_within_the_grace(engine: Engine) -> None:
    now = datetime(2019, 10, 8, 15, tzinfo=UTC)
    with Session(engine) as session:
        for key, hours in (("plan-1", 72), ("plan-2", 3), ("plan-3", 1)):
            start_run(
                session=session, kind="data_update", period_key=key, fired_at=now - timedelta(hours=hours)
            )
        complete_run(session=session, kind="data_update", period_key="plan-3", summary="")
        found = unfinished_runs(session=session, kind="data_update", since=now - timedelta(hours=48))
        assert [plan_id_of(run) for run in found] == [2]


def test_a_start_up_catches_up_on_the_latest_missed_occurrence_of_each_kind(engine: Engine) -> None:
    with Session(engine) as session:
        # Down from 30 Sep to 2 Oct 10:00: the 1 Oct reminder is due; the 20 Sep alert is past the grace.
        found = missed(session=session, schedule=SCHEDULE, now=lima(2019, 10, 2, 10))
        assert [item.job_id for item in found.occurrences] == ["reminder:2019-09"]
        start_run(session=session, kind="reminder", period_key="2019-09", fired_at=lima(2019, 10, 1))
        again = missed(session=session, schedule=SCHEDULE, now=lima(2019, 10, 2, 10))
        assert [item.job_id for item in again.occurrences] == ["reminder:2019-09"]  # started, not completed
        complete_run(session=session, kind="reminder", period_key="2019-09", summary="")
        done = missed(session=session, schedule=SCHEDULE, now=lima(2019, 10, 2, 10))
        assert (done.occurrences, done.updates) == ([], [])


def test_the_catch_up_crosses_the_year_in_lima(engine: Engine) -> None:
    with Session(engine) as session:
        # 1 Jan 2020 09:00 in Lima is 14:00 UTC: at 13:59 UTC nothing of the new year is due yet.
        before = missed(session=session, schedule=SCHEDULE, now=datetime(2020, 1, 1, 13, 59, tzinfo=UTC))
        assert [item.job_id for item in before.occurrences] == []
        after = missed(session=session, schedule=SCHEDULE, now=datetime(2020, 1, 1, 14, 0, tzinfo=UTC))
        assert [(item.job_id, item.year) for item in after.occurrences] == [("reminder:2019-12", 2019)]
        assert after.occurrences[0].kind is PushKind.REMINDER
