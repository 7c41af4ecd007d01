"""The store contract: every backend behind ``open_store`` behaves the same.

Runs against the real SQLite store and a live Neo4j: ``GRAPHMAP_TEST_NEO4J`` when set
(its graphmap data is wiped before every test – do not point it at data you want to
keep), otherwise the server tests/neo4j_server.py starts with scripts/neo4j.sh.  No
fake driver.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import sqlite3
import threading
import time

import pytest

from graphmap.model import (Area, AreaKind, Channel, DataSource, Frequency, Level, Link,
                            LinkKind, Network, Organisation, Role, Sector, Unit, UnitType,
                            ValidationError, check_network)
from graphmap.store import StoreBusy, StoreError, open_store
from graphmap.store.sqlite import SQLiteStore

from .data import small_network
from .neo4j_server import fresh_store


@pytest.fixture(params=["sqlite", "neo4j"])
def empty_store(request, tmp_path):
    if request.param == "sqlite":
        store = open_store(f"sqlite:///{tmp_path}/contract.db")
    else:
        store = fresh_store(request.getfixturevalue("neo4j_url"))
    yield store
    store.close()


@pytest.fixture
def full_store(empty_store):
    empty_store.write(small_network())
    return empty_store


def _snapshot(store):
    return store.read(), store.counts(), store.revision()


# ------------------------------------------------------------------ round trips


def test_written_network_reads_back_exactly(empty_store):
    net = small_network()
    empty_store.write(net)
    assert empty_store.read() == net


def test_counts_are_exact(full_store):
    counts = full_store.counts()
    assert counts == small_network().counts()
    # by hand from tests/data.py: 4 areas, 4 organisations, 10 units, 7 roles
    assert counts["nodes"] == {"area": 4, "organisation": 4, "unit": 10, "role": 7}
    assert counts["links"]["refers"] == 5 and counts["links"]["contact"] == 0


ODD = "Ä'ö\"å`} {id} $x \\ ; -- /* */ 🙂\u00a0ß\n2. rivi"


def _odd_network() -> Network:
    """Every text field holds quotes, backticks, braces, $, backslashes and non-ASCII."""
    n = Network()
    n.add(Area("a1", ODD, AreaKind.FAMILY_CENTRE_AREA, code=ODD))
    n.add(Area("a2", ODD, AreaKind.DISTRICT, parent="a1"))
    n.add(Organisation("o1", ODD, Sector.PARISH, website=ODD))
    n.add(Unit("u1", ODD, "o1", "a2", type=UnitType.FORUM, level=Level.PROTECTION,
               services=[ODD, "toinen"], phone="+358 40 000 0000", email="a@example.invalid",
               self_referral=True, ages=(3, 12), languages=["fi", "se"], capacity=7,
               channels=[Channel.HELP_BUTTON, Channel.HOME_VISIT], address=ODD, description=ODD))
    n.add(Unit("u2", ODD, "o1", "a1", services=[], languages=[], channels=[]))
    n.add(Role("r1", ODD, "u2", person=ODD, phone="040 000 0009", email="r@example.invalid",
               verified=dt.date(2024, 2, 29), public=False))
    n.add(Link("r1", "u1", LinkKind.MEMBER, volume=3, frequency=Frequency.QUARTERLY,
               structural=False, data_source=DataSource.MANUAL, valid_from=dt.date(2025, 1, 1),
               valid_to=dt.date(2025, 12, 31), note=ODD))
    n.add(Link("u1", "u2", LinkKind.CO_LOCATED, note="x`y"))
    return n


def test_awkward_text_and_empty_lists_survive_the_round_trip(empty_store):
    net = _odd_network()
    empty_store.write(net)
    back = empty_store.read()
    assert back == net
    assert back.units["u1"].name == ODD and back.units["u2"].services == []


# ----------------------------------------------------------------------- writes


def test_upsert_changes_one_record_and_keeps_the_rest(full_store):
    before = full_store.read()
    changed = dataclasses.replace(before.units["perheohjaus"], capacity=99, phone=None,
                                  services=["perheohjaus"])
    link = dataclasses.replace(before.links[("neuvola", "perheohjaus", "refers")], volume=31)
    upsert = Network()
    upsert.add(changed)
    upsert.add(link)
    full_store.write(upsert)
    after = full_store.read()
    assert after.units["perheohjaus"] == changed
    assert after.units["perheohjaus"].phone is None  # a cleared field stays cleared
    assert after.links[link.key].volume == 31
    expected = before.merged(upsert)
    assert after == expected
    assert full_store.counts() == before.counts()


def test_moving_a_role_moves_it_between_area_slices(full_store):
    role = dataclasses.replace(full_store.read().roles["th-aino"], unit="haapala-neuvola")
    upsert = Network()
    upsert.add(role)
    full_store.write(upsert)
    assert "th-aino" in full_store.read(area="haapala").roles
    assert "th-aino" not in full_store.read(area="koivula-kk").roles


def test_replace_makes_the_incoming_network_the_whole_network(full_store):
    smaller = Network()
    smaller.add(Area("x", "Uusi alue", AreaKind.MUNICIPALITY))
    smaller.add(Organisation("y", "Uusi järjestö", Sector.NGO))
    smaller.add(Unit("z", "Uusi palvelu", "y", "x"))
    smaller.add(Unit("w", "Toinen palvelu", "y", "x"))
    smaller.add(Link("z", "w", LinkKind.REFERS, volume=1))
    full_store.write(smaller, replace=True)
    assert full_store.read() == smaller
    counts = full_store.counts()
    assert counts["nodes"] == {"area": 1, "organisation": 1, "unit": 2, "role": 0}
    assert sum(counts["links"].values()) == 1


@pytest.mark.parametrize("replace", [False, True])
def test_invalid_write_changes_nothing(full_store, replace):
    before = _snapshot(full_store)
    bad = small_network() if replace else Network()
    bad.add(Unit("orpo", "Orpo yksikkö", "kunta", "no-such-area"))
    bad.add(Link("neuvola", "no-such-unit", LinkKind.REFERS))
    with pytest.raises(ValidationError) as info:
        full_store.write(bad, replace=replace)
    text = str(info.value)
    assert "no-such-area" in text and "no-such-unit" in text
    assert _snapshot(full_store) == before


def test_revision_grows_with_every_write_and_clear(empty_store):
    seen = [empty_store.revision()]
    empty_store.write(small_network())
    seen.append(empty_store.revision())
    empty_store.write(small_network())  # same content is still a committed write
    seen.append(empty_store.revision())
    empty_store.write(Network(), replace=True)
    seen.append(empty_store.revision())
    empty_store.clear()
    seen.append(empty_store.revision())
    assert seen == sorted(seen) and len(set(seen)) == len(seen), seen


def test_clear_removes_everything(full_store):
    full_store.clear()
    assert full_store.read() == Network()
    counts = full_store.counts()
    assert not any(counts["nodes"].values()) and not any(counts["links"].values())
    assert set(counts["links"]) == {k.value for k in LinkKind}


# ----------------------------------------------------------------- area slices


def _ids(net: Network) -> dict[str, set]:
    return {sheet: set(getattr(net, sheet)) for sheet in
            ("areas", "organisations", "units", "roles", "links")}


def test_area_slice_of_a_leaf_area_has_the_far_end_of_its_leaving_link(full_store):
    # Haapala has one unit; Koivula's neuvola consults it, so neuvola comes along as a
    # stub (with its area and organisation) but not neuvola's roles or other links.
    got = full_store.read(area="haapala")
    assert _ids(got) == {
        "areas": {"haapala", "koivula-kk"},
        "organisations": {"hyva"},
        "units": {"haapala-neuvola", "neuvola"},
        "roles": set(),
        "links": {("neuvola", "haapala-neuvola", "consults")},
    }
    whole = small_network()
    assert got.units["neuvola"] == whole.units["neuvola"]
    assert got.links[("neuvola", "haapala-neuvola", "consults")].note == "yhteinen lääkäri"


def test_area_slice_includes_areas_below_it(full_store):
    whole = small_network()
    got = full_store.read(area="koivula")
    assert set(got.areas) == {"koivula", "koivula-kk", "haapala"}
    assert set(got.units) == set(whole.units)  # all Koivula units + Haapala's stub
    assert set(got.roles) == set(whole.roles)
    assert got.links == whole.links


def test_area_slice_of_a_district(full_store):
    # Koivulan keskusta holds only the neuvola and its nurse; neuvola's four links
    # lead to three units elsewhere, which come along as stubs.
    assert _ids(full_store.read(area="koivula-kk")) == {
        "areas": {"koivula-kk", "koivula", "haapala"},
        "organisations": {"hyva"},
        "units": {"neuvola", "perheohjaus", "perheneuvola", "haapala-neuvola"},
        "roles": {"th-aino"},
        "links": {("neuvola", "perheohjaus", "refers"), ("neuvola", "perheneuvola", "refers"),
                  ("neuvola", "perheohjaus", "works_with"),
                  ("neuvola", "haapala-neuvola", "consults")},
    }


def test_area_slice_of_the_top_area_is_the_whole_network(full_store):
    assert full_store.read(area="hva") == small_network()


def test_area_slice_brings_a_far_role_with_its_unit(full_store):
    extra = Network()
    extra.add(Role("th-haapala", "terveydenhoitaja", "haapala-neuvola", phone="040 000 2001"))
    extra.add(Link("po-sari", "th-haapala", LinkKind.CONTACT))
    full_store.write(extra)
    got = full_store.read(area="haapala")
    # po-sari (Koivula) is the far end; it brings its unit, that unit's area and org,
    # but none of po-sari's other links.
    assert {"th-haapala", "po-sari"} <= set(got.roles)
    assert "perheohjaus" in got.units and "koivula" in got.areas
    assert ("po-sari", "kahvila", "outreach") not in got.links
    assert ("po-sari", "th-haapala", "contact") in got.links
    assert got.roles["po-sari"] == small_network().roles["po-sari"]


def test_unknown_area_gives_an_empty_network(full_store):
    assert full_store.read(area="no-such-area") == Network()


# ------------------------------------------------------------ history (issue 5)
#
# A Neo4j test database keeps :Change nodes across tests (clear() removes records,
# and records its removals), so these tests look only at their own entries: by a
# per-test actor, or after a clock set past everything already recorded.

from graphmap.model import User, UserRole, hash_password  # noqa: E402
from graphmap.store.base import RecordNotFound  # noqa: E402


def _actor(request) -> str:
    return "t-" + str(abs(hash(request.node.name)) % 10 ** 8)


class _Clock:
    """A settable clock starting two days after the newest recorded change."""

    def __init__(self, store):
        newest = store.history(limit=1)
        start = dt.datetime.fromisoformat(newest[0]["at"]) if newest else \
            dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        self.now = (start + dt.timedelta(days=2)).replace(hour=12, minute=0, second=0,
                                                          microsecond=0)
        store.clock = lambda: self.now

    def next_day(self, days: int = 1) -> dt.date:
        self.now += dt.timedelta(days=days)
        return self.now.date()


def test_write_reports_and_records_adds_changes_and_removals(empty_store, request):
    actor = _actor(request)
    result = empty_store.write(small_network(), actor=actor, note="first load")
    net = small_network()
    n_records = sum(len(getattr(net, s)) for s in ("areas", "organisations", "units",
                                                       "roles", "links"))
    assert result["added"] == n_records and result["changed"] == result["removed"] == 0
    assert result["revision"] == empty_store.revision()
    entries = empty_store.history(actor=actor)
    assert len(entries) == n_records
    assert {e["op"] for e in entries} == {"add"} and {e["note"] for e in entries} == {"first load"}
    link = next(e for e in entries if e["sheet"] == "links" and e["key"] == "koord>johtoryhma:member")
    assert link["before"] is None and link["after"]["kind"] == "member"

    renamed = dataclasses.replace(net.units["kahvila"], name="Perhekahvila Pesä")
    upsert = Network()
    upsert.add(renamed)
    upsert.add(net.units["diakonia"])  # unchanged: neither written nor recorded
    result = empty_store.write(upsert, actor=actor)
    assert (result["added"], result["changed"], result["removed"]) == (0, 1, 0)
    change = empty_store.history(actor=actor, limit=1)[0]
    assert (change["op"], change["sheet"], change["key"]) == ("change", "units", "kahvila")
    assert change["before"]["name"] == net.units["kahvila"].name
    assert change["after"]["name"] == "Perhekahvila Pesä"
    # the add entry's "after" is the record as added, not as it is now
    added = empty_store.history(actor=actor, key="kahvila", sheet="units")[-1]
    assert added["op"] == "add" and added["after"]["name"] == net.units["kahvila"].name

    smaller = small_network()
    del smaller.links[("neuvola", "haapala-neuvola", "consults")]
    result = empty_store.write(smaller, replace=True, actor=actor)
    assert result["removed"] == 1 and result["changed"] == 1  # the café's name goes back
    removal = [e for e in empty_store.history(actor=actor, limit=2) if e["op"] == "remove"]
    assert removal[0]["key"] == "neuvola>haapala-neuvola:consults"
    assert removal[0]["before"]["note"] == "yhteinen lääkäri" and removal[0]["after"] is None


def test_history_entries_are_newest_first_with_utc_times(full_store, request):
    actor = _actor(request)
    for name in ("A", "B", "C"):
        full_store.write(_renamed(full_store, "kahvila", name), actor=actor)
    entries = full_store.history(actor=actor)
    assert [e["after"]["name"] for e in entries] == ["C", "B", "A"]
    assert [e["seq"] for e in entries] == sorted((e["seq"] for e in entries), reverse=True)
    for e in entries:
        at = dt.datetime.fromisoformat(e["at"])
        assert at.utcoffset() == dt.timedelta(0)
    assert len(full_store.history(actor=actor, limit=2)) == 2
    assert full_store.history(actor=actor, sheet="roles") == []


def test_history_pages_and_count_match_the_whole_history(full_store, request):
    """A pager asks the store for one page and the total, never the whole history:
    the pages put together are the whole history, in order, adds with their "after"."""
    actor = _actor(request)
    for name in ("A", "B", "C", "D", "E"):
        full_store.write(_renamed(full_store, "kahvila", name), actor=actor)
    whole = full_store.history()
    assert full_store.history_count() == len(whole) > 5
    pages = [full_store.history(limit=2, offset=o) for o in range(0, len(whole), 2)]
    assert [e for page in pages for e in page] == whole
    assert full_store.history(actor=actor, limit=2, offset=1) == \
        full_store.history(actor=actor)[1:3]
    assert full_store.history_count(actor=actor) == 5
    assert full_store.history_count(actor=actor, sheet="roles") == 0
    assert full_store.history(offset=len(whole)) == []
    with pytest.raises(ValueError, match="offset"):
        full_store.history(offset=-1)


def test_history_totals_and_pages_stay_exact_across_writes_of_two_store_objects(
        full_store, request):
    """Totals and pages asked between writes — made by this store object and by
    another one on the same store (another process) — are what the whole history says
    (a store may keep answers between calls: tests/test_history_count.py)."""
    from .test_history_count import _assert_like_the_whole_history
    actor = _actor(request)
    other = open_store(full_store.url)
    filters = [{}, {"actor": actor}, {"actor": actor, "sheet": "units"}, {"sheet": "units"},
               {"key": "kahvila"}, {"actor": "kahvila"}]
    try:
        _assert_like_the_whole_history(full_store.url, [full_store, other], filters)
        full_store.write(_renamed(full_store, "kahvila", "A"), actor=actor)
        _assert_like_the_whole_history(full_store.url, [full_store, other], filters)
        other.write(_renamed(other, "kahvila", "B"), actor=actor)
        other.write(_renamed(other, "diakonia", "C"), actor="kahvila")
        _assert_like_the_whole_history(full_store.url, [full_store, other], filters)
    finally:
        other.close()


def _renamed(store, unit_id: str, name: str) -> Network:
    out = Network()
    out.add(dataclasses.replace(store.read().units[unit_id], name=name))
    return out


def test_history_since_and_until_select_by_day(full_store, request):
    actor = _actor(request)
    clock = _Clock(full_store)
    day1 = clock.now.date()
    full_store.write(_renamed(full_store, "kahvila", "day one"), actor=actor)
    day2 = clock.next_day()
    full_store.write(_renamed(full_store, "kahvila", "day two"), actor=actor)
    day3 = clock.next_day()
    full_store.write(_renamed(full_store, "kahvila", "day three"), actor=actor)
    names = lambda **kw: [e["after"]["name"] for e in full_store.history(actor=actor, **kw)]  # noqa: E731
    assert names(since=day2) == ["day three", "day two"]
    assert names(until=day2) == ["day two", "day one"]
    assert names(since=day2, until=day2.isoformat()) == ["day two"]
    assert names(since=day3 + dt.timedelta(days=1)) == []
    assert names(since=day1) == ["day three", "day two", "day one"]
    with pytest.raises(ValueError, match="expected a date"):
        full_store.history(since="last tuesday")


def test_rewriting_the_same_records_records_nothing(full_store, request):
    actor = _actor(request)
    before = full_store.revision()
    result = full_store.write(small_network(), actor=actor)
    assert (result["added"], result["changed"], result["removed"]) == (0, 0, 0)
    assert full_store.history(actor=actor) == []
    assert full_store.revision() > before


def test_read_reusing_is_the_stored_network_and_a_good_current(full_store, request):
    """An import reads the store with its own records to compare (issue 13): what
    comes back equals ``read()`` whatever the caller holds, and writing the caller's
    records with it as ``current`` records exactly what differs."""
    actor = _actor(request)
    mine = small_network()
    mine.units["kahvila"] = dataclasses.replace(mine.units["kahvila"], name="Uusi kahvila")
    key = ("neuvola", "perheohjaus", "refers")
    mine.links[key] = dataclasses.replace(mine.links[key], volume=99)
    del mine.roles["koord"]  # stored, but not among the caller's records
    mine.units["uusi"] = dataclasses.replace(mine.units["kahvila"], id="uusi")
    mine_before = dataclasses.replace(mine, units=dict(mine.units), links=dict(mine.links))
    stored = full_store.read()
    back = full_store.read_reusing(mine)
    assert back == stored
    assert [list(getattr(back, s)) for s in ("units", "roles", "links")] == \
        [list(getattr(stored, s)) for s in ("units", "roles", "links")]  # the stored order
    assert back.units["kahvila"].name == "Perhekahvila Kohtaamo" and "uusi" not in back.units
    assert mine == mine_before and mine.units["kahvila"].name == "Uusi kahvila"
    result = full_store.write(mine, actor=actor, current=back)
    assert (result["added"], result["changed"], result["removed"]) == (1, 2, 0)
    changes = {(e["key"], e["op"]): e for e in full_store.history(actor=actor)}
    assert set(changes) == {("kahvila", "change"), ("neuvola>perheohjaus:refers", "change"),
                            ("uusi", "add")}
    assert changes["kahvila", "change"]["before"]["name"] == "Perhekahvila Kohtaamo"
    assert full_store.read() == stored.merged(mine)


def test_a_stale_current_is_not_trusted(full_store, request):
    actor = _actor(request)
    stale = full_store.read()
    full_store.write(_renamed(full_store, "kahvila", "newer"), actor=actor)
    result = full_store.write(_renamed(full_store, "kahvila", "newest"), actor=actor,
                              current=stale)
    assert result["changed"] == 1
    assert full_store.history(actor=actor, limit=1)[0]["before"]["name"] == "newer"
    fresh = full_store.read()
    result = full_store.write(_renamed(full_store, "kahvila", "again"), actor=actor,
                              current=fresh)
    assert full_store.history(actor=actor, limit=1)[0]["before"]["name"] == "newest"


def _other_process(store, request):
    """A second connection to the same store, as another web process holds one."""
    if isinstance(store, SQLiteStore):
        return open_store(store.url)
    return open_store(request.getfixturevalue("neo4j_url"))


def _counting_whole_reads(store, monkeypatch) -> list:
    """Count the store's whole-network reads (each backend's ``_read_all``)."""
    calls: list = []
    whole = store._read_all

    def counted(*args):
        calls.append(args)
        return whole(*args)
    monkeypatch.setattr(store, "_read_all", counted)
    return calls


def test_a_current_another_process_made_stale_is_patched_not_read_whole(
        full_store, request, monkeypatch):
    """Issue 13, a write costs what it changes: when another process wrote after the
    caller's network was read, the write plans on that network patched by the change
    list (read in its own transaction), not on a read of the whole network — and
    records exactly what a write on a fresh read would."""
    actor = _actor(request)
    held = full_store.read()
    other = _other_process(full_store, request)
    try:
        other.write(_renamed(other, "kahvila", "toisen prosessin"), actor=actor)
        other.write(Network(units={"uusi": dataclasses.replace(
            held.units["kahvila"], id="uusi", name="Uusi yksikkö")}), actor=actor)
        other.delete("units", ["perheohjaus"], actor=actor)
    finally:
        other.close()
    whole_reads = _counting_whole_reads(full_store, monkeypatch)
    role = dataclasses.replace(held.roles["koord"], unit="uusi", title="uusi tehtävä")
    renamed = dataclasses.replace(held.units["kahvila"], name="tämän prosessin")
    result = full_store.write(Network(units={"kahvila": renamed}, roles={"koord": role}),
                              actor=actor, current=held)
    assert whole_reads == []
    assert (result["added"], result["changed"], result["removed"]) == (0, 2, 0)
    last = {e["key"]: e for e in full_store.history(actor=actor, limit=2)}
    assert last["kahvila"]["before"]["name"] == "toisen prosessin"  # the other's write
    assert last["koord"]["after"]["unit"] == "uusi"  # a unit only the other process added
    now = full_store.read()
    assert "perheohjaus" not in now.units and now.units["kahvila"].name == "tämän prosessin"
    assert held.units["kahvila"].name == "Perhekahvila Kohtaamo"  # the caller's copy unchanged


def _refusal(store, incoming, current, whole_reads: list):
    """The problems ``store.write`` refuses ``incoming`` with (the store unchanged),
    and how many whole-network reads the write made."""
    before = store.read(), store.revision()
    reads = len(whole_reads)
    with pytest.raises(ValidationError) as refused:
        store.write(incoming, actor="editor", current=current)
    reads = len(whole_reads) - reads
    assert (store.read(), store.revision()) == before
    return sorted((p.entity, p.key, p.field, p.message)
                  for p in refused.value.problems), reads


def test_a_stale_write_breaking_a_rule_on_a_neighbour_is_refused_as_on_a_fresh_read(
        full_store, request, monkeypatch):
    """What another process wrote since the caller read counts in the check: a record
    that is fine against the caller's network but breaks a rule with a neighbour the
    other process wrote (a member link now pointing at the unit, a unit now removed)
    is refused, with the same problems as when the store reads the network whole."""
    held = full_store.read()
    assert not check_network(held)
    other = _other_process(full_store, request)
    try:
        # the other process makes kahvila a forum with a member, and removes perheohjaus
        forum = dataclasses.replace(held.units["kahvila"], type=UnitType.FORUM)
        member = Link("neuvola", "kahvila", LinkKind.MEMBER)
        other.write(Network(units={"kahvila": forum}, links={member.key: member}),
                    actor="other")
        other.delete("units", ["perheohjaus"], actor="other")
    finally:
        other.close()
    whole_reads = _counting_whole_reads(full_store, monkeypatch)
    cases = {
        "a unit a member link points at stops being a forum":
            Network(units={"kahvila": dataclasses.replace(held.units["kahvila"], name="X")}),
        "a link to a removed unit":
            Network(links={("kahvila", "perheohjaus", "works_with"): Link(
                "kahvila", "perheohjaus", LinkKind.WORKS_WITH)}),
        "a role edited in a removed unit":
            Network(roles={"po-sari": dataclasses.replace(held.roles["po-sari"],
                                                          title="uusi")}),
    }
    for case, incoming in cases.items():
        stale, reads = _refusal(full_store, incoming, held, whole_reads)
        assert stale and reads == 0, case
        fresh, reads = _refusal(full_store, incoming, None, whole_reads)
        assert fresh == stale and reads == 1, case


def test_a_second_process_patches_its_network_from_the_change_list(full_store, request):
    """Another process (its own connection) holding an older network brings it up to
    date from ``changes_since`` alone: the patched copy equals a fresh read, and the
    store trusts it as ``current`` for the next write without reading it again."""
    actor = _actor(request)
    other = _other_process(full_store, request)
    try:
        held = other.read()
        full_store.write(_renamed(full_store, "kahvila", "ensimmäinen"), actor=actor)
        full_store.delete("roles", ["po-sari"], actor=actor)
        changes = other.changes_since(other.revision() - 2)
        assert changes is not None
        assert changes.records["units"]["kahvila"].name == "ensimmäinen"
        assert changes.records["roles"]["po-sari"] is None
        patched = changes.applied_to(held)
        assert patched == other.read() and held == small_network()
        other.write(_renamed(other, "kahvila", "toinen"), actor=actor, current=patched)
        assert full_store.history(actor=actor, limit=1)[0]["before"]["name"] == "ensimmäinen"
    finally:
        other.close()


def test_changes_since_lists_each_written_record_as_it_is_now(full_store, request):
    """What a reader holding an older revision patches its copy with (issue 13): every
    record written since, as stored now (removed: None), with the revision now."""
    actor = _actor(request)
    start = full_store.revision()
    full_store.write(_renamed(full_store, "kahvila", "eka"), actor=actor)
    full_store.write(_renamed(full_store, "kahvila", "toka"), actor=actor)
    link = full_store.read().links[("koord", "johtoryhma", "member")]
    full_store.write(Network(links={link.key: dataclasses.replace(link, volume=7)}), actor=actor)
    full_store.delete("units", ["perheohjaus"], actor=actor)
    changes = full_store.changes_since(start)
    now = full_store.read()
    assert changes.revision == full_store.revision()
    assert changes.records["units"] == {"kahvila": now.units["kahvila"], "perheohjaus": None}
    assert changes.records["units"]["kahvila"].name == "toka"
    assert changes.records["links"][link.key].volume == 7
    assert changes.records["roles"]["po-sari"] is None
    gone = [k for k in small_network().links if {"perheohjaus", "po-sari"} & {k[0], k[1]}]
    assert all(changes.records["links"][k] is None for k in gone)
    # a copy patched with them is the store's network
    patched = small_network()
    for sheet, records in changes.records.items():
        for key, record in records.items():
            if record is None:
                getattr(patched, sheet).pop(key, None)
            else:
                getattr(patched, sheet)[key] = record
    assert patched == now
    assert full_store.changes_since(full_store.revision()).records == {}
    assert full_store.changes_since(start, limit=3) is None  # too many: read it all instead
    assert full_store.changes_since(full_store.revision() + 1) is None


def test_no_change_list_reaches_past_a_wipe(neo4j_url):
    """Only the Neo4j store is wiped without history (SQLite has no wipe), so this runs on
    Neo4j alone: a reader holding a revision from before a wipe must read everything."""
    store = fresh_store(neo4j_url)
    try:
        store.write(small_network())
        start = store.revision()
        store.wipe()
        assert store.changes_since(start) is None
        assert store.changes_since(store.revision()).records == {}
    finally:
        store.close()


def test_deleting_a_unit_removes_its_roles_and_links_and_records_each(full_store, request):
    actor = _actor(request)
    result = full_store.delete("units", ["perheohjaus"], actor=actor, note="merged")
    net = full_store.read()
    assert "perheohjaus" not in net.units and "po-sari" not in net.roles
    touching = [k for k in small_network().links
                if {"perheohjaus", "po-sari"} & {k[0], k[1]}]
    assert touching and not any(k in net.links for k in touching)
    assert result["removed"] == 2 + len(touching)
    entries = full_store.history(actor=actor)
    assert {(e["sheet"], e["key"]) for e in entries} == (
        {("units", "perheohjaus"), ("roles", "po-sari")}
        | {("links", f"{s}>{t}:{k}") for s, t, k in touching})
    assert {e["op"] for e in entries} == {"remove"} and {e["note"] for e in entries} == {"merged"}
    assert all(e["before"] for e in entries)


def test_deleting_a_link_by_its_text_key(full_store, request):
    full_store.delete("links", ["koord>johtoryhma:member"], actor=_actor(request))
    assert ("koord", "johtoryhma", "member") not in full_store.read().links
    assert "koord" in full_store.read().roles


def test_deleting_a_referenced_area_or_organisation_changes_nothing(full_store, request):
    before = _snapshot(full_store)
    with pytest.raises(ValidationError, match="haapala-neuvola"):
        full_store.delete("areas", ["haapala"], actor=_actor(request))
    with pytest.raises(ValidationError, match="koivula-kk"):
        full_store.delete("areas", ["koivula"], actor=_actor(request))
    with pytest.raises(ValidationError, match="still runs"):
        full_store.delete("organisations", ["srk"], actor=_actor(request))
    with pytest.raises(RecordNotFound, match="no-such-unit"):
        full_store.delete("units", ["no-such-unit"], actor=_actor(request))
    assert _snapshot(full_store) == before
    full_store.delete("units", ["haapala-neuvola"], actor=_actor(request))
    full_store.delete("areas", ["haapala"], actor=_actor(request))
    assert "haapala" not in full_store.read().areas


def test_read_as_of_undoes_later_changes(empty_store):
    clock = _Clock(empty_store)
    day0 = clock.now.date() - dt.timedelta(days=1)
    empty_store.write(small_network(), actor="planner")
    day1 = clock.now.date()
    day2 = clock.next_day(10)
    empty_store.write(_renamed(empty_store, "kahvila", "Pesä"), actor="planner")
    day3 = clock.next_day(10)
    empty_store.delete("units", ["perheohjaus"], actor="planner")

    assert empty_store.read(as_of=day0).counts() == Network().counts()
    assert empty_store.read(as_of=day1) == small_network()
    assert empty_store.read(as_of=day2 - dt.timedelta(days=1)) == small_network()
    assert empty_store.read(as_of=day2).units["kahvila"].name == "Pesä"
    at3 = empty_store.read(as_of=day3)
    assert at3 == empty_store.read()
    assert "perheohjaus" not in at3.units
    assert "perheohjaus" in empty_store.read("koivula", as_of=day2).units
    assert "perheohjaus" not in empty_store.read("koivula", as_of=day3).units


def test_read_as_of_leaves_out_what_is_not_valid_that_day(empty_store):
    day0 = _Clock(empty_store).now.date()
    net = small_network()
    net.units["kahvila"].valid_to = day0 + dt.timedelta(days=30)  # closes
    net.roles["psy-liisa"].valid_from = day0 + dt.timedelta(days=60)  # starts later
    net.links[("neuvola", "perheneuvola", "refers")].valid_from = day0 + dt.timedelta(days=10)
    empty_store.write(net)
    assert empty_store.read() == net  # validity is data: a plain read keeps everything
    early = empty_store.read(as_of=day0 + dt.timedelta(days=5))
    assert "kahvila" in early.units and "psy-liisa" not in early.roles
    assert ("neuvola", "perheneuvola", "refers") not in early.links
    late = empty_store.read(as_of=day0 + dt.timedelta(days=90))
    assert "kahvila" not in late.units and "psy-liisa" in late.roles
    # a link to a unit not in force is left out with it
    assert ("po-sari", "kahvila", "outreach") not in late.links
    assert ("neuvola", "perheneuvola", "refers") in late.links
    assert empty_store.read(as_of=day0 + dt.timedelta(days=30)).units["kahvila"]  # last day counts


def test_validity_that_ends_before_it_starts_is_refused(empty_store):
    net = small_network()
    net.roles["koord"].valid_from, net.roles["koord"].valid_to = dt.date(2025, 2, 1), \
        dt.date(2025, 1, 1)
    with pytest.raises(ValidationError, match="ends before it starts"):
        empty_store.write(net)
    assert empty_store.read() == Network()


@pytest.mark.parametrize("area", ["hva", "koivula", "koivula-kk", "haapala", "nowhere"])
def test_area_slice_as_of_today_is_the_plain_area_slice(full_store, area):
    assert full_store.read(area, as_of=dt.date(2099, 1, 1)) == full_store.read(area)


# --------------------------------------------------------- accounts and settings


def test_users_are_stored_with_a_hash_and_listed_by_name(empty_store, request):
    name = _actor(request)
    empty_store.delete_user(name)
    editor = User(name, hash_password("correct horse"), UserRole.EDITOR, ["koivula"])
    empty_store.put_user(editor)
    got = empty_store.get_user(name)
    assert (got.username, got.role, got.areas) == (name, UserRole.EDITOR, ["koivula"])
    assert "correct horse" not in got.password_hash and got.password_hash == editor.password_hash
    assert got.created is not None
    assert name in [u.username for u in empty_store.list_users()]
    names = [u.username for u in empty_store.list_users()]
    assert names == sorted(names)
    empty_store.put_user(User(name, editor.password_hash, UserRole.ADMIN, []))
    assert empty_store.get_user(name).role == UserRole.ADMIN
    assert empty_store.delete_user(name) is True
    assert empty_store.get_user(name) is None and empty_store.delete_user(name) is False


def test_session_key_changes_on_end_sessions_and_new_password(empty_store, request):
    """Issue 10 item 7: a web session is valid only while its account's key stands."""
    name = _actor(request)
    empty_store.delete_user(name)
    assert empty_store.end_sessions(name) is None  # no such account
    empty_store.put_user(User(name, hash_password("correct horse"), UserRole.VIEWER, []))
    first = empty_store.get_user(name).session_key
    assert first
    empty_store.put_user(User(name, empty_store.get_user(name).password_hash,
                              UserRole.ADMIN, []))
    assert empty_store.get_user(name).session_key == first  # same password: sessions stay
    second = empty_store.end_sessions(name)
    assert second and second != first and empty_store.get_user(name).session_key == second
    empty_store.put_user(User(name, hash_password("battery staple"), UserRole.ADMIN, []))
    third = empty_store.get_user(name).session_key
    assert third not in (first, second)
    empty_store.delete_user(name)
    empty_store.put_user(User(name, hash_password("battery staple"), UserRole.ADMIN, []))
    assert empty_store.get_user(name).session_key not in (first, second, third)
    empty_store.delete_user(name)


