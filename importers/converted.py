"""What every reader hands the import pipeline (issue 12 item 4): one shape for all
formats, so that locating problems, keeping stored fields, planning and writing are
done once, in :mod:`.pipeline`, for the workbook, HSDS, PTV and surveys alike.

A reader (``workbook.read``, ``hsds.tables_to_network``, ``ptv.convert``,
``survey.convert``) only turns its input into records and says where each came from;
it never reads or writes a store.  Keys are the network's own: an id, or a link's
``(source, target, kind)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from graphmap.model import Network

from .problems import LocatedProblem


class Origin(Protocol):
    """Where one record came from: it names a field's place in the input."""

    def where(self, column: str | None, message: str) -> LocatedProblem: ...


@dataclass
class Converted:
    """A reader's result: the records, where each came from, what went wrong.

    ``origins`` maps ``(sheet, key)`` to an :class:`Origin` (a plain dict, or a mapping
    that makes them on demand: a national workbook has 300,000 records).  ``problems``
    are already located; nothing is imported when there is one."""

    network: Network
    origins: Any = field(default_factory=dict)  # a dict, or a read-only Mapping
    problems: list[LocatedProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: format-specific findings shown with the result (e.g. survey reciprocity)
    report: dict = field(default_factory=dict)
    #: (sheet, key) → the fields this input really carries for that record.  A record
    #: already in the store keeps its other fields (a PTV import must not reset a
    #: support level a coordinator set by hand; a survey must not erase a link's
    #: volume).  Records not listed carry every field, unless ``columns`` says otherwise.
    supplied: dict = field(default_factory=dict)
    #: sheet → the fields every record of that sheet carries (a workbook sheet's
    #: columns): a column a sheet leaves out keeps the stored values
    columns: dict[str, set[str]] = field(default_factory=dict)
    #: optional ``merge(sheet, stored, incoming)`` run after the fields are kept (notes)
    merge: Callable | None = None
    #: which reader: workbook, hsds, ptv, survey
    format: str = "workbook"
    #: the input as the person named it (what an error's head line names)
    path: str = ""
    #: the sheets the input holds whole, in its order (a workbook's sheets); ``None``
    #: for an input that describes records rather than sheets (it cannot ``replace``)
    sheets: tuple[str, ...] | None = None
    #: (sheet, key, field) the reader has already reported cell by cell (``key`` None:
    #: the whole column is missing): the model's rules would only repeat them.  ``None``
    #: when the reader does not keep track; then the network is checked only when the
    #: reader found no problem, so that one broken record is not reported twice.
    reported: set | None = None
    #: sheets whose records are unknown (unreadable, or without an id column):
    #: references into them cannot be checked
    unknown_sheets: set[str] = field(default_factory=set)
    #: (file, sheet tab) of a problem → the record sheet it concerns, to list problems
    #: sheet by sheet and row by row (a workbook); empty: the reader's order stays
    sheet_of: dict = field(default_factory=dict)
    #: records read (a progress bar's count)
    rows: int = 0


__all__ = ["Converted", "Origin"]
