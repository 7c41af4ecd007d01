"""Import a workbook into a store: parse every cell, check the whole network, write
all or nothing (issue 2 item 4).

How (in one pass, every problem collected, nothing written on any problem):

1. :mod:`.sources` yields each sheet's rows as text.
2. The header row is matched to :data:`graphmap.model.FIELDS` by canonical name or
   alias (case-insensitive); unknown columns are ignored with a warning.
3. Each cell goes through its ``FieldSpec.parse``; a record remembers the file and
   row it came from.  A row with a broken cell still becomes a record (the broken
   field left at its default) so that rows referring to it do not produce a flood
   of false "no unit with id …" problems.
4. Cross-record rules run once, in :func:`graphmap.model.check_network`, on the
   store's network merged with the workbook (a sheet may hold only links to units
   already stored); its entity/key/field problems are mapped back to file/row/column.
5. Only records that are new or changed are handed to ``Store.write`` (one
   transaction, validated again by the store); re-importing the same workbook writes
   nothing.

What a person filling the workbook can expect (decisions, tested):

* records are upserted by id (links by source, target and kind); a column the sheet
  leaves out keeps the stored values, an empty cell clears the value (or sets the
  model's default, e.g. ``languages`` = fi);
* a sheet may be missing, or be only a header row (nothing to import from it); a
  0-byte file is a problem (a broken save), and a workbook with no data rows at all
  is refused (an unfilled template, a wrong file);
* ``replace=True`` needs all five sheets, so no sheet is emptied by accident;
* unknown columns and sheets are ignored with a warning in the result.
"""
from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import chain, compress, islice
from operator import methodcaller
from pathlib import Path

from graphmap.bulk import gc_paused
from graphmap.i18n.failure import reason
from graphmap.model import FIELDS, MAX_TEXT, NODE_SHEETS, RECORD_TYPES, Message, Network, message_of

from . import pipeline
from .converted import Converted
from .export import csv_text
from .pipeline import ImportResult
from .problems import LocatedProblem, WorkbookError
from .sources import (EXCEL_ERRORS, SHEETS, SheetSource, column_letter, normalise,
                      open_workbook)

__all__ = ["ImportResult", "WorkbookError", "LocatedProblem", "import_workbook",
           "read_workbook", "read", "column_key"]


def column_key(text: str) -> str:
    """Header spelling that matches ``Self referral``, ``SELF_REFERRAL``, ``self-referral``
    (and ``Yksikkö`` typed on a Mac, which stores ö decomposed)."""
    return re.sub(r"[\s_\-]+", " ", normalise(text)).strip()


_HEADERS: dict[str, dict[str, object]] = {
    sheet: {column_key(name): spec for spec in reversed(specs)
            for name in (spec.name, *spec.aliases)}
    for sheet, specs in FIELDS.items()
}
# reversed(): where an alias is shared within a sheet, the earlier field wins; a
# canonical name always beats an alias.
for _sheet, _specs in FIELDS.items():
    for _spec in _specs:
        _HEADERS[_sheet][column_key(_spec.name)] = _spec


# ---------------------------------------------------------------------- parsing


