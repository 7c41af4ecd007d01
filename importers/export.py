"""Export a network as a workbook, the inverse of :mod:`.workbook`.

Export → import → export is byte-identical (issue 2 item 6), so that a coordinator
can keep the workbook in version control or diff two exports: rows are sorted by id
(links by source, target, kind), columns follow :data:`graphmap.model.FIELDS`, cells
are spelt by :func:`graphmap.model.format_value`, CSV is UTF-8 with ``,``.  An
``.xlsx`` is made reproducible too: openpyxl stamps the save time into
``docProps/core.xml`` and every zip entry, so both are pinned to a fixed time.

Text that looks like a formula (``=…``, ``@…``) is written as a text cell in xlsx,
never as a formula.  CSV has no cell types, and a spreadsheet program opening it
evaluates a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or CR (CSV formula
injection, https://owasp.org/www-community/attacks/CSV_Injection): such a cell is
written with a leading ``'`` (:func:`csv_cell`), which spreadsheets show as text.
The workbook importer removes exactly that prefix again (:func:`csv_text`), so the
round trip stays lossless; a sign followed only by digits and phone punctuation
(``+358 40 000 0000``, ``-5``) cannot call a function or name a cell and is written
unchanged.
"""
from __future__ import annotations

import csv
import io
import operator
import re
import zipfile
from pathlib import Path

from graphmap.model import (FIELDS, AreaKind, Channel, DataSource, Frequency, Level, Message,
                            SHEETS, LinkKind, Network, Sector, UnitType, format_value)

_FIXED_TIME = "2000-01-01T00:00:00Z"
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def sheet_records(net: Network, sheet: str) -> list:
    """The sheet's records in export order."""
    records = getattr(net, sheet)
    return [records[key] for key in sorted(records)]


#: First characters that make a spreadsheet read a CSV cell as a formula.
FORMULA_STARTS = frozenset("=+-@\t\r")
#: After a sign, these make a number or phone number, never a function or reference.
_PLAIN_NUMBER = re.compile(r"[+-][0-9][0-9 ()./,-]*")


def _needs_quote(text: str) -> bool:
    """Would a spreadsheet evaluate ``text``, or would :func:`csv_text` strip its ``'``?
    (The second case makes the quote itself escaped: ``'=x`` is written ``''=x``.)"""
    text = text.lstrip("'")
    first = text[:1]
    if not first or first not in FORMULA_STARTS:
        return False
    return not (first in "+-" and _PLAIN_NUMBER.fullmatch(text))


def csv_cell(text: str) -> str:
    """The CSV spelling of a cell's text: ``'`` in front when a spreadsheet would
    evaluate it (``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``), else the text itself."""
    return "'" + text if text and text[0] in _QUOTE_FIRST and _needs_quote(text) else text


def csv_text(cell: str) -> str:
    """The inverse of :func:`csv_cell`: a cell read from CSV without the ``'`` that
    export put in front (a ``'`` a person typed before ordinary text stays)."""
    return cell[1:] if cell[:1] == "'" and _needs_quote(cell[1:]) else cell


_QUOTE_FIRST = FORMULA_STARTS | {"'"}


def csv_row(cells) -> list[str]:
    """A row of cell texts as every CSV export writes it: each through :func:`csv_cell`
    (the workbook, HSDS and neo4j-admin CSV exports share this one rule)."""
    return [csv_cell(text) for text in cells]


def sheet_rows(net: Network, sheet: str) -> list[list[str]]:
    """Header plus one row of CSV cell texts per record (:func:`csv_cell`).  Text,
    empty cells, numbers, yes/no and enum values take shortcuts past
    :func:`format_value` (the national network's 325,000 records: 3.2 s CPU instead
    of 3.9 s); only cells whose first character could start a formula are looked at
    again."""
    names = [f.name for f in FIELDS[sheet]]
    values_of = operator.attrgetter(*names)
    rows = [names]
    quote_first = _QUOTE_FIRST
    for record in sheet_records(net, sheet):
        row = [v if v.__class__ is str else "" if v is None
               else _FORMAT.get(v.__class__, format_value)(v)
               for v in values_of(record)]
        for i, text in enumerate(row):
            if text[:1] in quote_first:
                row[i] = csv_cell(text)
        rows.append(row)
    return rows


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


#: Shortcuts that spell a value exactly as :func:`format_value` does (the round-trip
#: tests hold them to that); anything else goes through format_value itself.
_FORMAT = {bool: _yes_no, int: str, **{enum: str for enum in (
    AreaKind, Sector, UnitType, Level, LinkKind, Frequency, DataSource, Channel)}}


def export_workbook(net: Network, path) -> Path:
    """Write ``net`` to ``path``: ``*.xlsx`` → one workbook, otherwise a folder of
    ``areas.csv, organisations.csv, units.csv, roles.csv, links.csv`` (created if
    missing; other files in it are left alone)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(xlsx_bytes(net))
        return path
    if path.exists() and not path.is_dir():
        raise ValueError(Message("export_is_file", path=str(path)))
    if path.suffix.lower() in {".csv", ".xls", ".ods", ".txt"}:
        raise ValueError(Message("export_needs_folder", name=repr(path.name)))
    path.mkdir(parents=True, exist_ok=True)
    for sheet in SHEETS:
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\r\n").writerows(sheet_rows(net, sheet))
        (path / f"{sheet}.csv").write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def xlsx_bytes(net: Network) -> bytes:
    """The workbook as .xlsx bytes, identical for identical networks."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet)
        specs = FIELDS[sheet]
        ws.freeze_panes = "A2"
        header = []
        for spec in specs:
            cell = WriteOnlyCell(ws, value=spec.name)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for record in sheet_records(net, sheet):
            row = []
            for spec in specs:
                value = getattr(record, spec.name)
                if isinstance(value, int) and not isinstance(value, bool):
                    row.append(value)
                    continue
                text = format_value(value)
                if not text:
                    row.append(None)
                    continue
                cell = WriteOnlyCell(ws, value=text)
                cell.data_type = "s"  # "=…" stays text: openpyxl would write a formula
                row.append(cell)
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return pin_times(buffer.getvalue())


def pin_times(data: bytes) -> bytes:
    """Rewrite the zip with fixed entry times and fixed created/modified properties."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                              rb"\g<1>" + _FIXED_TIME.encode(), body)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, body)
    return out.getvalue()
