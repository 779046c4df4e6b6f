"""The upload service on SQLite and PostgreSQL: the size check, the report of a good file, the reason
for a bad one (the store unchanged), and answers from the new plan at once (the service invalidates
the question cache itself)."""

from __future__ import annotations

from bot.services.questions import PoiService
from bot.services.uploads import (
    UPLOAD_MAX_BYTES,
    UploadResult,
    caption_year,
    empty_template,
    import_upload,
    too_big_text,
)
from storage.importers.template import TEMPLATE_COLUMNS
from tests import import_helpers as sources
from tests.import_helpers import SEED, SEED_NAME, dump
from tests.service_fixtures import ADMIN_ID

LIMIT = 4096


def _october(poi: PoiService) -> bytes:
    """The sample as a template, one month later: October programmed 1 and executed 1 everywhere."""
    rows = sources.template_rows(poi.snapshot().series, 2019)
    for row in rows[1:]:
        row[TEMPLATE_COLUMNS.index("PROG 10")] = 1
        row[TEMPLATE_COLUMNS.index("EJEC 10")] = 1
    return sources.csv_bytes(rows)


def _upload(poi: PoiService, data: bytes, name: str, caption: str | None = None) -> UploadResult:
    return import_upload(poi, data, name, caption=caption, entity="SAT", max_chars=LIMIT, by=ADMIN_ID)


def test_a_new_plan_is_answered_from_at_once(poi: PoiService) -> None:
    before = poi.snapshot()
    assert before.cutoff_month == 9
    result = _upload(poi, _october(poi), "poi-octubre.csv", caption="/cargar")
    lines = result.text.splitlines()
    assert lines[:2] == [
        "✅ Datos cargados: las respuestas ya usan este plan.",
        "Se importó «poi-octubre.csv» (plantilla de poi-bot en CSV).",
    ]
    assert "24 unidades orgánicas y 90 actividades" in result.text
    assert len(result.text) <= LIMIT
    after = poi.snapshot()  # within the cache's freshness window
    assert (after.plan_id, after.cutoff_month) != (before.plan_id, 9)
    assert (result.previous_plan_id, result.new_plan_id) == (before.plan_id, after.plan_id)


def test_the_same_file_again_changes_nothing(poi: PoiService) -> None:
    store_before = dump(poi.engine)
    result = _upload(poi, SEED, SEED_NAME)
    assert result.text.startswith(
        "ℹ️ Ese archivo ya estaba cargado.\n«poi-2019-iii-trimestre.txt» ya estaba importado"
    )
    assert (result.previous_plan_id, result.new_plan_id) == (None, None)  # nothing to announce
    assert dump(poi.engine) == store_before


def test_a_bad_file_is_refused_with_its_reason_and_the_store_unchanged(poi: PoiService) -> None:
    lines = sources.seed_lines()
    fields = lines[9].split("\t")
    fields[17] = "-3"
    lines[9] = "\t".join(fields)
    store_before = dump(poi.engine)
    result = _upload(poi, sources.join_lines(lines), "poi-corregido.txt")
    assert result == UploadResult(
        "❌ No se importó «poi-corregido.txt».\n"
        "Línea 10, columna 18 (EJECUTADO ABR): la cifra -3 es negativa; las cantidades físicas no lo son.\n"
        "Los datos quedaron como estaban."
    )
    assert dump(poi.engine) == store_before


def test_the_year_comes_from_the_caption(empty_poi: PoiService) -> None:
    executed: list[float | None] = [2, 2, 1, *[None] * 9]
    row = sources.ceplan_row("GERENCIA DE FINANZAS", "PAGAR", [2.0] * 12, executed, cumulative=False)
    data = sources.xlsx_bytes([sources.ceplan_header(), row])
    refused = _upload(empty_poi, data, "export.xlsx", caption="hola")
    assert refused.text.startswith("❌ No se importó «export.xlsx».\nLa exportación de CEPLAN no dice el año")
    assert "(en el comentario del documento, por ejemplo «/cargar 2024»)" in refused.text
    loaded = _upload(empty_poi, data, "export.xlsx", caption="/cargar 2023")
    assert loaded.text.startswith("✅ Datos cargados: las respuestas ya usan este plan.")
    assert loaded.previous_plan_id is None
    assert loaded.new_plan_id == empty_poi.snapshot().plan_id
    assert empty_poi.snapshot().year == 2023


def test_size_caption_and_template() -> None:
    assert too_big_text("a.csv", None) is None
    assert too_big_text("a.csv", UPLOAD_MAX_BYTES) is None
    assert too_big_text("enorme.csv", UPLOAD_MAX_BYTES + 1) == (
        "❌ No se importó «enorme.csv»: pesa 20.0 MiB y el máximo es 20 MiB. Los datos quedaron como estaban."
    )
    assert [caption_year(text) for text in ("/cargar 2024", "año 1999.", "/cargar", None, "12024")] == [
        2024,
        1999,
        None,
        None,
        None,
    ]
    template = empty_template()
    assert template.filename.endswith(".xlsx")
    assert template.data.startswith(b"PK")  # a zip: the workbook
