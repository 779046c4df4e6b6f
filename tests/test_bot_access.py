"""Who sees the figures: the approval flow, an unapproved user probing every entry point, revoked
users, managers restricted to their own unit, and the log of every question admins can read."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from bot.services.admin import REVOKED_USER_TEXT
from bot.services.approval import APPROVED_USER_TEXT, DENIED_USER_TEXT
from handlers.access import ADMIN_ONLY_TEXT, DENIED_TEXT, NO_ACCESS_TEXT, NO_UNIT_TEXT, PENDING_TEXT
from handlers.callback_data import PREFIXES
from storage.models import QuestionLog, User
from storage.users import APPROVED, PENDING, REVOKED
from tests.bot_fixtures import ADMIN, MANAGER, STRANGER, BotFactory
from tests.import_helpers import SEED, dump
from tests.telegram_fake import ApiCall
from tests.telegram_harness import BotHarness
from tests.telegram_updates import FakeChat, FakeUser

RRHH = "GERENCIA DE RECURSOS HUMANOS"
GROUP = FakeChat.supergroup("Comité de planificación")
NOT_YOURS = f"Solo puedes consultar las cifras de tu unidad: {RRHH}."


async def start_bot(make_bot: BotFactory, **overrides: object) -> BotHarness:
    """The bot in approval mode (unless overridden), with the admin's private chat known."""
    bot = await make_bot(**{"access_mode": "approval", **overrides})
    bot.transport.server.add_chat(ADMIN.private_chat.to_dict())
    return bot


def engine_of(bot: BotHarness) -> Engine:
    engine: Engine = bot.application.bot_data.services.engine
    return engine


def user_row(bot: BotHarness, who: FakeUser) -> User | None:
    with Session(engine_of(bot)) as session:
        return session.exec(select(User).where(User.telegram_id == who.id)).first()


def drain(bot: BotHarness) -> None:
    """Forgets the replies not yet read."""
    while bot.messages:
        bot.pop_message()


def texts_in(chat_id: int, bot: BotHarness) -> list[str]:
    return [message.text for message in bot.messages if message.chat_id == chat_id]


async def test_approval_flow_approve_then_pick_the_unit(make_bot: BotFactory) -> None:
    bot = await start_bot(make_bot)
    await bot.send("/start", user=MANAGER)
    assert texts_in(MANAGER.id, bot) == [
        "Hola, Mario. Envié tu solicitud de acceso a los administradores; te aviso aquí cuando la aprueben."
    ]
    request = next(m for m in bot.messages if m.chat_id == ADMIN.id)
    assert request.text == "🔔 Solicitud de acceso de Mario Gerente (@mario_gerente), id 900002. ¿Aprobar?"
    assert request.button_texts == ["✅ Aprobar", "❌ Denegar"]
    drain(bot)

    await bot.send("/avance rrhh", user=MANAGER)
    assert bot.pop_message().text == PENDING_TEXT

    await bot.press("✅ Aprobar", message=request, user=ADMIN)
    assert bot.callback_answers()[-1]["text"] == "Hecho."
    edited = bot.pop_message()
    assert (edited.method, edited.message_id) == ("editMessageText", request.message_id)
    assert edited.text == "✅ Acceso aprobado a Mario Gerente. ¿Cuál es su unidad?"
    assert len(edited.buttons) == 24
    assert texts_in(MANAGER.id, bot) == [APPROVED_USER_TEXT]
    drain(bot)

    await bot.press(RRHH, message=request, user=ADMIN)
    assert bot.pop_message().text == f"✅ Mario Gerente: unidad {RRHH}."
    assert bot.pop_message().text == f"Tu unidad en poi-bot: {RRHH}."
    row = user_row(bot, MANAGER)
    assert row is not None
    assert (row.status, row.unit_name, row.decided_by) == (APPROVED, RRHH, ADMIN.id)

    await bot.send("/avance", user=MANAGER)
    assert "Avance al III trimestre (ene–sep): 84.2 % (ámbar)" in bot.pop_message().text


