"""Answers on the bundled sample: DOMAIN.md's worked examples, as a person reads them."""

from __future__ import annotations

import pytest

from bot.domain.answers import AnswerKind, answer
from bot.domain.figures import Bands, Status
from bot.domain.periods import Period
from bot.domain.query import ActivityRef, Candidate, Intent, Query
from bot.domain.snapshot import PlanSnapshot
from bot.render.answer_json import answer_json
from bot.render.answer_text import render_html, render_text
from bot.render.textsplit import telegram_length

RRHH = "GERENCIA DE RECURSOS HUMANOS"
WORST = "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL"
INCONSISTENT = "ORIENTAR Y ATENDER PRESENCIALMENTE LAS CONSULTAS DE LOS CIUDADANOS"
BANDS = Bands()


def ask(snapshot: PlanSnapshot, query: Query, **kwargs: str) -> str:
    return render_text(answer(query, snapshot, bands=BANDS, **kwargs))


def test_rrhh_to_the_cutoff_is_84_2_percent(seed_snapshot: PlanSnapshot) -> None:
    reply = answer(Query(Intent.UNIT_PROGRESS, unit=RRHH), seed_snapshot, bands=BANDS)
    assert reply.summary is not None
    assert (reply.summary.verde, reply.summary.ambar, reply.summary.rojo) == (6, 1, 1)
    text = render_text(reply)
    assert text.splitlines()[0] == f"🟡 {RRHH}"
    assert "Avance al III trimestre (ene–sep): 84.2 % (ámbar)" in text
    assert "8 actividades: 🟢 6 verde · 🟡 1 ámbar · 🔴 1 rojo" in text
    assert f"🔴 {WORST} — 0 de 6 DOCUMENTOS (0.0 %)" in text


def test_nine_lagging_activities_worst_first(seed_snapshot: PlanSnapshot) -> None:
    reply = answer(Query(Intent.LAGGING), seed_snapshot, bands=BANDS)
    assert len(reply.rows) == 9
    assert reply.rows[0].activity == WORST
    text = render_text(reply)
    assert text.startswith("🔴 9 actividades rezagadas en la institución al III trimestre (ene–sep)")
    assert f"1. 🔴 {WORST}\n   {RRHH} · 0 de 6 DOCUMENTOS (0.0 %) · faltan 6" in text


def test_five_lagging_in_the_first_quarter(seed_snapshot: PlanSnapshot) -> None:
    reply = answer(Query(Intent.LAGGING, period=Period.quarter(1)), seed_snapshot, bands=BANDS)
    assert len(reply.rows) == 5
    assert "5 actividades rezagadas en la institución en el I trimestre" in render_text(reply)


def test_summary_ranks_every_unit(seed_snapshot: PlanSnapshot) -> None:
    reply = answer(Query(Intent.SUMMARY), seed_snapshot, bands=BANDS)
    assert len(reply.ranking) == 24
    assert reply.ranking[-1].unit == RRHH
    text = render_text(reply)
    assert "90 actividades: 🟢 87 verde · 🟡 2 ámbar · 🔴 1 rojo" in text
    assert "9 rezagadas" in text
    assert text.rstrip().endswith("POI 2019 · datos a septiembre")


def test_activity_shows_months_quarters_and_inferred_marks(seed_snapshot: PlanSnapshot) -> None:
    unit = "GERENCIA DE SERVICIOS AL ADMINISTRADO"
    reply = answer(
        Query(Intent.ACTIVITY, activity=ActivityRef(unit, INCONSISTENT)), seed_snapshot, bands=BANDS
    )
    text = render_text(reply)
    assert "Avance al III trimestre (ene–sep): 79 de 79 ACCIONES (100.0 %) — verde" in text
    assert "Frente a la meta anual: 79 de 111 ACCIONES (71.2 %)" in text
    assert "SEP  9 / 9*" in text
    assert "II trim.  25 / 25" in text  # published quarters, not the months' 26
    assert "* dato reconstruido al importar" in text
    assert "no suman lo publicado en sus trimestres" in text


