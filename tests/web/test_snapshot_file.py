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
from graphmap.web.snapshot_file import index_path_for, path_for

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
    # the kept index was patched with the snapshot and shares the graph's unit data
    assert snap._index is not None and snap._index.patches == 1
    other = next(u for u in snap.net.units if u != unit.id)
    assert snap._index.docs[other].attrs is snap.g.nodes[other]
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


def test_search_answers_from_the_kept_index_before_the_network_loads(tmp_path):
    """Issue 13 item 2: the kept search index answers at start on its own — no
    snapshot is read for it — exactly as the full snapshot then does, and says
    "updating" when the store has moved on since it was kept."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    store = open_store(url)
    store.write(demo_network())
    start(url)  # the first start keeps the snapshot and its index
    assert index_path_for(store).exists()
    queries = ["/api/search?q=univaikeudet&area=sotesi&age=3",
               "/api/search?q=isä+lyö+äitiä&area=tornio", "/api/search?q=neuvola"]

    app = create_app(url, config={"TESTING": True, "WARM_START": False, "SNAPSHOT_FILE": True})
    source = app.extensions["graphmap.snapshots"]
    assert source.load_kept_index()
    client = app.test_client()
    early = [client.get(q) for q in queries]
    page = client.get("/search?q=univaikeudet&area=sotesi&age=3")  # the worker's page
    assert source._current is None  # answered without reading the network
    first = early[0].get_json()["results"][0]
    assert page.status_code == 200 and first["unit_name"] in page.get_data(as_text=True)
    assert all(r.status_code == 200 and "X-Graphmap-Updating" not in r.headers for r in early)
    assert early[0].get_json()["results"]
    source.get()  # the network, as the warm start loads it
    assert [r.get_json() for r in early] == [client.get(q).get_json() for q in queries]

    # the store moved on: the kept index still answers at once, marked as updating
    unit = next(iter(store.read().units.values()))
    store.write(Network(units={unit.id: dataclasses.replace(unit, name="Uusi nimi")}),
                actor="editor")
    app = create_app(url, config={"TESTING": True, "WARM_START": False, "SNAPSHOT_FILE": True})
    app.extensions["graphmap.snapshots"].load_kept_index()
    response = app.test_client().get(queries[0])
    assert response.status_code == 200 and response.headers["X-Graphmap-Updating"] == "1"


def test_first_start_answers_searches_before_the_graph_is_built(tmp_path, monkeypatch):
    """Issue 13 item 2 with no kept files (the first start after an import): the search
    index is built from the network's tables and answers while the graph is still
    being built — as the current revision, not "updating" — exactly as the finished
    snapshot then does, which keeps that same index."""
    import threading

    from graphmap.web import snapshot as snapshot_module
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    store = open_store(url)
    store.write(demo_network())
    gate, building = threading.Event(), threading.Event()
    real_build_graph = snapshot_module.build_graph

    def held_build_graph(*args, **kwargs):  # the graph is built once the searches are in
        building.set()
        assert gate.wait(120)
        return real_build_graph(*args, **kwargs)
    monkeypatch.setattr(snapshot_module, "build_graph", held_build_graph)
    queries = ["/api/search?q=univaikeudet&area=sotesi&age=3",
               "/api/search?q=isä+lyö+äitiä&area=tornio", "/api/search?q=neuvola"]
    app = create_app(url, config=CONFIG)
    source = app.extensions["graphmap.snapshots"]
    client = app.test_client()
    try:
        assert building.wait(120)
        early = [client.get(q) for q in queries]
        assert source._current is None  # answered while the graph waits
        assert all(r.status_code == 200 and "X-Graphmap-Updating" not in r.headers
                   for r in early)
        assert early[1].get_json()["urgent"] and early[0].get_json()["results"]
        early_index = source._early[1]
    finally:
        gate.set()
    source.wait_warm(300)
    snap = source._current
    assert snap is not None and snap._index is early_index  # built once
    unit = next(iter(snap.net.units))
    assert snap._index.docs[unit].attrs is snap.g.nodes[unit]  # one copy of the units
    assert [r.get_json() for r in early] == [client.get(q).get_json() for q in queries]
