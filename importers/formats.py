"""One door for every import and export format (what ``graphmap import``/``export`` call).

* :func:`detect_format` — which importer a path needs, from its contents, not only its
  name (a ``.json`` may be HSDS or PTV; a ``.csv`` may be a survey);
* :func:`read_any` — parse any format into the pipeline's one result shape;
* :func:`import_any` — parse, check against the stored network, write all or nothing;
* :func:`export_any` — write a network in any export format.

Why one module: the CLI and the web app should not know the format modules, and every
importer must behave the same way (issue 6 item 5): atomic, every problem located
(file + row/column, or file + JSON pointer), ``dry_run`` counting what would be added or
changed, and a re-import changing nothing.  Every reader (``.workbook``, ``.hsds``,
``.ptv``, ``.survey``) only turns its input into a :class:`~.converted.Converted` — a
network plus where each record came from — and :mod:`.pipeline` does the rest the same
way for all of them.
"""
from __future__ import annotations

import csv
from pathlib import Path

from graphmap.bulk import gc_paused
from graphmap.model import Message

from . import hsds, pipeline, ptv, survey, workbook
from .converted import Converted
from .pipeline import ImportResult
from .problems import LocatedProblem, WorkbookError
from .sources import zip_bomb

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
        if zip_bomb(path) is not None:  # never inflate it; the workbook reader says why
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


def read_any(path, fmt: str | None = None,
             progress: pipeline.Progress | None = None) -> Converted:
    """Parse ``path`` in format ``fmt`` (detected when ``None``) into the pipeline's
    :class:`~.converted.Converted`: one shape for every reader.  Raises
    :class:`WorkbookError` for a path that is not there; every other problem of the
    input is in the result's ``problems``.  ``progress`` (a
    :class:`~.pipeline.Progress`) hears a workbook's rows as they are read, another
    format's one step when it is read."""
    fmt = fmt or detect_format(path)
    if fmt not in IMPORT_FORMATS:
        raise ValueError(f"unknown import format {fmt!r}; expected one of "
                         f"{', '.join(IMPORT_FORMATS)}")
    p = Path(path)
    if not p.exists():
        raise WorkbookError([LocatedProblem(str(path), None, None, Message("source_missing"))],
                            str(path))
    if fmt == "workbook":
        return workbook.read(p, progress)
    if fmt == "hsds":
        tables = hsds.read_csv_package(p) if p.is_dir() else hsds.read_json(p)
        conv = hsds.tables_to_network(tables, municipality_names())
    elif fmt == "ptv":
        conv = ptv.convert(p)
    else:
        conv = survey.convert(p)
    conv.format, conv.path = fmt, str(path)
    if progress is not None:
        progress.step(fmt)
    return conv


def import_steps(fmt: str) -> int:
    """How many steps :func:`import_any` reports to ``progress.step`` for a real
    import in ``fmt`` (a progress bar's length; a workbook's rows are counted apart)."""
    return pipeline.PIPELINE_STEPS + (fmt != "workbook")


def import_any(path, store, fmt: str | None = None, *, dry_run: bool = False,
               replace: bool = False, actor: str = "import",
               progress: pipeline.Progress | None = None) -> ImportResult:
    """Import ``path`` into ``store`` in format ``fmt`` (detected when ``None``).

    Returns the import's :class:`~.pipeline.ImportResult` (``as_dict()``,
    ``summary()``); raises :class:`WorkbookError` (every problem, located) and then
    writes nothing."""
    with gc_paused():
        conv = read_any(path, fmt, progress)
        return pipeline.import_converted(conv, store, dry_run=dry_run, replace=replace,
                                         actor=actor, progress=progress)


def municipality_names() -> dict[str, str]:
    """Lower-case municipality name → Statistics Finland code (graphmap/data)."""
    return {name.lower(): code for code, name in ptv.municipalities().items()}


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
        raise ValueError(Message("export_is_folder", path=str(out), format=fmt))
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


__all__ = ["detect_format", "import_any", "import_steps", "read_any", "export_any",
           "ImportResult", "IMPORT_FORMATS", "EXPORT_FORMATS"]
