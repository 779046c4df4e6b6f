"""Bounds on an untrusted XLSX checked before openpyxl reads it.

First the ZIP's own directory (entry count, declared uncompressed sizes, compression methods): Python's
zipfile never inflates an entry past its declared size and checks its CRC, so the declared sizes bound
what can be read. Then every XML part but the sheets is streamed through expat, counting elements and
shared strings as they go, so a malformed part is refused naming it with its XML line and column and
millions of tiny (or one enormous) shared strings never reach memory. Sheets are bounded while they
are read (storage.importers.xlsx_sheet).
"""

from __future__ import annotations

import io
import struct
import zipfile
from xml.parsers import expat

from storage.importers.common import ImportRefused

MAX_ENTRIES = 1_000  # a workbook has a few dozen parts; hundreds with many sheets and images
MAX_UNCOMPRESSED = 256 * 1024 * 1024  # a 5 MiB upload inflates to tens of MiB when legitimate
MAX_PART_ELEMENTS = 3_000_000  # elements in one non-sheet part (styles, workbook, shared strings)
MAX_SHARED_STRINGS = 1_000_000  # distinct texts; a 20,000-row plan has tens of thousands
MAX_STRING = 32_767  # Excel's own limit on the text of one cell
SHARED_STRINGS = "xl/sharedStrings.xml"
_CHUNK = 1 << 20
_EOCD = b"PK\x05\x06"
_ZIP64_MARK = 0xFFFF


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MiB"


def declared_entries(data: bytes) -> int | None:
    """The entry count the ZIP's end record declares, read before any entry is (None: not found)."""
    end = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    entries: int = struct.unpack_from("<H", data, end + 10)[0]
    return None if entries == _ZIP64_MARK else entries


def check_directory(data: bytes, archive: zipfile.ZipFile) -> None:
    """Refuses an archive whose directory promises more than a POI workbook ever needs."""
    declared = declared_entries(data)
    infos = archive.infolist()
    count = max(declared or 0, len(infos))
    if count > MAX_ENTRIES:
        raise ImportRefused(
            f"el archivo Excel (ZIP) tiene {count:,} partes; un libro tiene a lo más {MAX_ENTRIES:,}."
        )
    total = 0
    names: set[str] = set()
    for info in infos:
        if info.filename in names:
            raise ImportRefused(f"el archivo Excel (ZIP) repite la parte {info.filename}.")
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise ImportRefused(f"la parte {info.filename} del archivo Excel está cifrada.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ImportRefused(
                f"la parte {info.filename} del archivo Excel usa un método de compresión no admitido."
            )
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise ImportRefused(
                f"el archivo Excel descomprimido ocupa más de {_mib(MAX_UNCOMPRESSED)} (la parte "
                f"{info.filename} sola, {_mib(info.file_size)}); un POI ocupa unos pocos MiB."
            )


def check_zip(data: bytes) -> None:
    """check_directory on raw bytes: run in the caller's process before any part is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_directory(data, archive)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ImportRefused(f"el archivo Excel (ZIP) está dañado ({exc}).") from exc


def is_sheet_part(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def scan_parts(archive: zipfile.ZipFile, *, sheets: bool = False) -> None:
    """Streams every XML part except the sheets (unless ``sheets``) through expat, within the bounds
    above; the first malformed one is refused with its XML line and column."""
    for info in archive.infolist():
        name = info.filename
        if name.endswith((".xml", ".rels")) and (sheets or not is_sheet_part(name)):
            _PartScan(name).run(archive, info)


class _PartScan:
    """One part's expat pass: well-formed, no DOCTYPE, bounded element and shared-string counts."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.shared = name == SHARED_STRINGS
        self.elements = 0
        self.strings = 0
        self.depth_in_string = 0
        self.string_chars = 0

    def run(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.StartDoctypeDeclHandler = self.doctype
        if self.shared:
            parser.EndElementHandler = self.end
            parser.CharacterDataHandler = self.text
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise ImportRefused(
                f"el XML de {self.name} está dañado (línea {exc.lineno}, columna {exc.offset + 1}: "
                f"{expat.errors.messages[exc.code]})."
            ) from exc
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ImportRefused(f"la parte {self.name} del archivo Excel está dañada ({exc}).") from exc

    def doctype(self, *_: object) -> None:
        raise ImportRefused(f"el XML de {self.name} declara un DOCTYPE; Excel nunca lo hace.")

    def start(self, tag: str, _attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > MAX_PART_ELEMENTS:
            raise ImportRefused(f"la parte {self.name} tiene más de {MAX_PART_ELEMENTS:,} elementos XML.")
        if self.shared and tag.rpartition(":")[2] == "si":
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                raise ImportRefused(
                    f"la parte {self.name} tiene más de {MAX_SHARED_STRINGS:,} textos compartidos; "
                    "un POI tiene unas decenas de miles."
                )
            self.depth_in_string, self.string_chars = 1, 0
        elif self.depth_in_string:
            self.depth_in_string += 1

    def end(self, _tag: str) -> None:
        if self.depth_in_string:
            self.depth_in_string -= 1

    def text(self, data: str) -> None:
        if not self.depth_in_string:
            return
        self.string_chars += len(data)
        if self.string_chars > MAX_STRING:
            raise ImportRefused(
                f"el texto compartido nº {self.strings:,} de {self.name} tiene más de {MAX_STRING:,} "
                "caracteres, el máximo de Excel para una celda."
            )
