"""The drill-down, end to end on the bundled sample: buttons that replace the message they sit on,
stale buttons after a new cut-off, forged callback data, and who may press what."""

from __future__ import annotations

import pytest

from bot.domain.snapshot import PlanSnapshot
from bot.services.approval import INVALID_TEXT, STALE_TEXT
from storage.importers import import_bytes
from tests.bot_fixtures import STRANGER, BotFactory
from tests.bot_people import (
    FIGURE_METHODS,
    FINANZAS,
    RRHH,
    WORST,
    activity_id,
    drain,
    own_unit_refusal,
    plan_id,
    restricted_bot,
    unit_index,
)
from tests.import_helpers import SEED, SEED_NAME, report_text
from tests.telegram_harness import BotHarness
from tests.telegram_views import BotMessage

JUNE_TITLE = "PLAN OPERATIVO INSTITUCIONAL 2019 - EJECUCIÓN AL II TRIMESTRE"


@pytest.fixture
async def bot(make_bot: BotFactory) -> BotHarness:
    return await make_bot()


async def press(bot: BotHarness, button: str, *, on: BotMessage | None = None) -> BotMessage:
    """Presses a button; checks the press edited one message and was answered once, without a notice."""
    answered = len(bot.callback_answers())
    calls = await bot.press(button, message=on)
    assert [call.method for call in calls] == ["editMessageText", "answerCallbackQuery"]
    assert bot.callback_answers()[answered:] == [{"callback_query_id": calls[1].params["callback_query_id"]}]
    return bot.pop_message()


async def test_unit_activities_activity_quarters_and_back(bot: BotHarness) -> None:
    await bot.send("¿cómo va rrhh?")
    unit = bot.pop_message()
    assert unit.button_texts == ["📋 Actividades", "⚠️ Rezagadas", "📊 Gráfico"]

    listing = await press(bot, "📋 Actividades")
    assert listing.message_id == unit.message_id
    lines = listing.text.splitlines()
    assert lines[:3] == [
        f"🟡 {RRHH}",
        "Avance al III trimestre (ene–sep): 84.2 % (ámbar)",
        "8 actividades: 🟢 6 verde · 🟡 1 ámbar · 🔴 1 rojo",
    ]
    assert lines[4:6] == [f"1. 🔴 {WORST}", "    0 de 6 DOCUMENTOS (0.0 %)"]
    assert "2. 🟡 GESTIONAR EL RENDIMIENTO DE LOS SERVIDORES" in lines
    assert len(listing.button_texts) == 8 + 2
    assert listing.button_texts[0].startswith("1. 🔴 GESTIONAR EL TRANSITO")
    assert listing.button_texts[-2:] == ["⬅️ Unidad", "📊 Gráfico"]

    worst = activity_id(bot, WORST)
    activity = await press(bot, f"a:{plan_id(bot)}:{worst}:c9")
    assert activity.message_id == unit.message_id
    assert activity.text.startswith(f"🔴 {WORST}\n{RRHH} · DOCUMENTOS · meta anual 7")
    assert "Avance al III trimestre (ene–sep): 0 de 6 DOCUMENTOS (0.0 %) — rojo" in activity.text
    assert "MAR  2 / 0" in activity.text
    assert activity.button_texts == ["🗓 Por trimestre", "📊 Gráfico", "⬅️ Unidad"]

    quarters = await press(bot, "🗓 Por trimestre")
    assert quarters.text.splitlines()[3:8] == [
        "Por trimestre (ejecutado de programado):",
        "🔴 I trim.: 0 de 2 DOCUMENTOS (0.0 %)",
        "🔴 II trim.: 0 de 2 DOCUMENTOS (0.0 %)",
        "🔴 III trim.: 0 de 2 DOCUMENTOS (0.0 %)",
        "⚪ IV trim.: aún sin datos de ejecución",
    ]
    assert "Frente a la meta anual: 0 de 7 DOCUMENTOS (0.0 %)" in quarters.text
    assert quarters.button_texts == ["🗓 Por mes", "📊 Gráfico", "⬅️ Unidad"]

    by_month = await press(bot, "🗓 Por mes")
    assert by_month.text == activity.text
    back = await press(bot, "⬅️ Unidad")
    assert back.text == unit.text
    assert back.button_texts == unit.button_texts
    assert bot.calls("sendMessage")[-1].result["message_id"] == unit.message_id  # nothing new was sent


