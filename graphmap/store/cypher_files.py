"""Named Cypher statements read from ``cypher/*.cypher`` – the only place Cypher lives.

Why: the brief for the Neo4j store (issue 2) keeps every query in plain ``.cypher``
files so that Neo4j's own linter (``scripts/lint_cypher.mjs``, run by
``tests/test_cypher.py``) checks them in CI without a server, and Python code never
assembles Cypher from strings.

How: a file holds statements separated by header lines::

    // name: load_units
    // params: rows
    UNWIND $rows AS row ...

``name`` is required and unique within the file; ``params`` (comma-separated, optional)
declares the ``$parameters`` the statement takes.  Comment and blank lines at either
end of a statement (such as the notes that introduce the next one) are dropped; only
comments come before the first header.  ``scripts/lint_cypher.mjs`` parses the same
format.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

#: the ``.cypher`` files: ``cypher/`` at the top of the source tree, installed as the package
#: ``graphmap.cypher`` (pyproject.toml maps it), so they are found the same way in an editable
#: checkout and in an installed wheel.
CYPHER_DIR = resources.files("graphmap.cypher")

_NAME = re.compile(r"^//\s*name:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")
_PARAMS = re.compile(r"^//\s*params:\s*(.*)$")


class CypherFileError(ValueError):
    """A ``.cypher`` file does not follow the named-statement format."""


@dataclass(frozen=True)
class Statement:
    """One named statement: its text, declared parameters and where it came from."""

    name: str
    text: str
    params: frozenset[str]
    file: str
    line: int  # 1-based line of the first line of ``text`` in ``file``


def parse(source: str, file: str = "<string>") -> dict[str, Statement]:
    """The statements in ``source`` (the text of one ``.cypher`` file), by name."""
    lines = source.splitlines()
    found: dict[str, Statement] = {}
    headers = [i for i, line in enumerate(lines) if _NAME.match(line.strip())]
    for i, line in enumerate(lines[:headers[0] if headers else len(lines)]):
        if not _is_note(line):
            raise CypherFileError(f"{file}, line {i + 1}: Cypher outside a named statement "
                                  "(start it with a '// name: <identifier>' line)")
    for n, start in enumerate(headers):
        name = _NAME.match(lines[start].strip()).group(1)
        if name in found:
            raise CypherFileError(f"{file}, line {start + 1}: statement {name!r} is named twice")
        end = headers[n + 1] if n + 1 < len(headers) else len(lines)
        body_start, params = start + 1, frozenset()
        if body_start < end and _PARAMS.match(lines[body_start].strip()):
            raw = _PARAMS.match(lines[body_start].strip()).group(1)
            params = frozenset(p.strip().lstrip("$") for p in raw.split(",") if p.strip())
            body_start += 1
        while body_start < end and _is_note(lines[body_start]):
            body_start += 1
        body_end = end
        while body_end > body_start and _is_note(lines[body_end - 1]):
            body_end -= 1
        text = "\n".join(lines[body_start:body_end])
        if not text.strip():
            raise CypherFileError(f"{file}, line {start + 1}: statement {name!r} is empty")
        found[name] = Statement(name, text, params, file, body_start + 1)
    return found


def _is_note(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("//")


@functools.cache
def load(group: str) -> dict[str, Statement]:
    """The statements of ``cypher/<group>.cypher`` (cached; the files ship with the code)."""
    path = CYPHER_DIR / f"{group}.cypher"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CypherFileError(f"cannot read Cypher file {path}: {exc}") from exc
    return parse(source, str(path))


def statement(group: str, name: str) -> Statement:
    """One statement by file group and name, with a clear error for a wrong name."""
    statements = load(group)
    if name not in statements:
        raise CypherFileError(f"no statement {name!r} in cypher/{group}.cypher "
                              f"(it has: {', '.join(sorted(statements))})")
    return statements[name]
