"""Loading data from Telegram: /cargar explains how; a document an admin sends in private is imported.

The import is all-or-nothing (storage.importers): a refused file gets the Spanish reason, naming
line and column, and the store stays exactly as it was. The size is checked before the download.
"""

from __future__ import annotations

import asyncio
import logging
import re

from telegram import Update

from bot.context import BotContext
from bot.pushes.plan import current_plan_id
from bot.pushes.scheduler import announce_new_plan
from handlers.access import identify, require_private_admin
from storage.importers import MAX_BYTES, ImportRefused, ImportReport, import_bytes
from storage.importers.template_files import XLSX_NAME, xlsx_template

log = logging.getLogger(__name__)

TELEGRAM_LIMIT = 4096
UPLOAD_HELP_TEXT = (
    "📤 Para cargar datos, envíame aquí el archivo como documento (📎 → Archivo):\n"
    "• el reporte publicado del POI copiado como texto (.txt, columnas separadas por tabulaciones);\n"
    "• la plantilla de poi-bot en Excel o CSV (te la envío vacía aquí abajo);\n"
    "• la exportación de CEPLAN (DATA-POI … .xlsx).\n"
    "Se importa todo o nada: si algo no cuadra te digo la línea y la columna, y los datos quedan "
    f"como estaban. Tamaño máximo: {MAX_BYTES // 1024 // 1024} MiB.\n"
    "Si el archivo no dice el año (CEPLAN), escríbelo en el comentario del documento, por ejemplo "
    "«/cargar 2024»."
)
TEMPLATE_CAPTION = "Plantilla vacía de poi-bot: una fila por actividad; instrucciones en la segunda hoja."
NOT_ADMIN_TEXT = (
    "Gracias, pero solo los administradores pueden cargar datos del POI. Si tienes un archivo "
    "actualizado, envíalo a la oficina de planificación."
)
TOO_BIG_TEXT = (
    "❌ No se importó «{name}»: pesa {size:.1f} MiB y el máximo es {limit} MiB. "
    "Los datos quedaron como estaban."
)
REFUSED_TEXT = "❌ No se importó «{name}».\n{reason}\nLos datos quedaron como estaban."
# The importers name the CLI's option when a file does not say its year; here the caption says it.
YEAR_OPTION, YEAR_IN_CAPTION = "(--year)", "(en el comentario del documento, por ejemplo «/cargar 2024»)"
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")


def _headline(report: ImportReport) -> str:
    if report.already_imported:
        return "ℹ️ Ese archivo ya estaba cargado."
    if report.plan.is_current:
        return "✅ Datos cargados: las respuestas ya usan este plan."
    return "✅ Datos cargados, pero no es el plan vigente."


async def upload_command(update: Update, context: BotContext) -> None:
    """Explains how to load data and sends the empty template."""
    message, chat = update.effective_message, update.effective_chat
    if await require_private_admin(update, context) is None or message is None or chat is None:
        return
    await message.reply_text(UPLOAD_HELP_TEXT, parse_mode=None)
    await context.bot.send_document(
        chat.id, xlsx_template(), filename=XLSX_NAME, caption=TEMPLATE_CAPTION, parse_mode=None
    )


async def on_document(update: Update, context: BotContext) -> None:
    """Imports a document an admin sent in private, all or nothing, and replies with the report."""
    message = update.effective_message
    document = message.document if message is not None else None
    if message is None or document is None:
        return
    asker = identify(update, context)
    if asker is None or not asker.is_admin:
        await message.reply_text(NOT_ADMIN_TEXT, parse_mode=None)
        return
    name = document.file_name or "archivo sin nombre"
    if document.file_size is not None and document.file_size > MAX_BYTES:
        size = document.file_size / 1024 / 1024
        text = TOO_BIG_TEXT.format(name=name, size=size, limit=MAX_BYTES // 1024 // 1024)
        await message.reply_text(text, parse_mode=None)
        return
    file = await document.get_file()
    data = bytes(await file.download_as_bytearray())
    year_match = _YEAR.search(message.caption or "")
    year = int(year_match.group(1)) if year_match else None
    previous_plan = current_plan_id(context.services.engine)
    try:
        # The import parses and writes in one transaction: off the event loop, other chats go on.
        report = await asyncio.to_thread(
            import_bytes, context.services.engine, data, name, entity=context.settings.entity_name, year=year
        )
    except ImportRefused as exc:
        log.info("refused upload %r from %s: %s", name, asker.telegram_id, exc)
        reason = str(exc).replace(YEAR_OPTION, YEAR_IN_CAPTION)
        text = REFUSED_TEXT.format(name=name, reason=reason)[:TELEGRAM_LIMIT]
        await message.reply_text(text, parse_mode=None)
        return
    context.poi.invalidate()
    headline = _headline(report)
    body = report.to_text(max_chars=TELEGRAM_LIMIT - len(headline) - 1)
    await message.reply_text(f"{headline}\n{body}", parse_mode=None)
    if report.plan.is_current and not report.already_imported:  # subscribers hear what changed
        await announce_new_plan(context, previous_plan, report.plan.id)
