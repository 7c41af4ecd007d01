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
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import is_not, methodcaller
from pathlib import Path

from graphmap.bulk import gc_paused
from graphmap.model import (FIELDS, MAX_TEXT, RECORD_TYPES, Message, Network,
                            ValidationError, check_network, message_of)

from .export import csv_text
from .problems import LocatedProblem, WorkbookError
from .sources import EXCEL_ERRORS, SHEETS, SheetSource, normalise, open_workbook

__all__ = ["ImportResult", "WorkbookError", "LocatedProblem", "import_workbook",
           "read_workbook", "column_key"]


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


def _parse(path, progress=None) -> _Parsed:
    book = open_workbook(path)
    parsed = _Parsed(Path(path))
    try:
        for source in book.sheets:
            parsed.sources[source.sheet] = source
            _parse_sheet(source, parsed)
            if progress is not None:
                progress(source.sheet)
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
            "the workbook holds no data rows (only headers); nothing to import"))
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
        parsed.problems.append(source.problem(number + 1, None, f"cannot read the CSV: {exc}"))
        parsed.unknown_sheets.add(sheet)
        return
    if header is None:
        if source.tab:  # an empty tab in an .xlsx: nothing to say about it
            parsed.warnings.append(f"{source.file}: sheet {source.tab!r} is empty")
        else:
            parsed.problems.append(source.problem(
                None, None, "the file has no header row; expected columns "
                + ", ".join(f.name for f in specs)))
        return

    if skipped:
        parsed.warnings.append(f"{_where(source)}: row(s) {', '.join(str(n) for n, _ in skipped)} "
                               f"above the header (row {header_row}) were taken as a title "
                               f"and not imported")
    columns: list[tuple[int, object, str]] = []
    written: dict[str, str] = {}
    for index, text in enumerate(header):
        key = column_key(text)
        if not key:
            continue
        spec = lookup.get(key)
        if spec is None:
            parsed.warnings.append(f"{_where(source)}: column {text.strip()!r} is not known "
                                   f"and was ignored")
        elif spec.name in written:
            parsed.problems.append(source.problem(
                header_row, text.strip(), f"this column is a second {spec.name!r} column "
                f"(column {written[spec.name]!r} already is one); keep one"))
        else:
            written[spec.name] = text.strip()
            columns.append((index, spec, text.strip()))
    parsed.headers[sheet] = written
    for spec in specs:
        if spec.required and spec.name not in written:
            also = f" (or {', '.join(spec.aliases)})" if spec.aliases else ""
            parsed.problems.append(source.problem(
                header_row, spec.name, f"required column {spec.name!r}{also} is missing"))
            parsed.missing_columns.add((sheet, spec.name))
            if spec.name == "id":
                parsed.unknown_sheets.add(sheet)

    _parse_rows(source, parsed, rows, number, columns)
    _report_bad_cells(source, parsed, header_row, header)


_MAX_TITLE_ROWS = 5


