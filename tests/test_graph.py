"""The networkx snapshot that analysis reads."""
from __future__ import annotations

import networkx as nx
import pytest

from benchmarks.national import national_network
from graphmap.demo import demo_network
from graphmap.graph import area_subgraph, build_graph, graph_tables, unit_graph
from graphmap.model import Link, LinkKind, Role


def test_graph_has_a_node_per_unit_and_role_and_an_edge_per_link(network):
    g = build_graph(network)
    assert g.number_of_nodes() == len(network.units) + len(network.roles)
    assert g.number_of_edges() == len(network.links)
    assert g.nodes["veo-mika"]["kind"] == "role"
    assert g.nodes["veo-mika"]["fc_area"] == "koivula"
    assert g.nodes["neuvola"]["fc_area"] == "koivula"  # unit sits in a district below it
    assert g.nodes["kahvila"]["sector"] == "ngo"
    assert g.graph["areas"]["koivula"]["name"] == "Koivulan perhekeskus"


def test_parallel_links_of_different_kinds_are_kept(network):
    g = build_graph(network)
    assert set(g["neuvola"]["perheohjaus"]) == {"refers", "works_with"}


def test_area_subgraph_keeps_only_that_area(network):
    g = build_graph(network)
    sub = area_subgraph(g, "koivula")
    assert "haapala-neuvola" not in sub
    assert "neuvola" in sub and "th-aino" in sub


def test_unit_graph_lifts_role_links_to_units(network):
    g = build_graph(network)
    units = unit_graph(g)
    assert all(d["kind"] == "unit" for _, d in units.nodes(data=True))
    # veo-mika (a role in the daycare) refers to perheohjaus: the daycare now does
    assert units.has_edge("paivakoti", "perheohjaus")
    # a role's membership of a forum in its own unit must not become a self-loop
    assert not any(u == v for u, v in units.edges())


def test_area_subgraph_without_roles_is_the_service_graph(network):
    g = build_graph(network)
    sub = area_subgraph(g, "koivula", roles=False)
    assert sub.has_edge("paivakoti", "perheohjaus")
    assert "veo-mika" not in sub


def _through_networkx(net) -> nx.MultiDiGraph:
    """The graph of ``net`` made through networkx's own add_node and add_edge."""
    t = graph_tables(net)
    h = nx.MultiDiGraph()
    h.graph.update(t.graph)
    for n, d in t.nodes.items():
        h.add_node(n, **d)
    for u, v, key, d in t.links:
        h.add_edge(u, v, key=key, **d)
    return h


def _odd(network):
    """A network with what a store may still hold: a link to an unknown node, a role
    of an unknown unit."""
    network.links[("neuvola", "ei-ole", "refers")] = Link("neuvola", "ei-ole", LinkKind.REFERS)
    network.roles["orpo"] = Role("orpo", "kuraattori", "ei-yksikkoa")
    return network


@pytest.mark.parametrize("make", [demo_network, lambda: national_network(0.02)],
                         ids=["demo", "national"])
def test_graph_is_the_one_networkx_builds_itself(make, network):
    for net in (make(), _odd(network)):
        g, h = build_graph(net), _through_networkx(net)
        assert list(g.nodes(data=True)) == list(h.nodes(data=True))
        assert list(g.edges(keys=True, data=True)) == list(h.edges(keys=True, data=True))
        assert list(g.in_edges(keys=True, data=True)) == list(h.in_edges(keys=True, data=True))
        assert g.graph == h.graph
        # one key dict for both directions, as networkx keeps it (patch_graph relies on it)
        assert all(g._pred[v][u] is kd for u, nbrs in g._succ.items() for v, kd in nbrs.items())
        assert nx.utils.graphs_equal(g, h)
    assert g.nodes["ei-ole"] == {} and g.nodes["orpo"]["area"] is None


def test_graph_shares_the_tables_attributes(network):
    """The search index built from the tables reads the very dicts the graph holds."""
    t = graph_tables(network)
    g = build_graph(network, t)
    assert all(g.nodes[n] is d for n, d in t.nodes.items())
    assert all(g[u][v][k] is d for u, v, k, d in t.links)
