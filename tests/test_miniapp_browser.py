"""The Mini App in a real headless browser (Debian's chromium, driven by Playwright) on a phone screen.

`make test` installs chromium first (scripts/ensure-browser); where it cannot be installed these tests
skip with that reason. Playwright never downloads a browser here: it launches /usr/bin/chromium, with
every host but 127.0.0.1 unresolvable, so Telegram's script fails to load and the page must cope.
Screenshots land in tests/output/ (ignored by git) for review.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import BrowserContext, Page, Response, ViewportSize, sync_playwright

from bot.context import Services
from bot.domain.figures import format_percent, lagging
from bot.domain.query import Intent, Query
from bot.services.dashboard import parse_period
from bot.web.miniapp.routes import UNAUTHORIZED_TEXT
from tests.miniapp_support import (
    ADMIN_ID,
    DAY,
    FINANZAS,
    MANAGER_ID,
    RRHH,
    WORST,
    launch_data,
    seeded_services,
)
from tests.miniapp_support import serve_miniapp as serve

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parent / "output"
PHONE: ViewportSize = {"width": 390, "height": 844}
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",  # offline: nothing but the local server
]
THEME = {
    "bg_color": "#101820",
    "text_color": "#f0f0f0",
    "hint_color": "#8899aa",
    "secondary_bg_color": "#1c2733",
}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (`make test` installs it with scripts/ensure-browser as root)",
)


@pytest.fixture(scope="module")
def services() -> Services:
    return seeded_services()


@pytest.fixture(scope="module")
def base(services: Services) -> Iterator[str]:
    with serve(services) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh --user-data-dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            locale="es-PE",
        )
        yield context
        context.close()


@pytest.fixture
def page(browser: BrowserContext) -> Iterator[Page]:
    page = browser.new_page()
    yield page
    page.close()


def open_dashboard(page: Page, base: str, init_data: str, *, query: str = "") -> Response:
    """Opens the page as a Telegram client does (launch data in the hash) and waits for the API."""
    fragment = (
        f"tgWebAppData={quote(init_data, safe='')}&tgWebAppVersion=8.0&tgWebAppPlatform=android"
        f"&tgWebAppThemeParams={quote(json.dumps(THEME), safe='')}"
    )
    with page.expect_response(lambda r: "/api/dashboard" in r.url) as api:
        page.goto(f"{base}/app/{query}#{fragment}")
    page.wait_for_selector("body:not([data-state=loading])")
    return api.value


def shown(page: Page, selector: str) -> str:
    return page.inner_text(selector).strip()


def change(page: Page, selector: str, value: str) -> None:
    with page.expect_response(lambda r: "/api/dashboard" in r.url):
        page.select_option(selector, value)
    page.wait_for_selector("body[data-state=ready]")


def test_a_manager_sees_their_unit_on_a_phone(page: Page, base: str) -> None:
    assert open_dashboard(page, base, launch_data(MANAGER_ID)).status == 200
    assert shown(page, "#scope") == RRHH
    assert shown(page, "#progress-percent") == "84.2 %"
    assert shown(page, "#progress-status") == "ámbar"
    assert shown(page, "#bands") == "6 verde\n1 ámbar\n1 rojo"
    lagging_items = page.locator("#lagging > li").all_inner_texts()
    assert len(lagging_items) == 3
    assert lagging_items[0].startswith(WORST)
    assert "Ejecutado 0 de 6 programado (0.0 %)" in lagging_items[0]
    assert page.is_hidden("#unit-control")  # restricted to RRHH: no unit to choose
    assert page.get_attribute("#chart", "data-activity") == WORST
    assert page.locator("#chart canvas").count() == 1
    assert page.locator("#chart .u-legend").inner_text().count("Programado") == 1
    assert shown(page, "#projection-percent") == "84.2 %"
    assert page.locator("#at-risk > li").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing runs off
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(16, 24, 32)"  # theme
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "miniapp-rrhh-phone.png"), full_page=True)
    assert (OUTPUT / "miniapp-rrhh-phone.png").stat().st_size > 10_000


def test_changing_the_period_updates_the_figures(page: Page, base: str, services: Services) -> None:
    open_dashboard(page, base, launch_data(MANAGER_ID))
    change(page, "#period", "q1")
    first = services.poi.answer(Query(Intent.UNIT_PROGRESS, unit=RRHH, period=parse_period("q1")))
    assert first.summary is not None
    assert shown(page, "#progress-period") == "I trimestre"
    assert shown(page, "#progress-percent") == format_percent(first.summary.percent)
    assert page.locator("#lagging > li").count() == len(lagging(first.rows))
    change(page, "#period", "y")
    assert shown(page, "#progress-period") == "Año (frente a la meta anual)"
    assert shown(page, "#progress-percent") != "84.2 %"
    page.select_option("#activity", label="GESTIONAR EL RENDIMIENTO DE LOS SERVIDORES")
    assert page.get_attribute("#chart", "data-activity") == "GESTIONAR EL RENDIMIENTO DE LOS SERVIDORES"


def test_an_admin_sees_the_institution_and_picks_a_unit(page: Page, base: str) -> None:
    open_dashboard(page, base, launch_data(ADMIN_ID, first_name="Ana"))
    assert shown(page, "#scope") == "Institución (SAT)"
    assert page.locator("#lagging > li").count() == 9  # DOMAIN.md: 9 lagging in the institution
    assert page.locator("#units-list > li").count() == 24
    change(page, "#unit", FINANZAS)
    assert shown(page, "#scope") == FINANZAS
    assert page.is_hidden("#units-card")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "miniapp-admin-finanzas-phone.png"), full_page=True)


@pytest.mark.parametrize(
    "init_data",
    [
        pytest.param(launch_data(MANAGER_ID).replace("Mario", "Ana"), id="forged"),
        pytest.param(launch_data(MANAGER_ID, age=DAY + 600), id="stale"),
        pytest.param(launch_data(MANAGER_ID, token="654321:OTHER-bot"), id="other-bot"),
    ],
)
def test_bad_launch_data_gets_401_and_no_figures(page: Page, base: str, init_data: str) -> None:
    assert open_dashboard(page, base, init_data).status == 401
    assert shown(page, "#status") == UNAUTHORIZED_TEXT
    assert page.is_hidden("#content")
    assert "%" not in page.inner_text("body")
    assert page.locator("#lagging > li").count() == 0


def test_a_restricted_manager_cannot_fetch_another_unit(page: Page, base: str) -> None:
    response = open_dashboard(page, base, launch_data(MANAGER_ID), query=f"?unit={quote(FINANZAS)}")
    assert response.status == 403
    assert shown(page, "#status") == f"Solo puedes consultar las cifras de tu unidad: {RRHH}."
    assert "%" not in page.inner_text("body")
    script = """async ([unit, data]) => {
        const headers = {Authorization: "tma " + data};
        const r = await fetch("api/dashboard?unit=" + encodeURIComponent(unit), {headers});
        return [r.status, await r.text()];
    }"""
    status, body = page.evaluate(script, [FINANZAS, launch_data(MANAGER_ID)])
    assert status == 403
    assert "percent" not in body


def test_opened_outside_telegram_it_says_how_to_open_it(page: Page, base: str) -> None:
    page.goto(f"{base}/app/")
    page.wait_for_selector("body[data-state=error]")
    assert shown(page, "#status").startswith("Abre este tablero desde el bot en Telegram")
