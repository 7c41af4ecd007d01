"""Many processes, one Neo4j (issue 11 item 5): what a deployment with several web
processes on one server relies on.

* two web processes on the same Neo4j each see the other's writes: tests/test_web_processes.py
  runs that test on both stores;
* concurrent imports of overlapping workbooks (separate ``graphmap import`` processes)
  never leave a duplicate id: the uniqueness constraints hold under contention;
* a bounded soak (10 readers, 5 writers, 20 s, two web processes): no error, no lost
  write.  The full 50 + 20 × 60 s run is ``benchmarks/soak.py --store bolt://…``.
"""
from __future__ import annotations

import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks import soak
from graphmap.importers.export import export_workbook
from graphmap.model import Network, Unit
from graphmap.store import open_store

from .data import small_network
from .neo4j_server import fresh_store

AREA, ORG = "koivula", "kunta"
#: the web apps' signing key (a Neo4j store has no file to keep one next to)
_KEY = secrets.token_hex(32)


@pytest.fixture
def neo4j(neo4j_url):
    store = fresh_store(neo4j_url)
    yield neo4j_url
    store.close()


@pytest.fixture
def make_app(neo4j):
    """``make_app()``: a web app on the test's Neo4j with its own connection, as a web
    process has; closed after the test (a driver left to the garbage collector warns
    in whichever later test it is collected)."""
    from graphmap.web import create_app
    made = []

    def make():
        made.append(create_app(neo4j, config={"TESTING": True, "SECRET_KEY": _KEY}))
        return made[-1]
    yield make
    for app in made:
        app.extensions["graphmap.store"].close()


def _poll(fn, seconds: float):
    """``fn()`` until it is truthy or ``seconds`` have passed; (value, seconds taken)."""
    start = time.monotonic()
    while True:
        value = fn()
        waited = time.monotonic() - start
        if value or waited > seconds:
            return value, waited
        time.sleep(0.02)


def test_each_web_process_patches_from_the_change_list_not_a_whole_read(neo4j, make_app,
                                                                        monkeypatch):
    """Issue 13 on Neo4j: after the first snapshot, neither app reads the whole network
    again — it shows the other's writes by patching its snapshot from
    ``changes_since``, and its own writes are planned on that snapshot (a write made
    stale in between: tests/test_store_contract.py).  Two apps in this process, each
    with its own store connection and snapshot, as two web processes have."""
    from tests.web.accounts import add_users, login

    with open_store(neo4j) as store:
        store.write(small_network(), actor="setup")
        add_users(store)
    apps = [make_app() for _ in range(2)]
    clients = [app.test_client() for app in apps]
    tokens = [login(client, "koivu-ed") for client in clients]
    whole_reads: list[int] = []
    for n, (app, client) in enumerate(zip(apps, clients)):
        assert client.get("/api/areas").status_code == 200  # the first snapshot: read whole
        store = app.extensions["graphmap.store"]
        monkeypatch.setattr(store, "_read_all", lambda tx, n=n, whole=store._read_all: (
            whole_reads.append(n), whole(tx))[1])
    for i in range(4):
        me, other = i % 2, 1 - i % 2
        r = clients[me].post("/api/units", headers={"X-CSRF-Token": tokens[me]}, json={
            "id": f"prosessi-{i}", "name": f"Prosessin {me} yksikkö {i}", "organisation": ORG,
            "area": AREA, "services": ["neuvonta"]})
        assert r.status_code == 201, r.get_json()
        r = clients[me].patch("/api/units/kahvila", headers={"X-CSRF-Token": tokens[me]},
                              json={"capacity": 10 + i})
        assert r.status_code == 200, r.get_json()
        got = clients[other].get(f"/api/units/prosessi-{i}")
        assert got.status_code == 200, f"process {other} does not show prosessi-{i}"
        assert clients[other].get("/api/units/kahvila").get_json()["unit"]["capacity"] == 10 + i
    assert whole_reads == []
    with open_store(neo4j) as store:
        assert [e["before"]["capacity"] for e in store.history(key="kahvila", limit=3)] == \
            [12, 11, 10]  # each write planned on the other's, none lost