def _report_bad_cells(source: SheetSource, parsed: _Parsed, header_row: int, header) -> None:
    """Cells the reader could not take as text (:attr:`SheetSource.bad_cells`), at
    their column; merged title cells above the header are fine."""
    for (row, index), message in sorted(source.bad_cells.items()):
        if row < header_row or message is None:  # None: covered by a merged range
            continue
        name = header[index].strip() if index < len(header) and header[index].strip() else None
        if name is None:
            from .sources import _column_letter
            name = _column_letter(index)
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
        data.extend(rows)  # keeps the rows read before an error
    except csv.Error as exc:  # a cell over the csv module's field limit, a stray quote
        parsed.problems.append(source.problem(number + len(data) + 1, None,
                                              f"cannot read the CSV: {exc}"))
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
                bad[cell] = "a value is required here"
            table[cell] = default
            continue
        if len(text) > MAX_TEXT:
            bad[cell] = f"the cell holds {len(text)} characters; at most {MAX_TEXT} are allowed"
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
        kinds = ([None if k is None else str(k) for k in kinds] if None in kinds
                 else list(map(str, kinds)))
        keys = list(zip(values[at("source")], values[at("target")], kinds))
        kept = [None not in key for key in keys]
    else:
        keys = values[names.index("id")]
        kept = [key is not None for key in keys]
    broken: dict[int, list[str]] = {}
    for i, _, _, name, _ in cell_problems:
        broken.setdefault(i, []).append(name)

    origins = parsed.origins[sheet]
    records = getattr(parsed.net, sheet)
    reported = parsed.reported
    if not cell_problems and all(kept) and len(dict.fromkeys(keys)) == count and not origins:
        # the common case, a clean sheet: no duplicates, nothing dropped
        origins.update(zip(keys, numbers))
        records.update(zip(keys, records_made))
        return
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
            what = "link (same source, target and kind)" if is_links else f"id {key!r}"
            found.append((i, 1, 0, source.problem(
                numbers[i], _column(parsed, sheet, "source" if is_links else "id"),
                f"duplicate {what}: already on row {first}")))
            continue
        origins[key] = numbers[i]
        records[key] = record
        for name in broken.get(i, ()):
            reported.add((sheet, key, name))
    found.sort(key=lambda f: f[:3])
    parsed.problems.extend(f[3] for f in found)


def _where(source: SheetSource) -> str:
    return f"{source.file}, sheet {source.tab!r}" if source.tab else source.file


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
                found.append(f"{_where(source)}, row {origins[key]}, column {column!r}: phone "
                             f"{phone!r} lacks its leading 0 (Excel drops it from numbers; "
                             f"format the column as text and type 0{phone})")
    if len(found) > _MAX_SAME_WARNINGS:
        more = len(found) - _MAX_SAME_WARNINGS
        found = found[:_MAX_SAME_WARNINGS] + [f"… and {more} more phone(s) without a leading 0"]
    parsed.warnings.extend(found)


def _cross_sheet_duplicates(parsed: _Parsed) -> None:
    """Ids are unique across areas, organisations, units and roles (model rule); say
    where the first use is, which the model cannot know."""
    first: dict[str, str] = {}
    for sheet in SHEETS[:4]:
        source = parsed.sources.get(sheet)
        for key, row in parsed.origins[sheet].items():
            if key in first:
                other_source = parsed.sources[first[key]]
                other_row = parsed.origins[first[key]][key]
                parsed.problems.append(source.problem(
                    row, _column(parsed, sheet, "id"),
                    f"id {key!r} is already used on the {first[key]} sheet "
                    f"({_where(other_source)}, row {other_row}); ids must be unique across "
                    f"areas, organisations, units and roles"))
                parsed.reported.add((sheet, key, "id"))
            else:
                first[key] = sheet


def _locate(parsed: _Parsed, problems) -> list[LocatedProblem]:
    """Map the model's entity/key/field problems back to file, row and column."""
    out = []
    for p in problems:
        key = _record_key(p.entity, p.key)
        if (p.entity, key, p.field) in parsed.reported:
            continue
        if (p.entity, p.field) in parsed.missing_columns:
            continue
        sheet, row = p.entity, parsed.origins.get(p.entity, {}).get(key)
        message = p.message
        if row is None:
            # the record is in the store; blame a workbook record with the same id if any
            for sheet in SHEETS[:4]:
                row = parsed.origins[sheet].get(key)
                if row is not None:
                    message += f" (the other {p.entity[:-1]} {p.key!r} is already in the store)"
                    break
        if row is None:
            out.append(LocatedProblem("(store)", None, p.field,
                                      f"{p.entity} {p.key!r}: {message}"))
            continue
        source = parsed.sources[sheet]
        out.append(source.problem(row, _column(parsed, sheet, p.field), message))
    return out


def _record_key(entity: str, key):
    """The model names a link by ``Link.id`` ("source>target:kind"); the importer
    keys it like ``Network.links``.  Ids cannot hold ``>``, and kinds no ``:``."""
    if entity == "links" and key and ">" in key:
        source, rest = key.split(">", 1)
        target, kind = rest.rsplit(":", 1)
        return (source, target, kind)
    return key


