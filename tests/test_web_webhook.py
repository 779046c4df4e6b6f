"""`poi-bot serve`'s webhook: Telegram's POSTs answered end to end, the secret enforced, nothing lost."""

from __future__ import annotations

import pytest

from tests.bot_fixtures import MANAGER, STRANGER
from tests.telegram_updates import FakeUser
from tests.web_helpers import SECRET, WebFactory

pytest_plugins = ["tests.web_fixtures"]

RRHH_LINE = "Avance al III trimestre (ene–sep): 84.2 % (ámbar)"


async def test_an_update_with_the_secret_is_answered_end_to_end(make_web: WebFactory) -> None:
    async with make_web() as web:
        assert await web.post(web.question("¿cómo va rrhh?", MANAGER)) == 200
        await web.wait_for_replies(1)
    (text,) = web.texts(MANAGER.id)
    assert text.startswith("🟡 GERENCIA DE RECURSOS HUMANOS\n" + RRHH_LINE)


@pytest.mark.parametrize("secret", [None, "", "a-wrong-secret-of-enough-length", SECRET + "x"])
async def test_an_update_without_the_right_secret_is_refused_and_not_answered(
    make_web: WebFactory, secret: str | None
) -> None:
    async with make_web() as web:
        assert await web.post(web.question("¿cómo va rrhh?", MANAGER), secret=secret) == 403
    assert web.replies() == []


async def test_a_body_that_is_not_an_update_gets_400_and_the_bot_keeps_answering(
    make_web: WebFactory,
) -> None:
    async with make_web() as web:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        assert (await web.client.post("/telegram", content=b"{not json", headers=headers)).status_code == 400
        assert (await web.client.post("/telegram", json=[1, 2], headers=headers)).status_code == 400
        assert (await web.client.post("/telegram", json={"message": {}}, headers=headers)).status_code == 400
        assert (await web.client.get("/telegram")).status_code == 405
        assert await web.post(web.question("resumen del POI", MANAGER)) == 200
        await web.wait_for_replies(1)
    (text,) = web.texts(MANAGER.id)
    assert text.startswith("🟢 POI 2019: avance institucional\nAvance al III trimestre (ene–sep): 98.4 %")


async def test_the_webhook_path_is_configurable(make_web: WebFactory) -> None:
    async with make_web(webhook_path="/hook/poi") as web:
        assert await web.post(web.question("¿cómo va rrhh?", MANAGER), path="/telegram") == 404
        assert await web.post(web.question("¿cómo va rrhh?", MANAGER), path="/hook/poi") == 200
        await web.wait_for_replies(1)


async def test_a_body_over_a_mebibyte_gets_413_and_is_not_answered(make_web: WebFactory) -> None:
    async with make_web() as web:
        update = web.question("¿cómo va rrhh?", MANAGER)
        update["message"]["text"] = "x" * (1024 * 1024)
        assert await web.post(update) == 413
        assert await web.post(web.question("¿cómo va rrhh?", MANAGER)) == 200
        await web.wait_for_replies(1)
        assert len(web.replies()) == 1


async def test_a_burst_of_500_updates_is_answered_with_nothing_lost(make_web: WebFactory) -> None:
    users = [FakeUser(id=700_000 + n, first_name=f"Usuario{n}") for n in range(50)]
    questions = [
        "¿cómo va rrhh?",
        "rezagadas de finanzas",
        "resumen del POI",
        "avance de OCI al II trimestre",
    ]
    async with make_web() as web:
        updates = [web.question(questions[n % len(questions)], users[n % len(users)]) for n in range(500)]
        statuses = [await web.post(update) for update in updates]
    # Leaving the block stopped the application, which first answers everything queued.
    assert statuses == [200] * 500
    assert len(web.replies()) == 500
    assert {len(web.texts(user.id)) for user in users} == {10}
    assert sum(RRHH_LINE in text for text in web.texts()) == 125


async def test_access_rules_apply_to_webhook_updates(make_web: WebFactory) -> None:
    async with make_web(access_mode="approval") as web:
        assert await web.post(web.question("¿cómo va rrhh?", STRANGER)) == 200
        await web.wait_for_replies(1)
    texts = web.texts(STRANGER.id)
    assert texts
    assert all(RRHH_LINE not in text for text in texts)
