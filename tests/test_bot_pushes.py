"""Scheduled pushes through the real application, on an injected clock in America/Lima: the right
message on the right date to the right people, across month, quarter and year boundaries."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from bot.pushes.calendar import Occurrence
from storage.deliveries import SENT, SKIPPED
from storage.queries import current_plan
from tests.push_helpers import (
    ADMIN,
    FINANZAS,
    MANAGER,
    RRHH,
    TREASURER,
    WORST,
    PushBot,
    PushBotFactory,
    drain,
    lima,
    subscribe,
)

pytest_plugins = ["tests.push_fixtures"]


async def subscribed(push_bot: PushBotFactory, at: object) -> PushBot:
    """The sample, with MANAGER on RRHH, TREASURER on FINANZAS and ADMIN on every unit."""
    bot = await push_bot(at=at)
    await subscribe(bot, MANAGER, "recursos humanos")
    await subscribe(bot, TREASURER, "finanzas")
    await subscribe(bot, ADMIN, "todas")
    drain(bot)
    return bot


def occurrence_of(bot: PushBot, name: str) -> Occurrence:
    job_queue = bot.application.job_queue
    assert job_queue is not None
    (job,) = job_queue.get_jobs_by_name(name)
    assert isinstance(job.data, Occurrence)
    return job.data


async def test_the_q3_alert_goes_to_the_unit_that_lags_and_not_to_the_one_on_track(
    push_bot: PushBotFactory,
) -> None:
    bot = await subscribed(push_bot, lima(2019, 9, 20, 8))
    assert bot.job_names() == [
        "catch_up",
        "quarter_alert:2019-Q3",
        "quarter_summary:2019-Q3",
        "reminder:2019-09",
        "report_nudge",
    ]
    alert = occurrence_of(bot, "quarter_alert:2019-Q3")
    assert alert.fire_at == lima(2019, 9, 20, 9)
    assert alert.fire_at.utcoffset() == timedelta(hours=-5)
    bot.clock.at = lima(2019, 9, 20, 9)
    await bot.run_job("quarter_alert:2019-Q3")
    by_chat = {message.chat_id: message.text for message in bot.messages}
    assert set(by_chat) == {MANAGER.id, ADMIN.id}  # FINANZAS has nothing behind in the III trimestre
    assert by_chat[MANAGER.id].splitlines() == [
        "⚠️ El III trimestre de 2019 cierra el 30 de septiembre",
        "Van por debajo de lo programado en el trimestre; «faltan» es lo que queda para cumplirlo.",
        "",
        f"{RRHH}: 1 actividad rezagada",
        f"🔴 {WORST} — 0 de 2 DOCUMENTOS (0.0 %) · faltan 2",
        "",
        "POI 2019 · datos a septiembre",
    ]
    assert "Toda la institución: 4 actividades rezagadas" in by_chat[ADMIN.id]
    assert f"{WORST} ({RRHH}) — 0 de 2 DOCUMENTOS" in by_chat[ADMIN.id]
    outcome = {row.chat_id: (row.status, row.last_error) for row in bot.deliveries("quarter_alert")}
    assert outcome == {
        MANAGER.id: (SENT, ""),
        ADMIN.id: (SENT, ""),
        TREASURER.id: (SKIPPED, "nothing to say"),
    }
    assert "quarter_alert:2019-Q4" in bot.job_names()  # the job scheduled its successor
    assert occurrence_of(bot, "quarter_alert:2019-Q4").fire_at == lima(2019, 12, 21, 9)


@pytest.mark.parametrize(
    ("start", "job", "fires", "first_line", "receivers"),
    [
        # month boundary: the reminder of 1 October speaks of September
        (
            lima(2019, 9, 30, 23),
            "reminder:2019-09",
            lima(2019, 10, 1),
            "📝 Registra la ejecución de septiembre de 2019",
            3,
        ),
        # quarter boundary: the summary of the III trimestre on 5 October
        (
            lima(2019, 10, 2),
            "quarter_summary:2019-Q3",
            lima(2019, 10, 5),
            "📊 Cierre del III trimestre de 2019",
            3,
        ),
        # year boundary: the reminder of 1 January 2020 speaks of December 2019, on the 2019 plan
        (
            lima(2019, 12, 31, 20),
            "reminder:2019-12",
            lima(2020, 1, 1),
            "📝 Registra la ejecución de diciembre de 2019",
            3,
        ),
        # the IV trimestre summary of 2019: the 2019 data stop at September, so nothing to say
        (lima(2020, 1, 2), "quarter_summary:2019-Q4", lima(2020, 1, 5), None, 0),
        # January 2020 has no plan: silent
        (lima(2020, 1, 6), "reminder:2020-01", lima(2020, 2, 1), None, 0),
    ],
)
async def test_each_push_fires_on_its_date_and_speaks_of_its_period(
    push_bot: PushBotFactory, start: object, job: str, fires: object, first_line: str | None, receivers: int
) -> None:
    bot = await subscribed(push_bot, start)
    occurrence = occurrence_of(bot, job)
    assert occurrence.fire_at == fires
    bot.clock.at = occurrence.fire_at
    await bot.run_job(job)
    texts = [message.text for message in bot.messages]
    assert len(texts) == receivers
    if first_line is not None:
        assert {text.splitlines()[0] for text in texts} == {first_line}
    assert all(row.status in (SENT, SKIPPED) for row in bot.deliveries())


async def test_the_reminder_lists_the_months_quantities_and_what_lags_so_far(
    push_bot: PushBotFactory,
) -> None:
    bot = await subscribed(push_bot, lima(2019, 9, 30, 23))
    bot.clock.at = lima(2019, 10, 1)
    await bot.run_job("reminder:2019-09")
    text = next(message.text for message in bot.messages if message.chat_id == MANAGER.id)
    lines = text.splitlines()
    assert lines[:4] == [
        "📝 Registra la ejecución de septiembre de 2019",
        "",
        RRHH,
        "Programado en septiembre:",
    ]
    assert "• GESTIONAR LA INCORPORACIÓN DE LOS SERVIDORES: 10 ACCIONES" in lines
    assert "Rezagadas de enero a septiembre: 3" in lines
    assert f"🔴 {WORST} — 0 de 6 DOCUMENTOS (0.0 %) · faltan 6" in lines
    treasurer = next(message.text for message in bot.messages if message.chat_id == TREASURER.id)
    assert "🟢 Ninguna actividad rezagada de enero a septiembre." in treasurer
    assert FINANZAS in treasurer


async def test_a_push_run_late_past_the_grace_is_not_sent_but_the_next_is_scheduled(
    push_bot: PushBotFactory, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await subscribed(push_bot, lima(2019, 9, 20, 8))
    bot.clock.at = lima(2019, 9, 23, 9)  # 72 h late, the grace is 48 h
    with caplog.at_level(logging.WARNING, logger="bot.pushes.scheduler"):
        await bot.run_job("quarter_alert:2019-Q3")
    assert bot.messages == []
    assert "quarter_alert:2019-Q4" in bot.job_names()
    assert "quarter_alert:2019-Q3 ran at 2019-09-23T09:00:00-05:00, past the grace: not sent" in caplog.text
    await bot.send("/programacion", user=ADMIN)
    programme = bot.pop_message().text
    assert (
        "• alerta de fin de trimestre 2019-Q3 (viernes 20 de septiembre de 2019, 09:00): vencido · "
        "no se envió: pasó el plazo de recuperación"
    ) in programme
    bot.clock.at = lima(2019, 9, 23, 9, 15)
    await bot.run_job("catch_up")
    assert bot.messages == []


def imported_at(bot: PushBot, when: datetime) -> None:
    """Dates the current plan's import (as `poi-bot import` on the command line would have)."""
    with Session(bot.engine) as session:
        plan = current_plan(session=session)
        assert plan is not None
        plan.imported_at = when.astimezone(UTC)
        session.add(plan)
        session.commit()


