"""Reading rows out of a workbook: a folder of CSV files, one CSV file, or one .xlsx.

Finnish Excel reality (issue 2 item 4): CSV saved by Excel in a Finnish locale uses
``;``, older saves are cp1252, newer UTF-8 with a BOM, "Unicode text" is UTF-16 with
tabs; xlsx cells come back as floats (``12.0``), datetimes and booleans.  This module
turns all of that into plain text rows so that every cell is then parsed by the
model's ``FieldSpec.parse`` and nowhere else.  Rows are streamed with the stdlib
``csv`` module (no pandas per cell: the national benchmark has 250,000 links).
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from graphmap.i18n.failure import reason
from graphmap.model import SHEETS, Message

from .problems import LocatedProblem


#: Sheet (or CSV file) names people use, matched after NFC-normalising and lower-casing.
SHEET_ALIASES: dict[str, str] = {
    alias: sheet
    for sheet, aliases in {
        "areas": ("areas", "alueet", "områden", "omraden"),
        "organisations": ("organisations", "organizations", "organisaatiot", "organisationer"),
        "units": ("units", "yksiköt", "yksikot", "enheter"),
        "roles": ("roles", "roolit", "tehtävät", "roller"),
        "links": ("links", "yhteydet", "linkit", "länkar", "lankar"),
    }.items()
    for alias in aliases
}
#: Sheets a workbook may hold that are not data (the template's instructions).
IGNORED_SHEETS = {"ohjeet", "instructions", "anvisningar", "ohje"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}


def normalise(name: str) -> str:
    """Compare names the way a person reads them: NFC (macOS writes file names in NFD),
    case-insensitive, surrounding spaces ignored."""
    return unicodedata.normalize("NFC", name).strip().lower()


def _folded(name: str) -> str:
    """``name`` without accents: a web upload's file names pass through
    ``secure_filename``, which makes ``tehtävät.csv`` ``tehtavat.csv``."""
    return "".join(c for c in unicodedata.normalize("NFKD", normalise(name))
                   if not unicodedata.combining(c))


_FOLDED_ALIASES = {_folded(alias): sheet for alias, sheet in SHEET_ALIASES.items()}


def sheet_for(name: str) -> str | None:
    return SHEET_ALIASES.get(normalise(name)) or _FOLDED_ALIASES.get(_folded(name))


@dataclass
class SheetSource:
    """One sheet's rows: ``rows`` yields each spreadsheet row's cells as text, from
    row 1 (the row number is the position: a CSV record with a line break inside a
    quoted cell is still one spreadsheet row)."""

    sheet: str
    file: str
    tab: str | None
    rows: Iterable[list[str]]
    broken: bool = False  # could not be read at all (reported already)
    #: about how many rows the sheet has, known before reading it (a progress bar's
    #: length; 0: unknown)
    rows_hint: int = 0
    # (row, column index) → why the cell cannot be read (an Excel error, a formula saved
    # without its value, the top-left cell of a merged range); filled as rows are read
    bad_cells: dict = field(default_factory=dict)

    def problem(self, row: int | None, column: str | None, message: str) -> LocatedProblem:
        return LocatedProblem(self.file, row, column, message, self.tab)


@dataclass
class Workbook:
    """Everything found at a path: the sheets, problems reading it, and warnings."""

    path: Path
    sheets: list[SheetSource] = field(default_factory=list)
    problems: list[LocatedProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _keep_open: list = field(default_factory=list)

    def close(self) -> None:
        for thing in self._keep_open:
            thing.close()
        self._keep_open.clear()


def open_workbook(path) -> Workbook:
    """Find the sheets at ``path`` (folder, ``.csv`` file or ``.xlsx``)."""
    path = Path(path)
    book = Workbook(path)
    name = path.name or str(path)
    if not path.exists():
        book.problems.append(LocatedProblem(name, None, None, Message("source_missing")))
    elif path.is_dir():
        _open_folder(book)
    elif path.suffix.lower() in {".xlsx", ".xlsm"}:
        _open_xlsx(book)
    elif path.suffix.lower() in CSV_SUFFIXES:
        sheet = sheet_for(path.stem)
        if sheet is None:
            book.problems.append(LocatedProblem(name, None, None, _unknown_sheet_message(path.stem)))
        else:
            book.sheets.append(_csv_sheet(book, sheet, path, name))
    elif path.suffix.lower() in {".xls", ".ods"}:
        book.problems.append(LocatedProblem(name, None, None, Message("source_old_format")))
    else:
        book.problems.append(LocatedProblem(name, None, None, Message("source_unknown_kind")))
    if not book.problems and not book.sheets:
        book.problems.append(LocatedProblem(name, None, None,
                                            Message("source_no_sheets", expected=_expected_sheets())))
    return book


def _expected_sheets() -> Message:
    return Message("source_expected_sheets", files=", ".join(f"{s}.csv" for s in SHEETS))


def _unknown_sheet_message(stem: str) -> Message:
    return Message("source_not_sheet", name=repr(stem), expected=_expected_sheets())


def _open_folder(book: Workbook) -> None:
    seen: dict[str, str] = {}
    for path in sorted(book.path.iterdir()):
        if not path.is_file() or path.suffix.lower() not in CSV_SUFFIXES:
            continue
        sheet = sheet_for(path.stem)
        if sheet is None:
            if normalise(path.stem) not in IGNORED_SHEETS:
                book.warnings.append(Message("warn_not_sheet_file", file=path.name))
            continue
        if sheet in seen:
            book.problems.append(LocatedProblem(path.name, None, None, Message(
                "source_sheet_twice", first=seen[sheet], second=path.name, sheet=sheet)))
            continue
        seen[sheet] = path.name
        book.sheets.append(_csv_sheet(book, sheet, path, path.name))
    book.sheets.sort(key=lambda s: SHEETS.index(s.sheet))


# ------------------------------------------------------------------------- CSV


class DecodeError(ValueError):
    """The bytes are not text in one encoding; ``offset`` is the first bad byte."""

    def __init__(self, message, index: int, text: str):
        super().__init__(message)
        self.index, self.text = index, text  # the first bad character of text (decoded)


#: A UTF-8 sequence of two to four bytes (ä is C3 A4): cp1252 text practically never
#: holds one, since it would read as "Ã¤".
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def decode(data: bytes) -> str:
    """Text of a CSV file, one encoding for the whole file (issue 10 item 2):

    * a UTF-16 BOM (Excel "Unicode text"), or UTF-16 without one → UTF-16;
    * valid UTF-8 (with or without BOM) → UTF-8;
    * no UTF-8 sequence anywhere and every byte defined in cp1252 → cp1252 (older
      Finnish Windows saves);
    * otherwise (a UTF-8 file with a row pasted in from another encoding) →
      :class:`DecodeError` at the first byte that is not UTF-8: guessing cp1252 would
      rewrite every ä and ö of the file as mojibake ("yksikkÃ¶")."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(Message("not_utf16"),
                              len(data[:exc.start].decode("utf-16", "replace")),
                              data.decode("utf-16", "replace")) from None
    head = data[:200]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:  # UTF-16 without a BOM
        try:
            return data.decode("utf-16-le" if head[1] == 0 else "utf-16-be")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
    if not _UTF8_MULTIBYTE.search(data):
        undefined = _CP1252_UNDEFINED.search(data)
        if undefined is None:
            return data.decode("cp1252")
        first_bad = undefined.start()
        message = Message("not_cp1252", byte=f"0x{data[first_bad]:02X}")
    else:
        message = Message("mixed_encoding", byte=f"0x{data[first_bad]:02X}")
    raise DecodeError(message, len(data[:first_bad].decode("utf-8-sig", "replace")),
                      data.decode("utf-8-sig", "replace"))


