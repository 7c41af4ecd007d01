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

import contextlib
import csv
import dataclasses
import gc
import re
from dataclasses import dataclass, field
from pathlib import Path

from graphmap.model import (FIELDS, MAX_TEXT, RECORD_TYPES, Network, ValidationError,
                            check_network)

from .export import csv_text
from .problems import LocatedProblem, WorkbookError
from .sources import SHEETS, SheetSource, normalise, open_workbook

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
    # parse caches of required columns, shared by parse function: a unit's id parsed
    # on the units sheet is already known when links name it as source or target
    shared_caches: dict = field(default_factory=dict)


def _parse(path) -> _Parsed:
    book = open_workbook(path)
    parsed = _Parsed(Path(path))
    try:
        for source in book.sheets:
            parsed.sources[source.sheet] = source
            _parse_sheet(source, parsed)
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
    try:
        for cells in rows:
            number += 1
            if "".join(cells).strip():
                header_row, header = number, cells
                break
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

    lookup = _HEADERS[sheet]
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


_MISSING = object()  # not in the cache
_IGNORED = object()  # a cell of a column nobody reads
_CACHE_LIMIT = 200_000  # distinct texts remembered per column (a national link sheet
# names ~75,000 units and roles as source or target)


class _Ignored(dict):
    """The cache of a column nobody reads: every text means nothing."""

    def __missing__(self, key):
        return _IGNORED


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


def _parse_rows(source: SheetSource, parsed: _Parsed, rows, number: int, columns) -> None:
    """The hot loop (250,000 links in the national benchmark).

    Each column remembers what its texts parsed to: unit ids, enum values, yes/no,
    dates and volumes repeat thousands of times, so ``FieldSpec.parse`` runs once per
    distinct text; an empty optional cell "parses" to the field's default.  A row
    whose every cell is remembered is turned into the record's positional arguments
    by two list comprehensions; any other row goes cell by cell, where problems are
    found.  Only successes are remembered, so every bad cell is reported, each time
    it occurs.  (Parsing the national benchmark workbook, CPU: 3.0 s with the caches
    and keyword arguments, 2.35 s with positional arguments.)"""
    sheet = source.sheet
    cls = RECORD_TYPES[sheet]
    defaults = _defaults(cls)
    # one entry per header position, so that a row's cells zip with them
    width = max(index for index, _, _ in columns) + 1 if columns else 0
    caches: list = [_Ignored() for _ in range(width)]
    plan: list = [None] * width
    position: dict[str, int] = {}
    for index, spec, column in columns:
        # required columns hold ids and enums (never lists, never empty when valid), so
        # their caches can be shared; optional ones know "" as the default
        caches[index] = (parsed.shared_caches.setdefault(spec.parse, {}) if spec.required
                         else {"": defaults[spec.name]})
        plan[index] = (spec.name, spec.parse, spec.required, column, caches[index])
        position[spec.name] = index
    names = list(defaults)
    # for each dataclass field: its header position, or -1 (the column is absent)
    arg_plan = [(position.get(name, -1), defaults[name]) for name in names]
    in_order = [i for i, _ in arg_plan] == list(range(width))  # the exported layout
    list_args = [j for j, name in enumerate(names) if isinstance(defaults[name], list)]
    origins = parsed.origins[sheet]
    records = getattr(parsed.net, sheet)
    is_links = sheet == "links"
    problems = parsed.problems
    reported = parsed.reported
    count = 0
    no_problems: tuple = ()
    try:
        for cells in rows:
            number += 1
            if not "".join(cells).strip():
                continue  # blank rows between or after the data
            count += 1
            if len(cells) < width:  # Excel drops trailing empty cells
                cells = cells + [""] * (width - len(cells))
            try:
                known = [cache[text] for cache, text in zip(caches, cells)]
            except KeyError:
                args, broken = _parse_cells(source, number, plan, cells, problems, names,
                                            defaults)
                if args is None:
                    continue  # no id (or no link ends): nothing to keep
            else:
                args = known if in_order else [known[i] if i >= 0 else d for i, d in arg_plan]
                broken = no_problems
            for j in list_args:  # a record must not share its list with another
                args[j] = args[j][:]
            record = cls(*args)
            if is_links:
                key = (record.source, record.target, str(record.kind))
            else:
                key = record.id
            first = origins.get(key)
            if first is not None:
                what = "link (same source, target and kind)" if is_links else f"id {key!r}"
                problems.append(source.problem(
                    number, _column(parsed, sheet, "source" if is_links else "id"),
                    f"duplicate {what}: already on row {first}"))
                continue
            origins[key] = number
            records[key] = record
            for name in broken:
                reported.add((sheet, key, name))
    except csv.Error as exc:  # a cell over the csv module's field limit, a stray quote
        problems.append(source.problem(number + 1, None, f"cannot read the CSV: {exc}"))
        parsed.unknown_sheets.add(sheet)
    parsed.rows += count


