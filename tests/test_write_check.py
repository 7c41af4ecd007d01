"""A small write is checked at the cost of what it changes (graphmap/store/write_check.py),
and still refused whenever the whole-network check refuses it (issue 13 item 1)."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from graphmap.demo import demo_network
from graphmap.model import (Area, AreaKind, Link, LinkKind, Network, Role, Unit, UnitType,
                            ValidationError, check_network)
from graphmap.store import open_store
from graphmap.store.write_check import VALID, carry_marks, check_ahead, upsert_is_valid

NET = demo_network()


def one(*records) -> Network:
    net = Network()
    for r in records:
        net.add(r)
    return net


def current() -> Network:
    """The demo network as a store hands it out: a copy nobody else changes."""
    return NET.merged(Network())


def a_unit(**changes) -> Unit:
    return dataclasses.replace(next(iter(NET.units.values())), **changes)


def a_forum_with_members():
    for link in NET.links.values():
        if link.kind == LinkKind.MEMBER:
            return NET.units[link.target]
    pytest.skip("the demo network has no member links")


def a_role() -> Role:
    return next(iter(NET.roles.values()))


def two_units_apart():
    units = sorted(NET.units)
    return next((a, b) for a in units for b in units
                if a != b and (a, b, "works_with") not in NET.links)


def breaking_writes():
    unit, role = a_unit(), a_role()
    forum = a_forum_with_members()
    a, b = two_units_apart()
    top = next(x for x in NET.areas.values() if not x.parent)
    below = next(x for x in NET.areas.values() if x.parent == top.id)
    return {
        "unit of a missing organisation": one(a_unit(organisation="ei-ole")),
        "unit in a missing area": one(a_unit(area="ei-ole")),
        "new unit in a missing area": one(a_unit(id="uusi-yksikko", area="ei-ole")),
        "role of a missing unit": one(dataclasses.replace(role, unit="ei-ole")),
        "link to a missing end": one(Link(source=a, target="ei-ole", kind=LinkKind.WORKS_WITH)),
        "link to itself": one(Link(source=a, target=a, kind=LinkKind.WORKS_WITH)),
        "member link to a service": one(Link(source=a, target=b, kind=LinkKind.MEMBER))
        if NET.units[b].type != UnitType.FORUM else one(Link(source=a, target=a,
                                                               kind=LinkKind.MEMBER)),
        "a forum with members stops being one": one(dataclasses.replace(
            forum, type=UnitType.SERVICE)),
        "area hierarchy cycle": one(dataclasses.replace(top, parent=below.id)),
        "new unit with a role's id": one(a_unit(id=role.id)),
        "new unit whose id differs only in case": one(a_unit(id=unit.id.upper()))
        if unit.id.upper() != unit.id else one(a_unit(id=unit.id.lower())),
        "two new ids differing only in case": one(a_unit(id="Kaksi-uutta"),
                                                  a_unit(id="kaksi-UUTTA")),
        "control character in a name": one(a_unit(name="Nimi\x07")),
        "validity ends before it starts": one(a_unit(valid_from=dt.date(2026, 2, 1),
                                                     valid_to=dt.date(2026, 1, 1))),
        "latitude without longitude": one(a_unit(latitude=61.5, longitude=None)),
        "capacity over the limit": one(a_unit(capacity=10 ** 12)),
        "new area under a missing parent": one(Area(id="uusi-alue", name="Uusi",
                                                    kind=AreaKind.DISTRICT, parent="ei-ole")),
    }


@pytest.mark.parametrize("case", sorted(breaking_writes()))
def test_a_write_that_breaks_a_rule_is_never_passed(case):
    incoming = breaking_writes()[case]
    net = current()
    assert check_network(net.merged(incoming)), "the case must break a rule of the model"
    assert upsert_is_valid(net, incoming) is False
    assert getattr(net, VALID, False)  # the network before the write was checked once


def test_ordinary_edits_pass_without_a_whole_network_check():
    net = current()
    unit, role = a_unit(), a_role()
    a, b = two_units_apart()
    for incoming in (one(a_unit(name="Uusi nimi", capacity=12)),
                     one(a_unit(id="uusi-yksikko")),
                     one(dataclasses.replace(role, person="Maija Meikäläinen", unit=unit.id)),
                     one(Link(source=a, target=b, kind=LinkKind.WORKS_WITH, volume=3))):
        assert not check_network(net.merged(incoming))
        assert upsert_is_valid(net, incoming) is True


def test_an_unchecked_network_with_a_problem_is_checked_whole():
    net = current()
    unit = a_unit()
    net.units[unit.id] = dataclasses.replace(unit, organisation="ei-ole")  # broken already
    other = next(u for u in NET.units.values() if u.id != unit.id)
    assert upsert_is_valid(net, one(dataclasses.replace(other, name="X"))) is False
    assert not getattr(net, VALID, False)


def test_marks_carry_over_a_patch_and_see_removed_and_added_ids():
    net = current()
    assert upsert_is_valid(net, one(a_unit(id="eka-uusi")))  # builds the case-folded ids
    unit = a_unit()
    after = net.merged(one(a_unit(id="Toka-Uusi")))
    del after.units[unit.id]
    carry_marks(net, after, {"units": {"Toka-Uusi": after.units["Toka-Uusi"], unit.id: None}})
    assert getattr(after, VALID)
    assert upsert_is_valid(after, one(a_unit(id="toka-uusi"))) is False  # case of an added id
    assert upsert_is_valid(after, one(a_unit(id=unit.id.swapcase()))) is True  # it was removed


def test_an_edit_adding_no_id_shares_the_ids_yet_each_network_knows_its_own():
    net = current()
    assert upsert_is_valid(net, one(a_unit(id="eka-uusi")))  # builds the case-folded ids
    unit = a_unit()
    edited = net.merged(one(dataclasses.replace(unit, name="Uusi nimi")))
    carry_marks(net, edited, {"units": {unit.id: edited.units[unit.id]}})
    added = edited.merged(one(a_unit(id="Kolmas-Uusi")))
    carry_marks(edited, added, {"units": {"Kolmas-Uusi": added.units["Kolmas-Uusi"]}})
    assert upsert_is_valid(added, one(a_unit(id="kolmas-uusi"))) is False
    assert upsert_is_valid(edited, one(a_unit(id="kolmas-uusi"))) is True
    assert upsert_is_valid(net, one(a_unit(id="kolmas-uusi"))) is True


def test_the_store_refuses_a_breaking_write_on_a_checked_network(sqlite_url):
    store = open_store(sqlite_url)
    store.write(NET)
    net = store.read()
    store.write(one(a_unit(name="Ensin hyvä")), actor="editor", current=net)  # marks it
    checked = store.read()
    upsert_is_valid(checked, Network())
    assert getattr(checked, VALID)
    before = store.revision()
    with pytest.raises(ValidationError) as refused:
        store.write(one(a_unit(area="ei-ole")), actor="editor", current=checked)
    assert "ei-ole" in str(refused.value.problems[0].message)
    assert store.revision() == before and store.read() == checked
    store.close()


def test_a_network_is_checked_ahead_once_and_a_patched_copy_keeps_the_mark(sqlite_url):
    """The store checks the caller's network before taking its write lock
    (check_ahead); a copy patched by other processes' writes (what a stale write plans
    on) inherits the mark, so a breaking write on it is still refused by the slice."""
    store = open_store(sqlite_url)
    store.write(NET)
    held = store.read()
    other = open_store(sqlite_url)
    other.write(one(a_unit(name="Toisen prosessin nimi")), actor="other")
    other.close()
    store.write(one(a_role()), actor="editor", current=held)  # nothing to change
    assert getattr(held, VALID)  # checked ahead, outside the lock
    patched = store.changes_since(held._graphmap_stamp[1]).applied_to(held)
    assert getattr(patched, VALID) and patched == store.read()
    assert upsert_is_valid(patched, one(a_unit(area="ei-ole"))) is False
    assert upsert_is_valid(patched, one(a_unit(name="Kolmas nimi"))) is True
    broken = current()
    broken.units[a_unit().id] = a_unit(organisation="ei-ole")
    assert check_ahead(broken, one(a_role())) is False and not getattr(broken, VALID, False)
    store.close()
