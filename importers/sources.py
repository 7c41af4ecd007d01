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
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .problems import LocatedProblem

SHEETS = ("areas", "organisations", "units", "roles", "links")

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


def sheet_for(name: str) -> str | None:
    return SHEET_ALIASES.get(normalise(name))


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
        book.problems.append(LocatedProblem(name, None, None, "no such file or folder"))
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
        book.problems.append(LocatedProblem(name, None, None,
                                            "this spreadsheet format cannot be read; save it "
                                            "as .xlsx (Excel workbook) or as CSV files"))
    else:
        book.problems.append(LocatedProblem(name, None, None,
                                            "expected a folder of CSV files, a .csv file or "
                                            "an .xlsx workbook"))
    if not book.problems and not book.sheets:
        book.problems.append(LocatedProblem(name, None, None,
                                            "no sheets found; " + _expected_sheets()))
    return book


def _expected_sheets() -> str:
    return ("expected " + ", ".join(f"{s}.csv" for s in SHEETS)
            + " (or Finnish names such as alueet, organisaatiot, yksiköt, roolit, yhteydet)")


def _unknown_sheet_message(stem: str) -> str:
    return f"{stem!r} is not a workbook sheet; {_expected_sheets()}"


def _open_folder(book: Workbook) -> None:
    seen: dict[str, str] = {}
    for path in sorted(book.path.iterdir()):
        if not path.is_file() or path.suffix.lower() not in CSV_SUFFIXES:
            continue
        sheet = sheet_for(path.stem)
        if sheet is None:
            if normalise(path.stem) not in IGNORED_SHEETS:
                book.warnings.append(f"{path.name}: not a workbook sheet, ignored")
            continue
        if sheet in seen:
            book.problems.append(LocatedProblem(path.name, None, None,
                                                f"both {seen[sheet]} and {path.name} hold the "
                                                f"{sheet} sheet; keep one"))
            continue
        seen[sheet] = path.name
        book.sheets.append(_csv_sheet(book, sheet, path, path.name))
    book.sheets.sort(key=lambda s: SHEETS.index(s.sheet))


# ------------------------------------------------------------------------- CSV


def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-16 if it has that BOM (Excel "Unicode text"), else UTF-8
    with or without BOM, and if that fails cp1252 (Finnish Windows), then latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    head = data[:200]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:  # UTF-16 without a BOM
        try:
            return data.decode("utf-16-le" if head[1] == 0 else "utf-16-be")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # five byte values cp1252 leaves undefined
        return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """``;`` (Finnish Excel), ``\\t`` or ``,``, whichever the header line uses most."""
    for line in text[:65536].splitlines():  # the head: splitting a whole file costs
        if line.strip():
            counts = {d: line.count(d) for d in (",", ";", "\t")}
            best = max(counts, key=lambda d: (counts[d], d == ","))
            return best if counts[best] else ","
    return ","


def _csv_sheet(book: Workbook, sheet: str, path: Path, name: str) -> SheetSource:
    source = SheetSource(sheet, name, None, iter(()))
    try:
        data = path.read_bytes()
    except OSError as exc:
        book.problems.append(source.problem(None, None, f"cannot read the file: {exc.strerror}"))
        source.broken = True
        return source
    if not data.strip():
        book.problems.append(source.problem(
            None, None, "the file is empty; expected at least a header row (see "
                        "`graphmap template`)"))
        source.broken = True
        return source
    text = decode(data)
    if "\x00" in text:
        book.problems.append(source.problem(
            None, None, "the file holds NUL bytes, so it is not a text CSV; save it from "
                        "Excel as \"CSV UTF-8\" or \"CSV (semicolon delimited)\""))
        source.broken = True
        return source
    # csv.reader straight to the importer: a generator wrapper costs 10 % at 250,000
    # rows.  Its csv.Error (e.g. a NUL byte) is reported by the importer with the row.
    source.rows = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))
    return source


# ------------------------------------------------------------------------ xlsx


def _open_xlsx(book: Workbook) -> None:
    import openpyxl
    name = book.path.name
    try:
        # data_only=False: a formula comes back as its text ("=A1+1"), never evaluated
        wb = openpyxl.load_workbook(book.path, read_only=True, data_only=False)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, …
        book.problems.append(LocatedProblem(
            name, None, None, f"cannot read this as an Excel workbook (.xlsx): "
                              f"{exc.__class__.__name__}: {exc}"))
        return
    book._keep_open.append(wb)
    seen: dict[str, str] = {}
    for ws in wb.worksheets:
        sheet = sheet_for(ws.title)
        if sheet is None:
            if normalise(ws.title) not in IGNORED_SHEETS:
                book.warnings.append(f"{name}: sheet {ws.title!r} is not a workbook sheet, ignored")
            continue
        if sheet in seen:
            book.problems.append(LocatedProblem(name, None, None,
                                                f"both sheets {seen[sheet]!r} and {ws.title!r} "
                                                f"hold {sheet}; keep one", ws.title))
            continue
        seen[sheet] = ws.title
        source = SheetSource(sheet, name, ws.title, iter(()))
        source.rows = _xlsx_rows(book, source, ws)
        book.sheets.append(source)
    book.sheets.sort(key=lambda s: SHEETS.index(s.sheet))


def _xlsx_rows(book: Workbook, source: SheetSource, ws):
    number = 0
    try:
        for values in ws.iter_rows(values_only=True):
            number += 1
            yield [cell_text(v) for v in values]
    except Exception as exc:  # a damaged sheet part inside an otherwise valid zip
        book.problems.append(source.problem(number + 1, None,
                                            f"cannot read the sheet: {exc.__class__.__name__}"))


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
