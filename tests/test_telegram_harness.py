"""The offline harness end to end, driving the sample Application: replies, group chats, buttons
that edit a message, inline mode, files in both directions and scheduled jobs."""

from __future__ import annotations

import pytest

from tests.telegram_fake import FakeTransport
from tests.telegram_harness import DEFAULT_USER, BotHarness, HarnessFactory
from tests.telegram_sample_app import build_app, png
from tests.telegram_updates import FakeChat

pytest_plugins = ["tests.telegram_fixtures"]

GROUP = FakeChat.supergroup("Gerencia POI")


@pytest.fixture
async def bot(bot_harness: HarnessFactory, fake_transport: FakeTransport) -> BotHarness:
    return await bot_harness(build_app(fake_transport))


async def test_start_up_mirrors_run_polling(bot: BotHarness) -> None:
    assert [call.method for call in bot.startup_calls] == ["getMe", "setMyCommands"]
    assert bot.application.bot.username == "poi_test_bot"
    assert bot.application.bot.bot.supports_inline_queries
    assert bot.application.running


async def test_echo_in_a_private_chat(bot: BotHarness) -> None:
    calls = await bot.send("¿Cómo va la OPP?")
    assert [call.method for call in calls] == ["sendMessage"]
    reply = bot.pop_message()
    assert (reply.chat_id, reply.text) == (DEFAULT_USER.id, "¿Cómo va la OPP?")
    assert reply.message_id == 2  # the user's message was 1 in the same chat


async def test_group_commands_mentions_and_privacy_mode(bot: BotHarness) -> None:
    await bot.send("/menu@poi_test_bot", chat=GROUP)
    assert bot.pop_message().text == "Menú de avance <2024> & metas"
    await bot.send("charla sin mención", chat=GROUP)
    assert bot.pop_message().text == "charla sin mención"  # privacy mode off: every message arrives

    private = FakeTransport(can_read_all_group_messages=False)
    async with BotHarness(build_app(private)) as shy:
        assert await shy.send("charla sin mención", chat=GROUP) == []
        assert await shy.send("@poi_test_bot hola", chat=GROUP)
        assert shy.last_text() == "@poi_test_bot hola"


async def test_html_menu_buttons_and_presses_edit_the_message(bot: BotHarness) -> None:
    await bot.send("/menu")
    shown = bot.pop_message()
    assert shown.html == "<b>Menú</b> de avance &lt;2024&gt; &amp; metas"
    assert shown.button_texts == ["Uno", "Dos", "Ayuda"]
    assert shown.callback_data == ["pick:1", "pick:2"]

    calls = await bot.press("Dos")
    assert [call.method for call in calls] == ["answerCallbackQuery", "editMessageText"]
    assert bot.callback_answers()[-1]["text"] == "Elegiste 2"
    edited = bot.pop_message()
    assert (edited.message_id, edited.text) == (shown.message_id, "Opción 2")
    assert [[b.text for b in row] for row in bot.buttons(shown)] == [["Volver"]]
    with pytest.raises(AssertionError, match="no callback button 'pick:1'"):
        await bot.press("pick:1", message=shown)  # the edit removed it

    await bot.press("back")
    assert bot.last_text() == "Menú otra vez"
    await bot.press("pick:1", message=shown)
    assert bot.last_text() == "Opción 1"


async def test_forged_callback_reaches_the_handler(bot: BotHarness) -> None:
    await bot.send("/menu")
    await bot.forge_callback("pick:999")
    assert bot.last_text() == "Opción 999"


async def test_inline_query_results(bot: BotHarness) -> None:
    calls = await bot.inline("opp", chat_type="supergroup")
    assert [call.method for call in calls] == ["answerInlineQuery"]
    assert [result["title"] for result in bot.inline_results()] == [
        "Unidad 0: opp",
        "Unidad 1: opp",
        "Unidad 2: opp",
    ]


async def test_document_upload_is_downloadable(bot: BotHarness) -> None:
    calls = await bot.upload("reporte.txt", b"POI 2019 III trimestre")
    assert [call.method for call in calls] == ["getFile", "file download", "sendMessage"]
    assert bot.last_text() == "Recibí reporte.txt: 22 bytes"


async def test_photo_and_document_are_recorded_with_their_bytes(bot: BotHarness) -> None:
    await bot.send("/grafico")
    (photo,) = bot.sent_photos()
    assert photo.data == png(40, 30)
    assert photo.caption == "Avance por mes"
    sizes = bot.pop_message().payload["photo"]
    assert [(size["width"], size["height"]) for size in sizes] == [(40, 30)]
    (sheet,) = bot.sent_documents()
    assert (sheet.filename, sheet.data, sheet.caption) == ("avance.xlsx", b"PK\x03\x04xlsx", "Exportación")
    assert bot.pop_message().payload["document"]["file_name"] == "avance.xlsx"


async def test_jobs_run_only_when_asked(bot: BotHarness) -> None:
    await bot.send("hola")
    assert [call.method for call in await bot.run_job("ping")] == ["sendMessage"]
    assert bot.last_text() == "Recordatorio"
    with pytest.raises(AssertionError, match="no job named 'pong'"):
        await bot.run_job("pong")


async def test_non_blocking_handlers_finish_within_the_step(bot: BotHarness) -> None:
    calls = await bot.send("/lento")
    assert [call.method for call in calls] == ["sendMessage"]
    assert bot.last_text() == "Listo, sin bloquear"