async def test_a_unit_of_the_quarter_keeps_its_period_down_the_drill(bot: BotHarness) -> None:
    await bot.send("avance de rrhh en el I trimestre")
    bot.pop_message()
    listing = await press(bot, "📋 Actividades")
    assert "Avance en el I trimestre: " in listing.text
    activity = await press(bot, listing.callback_data[0])
    assert "Avance en el I trimestre: " in activity.text
    assert "ABR" not in activity.text  # the months of that quarter only


async def test_lagging_of_a_unit_and_of_the_institution_lead_to_the_activity(bot: BotHarness) -> None:
    await bot.send("¿cómo va rrhh?")
    bot.pop_message()
    lagging = await press(bot, "⚠️ Rezagadas")
    assert lagging.text.startswith(f"🔴 3 actividades rezagadas en {RRHH} al III trimestre (ene–sep)")
    assert lagging.button_texts == [
        WORST,
        "GESTIONAR EL RENDIMIENTO DE LOS SERVIDORES",
        "GESTIONAR LA INCORPORACIÓN DE LOS SERVIDORES",
        "⬅️ Unidad",
    ]
    activity = await press(bot, WORST)
    assert activity.text.startswith(f"🔴 {WORST}")

    drain(bot)
    await bot.send("/resumen")
    summary = bot.pop_message()
    institution = await press(bot, "⚠️ Rezagadas de la institución")
    assert institution.text.startswith("🔴 9 actividades rezagadas en la institución")
    assert institution.button_texts[0] == WORST
    assert institution.button_texts[-1] == "⬅️ Resumen"
    assert (await press(bot, "⬅️ Resumen")).text == summary.text
    await press(bot, "⚠️ Rezagadas de la institución")
    assert (await press(bot, WORST)).text.startswith(f"🔴 {WORST}\n{RRHH}")
    back = await press(bot, "⬅️ Unidad")
    assert back.text.startswith(f"🟡 {RRHH}")


async def test_a_clarification_offers_the_candidates_as_buttons(bot: BotHarness) -> None:
    await bot.send("¿cómo va administración?")
    question = bot.pop_message()
    assert question.text.startswith("Ese nombre puede referirse a varias opciones. ¿Cuál?")
    assert sorted(question.button_texts) == [
        "GERENCIA CENTRAL DE ADMINISTRACION DE RECURSOS",
        "GERENCIA DE ADMINISTRACION",
    ]
    unit = await press(bot, "GERENCIA DE ADMINISTRACION")
    assert unit.message_id == question.message_id
    assert unit.text.startswith("🟢 GERENCIA DE ADMINISTRACION\nAvance al III trimestre (ene–sep): 100.0 %")
    assert unit.button_texts == ["📋 Actividades", "⚠️ Rezagadas", "📊 Gráfico"]


async def test_buttons_of_an_earlier_cutoff_are_stale_after_a_new_import(
    make_bot: BotFactory, seed_snapshot: PlanSnapshot
) -> None:
    bot = await make_bot(seed=False)
    engine = bot.application.bot_data.services.engine
    june = report_text(seed_snapshot.series, JUNE_TITLE, months=6)
    import_bytes(engine, june, "poi-2019-ii-trimestre.txt", entity="SAT")
    await bot.send("¿cómo va rrhh?")
    old = bot.pop_message()
    assert "Avance al II trimestre (ene–jun)" in old.text

    import_bytes(engine, SEED, SEED_NAME, entity="SAT")  # the September cut-off becomes current
    bot.application.bot_data.services.poi.invalidate()  # as an upload does (else seen within 2 s)
    for label in ("📋 Actividades", "⚠️ Rezagadas", "📊 Gráfico"):
        calls = await bot.press(label, message=old)
        assert [call.method for call in calls] == ["answerCallbackQuery"]
        assert bot.callback_answers()[-1]["text"] == STALE_TEXT
        assert bot.callback_answers()[-1]["show_alert"] is True
    assert bot.messages == []

    await bot.send("¿cómo va rrhh?")
    fresh = bot.pop_message()
    assert "Avance al III trimestre (ene–sep): 84.2 %" in fresh.text
    assert "84.2 %" in (await press(bot, "📋 Actividades", on=fresh)).text


FORGED = [
    "zzz",
    "u",
    "u:1",
    "u:1:9",
    "u:1:9:c9:x",
    "u:x:9:c9",
    "u:1:24:c9",  # the sample has units 0-23
    "u:1:-1:c9",
    "u:1:9:c13",
    "u:1:9:m0",
    "u:1:9:q5",
    "al:1:9:",
    "lg:1:**:c9",
    "a:1:999999999999999:c9",
    "a:1:99999999999999999999:c9",
    "a:1:0:c9",
    "aq:1:31:c9",
    "ga:1:nan",
    "gu:1:24",
    "gq:1",
    "x:1:99:c9",
    "s:1",
    "s:1:c9:c9",
    "zz:1:9:c9",
    "U:1:9:c9",
    " u:1:9:c9",
    "u:1:9:c9 ",
    "u:1:9:c٩",  # an Arabic-Indic nine
    "u:1:9:c9\n",
    "u:1:9\n:c9",
    "x" * 64,
    "é" * 32,  # 64 bytes
    "u:1:" + "9" * 60,
]


