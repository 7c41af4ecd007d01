"""One import pipeline, joined by public names only (issue 12 item 4).

Read from the source, so an import hidden inside a function counts too: the modules
of ``importers/`` (and the web upload that uses them) import no private name
(``_parse``, ``_locate`` …) from one another, and no two of them import each other,
however indirectly."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "importers"


def _imports(path: Path, package: str) -> list[tuple[str, list[str]]]:
    """(module imported, names taken) for every import in ``path``, nested ones too,
    with relative imports resolved against ``package``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names = [a.name for a in node.names]
            if not node.module:  # from . import hsds, ptv
                out += [(f"{base}.{n}", []) for n in names]
            else:
                out.append((base, names))
        elif isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
    return out


def _modules() -> dict[str, Path]:
    mods = {f"graphmap.importers.{p.stem}": p for p in PACKAGE.glob("*.py")
            if p.stem != "__init__"}
    mods["graphmap.web.upload"] = REPO / "web" / "upload.py"
    return mods


def test_no_private_name_crosses_a_module():
    crossing = []
    for name, path in _modules().items():
        package = name.rsplit(".", 1)[0]
        for module, names in _imports(path, package):
            if module.startswith(("graphmap.importers", "graphmap.web")) and module != name:
                crossing += [f"{name} takes {module}.{n}" for n in names
                             if n.startswith("_") and not n.startswith("__")]
    assert crossing == []


def test_the_importers_import_each_other_without_a_cycle():
    mods = _modules()
    graph = {name: {m for m, _ in _imports(path, name.rsplit(".", 1)[0]) if m in mods}
             for name, path in mods.items()}
    seen: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node, path):
        seen[node] = 1
        for nxt in sorted(graph[node]):
            assert seen.get(nxt) != 1, "import cycle: " + " → ".join(path + [node, nxt])
            if nxt not in seen:
                visit(nxt, path + [node])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [])


def test_every_reader_imports_first_in_a_fresh_interpreter():
    """With the cycle gone any module can be the first one imported."""
    for name in ("hsds", "ptv", "survey", "workbook", "pipeline", "formats"):
        done = subprocess.run([sys.executable, "-c", f"import graphmap.importers.{name}"],
                              capture_output=True, text=True, cwd=REPO, timeout=120)
        assert done.returncode == 0, done.stderr
