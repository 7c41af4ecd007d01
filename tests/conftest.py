"""Shared fixtures: a fresh store per test – SQLite and Neo4j, every test that takes
``store_url``/``store`` runs on both – and the small network from tests/data.py.

Neo4j comes from tests/neo4j_server.py: ``GRAPHMAP_TEST_NEO4J`` if set, otherwise a
server started once per session (only when a Neo4j test runs) and stopped at the end.
In CI (``CI`` set) a skipped Neo4j test fails the run: the Neo4j half must run there.
"""
from __future__ import annotations

import os
import secrets

import pytest

from graphmap.store import open_store

from . import neo4j_server
from .data import small_network

STORES = ["sqlite", "neo4j"]
_TEST_KEY = secrets.token_hex(32)


@pytest.fixture(scope="session")
def neo4j_url(request):
    """The bolt URL of the session's Neo4j (started on first use)."""
    return neo4j_server.server_url(request)


@pytest.fixture
def network():
    return small_network()


@pytest.fixture(params=STORES)
def store_url(request, tmp_path):
    """An empty store's URL: a new SQLite file, or the session's Neo4j wiped."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/graphmap.db"
    url = request.getfixturevalue("neo4j_url")
    neo4j_server.fresh_store(url).close()
    # A Neo4j store has no file to keep the web app's key next to; without this the
    # app would write one into the repository's instance/ folder.
    request.getfixturevalue("monkeypatch").setenv("GRAPHMAP_SECRET_KEY", _TEST_KEY)
    return url


@pytest.fixture
def sqlite_url(tmp_path):
    """For tests of what only the SQLite store has (its file, its backup, its crash safety)."""
    return f"sqlite:///{tmp_path}/graphmap.db"


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def loaded_store(store, network):
    store.write(network)
    return store


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a Neo4j skip is a failure: the contract must have run on the live engine."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") and "neo4j" in str(report.longrepr).lower():
        report.outcome = "failed"
        report.longrepr = f"CI requires every Neo4j test to run, but this one skipped: " \
                          f"{report.longrepr}"