def test_period_after_the_cutoff_has_no_data(seed_snapshot: PlanSnapshot) -> None:
    text = ask(seed_snapshot, Query(Intent.UNIT_PROGRESS, unit=RRHH, period=Period.month(11)))
    assert (
        text == "Aún no hay datos de ejecución en noviembre: los datos del POI 2019 llegan hasta septiembre."
    )


def test_cumulative_past_the_cutoff_is_clamped_and_said(seed_snapshot: PlanSnapshot) -> None:
    reply = answer(
        Query(Intent.UNIT_PROGRESS, unit=RRHH, period=Period.cumulative(12)), seed_snapshot, bands=BANDS
    )
    assert reply.period == Period.cumulative(9)
    assert "Los datos llegan hasta septiembre" in render_text(reply)


def test_the_users_unit_is_the_default(seed_snapshot: PlanSnapshot) -> None:
    text = ask(seed_snapshot, Query(Intent.LAGGING), default_unit=RRHH)
    assert text.startswith(f"🔴 3 actividades rezagadas en {RRHH}")


def test_restricted_users_see_only_their_unit(seed_snapshot: PlanSnapshot) -> None:
    other = ask(seed_snapshot, Query(Intent.UNIT_PROGRESS, unit="GERENCIA DE FINANZAS"), allowed_unit=RRHH)
    assert other == f"Solo puedes consultar las cifras de tu unidad: {RRHH}."
    summary = answer(Query(Intent.SUMMARY), seed_snapshot, bands=BANDS, allowed_unit=RRHH)
    assert summary.kind is AnswerKind.UNIT
    assert summary.unit == RRHH


def test_ambiguous_names_ask_which(seed_snapshot: PlanSnapshot) -> None:
    query = Query(
        Intent.UNIT_PROGRESS,
        text="administración",
        candidates=(
            Candidate("GERENCIA DE ADMINISTRACION"),
            Candidate("GERENCIA CENTRAL DE ADMINISTRACION DE RECURSOS"),
        ),
    )
    reply = answer(query, seed_snapshot, bands=BANDS)
    assert reply.kind is AnswerKind.CLARIFY
    assert render_text(reply) == (
        "Ese nombre puede referirse a varias opciones. ¿Cuál?\n"
        "1. GERENCIA DE ADMINISTRACION\n"
        "2. GERENCIA CENTRAL DE ADMINISTRACION DE RECURSOS"
    )
    data = answer_json(reply)
    assert data["query"]["unit"] is None
    assert data["candidates"][1] == {
        "unit": "GERENCIA CENTRAL DE ADMINISTRACION DE RECURSOS",
        "activity": None,
    }


def test_json_contract(seed_snapshot: PlanSnapshot) -> None:
    data = answer_json(answer(Query(Intent.UNIT_PROGRESS, unit=RRHH), seed_snapshot, bands=BANDS))
    assert data["query"] == {
        "intent": "unit_progress",
        "unit": RRHH,
        "activity": None,
        "period": {"kind": "cumulative", "value": 9},
    }
    assert data["summary"] == {"percent": 84.2, "verde": 6, "ambar": 1, "rojo": 1}
    assert len(data["rows"]) == 8
    worst = next(row for row in data["rows"] if row["activity"] == WORST)
    assert worst == {
        "unit": RRHH,
        "activity": WORST,
        "measure": "DOCUMENTOS",
        "annual_target": worst["annual_target"],
        "programmed": 6,
        "executed": 0,
        "percent": 0.0,
        "status": Status.ROJO.value,
        "inferred": worst["inferred"],
    }
    assert data["text"].startswith(f"🟡 {RRHH}")


def test_html_escapes_data(seed_snapshot: PlanSnapshot) -> None:
    query = Query(Intent.UNKNOWN, text="<b>x</b> & y", unmatched="<b>x</b> & y", suggestions=("A <B>",))
    html = render_html(answer(query, seed_snapshot, bands=BANDS))
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in html
    assert "A &lt;B&gt;" in html


@pytest.mark.parametrize("intent", list(Intent))
def test_every_reply_fits_telegram(seed_snapshot: PlanSnapshot, intent: Intent) -> None:
    for period in (None, Period.month(1), Period.quarter(3), Period.year()):
        text = render_html(answer(Query(intent, text="x" * 5000, period=period), seed_snapshot, bands=BANDS))
        assert 1 <= telegram_length(text) <= 4096


