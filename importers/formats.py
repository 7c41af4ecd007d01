"""One door for every import and export format (what ``graphmap import``/``export`` call).

* :func:`detect_format` — which importer a path needs, from its contents, not only its
  name (a ``.json`` may be HSDS or PTV; a ``.csv`` may be a survey);
* :func:`import_any` — parse, check against the stored network, write all or nothing;
* :func:`export_any` — write a network in any export format.

Why one module: the CLI and the web app should not know the format modules, and every
importer must behave the same way (issue 6 item 5): atomic, every problem located
(file + row/column, or file + JSON pointer), ``dry_run`` counting what would be added or
changed, and a re-import changing nothing.  The workbook importer (``.workbook``) already
does that; the other importers only turn their input into a :class:`~graphmap.model.Network`
plus where each record came from, and :func:`write_converted` does the rest the same way.
"""
from __future__ import annotations

import copy
import csv
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from graphmap.model import SHEETS, ValidationError, check_network

from .problems import LocatedProblem, WorkbookError
from .workbook import ImportResult, _diff

IMPORT_FORMATS = ("workbook", "hsds", "ptv", "survey")
EXPORT_FORMATS = ("workbook", "hsds", "hsds-csv", "graphml", "gexf", "cytoscape", "neo4j-csv",
                  "cypher")

_PTV_KEYS = {"serviceNames", "serviceChannelNames", "organizationNames", "serviceChannelType",
             "serviceClasses"}
_SURVEY_KEYS = {"respondent", "vastaaja", "partner", "kumppani"}


def detect_format(path) -> str:
    """``workbook``, ``hsds``, ``ptv`` or ``survey`` for ``path`` (a file or folder).

    Folders: HSDS when they hold ``services.csv`` or ``organizations.csv``, PTV when they
    hold PTV JSON, otherwise a workbook.  JSON: PTV when PTV's camelCase names
    (``serviceNames``, ``serviceChannelType``, …) appear, otherwise HSDS.  CSV/XLSX: a
    survey when the header names a respondent and a partner, otherwise a workbook."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    if p.is_dir():
        if (p / "services.csv").exists() or (p / "organizations.csv").exists():
            return "hsds"
        jsons = sorted(p.glob("*.json"))
        if jsons and all(_json_format(j) == "ptv" for j in jsons):
            return "ptv"
        return "workbook"
    suffix = p.suffix.lower()
    if suffix == ".json":
        return _json_format(p)
    if suffix in (".csv", ".txt", ".xlsx"):
        return "survey" if _header_keys(p) & _SURVEY_KEYS else "workbook"
    return "workbook"


def _json_format(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8-sig")[:200_000]
    except (OSError, UnicodeDecodeError):
        return "hsds"  # let the HSDS reader report the problem with its location
    return "ptv" if any(f'"{k}"' in text for k in _PTV_KEYS) else "hsds"


def _header_keys(path: Path) -> set[str]:
    if path.suffix.lower() == ".xlsx":
        from .sources import _zip_bomb
        if _zip_bomb(path) is not None:  # never inflate it; the workbook reader says why
            return set()
        try:
            from openpyxl import load_workbook
            wb = load_workbook(path, read_only=True)
            first = next(wb.worksheets[0].iter_rows(max_row=1, values_only=True), ())
            wb.close()
        except Exception:  # unreadable xlsx: the workbook importer reports it properly
            return set()
        header = [str(c or "") for c in first]
    else:
        try:
            line = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()[:1]
        except OSError:
            return set()
        header = next(csv.reader(line, delimiter=";" if line and line[0].count(";") >
                                 line[0].count(",") else ","), []) if line else []
    return {h.strip().lower() for h in header}


# --------------------------------------------------------------------- import

@dataclass
class Converted:
    """What a format importer hands over: a network, where each record came from
    (``(sheet, key) → LocatedProblem``-making row), problems found while parsing,
    warnings, and a report of format-specific findings (e.g. survey reciprocity)."""

    network: object
    origins: dict
    problems: list[LocatedProblem]
    warnings: list[str]
    report: dict = field(default_factory=dict)
    #: (sheet, key) → the fields this input really carries.  A record already in the
    #: store keeps its other fields (a PTV import must not reset a support level a
    #: coordinator set by hand; a survey must not erase a link's volume).  Records not
    #: listed are replaced whole.
    supplied: dict = field(default_factory=dict)
    #: optional ``merge(sheet, stored, incoming)`` run after ``supplied`` (e.g. notes)
    merge: object = None


@dataclass
class InteropResult(ImportResult):
    """:class:`ImportResult` plus the format's own findings (``report``)."""

    format: str = ""
    report: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {**super().as_dict(), "format": self.format, "report": self.report}

    def summary(self) -> str:
        line = super().summary()
        for key, value in self.report.items():
            if isinstance(value, (list, tuple)):
                value = ", ".join(map(str, value)) or "–"
            line += f"\n  {key}: {value}"
        return line


