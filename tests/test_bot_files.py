"""Charts and workbooks end to end on the bundled sample: /grafico, /exportar and their buttons send
a real PNG or XLSX that reads back with the figures the bot states in words."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from telegram.ext import CallbackQueryHandler, CommandHandler

from tests.bot_fixtures import MANAGER, STRANGER, BotFactory
from tests.bot_people import (
    FINANZAS,
    RRHH,
    WORST,
    activity_id,
    drain,
    own_unit_refusal,
    plan_id,
    png_size,
    restricted_bot,
    unit_index,
)
from tests.telegram_harness import BotHarness
from tests.telegram_views import SentFile

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
async def bot(make_bot: BotFactory) -> BotHarness:
    harness = await make_bot()
    harness.user = MANAGER
    return harness


def only_photo(bot: BotHarness) -> SentFile:
    photos = bot.sent_photos()
    assert len(photos) == 1
    return photos[0]


def avance_rows(data: bytes) -> list[tuple[object, ...]]:
    """The activity rows of the "Avance" sheet (under its header on row 4)."""
    sheet = load_workbook(io.BytesIO(data))["Avance"]
    return [tuple(row) for row in sheet.iter_rows(min_row=5, values_only=True)]


async def test_a_units_chart_by_command_is_a_real_png(bot: BotHarness) -> None:
    calls = await bot.send("/grafico rrhh")
    assert [call.method for call in calls] == ["sendChatAction", "sendPhoto"]
    assert calls[0].params["action"] == "upload_photo"
    photo = only_photo(bot)
    assert png_size(photo.data) == (1000, 600)
    assert len(photo.data) > 10_000
    assert photo.caption.splitlines() == [
        f"📊 {RRHH}",
        "Actividades por % de avance al III trimestre (ene–sep): 84.2 % (ámbar)",
    ]
    assert photo.filename == "poi-2019-gerencia-de-recursos-humanos.png"


async def test_an_activitys_chart_by_command_shows_its_months(bot: BotHarness) -> None:
    await bot.send("/grafico transito al nuevo regimen del servicio civil")
    photo = only_photo(bot)
    assert png_size(photo.data)[0] == 1000
    assert photo.caption.splitlines() == [
        f"📊 {WORST}",
        RRHH,
        "Programado vs. ejecutado por mes. Avance al III trimestre (ene–sep): 0 de 6 DOCUMENTOS (0.0 %)",
    ]


async def test_chart_buttons_send_a_photo_and_leave_the_message(bot: BotHarness) -> None:
    await bot.send("¿cómo va rrhh?")
    unit = bot.pop_message()
    calls = await bot.press("📊 Gráfico")
    assert [call.method for call in calls] == ["sendChatAction", "sendPhoto", "answerCallbackQuery"]
    assert bot.callback_answers()[-1].keys() == {"callback_query_id"}
    assert only_photo(bot).caption.startswith(f"📊 {RRHH}")
    assert bot.buttons(unit) == [list(row) for row in unit.buttons]  # the answer stays as it was

    drain(bot)
    await bot.press("⚠️ Rezagadas", message=unit)
    await bot.press(f"a:{plan_id(bot)}:{activity_id(bot, WORST)}:c9", message=unit)
    await bot.press("🗓 Por trimestre", message=unit)
    await bot.press("📊 Gráfico", message=unit)
    photo = bot.sent_photos()[-1]
    assert png_size(photo.data)[0] == 1000
    assert photo.caption.startswith(f"📊 {WORST}\n{RRHH}\nProgramado vs. ejecutado por trimestre.")
    assert len(bot.callback_answers()) == 1 + 4


async def test_the_institutions_chart_goes_as_a_tall_png_document(bot: BotHarness) -> None:
    calls = await bot.send("/grafico")  # no unit of their own: the institution
    assert [call.method for call in calls] == ["sendChatAction", "sendDocument"]
    chart = bot.sent_documents()[0]
    assert chart.filename == "poi-2019-sat-grafico.png"
    width, height = png_size(chart.data)
    assert (width, height > 1280) == (1000, True)
    assert chart.caption.startswith("📊 POI 2019 SAT: las 90 actividades de las 24 unidades")
    assert chart.caption.endswith("Avance institucional: 98.4 % (verde)")


async def test_the_rrhh_export_reads_back_with_its_figures(bot: BotHarness) -> None:
    calls = await bot.send("/exportar rrhh")
    assert [call.method for call in calls] == ["sendChatAction", "sendDocument"]
    assert calls[0].params["action"] == "upload_document"
    (document,) = bot.sent_documents()
    assert (document.filename, document.mime_type) == ("poi-2019-gerencia-de-recursos-humanos.xlsx", XLSX)
    assert document.caption.startswith(f"📥 {RRHH} — al III trimestre (ene–sep)\nAvance: 84.2 % (ámbar)")
    book = load_workbook(io.BytesIO(document.data))
    assert book.sheetnames == ["Avance", "Mensual"]
    avance = book["Avance"]
    assert str(avance["A2"].value).startswith("Avance: 84.2 %")
    assert "6 verde, 1 ámbar, 1 rojo" in str(avance["A2"].value)
    rows = avance_rows(document.data)
    assert len(rows) == 8
    assert {row[0] for row in rows} == {RRHH}
    worst = next(row for row in rows if row[1] == WORST)
    assert worst[2:] == ("DOCUMENTOS", 7, 6, 0, 0, "rojo", "no")


async def test_an_export_is_named_after_its_unit_and_period(bot: BotHarness) -> None:
    await bot.send("/exportar finanzas")
    await bot.send("/exportar rrhh II trimestre")
    names = [document.filename for document in bot.sent_documents()]
    assert names == [
        "poi-2019-gerencia-de-finanzas.xlsx",
        "poi-2019-gerencia-de-recursos-humanos-ii-trimestre.xlsx",
    ]
    assert all(row[0] == FINANZAS for row in avance_rows(bot.sent_documents()[0].data))


async def test_the_whole_plan_export_has_every_activity(bot: BotHarness) -> None:
    await bot.send("/exportar")
    (document,) = bot.sent_documents()
    assert document.filename == "poi-2019-sat.xlsx"
    rows = avance_rows(document.data)
    assert len(rows) == 90
    assert sum(row[7] == "rojo" for row in rows) == 1


async def test_an_ambiguous_export_asks_with_buttons(bot: BotHarness) -> None:
    await bot.send("/exportar administración")
    question = bot.pop_message()
    assert "puede referirse a varias opciones" in question.text
    assert sorted(question.button_texts) == [
        "GERENCIA CENTRAL DE ADMINISTRACION DE RECURSOS",
        "GERENCIA DE ADMINISTRACION",
    ]
    assert bot.sent_documents() == []
    calls = await bot.press("GERENCIA DE ADMINISTRACION")
    assert [call.method for call in calls] == ["sendChatAction", "sendDocument", "answerCallbackQuery"]
    assert bot.sent_documents()[0].filename == "poi-2019-gerencia-de-administracion.xlsx"


async def test_a_chart_of_a_name_that_fits_nothing_says_so(bot: BotHarness) -> None:
    calls = await bot.send("/grafico zzzz")
    assert [call.method for call in calls] == ["sendMessage"]
    assert bot.pop_message().text.startswith("No encontré «zzzz» en el POI.")


async def test_files_are_made_without_blocking_other_questions(bot: BotHarness) -> None:
    handlers = bot.application.handlers[0]
    files = [h for h in handlers if isinstance(h, CommandHandler) and h.commands & {"grafico", "exportar"}]
    buttons = [h for h in handlers if isinstance(h, CallbackQueryHandler) and h.pattern is not None]
    file_buttons = [h for h in buttons if h.pattern.pattern in ("^gu:", "^ga:", "^gq:", "^x:")]  # type: ignore[union-attr]
    assert len(files) == 2
    assert len(file_buttons) == 4
    assert not any(h.block for h in files + file_buttons)


async def test_a_restricted_manager_gets_only_their_units_files(make_bot: BotFactory) -> None:
    bot = await restricted_bot(make_bot)
    for command in (
        "/grafico finanzas",
        "/exportar finanzas",
        "/grafico administrar los recursos financieros",
    ):
        calls = await bot.send(command)
        assert [call.method for call in calls] == ["sendMessage"], command
        assert bot.pop_message().text == own_unit_refusal()
    assert bot.sent_photos() == bot.sent_documents() == []

    plan, finanzas = plan_id(bot), unit_index(bot, FINANZAS)
    for data in (f"gu:{plan}:{finanzas}", f"x:{plan}:{finanzas}:c9"):
        calls = await bot.forge_callback(data)
        assert [call.method for call in calls] == ["answerCallbackQuery"]
        assert calls[0].params["text"] == own_unit_refusal()

    await bot.send("/exportar")  # no unit named: their own
    await bot.forge_callback(f"x:{plan}:*:c9")  # the whole plan: their unit only
    await bot.send("/grafico")
    names = [document.filename for document in bot.sent_documents()]
    assert names == ["poi-2019-gerencia-de-recursos-humanos.xlsx"] * 2
    assert {row[0] for row in avance_rows(bot.sent_documents()[1].data)} == {RRHH}
    assert only_photo(bot).caption.startswith(f"📊 {RRHH}")


async def test_an_unapproved_user_gets_no_files(make_bot: BotFactory) -> None:
    bot = await make_bot(access_mode="approval")
    bot.user = STRANGER
    for command in ("/grafico rrhh", "/exportar", "/grafico"):
        calls = await bot.send(command)
        assert [call.method for call in calls] == ["sendMessage"]
        assert "acceso" in bot.pop_message().text
    assert bot.sent_photos() == bot.sent_documents() == []
