"""The alias service on SQLite and PostgreSQL: its Spanish replies, what it stores, and that a
written alias is understood at once (the service invalidates the question cache itself)."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.domain.query import Intent
from bot.services.aliases import USAGE_TEXT, alias_command
from bot.services.questions import NO_PLAN_TEXT, PoiService
from storage.models import Alias
from tests.service_fixtures import ADMIN_ID, COBRANZA, RRHH


def _stored(poi: PoiService) -> list[tuple[str, str, str, str | None, int | None]]:
    with Session(poi.engine) as session:
        rows = session.exec(select(Alias).order_by(Alias.alias)).all()
        return [(a.alias, a.target_kind, a.target_unit, a.target_activity, a.created_by) for a in rows]


def test_an_added_alias_is_stored_and_understood_at_once(poi: PoiService) -> None:
    assert poi.understand("¿cómo va cobros?").unit is None  # the cache now holds the plan
    reply = alias_command(poi, f"Cobrós = {COBRANZA}", by=ADMIN_ID)
    assert reply.html == (
        f"✅ Alias agregado: <b>cobros</b> → la unidad <b>{COBRANZA}</b>.\n"
        "Ya puedes preguntar «¿cómo va cobros?»."
    )
    assert _stored(poi) == [("cobros", "unit", COBRANZA, None, ADMIN_ID)]
    query = poi.understand("¿cómo va cobros?")  # within the cache's freshness window
    assert (query.intent, query.unit) == (Intent.UNIT_PROGRESS, COBRANZA)
    again = alias_command(poi, f"cobros = {COBRANZA}", by=ADMIN_ID)
    assert again.html == f"«cobros» ya era alias de la unidad <b>{COBRANZA}</b>."


def test_a_removed_alias_is_forgotten_at_once(poi: PoiService) -> None:
    alias_command(poi, f"cobros = {COBRANZA}", by=ADMIN_ID)
    assert poi.understand("¿cómo va cobros?").unit == COBRANZA
    reply = alias_command(poi, "quitar cobros", by=ADMIN_ID)
    assert reply.html == f"🗑 Alias <b>cobros</b> quitado (era de la unidad <b>{COBRANZA}</b>)."
    assert _stored(poi) == []
    assert poi.understand("¿cómo va cobros?").unit is None
    gone = alias_command(poi, "borrar cobros", by=ADMIN_ID)
    assert gone.html == "No hay un alias «cobros». Mira los alias con /alias"


def test_the_list_flags_aliases_the_plan_lacks(poi: PoiService) -> None:
    assert alias_command(poi, "", by=ADMIN_ID).html.startswith("Aún no hay alias. Agrega uno así:")
    alias_command(poi, f"cobros = {COBRANZA}", by=ADMIN_ID)
    with Session(poi.engine) as session:
        session.add(Alias(alias="vieja", target_kind="unit", target_unit="GERENCIA QUE YA NO EXISTE"))
        session.commit()
    assert alias_command(poi, "  ", by=ADMIN_ID).html.splitlines() == [
        "🏷 <b>Alias (2)</b>:",
        f"• <b>cobros</b> → la unidad <b>{COBRANZA}</b>",
        "• <b>vieja</b> → la unidad <b>GERENCIA QUE YA NO EXISTE</b> · ⚠️ no está en el plan actual",
        "",
        "Agregar: /alias nombre = unidad o actividad · Quitar: /alias quitar nombre",
    ]


def test_names_that_already_mean_something_are_refused_and_nothing_is_stored(poi: PoiService) -> None:
    alias_command(poi, f"cobros = {COBRANZA}", by=ADMIN_ID)
    refusals = {
        "cobros = ESCUELA SAT": (
            f"«cobros» ya es alias de la unidad <b>{COBRANZA}</b>. Quítalo primero con /alias quitar cobros"
        ),
        "rrhh = ESCUELA SAT": f"«rrhh» ya se entiende como la unidad <b>{RRHH}</b>; elige otro nombre.",
        "agosto = ESCUELA SAT": "«agosto» ya se entiende como un periodo (agosto); elige otro nombre.",
        "de = ESCUELA SAT": "«de» es una palabra demasiado común para ser un alias; elige otro nombre.",
        "¿? = ESCUELA SAT": "El alias debe tener entre 1 y 100 letras o números.",
        "x = xyzzy plugh": "No encontré «xyzzy plugh» en el POI.",
    }
    for arguments, expected in refusals.items():
        assert alias_command(poi, arguments, by=ADMIN_ID).html == expected, arguments
    assert [row[0] for row in _stored(poi)] == ["cobros"]


def test_usage(poi: PoiService) -> None:
    for arguments in ("cobros", "x =", "= ESCUELA SAT", "quitar"):
        assert alias_command(poi, arguments, by=ADMIN_ID).html == USAGE_TEXT, arguments


def test_without_a_plan_nothing_is_stored(empty_poi: PoiService) -> None:
    reply = alias_command(empty_poi, f"cobros = {COBRANZA}", by=ADMIN_ID)
    assert reply.html == NO_PLAN_TEXT
    assert _stored(empty_poi) == []
    assert alias_command(empty_poi, "", by=ADMIN_ID).html.startswith("Aún no hay alias.")


def test_an_alias_rebuilds_the_vocabulary_but_keeps_the_loaded_plan_and_its_figures(poi: PoiService) -> None:
    plan = poi.snapshot()
    alias_command(poi, f"cobros = {COBRANZA}", by=ADMIN_ID)
    assert poi.understand("¿cómo va cobros?").unit == COBRANZA
    assert poi.snapshot() is plan  # not reloaded: at 100k activities a reload takes seconds
    alias_command(poi, "quitar cobros", by=ADMIN_ID)
    alias_command(poi, f"ppto = {RRHH}", by=ADMIN_ID)  # as many aliases as before, not the same ones
    assert poi.understand("¿cómo va cobros?").unit is None
    assert poi.understand("¿cómo va ppto?").unit == RRHH
    assert poi.snapshot() is plan
