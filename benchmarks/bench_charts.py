"""How long a chart or an export takes: median and p95 per kind, on a plan shaped like the seed.

The plan is synthetic (90 activities in 24 units, long upper-case names, several units of measure,
an inferred September in half of them), so the benchmark needs neither the importer nor a database.
Run with ``python -m benchmarks charts``; ``POI_BENCH_ROUNDS`` sets the rounds per kind (default 15).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from bot.domain.figures import ActivitySeries, Bands, activity_figure
from bot.domain.periods import Period
from bot.render.charts import activities_chart, activities_chart_pages, series_chart
from bot.render.export_xlsx import export_xlsx

BANDS = Bands()
CUTOFF = 9
PERIOD = Period.cumulative(CUTOFF)
UNIT_NAMES = ("ADMINISTRACIÓN", "FINANZAS", "RECURSOS HUMANOS", "CONTROL")
MEASURES = ("ACCIONES", "INFORMES", "DOCUMENTOS", "REPORTE")
VERBS = ("GESTIONAR", "DIRIGIR Y SUPERVISAR", "ELABORAR", "EMITIR", "ATENDER", "FORMULAR Y EVALUAR")
OBJECTS = (
    "LAS ACTIVIDADES DE LA GERENCIA PARA CAPTAR, MANTENER Y EVALUAR LOS RECURSOS HUMANOS",
    "LA COBRANZA PRE COACTIVA TRIBUTARIA DE LOS CONTRIBUYENTES",
    "LOS INFORMES DE CONTROL GUBERNAMENTAL",
    "GASTOS EN SERVICIOS GENERALES (AGUA, LUZ, Y/O ALQUILERES)",
    "LA IMPLEMENTACIÓN DEL SISTEMA DE CONTROL INTERNO",
)


def plan() -> list[ActivitySeries]:
    """90 activities in 24 units, deterministic."""
    activities = []
    for i in range(90):
        monthly = 1 + (i * 7) % 40
        programmed = (*(float(monthly + m % 3) for m in range(CUTOFF)), None, None, None)
        executed = (*(float(max(0, monthly + m % 3 - (i + m) % 5)) for m in range(CUTOFF)), None, None, None)
        activities.append(
            ActivitySeries(
                unit=f"GERENCIA DE {UNIT_NAMES[i % len(UNIT_NAMES)]} {i % 24}",
                activity=f"{VERBS[i % len(VERBS)]} {OBJECTS[i % len(OBJECTS)]}",
                measure=MEASURES[i % len(MEASURES)],
                annual_target=monthly * 12.0,
                programmed=programmed,
                executed=executed,
                executed_inferred=(False,) * 8 + (i % 2 == 0,) + (False,) * 3,
            )
        )
    return activities


def measure(name: str, action: Callable[[], object], rounds: int) -> None:
    """Prints the median and p95 of ``rounds`` timed calls, after one untimed warm-up call."""
    action()
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(f"{name:<50} median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms   (n={rounds})")


def main() -> None:
    rounds = int(os.environ.get("POI_BENCH_ROUNDS", "15"))
    activities = plan()
    unit = activities[:8]
    figures = [activity_figure(s, PERIOD, BANDS) for s in activities]
    unit_figures = figures[:8]
    start = time.perf_counter()
    series_chart("GESTIONAR", unit[:1], by="month", up_to_month=CUTOFF)
    first = "first chart in the process (fonts load)"
    print(f"{first:<50} {(time.perf_counter() - start) * 1000:7.1f} ms")
    measure(
        "series_chart, 1 activity by month",
        lambda: series_chart(activities[0].activity, unit[:1], by="month", up_to_month=CUTOFF),
        rounds,
    )
    measure(
        "series_chart, 1 activity by quarter",
        lambda: series_chart(activities[0].activity, unit[:1], by="quarter", up_to_month=CUTOFF),
        rounds,
    )
    measure(
        "series_chart, unit of 8 by month (percent)",
        lambda: series_chart("GERENCIA", unit, by="month", up_to_month=CUTOFF),
        rounds,
    )
    measure(
        "series_chart, unit of 8 by quarter (percent)",
        lambda: series_chart("GERENCIA", unit, by="quarter", up_to_month=CUTOFF),
        rounds,
    )
    measure(
        "activities_chart, unit of 8", lambda: activities_chart("GERENCIA", unit_figures, bands=BANDS), rounds
    )
    measure(
        "activities_chart, 90 activities (one tall image)",
        lambda: activities_chart("SAT", figures, bands=BANDS),
        rounds,
    )
    measure(
        "activities_chart_pages, 90 activities (3 images)",
        lambda: activities_chart_pages("SAT", figures, bands=BANDS),
        rounds,
    )
    measure(
        "export_xlsx, 90 activities",
        lambda: export_xlsx(title="SAT", period=PERIOD, figures=figures, bands=BANDS),
        rounds,
    )
    measure(
        "export_xlsx, 90 activities + Mensual sheet",
        lambda: export_xlsx(title="SAT", period=PERIOD, figures=figures, bands=BANDS, series=activities),
        rounds,
    )


if __name__ == "__main__":
    main()
