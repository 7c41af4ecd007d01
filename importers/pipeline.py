"""The one import pipeline (issue 12 item 4): a reader's :class:`.Converted` →
located problems, stored fields kept, a plan, one all-or-nothing write.

Every import goes through here — ``graphmap import`` in every format, its dry run,
and the web upload's preview and commit — so they agree on what is a problem, where
it is, and what would change:

1. :func:`plan_import` takes the reader's result and the store's network as read
   once by the caller: it keeps the fields the input does not carry
   (``Converted.columns``/``supplied``), plans the write with the store's own
   :func:`graphmap.store.base.plan_write` (which checks the model's rules and finds
   what is new, changed, removed), and locates every problem in the input.  It
   raises :class:`WorkbookError` listing them all; nothing is written then.
2. :func:`write_planned` hands that plan to ``Store.write`` together with the network
   it was made on, so the store does not plan (nor check) it again unless another
   writer came in between.
"""
from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field

from graphmap.i18n.message import Message, localised
from graphmap.model import (NODE_SHEETS, RECORD_TYPES, SHEETS, Network, ValidationError,
                            parse_link_key)
from graphmap.store.base import Plan, key_text, plan_write

from .converted import Converted
from .problems import LocatedProblem, WorkbookError


#: (sheet, field) of a model problem → the sheets that field refers into
_REFERS_TO = {("areas", "parent"): {"areas"}, ("units", "organisation"): {"organisations"},
              ("units", "area"): {"areas"}, ("roles", "unit"): {"units"},
              ("links", "source"): {"units", "roles"}, ("links", "target"): {"units", "roles"}}


# ---------------------------------------------------------------------- result


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do), sheet by sheet, and the
    format's own findings (``report``)."""

    path: str
    sheets: dict[str, dict[str, int]]
    warnings: list[str]
    dry_run: bool = False
    replace: bool = False
    written: bool = False
    format: str = "workbook"
    report: dict = field(default_factory=dict)

    def totals(self) -> dict[str, int]:
        keys = ("added", "changed", "unchanged") + (("removed",) if self.replace else ())
        return {k: sum(c.get(k, 0) for c in self.sheets.values()) for k in keys}

    def as_dict(self, lang: str | None = None) -> dict:
        """JSON shape; the warnings and the report's texts in ``lang`` (``None``:
        English), its keys and the sheet keys as they are (names for programs)."""
        report = {k: _localised_value(v, lang) for k, v in self.report.items()}
        return {"path": self.path, "replace": self.replace, "written": self.written,
                "sheets": self.sheets, **self.totals(),
                "warnings": [localised(w, lang) for w in self.warnings],
                "format": self.format, "report": report}

    def summary(self, lang: str | None = None) -> str:
        """What the import did, per sheet, in ``lang`` (``None``: English): sheet
        names, warnings and the format's report all in that language."""
        from graphmap.i18n import translate
        lang = lang or "en"
        parts = []
        for sheet, c in self.sheets.items():
            text = translate("import.summary_sheet", lang, sheet=sheet_name(sheet, lang),
                             added=c["added"], changed=c["changed"],
                             unchanged=c["unchanged"])
            if self.replace:
                text += translate("import.summary_removed", lang, removed=c["removed"])
            parts.append(text)
        line = f"{self.path}: " + "; ".join(parts)
        if self.warnings:
            line += translate("import.summary_warnings", lang, n=len(self.warnings),
                              warnings="; ".join(localised(w, lang) for w in self.warnings))
        for key, value in self.report.items():
            value = _localised_value(value, lang)
            if isinstance(value, (list, tuple)):
                value = ", ".join(map(str, value)) or "–"
            line += f"\n  {report_name(key, lang)}: {value}"
        return line


def sheet_name(sheet: str, lang: str | None) -> str:
    """A sheet's name as its reader would write it (``units`` → ``yksiköt``)."""
    from graphmap.i18n import has, translate
    key = f"import.sheet_name.{sheet}"
    return translate(key, lang) if has(key) else sheet


