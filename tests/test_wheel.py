"""The installed package works without the checkout (issue 12 item 1).

Builds the wheel from a copy of this source tree (``pip wheel --no-deps
--no-build-isolation`` with the setuptools pinned in the test extra), installs it into
a fresh virtualenv and, from a folder outside the source tree, loads the demo network
with the installed ``graphmap`` command, reads a Cypher file through the package, and
serves a map page with every script it points at (the four npm bundles under /vendor
and our own static JS).  A second build without ``web/node_modules`` must stop and say
to run ``npm ci``.

Why a copy: setuptools builds in place (``build/``, ``*.egg-info``), and a stale
``build/lib`` would put deleted files into the wheel; the copy keeps the worktree clean.
The fresh venv gets the pinned dependencies from this test's own environment through a
``.pth`` line (added after the install, so pip never sees the editable graphmap), which
keeps the test offline and fast.  Marked ``wheel``: ``pytest -m wheel`` runs it alone.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "web" / "node_modules"
#: what a wheel does not need (tests, benchmarks, local state, build output)
SKIP = {".git", ".venv", "node_modules", "build", "dist", "__pycache__", ".pytest_cache",
        ".hypothesis", ".ruff_cache", ".mypy_cache", "tests", "benchmarks", "tmp"}


def _copy_source(dest: Path, *, node_modules: bool) -> Path:
    def ignore(_folder, names):
        return {n for n in names
                if n in SKIP or n.endswith((".egg-info", ".db", ".db-wal", ".db-shm"))}

    shutil.copytree(ROOT, dest, ignore=ignore)
    if node_modules:
        (dest / "web" / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    return dest


def _build(source: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
                           "--no-build-isolation", "--no-index", "--disable-pip-version-check",
                           "-w", str(out)], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if not (NODE_MODULES / "cytoscape").is_dir():
        pytest.fail("web/node_modules is missing: run `make setup` (npm ci in web/)")
    tmp = tmp_path_factory.mktemp("wheel")
    built = _build(_copy_source(tmp / "src", node_modules=True), tmp / "dist")
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = (tmp / "dist").glob("graphmap-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv with the wheel installed and the test environment's dependencies."""
    env = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                           "--no-deps", "--no-index", "--disable-pip-version-check", "-q",
                           str(wheel)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    purelib = subprocess.run([str(python), "-c", "import sysconfig; "
                              "print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "graphmap_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    return env


#: run inside the fresh venv, from a folder outside the source tree
PROBE = r"""
import json, posixpath, re, sys
from pathlib import Path

import graphmap
from graphmap.store import cypher_files
from graphmap.web import create_app

store_url = sys.argv[1]
app = create_app(store_url, config={"TESTING": True})
client = app.test_client()
page = client.get("/areas/sotesi")
html = page.get_data(as_text=True)
scripts = re.findall(r'src="(/(?:vendor|static)/[^"]+)"', html)
# the ES modules our scripts import, followed from the entry points as a browser does
modules, todo = {}, [u for u in scripts if u.startswith("/static/")]
while todo:
    url = todo.pop()
    answer = client.get(url)
    modules[url] = answer.status_code
    for spec in re.findall(r'from "(\.{1,2}/[^"]+)"', answer.get_data(as_text=True)):
        dep = posixpath.normpath(posixpath.join(posixpath.dirname(url), spec))
        if dep not in modules and dep not in todo:
            todo.append(dep)
print(json.dumps({
    "graphmap": graphmap.__file__,
    "load_statements": sorted(cypher_files.load("load")),
    "page": page.status_code,
    "page_has_map": 'id="cy"' in html,
    "scripts": {url: [client.get(url).status_code, len(client.get(url).data)]
                for url in scripts},
    "modules": modules,
}))
"""


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "GRAPHMAP_STORE", "GRAPHMAP_DEMO_STORE", "VIRTUAL_ENV"}}
    return env


def test_wheel_holds_the_cypher_files_and_exactly_the_whitelisted_bundles(wheel):
    from graphmap.web.vendor import FILES

    names = set(zipfile.ZipFile(wheel).namelist())
    cypher = {Path(n).name for n in names if n.startswith("graphmap/cypher/")}
    assert {p.name for p in (ROOT / "cypher").glob("*.cypher")} <= cypher
    bundles = {n.removeprefix("graphmap/web/node_modules/") for n in names
               if n.startswith("graphmap/web/node_modules/") and not n.endswith("/LICENSE")}
    assert bundles == set(FILES.values())
    for needed in ("graphmap/web/templates/base.html", "graphmap/i18n/fi.json",
                   "graphmap/web/static/js/map.js", "graphmap/data/reference_model.toml"):
        assert needed in names


def test_installed_wheel_loads_the_demo_cypher_and_serves_a_map_page(venv, tmp_path):
    work = tmp_path / "elsewhere"  # not the source tree, so nothing is imported from there
    work.mkdir()
    store_url = f"sqlite:///{work}/demo.db"
    loaded = subprocess.run([str(venv / "bin" / "graphmap"), "demo", "--load-only",
                             "--store", store_url], cwd=work,
                            env={**_clean_env(), "GRAPHMAP_LANG": "fi"},
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert "esimerkkiverkosto ladattu" in loaded.stdout  # the catalogue came with the wheel

    probe = subprocess.run([str(venv / "bin" / "python"), "-c", PROBE, store_url], cwd=work,
                           env=_clean_env(), capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout)
    assert Path(seen["graphmap"]).is_relative_to(venv), seen["graphmap"]
    assert seen["load_statements"], "cypher/load.cypher has no statements in the wheel"
    assert seen["page"] == 200 and seen["page_has_map"]
    from graphmap.web.vendor import SCRIPTS

    assert [u for u in seen["scripts"] if u.startswith("/vendor/")] == \
        [f"/vendor/{name}" for name in SCRIPTS]
    for url, (status, size) in seen["scripts"].items():
        assert status == 200 and size > 1000, (url, status, size)
    # every module the map's entry point imports, directly or not, is in the wheel
    assert "/static/js/map/view.mjs" in seen["modules"] and "/static/js/lib/elements.mjs" in seen["modules"]
    assert {url: status for url, status in seen["modules"].items() if status != 200} == {}


def test_build_without_npm_ci_stops_and_says_what_to_run(tmp_path):
    built = _build(_copy_source(tmp_path / "src", node_modules=False), tmp_path / "dist")
    assert built.returncode != 0
    output = built.stdout + built.stderr
    assert "npm ci" in output and "web/node_modules" in output, output[-2000:]
    assert not list((tmp_path / "dist").glob("*.whl"))
