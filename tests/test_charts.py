"""Charts: real PNGs of the promised size, safe text, the figures they plot, and no quantities added."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Literal

import pytest
from PIL import Image

from bot.domain.figures import ActivityFigure, ActivitySeries, Bands, Status, activity_figure
from bot.domain.periods import Period
from bot.render.charts import activities_chart, activities_chart_pages, series_chart
from bot.render.charts.data import series_points
from bot.render.charts.style import STATUS_COLORS
from bot.render.charts.text import fit, fit_lines, plain, unit_acronym, width_px

ROOT = Path(__file__).resolve().parent.parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BANDS = Bands()
Months = tuple[float | None, ...]
NOTHING: Months = (None,) * 12


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height read from the IHDR chunk, after checking the PNG signature."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def colours(data: bytes) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(data)).convert("RGB")
    return {(c[0], c[1], c[2]) for _, c in image.getcolors(maxcolors=1 << 22) or [] if isinstance(c, tuple)}


def rgb(value: str) -> tuple[int, int, int]:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def months(*values: float | None) -> Months:
    return (*values, *NOTHING[len(values) :])


PROGRAMMED = months(6, 6, 6, 6, 7, 6, 7, 6, 6)  # GESTIONAR LAS COMPENSACIONES, seed, ENE..SEP
EXECUTED = months(6, 6, 6, 7, 6, 6, 7, 6, 6)


def make_series(
    activity: str = "GESTIONAR LAS COMPENSACIONES DE LOS SERVIDORES",
    *,
    unit: str = "GERENCIA DE RECURSOS HUMANOS",
    measure: str = "ACCIONES",
    programmed: Months = PROGRAMMED,
    executed: Months = EXECUTED,
    executed_inferred: tuple[bool, ...] = (False,) * 12,
    quarter_executed: Months = (None, None, None, None),
) -> ActivitySeries:
    return ActivitySeries(
        unit=unit,
        activity=activity,
        measure=measure,
        annual_target=76,
        programmed=programmed,
        executed=executed,
        quarter_executed=quarter_executed,
        executed_inferred=executed_inferred,
    )


def make_figure(
    activity: str, programmed: float, executed: float, *, unit: str = "OFICINA DE TI", inferred: bool = False
) -> ActivityFigure:
    one = make_series(activity, unit=unit, programmed=months(programmed), executed=months(executed))
    return replace(activity_figure(one, Period.month(1), BANDS), inferred=inferred)


# --- the bytes are a PNG of the promised size -------------------------------------------------


@pytest.mark.parametrize("by", ["month", "quarter"])
def test_series_chart_of_one_activity_is_a_phone_sized_png(by: Literal["month", "quarter"]) -> None:
    data = series_chart("GESTIONAR LAS COMPENSACIONES", [make_series()], by=by, up_to_month=9)
    assert png_size(data) == (1000, 600)


@pytest.mark.parametrize("by", ["month", "quarter"])
def test_series_chart_of_a_unit_is_a_phone_sized_png(by: Literal["month", "quarter"]) -> None:
    unit = [make_series(), make_series("EMITIR INFORMES", measure="INFORMES", programmed=months(0, 0, 2))]
    data = series_chart("GERENCIA DE RECURSOS HUMANOS", unit, by=by, up_to_month=8)
    assert png_size(data) == (1000, 600)


def test_empty_inputs_still_give_a_chart() -> None:
    assert png_size(series_chart("Nada", [], by="month", up_to_month=9)) == (1000, 600)
    assert png_size(activities_chart("Nada", [], bands=BANDS)) == (1000, 600)
    assert [png_size(page) for page in activities_chart_pages("Nada", [], bands=BANDS)] == [(1000, 600)]


def test_before_any_execution_the_chart_shows_the_plan_only() -> None:
    points = series_points([make_series()], by="month", up_to_month=0)
    assert all(p.future and p.executed is None and p.percent is None for p in points)
    assert png_size(series_chart("Enero", [make_series()], by="month", up_to_month=0)) == (1000, 600)


@pytest.mark.parametrize(("by", "up_to_month"), [("week", 9), ("month", 13), ("quarter", -1)])
def test_bad_arguments_are_refused(by: str, up_to_month: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        series_chart("x", [make_series()], by=by, up_to_month=up_to_month)  # type: ignore[arg-type]


def test_a_single_activity_gets_one_bar_in_its_band_colour() -> None:
    data = activities_chart("OFICINA DE TI", [make_figure("EMITIR INFORMES", 8, 5)], bands=BANDS)
    assert png_size(data) == (1000, 600)
    assert rgb(STATUS_COLORS[Status.ROJO]) in colours(data)
    assert rgb(STATUS_COLORS[Status.VERDE]) not in colours(data)


def test_bars_are_coloured_by_band() -> None:
    figures = [make_figure("A", 10, 10), make_figure("B", 10, 8), make_figure("C", 10, 1)]
    found = colours(activities_chart("OFICINA DE TI", figures, bands=BANDS))
    assert {rgb(STATUS_COLORS[s]) for s in (Status.VERDE, Status.AMBAR, Status.ROJO)} <= found


def test_custom_bands_change_the_colours() -> None:
    # Made under the default bands the figure is verde (95 %); under stricter ones the chart shows ámbar.
    strict = Bands(green=99, amber=90)
    data = activities_chart("OFICINA DE TI", [make_figure("A", 10, 9.5)], bands=strict)
    assert rgb(STATUS_COLORS[Status.AMBAR]) in colours(data)
    assert rgb(STATUS_COLORS[Status.VERDE]) not in colours(data)


def test_ninety_activities_grow_taller_and_pages_fit_telegram() -> None:
    figures = [
        make_figure(
            f"ACTIVIDAD OPERATIVA NÚMERO {i} CON UN NOMBRE LARGO COMO LOS DEL POI",
            10,
            i % 12,
            unit=f"U{i % 24}",
        )
        for i in range(90)
    ]
    width, height = png_size(activities_chart("SAT · POI 2019", figures, bands=BANDS))
    assert width == 1000
    assert 90 * 26 < height < 10_000 - width  # Telegram: width + height at most 10,000
    pages = activities_chart_pages("SAT · POI 2019", figures, bands=BANDS)
    assert len(pages) == 3
    for page in pages:
        page_width, page_height = png_size(page)
        assert page_width == 1000
        assert page_height <= 1280  # Telegram shrinks photos to 1,280 px on their longest side


def test_pages_split_evenly_and_refuse_zero() -> None:
    figures = [make_figure(f"A{i}", 10, 10) for i in range(41)]
    assert len(activities_chart_pages("x", figures, bands=BANDS, per_page=40)) == 2
    with pytest.raises(ValueError, match="per_page"):
        activities_chart_pages("x", figures, bands=BANDS, per_page=0)


def test_names_with_html_emoji_dollars_and_controls_render_without_warnings() -> None:
    # pytest turns warnings into errors: a missing glyph or a mathtext parse would fail this test.
    name = "<b>IMPLEMENTAR</b> 🚀 $5 y $10 \x00\x07 EN EL SISTEMA\tDE GESTIÓN & <script>"
    figures = [
        make_figure(name, 10, 4, unit="GERENCIA <i>TI</i> 🎉", inferred=True),
        make_figure("EJECUTADO SIN PROGRAMAR", 0, 3),
        make_figure("SIN PROGRAMACIÓN", 0, 0),
        make_figure("SOBRE-EJECUCIÓN", 10, 45),
    ]
    assert png_size(activities_chart(f"{name} · al III trimestre", figures, bands=BANDS)) == (1000, 600)
    one = make_series(name, unit=name, measure="INFORMES 📄 $x$")
    assert png_size(series_chart(name, [one], by="month", up_to_month=9)) == (1000, 600)


# --- what is plotted ---------------------------------------------------------------------------


def test_one_activity_plots_its_quantities() -> None:
    points = series_points([make_series()], by="month", up_to_month=9)
    assert [p.label for p in points][:3] == ["ENE", "FEB", "MAR"]
    assert points[3].programmed == 6
    assert points[3].executed == 7
    assert points[3].percent == pytest.approx(116.67, abs=0.01)  # one activity: not capped
    assert points[9].future
    assert points[9].executed is None


def test_different_measures_are_never_summed() -> None:
    big = make_series("ATENDER CONSULTAS", measure="ACCIONES", programmed=months(1000), executed=months(500))
    small = make_series("EMITIR INFORMES", measure="INFORMES", programmed=months(2), executed=months(2))
    january = series_points([big, small], by="month", up_to_month=1)[0]
    # Summed quantities would say 502 of 1,002 (50.1 %); the unit figure is the mean of 50 % and 100 %.
    assert january.percent == pytest.approx(75.0)
    assert january.programmed is None
    assert january.executed is None
    assert january.counted == 2


def test_same_measure_is_not_summed_either() -> None:
    a = make_series("A", measure="INFORMES", programmed=months(100), executed=months(100))
    b = make_series("B", measure="INFORMES", programmed=months(4), executed=months(0))
    assert series_points([a, b], by="month", up_to_month=1)[0].percent == pytest.approx(50.0)


def test_unit_percent_caps_each_activity_at_100() -> None:
    over = make_series("A", programmed=months(10), executed=months(30))
    half = make_series("B", programmed=months(10), executed=months(5))
    assert series_points([over, half], by="month", up_to_month=1)[0].percent == pytest.approx(75.0)


def test_months_without_anything_programmed_have_no_percent() -> None:
    a = make_series("A", programmed=months(0, 5), executed=months(0, 5))
    b = make_series("B", programmed=months(0, 5), executed=months(0, 4))
    first, second = series_points([a, b], by="month", up_to_month=2)[:2]
    assert first.percent is None
    assert first.counted == 0
    assert second.percent == pytest.approx(90.0)


def test_published_quarters_are_authoritative() -> None:
    one = make_series(
        programmed=months(1, 1, 1, 1, 1, 1, 1, 1, 1),
        executed=months(1, 1, 1, 1, 1, 1, 1, 1, 0),
        executed_inferred=(False,) * 8 + (True,) + (False,) * 3,
        quarter_executed=(3, 3, 3, None),
    )
    points = series_points([one], by="quarter", up_to_month=9)
    assert [p.executed for p in points[:3]] == [3, 3, 3]
    assert points[2].executed_inferred
    assert not points[1].inferred
    assert points[3].future


def test_a_quarter_cut_by_the_cut_off_covers_its_months_so_far() -> None:
    points = series_points([make_series()], by="quarter", up_to_month=8)
    third = points[2]
    assert (third.label, third.detail, list(third.months)) == ("III", "jul–ago", [7, 8])
    assert third.programmed == 13
    assert third.executed == 13
    assert series_points([make_series()], by="quarter", up_to_month=7)[2].detail == "jul"


def test_inferred_months_are_marked() -> None:
    inferred = (False,) * 8 + (True,) + (False,) * 3
    points = series_points([make_series(executed_inferred=inferred)], by="month", up_to_month=9)
    assert [p.label for p in points if p.inferred] == ["SEP"]


def test_months_the_source_says_nothing_about_are_none_not_zero() -> None:
    gap = make_series(executed=months(6, None, 6))
    assert series_points([gap], by="month", up_to_month=3)[1].executed is None


# --- text fitting --------------------------------------------------------------------------------


def test_plain_drops_emoji_and_controls_but_keeps_spanish() -> None:
    assert plain("  GESTIÓN\tÁMBAR 🚀 ¿Ñ?\x00 ") == "GESTIÓN ÁMBAR ¿Ñ?"


@pytest.mark.parametrize("size", [10, 12, 16])
def test_fit_respects_the_pixel_width(size: int) -> None:
    name = "DIRIGIR LAS ACTIVIDADES DE CAPACITACIÓN, ASESORÍAS, GESTIÓN DEL CONOCIMIENTO Y COOPERACIÓN"
    short = fit(name, 300, size)
    assert width_px(short, size) <= 300
    assert short.endswith("…")
    assert fit("CORTO", 300, size) == "CORTO"
    lines = fit_lines(name, 300, size)
    assert len(lines) == 2
    assert all(width_px(line, size) <= 300 for line in lines)


def test_fit_cuts_inside_a_long_word_rather_than_dropping_it() -> None:
    presencial = fit("GSA · ORIENTAR Y ATENDER PRESENCIALMENTE LAS CONSULTAS DE LOS CIUDADANOS", 330, 11)
    telefonica = fit("GSA · ORIENTAR Y ATENDER TELEFÓNICAMENTE LAS CONSULTAS DE LOS CIUDADANOS", 330, 11)
    assert presencial != telefonica
    assert fit("ABCDEFGHIJKLMNOP", 60, 12).endswith("…")
    assert fit("ABCDEFGHIJKLMNOP", 60, 12) != "…"


def test_unit_acronyms() -> None:
    assert unit_acronym("GERENCIA DE RECURSOS HUMANOS") == "GRH"
    assert unit_acronym("ORGANO DE CONTROL INSTITUCIONAL") == "OCI"
    assert unit_acronym("INSTITUCIONAL") == "INSTITUCIONAL"


# --- headless, thread-safe, deterministic ------------------------------------------------------------


def test_charts_drawn_in_threads_equal_those_drawn_alone() -> None:
    unit = [make_series(), make_series("B", programmed=months(2, 2, 2), executed=months(1, 2, 2))]

    def draw(kind: int) -> bytes:
        if kind % 2:
            return series_chart("GRH", unit, by="month", up_to_month=9)
        return activities_chart(
            "GRH", [activity_figure(s, Period.cumulative(9), BANDS) for s in unit], bands=BANDS
        )

    alone = [draw(0), draw(1)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(draw, range(8)))
    assert together == alone * 4


def test_charts_never_load_pyplot() -> None:
    script = textwrap.dedent(
        """
        import sys
        from bot.render.charts import series_chart
        from bot.domain.figures import ActivitySeries
        s = ActivitySeries("U", "A", "ACCIONES", 1, (1.0,) * 12, (1.0,) * 12)
        series_chart("t", [s], by="month", up_to_month=3)
        assert "matplotlib.pyplot" not in sys.modules
        import matplotlib
        assert matplotlib.get_backend().lower() == "agg"
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60, cwd=ROOT)
