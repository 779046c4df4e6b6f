"""Who uses the bot in the end-to-end tests of buttons, inline mode and files: a manager restricted to
their own unit, a stranger nobody approved, and what none of them may be shown.

    bot = await restricted_bot(make_bot)      # MANAGER, approved by ADMIN, sees RRHH only
    await bot.send("/grafico finanzas")
    assert bot.pop_message().text == own_unit_refusal()
"""

from __future__ import annotations

from bot.context import Services
from bot.domain.snapshot import PlanSnapshot
from tests.bot_fixtures import ADMIN, MANAGER, BotFactory
from tests.telegram_harness import BotHarness

RRHH = "GERENCIA DE RECURSOS HUMANOS"
FINANZAS = "GERENCIA DE FINANZAS"
WORST = "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL"
FIGURE_METHODS = ("sendMessage", "editMessageText", "sendPhoto", "sendDocument", "answerInlineQuery")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def drain(bot: BotHarness) -> None:
    """Forgets the replies not yet read."""
    while bot.messages:
        bot.pop_message()


def own_unit_refusal(unit: str = RRHH) -> str:
    return f"Solo puedes consultar las cifras de tu unidad: {unit}."


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header, after checking its signature."""
    assert data[:8] == PNG_SIGNATURE
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def snapshot(bot: BotHarness) -> PlanSnapshot:
    """The plan the bot answers from now."""
    services: Services = bot.application.bot_data.services
    return services.poi.snapshot()


def unit_index(bot: BotHarness, unit: str) -> int:
    return snapshot(bot).units.index(unit)


def activity_id(bot: BotHarness, activity: str, unit: str = RRHH) -> int:
    return next(s.activity_id for s in snapshot(bot).series_of(unit) if s.activity == activity)


def plan_id(bot: BotHarness) -> int:
    return snapshot(bot).plan_id


async def restricted_bot(make_bot: BotFactory, unit: str = RRHH) -> BotHarness:
    """The bot in approval mode restricted to own units, MANAGER approved by ADMIN for ``unit``."""
    bot = await make_bot(access_mode="approval", restrict_to_own_unit=True)
    bot.transport.server.add_chat(ADMIN.private_chat.to_dict())
    await bot.send("/start", user=MANAGER)
    await bot.press("✅ Aprobar", user=ADMIN)
    await bot.press(unit, user=ADMIN)
    drain(bot)
    bot.user = MANAGER
    return bot
