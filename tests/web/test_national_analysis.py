"""Issue 13 item 1: the analysis of every area is put together from each area's own and
the cross-area gateway sources (graphmap.analysis.crossarea), so after a write only the
areas it touched are analysed again — and the result is still exactly what one
analysis of the whole network finds (the shared gateways a write makes or unmakes
included)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import weakref

import pytest

from graphmap.analysis import analyze
from graphmap.demo import demo_network
from graphmap.model import Link, LinkKind, Network
from graphmap.store import open_store
from graphmap.web import create_app
from graphmap.web.snapshot import Snapshot

NET = demo_network()


@pytest.fixture
def app_store(sqlite_url):
    store = open_store(sqlite_url)
    store.write(NET)
    yield create_app(sqlite_url, config={"TESTING": True}), store
    store.close()


def snapshot(app) -> Snapshot:
    return app.extensions["graphmap.snapshots"].get()


def fresh_full(store) -> dict:
    """One analysis of the whole network as stored, from nothing cached."""
    full = Snapshot(store.revision(), store.read())
    return analyze(full.g, None, lang="fi", today=dt.date.today())


def gateways(result) -> dict:
    return {f["nodes"][0]: f["evidence"]["areas"] for f in result["findings"]
            if f["kind"] == "shared_gateway"}


def areas_of(snap) -> list[str]:
    return snap.tree.family_centre_areas()


def unit_in(snap, area) -> str:
    return next(u for u in sorted(snap.units_in(area)) if u in snap.net.units)


def test_the_national_analysis_equals_a_full_one(app_store):
    app, store = app_store
    snap = snapshot(app)
    national = snap.analysis(None, "fi")
    assert national == fresh_full(store)
    assert gateways(national)  # the demo has shared gateways: the cross-area part is tested
    # an area without a gateway shows the very findings its own analysis has
    plain = next(a for a in areas_of(snap) if a not in {f["area"] for f in national["findings"]
                                                        if f["kind"] == "shared_gateway"}
                 and snap.analysis(a, "fi")["findings"])
    mine = [f for f in national["findings"] if f["area"] == plain]
    assert {id(f) for f in mine} == {id(f) for f in snap.analysis(plain, "fi")["findings"]}


def test_a_new_shared_gateway_is_found_and_other_areas_are_not_analysed_again(app_store):
    app, store = app_store
    before = snapshot(app)
    national = before.analysis(None, "fi")
    own = {a: before.analysis(a, "fi") for a in areas_of(before)}
    # units of three other areas start referring families to one unit: a shared gateway
    home, *others = areas_of(before)[:4]
    target = next(u for u in sorted(before.units_in(home)) if u in before.net.units
                  and u not in gateways(national))
    links = [Link(unit_in(before, a), target, LinkKind.REFERS) for a in others]
    store.write(Network(links={ln.key: ln for ln in links}), actor="editor")

    after = snapshot(app)
    result = after.analysis(None, "fi")
    assert target in gateways(result)
    assert sorted(gateways(result)[target]) == sorted(others)
    assert result == fresh_full(store)
    untouched = [a for a in areas_of(after) if a not in after.touched]
    assert untouched
    for a in untouched:  # carried over, not analysed again
        assert after.analysis(a, "fi") is own[a]


def test_a_gateway_lost_by_a_move_and_a_removal_is_gone(app_store):
    app, store = app_store
    snap = snapshot(app)
    national = snap.analysis(None, "fi")
    target, areas = sorted(gateways(national).items())[0]
    # the referrers from one of its areas move into the gateway's own area, and those
    # of another stop referring: each write leaves the whole-network result exact
    home = snap.g.nodes[target].get("fc_area")
    movers = sorted(s for s in next(f for f in national["findings"]
                                    if f["kind"] == "shared_gateway"
                                    and f["nodes"] == [target])["evidence"]["sources"]
                    if snap.g.nodes[s].get("fc_area") == areas[0])
    store.write(Network(units={u: dataclasses.replace(snap.net.units[u], area=home)
                               for u in movers}), actor="editor")
    assert snapshot(app).analysis(None, "fi") == fresh_full(store)
    now = snapshot(app)
    cut = [k for k, ln in now.net.links.items() if ln.kind in (LinkKind.REFERS,
                                                                 LinkKind.CONSULTS)
           and (now.g.nodes[ln.target].get("unit") or ln.target) == target
           and now.g.nodes[ln.source].get("fc_area") == areas[1]]
    for key in cut:
        store.delete("links", [key], actor="editor")
    result = snapshot(app).analysis(None, "fi")
    assert areas[1] not in gateways(result).get(target, [])
    assert result == fresh_full(store)


@pytest.fixture
def served(sqlite_url):
    """The app as served (a write's patched snapshot is frozen out of the collector's
    way); the collector is given back everything afterwards."""
    store = open_store(sqlite_url)
    store.write(NET)
    yield create_app(sqlite_url, config={"TESTING": True, "SNAPSHOT_BACKGROUND": True,
                                         "WARM_START": False, "SNAPSHOT_FILE": False}), store
    store.close()
    gc.unfreeze()


def test_a_served_apps_earlier_revisions_are_freed_after_writes(served):
    app, store = served
    first = snapshot(app)
    unit = first.net.units[unit_in(first, areas_of(first)[0])]
    store.write(Network(units={unit.id: dataclasses.replace(unit, capacity=11)}), actor="editor")
    patched = snapshot(app)
    assert patched.net.units[unit.id].capacity == 11
    earlier = weakref.ref(patched.net), weakref.ref(patched.g)
    for cap in (12, 13):
        store.write(Network(units={unit.id: dataclasses.replace(unit, capacity=cap)}),
                    actor="editor")
        assert snapshot(app).net.units[unit.id].capacity == cap
    del patched
    assert [ref() for ref in earlier] == [None, None]  # frozen, yet freed with its snapshot


def test_a_write_copies_only_the_sheets_it_changed(app_store):
    """Snapshots are read-only: a unit's edit shares the links and roles tables with the
    revision before it, and that revision still shows what it showed."""
    app, store = app_store
    before = snapshot(app)
    uid = unit_in(before, areas_of(before)[0])
    old = before.net.units[uid]
    store.write(Network(units={uid: dataclasses.replace(old, capacity=77)}), actor="editor")
    after = snapshot(app)
    assert after.net.units[uid].capacity == 77 and before.net.units[uid] is old
    assert after.net.units is not before.net.units
    assert after.net.links is before.net.links and after.net.roles is before.net.roles
    assert after.net == store.read()
