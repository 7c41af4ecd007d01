"""The writers' own network (web/working.py) and the snapshot patched behind a stream
of writes (``SnapshotSource.after_write``), on a served app over the real store.

An editor's writes are checked against a network kept up to date in place; it must
stay exactly the stored network through adds, changes, removals and another
process's write.  Under a stream of writes the readers' snapshot is patched once an
interval, saying "updating" meanwhile, and catches up without another request —
but a write that hides a name is patched before it answers."""
from __future__ import annotations

import dataclasses
import time

import pytest
from werkzeug.security import generate_password_hash

from graphmap.model import Network, User, UserRole
from graphmap.web import create_app
from tests.web.accounts import login
from tests.web.test_incremental import NET, unit_in

AREA = sorted(a.id for a in NET.areas.values() if a.kind.value == "family_centre_area")[0]


@pytest.fixture
def served(store, store_url):
    store.write(NET)
    store.put_user(User("alue-ed", generate_password_hash("salasana-123",
                                                          method="pbkdf2:sha256:1000"),
                        UserRole.EDITOR, [AREA]))
    app = create_app(store_url, config={"TESTING": True, "SNAPSHOT_BACKGROUND": True,
                                        "WARM_START": False, "SNAPSHOT_FILE": False})
    client = app.test_client()
    csrf = login(client, "alue-ed")
    src = app.extensions["graphmap.snapshots"]
    return app, client, {"X-CSRF-Token": csrf}, src


def _same(a: Network, b: Network) -> None:
    for sheet in ("areas", "organisations", "units", "roles", "links"):
        assert getattr(a, sheet) == getattr(b, sheet), sheet


def test_the_writers_network_stays_the_stored_one(served, store):
    app, client, headers, src = served
    unit = src.get().net.units[unit_in(src.get(), AREA)]
    working = app.extensions["graphmap.working"]
    steps = [
        ("post", "/api/units", {"id": "tyo-uusi", "name": "Uusi yksikkö", "type": "service",
                                "area": unit.area, "organisation": unit.organisation}),
        ("patch", f"/api/units/{unit.id}", {"name": "Muutettu nimi"}),
        ("post", "/api/links", {"source": "tyo-uusi", "target": unit.id,
                                "kind": "refers"}),
        ("patch", "/api/units/tyo-uusi", {"capacity": 7}),
        ("delete", "/api/units/tyo-uusi", None),
    ]
    first = None
    for method, url, body in steps:
        response = getattr(client, method)(url, json=body, headers=headers)
        assert response.status_code in (200, 201), (url, response.get_json())
        with app.test_request_context():
            from graphmap.web.edit import WRITE_LOCK
            with WRITE_LOCK:
                net = working.network()
        first = first or net
        assert net is first  # changed in place, never copied again
        _same(net, store.read())
    # another process writes: the next write catches up from the store's history
    other = store.read().units[unit.id]
    store.write(Network(units={other.id: dataclasses.replace(other, name="Toinen prosessi")}),
                actor="toinen")
    response = client.patch(f"/api/units/{unit.id}", json={"capacity": 3}, headers=headers)
    assert response.status_code == 200, response.get_json()
    stored = store.read()
    assert stored.units[unit.id].name == "Toinen prosessi" and stored.units[unit.id].capacity == 3
    with app.test_request_context():
        from graphmap.web.edit import WRITE_LOCK
        with WRITE_LOCK:
            _same(working.network(), stored)


def test_a_stream_of_writes_is_patched_once_an_interval(served, store, monkeypatch):
    interval = 1.0  # long enough that the second write surely falls within it
    monkeypatch.setattr("graphmap.web.snapshot.PATCH_INTERVAL", interval)
    monkeypatch.setattr("graphmap.web.snapshot.PATCH_INTERVAL_MAX", interval)
    app, client, headers, src = served
    unit = src.get().net.units[unit_in(src.get(), AREA)]
    url = f"/api/units/{unit.id}"
    assert client.patch(url, json={"name": "Ensimmäinen"}, headers=headers).status_code == 200
    assert src.get(wait=False).net.units[unit.id].name == "Ensimmäinen"  # patched at once
    response = client.patch(url, json={"name": "Toinen"}, headers=headers)
    assert response.status_code == 200
    revision = response.get_json()["result"]["revision"]
    read = client.get(url)  # within the interval: the previous revision, saying so
    assert read.headers.get("X-Graphmap-Updating") == "1"
    assert read.get_json()["unit"]["name"] == "Ensimmäinen"
    deadline = time.monotonic() + interval + 5
    while src._current.revision < revision and time.monotonic() < deadline:
        time.sleep(0.02)  # no request needed: the interval's end patches it
    assert src._current.revision == revision
    read = client.get(url)
    assert "X-Graphmap-Updating" not in read.headers
    assert read.get_json()["unit"]["name"] == "Toinen"
    assert store.read().units[unit.id].name == "Toinen"


def test_a_write_that_hides_a_name_never_waits_for_the_interval(served, store):
    app, client, headers, src = served
    snap = src.get()
    role = next(r for r in sorted(snap.net.roles.values(), key=lambda r: r.id)
                if r.person and r.public and snap.net.units[r.unit].id in snap.units_in(AREA))
    unit = snap.net.units[role.unit]
    anonymous = app.test_client()
    assert role.person in anonymous.get(f"/api/units/{unit.id}").get_data(as_text=True)
    assert client.patch(f"/api/units/{unit.id}", json={"capacity": 9},
                        headers=headers).status_code == 200  # a patch: the interval starts
    response = client.patch(f"/api/roles/{role.id}", json={"public": False}, headers=headers)
    assert response.status_code == 200, response.get_json()
    answer = anonymous.get(f"/api/units/{unit.id}")
    assert answer.status_code == 200
    assert role.person not in answer.get_data(as_text=True)
