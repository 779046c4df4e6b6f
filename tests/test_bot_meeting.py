"""Meeting questions in Telegram, end to end on the sample: follow-ups in a chat, rankings,
comparisons and projections with their buttons, and long activity lists paged with buttons."""

from __future__ import annotations

import pytest

from tests.bot_fixtures import BotFactory
from tests.bot_people import RRHH
from tests.telegram_harness import BotHarness
from tests.telegram_views import BotMessage

TRANSITO = "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL"


@pytest.fixture
async def bot(make_bot: BotFactory) -> BotHarness:
    return await make_bot()


async def press(bot: BotHarness, button: str, *, on: BotMessage | None = None) -> BotMessage:
    calls = await bot.press(button, message=on)
    assert [call.method for call in calls] == ["editMessageText", "answerCallbackQuery"]
    return bot.pop_message()


async def test_a_follow_up_inherits_the_unit_and_says_so(bot: BotHarness) -> None:
    await bot.send("rezagadas de RRHH")
    bot.pop_message()
    await bot.send("¿y en el I trimestre?")
    reply = bot.pop_message().text
    assert reply.startswith(f"↪️ Sigo con lo anterior: rezagadas · {RRHH}\n")
    assert f"en {RRHH} en el I trimestre" in reply
    await bot.send("gracias")
    assert bot.pop_message().text == "¡De nada! 🙂 Aquí estoy para cualquier otra consulta del POI."


async def test_the_weakest_unit_with_a_button_to_its_card(bot: BotHarness) -> None:
    await bot.send("¿cuál es la unidad más atrasada?")
    ranking = bot.pop_message()
    assert "1. 🟡 84.2 %  GERENCIA DE RECURSOS HUMANOS" in ranking.text
    assert ranking.button_texts == [f"84.2 % {RRHH}"]
    card = await press(bot, f"84.2 % {RRHH}", on=ranking)
    assert card.text.startswith(f"🟡 {RRHH}\nAvance al III trimestre (ene–sep): 84.2 % (ámbar)")


async def test_comparison_and_projection_buttons(bot: BotHarness) -> None:
    await bot.send("RRHH frente a la escuela")
    compared = bot.pop_message()
    assert compared.text.startswith("⚖️ Comparación al III trimestre (ene–sep)")
    assert compared.button_texts == [f"84.2 % {RRHH}", "97.1 % ESCUELA SAT"]
    await bot.send("¿cerraremos el año en meta?")
    projection = bot.pop_message()
    assert "⚠️ 3 actividades en riesgo de no cumplir su meta anual" in projection.text
    assert projection.button_texts[0] == f"⚠️ {TRANSITO}"
    activity = await press(bot, f"⚠️ {TRANSITO}", on=projection)
    assert activity.text.startswith(f"🔴 {TRANSITO}")


async def test_a_long_list_is_paged_with_buttons(bot: BotHarness) -> None:
    await bot.send("lista de actividades del POI")
    first = bot.pop_message()
    assert first.text.startswith("📋 la institución: 90 actividades al III trimestre (ene–sep)")
    assert "Página 1 de 9" in first.text
    assert first.button_texts[-1] == "Página 2 ▶️"
    assert len(first.button_texts) == 10 + 1
    second = await press(bot, "Página 2 ▶️", on=first)
    assert second.message_id == first.message_id
    assert "Página 2 de 9" in second.text
    assert "11. " in second.text
    assert second.button_texts[-2:] == ["◀️ Página 1", "Página 3 ▶️"]
    back = await press(bot, "◀️ Página 1", on=second)
    assert "Página 1 de 9" in back.text


async def test_a_short_list_has_no_pages_and_a_count_offers_the_list(bot: BotHarness) -> None:
    await bot.send("actividades de RRHH")
    listing = bot.pop_message()
    assert listing.text.startswith(f"📋 {RRHH}: 8 actividades")
    assert "Página" not in listing.text
    assert len(listing.button_texts) == 8
    await bot.send("¿cuántas actividades tiene RRHH?")
    count = bot.pop_message()
    assert count.text.startswith(f"🔢 {RRHH} tiene 8 actividades")
    assert count.button_texts == ["📋 Ver la lista"]
    shown = await press(bot, "📋 Ver la lista", on=count)
    assert shown.text.startswith(f"📋 {RRHH}: 8 actividades")
