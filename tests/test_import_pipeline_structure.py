"""One import pipeline, joined by public names only (issue 12 item 4), and no import
cycle anywhere (issue 12).

Read from the source, so an import hidden inside a function counts too: the modules
of ``importers/`` (and the web upload that uses them) import no private name
(``_parse``, ``_locate`` …) from one another, and no two modules of ``graphmap/``,
``importers/`` and ``web/`` import each other, however indirectly."""
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


#: folder in the checkout → package name once installed (pyproject.toml package-dir)
FOLDERS = {"graphmap": "graphmap", "importers": "graphmap.importers", "web": "graphmap.web"}


def _all_modules() -> dict[str, tuple[Path, str]]:
    """Every module of graphmap/, importers/ and web/ → (file, the package its relative
    imports start from)."""
    mods = {}
    for folder, package in FOLDERS.items():
        for path in sorted((REPO / folder).rglob("*.py")):
            parts = path.relative_to(REPO / folder).with_suffix("").parts
            if "node_modules" in parts or "static" in parts:
                continue
            if parts[-1] == "__init__":
                name = ".".join((package, *parts[:-1]))
                mods[name] = (path, name)
            else:
                name = ".".join((package, *parts))
                mods[name] = (path, name.rsplit(".", 1)[0])
    return mods


def _runtime_imports(tree: ast.AST, package: str, known) -> list[str]:
    """Modules an import in ``tree`` may name, inside functions too, but not in an
    ``if TYPE_CHECKING:`` block (never run).  ``from p import x`` names ``p.x`` when
    that is a module, else ``p``."""
    out: list[str] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                out += _runtime_imports(ast.Module(body=[child], type_ignores=[]), package, known)
            continue
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            out += [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                    for a in node.names]
        out += _runtime_imports(node, package, known)
    return out


def import_graph() -> dict[str, set[str]]:
    """module → the modules of graphmap/, importers/ and web/ that importing it runs.
    Importing ``a.b.c`` runs the package ``a.b`` too, unless it is one of the
    importer's own packages (already running when the importer is)."""
    mods = _all_modules()
    graph: dict[str, set[str]] = {}
    for name, (path, package) in mods.items():
        own = {name.rsplit(".", k)[0] for k in range(1, name.count(".") + 1)}
        graph[name] = set()
        for target in _runtime_imports(ast.parse(path.read_text(encoding="utf-8")), package,
                                       mods):
            while target and target not in mods:  # a name inside a module
                target = target.rpartition(".")[0]
            while target and target != name and target not in own:
                if target in mods:
                    graph[name].add(target)
                target = target.rpartition(".")[0]
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while not component or component[-1] != v:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_check_finds_a_cycle_and_the_packages_a_module_runs():
    """The check itself: a cycle through a package's ``__init__`` counts, one through a
    ``TYPE_CHECKING`` import does not."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    graph = import_graph()
    assert "graphmap.model" in graph["graphmap.search.index"]  # from ..model import …
    assert "graphmap.model" in graph["graphmap.web.snapshot_file"]  # from graphmap import model
    # importing graphmap.store.base runs graphmap/store/__init__.py first
    assert {"graphmap.store.base", "graphmap.store"} <= graph["graphmap.web.unmet"]
    # … but a module's own package is already running when it is imported
    assert "graphmap.model" not in graph["graphmap.model.values"]
    assert "graphmap.web.snapshot" not in graph["graphmap.web.elements"]  # TYPE_CHECKING only


def test_no_import_cycle_in_graphmap_importers_or_web():
    """No two modules import each other, however indirectly and wherever the import
    stands: a cycle hidden by an import inside a function still makes the import order
    matter, and one module cannot be read without the other (issue 12)."""
    assert cycles(import_graph()) == []


def test_every_reader_imports_first_in_a_fresh_interpreter():
    """With the cycle gone any module can be the first one imported."""
    for name in ("hsds", "ptv", "survey", "workbook", "pipeline", "formats"):
        done = subprocess.run([sys.executable, "-c", f"import graphmap.importers.{name}"],
                              capture_output=True, text=True, cwd=REPO, timeout=120)
        assert done.returncode == 0, done.stderr