async def test_the_catch_up_announces_a_plan_imported_without_a_notice_once(
    push_bot: PushBotFactory,
) -> None:
    bot = await subscribed(push_bot, lima(2019, 9, 10, 10))  # nothing scheduled is due then
    imported_at(bot, lima(2019, 9, 10, 9, 55))  # loaded from the command line: nobody told
    await bot.run_job("catch_up")
    notices = {message.chat_id: message.text for message in bot.messages}
    drain(bot)
    assert set(notices) == {MANAGER.id, TREASURER.id, ADMIN.id}
    assert notices[MANAGER.id].startswith("📥 Nuevo POI 2019 cargado, con datos a septiembre")
    assert RRHH in notices[MANAGER.id]
    bot.clock.at = lima(2019, 9, 10, 10, 11)
    await bot.run_job("catch_up")
    assert bot.messages == []
    assert {row.chat_id for row in bot.deliveries("data_update")} == {MANAGER.id, TREASURER.id, ADMIN.id}


async def test_the_catch_up_never_announces_a_plan_imported_before_the_grace(
    push_bot: PushBotFactory,
) -> None:
    bot = await subscribed(push_bot, lima(2019, 9, 10, 10))
    imported_at(bot, lima(2019, 9, 7, 9))  # three days ago, the grace is 48 h
    await bot.run_job("catch_up")
    assert bot.messages == []
    assert bot.deliveries("data_update") == []
