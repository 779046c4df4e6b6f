"""What every importer produces (a ParsedPlan), how it refuses a file, and the cell-level parsing.

Parsers are plain functions from bytes to a ParsedPlan; nothing here touches the database.
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from dataclasses import dataclass, field

from bot.domain.periods import MONTH_ABBR, MONTH_NAMES
from storage.import_limits import MAX_BYTES as MAX_BYTES  # the default limits, for the readers
from storage.import_limits import MAX_ROWS as MAX_ROWS

MAX_FIGURE = 1_000_000_000  # a physical quantity beyond this is a typo or a financial column

# Longest names the store keeps (storage.models): longer text is refused, never cut.
MAX_UNIT = 300
MAX_ACTIVITY = 500
MAX_MEASURE = 100
MAX_CATEGORY = 300
MAX_TITLE = 500
MAX_MOTIVE = 500


@dataclass(frozen=True)
class Where:
    """A place in the source: line (text, CSV) or row (sheet), and a column with its header."""

    line: int | None = None
    column: int | None = None  # 1-based
    header: str | None = None
    sheet: str | None = None

    def describe(self) -> str:
        """Spanish, e.g. "línea 12, columna 7 (PROGRAMADO FEB)" or "hoja «POI», fila 5, columna H"."""
        parts = []
        if self.sheet is not None:
            parts.append(f"hoja «{self.sheet}»")
        if self.line is not None:
            parts.append(f"{'fila' if self.sheet is not None else 'línea'} {self.line}")
        if self.column is not None:
            name = column_letter(self.column) if self.sheet is not None else str(self.column)
            parts.append(f"columna {name}" + (f" ({self.header})" if self.header else ""))
        elif self.header:
            parts.append(f"columna {self.header}")
        return ", ".join(parts)


class ImportRefused(Exception):
    """A file that cannot be trusted; nothing was imported. The message is Spanish, for people."""

    def __init__(self, reason: str, where: Where | None = None) -> None:
        self.reason = reason
        self.where = where or Where()
        place = self.where.describe()
        text = f"{place}: {reason}" if place else reason
        super().__init__(text[:1].upper() + text[1:])

    @property
    def line(self) -> int | None:
        return self.where.line

    @property
    def column(self) -> int | None:
        return self.where.column


@dataclass(frozen=True)
class Check:
    """A reconciliation check: a total the source states (expected) against what it adds up to."""

    what: str
    expected: float
    found: float
    ok: bool


@dataclass(frozen=True)
class Note:
    """Something inferred or found inconsistent, tied to a source line (or to the whole file)."""

    line: int | None
    unit: str
    activity: str
    kind: str  # inferred | inconsistent | not_reported | target_mismatch | total_mismatch | reading
    detail: str


@dataclass
class ParsedActivity:
    """One activity as read: 12 months and 4 quarters, ``None`` where the source says nothing."""

    unit: str
    name: str
    mef_category: str
    measure: str
    annual_target: float
    line: int | None
    programmed: list[float | None] = field(default_factory=lambda: [None] * 12)
    executed: list[float | None] = field(default_factory=lambda: [None] * 12)
    programmed_inferred: list[bool] = field(default_factory=lambda: [False] * 12)
    executed_inferred: list[bool] = field(default_factory=lambda: [False] * 12)
    quarter_programmed: list[float | None] = field(default_factory=lambda: [None] * 4)
    quarter_executed: list[float | None] = field(default_factory=lambda: [None] * 4)
    motives: list[str] = field(default_factory=lambda: [""] * 12)


@dataclass
class ParsedPlan:
    """A whole source file, parsed and reconciled, ready for one transactional write.

    ``columns`` maps a role (unit, activity, ...) to where it sits, for messages naming a column.
    """

    title: str
    year: int
    cutoff_month: int
    source_format: str  # report_text | template | ceplan
    activities: list[ParsedActivity]
    checks: list[Check] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    columns: dict[str, Where] = field(default_factory=dict)

    @property
    def units(self) -> list[str]:
        """Unit names in order of first appearance."""
        return list(dict.fromkeys(activity.unit for activity in self.activities))


def header_key(text: str) -> str:
    """Upper case, no accents, single spaces: how headers are compared ("Unidad Orgánica")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.upper().split())


def clean_name(text: str) -> str:
    """A name as stored: surrounding and repeated white space removed, spelling kept."""
    return " ".join(text.split())


def column_letter(column: int) -> str:
    """Spreadsheet letters of a 1-based column: 1 -> A, 28 -> AB."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def is_utf16(data: bytes) -> bool:
    """Text that starts with a UTF-16 byte order mark (Excel's «Texto Unicode», Notepad's «Unicode»)."""
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    )


def decode_text(data: bytes) -> str:
    """UTF-16 with its BOM; else UTF-8 (with or without BOM); else Windows-1252, the usual Excel/PDF
    export on Windows. Bytes none of them can decode refuse the file, naming the line."""
    if is_utf16(data):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].decode("utf-16", errors="replace").count("\n") + 1
            raise ImportRefused(
                "el archivo empieza como texto UTF-16 pero tiene bytes que no lo son.", Where(line)
            ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRefused(
            f"el archivo no está en UTF-8, UTF-16 ni Windows-1252: el byte 0x{data[exc.start]:02X} no es "
            "texto en ninguna de esas codificaciones. Guárdelo como UTF-8 y vuelva a cargarlo.",
            Where(line),
        ) from exc


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them (CRLF, CR or LF); form feeds of page breaks dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "").split("\n")


_PLAIN = re.compile(r"\d+(\.\d+)?")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_NEGATIVE = re.compile(r"[-−–]\s*\d[\d.,]*|\(\s*\d[\d.,]*\s*\)")


def parse_number(value: object, where: Where) -> float | None:
    """A non-negative figure from a cell: 7,040 / 12.5 / 12,5 / a sheet number; blank is ``None``."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ImportRefused(f"«{value}» no es una cifra.", where)
    if isinstance(value, int | float):
        number = float(value)
        shown = str(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "")
        if not text:
            return None
        shown = text
        if _PLAIN.fullmatch(text):
            number = float(text)
        elif _THOUSANDS.fullmatch(text):
            number = float(text.replace(",", ""))
        elif _DECIMAL_COMMA.fullmatch(text):
            number = float(text.replace(",", "."))
        elif _NEGATIVE.fullmatch(text):
            raise ImportRefused(f"la cifra {text} es negativa; las cantidades físicas no lo son.", where)
        else:
            raise ImportRefused(f"«{text[:60]}» no es una cifra.", where)
    else:
        raise ImportRefused(f"«{str(value)[:60]}» no es una cifra.", where)
    if not math.isfinite(number):
        raise ImportRefused(f"«{shown}» no es una cifra.", where)
    if number < 0:
        raise ImportRefused(f"la cifra {shown} es negativa; las cantidades físicas no lo son.", where)
    if number > MAX_FIGURE:
        raise ImportRefused(f"la cifra {shown} es demasiado grande para una cantidad física.", where)
    return number


def plan_title(year: int, cutoff_month: int, suffix: str = "") -> str:
    """A title for sources that carry none, in the style of the published reports."""
    title = f"PLAN OPERATIVO INSTITUCIONAL {year} - EJECUCIÓN A {MONTH_NAMES[cutoff_month - 1].upper()}"
    return f"{title} {suffix}" if suffix else title


def month_label(month: int) -> str:
    """ENE..DIC, as the reports write them."""
    return MONTH_ABBR[month - 1]
