"""Which importer reads a file, decided by its content (magic bytes, sheet and header names).

The file name is never used for this: a report saved as .csv or a template renamed .txt is still
read for what it is.
"""

from __future__ import annotations

from storage.importers.ceplan import is_ceplan_header, parse_ceplan
from storage.importers.common import ImportRefused, ParsedPlan, decode_text, header_key, is_utf16, split_lines
from storage.importers.report_layout import is_header
from storage.importers.report_text import parse_report_text
from storage.importers.tabular import is_xlsx, read_csv
from storage.importers.template import is_template_header, parse_template
from storage.importers.validation import validate_plan
from storage.importers.xlsx_guard import check_zip
from storage.importers.xlsx_isolation import run_bounded

FORMATS = ("report_text", "template_csv", "template_xlsx", "ceplan_xlsx", "ceplan_csv")
TEXT_SCAN = 60  # lines looked at for a header in a text file
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .xls (and .doc)


def detect_format(data: bytes) -> str:
    """One of FORMATS; refuses (ImportRefused, in Spanish) a file no importer can read."""
    if data.startswith(b"%PDF"):
        raise ImportRefused(
            "el archivo es un PDF: cópielo como texto separado por tabulaciones, o use la plantilla."
        )
    if data.startswith(_OLE):
        raise ImportRefused("el archivo es un Excel antiguo (.xls): guárdelo como .xlsx y vuelva a cargarlo.")
    if is_xlsx(data):
        check_zip(data)
        return str(run_bounded("format", data))
    if data.startswith(b"PK\x03\x04"):
        raise ImportRefused("el archivo es un ZIP dañado o que no contiene un libro de Excel.")
    if b"\x00" in data[:4096] and not is_utf16(data):
        raise ImportRefused("el archivo es binario o no está en UTF-8, UTF-16 (con BOM) ni Windows-1252.")
    for line in split_lines(decode_text(data))[:TEXT_SCAN]:
        for delimiter in ("\t", ";", ","):
            keys = [header_key(cell.strip('"')) for cell in line.split(delimiter)]
            if is_template_header(keys):
                return "template_csv"
            if is_ceplan_header(keys):
                return "ceplan_csv"
        if is_header(line.split("\t")):
            return "report_text"
    raise ImportRefused(
        "no se reconoce el formato: no es el reporte publicado (encabezado UNIDAD ORGÁNICA ... META "
        "ANUAL), ni la plantilla de poi-bot (PROG 01..EJEC 12), ni la exportación de CEPLAN."
    )


def parse_bytes(data: bytes, *, source_name: str, year: int | None = None) -> tuple[str, ParsedPlan]:
    """The detected format and the parsed, validated plan; nothing is written.

    An XLSX is read in a child process bounded in memory and time (storage.importers.xlsx_isolation);
    text is bounded by its size and read here, so large legitimate plans stay fast.
    """
    if is_xlsx(data):
        check_zip(data)
        found, plan = run_bounded("parse", data, source_name, year)
        return str(found), plan
    found = detect_format(data)
    if found == "report_text":
        plan = parse_report_text(data, year=year)
    else:
        table = read_csv(data)
        if found == "template_csv":
            plan = parse_template(table, year=year)
        else:
            plan = parse_ceplan(table, source_name=source_name, year=year)
    validate_plan(plan)
    return found, plan
