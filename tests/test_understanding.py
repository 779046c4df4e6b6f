"""Understanding managers' questions on the seed plan: intent, unit, activity, period, candidates."""

from __future__ import annotations

from functools import cache

import pytest

from bot.domain.figures import Status
from bot.domain.periods import Period
from bot.domain.query import ActivityRef, Candidate, Catalog, Intent
from bot.understanding.understand import MAX_CANDIDATES, Understanding
from tests.seed_catalog import seed_catalog
from tests.seed_names import ADM, FIN, GASTOS, GCIP, INF, JEF, OPEE, RRHH
from tests.understanding_activity_cases import ACTIVITY_CASES
from tests.understanding_cases import UNIT_CASES

CASES = [*UNIT_CASES, *ACTIVITY_CASES]
QUESTIONS = [question for question, *_ in CASES]


@cache
def understanding() -> Understanding:
    return Understanding(seed_catalog())


def test_the_seed_catalog() -> None:
    catalog = seed_catalog()
    assert len(catalog.units) == 24
    assert len(catalog.activities) == 90
    assert catalog.cutoff_month == 9
    assert sum(1 for ref in catalog.activities if ref.activity == GASTOS) == 6


def test_the_table_is_large_and_unique() -> None:
    assert len(CASES) >= 100
    assert len(set(QUESTIONS)) == len(QUESTIONS)


FIELDS = ("question", "intent", "unit", "activity", "period", "candidates", "statuses", "institution")


@pytest.mark.parametrize(FIELDS, CASES, ids=QUESTIONS)
def test_question(
    question: str,
    intent: Intent,
    unit: str | None,
    activity: str | None,
    period: Period | None,
    candidates: tuple[Candidate, ...],
    statuses: frozenset[Status],
    institution: bool,
) -> None:
    query = understanding().understand(question)
    assert query.intent is intent
    assert query.unit == unit
    assert (query.activity.activity if query.activity else None) == activity
    if query.activity is not None:
        assert query.activity.unit == unit
    assert query.period == period
    assert set(query.candidates) == set(candidates)
    assert query.statuses == statuses
    assert query.institution is institution
    assert query.text == question


def test_a_name_in_six_units_gives_at_most_five_candidates() -> None:
    query = understanding().understand("gastos en servicios generales")
    assert query.intent is Intent.ACTIVITY
    assert query.unit is None
    assert query.activity is None
    assert len(query.candidates) == MAX_CANDIDATES
    assert {c.activity for c in query.candidates} == {GASTOS}
    assert len({c.unit for c in query.candidates}) == MAX_CANDIDATES


@pytest.mark.parametrize(
    ("question", "intent", "unmatched", "suggestions"),
    [
        ("cómo va marketing", Intent.UNIT_PROGRESS, "marketing", ()),
        ("como va planeacion", Intent.UNIT_PROGRESS, "planeacion", (OPEE,)),
        ("rezagadas de contabilidad", Intent.LAGGING, "contabilidad", ()),
        ("asdfgh", Intent.UNKNOWN, "asdfgh", ()),
        ("'; DROP TABLE units; --", Intent.UNKNOWN, "drop table units", ()),
        ("cuál es el clima hoy", Intent.UNKNOWN, "clima", ()),
    ],
)
def test_a_name_that_fits_nothing(
    question: str, intent: Intent, unmatched: str, suggestions: tuple[str, ...]
) -> None:
    query = understanding().understand(question)
    assert query.intent is intent
    assert query.unit is None
    assert query.activity is None
    assert query.candidates == ()
    assert query.unmatched == unmatched
    assert query.suggestions == suggestions


