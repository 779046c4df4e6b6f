"""Names people choose are shown to admins without bidi or control characters (a name with U+202E
RIGHT-TO-LEFT OVERRIDE could pass for another name, or reorder the rest of the line)."""

from __future__ import annotations

import unicodedata

import pytest

from bot.domain.markup import person_name
from tests.bot_fixtures import ADMIN, BotFactory
from tests.telegram_updates import FakeUser

RLO, LRI, PDI, ZWJ = "\u202e", "\u2066", "\u2069", "\u200d"
TRICKY = FakeUser(id=900077, first_name=f"Eve{RLO}nimdA", last_name=f"{LRI}Ruiz{PDI}\n\x07", username="eve")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (f"Ana{RLO}fdp.exe", "Anafdp.exe"),
        (f"{LRI}Luis{PDI} Pérez", "Luis Pérez"),
        ("Línea\nnueva\ttab\x00nul", "Línea nueva tab nul"),
        (f"Dev 👩{ZWJ}💻", f"Dev 👩{ZWJ}💻"),  # emoji sequences keep their joiner
        ("María José  Ñañez", "María José Ñañez"),
        (f"{RLO}\u200e\u200f", ""),
    ],
)
def test_person_name_drops_bidi_and_control_characters(raw: str, shown: str) -> None:
    assert person_name(raw) == shown


def _hidden(text: str) -> list[str]:
    return [
        f"U+{ord(char):04X}"
        for char in text
        if unicodedata.category(char) in ("Cf", "Cc") and char not in ("\n", ZWJ)
    ]


async def test_access_requests_and_the_user_list_show_neutral_names(make_bot: BotFactory) -> None:
    bot = await make_bot(access_mode="approval")
    bot.transport.server.add_chat(ADMIN.private_chat.to_dict())
    await bot.send("/start", user=TRICKY)
    request = next(message.text for message in bot.messages if message.chat_id == ADMIN.id)
    assert "EvenimdA Ruiz" in request
    assert _hidden(request) == []
    await bot.send("/usuarios", user=ADMIN)
    listing = bot.last_text()
    assert "EvenimdA Ruiz" in listing
    assert _hidden(listing) == []
    await bot.press("✅ Aprobar", user=ADMIN)
    admin_chat = [p for p in bot.transport.server.messages.values() if p["chat"]["id"] == ADMIN.id]
    decided = next(str(p["text"]) for p in admin_chat if "Acceso aprobado" in str(p.get("text")))
    assert "EvenimdA Ruiz" in decided
    assert _hidden(decided) == []
