"""Shared fixtures: a fresh SQLite store per test and the small network from tests/data.py."""
from __future__ import annotations

import pytest

from graphmap.store import open_store

from .data import small_network


@pytest.fixture
def network():
    return small_network()


@pytest.fixture
def store_url(tmp_path):
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
