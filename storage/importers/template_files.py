"""The empty template files admins download and fill (data/templates/plantilla-poi.csv and .xlsx).

Regenerate them with ``python -m storage.importers.template_files [DIRECTORY]``.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from storage.importers.template import TEMPLATE_COLUMNS

CSV_NAME = "plantilla-poi.csv"
XLSX_NAME = "plantilla-poi.xlsx"
SHEET = "POI"
INSTRUCTIONS = (
    "Plantilla de poi-bot: ejecución del Plan Operativo Institucional (POI)",
    "",
    "Una fila por actividad operativa, en la hoja POI. No cambie los nombres de las columnas.",
    "AÑO: el año del POI (por ejemplo 2019). Basta con llenarlo en una fila; si lo llena en varias, "
    "debe ser el mismo.",
    "UNIDAD ORGANICA y ACTIVIDAD: obligatorias. La misma actividad no puede repetirse en una unidad.",
    "CATEGORIA MEF y UNIDAD DE MEDIDA: como figuran en el POI (ACCIONES, INFORMES, REPORTE...).",
    "META ANUAL: la meta física anual, obligatoria.",
    "PROG 01..PROG 12: lo programado de enero (01) a diciembre (12).",
    "EJEC 01..EJEC 12: lo ejecutado. Deje en blanco los meses aún no reportados; 0 significa que no "
    "se ejecutó nada.",
    "El corte de los datos es el último mes con alguna cifra ejecutada.",
    "Cifras sin signo, sin texto; se aceptan 1,234 (miles) y 12.5 o 12,5 (decimales).",
    "Cárguela con /cargar en Telegram o con «poi-bot import plantilla-poi.xlsx».",
)
_FIXED_TIME = datetime(2019, 1, 1)  # fixed document dates, so regenerating changes nothing visible


def csv_template() -> bytes:
    """The CSV template: the header line, comma-separated, UTF-8 with BOM (Excel shows the Ñ)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(TEMPLATE_COLUMNS)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_template() -> bytes:
    """The XLSX template: sheet POI with the header row, and a sheet of instructions."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(TEMPLATE_COLUMNS))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center")
    widths = {"A": 8, "B": 40, "C": 36, "D": 60, "E": 18, "F": 12}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "G2"
    help_sheet = book.create_sheet("Instrucciones")
    for line in INSTRUCTIONS:
        help_sheet.append([line])
    help_sheet["A1"].font = bold
    help_sheet.column_dimensions["A"].width = 110
    book.properties.created = book.properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_templates(directory: Path) -> list[Path]:
    """Writes both empty templates into ``directory``; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / CSV_NAME, directory / XLSX_NAME]
    paths[0].write_bytes(csv_template())
    paths[1].write_bytes(xlsx_template())
    return paths


def main(argv: list[str] | None = None) -> int:
    """Writes the templates into the directory given (default data/templates)."""
    args = sys.argv[1:] if argv is None else argv
    for path in write_templates(Path(args[0] if args else "data/templates")):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
