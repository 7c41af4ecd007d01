"""Every module imports on its own, at top level, in a fresh interpreter (issue 12 item 6).

Why: a module that only works when another was imported first hides an import cycle,
and a part that fails to import must fail here, loudly — not show users "not available".
Each module gets its own ``python -c "import …"`` so nothing imported before helps it.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: folder in the checkout → package name once installed (pyproject.toml package-dir)
PACKAGES = {"graphmap": "graphmap", "importers": "graphmap.importers", "web": "graphmap.web",
            "cypher": "graphmap.cypher"}


def modules() -> list[str]:
    names = []
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if "node_modules" in parts or "static" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.append(".".join((package, *parts)))
    return names


def test_every_folder_has_modules():
    found = modules()
    assert {"graphmap.store.sqlite", "graphmap.importers.workbook", "graphmap.web.api"} <= set(found)


@pytest.mark.parametrize("module", modules())
def test_module_imports_alone(module):
    result = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"import {module} failed:\n{result.stderr[-3000:]}"