@pytest.mark.parametrize(
    "question",
    [
        "como va mi unidad",
        "rezagadas de mi unidad",
        "mi unidad",
        "mi área",
        "mi gerencia",
        "avance de mi oficina",
        "rezagadas de la institución",
        "rezagadas del SAT",
        "de todas las unidades",
        "avance acumulado a agosto",
        "acumulado",
        "el mes pasado",
        "T-2",
        "trimestre 5",
        "mes 13",
        "qué actividades están en ámbar o rojo",
        "en verde",
        "verdes",
        "amarillas",
    ],
)
def test_own_unit_institution_periods_and_colours_name_nothing(question: str) -> None:
    query = understanding().understand(question)
    assert query.unmatched is None
    assert query.suggestions == ()
    assert query.unit is None
    assert query.candidates == ()


def test_a_plan_whose_cut_off_is_january_has_no_month_before_it() -> None:
    seed = seed_catalog()
    query = Understanding(Catalog(seed.units, seed.activities, 1)).understand("el mes pasado")
    assert query.period is None
    assert query.unmatched is None


def test_words_beside_a_known_name_are_not_unmatched() -> None:
    query = understanding().understand("como va finanzas y marketing")
    assert query.unit == FIN
    assert query.unmatched is None


def test_the_same_question_twice_reads_the_same() -> None:
    first = understanding().understand("rezagdas de cobranza al II trimestre")
    assert understanding().understand("rezagdas de cobranza al II trimestre") == first


def _with_aliases(aliases: dict[str, Candidate]) -> Understanding:
    seed = seed_catalog()
    return Understanding(Catalog(seed.units, seed.activities, seed.cutoff_month, aliases))


def test_admin_aliases_name_units_and_activities() -> None:
    understanding = _with_aliases(
        {
            "logistica": Candidate(ADM),
            "agua de la jefatura": Candidate(JEF, GASTOS),
            "ti": Candidate(GCIP),
            "fantasma": Candidate("UNIDAD QUE YA NO EXISTE"),
        }
    )
    assert understanding.understand("¿cómo va logística?").unit == ADM
    assert understanding.understand("rezagadas de logistica").intent is Intent.LAGGING
    query = understanding.understand("agua de la jefatura en agosto")
    assert query.activity == ActivityRef(JEF, GASTOS)
    assert query.period == Period.month(8)
    assert understanding.understand("avance de TI").unit == GCIP
    assert understanding.understand("fantasma").unit is None


def test_short_names_come_from_the_plan_s_own_unit_names() -> None:
    other = Catalog(
        units=("GERENCIA DE TECNOLOGIAS DE LA INFORMACION", "SUBGERENCIA DE LOGISTICA"),
        activities=(ActivityRef("GERENCIA DE TECNOLOGIAS DE LA INFORMACION", "SOPORTE A USUARIOS"),),
        cutoff_month=6,
    )
    understanding = Understanding(other)
    assert understanding.understand("avance de TI").unit == "GERENCIA DE TECNOLOGIAS DE LA INFORMACION"
    assert understanding.understand("logistica este trimestre").unit == "SUBGERENCIA DE LOGISTICA"
    assert understanding.understand("logistica este trimestre").period == Period.quarter(2)
    assert understanding.understand("rrhh").unit is None
    assert understanding.understand("soporte a usuarios").intent is Intent.ACTIVITY


def test_an_empty_plan_still_answers() -> None:
    understanding = Understanding(Catalog(units=(), activities=(), cutoff_month=9))
    assert understanding.understand("¿cómo va finanzas?").intent is Intent.UNIT_PROGRESS
    assert understanding.understand("resumen").intent is Intent.SUMMARY
    assert understanding.understand("ayuda").intent is Intent.HELP


@pytest.mark.parametrize("question", ["rrhh", "RRHH", "rr.hh.", "Recursos Humanos", "grh", "humanos"])
def test_every_name_of_one_unit(question: str) -> None:
    assert understanding().understand(question).unit == RRHH


@pytest.mark.parametrize("question", ["ti", "TI", "tic", "informatica", "INFORMÁTICA", "informatca"])
def test_every_name_of_informatica(question: str) -> None:
    assert understanding().understand(question).unit == INF
