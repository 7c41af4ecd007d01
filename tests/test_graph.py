"""The networkx snapshot that analysis reads."""
from __future__ import annotations

from graphmap.graph import area_subgraph, build_graph, unit_graph


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
