"""The seed report's names as a Catalog, for the understanding tests and benchmark.

Reads the unit (column 1) and activity (column 3) of every data line of the sample report, skipping
the title, the repeated header lines and the TOTAL row; the data cut-off is September.
"""

from __future__ import annotations

from pathlib import Path

from bot.domain.query import ActivityRef, Catalog

SAMPLE_REPORT = Path(__file__).resolve().parent.parent / "data" / "sample" / "poi-2019-iii-trimestre.txt"
_NOT_DATA = ("UNIDAD ORGÁNICA", "TOTAL", "PLAN OPERATIVO INSTITUCIONAL")


def seed_catalog() -> Catalog:
    """The seed's 24 units and 90 activities, names as written in the source, cut-off 9."""
    units: dict[str, None] = {}
    activities: list[ActivityRef] = []
    for line in SAMPLE_REPORT.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        unit = cells[0].strip()
        if len(cells) < 3 or not unit or unit.startswith(_NOT_DATA) or not cells[2].strip():
            continue
        units.setdefault(unit)
        activities.append(ActivityRef(unit, cells[2].strip()))
    return Catalog(units=tuple(units), activities=tuple(activities), cutoff_month=9)
