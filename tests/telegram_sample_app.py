"""A tiny Application that exercises every part of the harness: an echo, an HTML menu with buttons
that edit it, inline answers, a document download, a photo and a spreadsheet, a scheduled job, and two
handlers that break the Bot API on purpose."""

from __future__ import annotations

import asyncio
import struct
import zlib

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from tests.telegram_fake import FakeTransport
from tests.telegram_harness import DEFAULT_USER, AnyApplication, make_builder

MENU = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Uno", callback_data="pick:1"),
            InlineKeyboardButton("Dos", callback_data="pick:2"),
        ],
        [InlineKeyboardButton("Ayuda", url="https://example.org/ayuda")],
    ]
)


def png(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Repeats a text."""
    if update.message and update.message.text:
        await update.message.reply_text(update.message.text)


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the menu with its buttons."""
    if update.message:
        await update.message.reply_html("<b>Menú</b> de avance &lt;2024&gt; &amp; metas", reply_markup=MENU)


async def pick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the chosen option in the same message."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    if query.data == "back":
        await query.answer()
        await query.edit_message_text("<b>Menú</b> otra vez", parse_mode=ParseMode.HTML, reply_markup=MENU)
        return
    option = query.data.removeprefix("pick:")
    await query.answer(f"Elegiste {option}")
    back = InlineKeyboardMarkup([[InlineKeyboardButton("Volver", callback_data="back")]])
    await query.edit_message_text(f"Opción <b>{option}</b>", parse_mode=ParseMode.HTML, reply_markup=back)


async def lookup(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offers three cards for an inline query."""
    if update.inline_query is None:
        return
    cards = [
        InlineQueryResultArticle(
            id=f"u{i}",
            title=f"Unidad {i}: {update.inline_query.query}",
            input_message_content=InputTextMessageContent(f"<b>Unidad {i}</b>", parse_mode=ParseMode.HTML),
        )
        for i in range(3)
    ]
    await update.inline_query.answer(cards, cache_time=5, is_personal=True)


async def receive(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Downloads a document and says what arrived."""
    if update.message is None or update.message.document is None:
        return
    document = update.message.document
    data = await (await document.get_file()).download_as_bytearray()
    await update.message.reply_text(f"Recibí {document.file_name}: {len(data)} bytes")


async def chart(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends a chart and a spreadsheet."""
    if update.message:
        await update.message.reply_photo(
            png(40, 30), caption="<b>Avance</b> por mes", parse_mode=ParseMode.HTML
        )
        await update.message.reply_document(b"PK\x03\x04xlsx", filename="avance.xlsx", caption="Exportación")


async def too_long(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tries an over-long reply and swallows the failure, as careless code does."""
    if update.message:
        try:
            await update.message.reply_text("x" * 5000)
        except Exception:  # the point: the harness still fails the step
            await update.message.reply_text("falló")


async def odd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends a parameter the Bot API does not have."""
    if update.message:
        await update.message.reply_text("hola", api_kwargs={"colour": "red"})


async def slow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers after a pause, without blocking other updates."""
    await asyncio.sleep(0.01)
    if update.message:
        await update.message.reply_text("Listo, sin bloquear")


async def ping(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends a scheduled reminder."""
    if context.job and context.job.chat_id:
        await context.bot.send_message(context.job.chat_id, "Recordatorio")


async def post_init(application: AnyApplication) -> None:
    await application.bot.set_my_commands([("menu", "Muestra el menú"), ("grafico", "Envía un gráfico")])
    if application.job_queue:
        application.job_queue.run_once(ping, when=3600, name="ping", chat_id=DEFAULT_USER.id)


def build_app(transport: FakeTransport, *, rate_limiter: AIORateLimiter | None = None) -> AnyApplication:
    builder = make_builder(transport).post_init(post_init)
    application = (builder.rate_limiter(rate_limiter) if rate_limiter else builder).build()
    application.add_handler(CommandHandler("menu", menu))
    application.add_handler(CommandHandler("grafico", chart))
    application.add_handler(CommandHandler("largo", too_long))
    application.add_handler(CommandHandler("raro", odd))
    application.add_handler(CommandHandler("lento", slow, block=False))
    application.add_handler(CallbackQueryHandler(pick))
    application.add_handler(InlineQueryHandler(lookup))
    application.add_handler(MessageHandler(filters.Document.ALL, receive))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return application
