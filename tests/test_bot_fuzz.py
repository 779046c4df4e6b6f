"""Odd input through the whole bot: every message gets a real reply, never the failure apology."""

from __future__ import annotations

import random

import pytest

from handlers.errors import FAILURE_TEXT
from tests.bot_fixtures import BotFactory
from tests.telegram_harness import BotHarness

COMMANDS = [
    "/avance",
    "/rezagadas",
    "/actividad",
    "/resumen",
    "/grafico",
    "/exportar",
    "/alertas",
    "/suscribir",
]
PIECES = [
    "finanzas", "rrhh", "T2", "II trimestre", "en agosto", "a diciembre", "<b>", "&amp;",
    "'; DROP TABLE plan;--", "*negrita*", "_x_", "😀🔥", "ñandú", "\u200b", "trimestre 5", "mes 13",
    "0", "-1", "99999999999999999999",
    "administración", "gastos en servicios generales", "¿", "?", "¡", "x" * 300, "\n", "todas", "mi unidad",
]  # fmt: skip


def _messages(count: int) -> list[str]:
    rng = random.Random(20191)
    out: list[str] = []
    for _ in range(count):
        words = " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4)))
        out.append(f"{rng.choice(COMMANDS)} {words}" if rng.random() < 0.4 else words)
    return out


@pytest.fixture
async def bot(make_bot: BotFactory) -> BotHarness:
    return await make_bot()


async def test_odd_messages_always_get_a_real_reply(bot: BotHarness) -> None:
    for text in _messages(120):
        await bot.send(text)
        replies = [message.text for message in bot.messages]
        assert replies, text
        assert all(reply and FAILURE_TEXT not in reply for reply in replies), (text, replies)
        while bot.messages:
            bot.pop_message()
