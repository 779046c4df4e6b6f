"""Admin commands end to end: /usuarios, /aprobar, /revocar, /alias and /cargar with good, bad,
repeated and oversized files, and the same commands refused to everyone else."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.services.approval import APPROVED_USER_TEXT
from bot.services.uploads import UPLOAD_MAX_BYTES
from handlers.access import ADMIN_ONLY_TEXT, PRIVATE_ADMIN_TEXT
from handlers.uploads import NOT_ADMIN_TEXT
from storage.importers.template import TEMPLATE_COLUMNS
from storage.models import Alias
from tests import import_helpers as sources
from tests.bot_fixtures import ADMIN, MANAGER, STRANGER, BotFactory
from tests.import_helpers import SEED, SEED_NAME, dump
from tests.telegram_harness import BotHarness
from tests.telegram_updates import FakeChat, FakeUser

RRHH = "GERENCIA DE RECURSOS HUMANOS"
COBRANZA = "GERENCIA DE GESTION DE COBRANZA"
TRIBUTARIA = "GESTIONAR COBRANZA PRE COACTIVA TRIBUTARIA"
GASTOS = "GASTOS EN SERVICIOS GENERALES (AGUA, LUZ, Y/O ALQUILERES)"
GROUP = FakeChat.supergroup("Comité de planificación")


@pytest.fixture
async def bot(make_bot: BotFactory) -> BotHarness:
    harness = await make_bot(access_mode="approval")
    harness.user = ADMIN
    harness.transport.server.add_chat(ADMIN.private_chat.to_dict())  # access requests reach the admin
    return harness


async def say(bot: BotHarness, text: str, *, user: FakeUser = ADMIN, chat: FakeChat | None = None) -> str:
    """Sends a message and returns the first reply, dropping any others."""
    await bot.send(text, user=user, chat=chat)
    reply = bot.pop_message().text
    while bot.messages:
        bot.pop_message()
    return reply


def engine_of(bot: BotHarness) -> Engine:
    engine: Engine = bot.application.bot_data.services.engine
    return engine


async def test_usuarios_lists_people_by_status_with_their_unit(bot: BotHarness) -> None:
    odd = FakeUser(id=900004, first_name="Juan <b>", last_name="& Co")
    for who in (MANAGER, STRANGER, odd):
        await say(bot, "/start", user=who)
    await say(bot, f"/aprobar {MANAGER.id} rrhh")
    shown = (await say(bot, "/usuarios")).split("\n\n")
    assert shown[0] == "👥 Usuarios: 4 (2 por aprobar)"
    assert shown[1].splitlines() == [
        "⏳ Pendientes (2)",
        "• Juan <b> & Co · id 900004 · sin unidad",
        "• Sofía Desconocida · @sofia_x · id 900003 · sin unidad",
    ]
    assert shown[2].splitlines()[0] == "✅ Aprobados (2)"
    assert f"• Mario Gerente · @mario_gerente · id 900002 · {RRHH}" in shown[2]
    assert "• Ana Admin · @ana_admin · id 900001 · admin · sin unidad" in shown[2]
    assert shown[3] == "Aprobar: /aprobar ID [unidad] · Revocar: /revocar ID"


async def test_admin_commands_are_for_admins_in_private(bot: BotHarness) -> None:
    for command in ("/usuarios", "/aprobar 900003", "/revocar 900003", "/alias", "/cargar", "/preguntas"):
        assert await say(bot, command, user=MANAGER) == ADMIN_ONLY_TEXT
        assert await say(bot, command, chat=GROUP) == PRIVATE_ADMIN_TEXT


async def test_aprobar_by_id_with_or_without_a_unit(bot: BotHarness) -> None:
    await say(bot, "/start", user=MANAGER)
    usage = "Uso: /aprobar ID [unidad], por ejemplo «/aprobar 123456789 recursos humanos»."
    assert (await say(bot, "/aprobar")).startswith(usage)
    assert (await say(bot, "/aprobar mario")).startswith(usage)
    assert await say(bot, "/aprobar 12345") == (
        "No encontré a nadie con id 12345. Esa persona debe escribirme /start primero."
    )
    assert await say(bot, f"/aprobar {MANAGER.id} administracion") == (
        "«administracion» puede ser varias unidades; escribe una:\n"
        "1. la unidad GERENCIA CENTRAL DE ADMINISTRACION DE RECURSOS\n"
        "2. la unidad GERENCIA DE ADMINISTRACION"
    )
    assert (await say(bot, f"/aprobar {MANAGER.id} xyzzy")).startswith("No encontré la unidad «xyzzy».")

    await bot.send(f"/aprobar {MANAGER.id}")
    offer = bot.pop_message()
    assert offer.text == "✅ Acceso aprobado a Mario Gerente. ¿Cuál es su unidad?"
    assert len(offer.buttons) == 24
    assert bot.pop_message().text == APPROVED_USER_TEXT
    await bot.press(RRHH, message=offer)
    assert bot.pop_message().text == f"✅ Mario Gerente: unidad {RRHH}."
    assert bot.pop_message().text == f"Tu unidad en poi-bot: {RRHH}."

    await bot.send(f"/aprobar {MANAGER.id} finanzas")
    assert bot.pop_message().text == "Mario Gerente ya tenía acceso · unidad GERENCIA DE FINANZAS."
    assert bot.pop_message().text == "Tu unidad en poi-bot: GERENCIA DE FINANZAS."
    assert "🟢 GERENCIA DE FINANZAS" in await say(bot, "/avance", user=MANAGER)


async def test_revocar(bot: BotHarness) -> None:
    await say(bot, "/start", user=MANAGER)
    await say(bot, f"/aprobar {MANAGER.id} rrhh")
    assert (await say(bot, "/revocar")).startswith("Uso: /revocar ID")
    assert await say(bot, f"/revocar {ADMIN.id}") == (
        "No puedo revocar a un administrador: los administradores se definen en ADMIN_IDS."
    )
    assert (await say(bot, "/revocar 12345")).startswith("No encontré a nadie con id 12345.")
    assert (
        await say(bot, f"/revocar {MANAGER.id}")
        == "⛔ Acceso revocado a Mario Gerente: ya no verá cifras del POI."
    )
    assert await say(bot, f"/revocar {MANAGER.id}") == "Mario Gerente ya no tenía acceso."
    await bot.send(f"/aprobar {MANAGER.id}")
    assert bot.pop_message().text == f"✅ Acceso aprobado a Mario Gerente · unidad {RRHH}."
    assert bot.pop_message().text == APPROVED_USER_TEXT


async def test_alias_for_a_unit_takes_effect_at_once(bot: BotHarness) -> None:
    assert (await say(bot, "/alias")).startswith("Aún no hay alias. Agrega uno así:")
    assert "POI 2019: avance institucional" in await say(bot, "¿cómo va cobros?")
    added = await say(bot, f"/alias Cobrós = {COBRANZA}")
    assert (
        added == f"✅ Alias agregado: cobros → la unidad {COBRANZA}.\nYa puedes preguntar «¿cómo va cobros?»."
    )
    reply = await say(bot, "¿cómo va cobros?")
    assert reply.splitlines()[:2] == [f"🟢 {COBRANZA}", "Avance al III trimestre (ene–sep): 99.5 % (verde)"]
    assert (await say(bot, "/rezagadas cobros")).startswith(f"🔴 2 actividades rezagadas en {COBRANZA}")
    with Session(engine_of(bot)) as session:
        rows = session.exec(select(Alias)).all()
        assert [(a.alias, a.target_kind, a.target_unit, a.target_activity, a.created_by) for a in rows] == [
            ("cobros", "unit", COBRANZA, None, ADMIN.id)
        ]
    assert await say(bot, f"/alias cobros = {COBRANZA}") == f"«cobros» ya era alias de la unidad {COBRANZA}."
    assert await say(bot, "/alias quitar cobros") == f"🗑 Alias cobros quitado (era de la unidad {COBRANZA})."
    assert "POI 2019: avance institucional" in await say(bot, "¿cómo va cobros?")
    assert await say(bot, "/alias quitar cobros") == "No hay un alias «cobros». Mira los alias con /alias"


async def test_alias_for_an_activity_and_listing(bot: BotHarness) -> None:
    assert (await say(bot, "ppt")).startswith("No encontré «ppt» en el POI.")
    await say(bot, "/alias ppt = gestionar cobranza pre coactiva tributaria")
    assert (await say(bot, "ppt")).startswith(f"🟢 {TRIBUTARIA}\n{COBRANZA} · ACCIONES · meta anual 153")
    assert "Avance en agosto: 15 de 16 ACCIONES" in await say(bot, "/actividad ppt en agosto")
    shared = await say(bot, f"/alias luz = {GASTOS}")
    assert shared.startswith(f"«{GASTOS}» puede ser varias cosas. Escribe el nombre completo;")
    assert f"1. la actividad {GASTOS} (JEFATURA SAT)" in shared
    assert (await say(bot, f"/alias luz = {GASTOS} (JEFATURA SAT)")).startswith("✅ Alias agregado: luz")
    with Session(engine_of(bot)) as session:
        session.add(Alias(alias="vieja", target_kind="unit", target_unit="GERENCIA QUE YA NO EXISTE"))
        session.commit()
    assert (await say(bot, "/alias")).splitlines() == [
        "🏷 Alias (3):",
        f"• luz → la actividad {GASTOS} (JEFATURA SAT)",
        f"• ppt → la actividad {TRIBUTARIA} ({COBRANZA})",
        "• vieja → la unidad GERENCIA QUE YA NO EXISTE · ⚠️ no está en el plan actual",
        "",
        "Agregar: /alias nombre = unidad o actividad · Quitar: /alias quitar nombre",
    ]


@pytest.mark.parametrize(
    ("command", "refusal"),
    [
        ("/alias finanzas = ESCUELA SAT", "«finanzas» ya se entiende como la unidad GERENCIA DE FINANZAS;"),
        ("/alias rrhh = ESCUELA SAT", f"«rrhh» ya se entiende como la unidad {RRHH};"),
        ("/alias agosto = ESCUELA SAT", "«agosto» ya se entiende como un periodo (agosto);"),
        ("/alias t3 = ESCUELA SAT", "«t3» ya se entiende como un periodo (III trimestre);"),
        ("/alias de = ESCUELA SAT", "«de» es una palabra demasiado común para ser un alias;"),
        ("/alias xx = xyzzy", "No encontré «xyzzy» en el POI."),
        ("/alias = ESCUELA SAT", "Uso:\n/alias nombre = unidad o actividad"),
        ("/alias escuelita", "Uso:\n/alias nombre = unidad o actividad"),
        (f"/alias {'x' * 101} = ESCUELA SAT", "El alias debe tener entre 1 y 100 letras o números."),
    ],
)
async def test_alias_that_would_mean_something_else_is_refused(
    bot: BotHarness, command: str, refusal: str
) -> None:
    assert (await say(bot, command)).startswith(refusal)
    with Session(engine_of(bot)) as session:
        assert session.exec(select(Alias)).all() == []


async def test_an_alias_taken_by_another_target_is_refused(bot: BotHarness) -> None:
    await say(bot, "/alias escuelita = ESCUELA SAT")
    assert await say(bot, f"/alias escuelita = {RRHH}") == (
        "«escuelita» ya es alias de la unidad ESCUELA SAT. Quítalo primero con /alias quitar escuelita"
    )


async def test_cargar_explains_and_sends_the_template(bot: BotHarness) -> None:
    await bot.send("/cargar")
    help_text = bot.pop_message().text
    assert help_text.startswith("📤 Para cargar datos, envíame aquí el archivo como documento")
    assert "Se importa todo o nada" in help_text
    (template,) = bot.sent_documents()
    assert template.filename == "plantilla-poi.xlsx"
    sheet = load_workbook(io.BytesIO(template.data))["POI"]
    assert [cell.value for cell in sheet[1]] == list(TEMPLATE_COLUMNS)


def october_template(bot: BotHarness) -> bytes:
    """The sample as a template, one month later: October programmed 1 and executed 1 everywhere."""
    rows = sources.template_rows(bot.application.bot_data.services.poi.snapshot().series, 2019)
    for row in rows[1:]:
        row[TEMPLATE_COLUMNS.index("PROG 10")] = 1
        row[TEMPLATE_COLUMNS.index("EJEC 10")] = 1
    return sources.csv_bytes(rows)


async def test_cargar_a_good_file_answers_from_the_new_plan(bot: BotHarness) -> None:
    assert (await say(bot, "/resumen")).endswith("POI 2019 · datos a septiembre")
    await bot.upload("poi-octubre.csv", october_template(bot), caption="/cargar")
    report = bot.pop_message().text
    lines = report.splitlines()
    assert lines[0] == "✅ Datos cargados: las respuestas ya usan este plan."
    assert lines[1] == "Se importó «poi-octubre.csv» (plantilla de poi-bot en CSV)."
    assert "24 unidades orgánicas y 90 actividades" in report
    assert len(report) <= 4096
    summary = await say(bot, "/resumen")
    assert "Avance acumulado a octubre:" in summary
    assert summary.endswith("POI 2019 · datos a octubre")
    assert "Avance acumulado a octubre:" in await say(bot, "¿cómo va rrhh?", user=ADMIN)


async def test_cargar_a_bad_file_leaves_the_data_as_it_was(bot: BotHarness) -> None:
    lines = sources.seed_lines()
    fields = lines[9].split("\t")
    fields[17] = "-3"
    lines[9] = "\t".join(fields)
    answer_before = await say(bot, "/avance rrhh")
    store_before = dump(engine_of(bot))
    await bot.upload("poi-corregido.txt", sources.join_lines(lines))
    assert bot.pop_message().text == (
        "❌ No se importó «poi-corregido.txt».\n"
        "Línea 10, columna 18 (EJECUTADO ABR): la cifra -3 es negativa; las cantidades físicas no lo son.\n"
        "Los datos quedaron como estaban."
    )
    assert dump(engine_of(bot)) == store_before
    assert await say(bot, "/avance rrhh") == answer_before


async def test_an_upload_over_the_configured_row_limit_is_refused(make_bot: BotFactory) -> None:
    bot = await make_bot(access_mode="approval", seed=False, import_max_rows=50)
    bot.user = ADMIN
    await bot.upload(SEED_NAME, SEED)
    assert bot.pop_message().text == (
        f"❌ No se importó «{SEED_NAME}».\n"
        "El archivo tiene 90 actividades; el máximo es 50.\n"
        "Los datos quedaron como estaban."
    )


async def test_cargar_the_same_file_again_changes_nothing(bot: BotHarness) -> None:
    await say(bot, "/start")
    store_before = dump(engine_of(bot))
    await bot.upload(SEED_NAME, SEED)
    report = bot.pop_message().text
    assert report.startswith(
        "ℹ️ Ese archivo ya estaba cargado.\n«poi-2019-iii-trimestre.txt» ya estaba importado"
    )
    assert dump(engine_of(bot)) == store_before


async def test_an_oversized_file_is_refused_before_downloading(bot: BotHarness) -> None:
    calls = await bot.upload("enorme.csv", b"x" * (UPLOAD_MAX_BYTES + 1))
    assert bot.pop_message().text == (
        "❌ No se importó «enorme.csv»: pesa 20.0 MiB y el máximo es 20 MiB. Los datos quedaron como estaban."
    )
    assert [call.method for call in calls] == ["sendMessage"]  # no getFile, no download


async def test_an_upload_over_import_max_bytes_is_refused_before_downloading(make_bot: BotFactory) -> None:
    bot = await make_bot(access_mode="approval", import_max_bytes=10 * 1024 * 1024)
    bot.user = ADMIN
    await bot.send("/cargar")
    assert "Tamaño máximo: 10 MiB." in bot.messages[0].text
    while bot.messages:
        bot.pop_message()
    calls = await bot.upload("grande.csv", b"x" * (11 * 1024 * 1024))
    assert bot.pop_message().text == (
        "❌ No se importó «grande.csv»: pesa 11.0 MiB y el máximo es 10 MiB. Los datos quedaron como estaban."
    )
    assert [call.method for call in calls] == ["sendMessage"]  # no getFile, no download


async def test_a_non_admin_upload_is_refused_politely(bot: BotHarness) -> None:
    await say(bot, "/start", user=MANAGER)
    await say(bot, f"/aprobar {MANAGER.id} rrhh")
    store_before = dump(engine_of(bot))
    calls = await bot.upload("poi-octubre.csv", october_template(bot), user=MANAGER)
    assert bot.pop_message().text == NOT_ADMIN_TEXT
    assert [call.method for call in calls] == ["sendMessage"]
    assert dump(engine_of(bot)) == store_before
    assert await bot.upload("poi-octubre.csv", october_template(bot), chat=GROUP) == []  # groups: ignored


async def test_cargar_a_ceplan_export_takes_the_year_from_the_caption(bot: BotHarness) -> None:
    executed: list[float | None] = [2, 2, 1, *[None] * 9]  # to March: the first quarter
    row = sources.ceplan_row("GERENCIA DE FINANZAS", "PAGAR", [2.0] * 12, executed, cumulative=False)
    data = sources.xlsx_bytes([sources.ceplan_header(), row])
    await bot.upload("export.xlsx", data)
    refusal = bot.pop_message().text
    assert refusal.startswith("❌ No se importó «export.xlsx».\nLa exportación de CEPLAN no dice el año")
    assert "(en el comentario del documento, por ejemplo «/cargar 2024»)" in refusal
    await bot.upload("export.xlsx", data, caption="/cargar 2023")
    assert bot.pop_message().text.startswith("✅ Datos cargados: las respuestas ya usan este plan.")
    summary = await say(bot, "/resumen")
    assert "Avance al I trimestre (ene–mar): 83.3 % (ámbar)" in summary
    assert summary.endswith("POI 2023 · datos a marzo")