def locate_offset(text: str, index: int, delimiter: str) -> tuple[int, str | None]:
    """The spreadsheet row (header = 1) and column (its header, or its letter) of the
    character at ``index`` of a CSV text: a cell may hold line breaks, so the rows are
    counted by the csv module, not by lines."""
    records = list(csv.reader(io.StringIO(text[:index] + "\x01"), delimiter=delimiter))
    records = records or [[""]]
    row, col = len(records), len(records[-1]) - 1
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=delimiter), [])
    name = header[col].strip() if col < len(header) and header[col].strip() else None
    return row, name or column_letter(col)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sniff_delimiter(text: str) -> str:
    """``;`` (Finnish Excel), ``\\t`` or ``,``, whichever the header line uses most.  The
    header is the first line that has any of them: a title line above it has none."""
    for line in text[:65536].splitlines()[:10]:  # the head: splitting a whole file costs
        if line.strip():
            counts = {d: line.count(d) for d in (",", ";", "\t")}
            best = max(counts, key=lambda d: (counts[d], d == ","))
            if counts[best]:
                return best
    return ","


def decode_csv(data: bytes, problem) -> tuple[str | None, LocatedProblem | None]:
    """The text of a CSV file's bytes by :func:`decode`, or the problem saying why not,
    at its row and column: ``problem(row, column, message)`` makes it (the caller knows
    the file).  A NUL byte is refused too: no spreadsheet saves one in a text file."""
    try:
        text = decode(data)
    except DecodeError as exc:
        row, column = locate_offset(exc.text, exc.index, sniff_delimiter(exc.text))
        return None, problem(row, column, exc.args[0])
    nul = text.find("\x00")
    if nul >= 0:
        row, column = locate_offset(text, nul, sniff_delimiter(text.replace("\x00", "")))
        return None, problem(row, column, Message("nul_byte"))
    return text, None


