"""Area metrics: hand-computed values, cross-checks against networkx, and properties."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphmap.analysis import area_metrics, degree_centralization
from graphmap.graph import area_subgraph


def test_star_is_fully_centralized_and_cycle_not():
    assert degree_centralization(nx.star_graph(6)) == 1.0
    assert degree_centralization(nx.cycle_graph(7)) == 0.0
    assert degree_centralization(nx.path_graph(2)) == 0.0


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 25), st.floats(0.0, 1.0), st.integers(0, 10_000))
def test_centralization_is_between_zero_and_one(n, p, seed):
    value = degree_centralization(nx.gnp_random_graph(n, p, seed=seed))
    assert 0.0 <= value <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 30), st.floats(0.0, 0.6), st.integers(0, 10_000))
def test_mean_path_length_equals_networkx_on_the_largest_component(n, p, seed):
    from graphmap.analysis.metrics import mean_path_length
    g = nx.gnp_random_graph(n, p, seed=seed)
    big = g.subgraph(max(nx.connected_components(g), key=len))
    expected = nx.average_shortest_path_length(big) if len(big) > 1 else 0.0
    assert mean_path_length(g) == pytest.approx(expected, abs=1e-6)


def test_metrics_of_a_hand_built_area(tiny):
    # units u, e, s (municipal, county, county); a star centred on e, plus a member link
    tiny.unit("u").unit("e", "early", org="cty").unit("s", "special", org="cty")
    tiny.unit("f", type="forum").role("e-r", "e").role("u-r", "u")
    tiny.link("u", "e").link("e", "u", "consults").link("e-r", "s", "refers")
    tiny.link("u-r", "f", "member")
    m = area_metrics(tiny.graph(), "A")
    assert (m["units"], m["roles"], m["links"]) == (4, 2, 4)
    assert m["components"] == 1 and m["forums"] == 1
    assert m["density"] == pytest.approx(2 / 3)              # 2 of 3 pairs among u, e, s
    assert m["reciprocity"] == pytest.approx(2 / 3)          # u→e and e→u of 3 directed pairs
    assert m["degree_centralization"] == 1.0                 # a star on e
    assert m["mean_path_length"] == pytest.approx(4 / 3)     # (1 + 1 + 2) / 3
    assert m["cross_sector_share"] == pytest.approx(1 / 2)   # u–e crosses, e–s does not
    assert m["cross_level_share"] == 1.0


def test_metrics_agree_with_networkx_on_the_small_network(network):
    from graphmap.graph import build_graph
    g = build_graph(network)
    m = area_metrics(g, "koivula")
    units = area_subgraph(g, "koivula", roles=False)
    simple = nx.Graph()
    simple.add_nodes_from(n for n, d in units.nodes(data=True) if d.get("type") != "forum")
    simple.add_edges_from((a, b) for a, b, d in units.edges(data=True)
                          if d["kind"] != "member" and a in simple and b in simple)
    assert m["density"] == pytest.approx(nx.density(simple), abs=1e-6)
    assert m["components"] == nx.number_connected_components(simple)
    big = simple.subgraph(max(nx.connected_components(simple), key=len))
    assert m["mean_path_length"] == pytest.approx(nx.average_shortest_path_length(big), abs=1e-6)


def test_metrics_unknown_area(tiny):
    tiny.unit("u")
    with pytest.raises(KeyError):
        area_metrics(tiny.graph(), "nowhere")
