"""Subscribing, pausing, leaving, /alertas and /programacion, and the data update notice after an
upload, end to end on the sample with an injected clock in America/Lima."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlmodel import Session

from bot.domain.snapshot import PlanSnapshot
from bot.pushes.outlook import chat_outlook, upcoming
from bot.pushes.views import UPDATE_WHEN
from handlers import PRIVATE_COMMANDS, subscriptions
from handlers.access import ADMIN_ONLY_TEXT
from storage.deliveries import subscribe as store_subscribe
from storage.importers import import_bytes
from tests.import_helpers import SEED, SEED_NAME, report_text
from tests.push_helpers import (
    ADMIN,
    FINANZAS,
    MANAGER,
    RRHH,
    TREASURER,
    PushBot,
    PushBotFactory,
    drain,
    lima,
    sent_to,
    subscribe,
)
from tests.telegram_fake import FakeTransport
from tests.telegram_updates import FakeChat, FakeUser

pytest_plugins = ["tests.push_fixtures"]
JUNE_TITLE = "PLAN OPERATIVO INSTITUCIONAL 2019 - EJECUCIÓN AL II TRIMESTRE"


async def reply(bot: PushBot, text: str, user: FakeUser = MANAGER) -> str:
    """Sends a message and returns the bot's only reply."""
    await bot.send(text, user=user)
    (message,) = bot.messages
    drain(bot)
    return message.text


async def test_the_menu_offers_the_subscription_commands(push_bot: PushBotFactory) -> None:
    bot = await push_bot(at=lima(2019, 9, 20, 8))
    (menu,) = [
        call.params["commands"]
        for call in bot.startup_calls
        if call.method == "setMyCommands"
        and call.params["scope"]["type"] == "all_private_chats"
        and call.params.get("language_code") == "es"
    ]
    names = [command["command"] for command in menu]
    assert names == [name for name, _ in PRIVATE_COMMANDS]
    assert {"suscribir", "desuscribir", "pausar", "reanudar", "alertas"} <= set(names)
    assert "programacion" not in names  # admin commands stay out of the menu


async def test_suscribir_names_a_unit_or_defaults_to_your_own(push_bot: PushBotFactory) -> None:
    bot = await push_bot(at=lima(2019, 9, 20, 8))
    assert await reply(bot, "/suscribir") == (
        "Aún no tienes una unidad. Elígela con /mi_unidad, o escribe cuál: «/suscribir finanzas»."
    )
    assert (
        await reply(bot, "/suscribir todas")
        == "Solo los administradores pueden suscribirse a todas las unidades."
    )
    assert await reply(bot, "/suscribir xyzzy") == (
        "No encontré la unidad «xyzzy». Escribe su nombre como figura en el POI."
    )
    ambiguous = await reply(bot, "/suscribir administración")
    assert ambiguous.startswith("«administración» puede ser varias unidades; escribe una:")
    assert "GERENCIA DE ADMINISTRACION" in ambiguous
    done = await reply(bot, "/suscribir rrhh")
    assert done.splitlines() == [
        f"✅ Listo: recibirás los avisos de {RRHH}.",
        "El próximo: alerta de fin de trimestre, viernes 20 de septiembre de 2019, 09:00.",
        "Todo lo que recibes y cuándo: /alertas",
    ]
    group = FakeChat.supergroup("Comité")
    await bot.send("/suscribir rrhh", user=MANAGER, chat=group)
    assert (
        bot.pop_message().text
        == "Los avisos llegan a un chat privado conmigo: escríbeme /suscribir en privado."
    )


async def test_a_restricted_user_may_only_subscribe_to_their_unit(push_bot: PushBotFactory) -> None:
    bot = await push_bot(at=lima(2019, 9, 20, 8), restrict_to_own_unit=True, access_mode="approval")
    await bot.send("/start", user=MANAGER)
    drain(bot)
    await bot.send(f"/aprobar {MANAGER.id} recursos humanos", user=ADMIN)
    drain(bot)
    assert await reply(bot, "/suscribir finanzas") == f"Solo puedes suscribirte a tu unidad: {RRHH}."
    assert (await reply(bot, "/suscribir")).startswith(f"✅ Listo: recibirás los avisos de {RRHH}.")