def _csv_sheet(book: Workbook, sheet: str, path: Path, name: str) -> SheetSource:
    source = SheetSource(sheet, name, None, iter(()))
    try:
        data = path.read_bytes()
    except OSError as exc:
        book.problems.append(source.problem(None, None, Message("source_unreadable", error=reason(exc))))
        source.broken = True
        return source
    if not data.strip():
        book.problems.append(source.problem(None, None, Message("source_empty")))
        source.broken = True
        return source
    text, problem = decode_csv(data, source.problem)
    if problem is not None:
        book.problems.append(problem)
        source.broken = True
        return source
    assert text is not None  # decode_csv gives the text or the problem
    # csv.reader straight to the importer: a generator wrapper costs 10 % at 250,000
    # rows.  Its csv.Error (e.g. a NUL byte) is reported by the importer with the row.
    source.rows = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))
    source.rows_hint = text.count("\n") + (not text.endswith("\n"))
    return source


# ------------------------------------------------------------------------ xlsx


#: Limits on an .xlsx before it is read (issue 10 item 9): a 0.9 MB file whose shared
#: strings inflate to 1 GB cost 2.8 GB of memory.  An .xlsx is a zip of XML parts; the
#: sizes its directory declares are the most ``zipfile`` will ever inflate, so checking
#: them first is enough.  Environment variables change them (megabytes, a ratio).
XLSX_MAX_UNPACKED_MB = 500  # all parts together: a national workbook unpacks to ~150 MB
XLSX_MAX_RATIO = 200        # inflated / packed per part: real sheets stay under ~30


def xlsx_limits() -> tuple[int, int]:
    """(bytes all parts may inflate to, largest inflation ratio of one part), from
    ``GRAPHMAP_XLSX_MAX_UNPACKED_MB`` and ``GRAPHMAP_XLSX_MAX_RATIO`` or the defaults."""
    megabytes = int(os.environ.get("GRAPHMAP_XLSX_MAX_UNPACKED_MB") or XLSX_MAX_UNPACKED_MB)
    ratio = int(os.environ.get("GRAPHMAP_XLSX_MAX_RATIO") or XLSX_MAX_RATIO)
    return megabytes * 1_000_000, ratio