def test_settings_have_defaults_and_keep_text(empty_store, request):
    key = "test-" + _actor(request)
    assert empty_store.get_setting(key) is None
    assert empty_store.get_setting(key, "1") == "1"
    empty_store.set_setting(key, "0")
    empty_store.set_setting(key, "0'; DROP TABLE units; --")
    assert empty_store.get_setting(key) == "0'; DROP TABLE units; --"
    with pytest.raises(ValueError):
        empty_store.set_setting(key, 0)


def test_unmet_queries_are_counted_per_day_area_age_band_and_reason(full_store, request):
    area = "area-" + _actor(request)  # a fresh area: a Neo4j test database keeps old rows
    day1, day2 = dt.date(2026, 3, 2), dt.date(2026, 3, 3)
    revision, before = full_store.revision(), full_store.read()
    for _ in range(3):
        full_store.record_unmet_query("  Mummo   HUOLESTUNUT ", area=area, age_band="3-6",
                                      day=day1)
    full_store.record_unmet_query("mummo huolestunut", area=area, age_band="13-17", day=day1)
    full_store.record_unmet_query("lasu", area=area, reason="no_area_answer", day=day2)
    full_store.record_unmet_query("lasu", area="other-" + area, day=day2)
    rows = [(r["day"], r["text"], r["age_band"], r["reason"], r["count"])
            for r in full_store.unmet_queries(area)]
    assert rows == [(day2, "lasu", "", "no_area_answer", 1),
                    (day1, "mummo huolestunut", "3-6", "not_understood", 3),
                    (day1, "mummo huolestunut", "13-17", "not_understood", 1)]
    assert {r["area"] for r in full_store.unmet_queries(area)} == {area}
    assert [r["text"] for r in full_store.unmet_queries(area, since=day2)] == ["lasu"]
    assert {(r["area"], r["text"]) for r in full_store.unmet_queries()} >= {
        (area, "lasu"), ("other-" + area, "lasu"), (area, "mummo huolestunut")}
    # counting is not a change of the network: no revision, no history entry
    assert full_store.revision() == revision and full_store.read() == before


