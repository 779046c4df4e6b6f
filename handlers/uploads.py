"""Loading data from Telegram: /cargar explains how; a document an admin sends in private is imported
(bot.services.uploads checks, imports and reports; this module downloads and sends)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import MessageLimit

from bot.context import BotContext
from bot.pushes.broadcast.tasks import announce_new_plan
from bot.services.uploads import (
    NO_NAME,
    empty_template,
    import_upload,
    too_big_text,
    upload_help_text,
    upload_limit,
)
from handlers.access import identify_off_loop, require_private_admin
from handlers.offload import off_loop

TELEGRAM_LIMIT = MessageLimit.MAX_TEXT_LENGTH
NOT_ADMIN_TEXT = (
    "Gracias, pero solo los administradores pueden cargar datos del POI. Si tienes un archivo "
    "actualizado, envíalo a la oficina de planificación."
)


async def upload_command(update: Update, context: BotContext) -> None:
    """Explains how to load data and sends the empty template."""
    message, chat = update.effective_message, update.effective_chat
    if await require_private_admin(update, context) is None or message is None or chat is None:
        return
    await message.reply_text(
        upload_help_text(upload_limit(context.settings.import_max_bytes)), parse_mode=None
    )
    template = await off_loop(empty_template)
    await context.bot.send_document(
        chat.id, template.data, filename=template.filename, caption=template.caption, parse_mode=None
    )


async def on_document(update: Update, context: BotContext) -> None:
    """Imports a document an admin sent in private, all or nothing, and replies with the report."""
    message = update.effective_message
    document = message.document if message is not None else None
    if message is None or document is None:
        return
    asker = await identify_off_loop(update, context)
    if asker is None or not asker.is_admin:
        await message.reply_text(NOT_ADMIN_TEXT, parse_mode=None)
        return
    name = document.file_name or NO_NAME
    limit = upload_limit(context.settings.import_max_bytes)
    refusal = too_big_text(name, document.file_size, limit)
    if refusal is not None:
        await message.reply_text(refusal, parse_mode=None)
        return
    file = await document.get_file()
    data = bytes(await file.download_as_bytearray())
    # The import parses and writes in one transaction: off the event loop, other chats go on.
    result = await off_loop(
        import_upload,
        context.poi,
        data,
        name,
        caption=message.caption,
        entity=context.settings.entity_name,
        max_chars=TELEGRAM_LIMIT,
        by=asker.telegram_id,
        max_rows=context.settings.import_max_rows,
        max_bytes=limit,
    )
    await message.reply_text(result.text, parse_mode=None)
    if result.new_plan_id is not None:  # subscribers hear what changed
        await announce_new_plan(context, result.previous_plan_id, result.new_plan_id)
