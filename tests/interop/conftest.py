"""Fixtures for the interop tests: the official HSDS schemas/examples folder and file paths."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="session")
def hsds_dir() -> Path:
    """``GRAPHMAP_HSDS_DIR`` or ``<repo>/../shared/hsds``: skipped locally when absent,
    a failure in CI (env ``CI`` set), where the schemas must be present."""
    folder = Path(os.environ.get("GRAPHMAP_HSDS_DIR", REPO.parent / "shared" / "hsds"))
    if not (folder / "schema" / "service.json").exists():
        message = (f"HSDS 3.0 schemas not found at {folder}; set GRAPHMAP_HSDS_DIR to the "
                   "folder holding schema/ and examples/")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return folder


def snapshot(store):
    """What a user could notice about a store: its whole network, counts and revision."""
    return store.read(), store.counts(), store.revision()