def test_unmet_queries_keep_no_contact_details_and_refuse_bad_values(empty_store, request):
    area = "area-" + _actor(request)
    empty_store.record_unmet_query("soita 040 000 1234 tai liisa@example.invalid, "
                                   "hetu 010203A123B", area=area, age_band="0-2")
    (row,) = empty_store.unmet_queries(area)
    assert "1234" not in row["text"] and "example.invalid" not in row["text"]
    assert "010203" not in row["text"] and row["text"].startswith("soita [numero]")
    for bad in ({"age_band": "5"}, {"reason": "because"}, {"text": "   "}):
        args = {"text": "x", "area": area, **bad}
        with pytest.raises(ValueError):
            empty_store.record_unmet_query(args.pop("text"), **args)
    assert len(empty_store.unmet_queries(area)) == 1


def test_unmet_queries_older_than_the_retention_are_forgotten(empty_store, request):
    area = "area-" + _actor(request)
    empty_store.record_unmet_query("vanha", area=area, day=dt.date(2025, 1, 1))
    empty_store.record_unmet_query("uusi", area=area, day=dt.date(2026, 3, 1))
    assert empty_store.forget_unmet_before(dt.date(2026, 1, 1)) >= 1
    assert [r["text"] for r in empty_store.unmet_queries(area)] == ["uusi"]


