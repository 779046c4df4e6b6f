"""The inline lookup and the drill-down views on the bundled sample, as plain functions: what a typed
text offers first, and how a quarter the data cut-off falls in is shown."""

from __future__ import annotations

import pytest

from bot.domain.answers import AnswerKind, answer
from bot.domain.figures import Bands
from bot.domain.periods import Period
from bot.domain.query import ActivityRef, Intent, Query
from bot.domain.snapshot import PlanSnapshot
from bot.render.drilldown import activity_quarters_html, listed, quarter_lines, unit_activities_html
from bot.services.file_replies import slug
from bot.understanding.search import lookup

RRHH = "GERENCIA DE RECURSOS HUMANOS"
WORST = "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL"
INCORPORATION = "GESTIONAR LA INCORPORACIÓN DE LOS SERVIDORES"
COBRANZA = "GERENCIA DE GESTION DE COBRANZA"
BANDS = Bands()


def first(snapshot: PlanSnapshot, text: str) -> str:
    """ "unit" or "unit | activity" of the best target."""
    target = lookup(snapshot, text).targets[0]
    if target.activity is not None:
        return f"{target.unit} | {target.activity.activity}"
    return target.unit or "institución"


@pytest.mark.parametrize(
    ("typed", "best"),
    [
        ("finanzas", "GERENCIA DE FINANZAS"),
        ("finan", "GERENCIA DE FINANZAS"),  # half typed
        ("FINANSAS", "GERENCIA DE FINANZAS"),  # typo
        ("rrhh", RRHH),
        ("oci", "ORGANO DE CONTROL INSTITUCIONAL"),
        ("ti", "GERENCIA DE INFORMATICA"),
        ("avance de la escuela", "ESCUELA SAT"),
        ("transito servicio civil", f"{RRHH} | {WORST}"),
        ("capacitacion rrhh", f"{RRHH} | GESTIONAR EL DESARROLLO Y LA CAPACITACIÓN DE LOS SERVIDORES"),
        (
            "cobranza pre coactiva tributaria",
            "GERENCIA DE GESTION DE COBRANZA | GESTIONAR COBRANZA PRE COACTIVA TRIBUTARIA",
        ),
        ("", "institución"),
    ],
)
def test_the_best_fit_comes_first(seed_snapshot: PlanSnapshot, typed: str, best: str) -> None:
    assert first(seed_snapshot, typed) == best


def test_a_lookup_offers_at_most_ten_and_reads_the_period(seed_snapshot: PlanSnapshot) -> None:
    found = lookup(seed_snapshot, "gestionar al II trimestre")
    assert len(found.targets) == 10
    assert found.period == Period.cumulative(6)
    assert lookup(seed_snapshot, "qwerty zzzz").targets == ()
    assert lookup(seed_snapshot, "finanzas qwerty").targets[0].unit == "GERENCIA DE FINANZAS"


def test_a_restricted_lookup_keeps_to_the_unit(seed_snapshot: PlanSnapshot) -> None:
    assert lookup(seed_snapshot, "finanzas", allowed_unit=RRHH).targets == ()
    everything = lookup(seed_snapshot, "", allowed_unit=RRHH).targets
    assert [t.unit for t in everything] == [RRHH] * 9
    assert everything[0].activity is None


def test_an_empty_lookup_puts_your_unit_first(seed_snapshot: PlanSnapshot) -> None:
    targets = lookup(seed_snapshot, "", own_unit=RRHH).targets
    assert [t.unit for t in targets[:2]] == [RRHH, None]


def test_the_activity_list_is_worst_first_and_numbered_like_its_buttons(seed_snapshot: PlanSnapshot) -> None:
    reply = answer(Query(Intent.UNIT_PROGRESS, unit=RRHH), seed_snapshot, bands=BANDS)
    rows = listed(reply)
    assert [row.activity for row in rows[:2]] == [WORST, "GESTIONAR EL RENDIMIENTO DE LOS SERVIDORES"]
    text = unit_activities_html(reply)
    assert f"1. 🔴 {WORST}\n    0 de 6 DOCUMENTOS (0.0 %)" in text
    assert len(text) <= 4096


def test_a_quarter_the_cutoff_falls_in_is_compared_on_its_months_so_far(seed_snapshot: PlanSnapshot) -> None:
    series = next(s for s in seed_snapshot.series_of(RRHH) if s.activity == INCORPORATION)
    lines = quarter_lines(series, 8, BANDS)  # as if the data ended in August
    assert [line.label for line in lines] == ["I trim.", "II trim.", "III trim. (jul–ago)", "IV trim."]
    third = lines[2].figure
    assert third is not None
    assert (third.programmed, third.executed) == (20.0, 20.0)  # JUL + AGO, not the quarter's published 30
    assert lines[3].figure is None

    reply = answer(Query(Intent.ACTIVITY, activity=ActivityRef(RRHH, WORST)), seed_snapshot, bands=BANDS)
    assert reply.kind is AnswerKind.ACTIVITY
    assert "🔴 III trim.: 0 de 2 DOCUMENTOS (0.0 %)" in activity_quarters_html(reply, BANDS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("GERENCIA DE FINANZAS", "gerencia-de-finanzas"),
        ("OFICINA DE PLANIFICACIÓN Y ESTUDIOS ECONÓMICOS", "oficina-de-planificacion-y-estudios-economicos"),
        ("I+D & <PRUEBAS> / 2019", "i-d-pruebas-2019"),
        ("¿?", "poi"),
    ],
)
def test_file_names_are_plain_slugs(name: str, expected: str) -> None:
    assert slug(name) == expected
