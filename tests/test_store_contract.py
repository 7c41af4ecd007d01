"""The store contract: every backend behind ``open_store`` behaves the same.

Runs against the real SQLite store always, and against a real Neo4j server when
``GRAPHMAP_TEST_NEO4J=bolt://user:password@host:7687`` is set (the test database is
cleared before every test – do not point it at data you want to keep).  No fake
driver: without a server the Neo4j half is skipped, and tests/test_cypher.py checks
the Cypher and the Neo4j encoding instead.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os

import pytest

from graphmap.model import (Area, AreaKind, Channel, DataSource, Frequency, Level, Link,
                            LinkKind, Network, Organisation, Role, Sector, Unit, UnitType,
                            ValidationError)
from graphmap.store import open_store

from .data import small_network

NEO4J_ENV = "GRAPHMAP_TEST_NEO4J"


@pytest.fixture(params=["sqlite", "neo4j"])
def empty_store(request, tmp_path):
    if request.param == "sqlite":
        store = open_store(f"sqlite:///{tmp_path}/contract.db")
    else:
        url = os.environ.get(NEO4J_ENV)
        if not url:
            pytest.skip(f"Neo4j contract not run: set {NEO4J_ENV}=bolt://user:password@host:7687 "
                        "(a server whose data may be deleted)")
        store = open_store(url)
    store.clear()
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