def test_review_items_are_queued_and_decided_once(full_store, request):
    area = "area-" + _actor(request)
    revision = full_store.revision()
    first = full_store.add_review_item(area=area, unit="neuvola", kind="correction",
                                       payload={"unit": {"phone": "040 000 0999"}})
    second = full_store.add_review_item(area=area, unit="kahvila", kind="report",
                                        payload={"message": "suljettu"})
    assert second > first
    items = full_store.review_items(area, status="open")
    assert [(i["id"], i["kind"], i["payload"]) for i in items] == [
        (second, "report", {"message": "suljettu"}),
        (first, "correction", {"unit": {"phone": "040 000 0999"}})]
    assert full_store.decide_review_item(first, status="accepted", actor="anna",
                                         decision={"applied": 1})
    assert not full_store.decide_review_item(first, status="rejected", actor="anna")
    (done,) = full_store.review_items(item_id=first)
    assert (done["status"], done["decided_by"], done["decision"]) == ("accepted", "anna",
                                                                       {"applied": 1})
    assert [i["id"] for i in full_store.review_items(area, status="open")] == [second]
    assert full_store.revision() == revision  # the queue is not the network
    with pytest.raises(ValueError):
        full_store.add_review_item(area=area, unit="neuvola", kind="wish", payload={})


