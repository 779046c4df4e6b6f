"""Units told apart by their numbers: "UGEL 03", "RED DE SALUD 2", "... SEDE SUR 46".

A number that is part of a unit's name names it when said beside another word of that name, and
"03" is "3"; the numbers that mean other things (how many to rank, a quarter, a year) keep meaning them.
"""

from __future__ import annotations

import pytest

from benchmarks.scale_plan import Row, csv_bytes, rows
from bot.domain.text import stem
from bot.render.answer_text import render_text
from bot.services.questions import PoiService
from storage.db import create_tables, make_engine
from storage.importers import import_bytes

UNITS = (
    "UGEL 01 SAN JUAN DE MIRAFLORES",
    "UGEL 02 RIMAC",
    "UGEL 03",
    "UGEL 04 COMAS",
    "UGEL 05 SAN JUAN DE LURIGANCHO",
    "UGEL 06 ATE",
    "UGEL 07",
    "RED DE SALUD 2",
    "OFICINA DE PLANEAMIENTO",
)
ACTIVITIES = ("MONITOREO DE INSTITUCIONES EDUCATIVAS", "CAPACITACION DOCENTE", "SUPERVISION DE MATRICULA")


def _service(plan: list[Row], entity: str) -> PoiService:
    engine = make_engine("sqlite://")
    create_tables(engine)
    import_bytes(engine, csv_bytes(plan), "plan.csv", entity=entity)
    return PoiService(engine)


@pytest.fixture(scope="module")
def regional() -> PoiService:
    """A regional government's plan: seven UGELs, a health network, one office; 10 a month programmed."""
    plan = []
    for u, unit in enumerate(UNITS):
        for a, activity in enumerate(ACTIVITIES):
            executed = 10.0 - ((u * 3 + a) % 7) * 1.5
            monthly = (executed,) * 9 + (None,) * 3
            plan.append(Row(unit, "ACCIONES CENTRALES", activity, "INFORME", (10.0,) * 12, monthly))
    return _service(plan, "DRELM")


def test_a_number_stems_without_its_leading_zeros() -> None:
    assert [stem(word) for word in ("03", "3", "046", "2019", "0", "00")] == [
        "3",
        "3",
        "46",
        "2019",
        "0",
        "0",
    ]


def _reply(service: PoiService, question: str) -> str:
    return render_text(service.ask(question))


def test_a_unit_named_by_its_number_with_or_without_the_leading_zero(regional: PoiService) -> None:
    reply = _reply(regional, "¿cómo va la ugel 03?")
    assert reply.startswith("🔴 UGEL 03\nAvance al III trimestre (ene–sep): 65.0 % (rojo)")
    reply = _reply(regional, "avance de la UGEL 01")
    assert reply.startswith("🟡 UGEL 01 SAN JUAN DE MIRAFLORES\nAvance al III trimestre (ene–sep): 85.0 %")
    assert _reply(regional, "red de salud 2").startswith("🟡 RED DE SALUD 2\n")
    assert "¿Cuál?" not in _reply(regional, "ugel 4")


def test_lagging_of_a_numbered_unit(regional: PoiService) -> None:
    reply = _reply(regional, "rezagadas de ugel 7")
    assert "UGEL 07" in reply
    assert "UGEL 01" not in reply
    assert "¿Cuál?" not in reply
    assert "MONITOREO DE INSTITUCIONES EDUCATIVAS" in reply


def test_two_numbered_units_compared(regional: PoiService) -> None:
    reply = _reply(regional, "compara ugel 1 y ugel 3")
    assert reply.startswith("⚖️ Comparación al III trimestre (ene–sep)\n")
    assert "1. 🟡 85.0 %  UGEL 01 SAN JUAN DE MIRAFLORES\n" in reply
    assert "2. 🔴 65.0 %  UGEL 03\n" in reply


def test_a_count_before_the_name_ranks_instead_of_naming_a_unit(regional: PoiService) -> None:
    reply = _reply(regional, "top 3 ugel")
    assert reply.startswith("📈 Las 3 unidades con mayor avance al III trimestre (ene–sep)\n")
    assert "\n3. " in reply
    assert "\n4. " not in reply
    assert "De 9 unidades con algo programado." in reply
    reply = _reply(regional, "la peor actividad de la ugel 3")
    assert reply.startswith("📉 La actividad con menor avance en UGEL 03 al III trimestre")


def test_numbers_that_are_periods_stay_periods(regional: PoiService) -> None:
    assert regional.ask("¿cómo va la ugel 03 al II trimestre?").unit == "UGEL 03"
    assert "al II trimestre" in _reply(regional, "¿cómo va la ugel 03 al II trimestre?")
    assert "II trimestre" in _reply(regional, "ugel 7 en el T2")


def test_a_generated_unit_named_by_its_region_and_number() -> None:
    plan = rows(1000)  # 50 units: "... SEDE SUR 46" among many "SEDE SUR" ones
    unit = next(r.unit for r in plan if r.unit.endswith(" SEDE SUR 46"))
    service = _service(plan, "SAT")
    answer = service.ask("avance de sede sur 46")
    assert (answer.kind.name, answer.unit) == ("UNIT", unit)
    assert render_text(answer).split("\n")[:2] == [
        f"🟢 {unit}",
        "Avance al III trimestre (ene–sep): 99.7 % (verde)",
    ]
    assert service.ask("¿cómo va la sede sur 046?").unit == unit
