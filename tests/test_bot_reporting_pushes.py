"""The reporting side of the pushes: the monthly reminder carries "📝 Registrar <mes>", which opens
the form; units still pending are reminded on days 3 and 5, once; the admins hear when all are in."""

from __future__ import annotations

from tests.push_helpers import ADMIN, MANAGER, RRHH, PushBot, PushBotFactory, drain, lima, subscribe

pytest_plugins = ["tests.push_fixtures"]


async def with_unit(push_bot: PushBotFactory, at: object) -> PushBot:
    bot = await push_bot(at=at)
    bot.transport.server.add_chat(ADMIN.private_chat.to_dict())
    await subscribe(bot, MANAGER, "recursos humanos")
    await bot.send("/mi_unidad", user=MANAGER)
    await bot.press(RRHH, user=MANAGER)
    drain(bot)
    return bot


async def test_the_reminder_button_opens_the_months_form(push_bot: PushBotFactory) -> None:
    bot = await with_unit(push_bot, lima(2019, 10, 31, 23))
    assert "report_nudge" in bot.job_names()
    bot.clock.at = lima(2019, 11, 1)
    await bot.run_job("reminder:2019-10")
    (reminder,) = [m for m in bot.messages if m.chat_id == MANAGER.id]
    assert reminder.text.startswith("📝 Registra la ejecución de octubre de 2019")
    assert reminder.button_texts == ["📝 Registrar octubre"]
    drain(bot)
    await bot.press("📝 Registrar octubre", message=reminder, user=MANAGER)
    texts = [m.text for m in bot.messages if m.chat_id == MANAGER.id]
    assert texts[0].startswith(f"📝 Registro de octubre de 2019 · {RRHH}: 8 actividades")
    assert texts[1].startswith(f"📝 {RRHH} · octubre de 2019 — 1 de 8")


async def test_pending_units_are_reminded_on_day_3_once_and_not_after_sending(
    push_bot: PushBotFactory,
) -> None:
    bot = await with_unit(push_bot, lima(2019, 11, 2, 20))
    bot.clock.at = lima(2019, 11, 2, 9)
    await bot.run_job("report_nudge")
    assert bot.messages == []  # day 2: not a reminder day
    bot.clock.at = lima(2019, 11, 3, 9)
    await bot.run_job("report_nudge")
    (nudge,) = bot.messages
    assert nudge.chat_id == MANAGER.id
    assert nudge.text == (
        f"📝 Aún falta registrar la ejecución de octubre de 2019 de {RRHH}. "
        "Son unos minutos: una actividad por mensaje."
    )
    assert nudge.button_texts == ["📝 Registrar octubre"]
    drain(bot)
    await bot.run_job("report_nudge")  # again the same day (a restart): nothing twice
    assert bot.messages == []
    await bot.press("📝 Registrar octubre", message=nudge, user=MANAGER)
    for programmed in (1, 2, 10, 11, 1, 7, 2, 15):  # RRHH's October, as programmed
        await bot.press(f"= programado ({programmed})", user=MANAGER)
    await bot.press("✅ Confirmar", user=MANAGER)
    await bot.press("✅ Validar", user=ADMIN)
    admin_texts = [m.text for m in bot.messages if m.chat_id == ADMIN.id]
    assert any(text.startswith("✅ Validado") for text in admin_texts)
    drain(bot)
    bot.clock.at = lima(2019, 11, 5, 9)
    await bot.run_job("report_nudge")
    assert [m for m in bot.messages if m.chat_id == MANAGER.id] == []  # RRHH is in
