"""Build hook: put the web's pinned npm bundles into the wheel (everything else is in pyproject.toml).

Why: the map page needs four UMD bundles (Cytoscape.js and its fcose layout) that npm
installs into ``web/node_modules`` (pinned by web/package-lock.json; no third-party code is
copied into the repo).  ``web/vendor.py`` serves them from the package's ``node_modules``
folder through ``importlib.resources``.  In an editable checkout that folder is
``web/node_modules`` itself; for a wheel this hook copies exactly the whitelisted files
(``FILES`` in web/vendor.py, read here without importing Flask), each with its package's
LICENSE, to the same place in the package, so the installed app finds them where the checkout does.

A wheel built before ``npm ci`` ran in web/ would draw no map, so the build stops with a
message saying what to run.
"""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
VENDOR_PY = ROOT / "web" / "vendor.py"


def vendor_files() -> dict[str, str]:
    """``FILES`` (served name → path under node_modules) from web/vendor.py, the one list."""
    tree = ast.parse(VENDOR_PY.read_text(encoding="utf-8"), str(VENDOR_PY))
    for node in tree.body:
        target = getattr(node, "target", None) or (getattr(node, "targets", None) or [None])[0]
        if isinstance(target, ast.Name) and target.id == "FILES" and node.value is not None:
            return ast.literal_eval(node.value)
    raise SystemExit(f"build: no FILES = {{...}} literal in {VENDOR_PY}")


class BuildPyWithVendor(build_py):
    """build_py, then the whitelisted npm bundles into graphmap/web/node_modules/."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # the checkout's own web/node_modules is used as it is
        source = ROOT / "web" / "node_modules"
        target = Path(self.build_lib) / "graphmap" / "web" / "node_modules"
        missing = [rel for rel in vendor_files().values() if not (source / rel).is_file()]
        if missing:
            raise SystemExit(
                "build: the map's JavaScript libraries are missing from web/node_modules ("
                + ", ".join(missing) + "); run `npm ci` in web/ (or `make setup`) "
                "before building the wheel")
        for rel in vendor_files().values():
            # each bundle with its package's licence (MIT: the notice travels with the copy)
            for part in (rel, rel.split("/")[0] + "/LICENSE"):
                if (source / part).is_file():
                    (target / part).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source / part, target / part)


setup(cmdclass={"build_py": BuildPyWithVendor})
