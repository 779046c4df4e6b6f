"""The access decision service on SQLite and PostgreSQL: what the admin's message becomes, whom it
tells what, and what the store keeps, for approve/deny buttons and the "my unit" button."""

from __future__ import annotations

from bot.services.approval import (
    APPROVED_USER_TEXT,
    DENIED_USER_TEXT,
    INVALID_TEXT,
    RESTRICTED_UNIT_TEXT,
    STALE_TEXT,
    UNKNOWN_USER_TEXT,
    ButtonOutcome,
    Notice,
    choose_my_unit,
    decide_access,
    request_text,
    unit_choices,
    unit_needed_text,
)
from bot.services.questions import PoiService
from storage.users import APPROVED, DENIED, PENDING
from tests.service_fixtures import ADMIN_ID, MARIO_CHAT, MARIO_ID, RRHH, register, stored

MARIO_HTML = "Mario &lt;Gerente&gt;"


def _rrhh(poi: PoiService) -> int:
    return poi.snapshot().units.index(RRHH)


def test_admins_read_the_request_escaped() -> None:
    assert request_text("Ana <b>", "ana_p", 123) == (
        "🔔 Solicitud de acceso de <b>Ana &lt;b&gt;</b> (@ana_p), id <code>123</code>. ¿Aprobar?"
    )
    assert unit_needed_text("Ana", "", 123) == (
        "🔔 <b>Ana</b>, id <code>123</code>, solo puede consultar su unidad y aún no tiene una. "
        "¿Cuál es su unidad?"
    )


def test_approve_then_pick_the_unit(poi: PoiService) -> None:
    register(poi.engine)
    approved = decide_access(poi, approve=True, telegram_id=MARIO_ID, plan_id=0, unit_index=None, by=ADMIN_ID)
    assert approved == ButtonOutcome(
        "Hecho.",
        html=f"✅ Acceso aprobado a {MARIO_HTML}. ¿Cuál es su unidad?",
        offer_units=True,
        notices=(Notice(MARIO_CHAT, APPROVED_USER_TEXT),),
    )
    user = stored(poi.engine)
    assert (user.status, user.decided_by, user.unit_name) == (APPROVED, ADMIN_ID, None)
    plan = poi.snapshot().plan_id
    unit = decide_access(
        poi, approve=True, telegram_id=MARIO_ID, plan_id=plan, unit_index=_rrhh(poi), by=ADMIN_ID
    )
    assert unit == ButtonOutcome(
        "Hecho.",
        html=f"✅ {MARIO_HTML}: unidad {RRHH}.",
        notices=(Notice(MARIO_CHAT, f"Tu unidad en poi-bot: {RRHH}."),),
    )
    assert stored(poi.engine).unit_name == RRHH
    again = decide_access(
        poi, approve=True, telegram_id=MARIO_ID, plan_id=plan, unit_index=_rrhh(poi), by=ADMIN_ID
    )
    assert again.notices == ()  # the same unit again: nothing new to tell


def test_deny(poi: PoiService) -> None:
    register(poi.engine)
    denied = decide_access(poi, approve=False, telegram_id=MARIO_ID, plan_id=0, unit_index=None, by=ADMIN_ID)
    assert denied == ButtonOutcome(
        "Hecho.", html=f"❌ Acceso denegado a {MARIO_HTML}.", notices=(Notice(MARIO_CHAT, DENIED_USER_TEXT),)
    )
    assert stored(poi.engine).status == DENIED


def test_stale_unknown_and_chatless(poi: PoiService) -> None:
    register(poi.engine)
    plan = poi.snapshot().plan_id
    for plan_id, index in ((plan + 1, 0), (plan, 999)):
        stale = decide_access(
            poi, approve=True, telegram_id=MARIO_ID, plan_id=plan_id, unit_index=index, by=ADMIN_ID
        )
        assert stale == ButtonOutcome(STALE_TEXT, show_alert=True)
    assert stored(poi.engine).status == PENDING  # a stale button decides nothing
    unknown = decide_access(poi, approve=True, telegram_id=123, plan_id=0, unit_index=None, by=ADMIN_ID)
    assert unknown == ButtonOutcome(UNKNOWN_USER_TEXT, show_alert=True)
    register(poi.engine, telegram_id=900009, chat_id=None, name="Sin chat")
    chatless = decide_access(poi, approve=True, telegram_id=900009, plan_id=0, unit_index=None, by=ADMIN_ID)
    assert chatless.notices == ()


def test_a_user_picks_their_unit(poi: PoiService) -> None:
    register(poi.engine, status=APPROVED)
    plan = poi.snapshot().plan_id
    picked = choose_my_unit(poi, telegram_id=MARIO_ID, restricted=False, plan_id=plan, unit_index=_rrhh(poi))
    assert picked == ButtonOutcome(
        "Unidad guardada.",
        html=f"Listo: tu unidad es <b>{RRHH}</b>. Las preguntas sin unidad hablarán de ella.",
    )
    assert stored(poi.engine).unit_name == RRHH


def test_a_user_cannot_pick_with_stale_buttons_or_when_restricted(poi: PoiService) -> None:
    register(poi.engine, status=APPROVED)
    plan = poi.snapshot().plan_id
    for plan_id, index in ((plan + 1, 0), (plan, None), (plan, 999)):
        outcome = choose_my_unit(
            poi, telegram_id=MARIO_ID, restricted=False, plan_id=plan_id, unit_index=index
        )
        assert outcome == ButtonOutcome(STALE_TEXT, show_alert=True)
    restricted = choose_my_unit(poi, telegram_id=MARIO_ID, restricted=True, plan_id=plan, unit_index=0)
    assert restricted == ButtonOutcome(RESTRICTED_UNIT_TEXT, show_alert=True)
    assert stored(poi.engine).unit_name is None


def test_without_a_plan_there_is_nothing_to_pick(empty_poi: PoiService) -> None:
    register(empty_poi.engine, status=APPROVED)
    assert unit_choices(empty_poi) is None
    outcome = choose_my_unit(empty_poi, telegram_id=MARIO_ID, restricted=False, plan_id=1, unit_index=0)
    assert outcome == ButtonOutcome(INVALID_TEXT, show_alert=True)
    stale = decide_access(empty_poi, approve=True, telegram_id=MARIO_ID, plan_id=1, unit_index=0, by=ADMIN_ID)
    assert stale == ButtonOutcome(STALE_TEXT, show_alert=True)
