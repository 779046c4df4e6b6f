"""Every question command, free questions and group chats, end to end on the bundled sample, as a
manager reads the replies in Telegram."""

from __future__ import annotations

import pytest

from handlers import GROUP_COMMANDS, PRIVATE_COMMANDS
from tests.bot_fixtures import ADMIN, MANAGER, BotFactory
from tests.telegram_harness import BotHarness
from tests.telegram_updates import FakeChat

RRHH = "GERENCIA DE RECURSOS HUMANOS"
WORST = "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL"
GROUP = FakeChat.supergroup("Comité de planificación")


@pytest.fixture
async def bot(make_bot: BotFactory) -> BotHarness:
    harness = await make_bot()
    harness.user = MANAGER
    return harness


async def ask(bot: BotHarness, text: str, *, chat: FakeChat | None = None) -> str:
    """Sends a message and returns the bot's only reply, as shown."""
    await bot.send(text, chat=chat)
    replies = bot.messages
    assert len(replies) == 1, [reply.text for reply in replies]
    return bot.pop_message().text


async def test_the_command_menu_is_set_at_start_up(bot: BotHarness) -> None:
    calls = [call for call in bot.startup_calls if call.method == "setMyCommands"]
    admin_calls = [call for call in calls if call.params["scope"]["type"] == "chat"]
    calls = [call for call in calls if call not in admin_calls]
    menus = {(c.params["scope"]["type"], c.params.get("language_code")): c.params["commands"] for c in calls}
    assert set(menus) == {
        ("all_private_chats", "es"),
        ("all_private_chats", None),
        ("all_group_chats", "es"),
        ("all_group_chats", None),
    }
    private = [command["command"] for command in menus[("all_private_chats", "es")]]
    group = [command["command"] for command in menus[("all_group_chats", "es")]]
    assert private == [name for name, _ in PRIVATE_COMMANDS]
    assert group == [name for name, _ in GROUP_COMMANDS]
    assert {"avance", "rezagadas", "actividad", "resumen", "mi_unidad", "ayuda", "start"} <= set(private)
    assert not {"mi_unidad", "start"} & set(group)
    assert menus[("all_private_chats", None)] == menus[("all_private_chats", "es")]
    admin_commands = {"usuarios", "aprobar", "revocar", "alias", "cargar", "preguntas"}
    assert not admin_commands & (set(private) | set(group))  # admin commands stay out of the public menu
    # ...and go to each admin's own chat menu, with the public ones.
    assert [call.params["scope"]["chat_id"] for call in admin_calls] == [ADMIN.id]
    admin_menu = {command["command"] for command in admin_calls[0].params["commands"]}
    assert admin_commands | set(private) <= admin_menu


async def test_start_greets_and_help_lists_what_to_ask(bot: BotHarness) -> None:
    greeting = await ask(bot, "/start")
    assert greeting.startswith("¡Hola, Mario! Soy poi-bot")
    assert "«¿cómo va finanzas?»" in greeting
    help_text = await ask(bot, "/ayuda")
    assert help_text.startswith("Soy poi-bot: te digo cómo va el POI 2019, con datos a septiembre.")
    assert "• rezagadas de RRHH al II trimestre" in help_text
    assert "/avance, /rezagadas, /actividad, /resumen, /mi_unidad" in help_text
    assert await ask(bot, "/help") == help_text


async def test_avance_of_a_unit_for_a_period(bot: BotHarness) -> None:
    reply = await ask(bot, "/avance rrhh")
    assert reply.splitlines()[:3] == [
        f"🟡 {RRHH}",
        "Avance al III trimestre (ene–sep): 84.2 % (ámbar)",
        "8 actividades: 🟢 6 verde · 🟡 1 ámbar · 🔴 1 rojo",
    ]
    assert f"🔴 {WORST} — 0 de 6 DOCUMENTOS (0.0 %)" in reply
    assert reply.endswith("POI 2019 · datos a septiembre")
    quarter = await ask(bot, "/avance recursos humanos II trimestre")
    assert "Avance en el II trimestre: 87.1 % (ámbar)" in quarter
    assert f"🔴 {WORST} — 0 de 2 DOCUMENTOS (0.0 %)" in quarter
    assert bot.last_message().button_texts == ["📋 Actividades", "⚠️ Rezagadas", "📊 Gráfico"]


async def test_avance_without_a_unit_is_the_institution(bot: BotHarness) -> None:
    reply = await ask(bot, "/avance")
    assert "POI 2019: avance institucional" in reply
    assert "Avance al III trimestre (ene–sep): 98.4 % (verde)" in reply


async def test_rezagadas_of_the_institution_and_of_a_unit(bot: BotHarness) -> None:
    everyone = await ask(bot, "/rezagadas")
    assert everyone.startswith("🔴 9 actividades rezagadas en la institución al III trimestre (ene–sep)")
    assert f"1. 🔴 {WORST}\n   {RRHH} · 0 de 6 DOCUMENTOS (0.0 %) · faltan 6" in everyone
    first_quarter = await ask(bot, "/rezagadas I trimestre")
    assert first_quarter.startswith("🔴 5 actividades rezagadas en la institución en el I trimestre")
    unit = await ask(bot, "/rezagadas rrhh")
    assert unit.startswith(f"🔴 3 actividades rezagadas en {RRHH} al III trimestre (ene–sep)")
    assert bot.last_message().button_texts[0] == WORST  # each lagging activity opens with a button


