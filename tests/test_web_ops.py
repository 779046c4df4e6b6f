"""/healthz (200 only when the bot can answer) and /metrics (Prometheus text) of `poi-bot serve`."""

from __future__ import annotations

from prometheus_client import REGISTRY, generate_latest

from storage.db import make_engine
from tests.bot_fixtures import ADMIN, MANAGER
from tests.conftest import SAMPLE_REPORT
from tests.miniapp_support import launch_data
from tests.push_helpers import PushBotFactory, drain, lima, subscribe
from tests.web_helpers import WebBot, WebFactory, metric

pytest_plugins = ["tests.web_fixtures", "tests.push_fixtures"]


async def health(web: WebBot) -> tuple[int, dict[str, object]]:
    response = await web.client.get("/healthz")
    return response.status_code, response.json()


async def metrics_text(web: WebBot) -> str:
    response = await web.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return response.text


async def test_healthz_is_200_when_the_store_answers_a_plan_is_loaded_and_the_scheduler_runs(
    make_web: WebFactory,
) -> None:
    async with make_web() as web:
        assert await health(web) == (
            200,
            {"status": "ok", "database": True, "plan": True, "scheduler": True},
        )


async def test_healthz_is_503_without_a_plan(make_web: WebFactory) -> None:
    async with make_web(seed=False) as web:
        assert await health(web) == (
            503,
            {"status": "unavailable", "database": True, "plan": False, "scheduler": True},
        )


async def test_healthz_is_503_when_the_database_cannot_be_reached(make_web: WebFactory) -> None:
    async with make_web() as web:
        services = web.application.bot_data.services
        working, services.engine = services.engine, make_engine("sqlite:////no/such/folder/poi.sqlite3")
        try:
            status, body = await health(web)
        finally:
            services.engine.dispose()
            services.engine = working
    assert (status, body["database"], body["plan"]) == (503, False, False)


async def test_healthz_is_503_when_the_scheduler_is_not_running(make_web: WebFactory) -> None:
    async with make_web() as web:
        job_queue = web.application.job_queue
        assert job_queue is not None
        job_queue.scheduler.pause()
        status, body = await health(web)
        job_queue.scheduler.resume()
    assert (status, body["scheduler"], body["status"]) == (503, False, "unavailable")


async def test_metrics_count_questions_by_intent_and_time_their_answers(make_web: WebFactory) -> None:
    async with make_web() as web:
        before = await metrics_text(web)
        for text in ("¿cómo va rrhh?", "¿cómo va finanzas?", "rezagadas de OCI", "resumen del POI"):
            assert await web.post(web.question(text, MANAGER)) == 200
        await web.wait_for_replies(4)
        after = await metrics_text(web)

    def grew(name: str, **labels: str) -> float:
        return metric(after, name, **labels) - metric(before, name, **labels)

    assert grew("poi_bot_questions_total", intent="unit_progress") == 2
    assert grew("poi_bot_questions_total", intent="lagging") == 1
    assert grew("poi_bot_questions_total", intent="summary") == 1
    assert grew("poi_bot_updates_total") == 4
    assert grew("poi_bot_answer_seconds_count") == 4
    assert grew("poi_bot_answer_seconds_bucket", le="+Inf") == 4
    assert grew("poi_bot_answer_seconds_sum") > 0


async def test_metrics_count_imports_by_outcome(make_web: WebFactory) -> None:
    async with make_web() as web:
        before = await metrics_text(web)
        sample = web.updates.document_message("reporte.txt", SAMPLE_REPORT.read_bytes(), user=ADMIN)
        garbage = web.updates.document_message("notas.txt", b"esto no es un POI\n", user=ADMIN)
        assert await web.post(sample) == 200
        assert await web.post(garbage) == 200
        await web.wait_for_replies(2)
        after = await metrics_text(web)
    assert any(text.startswith("ℹ️ Ese archivo ya estaba cargado.") for text in web.texts(ADMIN.id))
    assert any(text.startswith("❌ No se importó «notas.txt».") for text in web.texts(ADMIN.id))
    for outcome in ("already_imported", "refused"):
        grew = metric(after, "poi_bot_imports_total", outcome=outcome) - metric(
            before, "poi_bot_imports_total", outcome=outcome
        )
        assert grew == 1, outcome


async def test_metrics_count_pushes_sent_and_failed(push_bot: PushBotFactory) -> None:
    bot = await push_bot(at=lima(2019, 9, 20, 8))
    await subscribe(bot, MANAGER, "recursos humanos")
    await subscribe(bot, ADMIN, "todas")
    drain(bot)
    before = generate_latest(REGISTRY).decode()
    # Telegram refuses the admin's alert, as HTML and as plain text: given up, counted as failed.
    bot.transport.fail_next("sendMessage", "bad_request_entities", chat_id=ADMIN.id, count=2)
    bot.clock.at = lima(2019, 9, 20, 9)
    await bot.run_job("quarter_alert:2019-Q3")
    after = generate_latest(REGISTRY).decode()
    for outcome, count in (("sent", 1), ("failed", 1)):
        labels = {"kind": "quarter_alert", "outcome": outcome}
        assert (
            metric(after, "poi_bot_pushes_total", **labels) - metric(before, "poi_bot_pushes_total", **labels)
            == count
        )


async def test_the_served_app_hosts_the_mini_app_checked_with_the_bot_token(make_web: WebFactory) -> None:
    async with make_web() as web:
        page = await web.client.get("/app/")
        assert page.status_code == 200
        assert "Tablero" in page.text
        token = web.application.bot.token
        forged = await web.client.get(
            "/app/api/dashboard", headers={"Authorization": f"tma {launch_data(ADMIN.id)}"}
        )
        assert forged.status_code == 401
        assert "%" not in forged.text
        signed = await web.client.get(
            "/app/api/dashboard", headers={"Authorization": f"tma {launch_data(ADMIN.id, token=token)}"}
        )
        assert signed.status_code == 200
        assert signed.json()["progress"]["percent"]
