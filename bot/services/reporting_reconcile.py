"""After a published report is imported: its figures against the months units reported in the bot.

Every validated month report of the same year (on an earlier plan) is compared, activity by
activity, with what the new plan says for that month; each difference is listed. Months the new
plan does not reach yet are said to be pending, not counted as differences.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from bot.domain.figures import format_quantity
from bot.domain.periods import MONTH_NAMES
from storage import reporting as store
from storage.queries import load_snapshot


def _shown(value: float | None) -> str:
    return "sin dato" if value is None else format_quantity(value)


def reconcile(engine: Engine, plan_id: int) -> list[str]:
    """Lines in Spanish: one per difference, or one saying all agree; none when nothing was reported."""
    with Session(engine) as session:
        snapshot = load_snapshot(session=session, plan_id=plan_id)
        reports = store.validated_of_year(session=session, year=snapshot.year, exclude_plan=plan_id)
        pairs = [(report, store.entries(session=session, report_id=report.id or 0)) for report in reports]
    if not pairs:
        return []
    published = {(s.unit, s.activity): s for s in snapshot.series}
    differences: list[str] = []
    compared, later = 0, set[int]()
    for report, entries in pairs:
        month = MONTH_NAMES[report.month - 1]
        if report.month > snapshot.cutoff_month:
            later.add(report.month)
            continue
        for entry in entries:
            if entry.skipped:
                continue
            series = published.get((report.unit, entry.activity))
            compared += 1
            if series is None:
                differences.append(f"• {report.unit} · {entry.activity}: no figura en el reporte publicado.")
                continue
            found = series.executed[report.month - 1]
            if found is None or abs(found - (entry.executed or 0.0)) > 1e-9:
                differences.append(
                    f"• {report.unit} · {entry.activity} · {month}: reportado en el bot "
                    f"{_shown(entry.executed)}, publicado {_shown(found)}."
                )
    lines = [
        f"Conciliación con lo reportado en el bot: {compared} cifras comparadas, "
        f"{len(differences)} diferencias."
    ]
    lines += differences
    if later:
        lines.append(
            f"El reporte publicado aún no llega a: {', '.join(MONTH_NAMES[m - 1] for m in sorted(later))}."
        )
    return lines


def reconciliation_text(engine: Engine, plan_id: int, max_chars: int) -> str:
    """The reconciliation as plain text of at most `max_chars` (whole lines; "… y N más" when cut)."""
    lines = reconcile(engine, plan_id)
    kept: list[str] = []
    for index, line in enumerate(lines):
        rest = len(lines) - index
        tail = f"… y {rest} más." if rest > 1 else ""
        if len("\n".join([*kept, line])) + len(tail) + 1 > max_chars:
            if tail and len("\n".join([*kept, tail])) <= max_chars:
                kept.append(f"… y {rest} más.")
            break
        kept.append(line)
    return "\n".join(kept)
