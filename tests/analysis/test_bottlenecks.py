"""Bottleneck findings: positive cases, near misses, and the broker load checked
against networkx."""
from __future__ import annotations

import networkx as nx
import pytest

from graphmap.analysis import analyze
from graphmap.analysis.bottlenecks import referral_load

from .conftest import TODAY, kinds


def run(t, area="A", **kw):
    return analyze(t.graph(), area, today=TODAY, **kw)["findings"]


def two_triangles(t, joined_twice=False):
    """x1-x2-h and y1-y2-h triangles sharing the hub h (works_with)."""
    t.units("h", "x1", "x2", "y1", "y2")
    for a, b in (("h", "x1"), ("h", "x2"), ("x1", "x2"), ("h", "y1"), ("h", "y2"), ("y1", "y2")):
        t.link(a, b, "works_with")
    if joined_twice:
        t.link("x1", "y1", "works_with")
    return t


def test_cut_point(tiny):
    (f,) = kinds(run(two_triangles(tiny)), "gateway", type="cut_point")
    # equal halves: the half with the smaller ids is kept as "the rest"
    assert f["nodes"] == ["h"] and f["evidence"]["cut_off"] == ["y1", "y2"]


def test_cut_point_near_miss_second_route(tiny):
    assert kinds(run(two_triangles(tiny, joined_twice=True)), "gateway") == []


def test_cut_point_forum_is_not_a_gateway(tiny):
    tiny.units("x1", "x2").unit("f", type="forum")
    tiny.role("r1", "x1").role("r2", "x2").role("r3", "x2", title="toinen")
    tiny.link("r1", "f", "member").link("r2", "f", "member").unit("y").link("y", "f", "member")
    assert kinds(run(tiny), "gateway") == []


def referral_star(t, direct=False):
    """Three universal units refer to one early unit, which refers to two special ones."""
    t.units("u1", "u2", "u3").unit("e", "early").unit("s1", "special").unit("s2", "special")
    for u in ("u1", "u2", "u3"):
        t.link(u, "e", volume=10)
        if direct:
            t.link(u, "s1", "consults").link(u, "s2", "consults")
    t.link("e", "s1").link("e", "s2")
    return t


def test_broker_carries_all_paths(tiny):
    (f,) = kinds(run(referral_star(tiny)), "gateway", type="broker")
    assert f["nodes"] == ["e"] and f["evidence"]["share"] == pytest.approx(2 / 3, abs=1e-3)
    assert f["severity"] == "high"


def test_broker_near_miss_direct_consultation(tiny):
    assert kinds(run(referral_star(tiny, direct=True)), "gateway", type="broker") == []


def test_referral_load_equals_networkx_subset_betweenness():
    g = nx.gnp_random_graph(30, 0.12, seed=4, directed=True)
    sources, targets = list(range(0, 10)), list(range(15, 30))
    ours, _, _ = referral_load(g, sources, targets)
    theirs = nx.betweenness_centrality_subset(g, sources, targets, normalized=False)
    for n in g:
        assert ours[n] == pytest.approx(theirs[n], abs=1e-9)


def funnel(t, daycare_contact=False):
    t.unit("po", "early", name="Perheohjaus")
    t.unit("veo", name="Varhaiskasvatuksen erityisopettajat")
    t.role("veo-1", "veo", "varhaiskasvatuksen erityisopettaja")
    t.role("veo-2", "veo", "varhaiskasvatuksen erityisopettaja")
    for i in range(4):
        t.unit(f"pk{i}", name=f"Päiväkoti {i}").link(f"pk{i}", "veo", "consults")
    t.link("veo-1", "po", volume=1).link("veo-2", "po", volume=1)
    if daycare_contact:
        t.link("pk0", "po", "contact")
    return t


def test_funnel_all_daycare_referrals_through_two_teachers(tiny):
    (f,) = kinds(run(funnel(tiny), lang="fi"), "gateway", type="funnel")
    assert f["nodes"] == ["po", "veo-1", "veo-2"]
    assert f["message"] == ("Perheohjaus saa kaikki varhaiskasvatuksen ohjaukset 2 työntekijän "
                            "kautta (varhaiskasvatuksen erityisopettaja), vaikka alueella on 5 "
                            "varhaiskasvatuksen yksikköä.")