async def test_approval_flow_deny(make_bot: BotFactory) -> None:
    bot = await start_bot(make_bot)
    await bot.send("/start", user=STRANGER)
    request = next(m for m in bot.messages if m.chat_id == ADMIN.id)
    drain(bot)
    await bot.press("❌ Denegar", message=request, user=ADMIN)
    assert bot.pop_message().text == "❌ Acceso denegado a Sofía Desconocida."
    assert bot.pop_message().text == DENIED_USER_TEXT
    await bot.send("¿cómo va rrhh?", user=STRANGER)
    assert bot.pop_message().text == DENIED_TEXT
    await bot.send("/start", user=STRANGER)
    assert bot.pop_message().text == DENIED_TEXT


async def test_only_admins_decide_even_with_forged_buttons(make_bot: BotFactory) -> None:
    bot = await start_bot(make_bot)
    await bot.send("/start", user=STRANGER)
    drain(bot)
    mine = bot.history[0]  # the reply in the stranger's own chat
    await bot.forge_callback(f"ok:{STRANGER.id}:1:9", message=mine, user=STRANGER)
    alert = bot.callback_answers()[-1]
    assert (alert["text"], alert["show_alert"]) == (ADMIN_ONLY_TEXT, True)
    row = user_row(bot, STRANGER)
    assert row is not None
    assert (row.status, row.unit_name) == (PENDING, None)


PROBES = [
    "/ayuda", "/help", "/avance rrhh", "/avance", "/rezagadas", "/rezagadas rrhh II trimestre",
    "/actividad cobranza pre coactiva tributaria", "/actividad", "/resumen", "/mi_unidad",
    "/grafico rrhh", "/exportar rrhh", "/usuarios", f"/aprobar {STRANGER.id} rrhh", f"/revocar {MANAGER.id}",
    "/alias rh = GERENCIA DE RECURSOS HUMANOS", "/alias", "/cargar", "/preguntas",
    "¿cómo va rrhh?", "rezagadas de la institución", "estado del POI",
]  # fmt: skip
FORGED = [
    "u:1:9:c9",
    "al:1:9:c9",
    "lg:1:*:c9",
    "lg:1:9:q2",
    "a:1:31:c9",
    "aq:1:31",
    "gu:1:9",
    "ga:1:31",
    "gq:1:31",
    "x:1:9:c9",
    "x:1:*:y",
    "mu:1:9",
    "s:1:c9",
    "lp:1:9:c9:0",
    "lp:1:*:c9:1",
    f"ok:{STRANGER.id}:0:-",
    f"ok:{STRANGER.id}:1:9",
    f"no:{MANAGER.id}",
    "zz:1:2",
]


def shown_to_user(calls: list[ApiCall]) -> list[str]:
    """Everything the calls showed anyone: texts, captions, alerts, inline results."""
    shown: list[str] = []
    for call in calls:
        for key in ("text", "caption"):
            if isinstance(call.params.get(key), str):
                shown.append(call.params[key])
        if call.method == "answerInlineQuery":
            shown.append(json.dumps(call.params.get("results"), ensure_ascii=False))
    return shown


