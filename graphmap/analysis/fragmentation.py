"""Borgatti's fragmentation and the "key player" it names: who, removed, splits the area most.

Why: a coordinator asks which single unit the network would fall apart without —
the person or service to back up first (T:1091, PH:529).  Articulation points only say
*whether* a unit cuts the network; fragmentation says *how badly*, so units can be
ranked.  Bohnett et al. (2022, "Fragmentation and collaboration in 42 PARTNER
networks", Social Networks) use it on the same kind of survey networks as graphmap.

How: Borgatti's fragmentation (Borgatti 2006, "Identifying sets of key players in a
social network", Comput. Math. Organ. Theory 12:21-34) is the share of node pairs
that cannot reach each other,

    F = 1 − Σ_k s_k (s_k − 1) / (n (n − 1)),

over the connected components k of sizes s_k (0 for a connected graph, 1 when no
two nodes are linked).  The key player (a key-player set of size 1) is the node whose
removal leaves the highest F on the remaining n − 1 nodes.  Removing a node that is
not an articulation point only shrinks its own component by one, so only
articulation points need a search of their own: cost O(n + m) plus one search of
its component per articulation point.
"""
from __future__ import annotations

import networkx as nx


def _pairs(sizes) -> int:
    return sum(s * (s - 1) for s in sizes)


def fragmentation(graph: nx.Graph) -> float:
    """Borgatti's F of an undirected graph: the share of ordered node pairs with no
    path between them, in [0, 1]; 0 for fewer than two nodes."""
    n = graph.number_of_nodes()
    if n < 2:
        return 0.0
    reach = _pairs(len(c) for c in nx.connected_components(graph))
    return round(1 - reach / (n * (n - 1)), 6)


def fragmentation_without(graph: nx.Graph) -> dict:
    """Node → Borgatti's F of ``graph`` with that node (and its links) removed."""
    n = graph.number_of_nodes()
    if n < 3:
        return {v: 0.0 for v in graph}
    comp_of, sizes = {}, []
    for i, c in enumerate(nx.connected_components(graph)):
        sizes.append(len(c))
        for v in c:
            comp_of[v] = i
    base = _pairs(sizes)
    cuts = set(nx.articulation_points(graph))
    m = n - 1
    out = {}
    for v in graph:
        s = sizes[comp_of[v]]
        if v in cuts:
            rest = graph.subgraph(u for u in graph if comp_of[u] == comp_of[v] and u != v)
            inside = _pairs(len(c) for c in nx.connected_components(rest))
        else:
            inside = (s - 1) * (s - 2)
        out[v] = round(1 - (base - s * (s - 1) + inside) / (m * (m - 1)), 6)
    return out


def key_player(graph: nx.Graph) -> tuple[object | None, float]:
    """(the node whose removal fragments ``graph`` most, F after removing it).

    Ties go to the smallest node id (as text) so the answer is stable.  When no single
    removal raises F above the graph's own (a cycle, a complete graph, fewer than three
    nodes) there is no key player: ``(None, F of the graph)``."""
    now = fragmentation(graph)
    after = fragmentation_without(graph)
    if graph.number_of_nodes() < 3:
        return None, now
    best = min(after, key=lambda v: (-after[v], str(v)))
    if after[best] <= now:
        return None, now
    return best, after[best]
