"""The admin service on SQLite and PostgreSQL: /usuarios, /aprobar, /revocar and /preguntas as the
admin reads them (HTML), whom they tell, and what the store keeps."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.services.admin import (
    REVOKED_USER_TEXT,
    AdminReply,
    approve,
    forget_blocked_chat,
    questions_reply,
    revoke,
    users_reply,
)
from bot.services.approval import APPROVED_USER_TEXT, Notice
from bot.services.questions import PoiService
from storage.db import session_scope
from storage.users import APPROVED, PENDING, REVOKED, log_question
from tests.service_fixtures import ADMIN_ID, MARIO_CHAT, MARIO_ID, RRHH, register, stored

LIMA = ZoneInfo("America/Lima")
USAGE = (
    "Uso: /aprobar ID [unidad], por ejemplo «/aprobar 123456789 recursos humanos». "
    "Los ids están en /usuarios."
)


def test_users_by_status(poi: PoiService) -> None:
    assert users_reply(poi.engine, {ADMIN_ID}).html.startswith("Aún no hay usuarios registrados")
    register(poi.engine, ADMIN_ID, 700001, "Ana Admin", status=APPROVED)
    register(poi.engine)
    assert users_reply(poi.engine, {ADMIN_ID}) == AdminReply(
        "👥 <b>Usuarios: 2</b> (1 por aprobar)\n\n"
        "⏳ Pendientes (1)\n"
        f"• <b>Mario &lt;Gerente&gt;</b> · id <code>{MARIO_ID}</code> · sin unidad\n\n"
        "✅ Aprobados (1)\n"
        f"• <b>Ana Admin</b> · id <code>{ADMIN_ID}</code> · admin · sin unidad\n\n"
        "Aprobar: /aprobar ID [unidad] · Revocar: /revocar ID"
    )


def test_approve_with_a_unit(poi: PoiService) -> None:
    register(poi.engine)
    reply = approve(poi, [str(MARIO_ID), "rrhh"], by=ADMIN_ID)
    assert reply == AdminReply(
        f"✅ Acceso aprobado a <b>Mario &lt;Gerente&gt;</b> · unidad <b>{RRHH}</b>.",
        notices=(
            Notice(MARIO_CHAT, APPROVED_USER_TEXT),
            Notice(MARIO_CHAT, f"Tu unidad en poi-bot: {RRHH}."),
        ),
    )
    user = stored(poi.engine)
    assert (user.status, user.unit_name, user.decided_by) == (APPROVED, RRHH, ADMIN_ID)
    again = approve(poi, [str(MARIO_ID)], by=ADMIN_ID)
    assert again == AdminReply(f"<b>Mario &lt;Gerente&gt;</b> ya tenía acceso · unidad <b>{RRHH}</b>.")


def test_approve_without_a_unit_offers_the_units(poi: PoiService) -> None:
    register(poi.engine)
    reply = approve(poi, [str(MARIO_ID)], by=ADMIN_ID)
    assert reply == AdminReply(
        "✅ Acceso aprobado a <b>Mario &lt;Gerente&gt;</b>. ¿Cuál es su unidad?",
        offer_units_for=MARIO_ID,
        notices=(Notice(MARIO_CHAT, APPROVED_USER_TEXT),),
    )


def test_approve_without_a_plan(empty_poi: PoiService) -> None:
    register(empty_poi.engine)
    reply = approve(empty_poi, [str(MARIO_ID)], by=ADMIN_ID)
    assert (
        reply.html
        == "✅ Acceso aprobado a <b>Mario &lt;Gerente&gt;</b>. Asígnale su unidad cuando haya un POI cargado."
    )
    assert reply.offer_units_for is None
    refused = approve(empty_poi, [str(MARIO_ID), "rrhh"], by=ADMIN_ID)
    assert refused.html.endswith("\nAprueba sin unidad y asígnala cuando haya datos.")


def test_approve_refusals_change_nothing(poi: PoiService) -> None:
    register(poi.engine)
    assert approve(poi, [], by=ADMIN_ID).html == USAGE
    assert approve(poi, ["mario"], by=ADMIN_ID).html == USAGE
    assert approve(poi, ["12345"], by=ADMIN_ID).html == (
        "No encontré a nadie con id 12345. Esa persona debe escribirme /start primero."
    )
    assert approve(poi, [str(MARIO_ID), "xyzzy"], by=ADMIN_ID).html == (
        "No encontré la unidad «xyzzy». Escribe su nombre como figura en el POI."
    )
    assert approve(poi, [str(MARIO_ID), "administracion"], by=ADMIN_ID).html.startswith(
        "«administracion» puede ser varias unidades; escribe una:\n1. la unidad <b>"
    )
    assert stored(poi.engine).status == PENDING


def test_revoke(poi: PoiService) -> None:
    register(poi.engine, status=APPROVED)
    admins = {ADMIN_ID}
    assert revoke(poi.engine, [str(MARIO_ID)], by=ADMIN_ID, admin_ids=admins) == AdminReply(
        "⛔ Acceso revocado a <b>Mario &lt;Gerente&gt;</b>: ya no verá cifras del POI.",
        notices=(Notice(MARIO_CHAT, REVOKED_USER_TEXT),),
    )
    assert stored(poi.engine).status == REVOKED
    again = revoke(poi.engine, [str(MARIO_ID)], by=ADMIN_ID, admin_ids=admins)
    assert again == AdminReply("<b>Mario &lt;Gerente&gt;</b> ya no tenía acceso.")
    assert revoke(poi.engine, [], by=ADMIN_ID, admin_ids=admins).html.startswith("Uso: /revocar ID")
    assert revoke(poi.engine, [str(ADMIN_ID)], by=ADMIN_ID, admin_ids=admins).html == (
        "No puedo revocar a un administrador: los administradores se definen en ADMIN_IDS."
    )
    assert revoke(poi.engine, ["12345"], by=ADMIN_ID, admin_ids=admins).html.startswith(
        "No encontré a nadie con id 12345."
    )


def test_revoking_a_pending_user_tells_nobody(poi: PoiService) -> None:
    register(poi.engine)
    assert revoke(poi.engine, [str(MARIO_ID)], by=ADMIN_ID, admin_ids={ADMIN_ID}).notices == ()
    assert stored(poi.engine).status == REVOKED


def test_a_blocked_chat_is_marked_inactive(poi: PoiService) -> None:
    register(poi.engine, status=APPROVED)
    forget_blocked_chat(poi.engine, MARIO_CHAT)
    assert not stored(poi.engine).is_active


def test_latest_questions_in_local_time(poi: PoiService) -> None:
    assert questions_reply(poi.engine, [], LIMA).html == "Aún no hay preguntas registradas."
    register(poi.engine, status=APPROVED)
    with session_scope(poi.engine) as session:
        for minute, text in ((5, "¿cómo va rrhh?"), (7, "rezagadas")):
            entry = log_question(
                session=session,
                telegram_id=MARIO_ID,
                chat_id=MARIO_CHAT,
                surface="text",
                text=text,
                intent="lagging",
            )
            entry.asked_at = datetime(2019, 10, 1, 14, minute, tzinfo=UTC)
    assert questions_reply(poi.engine, ["1"], LIMA).html == (
        "🕑 <b>Última pregunta</b> (hora de America/Lima):\n\n"
        "• 01/10/2019 09:07 · <b>Mario &lt;Gerente&gt;</b> · texto\n"
        "  «rezagadas»\n"
        "  → rezagadas"
    )
    assert questions_reply(poi.engine, ["x"], LIMA).html.startswith("🕑 <b>Últimas 2 preguntas</b>")
