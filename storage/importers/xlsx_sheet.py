"""Reading one sheet of an untrusted XLSX: streamed, bounded, every fault a refusal naming its cell.

openpyxl's read-only worksheet trusts the sheet's ``<dimension>`` (a stale one hides rows), keeps
every parsed element of the sheet until the end, and lets a bad row number, cell reference,
shared-string index or number escape as a bare Python error. This reader uses openpyxl's cell parser
(so dates, booleans and rich text read as before) under its own loop: the ``<dimension>`` is ignored,
each row is dropped once read, cells and elements are counted as they stream, and a formula without a
cached value is remembered so the caller can refuse it naming the cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, ParseError, iterparse

from openpyxl.worksheet._reader import CELL_TAG, FORMULA_TAG, ROW_TAG, VALUE_TAG, WorkSheetParser

from storage.importers.common import ImportRefused, Where, column_letter
from storage.importers.xlsx_guard import SHARED_STRINGS

MAX_CELLS = 4_000_000  # cells in one sheet; a 20,000-row plan has about one million
MAX_ROW_ELEMENTS = 100_000  # XML elements inside one row (Excel's widest row has 16,384 cells)
MAX_EXCEL_ROW = 1_048_576
MAX_EXCEL_COLUMN = 16_384
_REFERENCE = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_INDEX = re.compile(r"[0-9]{1,9}")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class SheetReader(WorkSheetParser):  # type: ignore[misc]  # openpyxl has no type hints
    """Rows of one sheet as (row number, {column: value}), within MAX_COLUMNS columns."""

    def __init__(self, worksheet: Any, sheet: str, max_columns: int) -> None:
        book = worksheet.parent
        super().__init__(
            None,
            worksheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        self.worksheet = worksheet
        self.part = str(worksheet._worksheet_path).lstrip("/")
        self.sheet = sheet
        self.max_columns = max_columns
        self.cells = 0
        self.previous_row = 0
        self.formulas_without_value: list[str] = []

    def refuse(self, reason: str, column: int | None = None) -> ImportRefused:
        return ImportRefused(reason, Where(line=self.row_counter or None, column=column, sheet=self.sheet))

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
                        elif element.tag == ROW_TAG:
                            in_row = 1
                        continue
                    stack.pop()
                    if element.tag == ROW_TAG:
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
            except (OSError, EOFError) as exc:  # zipfile: a CRC or inflate error
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
        self.row_counter, self.col_counter, self.previous_row = number, 0, number
        values: dict[int, Any] = {}
        for cell in element:
            if cell.tag != CELL_TAG:
                continue
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise self.refuse(f"la hoja tiene más de {MAX_CELLS:,} celdas.")
            column = self.locate(cell)
            if column <= self.max_columns:
                values[column] = self.value(cell, column)
        element.clear()
        return number, values

    def locate(self, cell: Element) -> int:
        reference = cell.get("r")
        if reference is None:
            self.col_counter += 1
        else:
            match = _REFERENCE.fullmatch(reference)
            column = _column_number(match.group(1)) if match else 0
            if match is None or not 1 <= column <= MAX_EXCEL_COLUMN:
                raise self.refuse(f"la referencia de celda «{reference[:20]}» no es válida.")
            if int(match.group(2)) != self.row_counter:
                raise self.refuse(f"la celda {reference} está dentro de la fila {self.row_counter}.")
            self.col_counter = column
        if self.col_counter > MAX_EXCEL_COLUMN:
            raise self.refuse(f"la fila tiene más de {MAX_EXCEL_COLUMN:,} columnas.")
        return int(self.col_counter)

    def value(self, cell: Element, column: int) -> Any:
        raw = cell.findtext(VALUE_TAG)
        kind = cell.get("t", "n")
        name = f"{column_letter(column)}{self.row_counter}"
        if cell.find(FORMULA_TAG) is not None and not raw:
            self.formulas_without_value.append(name)
            return None
        if raw and kind == "s" and (not _INDEX.fullmatch(raw) or int(raw) >= len(self.shared_strings)):
            raise self.refuse(
                f"la celda {name} remite al texto compartido nº {raw[:20]}, que no existe en "
                f"{SHARED_STRINGS} ({len(self.shared_strings):,} textos).",
                column,
            )
        cell.set("r", name)
        try:
            return self.parse_cell(cell)["value"]
        except (ValueError, TypeError, OverflowError, IndexError, KeyError) as exc:
            shown = (raw or "")[:40]
            what = {"d": "una fecha válida", "n": "un número válido"}.get(kind, "un valor válido")
            raise self.refuse(f"la celda {name} dice «{shown}», que no es {what}.", column) from exc
