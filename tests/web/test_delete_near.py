"""Removing a unit or role through the web plans its cascade from the snapshot (its
graph's links and roles by unit, web/edit.py ``_near``) instead of scanning every role
and link of the network (issue 13: a write costs what it changes).  The plan is the
very one the store's own scan makes."""
from __future__ import annotations

from graphmap.demo import demo_network
from graphmap.store.base import plan_delete
from graphmap.store import open_store
from graphmap.web import create_app
from graphmap.web.edit import _near

NET = demo_network()


def test_the_cascade_from_the_snapshot_equals_the_stores_scan(sqlite_url):
    store = open_store(sqlite_url)
    store.write(NET)
    app = create_app(sqlite_url, config={"TESTING": True})
    with app.app_context():
        snap = app.extensions["graphmap.snapshots"].get()
        near = _near(snap.net)
        assert near is not None
        assert _near(store.read()) is None  # another network: no index to trust
    cases = [("units", u) for u in sorted(NET.units)[::7]]
    cases += [("roles", r) for r in sorted(NET.roles)[::11]]
    cascades = 0
    for sheet, key in cases:
        scanned = plan_delete(snap.net, sheet, [key])
        indexed = plan_delete(snap.net, sheet, [key], near)
        assert indexed.removes == scanned.removes, (sheet, key)
        assert indexed.entries == scanned.entries, (sheet, key)
        cascades += scanned.removed > 1
    assert cascades > len(cases) // 2  # most removals take roles or links with them
    store.close()