def report_name(key: str, lang: str | None) -> str:
    """A format's report entry (``respondents`` …) named in ``lang``."""
    from graphmap.i18n import has, translate
    name = f"import.report.{key}"
    return translate(name, lang) if has(name) else key


def _localised_value(value, lang: str | None):
    if isinstance(value, (list, tuple)):
        return [localised(v, lang) for v in value]
    return localised(value, lang) if isinstance(value, str) else value


@dataclass
class Planned:
    """An import checked and planned against ``current`` (the store as read once)."""

    conv: Converted
    current: Network
    plan: Plan
    replace: bool
    result: ImportResult

    @property
    def changes(self) -> bool:
        return bool(self.plan.added or self.plan.changed or self.plan.removed)


# -------------------------------------------------------------------- progress


class Progress:
    """How a long import reports itself (issue 13 item 5): a reader that knows its
    rows says how many it expects and how many it has read; then each step of the
    pipeline is named.  The command line draws bars on a terminal; this base says
    nothing, so callers that do not care pass nothing."""

    def expect_rows(self, total: int) -> None:
        """About ``total`` rows will be read (before the first is)."""

    def rows(self, n: int, sheet: str) -> None:
        """``n`` more rows of ``sheet`` have been read."""

    def step(self, name: str) -> None:
        """A step is done: a file read (``hsds``, ``ptv`` …), ``store``, ``check``,
        ``write``."""


QUIET = Progress()


# -------------------------------------------------------------------- planning


def plan_import(conv: Converted, current: Network, *, replace: bool = False,
                dry_run: bool = False) -> Planned:
    """Check ``conv`` against ``current`` and plan its write; see the module docstring.

    ``conv.network`` is changed in place: records already stored keep the fields the
    input does not carry, so what is checked and written is what would be stored."""
    problems = list(conv.problems)
    if replace:
        problems += _replace_problems(conv)
    keep_stored_fields(conv, current)
    plan = None
    network_problems: list = []
    try:
        plan = plan_write(current, conv.network, replace=replace)
    except ValidationError as exc:
        network_problems = exc.problems
    if network_problems and (conv.reported is not None or not problems):
        problems += locate(conv, network_problems, current)
    if problems or plan is None:
        raise error(conv, problems or [
            LocatedProblem("(store)", None, getattr(p, "field", None), str(p))
            for p in network_problems])
    held = conv.sheets if conv.sheets is not None else tuple(
        s for s in SHEETS if getattr(conv.network, s))
    sheets = SHEETS if replace else held
    counts = {s: _counts(plan, s, len(getattr(conv.network, s)), replace) for s in sheets}
    result = ImportResult(conv.path, counts, list(conv.warnings), dry_run, replace,
                          format=conv.format, report=dict(conv.report))
    return Planned(conv, current, plan, replace, result)


def _replace_problems(conv: Converted) -> list[LocatedProblem]:
    """Replacing with a partial input would silently delete whole sheets."""
    name = _name(conv)
    if conv.sheets is None:
        return [LocatedProblem(name, None, None, Message("replace_workbook_only",
                                                         format=conv.format))]
    absent = [s for s in SHEETS if s not in conv.sheets]
    if not absent:
        return []
    return [LocatedProblem(name, None, None, Message("replace_missing_sheets",
                                                     sheets=", ".join(absent)))]


def _counts(plan: Plan, sheet: str, incoming: int, replace: bool) -> dict[str, int]:
    """Added, changed, unchanged (and removed) records of ``sheet``, from the plan."""
    if sheet in plan.adds_all:
        added, changed = incoming, 0
    else:
        added = len(plan.adds.get(sheet, ()))
        changed = len(plan.upserts.get(sheet, ())) - added
    out = {"added": added, "changed": changed, "unchanged": incoming - added - changed}
    if replace:
        out["removed"] = len(plan.removes.get(sheet, ()))
    return out


