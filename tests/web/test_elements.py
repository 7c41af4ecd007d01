"""The map's node metrics: degree, referral in-volume and volume-weighted betweenness."""
from __future__ import annotations

import pytest

from graphmap.web.elements import (BETWEENNESS_BUDGET, MIN_SAMPLE, ParamError, node_metrics,
                                   parse_filter, parse_flag, strength)


def edge(a, b, kind="works_with", volume=None, frequency=None):
    d = {"id": f"{a}>{b}:{kind}", "source": a, "target": b, "kind": kind, "volume": volume,
         "frequency": frequency}
    d["strength"] = strength(d)
    return d


def test_star_centre_carries_every_path():
    m = node_metrics(["c", "a", "b", "d"], [edge("c", "a"), edge("c", "b"), edge("c", "d")])
    assert m["c"]["betweenness"] == pytest.approx(1.0)
    assert m["a"]["betweenness"] == 0 and m["c"]["degree"] == 3 and m["a"]["degree"] == 1


def test_busy_route_wins_over_a_thin_direct_link():
    # A–B and B–C carry 100 contacts a year, A–C one: the busy route through B is the
    # shorter one, so B brokers between A and C
    busy = node_metrics("abc", [edge("a", "b", volume=100), edge("b", "c", volume=100),
                                edge("a", "c", volume=1)])
    assert busy["b"]["betweenness"] > 0
    plain = node_metrics("abc", [edge("a", "b"), edge("b", "c"), edge("a", "c")])
    assert plain["b"]["betweenness"] == 0


def test_in_volume_counts_referrals_only():
    m = node_metrics("abc", [edge("a", "b", "refers", 30), edge("c", "b", "consults", 5),
                             edge("a", "b", "works_with", 99)])
    assert m["b"]["in_volume"] == 35 and m["a"]["in_volume"] == 0


def test_strength_from_volume_then_frequency():
    assert strength({"volume": 12}) == 12
    assert strength({"frequency": "weekly"}) == 45
    assert strength({}) == 1


def test_large_graph_is_sampled_and_stable():
    n = 400  # a ring with chords: more than the budget allows exactly
    nodes = [f"n{i}" for i in range(n)]
    edges = [edge(nodes[i], nodes[(i + 1) % n]) for i in range(n)]
    edges += [edge(nodes[i], nodes[(i + 7) % n]) for i in range(0, n, 3)]
    assert n * len(edges) > BETWEENNESS_BUDGET and MIN_SAMPLE < n
    first, second = node_metrics(nodes, edges), node_metrics(nodes, edges)
    assert first == second  # fixed seed: sizes do not jump between requests
    assert any(v["betweenness"] > 0 for v in first.values())


def test_parsers():
    assert parse_filter("sector", "ngo, parish") == {"ngo", "parish"}
    assert parse_filter("sector", "") is None and parse_filter("sector", " , ") is None
    with pytest.raises(ParamError) as exc:
        parse_filter("level", "early,hgh")
    assert exc.value.param == "level" and "hgh" in str(exc.value)
    assert parse_flag("roles", "1", False) is True and parse_flag("roles", None, True) is True
    with pytest.raises(ParamError):
        parse_flag("roles", "yes please", False)


def test_betweenness_reused_for_the_same_links_is_networkxs_on_the_whole_graph():
    """An edit that leaves the links alone (a new unit not linked yet) reuses the
    Brandes run of those links: the numbers are still networkx's on the whole graph."""
    import math

    import networkx as nx
    edges = [edge("a", "b", volume=40), edge("b", "c"), edge("c", "d", volume=3),
             edge("b", "d"), edge("d", "e", frequency="weekly")]
    for nodes in (list("abcde"), list("abcdexy"), list("edcbax")):
        shown = node_metrics(nodes, list(reversed(edges)) if "y" in nodes else edges)
        whole = nx.Graph()
        whole.add_nodes_from(nodes)
        for e in edges:
            whole.add_edge(e["source"], e["target"],
                           distance=1.0 / (1.0 + math.log1p(e["strength"])))
        expected = nx.betweenness_centrality(whole, weight="distance", normalized=True)
        assert {v: shown[v]["betweenness"] for v in nodes} == \
            {v: round(expected[v], 6) for v in nodes}
    assert shown["b"]["betweenness"] > 0 and shown["x"]["betweenness"] == 0