def _network_problems(parsed: _Parsed, net: Network) -> list[LocatedProblem]:
    """The model's cross-record problems, located.  References into a sheet that could
    not be read, or lacks its id column, are left out: every row pointing there would
    be reported, burying the one real problem under thousands of consequences."""
    problems = check_network(net)
    if parsed.unknown_sheets:
        problems = [p for p in problems
                    if not _REFERS_TO.get((p.entity, p.field), set()) & parsed.unknown_sheets]
    return _locate(parsed, problems)


_REFERS_TO = {("areas", "parent"): {"areas"}, ("units", "organisation"): {"organisations"},
              ("units", "area"): {"areas"}, ("roles", "unit"): {"units"},
              ("links", "source"): {"units", "roles"}, ("links", "target"): {"units", "roles"}}


def _raise_if_problems(parsed: _Parsed, problems: list[LocatedProblem]) -> None:
    if problems:
        order = {s: i for i, s in enumerate(SHEETS)}
        sources = {(s.file, s.tab): s.sheet for s in parsed.sources.values()}
        problems = sorted(problems, key=lambda p: (
            order.get(sources.get((p.file, p.sheet)), -1), p.row or 0))
        raise WorkbookError(problems, str(parsed.path))


# ------------------------------------------------------------------------ API


def read_workbook(path) -> Network:
    """Parse and validate a workbook on its own (no store): the network it describes.

    Raises :class:`WorkbookError` listing every problem."""
    with gc_paused():
        return _read_workbook(path)


