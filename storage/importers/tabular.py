"""Reading spreadsheets into numbered rows: CSV (any of ; , or tab) and XLSX sheets (openpyxl).

Both give ``Table``s of (line or row number, cells) so the template and CEPLAN parsers do not care
where the rows came from. Row counts are bounded while reading, so a huge sheet is refused early.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook

from storage.importers.common import MAX_ROWS, ImportRefused, Where, decode_text, header_key, split_lines
from storage.importers.xlsx_guard import check_directory, scan_parts
from storage.importers.xlsx_sheet import SheetReader

HEADER_SCAN = 30  # a header row is looked for among the first rows (titles may come before it)
MAX_SCANNED = MAX_ROWS * 5  # blank or formatted rows read before giving up
MAX_COLUMNS = 200
Cell = Any  # str | int | float | datetime | bool | None, as CSV or openpyxl give them


@dataclass(frozen=True)
class Table:
    """Numbered rows of one CSV file or one sheet (``sheet`` None for CSV)."""

    sheet: str | None
    rows: list[tuple[int, tuple[Cell, ...]]]

    def where(self, line: int | None = None, column: int | None = None, header: str | None = None) -> Where:
        return Where(line=line, column=column, header=header, sheet=self.sheet)

    def find_header(self, matches: Callable[[list[str]], bool]) -> int | None:
        """Index in ``rows`` of the first row whose header keys satisfy ``matches``."""
        for index, (_, cells) in enumerate(self.rows[:HEADER_SCAN]):
            if matches(header_keys(cells)):
                return index
        return None


def header_keys(cells: Sequence[Cell]) -> list[str]:
    return [header_key(str(cell)) if cell is not None else "" for cell in cells]


def column_roles(header: Sequence[Cell], role_of: Callable[[str], str | None]) -> dict[str, int]:
    """Which column holds each role a format knows, by header name (the first column wins)."""
    columns: dict[str, int] = {}
    for index, key in enumerate(header_keys(header)):
        role = role_of(key)
        if role is not None and role not in columns:
            columns[role] = index
    return columns


def is_blank(cells: Sequence[Cell]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _bounded(
    rows: Iterator[tuple[int, tuple[Cell, ...]]], sheet: str | None
) -> list[tuple[int, tuple[Cell, ...]]]:
    kept: list[tuple[int, tuple[Cell, ...]]] = []
    for number, cells in rows:
        if is_blank(cells):
            continue
        if number > MAX_SCANNED:
            raise ImportRefused(f"el archivo tiene más de {MAX_SCANNED:,} filas.", Where(number, sheet=sheet))
        if len(kept) > MAX_ROWS + HEADER_SCAN:
            raise ImportRefused(
                f"el archivo tiene más de {MAX_ROWS:,} filas de datos.", Where(number, sheet=sheet)
            )
        kept.append((number, cells))
    return kept


def _delimiter(text: str) -> str:
    """The separator splitting some early line (the header, after any title lines) the most."""
    lines = split_lines(text)[:HEADER_SCAN]
    return max(("\t", ";", ","), key=lambda mark: max((line.count(mark) for line in lines), default=0))


def read_csv(data: bytes) -> Table:
    """A CSV file's rows, numbered by the line each record starts on."""
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))

    def numbered() -> Iterator[tuple[int, tuple[Cell, ...]]]:
        start = 1
        try:
            for record in reader:
                yield start, tuple(cell if cell.strip() else None for cell in record[:MAX_COLUMNS])
                start = reader.line_num + 1
        except csv.Error as exc:
            raise ImportRefused(f"el CSV no se puede leer ({exc}).", Where(start)) from exc

    return Table(None, _bounded(numbered(), None))


def is_xlsx(data: bytes) -> bool:
    """A zip holding an Excel workbook (checked by content, not by file name)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):  # a damaged ZIP
        return False


@contextmanager
def workbook(data: bytes) -> Iterator[Any]:
    """The workbook, read-only with cached formula values, once its ZIP directory and XML parts pass
    the bounds of storage.importers.xlsx_guard; a damaged file is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_directory(data, archive)
            scan_parts(archive)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ImportRefused(f"el archivo Excel (ZIP) está dañado ({exc}).") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it cannot read; not our concern
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ParseError as exc:  # the other parts were scanned: a sheet openpyxl sizes up at loading
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            scan_parts(archive, sheets=True)  # refuses naming the sheet part, line and column
        raise ImportRefused(f"el XML de una hoja del archivo Excel está dañado ({exc}).") from exc
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportRefused(
            f"el archivo Excel está dañado o no se puede leer ({type(exc).__name__}: {str(exc)[:120]})."
        ) from exc
    try:
        yield book
    finally:
        book.close()


def read_sheet(book: Any, name: str, *, limit: int | None = None) -> Table:
    """A sheet's non-blank rows (the first ``limit`` rows only, when given), numbered as Excel does.

    The sheet's ``<dimension>`` is not trusted: every row is read. A formula without a cached value
    is refused naming its cells (read as blank it would silently move figures or the cut-off).
    """
    reader = SheetReader(book[name], name, MAX_COLUMNS)

    def numbered() -> Iterator[tuple[int, tuple[Cell, ...]]]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a date out of range is read as #VALUE!, then refused
            for number, values in reader.rows():
                if limit is not None and number > limit:
                    return
                yield number, tuple(values.get(column) for column in range(1, max(values, default=0) + 1))

    table = Table(name, _bounded(numbered(), name))
    if reader.formulas_without_value:
        cells = reader.formulas_without_value
        shown = ", ".join(cells[:10]) + (f" y {len(cells) - 10:,} más" if len(cells) > 10 else "")
        raise ImportRefused(
            f"las celdas {shown} tienen fórmulas sin valor calculado (el archivo no se guardó desde "
            "Excel): ábralo en Excel y guárdelo, o pegue solo los valores.",
            Where(sheet=name),
        )
    return table
