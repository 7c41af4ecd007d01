"""What the embedded store promises beyond the shared contract: WAL, one file, URL forms."""
from __future__ import annotations

import dataclasses
import sqlite3
import threading

import pytest

from graphmap.store import StoreError, open_store
from graphmap.store.sqlite import SQLiteStore


@pytest.fixture
def store_url(sqlite_url):
    """This file is about the SQLite store only (the shared fixture runs both)."""
    return sqlite_url


def test_store_file_is_in_wal_mode(loaded_store):
    conn = sqlite3.connect(loaded_store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_relative_and_absolute_urls(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    relative = open_store("sqlite:///rel.db")
    assert isinstance(relative, SQLiteStore) and (tmp_path / "rel.db").exists()
    absolute = open_store(f"sqlite:///{tmp_path}/abs.db")
    assert (tmp_path / "abs.db").exists() and absolute.path.is_absolute()


def test_missing_folder_and_unknown_scheme_are_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path}/nope/x.db")
    with pytest.raises(StoreError, match="unknown store URL"):
        open_store("postgres://localhost/x")


def test_readers_on_other_threads_see_committed_writes(loaded_store, network):
    seen = {}

    def read():
        seen["units"] = len(loaded_store.read().units)

    t = threading.Thread(target=read)
    t.start()
    t.join()
    assert seen["units"] == len(network.units)


def test_a_second_store_object_sees_the_same_file(loaded_store, store_url, network):
    other = open_store(store_url)
    assert other.read() == network
    assert other.revision() == loaded_store.revision()


def test_read_reusing_decodes_only_what_differs(tmp_path):
    """Issue 13: the records equal to the caller's are the caller's own objects (so an
    import's diff skips them by identity); the others are read from the file."""
    from graphmap.model import Network

    from .data import small_network
    store = open_store(f"sqlite:///{tmp_path}/reuse.db")
    store.write(small_network())
    mine = small_network()
    mine.units["kahvila"] = dataclasses.replace(mine.units["kahvila"], capacity=12)
    back = store.read_reusing(mine)
    assert back == store.read()
    assert back.units["neuvola"] is mine.units["neuvola"]
    assert back.links[("neuvola", "perheohjaus", "refers")] is \
        mine.links[("neuvola", "perheohjaus", "refers")]
    assert back.units["kahvila"] is not mine.units["kahvila"]
    assert back.units["kahvila"].capacity != 12
    assert store.read_reusing(Network()) == store.read()


def _indexes(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = "
                            "'index' ORDER BY name").fetchall()
    finally:
        conn.close()


@pytest.fixture
def bulk_always(monkeypatch):
    """Every insert into an empty table is a bulk load (the national size made small)."""
    import graphmap.store.sqlite as sqlite_module
    monkeypatch.setattr(sqlite_module, "BULK_LOAD_ROWS", 1)


def test_a_bulk_load_leaves_the_same_indexes_and_records(tmp_path, bulk_always):
    """Issue 13: a first import builds the empty tables' indexes after the rows are
    in; afterwards the file has exactly the indexes of a new store, and they hold the
    rows (SQLite's own check), so a map's lookups by area, unit and target work."""
    from .data import small_network
    fresh = open_store(f"sqlite:///{tmp_path}/fresh.db")
    fresh.close()
    store = open_store(f"sqlite:///{tmp_path}/bulk.db")
    store.write(small_network())
    assert _indexes(store.path) == _indexes(tmp_path / "fresh.db")
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        targets = conn.execute("SELECT source FROM links INDEXED BY links_target "
                               "WHERE target = 'perheohjaus'").fetchall()
    finally:
        conn.close()
    assert ("neuvola",) in targets
    assert store.read() == small_network()
    assert store.read("lahti") == open_store(f"sqlite:///{tmp_path}/bulk.db").read("lahti")


def test_a_bulk_load_that_fails_keeps_the_indexes_and_writes_nothing(tmp_path, bulk_always):
    """The indexes dropped for a bulk load come back with the rollback when the
    insert fails part way (here a trigger refuses the last link)."""
    from .data import small_network
    net = small_network()
    last = max(net.links)
    store = open_store(f"sqlite:///{tmp_path}/bulk.db")
    before = _indexes(store.path)
    conn = sqlite3.connect(store.path)
    conn.execute(f"CREATE TRIGGER refuse BEFORE INSERT ON links WHEN NEW.source = "
                 f"'{last[0]}' AND NEW.target = '{last[1]}' "
                 f"BEGIN SELECT RAISE(ABORT, 'refused'); END")
    conn.commit()
    conn.close()
    with pytest.raises(sqlite3.IntegrityError, match="refused"):
        store.write(net)
    assert _indexes(store.path) == before
    assert store.read() == open_store(f"sqlite:///{tmp_path}/empty.db").read()
    assert store.revision() == 0 and store.history() == []
