"""Monthly reporting in the chat, end to end on the sample (data to September, so October is next):
a manager fills RRHH's October with a shortfall and its reason, corrects, survives a restart, the
admin returns it with a note and then validates it, answers use the figures, CEPLAN's file reads back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.app import build_application
from bot.services.reporting_callbacks import start_data
from storage.db import make_engine, migrate
from storage.importers import import_bytes
from storage.models import MonthReport, ReportAudit
from storage.queries import current_plan, load_snapshot
from tests.bot_fixtures import ADMIN, MANAGER, STRANGER, BotFactory, bot_settings
from tests.bot_people import FINANZAS, RRHH, drain, snapshot
from tests.telegram_fake import FakeTransport
from tests.telegram_harness import BotHarness, HarnessFactory, make_builder

DIRIGIR = (
    "DIRIGIR LAS ACTIVIDADES DE LA GERENCIA PARA CAPTAR, MANTENER Y EVALUAR LOS RECURSOS HUMANOS DE LA "
    "INSTITUCIÓN"
)
TRANSITO = "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL"


class Manager:
    """Counts what the manager sends: typed messages and button presses."""

    def __init__(self, bot: BotHarness) -> None:
        self.bot, self.actions = bot, 0

    async def send(self, text: str) -> str:
        self.actions += 1
        await self.bot.send(text, user=MANAGER)
        return self.last()

    async def press(self, label: str) -> str:
        self.actions += 1
        await self.bot.press(label, user=MANAGER)
        return self.last()

    def last(self) -> str:
        texts = [m.text for m in self.bot.messages if m.chat_id == MANAGER.id]
        drain(self.bot)
        return texts[-1] if texts else ""


async def approved_bot(make_bot: BotFactory, url: str) -> BotHarness:
    bot = await make_bot(access_mode="approval", restrict_to_own_unit=True, database_url=url)
    bot.transport.server.add_chat(ADMIN.private_chat.to_dict())
    await bot.send("/start", user=MANAGER)
    await bot.press("✅ Aprobar", user=ADMIN)
    await bot.press(RRHH, user=ADMIN)
    drain(bot)
    return bot


async def restarted(
    bot: BotHarness, bot_harness: HarnessFactory, transport: FakeTransport, url: str
) -> BotHarness:
    await bot.stop()
    settings = bot_settings(access_mode="approval", restrict_to_own_unit=True, database_url=url)
    return await bot_harness(build_application(settings, builder=make_builder(transport)))


async def test_a_month_reported_returned_validated_answered_and_exported(
    make_bot: BotFactory, bot_harness: HarnessFactory, fake_transport: FakeTransport, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'report.sqlite3'}"
    bot = await approved_bot(make_bot, url)
    manager = Manager(bot)
    await manager.send("/registrar octubre")
    first = [m for m in bot.history if m.chat_id == MANAGER.id][-1]
    assert first.text.splitlines()[:3] == [
        f"📝 {RRHH} · octubre de 2019 — 1 de 8",
        TRANSITO,
        "Programado en octubre: 1 DOCUMENTOS (estimado: lo que falta de la meta anual, repartido en los "
        "meses que quedan)",
    ]
    assert "Meta anual: 7 · en el año van 0 (0.0 %)" in first.text
    assert first.button_texts == ["= programado (1)", "0", "omitir"]
    # 1: a shortfall, and its reason typed
    text = await manager.send("0")
    assert "¿Por qué quedó por debajo?" in text
    text = await manager.send("Plaza en concurso público")
    assert text.startswith(f"📝 {RRHH} · octubre de 2019 — 2 de 8\n{DIRIGIR}")
    # 2: as programmed; 3: a typo far above the programmed is caught, then corrected
    await manager.press("= programado (2)")
    text = await manager.send("100")
    assert text.startswith("⚠️ GESTIONAR LA INCORPORACIÓN DE LOS SERVIDORES: escribiste 100 ACCIONES")
    await manager.press("No, corregir")
    await manager.send("-4")
    assert "no puede ser negativa" in bot.history[-1].text
    manager.actions -= 3  # the slips above (100, No corregir, -4) are not part of the count
    text = await manager.send("10")
    assert "4 de 8" in text
    # ↩️ Corregir goes back one: activity 3 again
    text = await manager.press("↩️ Corregir")
    assert "3 de 8" in text
    await manager.press("= programado (10)")
    manager.actions -= 2
    # a restart in the middle: the draft is in the store
    bot = await restarted(bot, bot_harness, fake_transport, url)
    manager.bot = bot
    text = await manager.send("11")
    assert "5 de 8" in text
    # an ordinary question while the form waits for a number is still answered
    await bot.send("¿cómo va finanzas?", user=MANAGER)
    assert "Solo puedes consultar las cifras de tu unidad" in bot.pop_message().text
    for programmed in (1, 7, 2, 15):
        text = await manager.press(f"= programado ({programmed})")
    assert text.startswith("📋 Revisa el registro antes de enviarlo:")
    assert f"1. {TRANSITO}: 0 de 1 DOCUMENTOS · Motivo: Plaza en concurso público" in text
    await manager.press("✅ Confirmar")
    assert manager.actions == 11  # /registrar, 8 answers, 1 reason, Confirmar
    # the admin returns it with a note; the manager corrects one figure and sends it again
    notice = [m for m in bot.history if m.chat_id == ADMIN.id]
    assert notice
    assert notice[-1].button_texts == ["✅ Validar", "↩️ Devolver"]
    drain(bot)
    await bot.press("↩️ Devolver", user=ADMIN)
    await bot.send("DIRIGIR fueron 3 reuniones, no 2", user=ADMIN)
    back = [m for m in bot.history if m.chat_id == MANAGER.id][-1]
    assert "DIRIGIR fueron 3 reuniones, no 2" in back.text
    drain(bot)
    text = await manager.press("✏️ Corregir")
    assert text.startswith("Continúas el registro") or "Revisa el registro" in text
    await manager.press("✏️ Corregir")
    await manager.press(f"2. {DIRIGIR}"[:60])
    text = await manager.send("3")
    assert f"2. {DIRIGIR}: 3 de 2 ACCIONES" in text
    await manager.press("✅ Confirmar")
    await bot.press("✅ Validar", user=ADMIN)
    validated = [m.text for m in bot.history if m.chat_id == ADMIN.id]
    assert validated[-1].startswith(f"✅ Validado: {RRHH}, octubre de 2019. 8 cifras")
    drain(bot)
    # answers use the reported month at once
    await bot.send("¿cómo va RRHH en octubre?", user=MANAGER)
    answer = bot.pop_message().text
    assert [line for line in answer.splitlines() if line] == [
        f"🟡 {RRHH}",
        "Avance en octubre: 87.5 % (ámbar)",
        "8 actividades: 🟢 7 verde · 🟡 0 ámbar · 🔴 1 rojo",
        "Más rezagadas:",
        f"🔴 {TRANSITO} — 0 de 1 DOCUMENTOS (0.0 %)",
        "POI 2019 · datos a octubre",
    ]
    assert snapshot(bot).cutoff_month == 10
    series = {s.activity: s for s in snapshot(bot).series_of(RRHH)}
    assert series[DIRIGIR].executed[9] == 3
    assert (series[TRANSITO].executed[9], series[TRANSITO].motives[9]) == (0, "Plaza en concurso público")
    assert series["GESTIONAR LAS RELACIONES HUMANAS Y SOCIALES"].executed[9] == 15
    # every step audited
    engine = make_engine(url)
    with Session(engine) as session:
        actions = [row.action for row in session.exec(select(ReportAudit))]
    assert {"start", "answer", "reason", "submit", "return", "resume", "validate"} <= set(actions)
    # the CEPLAN export, read back by the project's own importer
    drain(bot)
    await bot.send("/pendientes octubre", user=ADMIN)
    pending = bot.pop_message()
    assert f"Validadas: 1\n• {RRHH}" in pending.text
    assert FINANZAS in pending.text.split("Sin reportar:")[1]
    await bot.press("📤 Exportar CEPLAN (octubre)", user=ADMIN)
    (sent,) = bot.sent_documents()
    assert sent.filename == "DATA-POI SAT OCTUBRE 2019.xlsx"
    reread = make_engine("sqlite://")
    migrate(reread)
    report = import_bytes(reread, sent.data, sent.filename, entity="SAT")
    assert report.plan.cutoff_month == 10
    with Session(reread) as session:
        plan = current_plan(session=session)
        assert plan is not None
        assert plan.id is not None
        back_in = load_snapshot(session=session, plan_id=plan.id)
    mine = snapshot(bot)

    def figures(snap: object) -> list[tuple[object, ...]]:
        return [
            (
                s.unit,
                s.activity,
                s.measure,
                s.annual_target,
                s.programmed,
                s.executed,
                s.motives,
                s.mef_category,
            )
            for s in snap.series  # type: ignore[attr-defined]
        ]

    assert figures(back_in) == figures(mine)


async def test_only_the_units_people_report_for_it(make_bot: BotFactory, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'access.sqlite3'}"
    bot = await approved_bot(make_bot, url)
    await bot.send("/registrar octubre finanzas", user=MANAGER)
    assert bot.pop_message().text == f"Solo puedes registrar la ejecución de tu unidad: {RRHH}."
    await bot.send("/registrar octubre", user=STRANGER)
    assert "no tienes acceso" in bot.pop_message().text.lower()
    await bot.send("/registrar octubre finanzas", user=ADMIN)
    drain(bot)
    await bot.send("1", user=ADMIN)
    assert "2 de" in bot.last_text()
    await bot.send("/registrar noviembre", user=MANAGER)
    assert "RECURSOS HUMANOS" in bot.last_text()
    await bot.forge_callback(start_data(2019, 10, 3), user=MANAGER)
    assert bot.callback_answers()[-1]["text"] == "Ese botón no es para ti."


@pytest.mark.parametrize("data", ["rp:1:q:0", "rg:2019:13", "rx:1:0", "rp:x:p:0"])
async def test_forged_reporting_buttons_are_refused(make_bot: BotFactory, data: str) -> None:
    bot = await make_bot()
    await bot.send("/registrar octubre rrhh", user=ADMIN)
    drain(bot)
    await bot.forge_callback(data, user=ADMIN)
    assert bot.callback_answers()[-1]["text"] == "Ese botón ya no es válido."


async def test_the_admins_hear_when_every_unit_is_in(make_bot: BotFactory) -> None:
    bot = await make_bot()
    engine = bot.application.bot_data.services.engine
    with Session(engine) as session:
        plan = current_plan(session=session)
        assert plan is not None
        assert plan.id is not None
        for unit in snapshot(bot).units:
            if unit != RRHH:
                session.add(
                    MonthReport(plan_id=plan.id, year=2019, month=10, unit=unit, owner=1, status="validated")
                )
        session.commit()
    await bot.send("/registrar octubre rrhh", user=ADMIN)
    for programmed in (1, 2, 10, 11, 1, 7, 2, 15):
        await bot.press(f"= programado ({programmed})", user=ADMIN)
    await bot.press("✅ Confirmar", user=ADMIN)
    await bot.press("✅ Validar", user=ADMIN)
    summary = bot.last_message()
    assert summary.text == "🎉 Todas las unidades registraron octubre de 2019 y está todo validado."
    assert summary.button_texts == ["📤 Exportar CEPLAN (octubre)"]
    await bot.press("📤 Exportar CEPLAN (octubre)", user=ADMIN)
    (sent,) = bot.sent_documents()
    assert sent.filename == "DATA-POI SAT OCTUBRE 2019.xlsx"