def zip_bomb(path: Path) -> Message | None:
    """Why the zip at ``path`` must not be unpacked, or ``None`` (a broken zip is left
    to openpyxl, which says so)."""
    most, ratio = xlsx_limits()
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        return None
    total = sum(m.file_size for m in members)
    if total > most:
        return Message("xlsx_too_big", mb=total // 1_000_000, limit=most // 1_000_000)
    for m in members:
        # small parts may compress extremely well (an empty sheet); they cannot hurt
        if m.file_size > 1_000_000 and m.file_size > ratio * max(m.compress_size, 1):
            return Message("xlsx_bomb", part=m.filename, mb=m.file_size // 1_000_000,
                           ratio=m.file_size // max(m.compress_size, 1), limit=ratio)
    return None


def _open_xlsx(book: Workbook) -> None:
    wb = _open_any_xlsx(book)
    if wb is None:
        return
    name = book.path.name
    seen: dict[str, str] = {}
    for ws in wb.worksheets:
        sheet = sheet_for(ws.title)
        if sheet is None:
            if normalise(ws.title) not in IGNORED_SHEETS:
                book.warnings.append(Message("warn_not_sheet_tab", file=name,
                                             sheet=repr(ws.title)))
            continue
        if sheet in seen:
            book.problems.append(LocatedProblem(name, None, None, Message(
                "source_sheet_twice", first=repr(seen[sheet]), second=repr(ws.title),
                sheet=sheet), ws.title))
            continue
        seen[sheet] = ws.title
        source = SheetSource(sheet, name, ws.title, iter(()))
        source.rows = _xlsx_rows(book, source, ws)
        source.rows_hint = _declared_rows(ws)
        book.sheets.append(source)
    book.sheets.sort(key=lambda s: SHEETS.index(s.sheet))


def _declared_rows(ws) -> int:
    """The row count the sheet's dimension declares (0 when it declares none)."""
    try:
        return int(ws.max_row or 0)
    except (TypeError, ValueError):
        return 0


def _open_any_xlsx(book: Workbook):
    """The openpyxl workbook at ``book.path`` (kept open in ``book``), or ``None`` with
    the problem recorded: too big or a bomb (checked before reading), not a workbook."""
    import openpyxl
    name = book.path.name
    bomb = zip_bomb(book.path)
    if bomb is not None:
        book.problems.append(LocatedProblem(name, None, None, bomb))
        return None
    try:
        # data_only=True: a formula cell gives the value Excel saved with it (what the
        # person sees); _CellReader below refuses formulas saved without one
        wb = openpyxl.load_workbook(book.path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, …
        broken = _broken_sheet(book.path)
        if broken is not None:  # say which sheet and row, not just "cannot read"
            title, row, error = broken
            book.problems.append(LocatedProblem(name, row, None, Message(
                "sheet_unreadable", error=error), title))
            return None
        book.problems.append(LocatedProblem(
            name, None, None, Message("xlsx_unreadable", error=reason(exc))))
        return None
    book._keep_open.append(wb)
    return wb


def _broken_sheet(path: Path) -> tuple[str, int | None, Message] | None:
    """(sheet title, row, error) of the first sheet part that is not well-formed XML,
    streamed (only read when openpyxl has failed already)."""
    from xml.etree.ElementTree import fromstring
    from xml.parsers import expat
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        with zipfile.ZipFile(path) as zf:
            rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target", "").lstrip("/") for r in rels}
            titles = {}
            for sheet in fromstring(zf.read("xl/workbook.xml")).iter(ns + "sheet"):
                target = targets.get(sheet.get(rel_ns + "id"), "")
                part = target if target.startswith("xl/") else "xl/" + target
                titles[part] = sheet.get("name") or part
            for part, title in titles.items():
                rows: list[int] = [0]
                parser = expat.ParserCreate()  # no tree kept: a sheet may be 100 MB

                def start(tag, attrs, rows=rows):
                    if tag == "row" or tag.endswith(":row"):
                        rows[0] = int(attrs.get("r") or 0) or rows[0] + 1

                parser.StartElementHandler = start
                try:
                    with zf.open(part) as src:
                        while chunk := src.read(1 << 20):
                            parser.Parse(chunk, False)
                        parser.Parse(b"", True)
                except expat.ExpatError as exc:
                    return title, rows[0] or None, reason(exc)
    except Exception:  # not even the workbook's own parts: openpyxl's message stands
        return None
    return None


def table_rows(path: Path) -> tuple[list[list[str]], list[LocatedProblem]]:
    """All rows of a one-table file (a survey: a CSV, or an .xlsx's first sheet) as
    texts, read by the same rules as a workbook (encodings, size limits, formula values,
    error and merged cells), and the problems found, located."""
    path = Path(path)
    book = Workbook(path)
    name = path.name
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        _open_any_xlsx(book)
        if book.problems or not book._keep_open:
            return [], book.problems
        ws = book._keep_open[0].worksheets[0]
        source = SheetSource("survey", name, ws.title, iter(()))
    else:
        source = _csv_sheet(book, "survey", path, name)
        if source.broken:
            return [], book.problems
    try:
        rows = list(source.rows if source.tab is None else _xlsx_rows(book, source, ws))
    except csv.Error as exc:
        book.problems.append(source.problem(None, None, Message("source_csv_unreadable", error=reason(exc))))
        rows = []
    finally:
        book.close()
    header = rows[0] if rows else []
    for (row, index), message in sorted(source.bad_cells.items()):
        if message is not None:
            column = header[index] if index < len(header) and header[index] else None
            book.problems.append(source.problem(row, column or column_letter(index), message))
    return rows, book.problems


def _cell_reader():
    """openpyxl's sheet parser, telling apart what its values_only rows hide: a formula
    saved without its value, an error cell (#N/A, #REF!)."""
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class _CellReader(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if element.find(FORMULA_TAG) is not None:
                value = element.find(VALUE_TAG)
                # Excel saves an empty text result as t="str" with an empty <v>; a
                # formula never calculated (openpyxl, scripts) has no <v> or an empty one
                if value is None or (not value.text and element.get("t") != "str"):
                    cell["data_type"] = "formula_without_value"
            return cell

    return _CellReader


def _xlsx_rows(book: Workbook, source: SheetSource, ws):
    """Every row of the sheet as texts, from row 1.  The sheet's XML is read to its end
    whatever its ``<dimension>`` declares (issue 10 item 1: openpyxl's read-only rows
    stop at the declared size, and a --replace then deleted the unread rows).  Cells
    that cannot be taken as text (errors, formulas without a value, merged ranges) are
    recorded in ``source.bad_cells`` for the importer to report at their column."""
    number = 0
    try:
        with ws._get_source() as src:
            parser = _cell_reader()(src, ws._shared_strings, data_only=True,
                                    epoch=ws.parent.epoch,
                                    date_formats=ws.parent._date_formats,
                                    timedelta_formats=ws.parent._timedelta_formats)
            for index, cells in parser.parse():
                while number < index - 1:  # rows the XML leaves out are empty rows
                    number += 1
                    yield _NO_CELLS
                number = index
                width = min(max((c["column"] for c in cells), default=0), MAX_COLUMNS)
                row: list[str] = [""] * width
                far = False
                for cell in cells:
                    column, value, kind = cell["column"] - 1, cell["value"], cell["data_type"]
                    if column >= MAX_COLUMNS:
                        # a cell at XFD1 must not make every row 16,384 cells long; the
                        # first such value of a row is reported
                        if not far and value is not None and value != "":
                            far = True
                            source.bad_cells[(index, column)] = Message(
                                "cell_too_far", cell=cell_name(column, index),
                                limit=MAX_COLUMNS)
                        continue
                    if kind == "e":
                        source.bad_cells[(index, column)] = Message("cell_error", value=value)
                    elif kind == "formula_without_value":
                        source.bad_cells[(index, column)] = Message("formula_without_value")
                    row[column] = cell_text(value)
                yield row
            merged = parser.merged_cells
            for cell_range in (merged.mergeCell if merged is not None else ()):
                _merged(source, str(cell_range.ref))
    except Exception as exc:  # a damaged sheet part inside an otherwise valid zip
        book.problems.append(source.problem(number + 1, None, Message(
            "sheet_unreadable", error=reason(exc))))


#: Excel's error values as an English, Finnish or Swedish Excel shows them and saves them
#: to CSV: never data (a unit named "#N/A"), always a broken formula
EXCEL_ERRORS = frozenset({
    "#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
    "#PUUTTUU!", "#VIITTAUS!", "#ARVO!", "#JAKO/0!", "#NIMI?", "#LUKU!", "#TYHJÄ!",
    "#SAKNAS!", "#REFERENS!", "#VÄRDEFEL!", "#DIVISION/0!", "#NAMN?", "#OGILTIGT!",
    "#SKÄRNING!"})

#: Columns read from a sheet (a workbook sheet has about 20): a row is a list this long
MAX_COLUMNS = 256
_NO_CELLS: list[str] = []  # shared by every empty row (never changed: padding copies)


def cell_name(column: int, row: int) -> str:
    """``B5`` for column index 1, row 5."""
    return f"{column_letter(column)}{row}"


def _merged(source: SheetSource, ref: str) -> None:
    from openpyxl.utils.cell import range_boundaries
    bounds = range_boundaries(ref)
    if None in bounds:  # a whole-row or whole-column range: no cells to mark
        return
    min_col, min_row, max_col, max_row = (int(b) for b in bounds)  # type: ignore[arg-type]
    for row in range(min_row, min(max_row, min_row + 1000) + 1):
        for column in range(min_col - 1, min(max_col, min_col + 100)):
            # the covered cells are empty: their problems would only repeat this one
            source.bad_cells.setdefault((row, column), None)
    source.bad_cells[(min_row, min_col - 1)] = Message("merged_cells", cells=ref)


def cell_text(value) -> str:
    """An xlsx cell as the text a person sees: 12.0 → "12", a date → ISO, True → yes."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
