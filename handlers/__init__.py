"""Telegram in and out, thin: every handler parses the update, checks access, calls the domain."""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import BotApplication
from handlers import approval, commands, errors, text

# The command menu (setMyCommands): private chats get everything, groups the question commands.
PRIVATE_COMMANDS: tuple[tuple[str, str], ...] = (
    ("avance", "Avance de una unidad: /avance finanzas II trimestre"),
    ("rezagadas", "Actividades rezagadas: /rezagadas rrhh"),
    ("actividad", "Una actividad por parte de su nombre"),
    ("resumen", "Avance de toda la institución"),
    ("mi_unidad", "Elegir tu unidad"),
    ("ayuda", "Qué puedo responder"),
    ("start", "Empezar o pedir acceso"),
)
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("avance", "Avance de una unidad"),
    ("rezagadas", "Actividades rezagadas"),
    ("actividad", "Una actividad por parte de su nombre"),
    ("resumen", "Avance de toda la institución"),
    ("ayuda", "Qué puedo responder"),
)


def register(application: BotApplication) -> None:
    """Registers every handler. Order matters: commands first, then buttons, then free text."""
    application.add_handler(CommandHandler("start", commands.start))
    application.add_handler(CommandHandler(["ayuda", "help"], commands.help_command))
    application.add_handler(CommandHandler("avance", commands.progress_command))
    application.add_handler(CommandHandler("rezagadas", commands.lagging_command))
    application.add_handler(CommandHandler("actividad", commands.activity_command))
    application.add_handler(CommandHandler("resumen", commands.summary_command))
    application.add_handler(CommandHandler("mi_unidad", commands.my_unit_command))

    application.add_handler(CallbackQueryHandler(approval.on_decision, pattern=r"^(ok|no):"))
    application.add_handler(CallbackQueryHandler(approval.on_my_unit, pattern=r"^mu:"))
    # Anything no pattern above claimed: forged, or from a version of the bot that is gone.
    application.add_handler(CallbackQueryHandler(approval.on_unknown_button))

    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, text.private_text)
    )
    application.add_handler(
        MessageHandler(filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND, text.group_mention)
    )
    application.add_error_handler(errors.on_error)