def test_a_link_nonce_is_spent_once(empty_store, request):
    nonce = ("n" + _actor(request) + "x" * 20)[:40]
    assert empty_store.use_token(nonce, peek=True)
    assert empty_store.use_token(nonce)
    assert not empty_store.use_token(nonce)
    assert not empty_store.use_token(nonce, peek=True)
    with pytest.raises(ValueError):
        empty_store.use_token("short")


def test_backup_is_a_readable_copy_or_a_clear_error(full_store, tmp_path):
    out = tmp_path / "copy.db"
    if full_store.url.startswith("sqlite"):
        full_store.backup(out)
        copy = open_store(f"sqlite:///{out}")
        assert copy.read() == full_store.read() and copy.revision() == full_store.revision()
        assert copy.history(limit=5) == full_store.history(limit=5)
    else:
        with pytest.raises(StoreError, match="neo4j-admin database dump"):
            full_store.backup(out)


# --------------------------------------------- Neo4j write plan, without a server


def test_neo4j_apply_plan_removes_first_and_numbers_every_change(network):
    """The statements a Neo4j write runs for a plan: each with exactly its declared
    parameters, removals before upserts, one :Change row per history entry numbered
    on from the stored sequence, and the new sequence number last."""
    from graphmap.store import cypher_files
    from graphmap.store.base import plan_delete, plan_write
    from graphmap.store.neo4j import apply_plan
    changed = small_network()
    changed.units["kahvila"].name = "Pesä"
    extra = Network()
    extra.add(changed.units["kahvila"])
    extra.add(Link("kahvila", "diakonia", LinkKind.INFORMS))
    plan = plan_write(network, extra, replace=False)
    assert (plan.added, plan.changed, plan.removed) == (1, 1, 0)
    steps = apply_plan(plan, revision=8, seq=100, at="2026-03-02T09:00:00.000000+00:00",
                       actor="anna", note=None, batch_size=1)
    for group, name, params in steps:
        assert set(params) == cypher_files.statement(group, name).params, name
    names = [name for _, name, _ in steps]
    assert names[-1] == "finish_write" and (steps[-1][2]["seq"], steps[-1][2]["revision"]) == \
        (102, 8)
    assert "bump_revision" not in names  # finish_write sets the revision
    rows = [p["rows"][0] for _, name, p in steps if name in ("record_changes", "finish_write")]
    assert sorted(r["seq"] for r in rows) == [101, 102]
    assert {(r["op"], r["key"]) for r in rows} == {("add", "kahvila>diakonia:informs"),
                                                   ("change", "kahvila")}
    assert all(None not in r.values() and r["rev"] == 8 and r["actor"] == "anna" for r in rows)

    removal = apply_plan(plan_delete(network, "units", ["perheohjaus"]), revision=9, seq=102,
                         at="2026-03-03T09:00:00.000000+00:00", actor="anna", note="merged")
    names = [name for _, name, _ in removal]
    assert names.index("delete_units") < names.index("delete_links") < names.index("finish_write")
    dropped = [r for _, name, p in removal if name == "delete_links" for r in p["rows"]]
    assert {"source": "neuvola", "target": "perheohjaus", "type": "REFERS"} in dropped

    first = apply_plan(plan_write(Network(), network, replace=False), revision=1, seq=0,
                       at="2026-03-01T09:00:00.000000+00:00", actor="system", note=None)
    added = [r for _, name, p in first if name in ("record_changes", "finish_write")
             for r in p["rows"]]
    assert sorted(r["seq"] for r in added) == list(range(1, len(added) + 1))
    assert {(r["sheet"], r["key"]) for r in added} == {
        (s, f"{k[0]}>{k[1]}:{k[2]}" if s == "links" else k)
        for s in ("areas", "organisations", "units", "roles", "links")
        for k in getattr(network, s)}