def keep_stored_fields(conv: Converted, current: Network) -> None:
    """A field the input does not carry keeps its stored value: a column a workbook
    sheet leaves out (an empty cell in a column it has clears the value), a field a
    PTV or HSDS record does not describe.  So a units sheet of only id, name,
    organisation and area adds units without wiping the phone numbers of the units it
    also lists."""
    for sheet, present in conv.columns.items():
        stored = getattr(current, sheet)
        absent = [f.name for f in dataclasses.fields(RECORD_TYPES[sheet])
                  if f.name not in present]
        if not absent or not stored:
            continue
        for key, record in getattr(conv.network, sheet).items():
            old = stored.get(key)
            if old is not None:
                for name in absent:
                    setattr(record, name, getattr(old, name))
    for (sheet, key), fields in conv.supplied.items():
        stored = getattr(current, sheet).get(key)
        incoming = getattr(conv.network, sheet).get(key)
        if stored is None or incoming is None:
            continue
        for f in dataclasses.fields(incoming):
            if f.name not in fields:
                setattr(incoming, f.name, copy.deepcopy(getattr(stored, f.name)))
        if conv.merge:
            conv.merge(sheet, stored, incoming)


# -------------------------------------------------------------------- locating


def locate(conv: Converted, problems, current: Network | None = None) -> list[LocatedProblem]:
    """The model's entity/key/field problems, at their place in the input: file and
    row and column, or file and JSON pointer.  A problem the reader already reported
    is left out, and so is a reference into a sheet the reader could not read (every
    row pointing there would bury the one real problem)."""
    out = []
    name = _name(conv)
    reported = conv.reported or set()
    for p in problems:
        if not hasattr(p, "entity"):
            out.append(LocatedProblem(name, None, getattr(p, "field", None), str(p)))
            continue
        if _REFERS_TO.get((p.entity, p.field), set()) & conv.unknown_sheets:
            continue
        key = _record_key(p.entity, p.key)
        if (p.entity, key, p.field) in reported or (p.entity, None, p.field) in reported:
            continue
        origin = conv.origins.get((p.entity, key))
        message = p.message
        if origin is None and p.entity in NODE_SHEETS:
            # the record is in the store: blame an input record with the same id if any
            for sheet in NODE_SHEETS:
                origin = conv.origins.get((sheet, key))
                if origin is not None:
                    message = Message("other_in_store", message=message, record=repr(p.key),
                                      entity=Message(f"record_name.{p.entity}"))
                    break
        if origin is not None:
            out.append(origin.where(p.field, message))
            continue
        stored = current is not None and key in getattr(current, p.entity, {})
        incoming = key in getattr(conv.network, p.entity, {})
        out.append(LocatedProblem("(store)" if stored and not incoming else name, None,
                                  p.field, Message("record_problem", record=repr(p.key),
                                                   entity=Message(f"sheet_name.{p.entity}"),
                                                   message=message)))
    return out


def _record_key(entity: str, key):
    """The model names a link by ``Link.id`` (``source>target:kind``); the network
    keys it by the tuple."""
    if entity == "links" and isinstance(key, str):
        try:
            return parse_link_key(key)
        except ValueError:
            return key
    return key


def _name(conv: Converted) -> str:
    from pathlib import Path
    return Path(conv.path).name or conv.path


def error(conv: Converted, problems: list[LocatedProblem]) -> WorkbookError:
    """Every problem at once, sheet by sheet and row by row where the reader says
    which sheet a file holds (``Converted.sheet_of``), else in the reader's order."""
    if conv.sheet_of:
        order = {s: i for i, s in enumerate(SHEETS)}
        problems = sorted(problems, key=lambda p: (
            order.get(conv.sheet_of.get((p.file, p.sheet), ""), -1), p.row or 0))
    return WorkbookError(problems, conv.path)


def check(conv: Converted) -> Network:
    """``conv`` on its own (no store): its network, or :class:`WorkbookError`."""
    return plan_import(conv, Network()).conv.network


# --------------------------------------------------------------------- writing


