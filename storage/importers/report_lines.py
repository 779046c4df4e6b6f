"""The Spanish text of an import report, in full or cut down to fit a length (Telegram: 4096).

Plain text: a caller sending it as Telegram HTML escapes it first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.figures import format_quantity

if TYPE_CHECKING:
    from storage.importers.common import Check, Note
    from storage.importers.report import ImportReport

KINDS = {
    "inconsistent": ("fila que no cuadra con sus trimestres", "filas que no cuadran con sus trimestres"),
    "inferred": ("cifra restituida", "cifras restituidas"),
    "total_mismatch": ("Total de CEPLAN que no cuadra", "Totales de CEPLAN que no cuadran"),
    "target_mismatch": ("meta anual distinta de lo programado", "metas anuales distintas de lo programado"),
    "not_reported": ("actividad con meses sin reporte", "actividades con meses sin reporte"),
    "truncated": ("motivo recortado", "motivos recortados"),
    "reading": ("nota de lectura", "notas de lectura"),
}
FORMAT_LABELS = {
    "report_text": "reporte publicado, en texto",
    "template_csv": "plantilla de poi-bot en CSV",
    "template_xlsx": "plantilla de poi-bot en Excel",
    "ceplan_xlsx": "exportación de CEPLAN en Excel",
    "ceplan_csv": "exportación de CEPLAN en CSV",
    "template": "plantilla de poi-bot",
    "ceplan": "exportación de CEPLAN",
}
# (failed checks listed, notes listed per kind, characters per note) from most to least detailed
LEVELS = ((40, 5, 400), (20, 3, 240), (10, 2, 160), (5, 1, 120), (3, 0, 0), (0, 0, 0))


def render(report: ImportReport, max_chars: int | None = None) -> str:
    """The whole report when ``max_chars`` is None; else the most detailed version that fits."""
    if max_chars is None:
        return _compose(report, None, None, None)
    text = ""
    for failed, per_kind, width in LEVELS:
        text = _compose(report, failed, per_kind, width)
        if len(text) <= max_chars:
            return text
    return text[: max_chars - 1] + "…"


def _kind_words(kind: str, count: int) -> str:
    singular, plural = KINDS.get(kind, (kind, kind))
    return singular if count == 1 else plural


def _cut(text: str, width: int | None) -> str:
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


def _check_line(check: Check) -> str:
    if check.ok:
        return f"✓ {check.what}: {format_quantity(check.expected)}"
    difference = check.found - check.expected
    sign = "+" if difference > 0 else "-"
    return (
        f"✗ {check.what}: esperado {format_quantity(check.expected)}, hallado "
        f"{format_quantity(check.found)} (diferencia {sign}{format_quantity(abs(difference))})"
    )


def _note_line(note: Note, row_word: str, width: int | None) -> str:
    where = [f"{row_word} {note.line}"] if note.line is not None else []
    where += [_cut(text, None if width is None else 60) for text in (note.unit, note.activity) if text]
    prefix = " · ".join(where)
    return "• " + _cut(f"{prefix}: {note.detail}" if prefix else note.detail, width)


def _head(report: ImportReport) -> list[str]:
    plan = report.plan
    kind = FORMAT_LABELS.get(report.source_kind) or FORMAT_LABELS.get(plan.source_format, plan.source_format)
    if report.already_imported:
        when = plan.imported_at.strftime("%Y-%m-%d %H:%M")
        first = (
            f"«{plan.source_name}» ya estaba importado (plan n.º {plan.id}, el {when} UTC): "
            "no se cambió nada."
        )
    else:
        first = f"Se importó «{plan.source_name}» ({kind})."
    lines = [first, plan.title] if plan.title else [first]
    state = " · vigente" if plan.is_current else ""
    lines.append(
        f"Entidad {plan.entity} · año {plan.year} · datos hasta {plan.cutoff_label} · "
        f"plan n.º {plan.id}{state}"
    )
    counts = f"{report.units} unidades orgánicas y {report.activities} actividades"
    if report.inferred_cells:
        counts += f"; {report.inferred_cells} cifras restituidas, guardadas como inferidas"
    lines.append(counts + ".")
    if report.current is not None:
        current = report.current
        lines.append(
            f"No es el plan vigente: el vigente es el n.º {current.id} ({current.year}, datos hasta "
            f"{current.cutoff_label})."
        )
    return lines


def _checks(report: ImportReport, failed_limit: int | None) -> list[str]:
    checks = report.checks
    if not checks:
        return ["El archivo no trae totales con qué verificarlo."]
    failed = report.failed_checks
    passed = len(checks) - len(failed)
    summary = f"Verificaciones: {passed} de {len(checks)} cuadran"
    lines = [summary + (f"; {len(failed)} no cuadran (se importó igual; revíselas):" if failed else ".")]
    shown = list(checks) if failed_limit is None else failed[:failed_limit]
    lines += [_check_line(check) for check in shown]
    if failed_limit is not None and len(failed) > failed_limit:
        lines.append(f"… y {len(failed) - failed_limit} más.")
    return lines


def _notes(report: ImportReport, per_kind: int | None, width: int | None) -> list[str]:
    counts = report.note_counts()
    if not counts:
        return []
    kinds = [kind for kind in KINDS if kind in counts] + sorted(set(counts) - set(KINDS))
    lines = [
        "Notas: " + ", ".join(f"{counts[kind]} {_kind_words(kind, counts[kind])}" for kind in kinds) + "."
    ]
    row_word = "Fila" if report.source_kind.endswith("xlsx") else "Línea"
    for kind in kinds:
        if per_kind == 0:
            break
        notes = [note for note in report.notes if note.kind == kind]
        shown = notes if per_kind is None else notes[:per_kind]
        words = _kind_words(kind, len(notes))
        lines.append(f"{words[:1].upper()}{words[1:]}:")
        lines += [_note_line(note, row_word, width) for note in shown]
        if len(notes) > len(shown):
            lines.append(f"… y {len(notes) - len(shown)} más.")
    return lines


def _compose(report: ImportReport, failed: int | None, per_kind: int | None, width: int | None) -> str:
    sections = [_head(report), _checks(report, failed), _notes(report, per_kind, width)]
    return "\n\n".join("\n".join(section) for section in sections if section)