def test_concurrent_writers_lose_no_write_and_no_history(full_store, request):
    """Writers on several threads (as the web app's): every acknowledged write is in
    the store and in the history, each with its own revision."""
    import threading
    actor = _actor(request)
    units = ["kahvila", "diakonia", "paivakoti", "sosiaalityo"]
    results, errors = [], []

    def writer(unit_id):
        try:
            for i in range(8):
                out = Network()
                out.add(dataclasses.replace(small_network().units[unit_id], name=f"{unit_id} {i}"))
                results.append(full_store.write(out, actor=actor)["revision"])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
    threads = [threading.Thread(target=writer, args=(u,)) for u in units]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == len(set(results)) == 32
    net = full_store.read()
    assert [net.units[u].name for u in units] == [f"{u} 7" for u in units]
    entries = full_store.history(actor=actor)
    assert len(entries) == 32 and len({e["seq"] for e in entries}) == 32
    for u in units:  # each unit's chain of changes is unbroken: before = previous after
        chain = [e for e in reversed(entries) if e["key"] == u]
        assert [e["after"]["name"] for e in chain] == [f"{u} {i}" for i in range(8)]
        assert all(a["after"] == b["before"] for a, b in zip(chain, chain[1:]))


def test_bad_parameters_say_which_and_change_nothing(full_store):
    before = _snapshot(full_store)
    with pytest.raises(ValueError, match="unknown sheet 'people'"):
        full_store.delete("people", ["x"], actor="admin1")
    with pytest.raises(ValueError, match="source>target:kind"):
        full_store.delete("links", ["neuvola-perheohjaus"], actor="admin1")
    with pytest.raises(ValueError, match="actor"):
        full_store.write(small_network(), actor="")
    with pytest.raises(ValueError, match="limit"):
        full_store.history(limit=-1)
    with pytest.raises(ValueError, match="as_of takes a date"):
        full_store.read(as_of="2026-01-01")
    assert _snapshot(full_store) == before