@pytest.mark.parametrize("kind", ["unknown", "pending", "denied"])
async def test_an_unapproved_user_gets_no_figures_anywhere(make_bot: BotFactory, kind: str) -> None:
    assert {data.split(":")[0] for data in FORGED} >= set(PREFIXES)  # every real prefix is probed
    bot = await start_bot(make_bot)
    if kind != "unknown":
        await bot.send("/start", user=STRANGER)
    if kind == "denied":
        await bot.send(f"/revocar {STRANGER.id}", user=ADMIN)
    units = bot.application.bot_data.services.poi.snapshot().units
    before = dump(engine_of(bot))
    first = len(bot.transport.calls)
    refusal = {"unknown": NO_ACCESS_TEXT, "pending": PENDING_TEXT, "denied": DENIED_TEXT}[kind]

    for probe in PROBES:
        await bot.send(probe, user=STRANGER)
    await bot.send("/avance rrhh", user=STRANGER, chat=GROUP)
    await bot.send("@poi_test_bot ¿cómo va rrhh?", user=STRANGER, chat=GROUP)
    await bot.inline("rrhh", user=STRANGER)
    await bot.inline("", user=STRANGER, chat_type="supergroup")
    anchor = next(m for m in reversed(bot.history) if m.chat_id == STRANGER.id)
    for data in FORGED:
        await bot.forge_callback(data, message=anchor, user=STRANGER)
    await bot.upload("poi-2019.txt", SEED.replace(b"SAT", b"SAT2"), user=STRANGER)

    calls = bot.transport.calls[first:]
    shown = shown_to_user(calls)
    assert shown, "the probes got no answer at all"
    for text in shown:
        assert "%" not in text, text
        assert not [unit for unit in units if unit in text], text
    assert not [c for c in calls if c.method in ("sendPhoto", "sendDocument", "getFile")]
    assert not [c for c in calls if c.method == "answerInlineQuery" and c.params.get("results")]
    assert refusal in shown
    after = dump(engine_of(bot))
    assert after["questionlog"] == before["questionlog"] == []
    assert after["alias"] == before["alias"]
    assert after["plan"] == before["plan"]
    row = user_row(bot, STRANGER)
    assert (row.status if row else None) == {"unknown": None, "pending": PENDING, "denied": REVOKED}[kind]
    calls = await bot.send("/start", user=STRANGER)
    assert not [text for text in shown_to_user(calls) if "%" in text]


@pytest.mark.parametrize("mode", ["approval", "open"])
async def test_a_revoked_user_loses_access(make_bot: BotFactory, mode: str) -> None:
    bot = await start_bot(make_bot, access_mode=mode)
    if mode == "approval":
        await bot.send("/start", user=MANAGER)
        await bot.send(f"/aprobar {MANAGER.id} rrhh", user=ADMIN)
    await bot.send("/avance rrhh", user=MANAGER)
    answer = bot.last_message()
    assert "84.2 %" in answer.text
    drain(bot)

    await bot.send(f"/revocar {MANAGER.id}", user=ADMIN)
    assert bot.pop_message().text == "⛔ Acceso revocado a Mario Gerente: ya no verá cifras del POI."
    assert bot.pop_message().text == REVOKED_USER_TEXT
    for question in ("/avance rrhh", "¿cómo va rrhh?", "/start"):
        await bot.send(question, user=MANAGER)
        assert bot.pop_message().text == DENIED_TEXT
    await bot.press("📋 Actividades", message=answer, user=MANAGER)
    assert "%" not in bot.callback_answers()[-1].get("text", "")
    assert not bot.messages


async def test_restricted_managers_see_only_their_unit(make_bot: BotFactory) -> None:
    bot = await start_bot(make_bot, restrict_to_own_unit=True)
    for who in (MANAGER, STRANGER):
        await bot.send("/start", user=who)
    await bot.send(f"/aprobar {MANAGER.id} recursos humanos", user=ADMIN)
    await bot.send(f"/aprobar {STRANGER.id}", user=ADMIN)
    drain(bot)

    async def reply(text: str, who: FakeUser = MANAGER) -> str:
        await bot.send(text, user=who)
        return bot.pop_message().text

    for other in ("/avance finanzas", "¿cómo va finanzas?", "/rezagadas finanzas", "/actividad cobranza"):
        assert await reply(other) == NOT_YOURS
    summary = await reply("/resumen")
    assert summary.startswith(f"🟡 {RRHH}\nAvance al III trimestre (ene–sep): 84.2 % (ámbar)")
    assert "GERENCIA DE FINANZAS" not in summary
    assert (await reply("/rezagadas")).startswith(f"🔴 3 actividades rezagadas en {RRHH}")
    assert "84.2 %" in await reply("¿cómo va rrhh?")
    assert await reply("/mi_unidad") == f"Tu unidad la asigna un administrador: {RRHH}."
    assert await reply("/avance", STRANGER) == NO_UNIT_TEXT
    assert "Avance al III trimestre (ene–sep): 100.0 %" in await reply("/avance finanzas", ADMIN)


