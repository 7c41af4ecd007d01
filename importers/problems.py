"""Problems located in a workbook, and the error that carries all of them.

A person fixing a workbook needs the file, the row number their spreadsheet shows
(the header is row 1) and the column as they wrote it; the model speaks of
entity/key/field instead (:class:`graphmap.model.Problem`), so the importer keeps
for every record where it came from and translates.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from graphmap.model import localised

#: Problems listed at most (CLI, web and JSON alike); the rest are counted in a last
#: "… and N more" line.  A sheet of a million bad rows must not print 170 MB.
MAX_PROBLEMS = 200


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
        return self.text(None)

    def text(self, lang: str | None) -> str:
        """The whole line in ``lang`` (fi, sv, en; ``None``: English), e.g.
        ``units.csv, rivi 5, sarake "nimi": …``."""
        from graphmap.i18n import translate
        lang = lang or "en"
        parts = [self.file]
        if self.sheet:
            parts.append(translate("import.where_sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(translate("import.where_row", lang, row=self.row))
        if self.column:
            parts.append(translate("import.where_column", lang, column=self.column))
        return ", ".join(parts) + ": " + localised(self.message, lang)

    def as_dict(self, lang: str | None = None) -> dict:
        """JSON shape: file, row, column, message, sheet; ``message`` in ``lang``."""
        out = asdict(self)
        out["message"] = localised(self.message, lang)
        return out


class WorkbookError(ValueError):
    """The workbook cannot be imported.  ``problems`` holds every problem found (not
    just the first), and nothing was written."""

    def __init__(self, problems: list[LocatedProblem], path: str = ""):
        self.total = len(problems)
        self.problems = capped(problems, path)
        self.path = str(path)
        super().__init__(self.report(None))

    def report(self, lang: str | None) -> str:
        """The head line and one line per problem, in ``lang`` (``None``: English)."""
        from graphmap.i18n import translate
        head = (f"{self.path}: " if self.path else "") + translate(
            "import.nothing_imported", lang or "en", n=self.total)
        return "\n".join([head] + [p.text(lang) for p in self.problems])

    def as_dict(self, lang: str | None = None) -> dict:
        return {"path": self.path, "total": self.total,
                "problems": [p.as_dict(lang) for p in self.problems]}


def capped(problems: list, path="") -> list:
    """The first :data:`MAX_PROBLEMS` problems and, if there were more, a last one
    saying how many more (the one cap for the CLI, the web and JSON)."""
    from graphmap.model import Message
    problems = list(problems)
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    name = problems[MAX_PROBLEMS].file if hasattr(problems[MAX_PROBLEMS], "file") else str(path)
    return problems[:MAX_PROBLEMS] + [LocatedProblem(name, None, None,
                                                     Message("more_problems", n=more))]
