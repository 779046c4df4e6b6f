"""Meeting questions (issue 11): the table of new questions, conversations in a chat, and the
figures of rankings, comparisons and projections against DOMAIN.md on the sample."""

from __future__ import annotations

from functools import cache

import pytest
from sqlalchemy import Engine

from bot.domain.answers import AnswerKind
from bot.domain.figures import format_percent
from bot.domain.periods import Period
from bot.domain.query import Candidate, Intent, Order, Query, Scope
from bot.render.answer_json import answer_json
from bot.render.answer_text import render_html, render_text
from bot.services.questions import PoiService
from bot.understanding.understand import Understanding
from tests.seed_catalog import seed_catalog
from tests.seed_names import ESC, FIN, INF, OCI, RRHH, TRANSITO
from tests.understanding_activity_cases import ACTIVITY_CASES
from tests.understanding_cases import UNIT_CASES
from tests.understanding_meeting_cases import CONVERSATIONS, MEETING_CASES, Meeting, Turn

RENDIMIENTO = "GESTIONAR EL RENDIMIENTO DE LOS SERVIDORES"
COOPERACION = "PROYECTOS DE COOPERACIÓN INTERINSTITUCIONAL"


@cache
def understanding() -> Understanding:
    return Understanding(seed_catalog())


def test_the_table_holds_150_new_questions() -> None:
    questions = [case.question for case in MEETING_CASES]
    turns = [turn.question for turns in CONVERSATIONS.values() for turn in turns]
    assert len(questions) >= 150
    assert len(set(questions)) == len(questions)
    assert not set(questions) & {question for question, *_ in (*UNIT_CASES, *ACTIVITY_CASES)}
    assert len(CONVERSATIONS) >= 8
    assert len(turns) >= 25


@pytest.mark.parametrize("case", MEETING_CASES, ids=[case.question for case in MEETING_CASES])
def test_meeting_question(case: Meeting) -> None:
    query = understanding().understand(case.question)
    assert query.intent is case.intent
    assert query.unit == case.unit
    assert (query.activity.activity if query.activity else None) == case.activity
    assert query.period == case.period
    assert tuple(c.unit for c in query.compared) == case.compared
    assert query.order is case.order
    assert query.limit == case.limit
    assert query.scope is case.scope
    assert query.statuses == case.statuses
    assert query.lagging_only is case.lagging_only
    if case.institution is not None:
        assert query.institution is case.institution
    assert query.text == case.question


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(seed_engine: Engine, clock: Clock) -> PoiService:
    return PoiService(seed_engine, context_seconds=15 * 60, clock=clock)


@pytest.mark.parametrize("name", list(CONVERSATIONS))
def test_conversation(service: PoiService, clock: Clock, name: str) -> None:
    for turn in CONVERSATIONS[name]:
        clock.now += 30
        reply = service.ask(turn.question, chat="42")
        _check_turn(reply.query, reply.unit, turn)
        text = render_text(reply)
        if turn.inherited:
            assert text.startswith("↪️ Sigo con lo anterior: ")
        else:
            assert "Sigo con lo anterior" not in text


def _check_turn(query: Query, unit: str | None, turn: Turn) -> None:
    assert query.intent is turn.intent, turn.question
    assert (query.unit or unit) == turn.unit, turn.question
    assert query.period == turn.period, turn.question
    assert query.inherited == turn.inherited, turn.question
    assert query.statuses == turn.statuses, turn.question


def test_context_expires_and_is_kept_per_chat(service: PoiService, clock: Clock) -> None:
    service.ask("rezagadas de RRHH", chat="a")
    service.ask("proyección de finanzas", chat="b")
    clock.now += 14 * 60
    assert service.ask("¿y en mayo?", chat="a").kind is AnswerKind.LAGGING
    assert service.ask("¿y en mayo?", chat="b").kind is AnswerKind.PROJECTION
    clock.now += 15 * 60 + 1
    alone = service.ask("¿y en mayo?", chat="a")
    assert alone.kind is AnswerKind.SUMMARY
    assert alone.query.inherited == ()
    assert service.ask("¿y en mayo?").query.inherited == ()  # no chat: each question on its own


def test_no_context_when_turned_off(seed_engine: Engine) -> None:
    service = PoiService(seed_engine, context_seconds=0)
    service.ask("rezagadas de RRHH", chat="a")
    assert service.ask("¿y OCI?", chat="a").kind is AnswerKind.UNIT


def test_rrhh_is_the_weakest_unit_to_september(service: PoiService) -> None:
    reply = service.ask("la unidad más atrasada")
    assert reply.kind is AnswerKind.RANKING
    assert [item.unit for item in reply.ranking] == [RRHH]
    assert format_percent(reply.ranking[0].progress.percent) == "84.2 %"
    assert reply.total == 24
    text = render_text(reply)
    assert "📉 La unidad con menor avance al III trimestre (ene–sep)" in text
    assert "1. 🟡 84.2 %  GERENCIA DE RECURSOS HUMANOS" in text
    assert "8 actividades · 🟢 6 verde · 🟡 1 ámbar · 🔴 1 rojo" in text


def test_the_five_weakest_units_are_ordered_and_the_best_lead_with_100(service: PoiService) -> None:
    worst = service.ask("las 5 unidades más atrasadas")
    percents = [item.progress.percent or 0.0 for item in worst.ranking]
    assert len(percents) == 5
    assert percents == sorted(percents)
    assert [item.unit for item in worst.ranking[:2]] == [RRHH, ESC]
    assert format_percent(worst.ranking[1].progress.percent) == "97.1 %"
    best = service.ask("las 3 unidades con más avance")
    assert [format_percent(item.progress.percent) for item in best.ranking] == ["100.0 %"] * 3


