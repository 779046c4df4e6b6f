"""Inline mode end to end on the bundled sample: "@bot <texto>" offers progress cards, best first,
with the figures in the message they drop into the chat; personal and briefly cached."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.domain.snapshot import PlanSnapshot
from storage.importers import import_bytes
from storage.models import QuestionLog
from tests.bot_fixtures import MANAGER, STRANGER, BotFactory
from tests.bot_people import FINANZAS, RRHH, WORST, restricted_bot
from tests.import_helpers import csv_bytes, template_rows
from tests.telegram_harness import BotHarness
from tests.telegram_html import parse_html

ODD_UNIT = 'GERENCIA DE I+D & <PRUEBAS> "B"'


@pytest.fixture
async def bot(make_bot: BotFactory) -> BotHarness:
    harness = await make_bot()
    harness.user = MANAGER
    return harness


def card_text(result: dict[str, Any]) -> str:
    """What lands in the chat when the result is chosen, as the user sees it."""
    content = result["input_message_content"]
    assert content["parse_mode"] == "HTML"
    return parse_html(content["message_text"])


def answered(bot: BotHarness) -> dict[str, Any]:
    params: dict[str, Any] = bot.calls("answerInlineQuery")[-1].params
    return params


async def test_a_unit_nickname_offers_the_unit_first_then_its_activities(bot: BotHarness) -> None:
    await bot.inline("rrhh")
    results = bot.inline_results()
    assert 1 < len(results) <= 10
    assert [r["type"] for r in results] == ["article"] * len(results)
    first = results[0]
    assert (first["title"], first["description"]) == (
        RRHH,
        "84.2 % · ámbar · 8 actividades · al III trimestre (ene–sep)",
    )
    assert card_text(first).splitlines() == [
        f"🟡 {RRHH}",
        "Avance al III trimestre (ene–sep): 84.2 % (ámbar)",
        "8 actividades: 🟢 6 verde · 🟡 1 ámbar · 🔴 1 rojo",
        f"🔴 {WORST} — 0 de 6 DOCUMENTOS (0.0 %)",
        "🟡 GESTIONAR EL RENDIMIENTO DE LOS SERVIDORES — 6 de 8 ACCIONES (75.0 %)",
        "🟢 GESTIONAR LA INCORPORACIÓN DE LOS SERVIDORES — 89 de 90 ACCIONES (98.9 %)",
        "POI 2019 · datos a septiembre",
    ]
    assert all(r["description"].endswith(RRHH) for r in results[1:])
    assert len({r["id"] for r in results}) == len(results)
    params = answered(bot)
    assert (params["cache_time"], params["is_personal"]) == (30, True)


async def test_an_activity_by_its_words_is_first_with_its_figures(bot: BotHarness) -> None:
    await bot.inline("transito regimen servicio civil")
    first = bot.inline_results()[0]
    assert first["title"] == WORST
    assert first["description"] == f"0 de 6 DOCUMENTOS (0.0 %) · rojo · {RRHH}"
    assert card_text(first).splitlines()[:3] == [
        f"🔴 {WORST}",
        RRHH,
        "Avance al III trimestre (ene–sep): 0 de 6 DOCUMENTOS (0.0 %) — rojo",
    ]


async def test_at_most_ten_results_best_first(bot: BotHarness) -> None:
    await bot.inline("gestionar")
    results = bot.inline_results()
    assert len(results) == 10
    await bot.inline("finan")  # typed half-way
    titles = [r["title"] for r in bot.inline_results()]
    assert titles[0] == FINANZAS
    assert "ADMINISTRAR LOS RECURSOS FINANCIEROS" in titles


async def test_a_period_in_the_words_is_the_period_of_the_cards(bot: BotHarness) -> None:
    await bot.inline("rrhh II trimestre")
    first = bot.inline_results()[0]
    assert first["title"] == RRHH
    assert card_text(first).splitlines()[1].startswith("Avance en el II trimestre: ")
    assert first["id"].endswith("-q2")


async def test_an_empty_query_offers_your_unit_then_the_institution(bot: BotHarness) -> None:
    await bot.send("/mi_unidad")
    await bot.press(FINANZAS)
    await bot.inline("")
    results = bot.inline_results()
    assert [r["title"] for r in results[:2]] == [FINANZAS, "POI 2019: avance institucional"]
    summary = card_text(results[1]).splitlines()
    assert summary[:2] == [
        "🟢 POI 2019: avance institucional",
        "Avance al III trimestre (ene–sep): 98.4 % (verde)",
    ]
    assert "9 rezagadas" in summary
    assert len(results) == 10


async def test_words_that_name_nothing_offer_no_results_and_a_way_to_ask(bot: BotHarness) -> None:
    await bot.inline("zzzz qqqq")
    params = answered(bot)
    assert params["results"] == []
    assert params["button"]["start_parameter"] == "ayuda"
    assert params["button"]["text"] == "No encontré eso: pregúntame en privado"


async def test_a_period_after_the_cutoff_offers_no_cards(bot: BotHarness) -> None:
    await bot.inline("rrhh en noviembre")
    params = answered(bot)
    assert params["results"] == []
    assert params["button"]["text"] == "Aún no hay datos de ese periodo"


async def test_names_are_escaped_in_the_cards(make_bot: BotFactory, seed_snapshot: PlanSnapshot) -> None:
    bot = await make_bot()
    odd = [replace(s, unit=ODD_UNIT) if s.unit == RRHH else s for s in seed_snapshot.series]
    engine = bot.application.bot_data.services.engine
    import_bytes(engine, csv_bytes(template_rows(odd, 2020)), "plantilla.csv", entity="SAT")
    bot.application.bot_data.services.poi.invalidate()  # as an upload does
    await bot.inline("pruebas")
    first = bot.inline_results()[0]
    assert first["title"] == ODD_UNIT
    html = first["input_message_content"]["message_text"]
    assert '<b>GERENCIA DE I+D &amp; &lt;PRUEBAS&gt; "B"</b>' in html
    assert card_text(first).splitlines()[0] == f"🟡 {ODD_UNIT}"


async def test_a_restricted_manager_only_finds_their_unit(make_bot: BotFactory) -> None:
    bot = await restricted_bot(make_bot)
    await bot.inline("finanzas")
    assert answered(bot)["results"] == []
    await bot.inline("")
    results = bot.inline_results()
    assert results[0]["title"] == RRHH
    assert len(results) == 1 + 8  # the unit and its eight activities, not the institution
    assert all(RRHH in card_text(r) for r in results)
    await bot.inline("gestionar")
    assert {r["description"].rsplit(" · ", 1)[-1] for r in bot.inline_results()} == {RRHH}


async def test_an_unapproved_user_gets_no_results_and_a_request_button(make_bot: BotFactory) -> None:
    bot = await make_bot(access_mode="approval")
    await bot.inline("rrhh", user=STRANGER)
    params = answered(bot)
    assert params["results"] == []
    assert params["button"] == {"text": "Solicitar acceso", "start_parameter": "acceso"}
    assert params["is_personal"] is True


async def test_typing_an_inline_query_leaves_one_entry_in_the_question_log(bot: BotHarness) -> None:
    for typed in ("fin", "finan", "finanzas"):
        await bot.inline(typed)
    await bot.inline("rrhh")
    with Session(bot.application.bot_data.services.engine) as session:
        logged = [(row.surface, row.text) for row in session.exec(select(QuestionLog))]
    assert logged == [("inline", "finanzas"), ("inline", "rrhh")]


async def test_a_ranking_asked_inline_comes_first_as_its_reply(bot: BotHarness) -> None:
    await bot.inline("la unidad más atrasada")
    first = bot.inline_results()[0]
    assert first["title"] == "📉 La unidad con menor avance al III trimestre (ene–sep)"
    assert "1. 🟡 84.2 %  GERENCIA DE RECURSOS HUMANOS" in card_text(first)
    await bot.inline("proyección de RRHH")
    projection = bot.inline_results()[0]
    assert projection["title"] == f"🔮 Proyección al cierre del año en {RRHH}"
    assert "⚠️ 2 actividades en riesgo" in card_text(projection)