def write_planned(store, planned: Planned, *, actor: str = "import") -> ImportResult:
    """Write ``planned`` in one transaction (nothing when it changes nothing).  The
    store applies the plan as made unless another writer came in between; then it
    plans again and, if the rules now break, the problems are located here."""
    result = planned.result
    if not planned.changes:
        return result
    conv = planned.conv
    note = None if conv.format == "workbook" else f"{conv.format} import of {_name(conv)}"
    try:
        store.write(conv.network, replace=planned.replace, actor=actor, note=note,
                    current=planned.current, plan=planned.plan)
    except ValidationError as exc:  # the store changed since it was read
        raise error(conv, locate(conv, exc.problems, planned.current) or [
            LocatedProblem("(store)", None, getattr(p, "field", None), str(p))
            for p in exc.problems]) from exc
    result.written = True
    return result


def read_store(store, conv: Converted) -> Network:
    """The store's whole network to plan ``conv`` against, read once.  Records equal
    to ``conv``'s may come back as ``conv``'s own objects (``Store.read_reusing``:
    re-importing the nation decodes and compares only what changed, issue 13) —
    unless the reader merges a stored record into its own (``conv.merge``), which must
    not be handed the same record twice."""
    return store.read() if conv.merge else store.read_reusing(conv.network)


def import_converted(conv: Converted, store, *, dry_run: bool = False, replace: bool = False,
                     actor: str = "import", progress: Progress | None = None) -> ImportResult:
    """Read the store once, plan ``conv`` against it and (unless ``dry_run``) write it.
    ``progress.step`` is called after the store read, the checks and the write."""
    progress = progress or QUIET
    current = read_store(store, conv)
    progress.step("store")
    planned = plan_import(conv, current, replace=replace, dry_run=dry_run)
    progress.step("check")
    if dry_run:
        return planned.result
    result = write_planned(store, planned, actor=actor)
    progress.step("write")
    return result


#: steps :func:`import_converted` reports after the reader's own
PIPELINE_STEPS = 3


# --------------------------------------------------------------------- details


def details(planned: Planned, limit: int | None = None) -> dict:
    """What the plan adds, changes (field by field) and removes, per sheet:
    ``{"added": {sheet: [keys]}, "removed": {…}, "changed": {sheet: [{"key",
    "fields": {name: [old, new]}}]}, "more": {"kind.sheet": n}}``, keys sorted (links
    as ``source>target:kind``), at most ``limit`` entries per sheet and kind."""
    plan = planned.plan
    out: dict = {"added": {}, "removed": {}, "changed": {}}
    changed: dict[str, list] = {s: [] for s in SHEETS}
    for sheet, key, op, before, after in plan.entries:
        if op == "change":
            a, b = _loads(before), _loads(after)
            changed[sheet].append({"key": key, "fields": {
                f: [a.get(f), b.get(f)] for f in dict.fromkeys([*a, *b]) if a.get(f) != b.get(f)}})
    for sheet in SHEETS:
        if sheet in plan.adds_all:
            added = [key_text(sheet, k) for k in plan.upserts.get(sheet, {})]
        else:
            added = list(plan.adds.get(sheet, ()))
        out["added"][sheet] = sorted(added)
        out["removed"][sheet] = sorted(key_text(sheet, k) for k in plan.removes.get(sheet, ()))
        out["changed"][sheet] = sorted(changed[sheet], key=lambda c: c["key"])
    more = {}
    if limit is not None:
        for kind in ("added", "removed", "changed"):
            for sheet, items in out[kind].items():
                if len(items) > limit:
                    more[f"{kind}.{sheet}"] = len(items) - limit
                    out[kind][sheet] = items[:limit]
    out["more"] = more
    return out


def _loads(text) -> dict:
    import json
    return json.loads(text) if text else {}


__all__ = ["ImportResult", "Planned", "Progress", "QUIET", "plan_import", "write_planned", "import_converted",
           "keep_stored_fields", "locate", "error", "check", "details", "PIPELINE_STEPS",
           "read_store"]