async def test_a_restricted_user_subscribed_to_every_unit_gets_their_own(
    push_bot: PushBotFactory,
) -> None:
    bot = await push_bot(at=lima(2019, 9, 20, 8), restrict_to_own_unit=True, access_mode="approval")
    await bot.send("/start", user=MANAGER)
    drain(bot)
    await bot.send(f"/aprobar {MANAGER.id} recursos humanos", user=ADMIN)
    drain(bot)
    with Session(bot.engine) as session:  # subscribed to "*" before the restriction (or as an admin)
        store_subscribe(session=session, chat_id=MANAGER.id, telegram_id=MANAGER.id, scope="*")
    alerts = await reply(bot, "/alertas")
    assert f"⚠️ Tu acceso se limita a tu unidad: solo te llegan los de {RRHH}." in alerts
    assert "no tienes unidad asignada" not in alerts
    bot.clock.at = lima(2019, 9, 20, 9)
    await bot.run_job("quarter_alert:2019-Q3")
    (alert,) = [message.text for message in bot.messages if message.chat_id == MANAGER.id]
    assert RRHH in alert
    assert FINANZAS not in alert
    assert "Toda la institución" not in alert


async def test_subscribing_again_leaves_the_chats_pause_alone(push_bot: PushBotFactory) -> None:
    bot = await push_bot(at=lima(2019, 9, 19, 8))
    await subscribe(bot, MANAGER, "recursos humanos")
    await subscribe(bot, MANAGER, "finanzas")
    assert (await reply(bot, "/pausar 30")).startswith("⏸ Avisos en pausa hasta el sábado 19 de octubre")
    again = await reply(bot, "/suscribir recursos humanos")
    assert "⏸ Tus avisos siguen en pausa hasta el sábado 19 de octubre de 2019, 08:00" in again
    alerts = await reply(bot, "/alertas")
    assert "⏸ En pausa hasta el sábado 19 de octubre de 2019, 08:00." in alerts
    assert "  ⏸ llega durante tu pausa: no lo recibirás" in alerts
    bot.clock.at = lima(2019, 9, 20, 9)
    await bot.run_job("quarter_alert:2019-Q3")
    assert [message for message in bot.messages if message.chat_id == MANAGER.id] == []
    assert (await reply(bot, "/reanudar")).startswith("▶️ Avisos reanudados.")
    assert "En pausa" not in await reply(bot, "/alertas")