def _parse_cells(source, number, plan, cells, problems, names, defaults):
    """Parse one row cell by cell: the record's positional arguments (``None`` when
    the row cannot become a record) and the fields that were broken.  A broken cell
    leaves its field at the default, so rows referring to this one still find it.
    A CSV cell loses the ``'`` that export put before formula-like text
    (:func:`.export.csv_text`); caches stay keyed by the cell as read."""
    values = dict(defaults)
    broken: list[str] = []
    from_csv = source.tab is None
    for step, text in zip(plan, cells):
        if step is None:
            continue
        name, parse, is_required, column, cache = step
        value = cache.get(text, _MISSING)
        if value is not _MISSING:
            values[name] = value
            continue
        cell = text
        if from_csv and text[:1] == "'":
            text = csv_text(text)
        if not text or text.isspace():
            if is_required:
                problems.append(source.problem(number, column, "a value is required here"))
                broken.append(name)
            else:
                cache[cell] = defaults[name]
            continue
        if len(text) > MAX_TEXT:
            problems.append(source.problem(
                number, column, f"the cell holds {len(text)} characters; at most "
                                f"{MAX_TEXT} are allowed"))
            broken.append(name)
            continue
        try:
            value = parse(text)
        except ValueError as exc:
            problems.append(source.problem(number, column, str(exc)))
            broken.append(name)
            continue
        values[name] = value
        if len(cache) < _CACHE_LIMIT:
            cache[cell] = value
    if "id" in values:
        if values["id"] is None:
            return None, broken
    elif values["source"] is None or values["target"] is None or values["kind"] is None:
        return None, broken  # nothing refers to a link: leaving it out hides nothing
    return [values[name] for name in names], broken


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


@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while hundreds of thousands of records are
    built.  They form no reference cycles, yet CPython's collector keeps re-scanning
    the growing heap (measured: parsing the 250,000-link benchmark workbook took 14 s
    with it, 8.5 s without, on a loaded 2-core machine).  Reference counting still
    frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_workbook(path) -> Network:
    """Parse and validate a workbook on its own (no store): the network it describes.

    Raises :class:`WorkbookError` listing every problem."""
    with _gc_paused():
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
    for sheet, source in parsed.sources.items():
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
        for key, record in new.items():
            old = have.get(key)
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


def import_workbook(path, store, *, dry_run: bool = False, replace: bool = False) -> ImportResult:
    """Import the workbook at ``path`` into ``store``, all or nothing.

    Records are upserted by id (links by source, target and kind); with ``replace``
    the workbook becomes the whole network.  ``dry_run`` checks everything and counts
    what would change but writes nothing.  Raises :class:`WorkbookError` listing
    every problem with file, row and column; the store is then untouched."""
    with _gc_paused():
        return _import_workbook(path, store, dry_run, replace)


def _import_workbook(path, store, dry_run: bool, replace: bool) -> ImportResult:
    parsed = _parse(path)
    absent = [s for s in SHEETS if s not in parsed.sources]
    if replace and absent:
        # replacing with a partial workbook would silently delete whole sheets
        parsed.problems.append(LocatedProblem(
            Path(path).name, None, None, f"--replace makes the workbook the whole network, "
            f"but it has no {', '.join(absent)} sheet(s); add them (an empty sheet with its "
            f"header row is fine) or import without --replace"))
    current = store.read()
    _keep_absent_columns(parsed, current)
    base = Network() if replace else current
    if parsed.problems or dry_run:
        # nothing will be written: check here so cell and network problems come together
        problems = parsed.problems + _network_problems(parsed, base.merged(parsed.net))
        _raise_if_problems(parsed, problems)
    delta, counts = _diff(current, parsed.net, replace)
    sheets = {s.sheet: counts[s.sheet] for s in parsed.sources.values()}
    if replace:  # removals happen on sheets the workbook does not hold too
        sheets = {s: counts[s] for s in SHEETS}
    result = ImportResult(str(path), sheets, parsed.warnings, dry_run, replace)
    removing = replace and any(c["removed"] for c in counts.values())
    if dry_run or not (removing or any(getattr(delta, s) for s in SHEETS)):
        return result
    try:
        # the store validates the merged network once more and writes in one transaction
        store.write(parsed.net if replace else delta, replace=replace)
    except ValidationError as exc:  # the store changed since we read it, or a rule we missed
        located = _locate(parsed, exc.problems) or [
            LocatedProblem("(store)", None, getattr(p, "field", None), str(p))
            for p in exc.problems]
        _raise_if_problems(parsed, located)
        raise
    result.written = True
    return result
