"""The search index patched after a write answers as one built anew (issue 13 item 1).

A write through the real SQLite store; the web snapshot of the next revision is patched
from the previous one (``Snapshot.patched``), search index included.  Each test checks
that the index was patched, not built again (``SearchIndex.builds``), that the worker
finds what the edit made, and that the patched index holds exactly what
``build_index`` of the new graph holds — postings, idf, links, ranking rows, cached
need columns and doors — and answers a set of queries the same.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import gc
import weakref

import pytest

from benchmarks import eval_search as ev
from graphmap.demo import demo_network
from graphmap.model import Link, LinkKind, Network, Role, Unit
from graphmap.search import build_index, patch_index
from graphmap.search.index import SearchIndex
from graphmap.store import open_store
from web.snapshot import Snapshot

TODAY = dt.date(2026, 11, 24)
QUERIES = [("neuvola", {}), ("univaikeudet", {"area": "sotesi", "age": 3}),
           ("isä lyö äitiä", {"area": "tornio"}), ("päihteet", {"area": "hartola"}),
           ("vanhemmat eroavat", {"area": "oulu-tuira", "age": 8}),
           ("lapsi ei puhu", {"area": "jarvenpaa", "age": 2}),
           ("perheohjaus", {"area": "sysma"}), ("xyzzyplugh", {"area": "heinola"})]


@pytest.fixture(scope="module")
def demo():
    return demo_network()


@pytest.fixture(scope="module")
def eval_queries():
    return ev.load_set()[:40]


@pytest.fixture
def live(tmp_path, demo):
    """(store, snapshot with its search index built) over the demo network."""
    store = open_store(f"sqlite:///{tmp_path}/graphmap.db")
    store.write(demo)
    snap = Snapshot(store.revision(), store.read())
    snap.index.who_to_call("neuvola", today=TODAY)
    yield store, snap
    store.close()


def write(store, snap: Snapshot, incoming: Network | None = None, **delete) -> Snapshot:
    """Write ``incoming`` (or delete ``sheet=keys``) and patch ``snap`` to the new
    revision, as the app does; the search index must be patched, not built again."""
    if incoming is not None:
        store.write(incoming, actor="test")
    for sheet, keys in delete.items():
        store.delete(sheet, keys, actor="test")
    builds = SearchIndex.builds
    new = snap.patched(store.changes_since(snap.revision))
    assert SearchIndex.builds == builds, "the write should have patched the index"
    assert new._index is not None and new._index.patches == snap.index.patches + 1
    return new


def _uid_map(index, idx, w=None) -> dict:
    return {index.uids[i]: (None if w is None else round(float(x), 9))
            for i, x in zip(idx.tolist(), (w if w is not None else idx).tolist())}


def _rows(index) -> dict:
    names = ("callable", "level_bonus", "self_referral", "load", "verified", "age_lo",
             "age_hi", "named", "is_team")
    return {u: tuple(float(getattr(index, n)[index.pos[u]]) for n in names)
            + (index.fc_ids[index.fc_code[index.pos[u]]],) for u in index.docs}


def _docs(index) -> dict:
    return {u: (d.attrs, d.service_terms, d.in_volume,
                sorted((r["id"], sorted((k, str(v)) for k, v in r.items())) for r in d.roles))
            for u, d in index.docs.items()}


def assert_same(patched, fresh, queries=(), *, demo_queries: bool = True) -> None:
    """``patched`` holds and answers exactly what ``fresh`` does (``queries``, and
    :data:`QUERIES` over the demo's areas unless ``demo_queries`` is false)."""
    assert _docs(patched) == _docs(fresh)
    for name in ("postings", "service_postings", "role_postings", "service_keys",
                 "adjacent", "fc_neighbours", "role_unit", "fuzzy_vocab", "areas",
                 "organisations"):
        assert getattr(patched, name) == getattr(fresh, name), name
    assert all(abs(patched.idf(t) - fresh.idf(t)) < 1e-12 for t in fresh.postings)
    assert patched.hidden.persons == fresh.hidden.persons
    assert {u: {k: v for k, v in s.items() if k != "attrs"} for u, s in patched.static.items()} \
        == {u: {k: v for k, v in s.items() if k != "attrs"} for u, s in fresh.static.items()}
    assert _rows(patched) == _rows(fresh)
    # the tie-break orders the units the same
    assert sorted(fresh.docs, key=lambda u: fresh.tie_rank[fresh.pos[u]]) == \
        sorted(patched.docs, key=lambda u: patched.tie_rank[patched.pos[u]])
    for t, (idx, w) in fresh.columns.items():
        assert _uid_map(patched, *patched.columns[t]) == _uid_map(fresh, idx, w), t
    assert patched.columns.keys() == fresh.columns.keys()
    assert {t: sorted(_uid_map(patched, c)) for t, c in patched.service_columns.items()} == \
        {t: sorted(_uid_map(fresh, c)) for t, c in fresh.service_columns.items()}
    for need in fresh.needs.needs.values():
        assert _uid_map(patched, *patched.need_column(need)) == \
            _uid_map(fresh, *fresh.need_column(need)), need.id
        for service in need.services:
            assert _uid_map(patched, *patched.providers(service)) == \
                _uid_map(fresh, *fresh.providers(service)), service
    for door in ("lastensuojelu", "sosiaalipäivystys", "päivystys"):
        assert sorted(_uid_map(patched, patched.door_units(door))) == \
            sorted(_uid_map(fresh, fresh.door_units(door)))
    for area in fresh.areas:
        assert patched.front_door(area) == fresh.front_door(area), area
    for text, kw in (list(QUERIES) if demo_queries else []) + list(queries):
        assert patched.who_to_call(text, today=TODAY, **kw) == \
            fresh.who_to_call(text, today=TODAY, **kw), (text, kw)


def _eval(queries) -> list:
    return [(q["text"], {"area": q["area"], "age": q.get("age")}) for q in queries]


def _unit_answering(snap, text, area) -> str:
    return snap.index.who_to_call(text, area=area, today=TODAY)["results"][0]["unit"]


def test_a_renamed_unit_is_found_through_the_patched_index(live, eval_queries):
    store, snap = live
    uid = _unit_answering(snap, "neuvola", "sotesi")
    unit = snap.net.units[uid]
    new = write(store, snap, Network(units={uid: dataclasses.replace(
        unit, name="Kuunsäteen perheasema")}))
    assert new.index.patches == 1  # patched, not built again
    found = new.index.who_to_call("kuunsäde", area="sotesi", today=TODAY)["results"]
    assert found and found[0]["unit"] == uid
    assert found[0]["unit_name"] == "Kuunsäteen perheasema"
    # the old snapshot's index still answers as before (requests may be using it)
    assert not snap.index.who_to_call("kuunsäde", area="sotesi", today=TODAY)["results"]
    fresh = build_index(new.g)
    assert_same(new.index, fresh, _eval(eval_queries))
    # without patch_graph's record of what it changed, the patch reads it off the graphs
    unrecorded = copy.copy(new.g)
    del unrecorded.patched_from
    assert_same(patch_index(snap.index, snap.g, unrecorded), fresh)


def test_a_new_service_with_a_role_and_links_is_found(live, eval_queries):
    store, snap = live
    near = _unit_answering(snap, "neuvola", "tornio")
    old = snap.net.units[near]
    added = Unit("tornio-lumikko", "Lumikon vertaistukiryhmä", old.organisation, old.area,
                 services=["lumikkotuki", "vertaistuki"], phone="040 000 1234",
                 self_referral=True, ages=(0, 12))
    role = Role("tornio-lumikko-ohjaaja", "Vertaisohjaaja", "tornio-lumikko",
                person="Liisa Lumikko", phone="040 000 1235", public=False)
    new = write(store, snap, Network(
        units={added.id: added}, roles={role.id: role},
        links={(near, added.id, "refers"): Link(near, added.id, LinkKind.REFERS, volume=40),
               (added.id, near, "works_with"): Link(added.id, near, LinkKind.WORKS_WITH)}))
    answer = new.index.who_to_call("lumikkotuki", area="tornio", today=TODAY)
    assert [r["unit"] for r in answer["results"]][:1] == ["tornio-lumikko"]
    # a non-public person: the answer shows the title only
    assert answer["results"][0]["role"]["person"] is None
    # the referral path from the neighbour now runs through the new link
    path = new.index.who_to_call("lumikkotuki", area="tornio", from_unit=near,
                                 today=TODAY)["results"][0]["path"]
    assert path == [near, "tornio-lumikko"]
    assert_same(new.index, build_index(new.g), _eval(eval_queries))


def test_a_series_of_edits_keeps_the_patched_index_equal_to_a_fresh_one(live, demo):
    store, snap = live
    units = sorted(demo.units)
    first, second, third = units[5], units[40], units[77]
    # 1. a unit moves to another family-centre area and changes level and services
    home = snap.tree.family_centre_area_of(demo.units[first].area)
    other_area = next(a.id for a in demo.areas.values() if a.kind == "family_centre_area"
                      and a.id != home)
    moved = dataclasses.replace(demo.units[first], area=other_area, level="special",
                                services=["perheneuvola", "uusi palvelu"])
    snap = write(store, snap, Network(units={first: moved}))
    assert_same(snap.index, build_index(snap.g))
    # 2. a link removed and a role moved to another unit, made non-public
    link = next(k for k in sorted(demo.links) if k[0] == second or k[1] == second)
    role = next(r for r in sorted(demo.roles) if demo.roles[r].unit == third)
    store.write(Network(roles={role: dataclasses.replace(
        demo.roles[role], unit=second, public=False)}), actor="test")
    snap = write(store, snap, links=[link])
    assert_same(snap.index, build_index(snap.g))
    # 3. a unit removed (with its roles and links)
    gone = units[120]
    snap = write(store, snap, units=[gone])
    assert gone not in snap.index.docs
    assert_same(snap.index, build_index(snap.g))
    # 4. an organisation's sector changes (every unit of it changes)
    org = demo.units[third].organisation
    snap = write(store, snap, Network(organisations={org: dataclasses.replace(
        demo.organisations[org], sector="ngo")}))
    assert_same(snap.index, build_index(snap.g))
    # 5. an area renamed and moved under another county (areas, relations, doors)
    area = demo.areas[other_area]
    county = next(a.id for a in demo.areas.values() if a.kind == "county"
                  and a.id != area.parent)
    snap = write(store, snap, Network(areas={area.id: dataclasses.replace(
        area, name="Uusi alue", parent=county)}))
    assert snap.index.areas[area.id]["name"] == "Uusi alue"
    assert_same(snap.index, build_index(snap.g))
    # 6. new units after every need column was cached: one that answers no need (its
    # columns are kept as they are) and one that answers some (theirs are redone)
    base = demo.units[third]
    for uid, services in (("uusi-kuormitus", ["kuormitus"]),
                          ("uusi-perheneuvola", ["perheneuvola"])):
        snap = write(store, snap, Network(units={uid: Unit(
            uid, f"Uusi {uid}", base.organisation, base.area, services=services)}))
        assert uid in snap.index.docs
        assert_same(snap.index, build_index(snap.g))
    assert snap.index.patches == 7


def test_a_run_of_writes_is_patched_into_the_index_at_once(live, demo, monkeypatch):
    """A served app patches its index once for a run of writes (web/snapshot.py,
    ``Snapshot.lazy_index``): each snapshot of the run answers from the first one's
    index meanwhile, and the one patch over all their changes holds exactly what a
    fresh build does — also for a unit renamed twice, one added and removed again
    within the run, and a link removed."""
    from web.snapshot import IndexBuilder
    monkeypatch.setattr(IndexBuilder, "request", lambda self, snap: None)  # no thread
    store, first = live
    first.lazy_index = True
    units = sorted(demo.units)
    a, b = demo.units[units[3]], demo.units[units[60]]
    link = next(k for k in sorted(demo.links) if units[90] in k[:2])
    snap = first
    for incoming, delete in (
            (Network(units={a.id: dataclasses.replace(a, name="Ensimmäinen nimi")}), {}),
            (Network(units={"ohimeneva": Unit("ohimeneva", "Ohimenevä", b.organisation,
                                              b.area, services=["perheneuvola"])}), {}),
            (Network(units={a.id: dataclasses.replace(a, name="Kuunsäteen asema")}), {}),
            (None, {"units": ["ohimeneva"]}),
            (Network(units={"pysyva": Unit("pysyva", "Pysyvä tupa", b.organisation, b.area,
                                           services=["vertaistuki"])}), {}),
            (None, {"links": [link]})):
        if incoming is not None:
            store.write(incoming, actor="test")
        for sheet, keys in delete.items():
            store.delete(sheet, keys, actor="test")
        snap = snap.patched(store.changes_since(snap.revision))
        assert snap._index is None and snap._stale_index is first.index
        assert snap._index_base[0] is first.index
    builds = SearchIndex.builds
    index = IndexBuilder._patch(snap)
    assert SearchIndex.builds == builds and index.patches == first.index.patches + 1
    assert "ohimeneva" not in index.docs and "pysyva" in index.docs
    assert index.who_to_call("kuunsäde", today=TODAY)["results"][0]["unit"] == a.id
    assert_same(index, build_index(snap.g))


def test_a_link_between_two_areas_makes_them_neighbours_and_its_removal_unmakes_them(
        live, demo):
    """Search prefers services of neighbouring family-centre areas (linked to the
    worker's): a first link between two areas makes them neighbours in the patched
    index, its removal unmakes them, and a write inside one area leaves the pairs as
    they were — shared, not rebuilt (a nation has hundreds of thousands)."""
    store, snap = live
    fc_of = {u.id: snap.tree.family_centre_area_of(u.area) for u in demo.units.values()}
    a, b = next((x, y) for x in sorted(demo.units) for y in sorted(demo.units)
                if fc_of[x] and fc_of[y] and fc_of[x] != fc_of[y]
                and (fc_of[x], fc_of[y]) not in snap.index.fc_neighbours)
    pair = (fc_of[a], fc_of[b])
    snap = write(store, snap, Network(links={(a, b, "works_with"): Link(
        a, b, LinkKind.WORKS_WITH)}))
    assert pair in snap.index.fc_neighbours and pair[::-1] in snap.index.fc_neighbours
    assert_same(snap.index, build_index(snap.g))
    before = snap.index.fc_neighbours
    unit = demo.units[a]
    snap = write(store, snap, Network(units={a: dataclasses.replace(unit, capacity=3)}))
    assert snap.index.fc_neighbours is before
    snap = write(store, snap, links=[(a, b, "works_with")])
    assert pair not in snap.index.fc_neighbours
    assert_same(snap.index, build_index(snap.g))


def test_a_patched_index_keeps_no_older_index_alive(live):
    """Each edit makes a new index from the last: the old one must be freed once no
    snapshot holds it, or memory grows with every edit."""
    store, _ = live
    snap = Snapshot(store.revision(), store.read())
    old = weakref.ref(snap.index)
    uid = sorted(snap.net.units)[3]
    new = write(store, snap, Network(units={uid: dataclasses.replace(
        snap.net.units[uid], name="Uusi nimi")}))
    del snap
    gc.collect()
    assert old() is None
    assert new.index.who_to_call("uusi nimi", today=TODAY)["results"][0]["unit"] == uid
