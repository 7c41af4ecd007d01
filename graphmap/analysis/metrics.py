"""Network metrics of one family-centre area (issue 3 item 1).

Why: a coordinator compares areas (DOMAIN.md §7, O:39) and watches whether the
area is a network or a set of silos (O:76, O:92, O:176).  Density and components
say how connected the area is, reciprocity whether links run both ways, Freeman
centralization whether everything hangs on one hub (S:3729-3743), and the
cross-sector / cross-level shares whether sectors and support levels meet
(S:3725, PH:298, O:213-218).

How: on the area's service view (:mod:`.views`): units only, role links lifted to
their unit, forum membership left out.  Freeman's degree centralization is not in
networkx: C = Σ (d_max − d_i) / ((n−1)(n−2)) over the undirected simple graph,
which is 1 for a star and 0 for any regular graph (Freeman 1978, "Centrality in
social networks: conceptual clarification", Social Networks 1:215-239).
"""
from __future__ import annotations

import networkx as nx

from .fragmentation import fragmentation
from .views import FORUM, MEMBER, SYMMETRIC, AreaView, Views


def degree_centralization(graph: nx.Graph) -> float:
    """Freeman degree centralization of an undirected simple graph, in [0, 1]."""
    n = graph.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in graph.degree()]
    top = max(degrees)
    return round(sum(top - d for d in degrees) / ((n - 1) * (n - 2)), 6)


def mean_path_length(graph: nx.Graph) -> float:
    """Mean shortest-path length inside the largest connected component (0 if trivial).

    The same number as ``nx.average_shortest_path_length`` on that component
    (checked in the tests), computed bit-parallel: every node's set of reached nodes
    is a Python integer used as a bitset, and one sweep over the edges per distance
    step grows all of them at once (``reach[v] |= reach[w]`` for each neighbour w).
    The pairs first reached at step d add d each.  Cost: diameter × links big-integer
    ORs instead of nodes × links Python steps."""
    if graph.number_of_nodes() < 2:
        return 0.0
    largest = max(nx.connected_components(graph), key=len)
    n = len(largest)
    if n < 2:
        return 0.0
    index = {v: i for i, v in enumerate(largest)}
    nbrs = [[index[w] for w in graph[v] if w != v] for v in largest]
    reach = [1 << i for i in range(n)]
    counts = [1] * n
    total, depth, full = 0, 0, n * n
    while sum(counts) < full:
        depth += 1
        grown = []
        for i, near in enumerate(nbrs):
            r = reach[i]
            for j in near:
                r |= reach[j]
            grown.append(r)
        reach = grown
        new_counts = [r.bit_count() for r in reach]
        total += depth * (sum(new_counts) - sum(counts))
        counts = new_counts
    return round(total / (n * (n - 1)), 6)


def reciprocity(view: AreaView) -> float:
    """Share of directed unit pairs (symmetric kinds excluded) whose reverse also exists."""
    pairs = {(ln.source, ln.target) for ln in view.links
             if ln.kind != MEMBER and ln.kind not in SYMMETRIC}
    if not pairs:
        return 0.0
    return round(sum((b, a) in pairs for a, b in pairs) / len(pairs), 6)


def view_metrics(views: Views, area: str) -> dict:
    """Metrics of one area from precomputed views (see :func:`area_metrics`)."""
    view = views.area(area)
    s = view.service
    # unordered pairs of distinct units (views never lift a link onto one unit)
    pairs = {(ln.source, ln.target) if ln.source < ln.target else (ln.target, ln.source)
             for ln in view.links if ln.kind != MEMBER}
    ends = {u for pair in pairs for u in pair}
    sector = {u: views.sector(u) for u in ends}
    level = {u: views.level(u) for u in ends}
    cross_sector = sum(sector[a] != sector[b] for a, b in pairs)
    cross_level = sum(level[a] != level[b] for a, b in pairs)
    g = views.g
    area_links = len(view.links)
    return {
        "units": len(view.units),
        "roles": len(view.roles),
        "links": area_links,
        "density": round(nx.density(s), 6) if s.number_of_nodes() > 1 else 0.0,
        "reciprocity": reciprocity(view),
        "components": nx.number_connected_components(s) if s.number_of_nodes() else 0,
        "degree_centralization": degree_centralization(s),
        "mean_path_length": mean_path_length(s),
        "cross_sector_share": round(cross_sector / len(pairs), 6) if pairs else 0.0,
        "cross_level_share": round(cross_level / len(pairs), 6) if pairs else 0.0,
        "forums": sum(1 for u in view.units if g.nodes[u].get("type") == FORUM),
        **key_player_metrics(view),
    }


def key_player_metrics(view: AreaView) -> dict:
    """``fragmentation`` (Borgatti's F of the service graph), ``key_player`` (the unit
    whose removal splits it most, None when none does) and
    ``key_player_fragmentation`` (F without it) — see :mod:`.fragmentation`."""
    now = fragmentation(view.service)
    after = view.fragmentation_after
    best = min(after, key=lambda v: (-after[v], v)) if after else None
    if best is None or after[best] <= now or view.service.number_of_nodes() < 3:
        return {"fragmentation": now, "key_player": None, "key_player_fragmentation": now}
    return {"fragmentation": now, "key_player": best, "key_player_fragmentation": after[best]}


def area_metrics(g: nx.MultiDiGraph, area: str) -> dict:
    """Size (units, roles, links), density, reciprocity, components, Freeman degree
    centralization, mean path length (largest component), cross-sector and
    cross-level shares of one family-centre area.

    ``links`` counts links inside the area (role links included); density,
    components, centralization and path length are over the undirected unit graph
    without forums; the shares are over linked unit pairs.  Raises ``KeyError``
    for an area with no units."""
    views = Views(g)
    if area not in views.by_area:
        raise KeyError(f"no units in area {area!r}")
    return view_metrics(views, area)
