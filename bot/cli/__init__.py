"""The `poi-bot` command line: argparse subcommands, each registered by a small module.

A subcommand module has ``add_parser(commands)``, which adds its parser and sets ``handler`` (a
function from the parsed arguments to an exit code). Add a new one to ``COMMANDS`` with the help
line of each command it registers. Only the module of the command being run is imported (the bot,
charts and Telegram load only for the commands that use them): the others are listed by their help
line, so `poi-bot --help` starts at once.
Exit codes: 0 done, 1 configuration or database problem, 2 a refused input.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]
# module -> (command, help line) of each command it registers, as its add_parser says them
COMMANDS: dict[str, tuple[tuple[str, str], ...]] = {
    "bot.cli.run": (
        ("run", "ejecuta el bot de Telegram (long polling)"),
        ("start", "carga el ejemplo si la base está vacía y ejecuta el bot (o la terminal, sin token)"),
    ),
    "bot.cli.serve": (
        ("serve", "ejecuta el bot en producción: webhook de Telegram, /healthz y /metrics (uvicorn)"),
    ),
    "bot.cli.ask": (
        ("ask", "responde una pregunta (o una por línea de la entrada estándar)"),
        ("chat", "conversa con el bot en la terminal"),
    ),
    "bot.cli.import_file": (
        ("import", "importa un reporte del POI, la plantilla (CSV/XLSX) o la exportación de CEPLAN"),
    ),
    "bot.cli.schedule": (
        ("schedule", "lista los próximos avisos programados: tipo, destinatarios y hora local"),
        ("alerts", "avisos programados: vista previa sin enviar"),
    ),
    "bot.cli.export": (("export", "exporta la ejecución en otro formato (CEPLAN)"),),
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with every subcommand; only the one ``argv`` names (None: all) is loaded whole."""
    parser = argparse.ArgumentParser(
        prog="poi-bot",
        description="Bot de Telegram que informa la ejecución del Plan Operativo Institucional (POI).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMANDO")
    wanted = None if argv is None else next((arg for arg in argv if not arg.startswith("-")), "")
    for module, names in COMMANDS.items():
        if wanted is None or wanted in (name for name, _ in names):
            importlib.import_module(module).add_parser(commands)
        else:
            for name, help_line in names:
                commands.add_parser(name, help=help_line)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Runs the subcommand named in ``argv`` (default: the process arguments); returns its exit code."""
    import sys

    arguments = sys.argv[1:] if argv is None else argv
    args = build_parser(arguments).parse_args(arguments)
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
