"""Telegram in and out, thin: every handler parses the update, checks access, calls the domain."""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import BotApplication
from bot.services import reporting_callbacks
from bot.services.question_limit import QuestionLimiter
from handlers import (
    admin,
    approval,
    buttons,
    commands,
    errors,
    files,
    flood,
    inline,
    meeting_buttons,
    reporting,
    subscriptions,
    text,
)

# The command menu (setMyCommands): private chats get everything, groups the question commands.
PRIVATE_COMMANDS: tuple[tuple[str, str], ...] = (
    ("avance", "Avance de una unidad: /avance finanzas II trimestre"),
    ("rezagadas", "Actividades rezagadas: /rezagadas rrhh"),
    ("actividad", "Una actividad por parte de su nombre"),
    ("resumen", "Avance de toda la institución"),
    ("mi_unidad", "Elegir tu unidad"),
    ("grafico", "Gráfico de una unidad o actividad: /grafico finanzas"),
    ("exportar", "Excel de una unidad o de todo el POI: /exportar finanzas"),
    ("registrar", "Registrar la ejecución del mes: /registrar octubre"),
    ("alertas", "Tus avisos programados y cuándo llega el próximo"),
    ("suscribir", "Recibir avisos de una unidad: /suscribir finanzas"),
    ("desuscribir", "Dejar de recibir avisos"),
    ("pausar", "Pausar los avisos unos días: /pausar 7"),
    ("reanudar", "Reanudar los avisos pausados"),
    ("ayuda", "Qué puedo responder"),
    ("start", "Empezar o pedir acceso"),
)
# Admins also see these, in their own chat's menu (set per admin at start-up).
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("usuarios", "Usuarios y su estado"),
    ("aprobar", "Aprobar a un usuario: /aprobar ID [unidad]"),
    ("revocar", "Quitar el acceso: /revocar ID"),
    ("alias", "Nombres cortos: /alias rrhh = recursos humanos"),
    ("cargar", "Cargar un reporte, plantilla o exportación de CEPLAN"),
    ("preguntas", "Preguntas recientes"),
    ("programacion", "Avisos programados y su próxima fecha"),
    ("pendientes", "Unidades que faltan registrar el mes: /pendientes octubre"),
)
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("avance", "Avance de una unidad"),
    ("rezagadas", "Actividades rezagadas"),
    ("actividad", "Una actividad por parte de su nombre"),
    ("resumen", "Avance de toda la institución"),
    ("grafico", "Gráfico de una unidad o actividad"),
    ("ayuda", "Qué puedo responder"),
)


def register(application: BotApplication) -> None:
    """Registers every handler. Order matters: the question limit, commands, buttons, free text."""
    settings = application.bot_data.services.settings
    flood.register(application, QuestionLimiter(settings.question_rate, settings.question_burst))
    application.add_handler(CommandHandler("start", commands.start))
    application.add_handler(CommandHandler(["ayuda", "help"], commands.help_command))
    application.add_handler(CommandHandler("avance", commands.progress_command))
    application.add_handler(CommandHandler("rezagadas", commands.lagging_command))
    application.add_handler(CommandHandler("actividad", commands.activity_command))
    application.add_handler(CommandHandler("resumen", commands.summary_command))
    application.add_handler(CommandHandler("mi_unidad", commands.my_unit_command))
    admin.register(application)  # admin commands and document uploads: before free text
    files.register(application)  # /grafico, /exportar and their buttons (gu, ga, gq, x), non-blocking
    subscriptions.register(application)  # /suscribir ... /alertas and the admins' /programacion

    application.add_handler(CommandHandler("registrar", reporting.registrar_command))
    application.add_handler(CommandHandler("pendientes", reporting.pendientes_command))
    application.add_handler(CallbackQueryHandler(reporting.on_press, pattern=reporting_callbacks.PATTERN))
    application.add_handler(CallbackQueryHandler(approval.on_decision, pattern=r"^(ok|no):"))
    application.add_handler(CallbackQueryHandler(approval.on_my_unit, pattern=r"^mu:"))
    buttons.register(application)  # the drill-down: u, al, lg, a, aq, s
    meeting_buttons.register(application)  # the pages of an activity list: lp
    # Anything no pattern above claimed: forged, or from a version of the bot that is gone.
    application.add_handler(CallbackQueryHandler(approval.on_unknown_button))

    private_text = filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND
    # An open monthly report (or an admin's return note) takes typed answers first, in a group of
    # its own: when it does not claim the text, the question handlers below still answer it.
    application.add_handler(MessageHandler(private_text, reporting.on_text), group=-1)
    application.add_handler(MessageHandler(private_text, text.private_text))
    application.add_handler(
        MessageHandler(filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND, text.group_mention)
    )
    inline.register(application)
    application.add_error_handler(errors.on_error)
