"""Reading one sheet of an untrusted XLSX: streamed, bounded, every fault a refusal naming its cell.

openpyxl's read-only worksheet trusts the sheet's ``<dimension>`` (a stale one hides rows), keeps
every parsed element of the sheet until the end, and lets a bad row number, cell reference,
shared-string index or number escape as a bare Python error. This reader takes from openpyxl only
the workbook (sheet paths, shared strings, date styles) and reads the sheet XML itself: the
``<dimension>`` is ignored, each row is dropped once read, cells and elements are counted as they
stream, values are converted as openpyxl does (numbers, texts, booleans, dates by their style), and
a formula without a cached value is remembered so the caller can refuse it naming the cells.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, ParseError, iterparse

from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

from storage.importers.common import ImportRefused, Where, column_letter
from storage.importers.xlsx_guard import SHARED_STRINGS

MAX_CELLS = 4_000_000  # cells in one sheet: about 130,000 rows of the template's 30 columns
MAX_ROW_ELEMENTS = 100_000  # XML elements inside one row (Excel's widest row has 16,384 cells)
MAX_EXCEL_ROW = 1_048_576
MAX_EXCEL_COLUMN = 16_384
ROW, CELL, VALUE, FORMULA, INLINE, TEXT, RUN = (
    f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("row", "c", "v", "f", "is", "t", "r")
)
_REFERENCE = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_INDEX = re.compile(r"[0-9]{1,9}")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _number(raw: str) -> int | float:
    return float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)


def _inline_text(cell: Element) -> str:
    """An inline string's text: its plain and rich-text runs, phonetic hints left out."""
    holder = cell.find(INLINE)
    if holder is None:
        return ""
    pieces = []
    for child in holder:
        if child.tag == TEXT:
            pieces.append(child.text or "")
        elif child.tag == RUN:
            pieces.append(child.findtext(TEXT) or "")
    return "".join(pieces)


