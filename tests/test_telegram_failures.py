"""Telegram's failures as the bot meets them (each injected kind, malformed HTML, unknown chats) and
the spec violations the transport refuses even when a handler swallows the error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import AIORateLimiter

from tests.telegram_fake import FailureKind, FakeTransport, SpecViolation
from tests.telegram_harness import DEFAULT_USER, BotHarness, HarnessFactory
from tests.telegram_sample_app import build_app
from tests.telegram_updates import FakeUser

pytest_plugins = ["tests.telegram_fixtures"]


@pytest.fixture
async def bot(bot_harness: HarnessFactory, fake_transport: FakeTransport) -> BotHarness:
    return await bot_harness(build_app(fake_transport))


FAILURES: list[tuple[FailureKind, type[TelegramError], str]] = [
    ("bad_request_entities", BadRequest, "Can't parse entities"),
    ("retry_after", RetryAfter, "Flood control exceeded"),
    ("forbidden", Forbidden, "bot was blocked by the user"),
    ("timed_out", TimedOut, "Timed out"),
    ("network", NetworkError, "All connection attempts failed"),
]


@pytest.mark.parametrize(("kind", "error", "message"), FAILURES)
async def test_each_failure_kind_surfaces_as_its_telegram_error(
    bot: BotHarness, kind: FailureKind, error: type[TelegramError], message: str
) -> None:
    await bot.send("hola")
    other = FakeUser(id=2002, first_name="Rosa")
    await bot.send("hola", user=other)
    bot.transport.fail_next("sendMessage", kind, chat_id=DEFAULT_USER.id, count=2)
    await bot.application.bot.send_message(other.id, "a otro chat no le pasa nada")
    for _ in range(2):
        with pytest.raises(error, match=message) as raised:
            await bot.application.bot.send_message(DEFAULT_USER.id, "hola")
        assert type(raised.value) is error
    await bot.application.bot.send_message(DEFAULT_USER.id, "ya pasó")
    assert [call.ok for call in bot.calls("sendMessage")][-4:] == [True, False, False, True]


async def test_retry_after_carries_the_wait(bot: BotHarness) -> None:
    await bot.send("hola")
    bot.transport.fail_next("sendMessage", "retry_after", retry_after=7)
    with pytest.raises(RetryAfter) as raised:
        await bot.application.bot.send_message(DEFAULT_USER.id, "hola")
    assert raised.value.retry_after == dt.timedelta(seconds=7)


async def test_a_failing_handler_fails_the_step(bot: BotHarness) -> None:
    bot.transport.fail_next("sendMessage", "forbidden")
    with pytest.raises(AssertionError, match="a handler raised") as raised:
        await bot.send("hola")
    assert isinstance(raised.value.__cause__, Forbidden)


@pytest.mark.parametrize("markup", ["<b>sin cerrar", "1 < 2", "Gastos & Ingresos", "línea<br>otra"])
async def test_malformed_html_gets_the_entities_bad_request(bot: BotHarness, markup: str) -> None:
    await bot.send("hola")
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.application.bot.send_message(DEFAULT_USER.id, markup, parse_mode=ParseMode.HTML)
    assert str(bot.calls("sendMessage")[-1].error).startswith("Bad Request: can't parse entities: ")


async def test_unknown_chats_and_messages_get_telegram_errors(bot: BotHarness) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.application.bot.send_message(555, "¿quién eres?")
    await bot.send("hola")
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.application.bot.edit_message_text("x", chat_id=DEFAULT_USER.id, message_id=99)
    shown = bot.last_message()
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.application.bot.edit_message_text(
            "hola", chat_id=shown.chat_id, message_id=shown.message_id
        )


async def test_methods_without_a_fake_answer_need_one(bot: BotHarness) -> None:
    await bot.send("hola")
    with pytest.raises(AssertionError, match="no answer for getChat"):
        await bot.application.bot.get_chat(DEFAULT_USER.id)
    assert bot.transport.take_violations()
    info: dict[str, Any] = {
        "id": DEFAULT_USER.id,
        "type": "private",
        "accent_color_id": 0,
        "max_reaction_count": 11,
    }
    info["accepted_gift_types"] = {
        "unlimited_gifts": True, "limited_gifts": True, "unique_gifts": True,
        "premium_subscription": True, "gifts_from_channels": True,
    }  # fmt: skip
    bot.transport.set_result("getChat", info)
    assert (await bot.application.bot.get_chat(DEFAULT_USER.id)).id == DEFAULT_USER.id


async def test_over_long_text_is_a_violation_no_handler_can_swallow(bot: BotHarness) -> None:
    with pytest.raises(AssertionError, match="5000 characters after entity parsing") as raised:
        await bot.send("/largo")
    assert "sendMessage breaks the Bot API spec" in str(raised.value)
    assert bot.last_text() == "falló"  # the handler did swallow it
    assert len(bot.transport.take_violations()) == 1


async def test_long_callback_data_and_unknown_parameters_are_violations(bot: BotHarness) -> None:
    await bot.send("hola")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Largo", callback_data="x" * 65)]])
    with pytest.raises(SpecViolation, match="callback_data: 65 bytes, allowed 1-64"):
        await bot.application.bot.send_message(DEFAULT_USER.id, "elige", reply_markup=keyboard)
    with pytest.raises(AssertionError, match="unknown parameter 'colour'"):
        await bot.send("/raro")
    assert len(bot.transport.take_violations()) == 2


async def test_the_rate_limiter_retries_after_a_flood_wait(bot_harness: HarnessFactory) -> None:
    transport = FakeTransport()
    limited = await bot_harness(build_app(transport, rate_limiter=AIORateLimiter(max_retries=1)))
    transport.fail_next("sendMessage", "retry_after", retry_after=1)
    calls = await limited.send("hola")
    assert [(call.method, call.ok) for call in calls] == [("sendMessage", False), ("sendMessage", True)]
    assert limited.last_text() == "hola"
