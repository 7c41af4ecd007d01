"""Problems located in a workbook, and the error that carries all of them.

A person fixing a workbook needs the file, the row number their spreadsheet shows
(the header is row 1) and the column as they wrote it; the model speaks of
entity/key/field instead (:class:`graphmap.model.Problem`), so the importer keeps
for every record where it came from and translates.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class LocatedProblem:
    """One problem in a workbook: ``file`` (and ``sheet`` for an xlsx tab), ``row``
    (spreadsheet numbering, header = 1; ``None`` for the whole file), ``column``
    (the header as written, or the canonical name if the column is missing)."""

    file: str
    row: int | None
    column: str | None
    message: str
    sheet: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f'sheet "{self.sheet}"')
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f'column "{self.column}"')
        return ", ".join(parts) + ": " + self.message

    def as_dict(self) -> dict:
        return asdict(self)


class WorkbookError(ValueError):
    """The workbook cannot be imported.  ``problems`` holds every problem found (not
    just the first), and nothing was written."""

    def __init__(self, problems: list[LocatedProblem], path: str = ""):
        self.problems = list(problems)
        self.path = str(path)
        head = (f"{self.path}: " if self.path else "") + (
            f"{len(self.problems)} problem(s); nothing was imported")
        super().__init__("\n".join([head] + [str(p) for p in self.problems]))

    def as_dict(self) -> dict:
        return {"path": self.path, "problems": [p.as_dict() for p in self.problems]}