@dataclass
class _Parsed:
    """A parsed workbook: the records, where each came from, and what went wrong."""

    path: Path
    net: Network = field(default_factory=Network)
    # sheet → record key (id, or a link's (source, target, kind)) → spreadsheet row;
    # the file is the sheet's source
    origins: dict[str, dict[object, int]] = field(
        default_factory=lambda: {s: {} for s in SHEETS})
    # sheet → canonical field → header as written
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    sources: dict[str, SheetSource] = field(default_factory=dict)
    problems: list[LocatedProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (sheet, key, field) already reported cell by cell: the model's rules would only
    # repeat them, or complain about the default standing in for the broken value
    reported: set[tuple[str, str | None, str]] = field(default_factory=set)
    missing_columns: set[tuple[str, str]] = field(default_factory=set)
    # sheets whose records are unknown (unreadable, or no id column): references into
    # them cannot be checked
    unknown_sheets: set[str] = field(default_factory=set)
    rows: int = 0
    # required columns' good texts by parse function (ids, enums), for later sheets
    known: dict = field(default_factory=dict)
    progress: pipeline.Progress = pipeline.QUIET
    rows_shown: int = 0  # rows of the current sheet reported to ``progress``


def _parse(path, progress: pipeline.Progress = pipeline.QUIET) -> _Parsed:
    book = open_workbook(path)
    parsed = _Parsed(Path(path), progress=progress)
    progress.expect_rows(sum(s.rows_hint for s in book.sheets))
    try:
        for source in book.sheets:
            parsed.sources[source.sheet] = source
            parsed.rows_shown = 0
            _parse_sheet(source, parsed)
            # the header, title rows, a sheet cut short: the sheet is done all the same
            progress.rows(max(source.rows_hint - parsed.rows_shown, 0), source.sheet)
    finally:
        book.close()
    parsed.problems[:0] = book.problems
    parsed.warnings[:0] = book.warnings
    parsed.unknown_sheets.update(s.sheet for s in book.sheets if s.broken)
    _cross_sheet_duplicates(parsed)
    _warn_dropped_zeros(parsed)
    if not book.problems and parsed.rows == 0 and not parsed.problems:
        parsed.problems.append(LocatedProblem(
            Path(path).name, None, None,
            Message("source_no_rows")))
    return parsed


def _parse_sheet(source: SheetSource, parsed: _Parsed) -> None:
    sheet, specs = source.sheet, FIELDS[source.sheet]
    if source.broken:
        return
    rows = iter(source.rows)
    header_row, header, number = None, None, 0
    lookup = _HEADERS[sheet]
    skipped: list[tuple[int, list[str]]] = []  # title rows above the header
    read: list[list[str]] = []  # every row up to the header, blank ones too
    try:
        for cells in rows:
            number += 1
            read.append(cells)
            if not "".join(cells).strip():
                continue
            # Finnish Excel sheets often carry a title ("Yksiköt 2025") above the header:
            # the header is the first row naming a known column, among the first few
            if any(column_key(c) in lookup for c in cells):
                header_row, header = number, cells
                break
            skipped.append((number, cells))
            if len(skipped) > _MAX_TITLE_ROWS:
                break
        if header is None and skipped:
            # no row names a known column: the first is the header (and its problems
            # are reported as such); the rows read after it are data again
            header_row, header = skipped[0]
            rows = chain(read[header_row:], rows)
            number = header_row
            skipped = []
    except csv.Error as exc:
        parsed.problems.append(source.problem(number + 1, None,
                                              Message("source_csv_unreadable", error=reason(exc))))
        parsed.unknown_sheets.add(sheet)
        return
    if header is None:
        if source.tab:  # an empty tab in an .xlsx: nothing to say about it
            parsed.warnings.append(Message("warn_sheet_empty", file=source.file,
                                           sheet=repr(source.tab)))
        else:
            parsed.problems.append(source.problem(
                None, None, Message("no_header", columns=", ".join(f.name for f in specs))))
        return

    if skipped:
        parsed.warnings.append(Message("warn_title_rows", where=_where(source),
                                       rows=", ".join(str(n) for n, _ in skipped),
                                       header=header_row))
    columns: list[tuple[int, object, str]] = []
    written: dict[str, str] = {}
    for index, text in enumerate(header):
        key = column_key(text)
        if not key:
            continue
        spec = lookup.get(key)
        if spec is None:
            parsed.warnings.append(Message("warn_unknown_column", where=_where(source),
                                           column=repr(text.strip())))
        elif spec.name in written:
            parsed.problems.append(source.problem(
                header_row, text.strip(), Message("column_twice", name=repr(spec.name),
                                                  other=repr(written[spec.name]))))
        else:
            written[spec.name] = text.strip()
            columns.append((index, spec, text.strip()))
    parsed.headers[sheet] = written
    for spec in specs:
        if spec.required and spec.name not in written:
            missing = Message("column_missing_or", name=repr(spec.name),
                              aliases=", ".join(spec.aliases)) if spec.aliases else \
                Message("column_missing", name=repr(spec.name))
            parsed.problems.append(source.problem(header_row, spec.name, missing))
            parsed.missing_columns.add((sheet, spec.name))
            if spec.name == "id":
                parsed.unknown_sheets.add(sheet)

    _parse_rows(source, parsed, rows, number, columns)
    _report_bad_cells(source, parsed, header_row, header)


_MAX_TITLE_ROWS = 5
_PROGRESS_ROWS = 20_000  # rows read between two progress reports


def _report_bad_cells(source: SheetSource, parsed: _Parsed, header_row: int, header) -> None:
    """Cells the reader could not take as text (:attr:`SheetSource.bad_cells`), at
    their column; merged title cells above the header are fine."""
    for (row, index), message in sorted(source.bad_cells.items()):
        if row < header_row or message is None:  # None: covered by a merged range
            continue
        name = header[index].strip() if index < len(header) and header[index].strip() else None
        if name is None:
            name = column_letter(index)
        parsed.problems.append(source.problem(row, name, message))


def _defaults(cls) -> dict[str, object]:
    """Each field's value when its cell is empty: the dataclass default (a list
    default is made once here and copied per record), ``None`` for required fields."""
    out = {}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            out[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            out[f.name] = f.default_factory()
        else:
            out[f.name] = None
    return out


def _read_rows(source: SheetSource, parsed: _Parsed, rows, number: int, width: int):
    """The sheet's non-blank data rows, each at least ``width`` cells (Excel drops
    trailing empty cells), and their spreadsheet row numbers.  A CSV error ends the
    sheet (reported with its row); the rows before it are kept.  Built with C-level
    ``list.extend``/``map``/``compress``: a Python loop per row cost 40 % of parsing."""
    data: list[list[str]] = []
    try:
        if parsed.progress is pipeline.QUIET:
            data.extend(rows)  # keeps the rows read before an error
        else:  # in chunks, each still read at C speed, to show rows read on a terminal
            while True:
                before = len(data)
                data.extend(islice(rows, _PROGRESS_ROWS))
                read = len(data) - before
                parsed.rows_shown += read
                parsed.progress.rows(read, source.sheet)
                if read < _PROGRESS_ROWS:
                    break
    except csv.Error as exc:  # a cell over the csv module's field limit, a stray quote
        parsed.problems.append(source.problem(number + len(data) + 1, None,
                                              Message("source_csv_unreadable", error=reason(exc))))
        parsed.unknown_sheets.add(source.sheet)
    numbers = range(number + 1, number + 1 + len(data))
    filled = list(map(bool, map(str.strip, map("".join, data))))
    if not all(filled):  # blank rows between or after the data
        data = list(compress(data, filled))
        numbers = list(compress(numbers, filled))
    if data and min(map(len, data)) < width:
        data = [cells + [""] * (width - len(cells)) if len(cells) < width else cells
                for cells in data]
    return data, numbers


def _column_table(texts, parse, required: bool, default, from_csv: bool, known=None):
    """What each distinct text of a column means: ``(table, bad)`` where ``table``
    maps every text to its value (a bad text to the field's default, so a broken cell
    leaves its field at the default and rows referring to the record still find it)
    and ``bad`` maps each bad text to its problem.  ``parse`` runs once per distinct
    text: ids, enums, yes/no and dates repeat thousands of times in a national sheet.
    A CSV cell loses the ``'`` that export put before formula-like text
    (:func:`.export.csv_text`).  ``known``, when given, holds texts other columns
    with the same ``parse`` already read well (the links sheet names ~30,000 unit
    and role ids the units and roles sheets have parsed); the new good ones are added."""
    distinct = set(texts)
    if known:
        distinct.difference_update(known)
    table, bad = _new_texts(list(distinct), parse, required, default, from_csv)
    if known is None:
        return table, bad
    if not bad:
        known.update(table)
        return known, bad
    known.update((text, value) for text, value in table.items() if text not in bad)
    return {**known, **table}, bad


def _new_texts(distinct, parse, required: bool, default, from_csv: bool):
    """:func:`_column_table` for texts not met before."""
    if not distinct:
        return {}, {}
    # the common case, checked at C speed: no empty, quoted or over-long cell, and
    # every text parses
    if (all(map(str.strip, distinct)) and max(map(len, distinct)) <= MAX_TEXT
            and not (from_csv and any(map(_starts_with_quote, distinct)))
            and EXCEL_ERRORS.isdisjoint(distinct)):
        try:
            return dict(zip(distinct, map(parse, distinct))), {}
        except ValueError:
            pass  # found again, with its message, below
    table: dict[str, object] = {}
    bad: dict[str, str] = {}
    for cell in distinct:
        if cell.strip() in EXCEL_ERRORS:  # an error cell saved to CSV as its text
            bad[cell] = Message("cell_error", value=cell.strip())
            table[cell] = default
            continue
        text = csv_text(cell) if from_csv and cell[:1] == "'" else cell
        if not text or text.isspace():
            if required:
                bad[cell] = Message("value_required")
            table[cell] = default
            continue
        if len(text) > MAX_TEXT:
            bad[cell] = Message("cell_too_long", n=len(text), max=MAX_TEXT)
            table[cell] = default
            continue
        try:
            table[cell] = parse(text)
        except ValueError as exc:
            bad[cell] = message_of(exc)
            table[cell] = default
    return table, bad


_starts_with_quote = methodcaller("startswith", "'")


def _parse_rows(source: SheetSource, parsed: _Parsed, rows, number: int, columns) -> None:
    """The hot part (250,000 links in the national benchmark), column by column.

    All rows are read first; then each column's distinct texts are parsed once
    (:func:`_column_table`) and mapped to values with C-level ``map``, and the records
    are made by ``map(cls, *columns)`` with positional arguments.  Problems are
    collected per bad cell, so every bad cell is reported, each time it occurs, in
    row and column order.  (Parsing the national benchmark workbook: a per-cell cache
    with a Python loop per row took 0.45 s CPU at scale 0.2; column-wise see
    benchmarks/RESULTS.md.)"""
    sheet = source.sheet
    cls = RECORD_TYPES[sheet]
    defaults = _defaults(cls)
    width = max(index for index, _, _ in columns) + 1 if columns else 0
    data, numbers = _read_rows(source, parsed, rows, number, width)
    count = len(data)
    parsed.rows += count
    if not count:
        return
    from_csv = source.tab is None
    names = list(defaults)
    by_name = {spec.name: (index, spec, column) for index, spec, column in columns}
    cells_of = list(zip(*data))  # column by column (rows are at least width long)
    values: list = []  # per dataclass field, its value for each row
    cell_problems: list[tuple[int, int, str, str, str]] = []  # (row, index, column, name, msg)
    for name in names:
        default = defaults[name]
        if name not in by_name:  # the column is absent: every record gets the default
            values.append([default[:] for _ in range(count)] if isinstance(default, list)
                          else [default] * count)
            continue
        index, spec, column = by_name[name]
        texts = cells_of[index]
        table, bad = _column_table(texts, spec.parse, spec.required, default, from_csv,
                                   parsed.known.setdefault(spec.parse, {}) if spec.required
                                   else None)
        if len(table) == 1:  # one text in the whole column (often: all empty)
            column_values = [next(iter(table.values()))] * count
        else:
            column_values = list(map(table.__getitem__, texts))
        if isinstance(default, list):  # a record must not share its list with another
            column_values = list(map(list.copy, column_values))
        values.append(column_values)
        if bad:
            for i, text in enumerate(texts):
                message = bad.get(text)
                if message is not None and (numbers[i], index) not in source.bad_cells:
                    cell_problems.append((i, index, column, name, message))
    records_made = list(map(cls, *values))

    if sheet == "links":
        at = names.index
        kinds = values[at("kind")]
        # each kind's text once (str() per link cost 0.05 s for the nation's links)
        kind_texts = {k: None if k is None else str(k) for k in set(kinds)}
        kinds = list(map(kind_texts.__getitem__, kinds))
        keys = list(zip(values[at("source")], values[at("target")], kinds))
        all_kept = not (None in values[at("source")] or None in values[at("target")]
                        or None in kinds)
    else:
        keys = values[names.index("id")]
        all_kept = None not in keys
    broken: dict[int, list[str]] = {}
    for i, _, _, name, _ in cell_problems:
        broken.setdefault(i, []).append(name)

    origins = parsed.origins[sheet]
    records = getattr(parsed.net, sheet)
    reported = parsed.reported
    if not cell_problems and all_kept and not origins:
        # the common case, a clean sheet: nothing dropped, and no duplicates if every
        # key made a record of its own (the sheet's records are empty until here)
        records.update(zip(keys, records_made))
        if len(records) == count:
            origins.update(zip(keys, numbers))
            return
        records.clear()
    kept = [None not in key for key in keys] if sheet == "links" else \
        [key is not None for key in keys]
    # (row, 0 = cell / 1 = duplicate, column index, problem): cell problems of a row
    # come before its duplicate problem, as a person reads the row
    found: list[tuple[int, int, int, LocatedProblem]] = [
        (i, 0, index, source.problem(numbers[i], column, message))
        for i, index, column, _, message in cell_problems]
    is_links = sheet == "links"
    for i, (key, record) in enumerate(zip(keys, records_made)):
        if not kept[i]:
            continue  # no id (or no link ends): nothing refers to it, nothing to keep
        first = origins.get(key)
        if first is not None:
            again = Message("duplicate_link", row=first) if is_links else \
                Message("duplicate_id", id=repr(key), row=first)
            found.append((i, 1, 0, source.problem(
                numbers[i], _column(parsed, sheet, "source" if is_links else "id"), again)))
            continue
        origins[key] = numbers[i]
        records[key] = record
        for name in broken.get(i, ()):
            reported.add((sheet, key, name))
    found.sort(key=lambda f: f[:3])
    parsed.problems.extend(f[3] for f in found)


def _where(source: SheetSource) -> str:
    """The file, and the tab of an xlsx (a :class:`Message`: "sheet" in the reader's
    language)."""
    return Message("where_file_tab", file=source.file, sheet=repr(source.tab)) \
        if source.tab else source.file


def _column(parsed: _Parsed, sheet: str, name: str | None) -> str | None:
    if name is None:
        return None
    return parsed.headers.get(sheet, {}).get(name, name)


_MAX_SAME_WARNINGS = 10


def _warn_dropped_zeros(parsed: _Parsed) -> None:
    """Excel turns 0401234567 typed into a General column into the number 401234567,
    and saves it so in xlsx and CSV alike.  The model accepts it (it is digits), but a
    front-line worker would dial a wrong number, so say where it happened."""
    found = []
    for sheet in ("units", "roles"):
        column = parsed.headers.get(sheet, {}).get("phone")
        if column is None:
            continue
        source, origins = parsed.sources[sheet], parsed.origins[sheet]
        for key, record in getattr(parsed.net, sheet).items():
            phone = record.phone
            if phone and phone[0] not in "0+" and sum(c.isdigit() for c in phone) >= 7:
                found.append(Message("warn_phone_zero", where=_where(source), row=origins[key],
                                     column=repr(column), phone=repr(phone), digits=phone))
    if len(found) > _MAX_SAME_WARNINGS:
        more = len(found) - _MAX_SAME_WARNINGS
        found = found[:_MAX_SAME_WARNINGS] + [Message("warn_phone_more", n=more)]
    parsed.warnings.extend(found)


def _cross_sheet_duplicates(parsed: _Parsed) -> None:
    """Ids are unique across areas, organisations, units and roles (model rule); say
    where the first use is, which the model cannot know."""
    first: dict[str, str] = {}
    for sheet in NODE_SHEETS:
        source = parsed.sources.get(sheet)
        for key, row in parsed.origins[sheet].items():
            if key in first:
                other_source = parsed.sources[first[key]]
                other_row = parsed.origins[first[key]][key]
                parsed.problems.append(source.problem(
                    row, _column(parsed, sheet, "id"),
                    Message("id_on_other_sheet", id=repr(key),
                            sheet=Message(f"sheet_name.{first[key]}"),
                            where=_where(other_source), row=other_row)))
                parsed.reported.add((sheet, key, "id"))
            else:
                first[key] = sheet


def _converted(parsed: _Parsed) -> Converted:
    """The parse as the pipeline takes every reader's result."""
    sheet_of = {(s.file, s.tab): s.sheet for s in parsed.sources.values()}
    return Converted(
        parsed.net, _Origins(parsed), parsed.problems, parsed.warnings,
        columns={sheet: set(parsed.headers[sheet]) for sheet in parsed.sources
                 if sheet in parsed.headers},
        format="workbook", path=str(parsed.path), sheets=tuple(parsed.sources),
        reported=parsed.reported | {(s, None, f) for s, f in parsed.missing_columns},
        unknown_sheets=parsed.unknown_sheets, sheet_of=sheet_of, rows=parsed.rows)


class _Origins(Mapping):
    """``(sheet, key)`` → the spreadsheet row it came from, made on demand: a national
    workbook has 300,000 records and only the few with problems are asked for."""

    def __init__(self, parsed: _Parsed):
        self._parsed = parsed

    def __getitem__(self, item) -> "_Row":
        sheet, key = item
        row = self._parsed.origins.get(sheet, {}).get(key)
        if row is None:
            raise KeyError(item)
        return _Row(self._parsed.sources[sheet], row, self._parsed.headers.get(sheet, {}))

    def __iter__(self):
        return ((sheet, key) for sheet, rows in self._parsed.origins.items() for key in rows)

    def __len__(self) -> int:
        return sum(map(len, self._parsed.origins.values()))


@dataclass
class _Row:
    source: SheetSource
    row: int
    headers: dict[str, str]

    def where(self, column: str | None, message: str) -> LocatedProblem:
        """The field's column as the sheet writes it (its canonical name if absent)."""
        written = self.headers.get(column, column) if column is not None else None
        return self.source.problem(self.row, written, message)


# ------------------------------------------------------------------------ API


def read(path, progress: pipeline.Progress | None = None) -> Converted:
    """Parse the workbook at ``path`` (a folder of CSV files or one .xlsx) into the
    pipeline's :class:`~.converted.Converted`; ``progress`` hears the rows read."""
    with gc_paused():
        return _converted(_parse(path, progress or pipeline.QUIET))


def read_workbook(path) -> Network:
    """Parse and validate a workbook on its own (no store): the network it describes.

    Raises :class:`WorkbookError` listing every problem."""
    with gc_paused():
        return pipeline.check(_converted(_parse(path)))


def import_workbook(path, store, *, dry_run: bool = False, replace: bool = False,
                    actor: str = "import",
                    progress: pipeline.Progress | None = None) -> ImportResult:
    """Import the workbook at ``path`` into ``store``, all or nothing.

    Records are upserted by id (links by source, target and kind); with ``replace``
    the workbook becomes the whole network.  ``dry_run`` checks everything and counts
    what would change but writes nothing.  Raises :class:`WorkbookError` listing
    every problem with file, row and column; the store is then untouched.  ``actor``
    is who the store's history names for the change (a web upload: the uploader).
    ``progress`` (a :class:`~.pipeline.Progress`), if given, hears the rows read and
    then the pipeline's steps (a command's progress bars)."""
    progress = progress or pipeline.QUIET
    with gc_paused():
        return pipeline.import_converted(_converted(_parse(path, progress)), store,
                                         dry_run=dry_run, replace=replace, actor=actor,
                                         progress=progress)
