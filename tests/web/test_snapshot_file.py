"""Issue 13 item 2: the start-up snapshot is kept next to the SQLite file, and the next
start loads it (patched to the store's revision) instead of building it again; a bad
or foreign file only means a normal build."""
from __future__ import annotations

import dataclasses

from graphmap.demo import demo_network
from graphmap.model import Network
from graphmap.store import open_store
from graphmap.web import create_app
from graphmap.web.snapshot import Snapshot
from graphmap.web.snapshot_file import path_for

CONFIG = {"TESTING": True, "WARM_START": True, "SNAPSHOT_FILE": True}


def start(url):
    app = create_app(url, config=CONFIG)
    source = app.extensions["graphmap.snapshots"]
    source.wait_warm(300)
    return app, source._current


def test_the_next_start_loads_the_kept_snapshot_and_catches_up(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    store = open_store(url)
    store.write(demo_network())
    _, first = start(url)
    assert path_for(store).exists()
    unit = next(iter(first.net.units.values()))
    store.write(Network(units={unit.id: dataclasses.replace(unit, name="Uusi nimi")}),
                actor="editor")

    app, snap = start(url)
    assert snap.touched is not None  # loaded from the file and patched, not rebuilt
    assert snap.revision == store.revision()
    assert snap.net == Snapshot(store.revision(), store.read()).net
    answer = app.test_client().get("/api/search?q=neuvola").get_json()
    assert answer["results"]
    assert app.test_client().get(f"/api/units/{unit.id}").get_json()["unit"]["name"] == \
        "Uusi nimi"


def test_a_damaged_or_foreign_file_means_a_normal_build(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    store = open_store(url)
    store.write(demo_network())
    path_for(store).write_bytes(b"not a snapshot\n\x00\x01")
    app, snap = start(url)
    assert snap is not None and snap.touched is None  # built from the store
    assert app.test_client().get("/api/search?q=neuvola").get_json()["results"]
    # a file of a later revision than the store (another store's, a restored backup)
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    other.write(demo_network())
    other.write(Network(units={}), actor="x")
    start(f"sqlite:///{tmp_path / 'other.db'}")
    fresh = open_store(f"sqlite:///{tmp_path / 'fresh.db'}")
    fresh.write(Network(areas=dict(list(demo_network().areas.items())[:1])))
    path_for(fresh).write_bytes(path_for(other).read_bytes())
    _, snap = start(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert len(snap.net.units) == 0