async def test_every_question_is_logged_and_admins_read_them(make_bot: BotFactory) -> None:
    bot = await make_bot()
    await bot.send("/avance rrhh", user=MANAGER)
    await bot.send("rezagadas de RRHH al II trimestre", user=MANAGER)
    await bot.send("@poi_test_bot cobranza pre coactiva tributaria", user=MANAGER, chat=GROUP)
    await bot.send("xyzzy", user=STRANGER)
    with Session(engine_of(bot)) as session:
        rows = list(session.exec(select(QuestionLog).order_by(col(QuestionLog.id))))
        logged = [
            (r.telegram_id, r.chat_id, r.surface, r.text, r.intent, r.unit, r.activity, r.period)
            for r in rows
        ]
        session.execute(update(QuestionLog).values(asked_at=datetime(2019, 10, 1, 14, 5, tzinfo=UTC)))
        session.commit()
    to_sep, to_jun = "al III trimestre (ene–sep)", "al II trimestre (ene–jun)"
    activity = ("GERENCIA DE GESTION DE COBRANZA", "GESTIONAR COBRANZA PRE COACTIVA TRIBUTARIA")
    assert logged == [
        (MANAGER.id, MANAGER.id, "command", "rrhh", "unit_progress", RRHH, None, to_sep),
        (MANAGER.id, MANAGER.id, "text", "rezagadas de RRHH al II trimestre", "lagging", RRHH, None, to_jun),
        (MANAGER.id, GROUP.id, "text", "cobranza pre coactiva tributaria", "activity", *activity, to_sep),
        (STRANGER.id, STRANGER.id, "text", "xyzzy", "unknown", None, None, to_sep),
    ]
    drain(bot)

    await bot.send("/preguntas", user=MANAGER)
    assert bot.pop_message().text == "Ese comando es solo para administradores."
    await bot.send("/preguntas", user=ADMIN)
    shown = bot.pop_message().text.split("\n\n")
    assert shown[0] == "🕑 Últimas 4 preguntas (hora de America/Lima):"
    assert shown[1].splitlines() == [
        "• 01/10/2019 09:05 · Sofía Desconocida · texto",
        "  «xyzzy»",
        f"  → no entendida · {to_sep}",
    ]
    assert shown[3] == (
        "• 01/10/2019 09:05 · Mario Gerente · texto\n  «rezagadas de RRHH al II trimestre»\n"
        f"  → rezagadas · {RRHH} · al II trimestre (ene–jun)"
    )
    assert shown[4].startswith("• 01/10/2019 09:05 · Mario Gerente · comando\n  «rrhh»\n  → avance de unidad")
    await bot.send("/preguntas 1", user=ADMIN)
    assert bot.pop_message().text.startswith("🕑 Última pregunta (hora de America/Lima):")


async def test_a_pending_users_status_is_not_told_in_a_group(make_bot: BotFactory) -> None:
    bot = await start_bot(make_bot)
    await bot.send("/start", user=STRANGER)
    drain(bot)
    await bot.send("/avance finanzas", user=STRANGER, chat=GROUP)
    assert texts_in(GROUP.id, bot) == [NO_ACCESS_TEXT]
    await bot.send("/avance finanzas", user=STRANGER)
    assert texts_in(STRANGER.id, bot)[-1] == PENDING_TEXT


async def test_open_mode_restricted_to_own_unit_asks_the_admins_for_the_unit(make_bot: BotFactory) -> None:
    bot = await start_bot(make_bot, access_mode="open", restrict_to_own_unit=True)
    await bot.send("/start", user=MANAGER)
    assert texts_in(MANAGER.id, bot)[1].startswith("Solo puedes consultar las cifras de tu unidad: pedí")
    request = next(m for m in bot.messages if m.chat_id == ADMIN.id)
    assert "solo puede consultar su unidad y aún no tiene una" in request.text
    assert len(request.buttons) == 24
    drain(bot)
    await bot.send("/avance", user=MANAGER)
    assert bot.pop_message().text == NO_UNIT_TEXT
    await bot.press(RRHH, message=request, user=ADMIN)
    drain(bot)
    await bot.send("/avance", user=MANAGER)
    assert "Avance al III trimestre (ene–sep): 84.2 % (ámbar)" in bot.pop_message().text
