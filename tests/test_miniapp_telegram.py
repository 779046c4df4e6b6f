"""Opening the Mini App from Telegram: the chat menu button and "📊 Ver tablero" on answers, only when
WEBAPP_URL is set, and web_app buttons only in private chats (Telegram refuses them in groups)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.config import SettingsError, load_settings
from tests.bot_fixtures import BotFactory
from tests.telegram_harness import BotHarness
from tests.telegram_updates import FakeChat

URL = "https://poi.example.org/app/"
RRHH_LINK = f"{URL}?unit=GERENCIA+DE+RECURSOS+HUMANOS&period=c9"


def last_keyboard(bot: BotHarness) -> list[list[dict[str, Any]]]:
    """The inline keyboard of the bot's last message, as sent to Telegram."""
    call = next(c for c in reversed(bot.transport.calls) if c.method in ("sendMessage", "editMessageText"))
    markup = call.params.get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    rows: list[list[dict[str, Any]]] = markup.get("inline_keyboard", [])
    return rows


def web_app_buttons(bot: BotHarness) -> list[tuple[str, str]]:
    return [(b["text"], b["web_app"]["url"]) for row in last_keyboard(bot) for b in row if "web_app" in b]


async def test_the_menu_button_opens_the_dashboard(make_bot: BotFactory) -> None:
    bot = await make_bot(webapp_url=URL)
    calls = [call for call in bot.startup_calls if call.method == "setChatMenuButton"]
    assert len(calls) == 1
    assert calls[0].ok
    button = calls[0].params["menu_button"]
    button = json.loads(button) if isinstance(button, str) else button
    assert button == {"type": "web_app", "text": "📊 Tablero", "web_app": {"url": URL}}
    assert "chat_id" not in calls[0].params  # every private chat's default


async def test_no_dashboard_url_no_menu_button_and_no_dashboard_button(make_bot: BotFactory) -> None:
    bot = await make_bot()
    assert not [call for call in bot.startup_calls if call.method == "setChatMenuButton"]
    await bot.send("¿cómo va rrhh?")
    assert "84.2 %" in bot.pop_message().text
    assert web_app_buttons(bot) == []


async def test_an_answer_in_private_offers_its_unit_on_the_dashboard(make_bot: BotFactory) -> None:
    bot = await make_bot(webapp_url="https://poi.example.org/app")  # the trailing slash is added
    await bot.send("¿cómo va rrhh?")
    message = bot.pop_message()
    assert "84.2 %" in message.text
    assert message.button_texts[-1] == "📊 Ver tablero"
    assert web_app_buttons(bot) == [("📊 Ver tablero", RRHH_LINK)]
    await bot.send("estado del POI en el I trimestre")
    bot.pop_message()
    assert web_app_buttons(bot) == [("📊 Ver tablero", f"{URL}?unit=&period=q1")]


async def test_pressing_a_button_keeps_the_dashboard_button(make_bot: BotFactory) -> None:
    bot = await make_bot(webapp_url=URL)
    await bot.send("¿cómo va rrhh?")
    bot.pop_message()
    await bot.press("⚠️ Rezagadas")
    assert "GESTIONAR EL TRANSITO AL NUEVO REGIMEN" in bot.pop_message().text
    assert web_app_buttons(bot) == [("📊 Ver tablero", RRHH_LINK)]


async def test_no_web_app_button_in_a_group(make_bot: BotFactory) -> None:
    bot = await make_bot(webapp_url=URL)
    await bot.send("@poi_test_bot ¿cómo va rrhh?", chat=FakeChat.group("Jefes"))
    message = bot.pop_message()
    assert "84.2 %" in message.text
    assert "📊 Ver tablero" not in message.button_texts
    assert web_app_buttons(bot) == []


def test_the_dashboard_url_must_be_https() -> None:
    with pytest.raises(SettingsError, match=r"WEBAPP_URL: .*https://"):
        load_settings(_env_file=None, webapp_url="http://poi.example.org/app/")
    assert load_settings(_env_file=None, webapp_url=" ").webapp_url is None
