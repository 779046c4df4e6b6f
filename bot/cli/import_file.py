"""`poi-bot import FILE`: loads a POI report, template or CEPLAN export and prints what it did."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.cli.failures import database_problem, guarded
from bot.config import Settings, SettingsError, load_settings
from bot.services.reporting_reconcile import reconcile
from storage.db import make_engine, migrate
from storage.importers import ImportRefused, ImportReport, import_bytes, import_file

EXIT_REFUSED = 2
EXIT_FAILED = 1


def add_parser(commands: Any) -> None:
    """Registers the `import` subcommand."""
    parser = commands.add_parser(
        "import",
        help="importa un reporte del POI, la plantilla (CSV/XLSX) o la exportación de CEPLAN",
        description=(
            "Importa un archivo del POI: el reporte publicado en texto, la plantilla de poi-bot en CSV o "
            "XLSX, o la exportación de CEPLAN. El formato se reconoce por el contenido. Un archivo que no "
            "se puede confiar se rechaza entero (código de salida 2) y la base de datos queda como estaba."
        ),
    )
    parser.add_argument("file", metavar="ARCHIVO", help="el archivo a importar («-» lee la entrada estándar)")
    parser.add_argument("--database-url", help="URL de SQLAlchemy (por defecto DATABASE_URL)")
    parser.add_argument("--json", action="store_true", help="imprime el informe en JSON")
    parser.add_argument("--entity", help="nombre de la entidad (por defecto ENTITY_NAME)")
    parser.add_argument("--year", type=int, help="año del POI, si el archivo no lo dice (CEPLAN)")
    parser.set_defaults(handler=guarded(run))


def run(args: argparse.Namespace) -> int:
    """Imports the file; prints the report (exit 0) or the reason it was refused (exit 2)."""
    overrides = {"database_url": args.database_url, "entity_name": args.entity}
    try:
        settings = load_settings(**{key: value for key, value in overrides.items() if value is not None})
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        report = _import(engine, args.file, settings, args.year)
        # A new published report is checked against the months units reported in the bot.
        reconciled: list[str] = [] if report.already_imported else reconcile(engine, report.plan.id)
    except ImportRefused as exc:
        print(f"No se importó «{args.file}».\n{exc}\nLa base de datos quedó como estaba.", file=sys.stderr)
        if args.json:
            refused = {"refused": True, "reason": str(exc), "line": exc.line, "column": exc.column}
            print(json.dumps(refused, ensure_ascii=False))
        return EXIT_REFUSED
    except SQLAlchemyError as exc:
        print(database_problem(exc), file=sys.stderr)
        return EXIT_FAILED
    finally:
        engine.dispose()
    if args.json:
        found = report.to_json() | ({"reconciliation": reconciled} if reconciled else {})
        print(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        print("\n".join([report.to_text(), *reconciled]))
    return 0


def _import(engine: Engine, file: str, settings: Settings, year: int | None) -> ImportReport:
    entity, max_bytes, max_rows = settings.entity_name, settings.import_max_bytes, settings.import_max_rows
    if file == "-":
        # At most one byte past the limit is read: enough to refuse, never the whole of a huge input.
        data = sys.stdin.buffer.read(max_bytes + 1)
        return import_bytes(
            engine, data, "entrada estándar", entity=entity, year=year, max_bytes=max_bytes, max_rows=max_rows
        )
    return import_file(engine, file, entity=entity, year=year, max_bytes=max_bytes, max_rows=max_rows)