def test_funnel_near_miss_daycare_has_own_contact(tiny):
    assert kinds(run(funnel(tiny, daycare_contact=True)), "gateway", type="funnel") == []


def test_bridge_between_two_triangles(tiny):
    tiny.units("a1", "a2", "a3", "b1", "b2", "b3")
    for a, b in (("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"), ("b2", "b3"),
                 ("b1", "b3"), ("a1", "b1")):
        tiny.link(a, b, "works_with")
    (f,) = kinds(run(tiny), "bridge")
    assert f["evidence"]["link"] == ["a1", "b1"] and f["severity"] == "medium"
    assert f["evidence"]["cut_off"] == ["a1", "a2", "a3"]
    tiny.link("a2", "b2", "works_with")
    assert kinds(run(tiny), "bridge") == []


def test_pendant_bridge_is_low(tiny):
    tiny.units("a1", "a2", "a3", "leaf")
    tiny.chain("a1", "a2", "a3", "a1", kind="works_with").link("leaf", "a1", "works_with")
    (f,) = kinds(run(tiny), "bridge")
    assert f["severity"] == "low" and f["evidence"]["cut_off"] == ["leaf"]


def test_overload_over_capacity_but_not_at_it(tiny):
    tiny.units("u1", "u2").unit("e", "early", capacity=10)
    tiny.link("u1", "e", volume=6).link("u2", "e", volume=6)
    (f,) = kinds(run(tiny), "overload", type="capacity")
    assert f["evidence"]["volume"] == 12 and f["evidence"]["capacity"] == 10
    tiny.link("u2", "e", volume=4)
    assert kinds(run(tiny), "overload") == []


def many_sources(t, alternative=False):
    t.unit("po", "early", name="Perheohjaus")
    for i in range(5):
        t.unit(f"u{i}").link(f"u{i}", "po", "consults")
    if alternative:
        t.unit("pt", "early", name="Perhetyö")
    return t


def test_overload_no_alternative(tiny):
    (f,) = kinds(run(many_sources(tiny)), "overload", type="no_alternative")
    assert f["nodes"] == ["po"] and len(f["evidence"]["sources"]) == 5


def test_overload_near_miss_alternative_exists(tiny):
    assert kinds(run(many_sources(tiny, alternative=True)), "overload") == []


def key_person(t, second_role_holds_one=False):
    t.unit("dc").unit("c1", org="cty").unit("c2", org="cty")
    t.role("anna", "dc", "päiväkodin johtaja").role("ben", "dc", "opettaja")
    t.link("anna", "c1", "contact").link("anna", "c2", "works_with")
    if second_role_holds_one:
        t.link("ben", "c2", "consults")
    return t


def test_key_person(tiny):
    (f,) = kinds(run(key_person(tiny)), "key_person")
    assert f["nodes"] == ["dc", "anna"] and len(f["evidence"]["ties"]) == 2


def test_key_person_near_miss_ties_shared(tiny):
    assert kinds(run(key_person(tiny, second_role_holds_one=True)), "key_person") == []


def test_long_chain_four_hops_not_three(tiny):
    tiny.unit("u").units("x1", "x2", "x3", level="early").unit("s", "special")
    tiny.chain("u", "x1", "x2", "x3", "s")
    (f,) = kinds(run(tiny), "long_chain")
    assert f["evidence"]["path"] == ["u", "x1", "x2", "x3", "s"] and f["evidence"]["hops"] == 4
    tiny.link("u", "x2")
    assert kinds(run(tiny), "long_chain") == []


def test_broker_share_is_estimated_from_a_sample_in_a_large_area(tiny):
    tiny.unit("e", "early").unit("s1", "special").unit("s2", "special").link("e", "s1").link("e", "s2")
    for i in range(70):
        tiny.unit(f"u{i:02d}").link(f"u{i:02d}", "e", volume=3)
    (f,) = kinds(run(tiny), "gateway", type="broker")
    # every source sees the same picture, so the sampled share is the exact 2/3
    assert f["nodes"] == ["e"] and f["evidence"]["share"] == pytest.approx(2 / 3, abs=1e-3)
    assert f["evidence"]["sampled_sources"] == 32
