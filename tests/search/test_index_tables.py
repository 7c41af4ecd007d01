"""The search index made from the graph's tables (graphmap.graph.graph_tables), before
the graph exists, answers exactly as the one made from the graph (issue 13 item 2: the
warm start answers searches from it while the graph is built)."""
from __future__ import annotations

import pytest

from benchmarks.national import national_network
from graphmap.demo import demo_network
from graphmap.graph import build_graph, graph_tables
from graphmap.network_view import lifted_edges
from graphmap.search import build_index

from .test_patch import TODAY, assert_same


def _queries(net) -> list[tuple[str, dict]]:
    """Queries over ``net``'s own areas, ages and units (a worker's own unit: paths)."""
    tree = build_graph(net).graph["area_tree"]
    areas = tree.family_centre_areas()[:4]
    units = sorted(net.units)[::max(len(net.units) // 6, 1)]
    out: list[tuple[str, dict]] = [("neuvola", {}), ("xyzzyplugh", {})]
    for i, area in enumerate(areas):
        out += [("univaikeudet", {"area": area, "age": 3}), ("isä lyö äitiä", {"area": area}),
                ("päihteet", {"area": area, "from_unit": units[i % len(units)]}),
                ("vanhemmat eroavat", {"area": area, "age": 8,
                                       "from_unit": units[-1 - i % len(units)]})]
    return out


@pytest.mark.parametrize("make", [demo_network, lambda: national_network(0.02)],
                         ids=["demo", "national"])
def test_index_from_the_tables_answers_as_the_one_from_the_graph(make):
    net = make()
    demo = make is demo_network
    g = build_graph(net)
    from_graph, from_tables = build_index(g), build_index(graph_tables(net))
    queries = _queries(net)
    for text, kw in queries:  # each query answers something, or the comparison is idle
        answer = from_graph.who_to_call(text, today=TODAY, **kw)
        assert answer["results"] or answer["front_door"] or text == "xyzzyplugh"
    assert_same(from_tables, from_graph, queries, demo_queries=demo)
    # the links the index reads are the graph's links lifted to units
    lifted: dict[str, set] = {}
    for a, b, _u, _v, d in lifted_edges(g):
        if d["kind"] in ("refers", "consults", "outreach", "works_with", "contact"):
            lifted.setdefault(a, set()).add(b)
            if d["kind"] in ("works_with", "contact"):
                lifted.setdefault(b, set()).add(a)
    assert {u: set(v) for u, v in from_tables.adjacent.items()} == \
        {u: v for u, v in lifted.items() if u in from_tables.docs}