async def test_actividad_by_a_piece_of_its_name(bot: BotHarness) -> None:
    reply = await ask(bot, "/actividad cobranza pre coactiva tributaria")
    lines = reply.splitlines()
    assert lines[0] == "🟢 GESTIONAR COBRANZA PRE COACTIVA TRIBUTARIA"
    assert lines[1] == "GERENCIA DE GESTION DE COBRANZA · ACCIONES · meta anual 153"
    assert lines[2] == (
        "Avance al III trimestre (ene–sep): 122 de 114 ACCIONES (107.0 %, sobre-ejecución) — verde"
    )
    assert "AGO  16 / 15" in lines
    usage = await ask(bot, "/actividad")
    assert usage == "Escribe parte del nombre de la actividad, por ejemplo: /actividad cobranza pre coactiva"
    unknown = await ask(bot, "/actividad xyzzy")
    assert unknown.startswith("No encontré «xyzzy» en el POI.")


async def test_resumen_of_the_plan_and_of_a_quarter(bot: BotHarness) -> None:
    reply = await ask(bot, "/resumen")
    assert "Avance al III trimestre (ene–sep): 98.4 % (verde)" in reply
    assert "90 actividades: 🟢 87 verde · 🟡 2 ámbar · 🔴 1 rojo" in reply
    assert "9 rezagadas (ejecutado menor que lo programado)." in reply
    assert reply.splitlines()[-3].endswith(RRHH)  # the ranking ends with the lowest unit
    quarter = await ask(bot, "/resumen I trimestre")
    assert "Avance en el I trimestre: 97.4 % (verde)" in quarter
    assert "5 rezagadas" in quarter
    assert bot.last_message().button_texts == ["⚠️ Rezagadas de la institución"]


async def test_mi_unidad_makes_later_questions_mean_that_unit(bot: BotHarness) -> None:
    offer = await ask(bot, "/mi_unidad")
    assert offer == "Elige tu unidad: las preguntas sin unidad hablarán de ella."
    assert len(bot.last_message().buttons) == 24
    await bot.press(RRHH)
    assert bot.callback_answers()[-1]["text"] == "Unidad guardada."
    assert bot.pop_message().text == (
        f"Listo: tu unidad es {RRHH}. Las preguntas sin unidad hablarán de ella."
    )
    assert "84.2 %" in await ask(bot, "/avance")
    assert (await ask(bot, "/rezagadas")).startswith(f"🔴 3 actividades rezagadas en {RRHH}")
    assert (await ask(bot, "¿y las rezagadas?")).startswith(f"🔴 3 actividades rezagadas en {RRHH}")
    assert "98.4 %" in await ask(bot, "/resumen")  # the summary is still the institution's
    assert (await ask(bot, "/mi_unidad")).startswith(f"Tu unidad ahora: {RRHH}.")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("¿cómo va finanzas?", "Avance al III trimestre (ene–sep): 100.0 % (verde)"),
        ("como va la gerencia de finansas", "🟢 GERENCIA DE FINANZAS"),
        ("rezagadas de RRHH al II trimestre", f"🔴 3 actividades rezagadas en {RRHH} al II trimestre"),
        ("avance de rrhh en el primer trimestre", "Avance en el I trimestre:"),
        ("estado del POI", "POI 2019: avance institucional"),
        (
            "gestionar cobranza pre coactiva tributaria en agosto",
            "Avance en agosto: 15 de 16 ACCIONES (93.8 %)",
        ),
    ],
)
async def test_free_questions_in_a_private_chat(bot: BotHarness, question: str, expected: str) -> None:
    assert expected in await ask(bot, question)


async def test_a_name_that_fits_several_asks_which_with_buttons(bot: BotHarness) -> None:
    reply = await ask(bot, "cobranza pre coactiva")
    assert reply.startswith("Ese nombre puede referirse a varias opciones. ¿Cuál?")
    assert "2. GESTIONAR COBRANZA PRE COACTIVA TRIBUTARIA (GERENCIA DE GESTION DE COBRANZA)" in reply
    assert len(bot.last_message().buttons) == 3
    units = await ask(bot, "¿cómo va administración?")
    assert "1. GERENCIA CENTRAL DE ADMINISTRACION DE RECURSOS" in units
    assert bot.last_message().button_texts == [
        "GERENCIA CENTRAL DE ADMINISTRACION DE RECURSOS",
        "GERENCIA DE ADMINISTRACION",
    ]


async def test_groups_answer_commands_and_mentions_only(bot: BotHarness) -> None:
    assert "84.2 %" in await ask(bot, "/avance rrhh", chat=GROUP)
    assert bot.last_message().chat_id == GROUP.id
    assert "84.2 %" in await ask(bot, "/avance@poi_test_bot rrhh", chat=GROUP)
    mention = await ask(bot, "@poi_test_bot rezagadas de rrhh", chat=GROUP)
    assert mention.startswith(f"🔴 3 actividades rezagadas en {RRHH}")
    assert await bot.send("¿alguien sabe cómo va finanzas?", chat=GROUP) == []
    assert await bot.send("@otra_persona mira el POI", chat=GROUP) == []
    shown = bot.last_message()
    reply = await bot.send("¿y finanzas?", chat=GROUP, reply_to=shown)
    assert [call.method for call in reply] == ["sendMessage"]
    assert "GERENCIA DE FINANZAS" in bot.pop_message().text
    assert await ask(bot, "/start", chat=GROUP) == "Escríbeme en privado para empezar: /start"
