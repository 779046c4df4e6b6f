"""The scale benchmark's generated plan imports as the template, and its floor writes the same rows."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text

from benchmarks.bench_scale import questions
from benchmarks.scale_plan import LAGGING_SQL, SUMMARY_SQL, csv_bytes, floor_import, floor_sql, rows
from bot.domain.periods import Period
from bot.domain.status import Bands
from bot.render.answer_json import answer_json
from bot.render.answer_text import render_text
from bot.services.questions import PoiService
from storage.db import create_tables, make_engine
from storage.importers import import_bytes


def test_a_generated_plan_imports_whole_and_answers_every_kind_of_question() -> None:
    plan = rows(60)
    assert len(plan) == 60
    assert len({r.unit for r in plan}) == 3
    engine = make_engine("sqlite://")
    create_tables(engine)
    report = import_bytes(engine, csv_bytes(plan), "plan.csv", entity="SAT")
    assert (report.activities, report.plan.cutoff_month) == (60, 9)
    service = PoiService(engine)
    asked = questions(plan)
    assert service.ask(asked["unit"][0]).unit == plan[0].unit
    assert service.ask(asked["summary"][0]).kind.name == "SUMMARY"


def test_the_floor_writes_the_same_rows_and_its_aggregates_read_them() -> None:
    plan = rows(40)
    engine = make_engine("sqlite://")
    create_tables(engine)
    floor_import(engine, plan)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM activity")).scalar_one() == 40
        assert connection.execute(text("SELECT COUNT(*) FROM monthfigure")).scalar_one() == 480
    assert floor_sql(engine, SUMMARY_SQL, 1) == 2
    assert floor_sql(engine, LAGGING_SQL, 1) <= 30


def test_json_pages_long_lists_and_the_text_says_how_many_more() -> None:
    plan = rows(2400)  # 120 units
    engine = make_engine("sqlite://")
    create_tables(engine)
    import_bytes(engine, csv_bytes(plan), "plan.csv", entity="SAT")
    service = PoiService(engine)
    summary = answer_json(service.ask("resumen"))
    assert (len(summary["rows"]), summary["total"]) == (100, 2400)
    assert (len(summary["units"]), summary["units_total"]) == (100, 120)
    assert summary["rows"][0]["unit"] == plan[0].unit
    lagging = answer_json(service.ask("actividades rezagadas"))
    assert len(lagging["rows"]) == 100
    assert lagging["total"] > 100
    assert f"\n… y {lagging['total'] - 15} más\n" in lagging["text"]  # 15 listed


def test_questions_from_many_threads_share_one_load_and_agree() -> None:
    engine = make_engine("sqlite://")
    create_tables(engine)
    import_bytes(engine, csv_bytes(rows(400)), "plan.csv", entity="SAT")
    service = PoiService(engine)
    asked = ["resumen", "actividades rezagadas", "resumen del I trimestre", "rezagadas en mayo"] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda text: render_text(service.ask(text)), asked))
    alone = [render_text(PoiService(engine).ask(text)) for text in asked]
    assert replies == alone


def test_the_common_periods_are_each_month_quarter_and_cumulative_to_the_cutoff_and_the_year() -> None:
    engine = make_engine("sqlite://")
    create_tables(engine)
    import_bytes(engine, csv_bytes(rows(40)), "plan.csv", entity="SAT")
    snapshot = PoiService(engine).snapshot()
    periods = set(snapshot.common_periods())
    assert len(periods) == 9 + 3 + 9 + 1
    assert {p.kind.value for p in periods} == {"month", "quarter", "cumulative", "year"}


def test_settle_waits_for_the_common_periods_computed_after_a_load() -> None:
    engine = make_engine("sqlite://")
    create_tables(engine)
    import_bytes(engine, csv_bytes(rows(200)), "plan.csv", entity="SAT")
    service = PoiService(engine)
    assert service.settle(0)  # nothing loaded, nothing running
    before = render_text(service.ask("resumen de marzo"))
    assert service.settle(30)
    assert render_text(service.ask("resumen de marzo")) == before


def test_an_activity_asked_with_its_unit_is_that_activity_though_both_names_hold_y_or_commas() -> None:
    plan = rows(2000)
    engine = make_engine("sqlite://")
    create_tables(engine)
    import_bytes(engine, csv_bytes(plan), "plan.csv", entity="SAT")
    service = PoiService(engine)
    asked = questions(plan)["activity_lookup"]  # «¿cómo va registrar y derivar documentación de …?»
    with_separators = [q for q in asked if " y " in q or "," in q]
    assert len(with_separators) >= 5
    for question in asked:
        answer = service.ask(question)
        assert answer.kind.name == "ACTIVITY", question
        assert answer.activity is not None
        assert answer.activity.activity.lower() in question
        assert answer.activity.unit.lower() in question


def test_periods_asked_rarely_make_room_before_the_common_ones() -> None:
    engine = make_engine("sqlite://")
    create_tables(engine)
    import_bytes(engine, csv_bytes(rows(60)), "plan.csv", entity="SAT")
    service = PoiService(engine)
    snapshot = service.snapshot()
    snapshot.warm(service.bands)
    default = snapshot.period_figures(Period.cumulative(9), service.bands)
    rare = [Period.month(m) for m in (10, 11, 12)] + [Period.quarter(4)]
    for green in (96.0, 97.0, 98.0, 99.0, 99.5):  # other bands: 20 more periods kept than room for
        for period in rare:
            snapshot.period_figures(period, Bands(green=green, amber=70.0))
    assert snapshot.period_figures(Period.cumulative(9), service.bands) is default
    assert len(snapshot.common_periods()) == len(set(snapshot.common_periods()))


def test_a_ranking_is_of_the_units_asked_for() -> None:
    engine = make_engine("sqlite://")
    create_tables(engine)
    import_bytes(engine, csv_bytes(rows(60)), "plan.csv", entity="SAT")
    service = PoiService(engine)
    snapshot = service.snapshot()
    figures = snapshot.period_figures(Period.cumulative(9), service.bands)
    assert {row.unit for row in figures.ranking(snapshot.units)} == set(snapshot.units)
    two = snapshot.units[:2]
    assert {row.unit for row in figures.ranking(two)} == set(two)