async def test_the_replies_are_composed_off_the_event_loop(
    push_bot: PushBotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await push_bot(at=lima(2019, 9, 19, 8))
    threads: list[str] = []

    def recording(compose: Any) -> Any:
        def wrapper(**kwargs: Any) -> Any:
            threads.append(threading.current_thread().name)
            return compose(**kwargs)

        return wrapper

    monkeypatch.setattr(subscriptions, "chat_outlook", recording(chat_outlook))
    monkeypatch.setattr(subscriptions, "upcoming", recording(upcoming))
    await subscribe(bot, ADMIN, "todas")
    assert (await reply(bot, "/alertas", user=ADMIN)).startswith("🔔 Tus avisos")
    assert (await reply(bot, "/programacion", user=ADMIN)).startswith("🗓 Programación de avisos")
    assert len(threads) == 3
    assert threading.main_thread().name not in threads


async def test_alertas_says_what_comes_when_and_why_a_push_stays_silent(push_bot: PushBotFactory) -> None:
    bot = await push_bot(at=lima(2019, 9, 20, 8))
    nothing = await reply(bot, "/alertas")
    assert nothing.startswith("🔕 No recibes avisos programados.")
    assert (
        "• recordatorio mensual: el día 1 de cada mes a las 09:00 (America/Lima), sobre el mes anterior"
        in nothing
    )
    await subscribe(bot, MANAGER, "finanzas")
    assert (await reply(bot, "/alertas")).splitlines()[:12] == [
        "🔔 Tus avisos",
        f"Recibes avisos de: {FINANZAS}",
        "",
        "Próximos (hora de America/Lima):",
        "• alerta de fin de trimestre (III trimestre de 2019): viernes 20 de septiembre de 2019, 09:00",
        "  🔕 no se enviará: con los datos actuales no hay actividades rezagadas en el III trimestre",
        "• recordatorio mensual (septiembre de 2019): martes 1 de octubre de 2019, 09:00",
        "• resumen de cierre de trimestre (III trimestre de 2019): sábado 5 de octubre de 2019, 09:00",
        "• aviso de actualización de datos: cuando un administrador carga un nuevo corte de datos",
        "",
        "Cuándo llegan:",
        "• recordatorio mensual: el día 1 de cada mes a las 09:00 (America/Lima), sobre el mes anterior",
    ]
    bot.clock.at = lima(2020, 1, 6)  # the next reminder speaks of January 2020: no plan that year
    text = await reply(bot, "/alertas")
    assert "• recordatorio mensual (enero de 2020): sábado 1 de febrero de 2020, 09:00" in text
    assert "  🔕 no se enviará: no hay un POI 2020 cargado" in text


async def test_pause_and_unsubscribe_are_honoured(
    push_bot: PushBotFactory, fake_transport: FakeTransport
) -> None:
    bot = await push_bot(at=lima(2019, 9, 20, 8))
    for user in (MANAGER, TREASURER, ADMIN):
        await subscribe(bot, user, "rrhh")
    for wrong in ("/pausar", "/pausar 0", "/pausar 91", "/pausar dos", "/pausar 1 2"):
        assert await reply(bot, wrong) == (
            "Uso: /pausar DÍAS, un número de 1 a 90; por ejemplo, «/pausar 7» pausa los avisos una semana."
        )
    assert await reply(bot, "/pausar 30") == (
        "⏸ Avisos en pausa hasta el domingo 20 de octubre de 2019, 08:00 (hora de America/Lima).\n"
        "Para reanudarlos antes: /reanudar"
    )
    assert "⏸ llega durante tu pausa: no lo recibirás" in await reply(bot, "/alertas")
    assert await reply(bot, "/desuscribir", user=TREASURER) == "🔕 Ya no recibirás avisos."
    assert await reply(bot, "/desuscribir finanzas", user=ADMIN) == (
        f"No estabas suscrito a {FINANZAS}. Tus avisos: /alertas"
    )
    bot.clock.at = lima(2019, 9, 20, 9)
    since = len(fake_transport.calls)
    await bot.run_job("quarter_alert:2019-Q3")
    drain(bot)
    assert sent_to(fake_transport, [MANAGER.id, TREASURER.id, ADMIN.id], since) == {ADMIN.id: 1}
    assert await reply(bot, "/reanudar") == "▶️ Avisos reanudados. Lo que viene: /alertas"
    bot.clock.at = lima(2019, 10, 1)
    since = len(fake_transport.calls)
    await bot.run_job("reminder:2019-09")
    drain(bot)
    everyone = [MANAGER.id, TREASURER.id, ADMIN.id]
    assert sent_to(fake_transport, everyone, since) == {MANAGER.id: 1, ADMIN.id: 1}
    assert await reply(bot, "/desuscribir rrhh", user=ADMIN) == f"🔕 Ya no recibirás los avisos de {RRHH}."


async def test_programacion_lists_every_job_with_its_next_run_and_recipients(
    push_bot: PushBotFactory,
) -> None:
    bot = await push_bot(at=lima(2019, 9, 20, 8))
    await subscribe(bot, MANAGER, "rrhh")
    await subscribe(bot, TREASURER, "finanzas")
    assert await reply(bot, "/programacion") == ADMIN_ONLY_TEXT
    text = await reply(bot, "/programacion", user=ADMIN)
    assert text.splitlines()[:9] == [
        "🗓 Programación de avisos (hora de America/Lima)",
        "• quarter_alert:2019-Q3 alerta de fin de trimestre · III trimestre de 2019",
        "  viernes 20 de septiembre de 2019, 09:00 · 2 destinatarios (1 con mensaje, con los datos actuales)",
        "• reminder:2019-09 recordatorio mensual · septiembre de 2019",
        "  martes 1 de octubre de 2019, 09:00 · 2 destinatarios (2 con mensaje, con los datos actuales)",
        "• quarter_summary:2019-Q3 resumen de cierre de trimestre · III trimestre de 2019",
        "  sábado 5 de octubre de 2019, 09:00 · 2 destinatarios (2 con mensaje, con los datos actuales)",
        f"• aviso de actualización de datos: {UPDATE_WHEN} · 2 destinatarios",
        "• catch_up recuperación de avisos perdidos o interrumpidos: al arrancar y cada 11 minutos, "
        "salvo de 20:00 a 08:00",
    ]
    bot.clock.at = lima(2019, 9, 20, 9)
    await bot.run_job("quarter_alert:2019-Q3")
    drain(bot)
    text = await reply(bot, "/programacion", user=ADMIN)
    assert "• quarter_alert:2019-Q4 alerta de fin de trimestre · IV trimestre de 2019" in text
    assert (
        "• alerta de fin de trimestre 2019-Q3 (viernes 20 de septiembre de 2019, 09:00): completado" in text
    )


async def test_an_upload_of_a_new_cut_off_tells_each_subscriber_what_changed(
    push_bot: PushBotFactory, seed_snapshot: PlanSnapshot
) -> None:
    bot = await push_bot(at=lima(2019, 10, 8), seed=False)
    june = report_text(seed_snapshot.series, JUNE_TITLE, months=6)
    import_bytes(bot.engine, june, "poi-2019-ii-trimestre.txt", entity="SAT")
    await subscribe(bot, MANAGER, "rrhh")
    await subscribe(bot, ADMIN, "todas")
    await bot.upload(SEED_NAME, SEED, user=ADMIN)
    manager, admin = (
        [message.text for message in bot.messages if message.chat_id == chat]
        for chat in (MANAGER.id, ADMIN.id)
    )
    assert admin[0].startswith("✅ Datos cargados")
    assert manager == [
        "\n".join(
            [
                "🔄 Datos del POI 2019 actualizados: ahora a septiembre (antes a junio)",
                "",
                RRHH,
                "Avance acumulado: 82.3 % (a junio) → 84.2 % (a septiembre) · ámbar",
                "Rezagadas: 3 → 3",
                "Ninguna actividad cambió de estado (rezagada / al día).",
                "",
                "POI 2019 · datos a septiembre",
            ]
        )
    ]
    lines = admin[1].splitlines()
    assert lines[2:6] == [
        "Toda la institución",
        "Avance acumulado: 98.3 % (a junio) → 98.4 % (a septiembre) · verde",
        "Rezagadas: 8 → 9",
        "Nuevas rezagadas:",
    ]
    assert (
        "🟡 PROYECTOS DE COOPERACIÓN INTERINSTITUCIONAL (ESCUELA SAT) — 12 de 14 ACCIONES (85.7 %) "
        "· faltan 2" in lines
    )
    assert lines[-4:-2] == [
        "Se pusieron al día:",
        "🟢 EJECUTAR EL CONTROL GUBERNAMENTAL (ORGANO DE CONTROL INSTITUCIONAL) — 68 de 59 ACCIONES "
        "(115.3 %, sobre-ejecución)",
    ]
    drain(bot)
    await bot.upload(SEED_NAME, SEED, user=ADMIN)  # the same file again: no notice
    assert [message.chat_id for message in bot.messages] == [ADMIN.id]
