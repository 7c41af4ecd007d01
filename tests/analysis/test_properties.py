"""Property tests: what a reported gateway or bridge claims must hold on random areas."""
from __future__ import annotations

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmap.analysis import analyze

from .conftest import Tiny

LEVELS = ["universal", "early", "special", "protection"]


@st.composite
def areas(draw):
    n = draw(st.integers(3, 14))
    t = Tiny()
    for i in range(n):
        t.unit(f"u{i}", draw(st.sampled_from(LEVELS)))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                          max_size=3 * n))
    for a, b in pairs:
        if a != b:
            t.link(f"u{a}", f"u{b}", draw(st.sampled_from(["refers", "works_with", "consults"])))
    return t


def components_without(g, nodes=(), edge=None):
    s = nx.Graph()
    s.add_nodes_from(n for n, d in g.nodes(data=True) if d.get("kind") == "unit")
    s.add_edges_from((a, b) for a, b in g.edges())
    if edge:
        s.remove_edge(*edge)
    s.remove_nodes_from(nodes)
    return nx.number_connected_components(s)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(areas())
def test_removing_a_reported_gateway_disconnects_its_area(t):
    g = t.graph()
    result = analyze(g, "A")
    base = components_without(g)
    for f in result["findings"]:
        if f["kind"] == "gateway" and f["evidence"]["type"] == "cut_point":
            # removing the node drops one node; more components left = disconnected
            assert components_without(g, nodes=f["nodes"]) > base
            assert len(f["evidence"]["cut_off"]) >= 2
        if f["kind"] == "bridge":
            assert components_without(g, edge=tuple(f["evidence"]["link"])) == base + 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(areas())
def test_every_articulation_point_cutting_two_is_reported(t):
    g = t.graph()
    s = nx.Graph()
    s.add_nodes_from(g)
    s.add_edges_from(g.edges())
    reported = {f["nodes"][0] for f in analyze(g, "A")["findings"]
                if f["kind"] == "gateway" and f["evidence"]["type"] == "cut_point"}
    for ap in nx.articulation_points(s):
        rest = s.copy()
        rest.remove_node(ap)
        comp = nx.node_connected_component(s, ap) - {ap}
        sizes = sorted((len(c) for c in nx.connected_components(rest.subgraph(comp))), reverse=True)
        if sum(sizes[1:]) >= 2:
            assert ap in reported


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 30), st.floats(0.0, 0.3), st.integers(0, 10_000))
def test_bridge_sides_finds_exactly_the_networkx_bridges(n, p, seed):
    from graphmap.analysis.bottlenecks import bridge_sides
    g = nx.gnp_random_graph(n, p, seed=seed)
    adj = {v: set(g[v]) for v in g}
    found = bridge_sides(adj)
    assert {frozenset((a, b)) for a, b, _, _ in found} == {frozenset(e) for e in nx.bridges(g)}
    for a, b, side, rest in found:
        h = g.copy()
        h.remove_edge(a, b)
        assert set(side) == nx.node_connected_component(h, b)
        assert set(rest) == nx.node_connected_component(h, a)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(areas(), st.integers(1, 6))
def test_predicted_links_are_the_exact_top_by_resource_allocation(t, top):
    from graphmap.analysis.missing_links import (_rank, collaboration_projection,
                                                 predicted_links, resource_allocation)
    from graphmap.analysis.reference import load_reference
    from graphmap.analysis.views import Views
    views = Views(t.graph(), load_reference())
    adj = collaboration_projection(views, "A")
    pairs = [(a, b) for a in adj for b in adj
             if _rank(views.level(b)) == _rank(views.level(a)) + 1 and b not in adj[a]
             and len(adj[a] & adj[b]) >= 2]
    brute = sorted((-round(s, 9), a, b) for a, b, s in resource_allocation(adj, pairs))[:top]
    found = predicted_links(views, "A", top=top)
    assert [(f["evidence"]["source"], f["evidence"]["target"]) for f in found] == \
        [(a, b) for _, a, b in brute]