class SheetReader:
    """Rows of one sheet as (row number, {column: value}), within ``max_columns`` columns."""

    def __init__(self, worksheet: Any, sheet: str, max_columns: int) -> None:
        book = worksheet.parent
        self.worksheet = worksheet
        self.shared_strings: list[str] = worksheet._shared_strings
        self.epoch = book.epoch
        self.date_styles: set[int] = set(book._date_formats)  # a number shown as a date (or a duration)
        self.duration_styles: set[int] = set(book._timedelta_formats)
        self.part = str(worksheet._worksheet_path).lstrip("/")
        self.sheet = sheet
        self.max_columns = max_columns
        self.cells = 0
        self.row = self.column = self.previous_row = 0
        self.row_text = ""
        self.columns: dict[str, int] = {}  # column letters already checked, e.g. "AB" -> 28
        self.formulas_without_value: list[str] = []

    def refuse(self, reason: str, column: int | None = None) -> ImportRefused:
        return ImportRefused(reason, Where(line=self.row or None, column=column, sheet=self.sheet))

    def rows(self) -> Iterator[tuple[int, dict[int, Any]]]:
        """Each row as it is read; the row's elements are dropped before the next one."""
        stack: list[Element] = []
        in_row = 0
        with self.worksheet._get_source() as source:
            try:
                for event, element in iterparse(source, events=("start", "end")):
                    if event == "start":
                        stack.append(element)
                        if in_row:
                            in_row += 1
                            if in_row > MAX_ROW_ELEMENTS:
                                raise self.refuse(f"la fila tiene más de {MAX_ROW_ELEMENTS:,} elementos XML.")
                        elif element.tag == ROW:
                            in_row = 1
                        continue
                    stack.pop()
                    if element.tag == ROW:
                        in_row = 0
                        yield self.read_row(element)
                    elif in_row:
                        continue
                    element.clear()
                    if stack:
                        stack[-1].remove(element)
            except ParseError as exc:
                line, column = exc.position
                raise ImportRefused(
                    f"el XML de {self.part} está dañado (línea {line}, columna {column + 1}).",
                    Where(sheet=self.sheet),
                ) from exc
            except (zipfile.BadZipFile, OSError, EOFError) as exc:  # a CRC or inflate error
                reason = f"la parte {self.part} está dañada ({exc})."
                raise ImportRefused(reason, Where(sheet=self.sheet)) from exc

    def read_row(self, element: Element) -> tuple[int, dict[int, Any]]:
        number_text = element.get("r")
        if number_text is None:
            number = self.previous_row + 1
        elif not _INDEX.fullmatch(number_text) or not 1 <= int(number_text) <= MAX_EXCEL_ROW:
            raise ImportRefused(
                f"el número de fila «{number_text[:20]}» de {self.part} no es válido.",
                Where(sheet=self.sheet),
            )
        else:
            number = int(number_text)
        if number <= self.previous_row:
            previous = self.previous_row
            raise self.refuse(f"la fila {number} aparece después de la fila {previous} en {self.part}.")
        self.row, self.column, self.previous_row, self.row_text = number, 0, number, str(number)
        values: dict[int, Any] = {}
        for cell in element:
            if cell.tag != CELL:
                continue
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise self.refuse(f"la hoja tiene más de {MAX_CELLS:,} celdas.")
            column = self.locate(cell.get("r"))
            if column <= self.max_columns:
                values[column] = self.value(cell, column)
        element.clear()
        return number, values

    def locate(self, reference: str | None) -> int:
        """The cell's column: from its reference (checked to be in this row), else the next one."""
        if reference is None:
            self.column += 1
            if self.column > MAX_EXCEL_COLUMN:
                raise self.refuse(f"la fila tiene más de {MAX_EXCEL_COLUMN:,} columnas.")
            return self.column
        letters = reference[: -len(self.row_text)] if reference.endswith(self.row_text) else ""
        column = self.columns.get(letters)
        if column is None:
            match = _REFERENCE.fullmatch(reference)
            column = _column_number(match.group(1)) if match else 0
            if match is None or not 1 <= column <= MAX_EXCEL_COLUMN:
                raise self.refuse(f"la referencia de celda «{reference[:20]}» no es válida.")
            if int(match.group(2)) != self.row:
                raise self.refuse(f"la celda {reference} está dentro de la fila {self.row}.")
            self.columns[match.group(1)] = column
        self.column = column
        return column

    def value(self, cell: Element, column: int) -> Any:
        """The cell's value as openpyxl gives it (data only: a formula's cached value)."""
        raw = cell.findtext(VALUE)
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return _inline_text(cell)
        if not raw:
            if cell.find(FORMULA) is not None:
                self.formulas_without_value.append(f"{column_letter(column)}{self.row}")
            return None
        name = f"{column_letter(column)}{self.row}"
        try:
            if kind == "n":
                number = _number(raw)
                style = cell.get("s")
                if style is not None and self.date_styles and int(style) in self.date_styles:
                    return self.date(number, int(style), name, column)
                return number
            if kind == "s":
                return self.shared_string(raw, name, column)
            if kind in ("str", "e"):
                return raw
            if kind == "b":
                return bool(int(raw))
            if kind == "d":
                return from_ISO8601(raw)
        except (ValueError, TypeError, OverflowError) as exc:
            what = {"d": "una fecha válida", "n": "un número válido"}.get(kind, "un valor válido")
            raise self.refuse(f"la celda {name} dice «{raw[:40]}», que no es {what}.", column) from exc
        raise self.refuse(f"la celda {name} tiene un tipo desconocido («{kind[:20]}»).", column)

    def date(self, number: float, style: int, name: str, column: int) -> Any:
        try:
            return from_excel(number, self.epoch, timedelta=style in self.duration_styles)
        except (ValueError, OverflowError) as exc:
            reason = f"la celda {name} tiene formato de fecha y el valor {number}, fuera del calendario."
            raise self.refuse(reason, column) from exc

    def shared_string(self, raw: str, name: str, column: int) -> str:
        if _INDEX.fullmatch(raw) and int(raw) < len(self.shared_strings):
            return self.shared_strings[int(raw)]
        raise self.refuse(
            f"la celda {name} remite al texto compartido nº {raw[:20]}, que no "
            f"existe en {SHARED_STRINGS} (tiene {len(self.shared_strings):,} en total).",
            column,
        )
