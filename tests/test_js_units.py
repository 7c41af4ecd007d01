"""The front end's pure ES modules (web/static/js/lib/*.mjs) under `node --test`.

Why from pytest: one `make test` runs every test; the modules (label fitting, legend
model, layout seed, elements, styles, controls, info panel rows, export page, what-if
scenarios, words) need no browser, so Node's own test runner checks them in seconds.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_js_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node not found: the JS unit tests must run in CI", pytrace=False)
        pytest.skip("node not found")
    files = sorted(str(p) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert files, "no JS unit tests found in tests/js"
    done = subprocess.run([node, "--test", *files], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    passed = int(done.stdout.split("# pass ")[1].split()[0])
    assert passed >= 50, done.stdout[-2000:]
