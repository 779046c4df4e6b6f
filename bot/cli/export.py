"""`poi-bot export ceplan --month M [--out FILE]`: the current plan's execution to month M as CEPLAN's
XLSX layout (validated months reported in the bot included), ready to upload."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.cli.failures import database_problem, guarded
from bot.config import SettingsError, load_settings
from bot.services.reporting_export import NothingToExport, ceplan_export
from storage.db import make_engine, migrate

EXIT_FAILED, EXIT_REFUSED = 1, 2


def _month(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 12:
        raise argparse.ArgumentTypeError("el mes es un número de 1 a 12")
    return int(text)


def add_parser(commands: Any) -> None:
    """Registers the `export` subcommand."""
    parser = commands.add_parser("export", help="exporta la ejecución en otro formato (CEPLAN)")
    formats = parser.add_subparsers(dest="export_format", required=True, metavar="FORMATO")
    ceplan = formats.add_parser(
        "ceplan",
        help="la ejecución hasta un mes en el formato XLSX de CEPLAN (F(SE) y Motivo(SE))",
        description="Escribe el POI actual, con la ejecución hasta el mes indicado, en el formato de la "
        "exportación de CEPLAN (hoja POI_Por_ActividadOperativaAnual), listo para cargar.",
    )
    ceplan.add_argument("--month", type=_month, required=True, metavar="MES", help="mes, de 1 a 12")
    ceplan.add_argument(
        "--out", metavar="ARCHIVO", help="archivo de salida (por defecto, el nombre de CEPLAN)"
    )
    ceplan.add_argument("--database-url", help="URL de SQLAlchemy (por defecto DATABASE_URL)")
    ceplan.set_defaults(handler=guarded(run))


def run(args: argparse.Namespace) -> int:
    """Writes the workbook; prints where (exit 0), or why not."""
    database_url: str | None = args.database_url
    if database_url is None:
        try:
            database_url = load_settings().database_url
        except SettingsError as exc:
            print(exc, file=sys.stderr)
            return EXIT_FAILED
    engine = make_engine(database_url)
    try:
        migrate(engine)
        document = ceplan_export(engine, args.month)
    except NothingToExport as exc:
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
    except SQLAlchemyError as exc:
        print(database_problem(exc), file=sys.stderr)
        return EXIT_FAILED
    finally:
        engine.dispose()
    out = Path(args.out or document.name)
    try:
        out.write_bytes(document.data)
    except OSError as exc:
        print(f"No se pudo escribir «{out}»: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Escrito «{out}»: {document.caption}")
    return 0