def _read_workbook(path) -> Network:
    parsed = _parse(path)
    _raise_if_problems(parsed, parsed.problems + _network_problems(parsed, parsed.net))
    return parsed.net


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do), sheet by sheet."""

    path: str
    sheets: dict[str, dict[str, int]]
    warnings: list[str]
    dry_run: bool = False
    replace: bool = False
    written: bool = False

    def totals(self) -> dict[str, int]:
        keys = ("added", "changed", "unchanged") + (("removed",) if self.replace else ())
        return {k: sum(c.get(k, 0) for c in self.sheets.values()) for k in keys}

    def as_dict(self) -> dict:
        return {"path": self.path, "replace": self.replace, "written": self.written,
                "sheets": self.sheets, **self.totals(), "warnings": list(self.warnings)}

    def summary(self) -> str:
        parts = []
        for sheet, c in self.sheets.items():
            text = f"{sheet} {c['added']} added, {c['changed']} changed, {c['unchanged']} unchanged"
            if self.replace:
                text += f", {c['removed']} removed"
            parts.append(text)
        line = f"{self.path}: " + "; ".join(parts)
        if self.warnings:
            line += f" ({len(self.warnings)} warning(s): " + "; ".join(self.warnings) + ")"
        return line


def _keep_absent_columns(parsed: _Parsed, current: Network) -> None:
    """A column the sheet does not have leaves stored values alone; an empty cell in
    a column it has clears the value.  So a units sheet of only id, name,
    organisation and area can add units without wiping the phone numbers of the
    units it also lists."""
    for sheet in parsed.sources:
        present = parsed.headers.get(sheet)
        if present is None:
            continue
        absent = [spec.name for spec in FIELDS[sheet] if spec.name not in present]
        stored = getattr(current, sheet)
        if not absent or not stored:
            continue
        for key, record in getattr(parsed.net, sheet).items():
            old = stored.get(key)
            if old is not None:
                for name in absent:
                    setattr(record, name, getattr(old, name))


def _diff(current: Network, incoming: Network, replace: bool):
    """Per-sheet counts and the records that must be written (new or changed)."""
    delta, counts = Network(), {}
    for sheet in SHEETS:
        have, new = getattr(current, sheet), getattr(incoming, sheet)
        added = changed = 0
        target = getattr(delta, sheet)
        if not have:  # the common big case: a first import into an empty store
            target.update(new)
            counts[sheet] = {"added": len(new), "changed": 0, "unchanged": 0}
            if replace:
                counts[sheet]["removed"] = 0
            continue
        keys, records = list(new), list(new.values())
        olds = list(map(have.get, keys))
        # a record read back unchanged is the workbook's own object (read_reusing):
        # only the others are looked at, 1 % of the nation in a yearly update
        for i in compress(range(len(keys)), map(is_not, olds, records)):
            key, record, old = keys[i], records[i], olds[i]
            if old is None:
                added += 1
                target[key] = record
            elif old != record:
                changed += 1
                target[key] = record
        c = {"added": added, "changed": changed, "unchanged": len(new) - added - changed}
        if replace:
            c["removed"] = sum(1 for key in have if key not in new)
        counts[sheet] = c
    return delta, counts


#: The steps :func:`import_workbook` reports to ``progress``: each sheet read, the
#: store read, the checks, the write.
IMPORT_STEPS = len(SHEETS) + 3


def import_workbook(path, store, *, dry_run: bool = False, replace: bool = False,
                    actor: str = "import", progress=None) -> ImportResult:
    """Import the workbook at ``path`` into ``store``, all or nothing.

    Records are upserted by id (links by source, target and kind); with ``replace``
    the workbook becomes the whole network.  ``dry_run`` checks everything and counts
    what would change but writes nothing.  Raises :class:`WorkbookError` listing
    every problem with file, row and column; the store is then untouched.  ``actor``
    is who the store's history names for the change (a web upload: the uploader).
    ``progress(step)``, if given, is called after each of :data:`IMPORT_STEPS` steps
    (a command's progress bar)."""
    with gc_paused():
        return _import_workbook(path, store, dry_run, replace, actor,
                                progress or (lambda step: None))


def _import_workbook(path, store, dry_run: bool, replace: bool, actor: str,
                     progress) -> ImportResult:
    parsed = _parse(path, progress)
    absent = [s for s in SHEETS if s not in parsed.sources]
    if replace and absent:
        # replacing with a partial workbook would silently delete whole sheets
        parsed.problems.append(LocatedProblem(
            Path(path).name, None, None, f"--replace makes the workbook the whole network, "
            f"but it has no {', '.join(absent)} sheet(s); add them (an empty sheet with its "
            f"header row is fine) or import without --replace"))
    # unchanged stored records come back as the workbook's own objects: cheap to
    # read, and the diff below knows them by identity
    current = store.read_reusing(parsed.net)
    progress("store")
    _keep_absent_columns(parsed, current)
    base = Network() if replace else current
    if parsed.problems or dry_run:
        # nothing will be written: check here so cell and network problems come together
        problems = parsed.problems + _network_problems(parsed, base.merged(parsed.net))
        _raise_if_problems(parsed, problems)
    delta, counts = _diff(current, parsed.net, replace)
    progress("check")
    sheets = {s.sheet: counts[s.sheet] for s in parsed.sources.values()}
    if replace:  # removals happen on sheets the workbook does not hold too
        sheets = {s: counts[s] for s in SHEETS}
    result = ImportResult(str(path), sheets, parsed.warnings, dry_run, replace)
    removing = replace and any(c["removed"] for c in counts.values())
    if dry_run or not (removing or any(getattr(delta, s) for s in SHEETS)):
        return result
    try:
        # the store validates the merged network once more and writes in one transaction;
        # ``current`` (read above, never modified) spares it reading the whole store
        # again unless another writer came in between
        store.write(parsed.net if replace else delta, replace=replace, current=current,
                    actor=actor)
    except ValidationError as exc:  # the store changed since we read it, or a rule we missed
        located = _locate(parsed, exc.problems) or [
            LocatedProblem("(store)", None, getattr(p, "field", None), str(p))
            for p in exc.problems]
        _raise_if_problems(parsed, located)
        raise
    result.written = True
    progress("write")
    return result