@pytest.mark.parametrize("data", FORGED)
async def test_forged_callback_data_gets_a_polite_answer_and_no_figures(bot: BotHarness, data: str) -> None:
    await bot.send("¿cómo va rrhh?")
    shown = bot.pop_message()
    calls = await bot.forge_callback(data)
    assert [call.method for call in calls] == ["answerCallbackQuery"]
    assert calls[0].params["text"] == INVALID_TEXT
    assert calls[0].params["show_alert"] is True
    assert bot.buttons(shown) == [list(row) for row in shown.buttons]  # the message is untouched


@pytest.mark.parametrize(
    "data", ["u:2:9:c9", "al:0:9:c9", "a:7:31:c9", "aq:2:31", "s:2:c9", "gu:2:9", "x:2:*:c9"]
)
async def test_a_button_of_another_plan_is_stale(bot: BotHarness, data: str) -> None:
    await bot.send("¿cómo va rrhh?")
    calls = await bot.forge_callback(data)
    assert [call.method for call in calls] == ["answerCallbackQuery"]
    assert calls[0].params["text"] == STALE_TEXT


async def test_a_restricted_manager_never_sees_another_units_buttons(make_bot: BotFactory) -> None:
    bot = await restricted_bot(make_bot)
    await bot.send("¿cómo va rrhh?")
    own = bot.pop_message()
    assert (await press(bot, "📋 Actividades")).text.startswith(f"🟡 {RRHH}")
    plan, finanzas = plan_id(bot), unit_index(bot, FINANZAS)
    other_activity = activity_id(bot, "ADMINISTRAR LOS RECURSOS FINANCIEROS", FINANZAS)
    forged = [
        f"u:{plan}:{finanzas}:c9",
        f"al:{plan}:{finanzas}:c9",
        f"lg:{plan}:{finanzas}:c9",
        f"a:{plan}:{other_activity}:c9",
        f"aq:{plan}:{other_activity}",
        f"gu:{plan}:{finanzas}",
        f"ga:{plan}:{other_activity}",
        f"x:{plan}:{finanzas}:c9",
    ]
    for data in forged:
        calls = await bot.forge_callback(data, message=own)
        assert [call.method for call in calls] == ["answerCallbackQuery"], data
        assert calls[0].params == {
            "callback_query_id": calls[0].params["callback_query_id"],
            "text": own_unit_refusal(),
            "show_alert": True,
        }
    drain(bot)
    calls = await bot.forge_callback(f"lg:{plan}:*:c9", message=own)  # the institution means their unit
    assert [call.method for call in calls] == ["editMessageText", "answerCallbackQuery"]
    assert bot.pop_message().text.startswith(f"🔴 3 actividades rezagadas en {RRHH}")


async def test_an_unapproved_user_pressing_any_button_gets_no_figures(make_bot: BotFactory) -> None:
    bot = await make_bot(access_mode="approval")
    bot.transport.server.add_chat(STRANGER.private_chat.to_dict())
    await bot.send("hola", user=STRANGER)
    bot.pop_message()
    plan = plan_id(bot)
    for data in (
        f"u:{plan}:9:c9",
        f"al:{plan}:9:c9",
        f"s:{plan}:c9",
        f"gu:{plan}:9",
        f"x:{plan}:*:c9",
        "zzz",
    ):
        calls = await bot.forge_callback(data, user=STRANGER)
        assert [call.method for call in calls] == ["answerCallbackQuery"]
        assert "acceso" in calls[0].params["text"] or calls[0].params["text"] == INVALID_TEXT
        assert "%" not in calls[0].params["text"]
    assert not [call for call in bot.calls() if call.method in FIGURE_METHODS and "%" in str(call.params)]


async def test_a_button_pressed_before_any_plan_is_loaded_says_so(make_bot: BotFactory) -> None:
    bot = await make_bot(seed=False)
    await bot.send("hola")
    calls = await bot.forge_callback("u:1:0:c9")
    assert [call.method for call in calls] == ["answerCallbackQuery"]
    assert calls[0].params["text"].startswith("Aún no hay un POI cargado.")