def test_the_weakest_activities_of_the_institution(service: PoiService) -> None:
    reply = service.ask("las 3 actividades más atrasadas")
    assert [row.activity for row in reply.rows] == [TRANSITO, RENDIMIENTO, reply.rows[2].activity]
    assert [format_percent(row.percent) for row in reply.rows[:2]] == ["0.0 %", "75.0 %"]
    assert reply.total == 90 - sum(
        row.percent is None for row in service.snapshot().figures(reply.period, service.bands)
    )


def test_comparison_side_by_side(service: PoiService) -> None:
    reply = service.ask("RRHH frente a la escuela")
    assert reply.kind is AnswerKind.COMPARISON
    assert [item.unit for item in reply.ranking] == [RRHH, ESC]
    text = render_text(reply)
    assert "1. 🟡 84.2 %  GERENCIA DE RECURSOS HUMANOS" in text
    assert "2. 🟢 97.1 %  ESCUELA SAT" in text
    assert "Va adelante ESCUELA SAT (97.1 %), 12.9 puntos sobre la de menor avance." in text


def test_projection_of_the_institution_lists_the_three_at_risk_worst_first(service: PoiService) -> None:
    reply = service.ask("¿cerraremos el año en meta?")
    assert reply.kind is AnswerKind.PROJECTION
    risky = [f for f in reply.projections if f.at_risk]
    assert reply.total == len(risky) == 3
    text = render_text(reply)
    assert "⚠️ 3 actividades en riesgo de no cumplir su meta anual, de mayor a menor riesgo:" in text
    first, second, third = (text.index(name) for name in (TRANSITO, RENDIMIENTO, COOPERACION))
    assert first < second < third
    assert "proyectado 0 de 7 DOCUMENTOS (0.0 % de la meta)" in text
    assert "proyectado 8.25 de 11 ACCIONES (75.0 % de la meta)" in text
    assert "proyectado 17.14 de 20 ACCIONES (85.7 % de la meta)" in text
    data = answer_json(reply)
    assert data["projection"]["at_risk"] == 3
    assert {a["activity"]: a["percent"] for a in data["projection"]["activities"] if a["at_risk"]} == {
        TRANSITO: 0.0,
        RENDIMIENTO: 75.0,
        COOPERACION: 85.7,
    }


def test_projection_of_an_activity_and_of_a_unit(service: PoiService) -> None:
    activity = render_text(service.ask("proyección de gestionar el rendimiento de los servidores"))
    assert (
        "Al cierre: proyectado 8.25 de 11 ACCIONES (75.0 % de la meta) — ⚠️ en riesgo de no cumplir"
        in activity
    )
    unit = service.ask("proyección de RRHH")
    assert unit.total == 2
    assert "Al ritmo actual cerraría en 84.2 % de sus metas anuales" in render_text(unit)
    safe = render_text(service.ask("cómo cerraría finanzas"))
    assert "✅ Ninguna actividad en riesgo" in safe


def test_list_count_and_value(service: PoiService) -> None:
    listed = service.ask("actividades de imagen institucional")
    assert listed.kind is AnswerKind.LIST
    assert len(listed.rows) == 3
    assert render_text(listed).startswith(
        "📋 OFICINA DE IMAGEN INSTITUCIONAL: 3 actividades al III trimestre"
    )
    counted = render_text(service.ask("¿cuántas actividades tiene OCI?"))
    assert counted.startswith(
        "🔢 ORGANO DE CONTROL INSTITUCIONAL tiene 2 actividades al III trimestre (ene–sep):"
    )
    lagging = service.ask("número de rezagadas en el I trimestre")
    assert len(lagging.rows) == 5  # DOMAIN.md: 5 lagging activities in the I trimestre alone
    assert render_text(lagging).startswith(
        "🔢 5 actividades rezagadas en la institución en el I trimestre (de 90)."
    )
    value = render_text(service.ask("¿cuánto se ejecutó de control gubernamental en mayo?"))
    assert "En mayo se ejecutó: 7 de 8 ACCIONES programadas (87.5 %) — ámbar" in value


def test_thanks_is_short_and_help_is_not_thanks(service: PoiService) -> None:
    assert (
        render_text(service.ask("muchas gracias"))
        == "¡De nada! 🙂 Aquí estoy para cualquier otra consulta del POI."
    )
    assert render_text(service.ask("estoy perdido")).startswith("Soy poi-bot")


def test_a_restricted_asker_sees_no_other_units_in_rankings_or_comparisons(service: PoiService) -> None:
    ranking = service.answer(service.understand("la unidad más atrasada"), allowed_unit=FIN)
    assert ranking.kind is AnswerKind.NOT_ALLOWED
    compared = service.answer(service.understand("finanzas frente a OCI"), allowed_unit=FIN)
    assert compared.kind is AnswerKind.NOT_ALLOWED
    own = service.answer(service.understand("actividades más atrasadas"), allowed_unit=FIN)
    assert own.kind is AnswerKind.RANKING
    assert {row.unit for row in own.rows} == {FIN}


def test_every_meeting_reply_fits_telegram(service: PoiService) -> None:
    for case in MEETING_CASES:
        reply = service.ask(case.question)
        assert len(render_html(reply)) <= 4096
        assert answer_json(reply)["kind"] == reply.kind.value


def test_built_queries_answer_without_words(service: PoiService) -> None:
    query = Query(Intent.COMPARISON, compared=(Candidate(OCI), Candidate(INF)), period=Period.quarter(1))
    reply = service.answer(query)
    assert [item.unit for item in reply.ranking] == [OCI, INF]
    ranking = service.answer(Query(Intent.RANKING, order=Order.BEST, scope=Scope.UNITS, limit=2))
    assert len(ranking.ranking) == 2
