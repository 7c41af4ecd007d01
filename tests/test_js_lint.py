"""ESLint over the front end (web/static/js), its node unit tests and the tool scripts,
with the repo's flat config (eslint.config.mjs): any error fails `make test`.

Why from pytest: one `make test` (and CI's .ci/run) runs every check; ESLint is a pinned
devDependency of the root package.json, installed by scripts/setup.sh (`npm ci`).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ESLINT = ROOT / "node_modules" / "eslint" / "bin" / "eslint.js"


def _missing(message: str):
    if os.environ.get("CI"):
        pytest.fail(message + " — the JS lint must run in CI", pytrace=False)
    pytest.skip(message)


def test_javascript_passes_eslint():
    node = shutil.which("node")
    if node is None:
        _missing("node not found")
    if not ESLINT.is_file():
        _missing("eslint is not installed (run make setup: npm ci in the repo root)")
    done = subprocess.run([node, str(ESLINT), "--max-warnings", "0", "web/static/js", "tests/js",
                           "scripts", "eslint.config.mjs"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


def test_eslint_sees_the_front_end():
    """The config really covers the browser modules: a file breaking its rules fails."""
    node = shutil.which("node")
    if node is None or not ESLINT.is_file():
        _missing("node or eslint not installed")
    bad = "var hooks = window.graphmapMap; export const x = hooks;\n"
    done = subprocess.run([node, str(ESLINT), "--stdin", "--stdin-filename",
                           "web/static/js/map/probe.mjs", "--format", "json"],
                          cwd=ROOT, input=bad, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    rules = {m["ruleId"] for m in json.loads(done.stdout)[0]["messages"]}
    assert {"no-var", "no-restricted-syntax"} <= rules, rules
