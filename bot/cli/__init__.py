"""The `poi-bot` command line: argparse subcommands, each registered by a small module.

A subcommand module has ``add_parser(commands)``, which adds its parser and sets ``handler`` (a
function from the parsed arguments to an exit code). Add a new one to ``COMMANDS``.
Exit codes: 0 done, 1 configuration or database problem, 2 a refused input.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from types import ModuleType

from bot.cli import ask, export, import_file, run, schedule, serve

Handler = Callable[[argparse.Namespace], int]
COMMANDS: tuple[ModuleType, ...] = (run, serve, ask, import_file, schedule, export)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="poi-bot",
        description="Bot de Telegram que informa la ejecución del Plan Operativo Institucional (POI).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMANDO")
    for module in COMMANDS:
        module.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Runs the subcommand named in ``argv`` (default: the process arguments); returns its exit code."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
