"""Verification rounds (issue 14 item 1): the order of the queue on a graph small
enough to check by hand, and a round's progress."""
from __future__ import annotations

import datetime as dt

from graphmap.model import (Area, AreaKind, Link, LinkKind, Network, Organisation, Role,
                            Sector, Unit)
from graphmap.verification import (Due, due_contacts, importance_reasons, new_round,
                                   order_by_importance, parse_round, progress, referred_to)

TODAY = dt.date(2026, 11, 26)


def hand_network() -> Network:
    """Five units in a chain-and-star: every daycare (a, b) refers to the gateway g,
    g refers to the specialist s, and s to nothing; x stands alone.

        a ─┐
            ├─> g ──> s          x
        b ─┘
    Referral volumes: a→g 10, b→g 5, g→s 3.  So g receives 15, s 3, others 0."""
    n = Network()
    n.add(Area("k", "Koivula", AreaKind.FAMILY_CENTRE_AREA))
    n.add(Organisation("o", "Kunta", Sector.MUNICIPAL))
    for u in "abgsx":
        n.add(Unit(u, f"Unit {u}", "o", "k"))
    checks = {"a": dt.date(2024, 1, 1), "b": None, "g": dt.date(2025, 6, 1),
              "s": dt.date(2023, 3, 1), "x": dt.date(2020, 1, 1)}
    for u, day in checks.items():
        n.add(Role(f"{u}-r", "työntekijä", u, None, "040 000 0000", verified=day))
    n.add(Role("fresh", "työntekijä", "x", None, "040 000 0001", verified=TODAY))
    n.add(Role("silent", "työntekijä", "x", None))  # no contact: nothing to check
    for src, dst, vol in (("a", "g", 10), ("b", "g", 5), ("g", "s", 3)):
        n.add(Link(src, dst, LinkKind.REFERS, volume=vol))
    n.add(Link("a", "x", LinkKind.WORKS_WITH, volume=99))  # not a referral
    return n


def test_due_contacts_are_the_unchecked_and_the_old_ones_with_a_contact():
    net = hand_network()
    due = due_contacts(net, set(net.units), TODAY, 12)
    assert sorted(d.role for d in due) == ["a-r", "b-r", "g-r", "s-r", "x-r"]
    assert sorted(d.role for d in due_contacts(net, set(net.units), TODAY, 24)) == [
        "a-r", "b-r", "s-r", "x-r"]  # g checked 2025-06-01 is within 24 months


def test_referrals_count_volumes_of_refers_and_consults_only():
    assert referred_to(hand_network()) == {"g": 15, "s": 3}


def test_gateway_then_bridge_then_most_referred_then_oldest_check():
    net = hand_network()
    due = due_contacts(net, set(net.units), TODAY, 12)
    findings = [{"kind": "gateway", "nodes": ["g"]},
                {"kind": "bridge", "nodes": ["x", "a"]},
                {"kind": "isolated", "nodes": ["b"]}]  # not an importance finding
    order = [d.role for d in order_by_importance(due, findings, referred_to(net))]
    # g: gateway.  a and x: bridge; equal referrals (0) so never/oldest check first:
    # x checked 2020 before a 2024.  Then s (3 referrals) before b (0), although b was
    # never checked: importance comes before age.
    assert order == ["g-r", "x-r", "a-r", "s-r", "b-r"]


def test_key_person_on_the_role_lifts_its_contact_above_a_bridge():
    net = hand_network()
    due = due_contacts(net, set(net.units), TODAY, 12)
    findings = [{"kind": "bridge", "nodes": ["g"]}, {"kind": "key_person", "nodes": ["s", "s-r"]}]
    order = [d.role for d in order_by_importance(due, findings, referred_to(net))]
    assert order[:2] == ["s-r", "g-r"]
    assert importance_reasons(Due("s-r", "s", None), findings, referred_to(net)) == {
        "kinds": ["key_person"], "referrals": 3}


def test_without_findings_the_most_referred_come_first_then_never_checked():
    net = hand_network()
    due = due_contacts(net, set(net.units), TODAY, 12)
    order = [d.role for d in order_by_importance(due, [], referred_to(net))]
    assert order == ["g-r", "s-r", "b-r", "x-r", "a-r"]


def test_round_progress_counts_checks_on_or_after_its_start():
    net = hand_network()
    due = due_contacts(net, set(net.units), TODAY, 12)
    start = dt.date(2026, 11, 20)
    round_ = parse_round(new_round(due, start, 12))
    assert progress(round_, net)["checked"] == 0 and progress(round_, net)["total"] == 5
    net.roles["g-r"] = Role("g-r", "työntekijä", "g", None, "040 000 0000", verified=start)
    del net.roles["b-r"]  # removed from the map: no longer part of the round
    assert progress(round_, net) == {"checked": 1, "total": 4, "open": ["a-r", "s-r", "x-r"]}
    assert parse_round("not json") is None and parse_round(None) is None