def test_a_name_that_fits_nothing_is_said_not_replaced_by_the_summary(seed_snapshot: PlanSnapshot) -> None:
    query = Query(Intent.UNIT_PROGRESS, text="¿cómo va marketing?", unmatched="marketing")
    reply = answer(query, seed_snapshot, bands=BANDS)
    assert reply.kind is AnswerKind.UNKNOWN
    assert render_text(reply).startswith("No encontré «marketing» en el POI.")


def test_a_restricted_asker_naming_only_other_units_is_refused(seed_snapshot: PlanSnapshot) -> None:
    query = Query(
        Intent.UNIT_PROGRESS,
        candidates=(
            Candidate("GERENCIA DE ADMINISTRACION"),
            Candidate("GERENCIA CENTRAL DE ADMINISTRACION DE RECURSOS"),
        ),
    )
    assert (
        ask(seed_snapshot, query, allowed_unit=RRHH)
        == f"Solo puedes consultar las cifras de tu unidad: {RRHH}."
    )


def test_institution_words_override_the_askers_unit(seed_snapshot: PlanSnapshot) -> None:
    reply = answer(Query(Intent.LAGGING, institution=True), seed_snapshot, bands=BANDS, default_unit=RRHH)
    assert len(reply.rows) == 9
    restricted = answer(
        Query(Intent.LAGGING, institution=True), seed_snapshot, bands=BANDS, allowed_unit=RRHH
    )
    assert {row.unit for row in restricted.rows} == {RRHH}


def test_colour_filters_list_only_those_bands(seed_snapshot: PlanSnapshot) -> None:
    query = Query(Intent.LAGGING, statuses=frozenset({Status.AMBAR, Status.ROJO}))
    reply = answer(query, seed_snapshot, bands=BANDS)
    assert [row.status for row in reply.rows] == [Status.ROJO, Status.AMBAR, Status.AMBAR]
    text = render_text(reply)
    assert text.startswith("3 actividades en ámbar o rojo en la institución al III trimestre (ene–sep)")
    assert f"1. 🔴 {WORST}" in text


def test_the_year_is_not_banded_while_it_runs(seed_snapshot: PlanSnapshot) -> None:
    text = ask(seed_snapshot, Query(Intent.UNIT_PROGRESS, unit=RRHH, period=Period.year()))
    assert text.startswith(f"📅 {RRHH}\nAvance del año frente a la meta anual:")
    assert "rojo" not in text
    assert "rezagadas" not in ask(seed_snapshot, Query(Intent.SUMMARY, period=Period.year()))


def test_an_open_quarter_compares_only_the_months_with_data() -> None:
    from bot.domain.figures import ActivitySeries, activity_figure

    one = (1.0,) * 8 + (None,) * 4
    item = ActivitySeries("U", "A", "ACCIONES", 12, (1.0,) * 12, one)
    figure = activity_figure(item, Period.quarter(3), BANDS, until=8)
    assert (figure.programmed, figure.executed, figure.status) == (2, 2, Status.VERDE)
    unreported = ActivitySeries("U", "A", "ACCIONES", 12, (1.0,) * 12, (1.0,) * 8 + (None,) * 4)
    assert activity_figure(unreported, Period.cumulative(9), BANDS).programmed == 8  # SEP not reported yet


def test_the_unit_of_measure_is_escaped_in_html(seed_snapshot: PlanSnapshot) -> None:
    from dataclasses import replace as swap

    reply = answer(Query(Intent.UNIT_PROGRESS, unit=RRHH), seed_snapshot, bands=BANDS)
    odd = swap(reply, rows=tuple(swap(row, measure="INFORMES <TRIM> & M2") for row in reply.rows))
    assert "INFORMES &lt;TRIM&gt; &amp; M2" in render_html(odd)


def test_no_activity_in_the_asked_bands_is_said_plainly(seed_snapshot: PlanSnapshot) -> None:
    query = Query(Intent.LAGGING, unit="GERENCIA DE FINANZAS", statuses=frozenset({Status.ROJO}))
    text = ask(seed_snapshot, query)
    assert text.startswith("🟢 Ninguna actividad en rojo en GERENCIA DE FINANZAS al III trimestre (ene–sep).")
