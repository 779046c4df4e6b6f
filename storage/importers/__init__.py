"""Importers of POI execution data: the published report as text, poi-bot's CSV/XLSX template and
CEPLAN's Excel export, detected by content, reconciled against their own totals, written whole.

Public API::

    report = import_bytes(engine, data, "poi.txt", entity="SAT")   # or import_file(engine, path, ...)
    report.to_text(max_chars=4096); report.to_json()
    detect_format(data)  # "report_text" | "template_csv" | "template_xlsx" | "ceplan_xlsx" | "ceplan_csv"

A file that cannot be trusted raises ImportRefused (Spanish message naming line and column) and
leaves the store as it was.
"""

from storage.importers.api import import_bytes, import_file
from storage.importers.common import MAX_BYTES, MAX_ROWS, Check, ImportRefused, Note, ParsedPlan
from storage.importers.detect import FORMATS, detect_format, parse_bytes
from storage.importers.report import ImportReport, PlanInfo

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "MAX_ROWS",
    "Check",
    "ImportRefused",
    "ImportReport",
    "Note",
    "ParsedPlan",
    "PlanInfo",
    "detect_format",
    "import_bytes",
    "import_file",
    "parse_bytes",
]