def test_history_until_a_moment_includes_that_moment(full_store, request):
    actor = _actor(request)
    clock = _Clock(full_store)
    moment = clock.now
    full_store.write(_renamed(full_store, "kahvila", "at the moment"), actor=actor)
    clock.now += dt.timedelta(minutes=1)
    full_store.write(_renamed(full_store, "kahvila", "a minute later"), actor=actor)
    for until in (moment, moment.isoformat()):
        assert [e["after"]["name"] for e in full_store.history(actor=actor, until=until)] == [
            "at the moment"]


# ------------------------------------------------------------- busy, try again


@contextlib.contextmanager
def _write_lock_held_elsewhere(store, url: str):
    """Another transaction holds the store's write lock, as a second process writing
    would: for SQLite a ``BEGIN IMMEDIATE`` on the same file, for Neo4j an open write
    transaction on the :Meta node every graphmap write locks first.  Released at the
    latest after ``HOLD_AT_MOST`` seconds, so a store that waits forever fails the test
    instead of hanging it."""
    if isinstance(store, SQLiteStore):
        holder = sqlite3.connect(str(store.path), isolation_level=None,
                                 check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        release = functools.partial(holder.execute, "ROLLBACK")
        close = holder.close
    else:
        other = open_store(url)
        session = other._session()
        tx = session.begin_transaction()
        other._run(tx, "history", "lock_meta").consume()
        release = tx.rollback

        def close():
            session.close()
            other.close()
    timer = threading.Timer(HOLD_AT_MOST, release)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        try:
            release()
        except Exception:  # released by the timer already
            pass
        close()


#: seconds the test holds the lock at most (far above both stores' short waits below)
HOLD_AT_MOST = 30


@pytest.mark.parametrize("kind", ["sqlite", "neo4j"])
def test_a_write_while_another_holds_the_store_is_busy_and_changes_nothing(
        kind, tmp_path, request, monkeypatch):
    """Another writer holds the store longer than a write waits: the write raises
    StoreBusy (a StoreError: "busy, try again") and the store is exactly as before —
    then, the lock released, the same write goes through.  SQLite waits its busy
    timeout; the test Neo4j gives up a lock wait after 2 s (tests/neo4j_server.py) and
    the driver's retries stop after the store's busy time."""
    monkeypatch.setenv("GRAPHMAP_STORE_BUSY_SECONDS", "0.5")
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path}/busy.db"
        store = open_store(url)
    else:
        url = request.getfixturevalue("neo4j_url")
        store = fresh_store(url)
    try:
        store.write(small_network())
        before = _snapshot(store)
        change = Network()
        change.add(dataclasses.replace(small_network().units["kahvila"], name="Uusi kahvila"))
        with _write_lock_held_elsewhere(store, url):
            started = time.monotonic()
            with pytest.raises(StoreBusy) as err:
                store.write(change, actor="admin1")
            waited = time.monotonic() - started
        assert isinstance(err.value, StoreError) and err.value.retry_after > 0
        assert waited < HOLD_AT_MOST - 5, "the write waited for the lock instead of giving up"
        assert _snapshot(store) == before
        assert store.history(actor="admin1") == []
        store.write(change, actor="admin1")  # not busy any more
        assert store.read().units["kahvila"].name == "Uusi kahvila"
    finally:
        store.close()
