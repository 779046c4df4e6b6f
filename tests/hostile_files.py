"""Hostile and damaged files, generated here (never shipped): workbooks that inflate to gigabytes,
ZIPs with thousands of entries, damaged sheet XML, texts in odd encodings.

Big parts are written as a stream of chunks, so a test (or the benchmark) never holds them whole.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from storage.importers.template import TEMPLATE_COLUMNS
from tests.import_helpers import xlsx_bytes

SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"
CONTENT_TYPES = "[Content_Types].xml"
_SST_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_OPEN = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
_MIB = 1024 * 1024
Part = bytes | Iterable[bytes]


def template_row(number: int, unit: str = "GERENCIA DE FINANZAS", year: int | None = None) -> list[Any]:
    """A template row (activity «Actividad N», 12 programmed, one executed in January)."""
    texts = [year, unit, "ACCIONES CENTRALES", f"Actividad {number}", "ACCIONES"]
    return [*texts, 12, *[1] * 12, 1, *[None] * 11]


def template_rows(count: int = 10) -> list[list[Any]]:
    rows = [template_row(number, year=2024 if number == 1 else None) for number in range(1, count + 1)]
    return [list(TEMPLATE_COLUMNS), *rows]


def template_xlsx(count: int = 10) -> bytes:
    """A good template workbook: header in row 1, activities in rows 2..count+1."""
    return xlsx_bytes(template_rows(count))


def parts_of(data: bytes) -> dict[str, Part]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def build(parts: dict[str, Part]) -> bytes:
    """A ZIP of the parts, deflated; iterable parts are streamed chunk by chunk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as stream:
                for chunk in content:
                    stream.write(chunk)
    return buffer.getvalue()


def edit_sheet(data: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with one piece of its sheet XML replaced (which must be there)."""
    parts = parts_of(data)
    sheet = parts[SHEET]
    assert isinstance(sheet, bytes)
    assert old in sheet, old
    parts[SHEET] = sheet.replace(old, new, 1)
    return build(parts)


def with_shared_strings(data: bytes, strings: Part, cell: bytes = b'<c r="B2" t="s"><v>0</v></c>') -> bytes:
    """The workbook with a shared-strings part, and the unit of row 2 (B2) pointing into it."""
    parts = parts_of(data)
    types = parts[CONTENT_TYPES]
    assert isinstance(types, bytes)
    override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + _SST_TYPE + b'"/>'
    parts[CONTENT_TYPES] = types.replace(b"</Types>", override + b"</Types>")
    sheet = parts[SHEET]
    assert isinstance(sheet, bytes)
    start = sheet.index(b'<c r="B2"')
    end = sheet.index(b"</c>", start) + len(b"</c>")
    parts[SHEET] = sheet[:start] + cell + sheet[end:]
    parts[SHARED] = strings
    return build(parts)


def repeated(piece: bytes, size: int, chunk: int = _MIB) -> Iterator[bytes]:
    """``size`` bytes of ``piece`` repeated, in chunks of about ``chunk`` bytes."""
    block = piece * max(1, chunk // len(piece))
    left = size
    while left > 0:
        part = block[:left]
        left -= len(part)
        yield part


def huge_shared_string(size: int) -> bytes:
    """One shared string of ``size`` characters (2 GiB inflates from about 2 MB)."""
    parts = (_SST_OPEN + b"<si><t>", *repeated(b"A", size), b"</t></si></sst>")
    return with_shared_strings(template_xlsx(), (part for part in parts))


def tiny_shared_strings(count: int) -> bytes:
    """``count`` one-letter shared strings."""
    piece = b"<si><t>x</t></si>"
    parts = (_SST_OPEN, *repeated(piece, count * len(piece), len(piece) * 65_536), b"</sst>")
    return with_shared_strings(template_xlsx(), (part for part in parts))


def whitespace_sheet(size: int) -> bytes:
    """The template with ``size`` bytes of spaces inside its sheet data."""
    parts = parts_of(template_xlsx())
    sheet = parts[SHEET]
    assert isinstance(sheet, bytes)
    head, tail = sheet.split(b"<sheetData>")
    parts[SHEET] = (piece for piece in (head, b"<sheetData>", *repeated(b" ", size), tail))
    return build(parts)


def many_entries(count: int) -> bytes:
    """The template plus ``count`` empty entries."""
    parts = parts_of(template_xlsx())
    parts.update({f"xl/media/empty{number}.bin": b"" for number in range(count)})
    return build(parts)


def lying_directory(data: bytes, name: str, size: int) -> bytes:
    """The ZIP with the uncompressed size its central directory declares for ``name`` changed."""
    end = data.rindex(b"PK\x05\x06")
    entry = int.from_bytes(data[end + 16 : end + 20], "little")  # where the central directory starts
    while True:
        name_length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        extra = int.from_bytes(data[entry + 30 : entry + 32], "little")
        comment = int.from_bytes(data[entry + 32 : entry + 34], "little")
        if data[entry + 46 : entry + 46 + name_length] == name.encode():
            return data[: entry + 24] + size.to_bytes(4, "little") + data[entry + 28 :]
        entry += 46 + name_length + extra + comment


def stale_dimension(count: int = 10) -> bytes:
    """A template of ``count`` activities whose <dimension> claims only the first two."""
    real = f'<dimension ref="A1:AD{count + 1}" />'.encode()
    return edit_sheet(template_xlsx(count), real, b'<dimension ref="A1:AD3" />')


# Name -> builder, for the benchmark: at the sizes of the issue (uploads of 2.4-4 MB).
HOSTILE: dict[str, Callable[[], bytes]] = {
    "one huge shared string (2 GiB)": lambda: huge_shared_string(2048 * _MIB),
    "one huge shared string (200 MiB, under the ZIP bound)": lambda: huge_shared_string(200 * _MIB),
    "millions of tiny shared strings (12 M)": lambda: tiny_shared_strings(12_000_000),
    "gigabytes of whitespace in a sheet (4 GiB)": lambda: whitespace_sheet(4096 * _MIB),
    "whitespace in a sheet (250 MiB, under the ZIP bound)": lambda: whitespace_sheet(250 * _MIB),
    "zip bomb by entry count (40,000 entries)": lambda: many_entries(40_000),
}