def test_a_write_racing_the_other_process_is_planned_on_both_without_a_whole_read(
        neo4j, make_app, monkeypatch):
    """Two busy web processes often commit between one's snapshot patch and its write:
    that write is still planned on what is stored (the other's record is there) and no
    one reads the whole network for it — the web trusts its just-patched snapshot, and
    the store patches it by the other's write under its lock."""
    from tests.web.accounts import add_users, login

    with open_store(neo4j) as store:
        store.write(small_network(), actor="setup")
        add_users(store)
    app = make_app()
    client = app.test_client()
    token = login(client, "koivu-ed")
    assert client.get("/api/areas").status_code == 200  # the first snapshot
    store, source = app.extensions["graphmap.store"], app.extensions["graphmap.snapshots"]
    whole_reads: list[int] = []
    monkeypatch.setattr(store, "_read_all", lambda tx, whole=store._read_all: (
        whole_reads.append(1), whole(tx))[1])
    other, racing, get = open_store(neo4j), [True], source.get

    def get_then_the_other_writes(*args, **kwargs):
        snap = get(*args, **kwargs)
        if racing:  # once: right after this process patched its snapshot
            racing.clear()
            other.write(Network(units={"toinen": Unit("toinen", "Toisen prosessin yksikkö",
                                                      ORG, AREA, services=["neuvonta"])}),
                        actor="toinen")
        return snap
    monkeypatch.setattr(source, "get", get_then_the_other_writes)
    try:
        r = client.post("/api/roles", headers={"X-CSRF-Token": token}, json={
            "id": "uusi-rooli", "title": "ohjaaja", "unit": "kahvila", "public": True})
        assert r.status_code == 201, r.get_json()
        assert not racing and whole_reads == []
        now = other.read()
        assert "toinen" in now.units and now.roles["uusi-rooli"].unit == "kahvila"
        assert client.get("/api/units/toinen").status_code == 200
    finally:
        other.close()


def test_a_revision_seen_before_its_history_is_not_shown_as_current(neo4j, make_app):
    """The soak's lost write on Neo4j (issue 13: one web process answered a unit
    with its old capacity, at the store's last revision, for good).  Neo4j reads are
    read-committed and a commit becomes visible piece by piece: a process catching up
    can read the :Meta node's new revision before that write's :Change nodes are in
    the index it reads them through.  Such a catch-up listed no change yet took the
    new revision, so the write never reached its snapshot.  Here the write's
    statements run as that reader sees them, the history last: until the history is
    there the process stays at the revision before, then shows the new capacity."""
    import dataclasses

    from graphmap.store.base import plan_write, timestamp
    from graphmap.store.neo4j import apply_plan

    with open_store(neo4j) as store:
        store.write(small_network(), actor="setup")
    app = make_app()
    client = app.test_client()
    assert client.get("/api/areas").status_code == 200  # the first snapshot
    old = client.get("/api/units/kahvila").get_json()["unit"]["capacity"]
    new = (old or 0) + 7
    with open_store(neo4j) as store:
        revision, seq = store.revision(), store.history(limit=1)[0]["seq"]
        net = store.read()
        unit = dataclasses.replace(net.units["kahvila"], capacity=new)
        steps = apply_plan(plan_write(net, Network(units={"kahvila": unit}), replace=False),
                           revision=revision + 1, seq=seq, at=timestamp(store.clock()),
                           actor="toinen", note=None)
        *body, (group, name, last) = steps
        assert name == "finish_write" and last["rows"]
        # the write as a reader may see it mid-commit: the record and the revision, not
        # yet its history
        store.run_plan([("history", "lock_meta", {}), *body,
                        (group, name, {**last, "rows": []})])
        assert store.revision() == revision  # not yet: its history is not there
        shown = client.get("/api/areas").get_json()["revision"]
        capacity = client.get("/api/units/kahvila").get_json()["unit"]["capacity"]
        snap = app.extensions["graphmap.snapshots"].get()
        assert (shown, snap.revision, capacity) == (revision, revision, old), \
            "the process took the new revision without its write"
        store.run_plan([("history", "record_changes", {"rows": last["rows"]})])
        assert store.revision() == revision + 1
    assert client.get("/api/areas").get_json()["revision"] == revision + 1
    assert client.get("/api/units/kahvila").get_json()["unit"]["capacity"] == new


def _overlapping_books(tmp_path, n: int):
    """``n`` workbooks of the small network, each with the same shared records and a
    few units of its own (ids that overlap across books and ids that do not)."""
    books = []
    for i in range(n):
        net = small_network()
        for j in range(3):
            net.add(Unit(f"oma-{i}-{j}", f"Tuonnin {i} yksikkö {j}", ORG, AREA,
                         services=["neuvonta"]))
        export_workbook(net, tmp_path / f"book{i}")
        books.append(tmp_path / f"book{i}")
    return books


def test_concurrent_imports_of_overlapping_workbooks_leave_no_duplicate_id(neo4j, tmp_path):
    books = _overlapping_books(tmp_path, 4)
    graphmap = str(Path(sys.executable).with_name("graphmap"))
    procs = [subprocess.Popen([graphmap, "import", str(book),
                               "--store", neo4j], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for book in books]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    with open_store(neo4j) as store:
        net, counts = store.read(), store.counts()
    # counts() counts nodes and relationships in Neo4j; read() keys them by id, so a
    # duplicate id would make the two differ.
    assert counts == net.counts()
    base = small_network()
    assert len(net.units) == len(base.units) + 4 * 3
    assert set(net.links) == set(base.links)


def test_soak_two_processes_no_errors_no_lost_writes(neo4j):
    result = soak.soak(neo4j, seconds=20, readers=10, writers=5, servers=2)
    assert result["errors"] == [] and result["lost"] == [], result["report"]
    assert "acknowledged: units added, links added | 0," not in result["report"]
