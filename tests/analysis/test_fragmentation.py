"""Borgatti's fragmentation and the key player, checked on graphs worked out by hand."""
from __future__ import annotations

import networkx as nx
import pytest

from graphmap.analysis import analyze, area_metrics
from graphmap.analysis.fragmentation import fragmentation, fragmentation_without, key_player

from .conftest import TODAY, kinds
from .test_bottlenecks import two_triangles


def test_connected_graph_has_no_fragmentation_and_empty_graph_is_whole():
    assert fragmentation(nx.path_graph(5)) == 0.0
    # 4 nodes, no links: no pair reaches the other
    assert fragmentation(nx.empty_graph(4)) == 1.0
    # {0,1,2} and {3,4}: reachable ordered pairs 3·2 + 2·1 = 8 of 5·4 = 20 → F = 12/20
    g = nx.Graph([(0, 1), (1, 2), (3, 4)])
    assert fragmentation(g) == 0.6
    assert fragmentation(nx.Graph()) == 0.0 and fragmentation(nx.empty_graph(1)) == 0.0


def test_path_of_five_middle_node_is_the_key_player():
    # 0-1-2-3-4: removing 2 leaves {0,1},{3,4}: 1 − (2+2)/(4·3) = 2/3;
    # removing 1 leaves {0},{2,3,4}: 1 − 6/12 = 1/2; removing an end leaves a path: 0
    after = fragmentation_without(nx.path_graph(5))
    assert after == {0: 0.0, 1: 0.5, 2: pytest.approx(2 / 3, abs=1e-6), 3: 0.5, 4: 0.0}
    assert key_player(nx.path_graph(5)) == (2, pytest.approx(2 / 3, abs=1e-6))


def test_star_centre_shatters_everything():
    star = nx.star_graph(4)  # centre 0, leaves 1..4
    after = fragmentation_without(star)
    assert after[0] == 1.0  # four isolated leaves
    assert all(after[leaf] == 0.0 for leaf in range(1, 5))
    assert key_player(star) == (0, 1.0)


def test_cycle_and_tiny_graphs_have_no_key_player():
    assert key_player(nx.cycle_graph(6)) == (None, 0.0)
    assert key_player(nx.path_graph(2)) == (None, 0.0)


def test_agrees_with_removing_the_node_and_measuring_again():
    g = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (3, 6), (7, 8)])
    for v, value in fragmentation_without(g).items():
        h = g.copy()
        h.remove_node(v)
        assert value == fragmentation(h), v


def test_cut_point_finding_names_the_key_player(tiny):
    # two triangles joined at h: without h, {x1,x2} and {y1,y2}: F = 1 − 4/12 = 2/3
    found = analyze(two_triangles(tiny).graph(), "A", today=TODAY, lang="en")["findings"]
    (f,) = kinds(found, "gateway", type="cut_point")
    assert f["evidence"]["key_player"] is True
    assert f["evidence"]["fragmentation"] == pytest.approx(2 / 3, abs=1e-6)
    assert f["message"].endswith("It is the area's key player: without it 67% of service "
                                 "pairs could no longer reach each other.")


def test_metrics_carry_the_key_player(tiny):
    m = area_metrics(two_triangles(tiny).graph(), "A")
    assert (m["fragmentation"], m["key_player"]) == (0.0, "h")
    assert m["key_player_fragmentation"] == pytest.approx(2 / 3, abs=1e-6)
