"""What the isolated child does with an XLSX: tell its format, or parse and validate it whole.

Called through storage.importers.xlsx_isolation, which bounds its memory and time.
"""

from __future__ import annotations

from typing import Any

from storage.importers.ceplan import CEPLAN_SHEET, is_ceplan_header, parse_ceplan
from storage.importers.common import ImportRefused, ParsedPlan
from storage.importers.tabular import HEADER_SCAN, read_sheet, workbook
from storage.importers.template import is_template_header, parse_template
from storage.importers.validation import validate_plan


def _not_a_poi() -> ImportRefused:
    return ImportRefused(
        "el Excel no es la plantilla de poi-bot (UNIDAD ORGANICA, PROG 01..EJEC 12) ni la "
        "exportación de CEPLAN (Centro de Costo, F(RE) 01..12, F(SE) 01..12)."
    )


def _format(book: Any) -> str:
    for name in book.sheetnames:
        table = read_sheet(book, name, limit=HEADER_SCAN)
        if table.find_header(is_ceplan_header) is not None:
            return "ceplan_xlsx"
        if table.find_header(is_template_header) is not None:
            return "template_xlsx"
    raise _not_a_poi()


def xlsx_format(data: bytes) -> str:
    """ceplan_xlsx or template_xlsx, by the header of some sheet; refuses any other workbook."""
    with workbook(data) as book:
        return _format(book)


def parse_xlsx(data: bytes, source_name: str, year: int | None) -> tuple[str, ParsedPlan]:
    """The workbook's format and its parsed, validated plan.

    Sheets are read whole once each (CEPLAN's sheet first), the first with either header is the data.
    """
    with workbook(data) as book:
        names = list(book.sheetnames)
        if CEPLAN_SHEET in names:
            names.remove(CEPLAN_SHEET)
            names.insert(0, CEPLAN_SHEET)
        for name in names:
            sheet = read_sheet(book, name)
            if sheet.find_header(is_ceplan_header) is not None:
                plan = parse_ceplan(sheet, source_name=source_name, year=year)
                found = "ceplan_xlsx"
                break
            if sheet.find_header(is_template_header) is not None:
                plan = parse_template(sheet, year=year)
                found = "template_xlsx"
                break
        else:
            raise _not_a_poi()
    validate_plan(plan)
    return found, plan