def write_converted(conv, path, store, fmt: str, *, dry_run: bool = False,
                    actor: str = "import") -> InteropResult:
    """Check ``conv.network`` merged into the store and write it in one transaction.

    Every problem is raised at once as :class:`WorkbookError` with its location in
    the input; nothing is written then, nor in a dry run."""
    name = Path(path).name
    problems = list(conv.problems)
    current = store.read()
    _keep_stored_fields(conv, current)
    if not problems:
        problems += _locate(conv, check_network(current.merged(conv.network)), name)
    if problems:
        raise WorkbookError(problems, str(path))
    delta, counts = _diff(current, conv.network, False)
    sheets = {s: counts[s] for s in SHEETS if getattr(conv.network, s) or counts[s]["changed"]}
    result = InteropResult(str(path), sheets, list(conv.warnings), dry_run, False,
                           format=fmt, report=dict(conv.report))
    if dry_run or not any(getattr(delta, s) for s in SHEETS):
        return result
    try:
        store.write(delta, actor=actor, note=f"{fmt} import of {name}")
    except ValidationError as exc:  # the store saw something the check above did not
        raise WorkbookError(_locate(conv, exc.problems, name), str(path)) from exc
    result.written = True
    return result


def _keep_stored_fields(conv, current) -> None:
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


def _locate(conv, problems, name: str) -> list[LocatedProblem]:
    """Model problems (entity/key/field) → where the record came from in the input."""
    out = []
    for p in problems:
        origin = conv.origins.get((p.entity, p.key)) if hasattr(p, "entity") else None
        if origin is not None:
            out.append(origin.where(p.field, p.message))
        else:
            what = f"{p.entity} {p.key!r}" if hasattr(p, "entity") else ""
            text = p.message if hasattr(p, "message") else str(p)
            out.append(LocatedProblem(name, None, getattr(p, "field", None),
                                      f"{what}: {text}" if what else text))
    return out


def import_any(path, store, fmt: str | None = None, *, dry_run: bool = False,
               actor: str = "import"):
    """Import ``path`` into ``store`` in format ``fmt`` (detected when ``None``).

    Returns the importer's result (``as_dict()``, ``summary()``); raises
    :class:`WorkbookError` (every problem, located) and then writes nothing."""
    fmt = fmt or detect_format(path)
    if fmt not in IMPORT_FORMATS:
        raise ValueError(f"unknown import format {fmt!r}; expected one of "
                         f"{', '.join(IMPORT_FORMATS)}")
    if fmt == "workbook":
        from .workbook import import_workbook
        return import_workbook(path, store, dry_run=dry_run, actor=actor)
    return write_converted(convert(path, fmt), path, store, fmt, dry_run=dry_run, actor=actor)


def convert(path, fmt: str):
    """Parse ``path`` in a non-workbook format into a :class:`Converted`."""
    p = Path(path)
    if not p.exists():
        raise WorkbookError([LocatedProblem(str(path), None, None, "no such file or folder")],
                            str(path))
    if fmt == "hsds":
        from . import hsds
        tables = hsds.read_csv_package(p) if p.is_dir() else hsds.read_json(p)
        return hsds.tables_to_network(tables, municipality_names())
    if fmt == "ptv":
        from . import ptv
        return ptv.convert(p)
    if fmt == "survey":
        from . import survey
        return survey.convert(p)
    raise ValueError(f"no converter for {fmt!r}")


def municipality_names() -> dict[str, str]:
    """Lower-case municipality name → Statistics Finland code (graphmap/data)."""
    from .ptv import municipalities
    return {name.lower(): code for code, name in municipalities().items()}


# --------------------------------------------------------------------- export

def export_any(net, out, fmt: str):
    """Write ``net`` to ``out`` in ``fmt`` (one of :data:`EXPORT_FORMATS`).

    File formats write one file; ``hsds-csv`` and ``neo4j-csv`` write a folder;
    ``workbook`` writes ``.xlsx`` or a folder of CSV files.  Returns ``Path(out)``."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of "
                         f"{', '.join(EXPORT_FORMATS)}")
    out = Path(out)
    if fmt not in ("hsds-csv", "neo4j-csv", "workbook") and out.is_dir():
        raise ValueError(f"{out} is a folder; {fmt} export writes one file")
    if fmt == "workbook":
        from .export import export_workbook
        export_workbook(net, out)
    elif fmt == "hsds":
        from .hsds import export_json
        export_json(net, out)
    elif fmt == "hsds-csv":
        from .hsds import export_csv
        export_csv(net, out)
    else:
        from .graph_formats import WRITERS
        WRITERS[fmt](net, out)
    return out


__all__ = ["detect_format", "import_any", "export_any", "convert", "write_converted",
           "Converted", "InteropResult", "IMPORT_FORMATS", "EXPORT_FORMATS"]
