"""Stores: the only door to data.  ``open_store(url)`` picks the backend by URL scheme.

* ``sqlite:///path/to/file.db`` – the embedded default, no server needed
* ``bolt://host:7687`` / ``neo4j://host`` – a Neo4j server (credentials from the URL or
  ``NEO4J_USER`` / ``NEO4J_PASSWORD``, database from ``NEO4J_DATABASE``); see
  :mod:`graphmap.store.neo4j`.  Its Cypher lives in ``cypher/*.cypher``, read by
  :mod:`graphmap.store.cypher_files`.

A write that waits longer than ``GRAPHMAP_STORE_BUSY_SECONDS`` (default 30) for another
writer raises :class:`StoreBusy` (a :class:`StoreError`): nothing was written; try again.

Every backend passes the same contract suite, ``tests/test_store_contract.py``
(Neo4j when ``GRAPHMAP_TEST_NEO4J=bolt://…`` is set).
"""
from __future__ import annotations

import os

from graphmap.i18n.message import Text

from .base import Store, StoreBusy, StoreError

DEFAULT_URL = "sqlite:///graphmap.db"


def default_url() -> str:
    return os.environ.get("GRAPHMAP_STORE", DEFAULT_URL)


def open_store(url: str | None = None) -> Store:
    url = url or default_url()
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        from .sqlite import SQLiteStore
        return SQLiteStore(url)
    if scheme in {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}:
        from .neo4j import Neo4jStore
        return Neo4jStore(url)
    raise StoreError(Text("store.error.unknown_url", url=repr(url)))


__all__ = ["Store", "StoreBusy", "StoreError", "open_store", "default_url", "DEFAULT_URL"]
