"""The Mini App's JSON API: figures equal to the bot's, only for fresh Telegram launch data, and only
what the chat's access rules let the viewer see."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.context import Services
from bot.domain.query import Intent, Query
from bot.render.answer_text import render_text
from bot.services.dashboard import parse_period
from bot.web.miniapp import access as miniapp_access
from storage import users
from storage.db import create_tables, make_engine
from tests.miniapp_support import (
    ADMIN_ID,
    DAY,
    FINANZAS,
    MANAGER_ID,
    PENDING_ID,
    RRHH,
    STRANGER_ID,
    WORST,
    Client,
    launch_data,
    seeded_services,
    serve_miniapp,
)

FIGURE_KEYS = {"progress", "lagging", "activities", "projection", "units_progress"}


@pytest.fixture
def services(engine: Engine) -> Services:
    return seeded_services(engine)


@pytest.fixture
def client(services: Services) -> Iterator[Client]:
    with client_for(services) as served:
        yield served


@contextmanager
def client_for(services: Services) -> Iterator[Client]:
    with serve_miniapp(services) as base:
        yield Client(base)


def fetch(client: Client, user_id: int, *, age: float = 60.0, **params: str) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"tma {launch_data(user_id, age=age)}"}
    response = client.get("/app/api/dashboard", params=params, headers=headers)
    assert response.headers["cache-control"] == "no-store"
    return response.status_code, response.json()


def test_a_manager_sees_their_unit_as_the_bot_answers_it(client: Client, services: Services) -> None:
    status, data = fetch(client, MANAGER_ID)
    assert status == 200
    assert data["scope_label"] == data["unit"] == RRHH
    assert data["progress"]["percent_text"] == "84.2 %"
    assert (data["progress"]["verde"], data["progress"]["ambar"], data["progress"]["rojo"]) == (6, 1, 1)
    bot_text = render_text(services.poi.ask("¿cómo va recursos humanos?"))
    assert f"Avance al III trimestre (ene–sep): {data['progress']['percent_text']} (ámbar)" in bot_text
    assert data["lagging"][0]["activity"] == WORST
    assert data["lagging"][0]["percent_text"] == "0.0 %"
    assert len(data["activities"]) == 8
    assert data["activities"][0]["monthly_programmed"][:9] == [0, 0, 2, 1, 1, 0, 1, 1, 0]
    assert data["units"] == []  # restricted: no unit selector
    assert data["projection"]["at_risk"][0]["activity"] == WORST


def test_the_period_changes_the_figures(client: Client, services: Services) -> None:
    _, whole = fetch(client, ADMIN_ID, unit="")
    _, first = fetch(client, ADMIN_ID, unit="", period="q1")
    assert first["period"] == {"key": "q1", "label": "I trimestre"}
    assert (len(whole["lagging"]), len(first["lagging"])) == (9, 5)  # DOMAIN.md's counts
    expected = services.poi.answer(Query(Intent.SUMMARY, period=parse_period("q1")))
    assert expected.summary is not None
    assert first["progress"]["percent"] == round(expected.summary.percent or 0, 1)
    keys = [choice["key"] for choice in whole["periods"]]
    assert keys[:2] == ["c9", "c8"]
    assert {"q3", "m9", "y"} <= set(keys)
    assert "q4" not in keys


def test_an_admin_opens_on_the_institution_and_may_pick_any_unit(client: Client) -> None:
    status, data = fetch(client, ADMIN_ID)
    assert status == 200
    assert data["unit"] is None
    assert data["scope_label"] == "Institución (SAT)"
    assert len(data["units"]) == 24
    assert len(data["units_progress"]) == 24
    status, finanzas = fetch(client, ADMIN_ID, unit=FINANZAS, period="m3")
    assert (status, finanzas["unit"], finanzas["period"]["label"]) == (200, FINANZAS, "Marzo")


def test_a_restricted_manager_cannot_fetch_another_unit(client: Client) -> None:
    status, data = fetch(client, MANAGER_ID, unit=FINANZAS)
    assert status == 403
    assert data == {"error": f"Solo puedes consultar las cifras de tu unidad: {RRHH}."}
    status, data = fetch(client, MANAGER_ID, unit="")  # "the institution" is another unit too: own unit
    assert (status, data["unit"]) == (200, RRHH)


def test_open_mode_without_restriction_shows_the_institution_to_anyone() -> None:
    engine = make_engine("sqlite://")
    create_tables(engine)
    with client_for(seeded_services(engine, access_mode="open", restrict_to_own_unit=False)) as client:
        status, data = fetch(client, STRANGER_ID)
        assert (status, data["unit"], len(data["units"])) == (200, None, 24)
        status, data = fetch(client, MANAGER_ID)  # a manager with a unit opens on it, may look elsewhere
        assert (status, data["unit"]) == (200, RRHH)
        assert fetch(client, MANAGER_ID, unit=FINANZAS)[0] == 200


@pytest.mark.parametrize(
    ("user_id", "reason"),
    [
        (PENDING_ID, "Tu solicitud de acceso está pendiente"),
        (STRANGER_ID, "Aún no tienes acceso a poi-bot"),
    ],
)
def test_people_without_access_get_403_and_no_figures(client: Client, user_id: int, reason: str) -> None:
    status, data = fetch(client, user_id)
    assert status == 403
    assert list(data) == ["error"]
    assert data["error"].startswith(reason)


def test_forged_stale_or_missing_launch_data_get_401_and_no_figures(client: Client) -> None:
    forged = launch_data(MANAGER_ID).replace("Mario", "Ana")
    for headers in (
        {"Authorization": f"tma {forged}"},
        {"Authorization": f"tma {launch_data(MANAGER_ID, age=DAY + 60)}"},
        {"Authorization": f"tma {launch_data(MANAGER_ID, token='654321:OTHER')}"},
        {"Authorization": f"Bearer {launch_data(MANAGER_ID)}"},
        {},
    ):
        response = client.get("/app/api/dashboard", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "tma"
        assert set(response.json()) == {"error"}
        assert not FIGURE_KEYS & set(response.json())
        assert "84.2" not in response.text


def test_bad_requests_are_answered_in_spanish(client: Client) -> None:
    assert fetch(client, ADMIN_ID, period="q9") == (400, {"error": "Periodo no válido: 'q9'."})
    status, data = fetch(client, ADMIN_ID, unit="GERENCIA DE NADA")
    assert (status, data["error"]) == (400, "No hay una unidad llamada 'GERENCIA DE NADA' en el POI.")


def test_no_plan_yet_is_said_plainly() -> None:
    engine = make_engine("sqlite://")
    create_tables(engine)
    with client_for(seeded_services(engine, seed=False)) as client:
        status, data = fetch(client, ADMIN_ID)
    assert status == 404
    assert data["error"].startswith("Aún no hay un POI cargado")


def test_the_page_and_its_files_are_served_from_the_package(client: Client) -> None:
    page = client.get("/app/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="es">' in page.text
    assert "Tablero POI" in page.text
    policy = page.headers["content-security-policy"]
    assert "connect-src 'self'" in policy
    assert "script-src 'self' https://telegram.org;" in policy
    for path, kind in (
        ("static/app.js", "javascript"),
        ("static/app.css", "text/css"),
        ("static/vendor/uplot/uPlot.iife.min.js", "javascript"),
        ("static/vendor/uplot/uPlot.min.css", "text/css"),
    ):
        response = client.get(f"/app/{path}")
        assert (response.status_code, kind in response.headers["content-type"]) == (200, True), path
    assert client.get("/app/static/../routes.py").status_code == 404


def test_an_admin_registered_by_the_chat_at_the_same_moment_still_gets_the_dashboard(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = users.get_user
    missed: set[str] = set()

    def racing(where: str) -> Any:
        def get_user(**kwargs: Any) -> Any:
            if where not in missed and kwargs["telegram_id"] == ADMIN_ID:
                missed.add(where)  # the chat inserts the admin right after this look-up
                return None
            return real(**kwargs)

        return get_user

    assert fetch(client, ADMIN_ID)[0] == 200  # the admin is in the store from now on
    monkeypatch.setattr(miniapp_access, "get_user", racing("viewer"))
    monkeypatch.setattr(users, "get_user", racing("register"))
    status, data = fetch(client, ADMIN_ID)
    assert status == 200
    assert data["progress"]["percent_text"]
    assert missed == {"viewer", "register"}
