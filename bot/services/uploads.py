"""Loading data sent as a document: the size check, the all-or-nothing import and its report.

A refused file gets the Spanish reason, naming line and column, and the store stays exactly as it
was. After an import the question engine's cache is invalidated here, so answers use the new data.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlmodel import Session

from bot.services import metrics
from bot.services.questions import PoiService
from bot.services.reporting_reconcile import reconciliation_text
from storage.importers import MAX_ROWS, ImportRefused, ImportReport, import_bytes
from storage.importers.template_files import XLSX_NAME, xlsx_template
from storage.queries import current_plan

log = logging.getLogger(__name__)

# Telegram lets a bot download files up to 20 MB (Bot API getFile); larger plans go through the CLI.
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
UPLOAD_HELP_TEXT = (
    "📤 Para cargar datos, envíame aquí el archivo como documento (📎 → Archivo):\n"
    "• el reporte publicado del POI copiado como texto (.txt, columnas separadas por tabulaciones);\n"
    "• la plantilla de poi-bot en Excel o CSV (te la envío vacía aquí abajo);\n"
    "• la exportación de CEPLAN (DATA-POI … .xlsx).\n"
    "Se importa todo o nada: si algo no cuadra te digo la línea y la columna, y los datos quedan "
    "como estaban. Tamaño máximo: {limit} MiB.\n"
    "Si el archivo no dice el año (CEPLAN), escríbelo en el comentario del documento, por ejemplo "
    "«/cargar 2024»."
)
TEMPLATE_CAPTION = "Plantilla vacía de poi-bot: una fila por actividad; instrucciones en la segunda hoja."
NO_NAME = "archivo sin nombre"
TOO_BIG_TEXT = (
    "❌ No se importó «{name}»: pesa {size:.1f} MiB y el máximo es {limit} MiB. "
    "Los datos quedaron como estaban."
)
REFUSED_TEXT = "❌ No se importó «{name}».\n{reason}\nLos datos quedaron como estaban."
# The importers name the CLI's option when a file does not say its year; here the caption says it.
YEAR_OPTION, YEAR_IN_CAPTION = "(--year)", "(en el comentario del documento, por ejemplo «/cargar 2024»)"
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")


@dataclass(frozen=True)
class UploadResult:
    """What an upload answers (plain text) and, when it made another plan current, which plans
    the data update notice compares (`previous_plan_id` None: there was none)."""

    text: str
    new_plan_id: int | None = None
    previous_plan_id: int | None = None


def upload_limit(import_max_bytes: int) -> int:
    """What a document sent in the chat may weigh: IMPORT_MAX_BYTES, never over Telegram's 20 MB."""
    return min(import_max_bytes, UPLOAD_MAX_BYTES)


def _mib(size: int) -> str:
    value = size / 1024 / 1024
    return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"


def upload_help_text(limit: int = UPLOAD_MAX_BYTES) -> str:
    """/cargar's explanation, with the size limit of an upload."""
    return UPLOAD_HELP_TEXT.format(limit=_mib(limit))


def too_big_text(name: str, size: int | None, limit: int = UPLOAD_MAX_BYTES) -> str | None:
    """The refusal of a file over the size limit (checked before the download), or None."""
    if size is None or size <= limit:
        return None
    return TOO_BIG_TEXT.format(name=name, size=size / 1024 / 1024, limit=_mib(limit))


@dataclass(frozen=True)
class TemplateFile:
    """The empty template /cargar sends."""

    filename: str
    data: bytes
    caption: str = TEMPLATE_CAPTION


def empty_template() -> TemplateFile:
    """The empty poi-bot template workbook, with its instructions sheet."""
    return TemplateFile(XLSX_NAME, xlsx_template())


def caption_year(caption: str | None) -> int | None:
    """The year a document's comment names ("/cargar 2024"), if any."""
    found = _YEAR.search(caption or "")
    return int(found.group(1)) if found else None


def _headline(report: ImportReport) -> str:
    if report.already_imported:
        return "ℹ️ Ese archivo ya estaba cargado."
    if report.plan.is_current:
        return "✅ Datos cargados: las respuestas ya usan este plan."
    return "✅ Datos cargados, pero no es el plan vigente."


def _current_plan_id(poi: PoiService) -> int | None:
    with Session(poi.engine) as session:
        plan = current_plan(session=session)
        return None if plan is None else plan.id


def import_upload(
    poi: PoiService,
    data: bytes,
    name: str,
    *,
    caption: str | None,
    entity: str,
    max_chars: int,
    by: int,
    max_rows: int = MAX_ROWS,
    max_bytes: int = UPLOAD_MAX_BYTES,
) -> UploadResult:
    """Imports a document all or nothing and reports it in at most `max_chars` characters.

    Blocking (it parses and writes in one transaction): run it off the event loop.
    """
    previous_plan = _current_plan_id(poi)
    try:
        report = import_bytes(
            poi.engine,
            data,
            name,
            entity=entity,
            year=caption_year(caption),
            max_bytes=max_bytes,
            max_rows=max_rows,
        )
    except ImportRefused as exc:
        log.info("refused upload %r from %s: %s", name, by, exc)
        metrics.import_done("refused")
        reason = str(exc).replace(YEAR_OPTION, YEAR_IN_CAPTION)
        return UploadResult(REFUSED_TEXT.format(name=name, reason=reason)[:max_chars])
    poi.invalidate()
    poi.preload()  # users' next questions find the new plan loaded
    metrics.import_done("already_imported" if report.already_imported else "imported")
    headline = _headline(report)
    # A new published report is checked against the months units reported in the bot.
    checked = (
        "" if report.already_imported else reconciliation_text(poi.engine, report.plan.id, max_chars // 3)
    )
    body = report.to_text(max_chars=max_chars - len(headline) - len(checked) - 2)
    text = "\n".join(part for part in (headline, body, checked) if part)
    if report.plan.is_current and not report.already_imported:  # subscribers hear what changed
        return UploadResult(text, new_plan_id=report.plan.id, previous_plan_id=previous_plan)
    return UploadResult(text)
