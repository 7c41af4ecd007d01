"""The one builder from a :class:`~graphmap.model.Network` to a networkx graph.

Analysis reads a ``MultiDiGraph`` whose nodes are units and roles (keyed by id) and
whose edges are links (keyed by link kind).  Node attributes carry what analysis
needs without going back to the store: ``kind`` ('unit' or 'role'), ``area`` (the
unit's own area), ``fc_area`` (its family-centre area), ``sector``, ``level``,
``type``; a role carries its ``unit`` and inherits the unit's area, sector and level.
``g.graph["areas"]`` and ``g.graph["organisations"]`` hold those records as dicts, and
``g.graph["area_tree"]`` the area hierarchy (:func:`graphmap.network_view.area_tree`).
"""
from __future__ import annotations

from typing import Iterable

import networkx as nx

from .bulk import gc_paused
from .model import Network, record_to_dict
from .network_view import TREE, AreaTree, NodeKind, area_tree, lifted_edges


class GraphTables:
    """What :func:`build_graph` puts into a graph, as tables: ``graph`` (its
    ``g.graph``: areas, organisations, the area tree), ``nodes`` (node id → attribute
    dict: units, then roles) and :attr:`links` (``(source, target, key, attribute
    dict)``, made on first use from the link records).

    Why: the search index needs the nodes' attributes and the links' ends, kinds and
    volumes (:func:`link_columns`), not networkx's adjacency; made from these tables it
    is ready seconds before the graph at start (issue 13 item 2), and the graph made
    from the same tables then shares every node attribute dict with it.  It reads the
    tables as it reads a graph: ``t.graph``, ``t.nodes.items()``, ``t.nodes.get(n)``."""

    __slots__ = ("graph", "nodes", "_records", "_links")

    def __init__(self, graph: dict, nodes: dict[str, dict], records: Iterable):
        self.graph = graph
        self.nodes = nodes
        self._records = list(records)
        self._links: list[tuple[str, str, str, dict]] | None = None

    @property
    def links(self) -> list[tuple[str, str, str, dict]]:
        """``(source, target, key, attributes)`` per link, as the graph's edges hold them."""
        if self._links is None:
            with gc_paused():
                self._links = [(link.source, link.target, link.kind.value, _link_attrs(link))
                               for link in self._records]
        return self._links

    def edges(self, data: bool = False):
        """``(source, target, attributes)`` per link (as ``g.edges(data=True)``)."""
        if not data:
            return ((u, v) for u, v, _k, _d in self.links)
        return ((u, v, d) for u, v, _k, d in self.links)


def link_columns(g) -> tuple[list[str], list[str], list[str], list]:
    """The sources, targets, kinds and volumes of every link of ``g`` (a graph of
    :func:`build_graph` or its :class:`GraphTables`), as four lists."""
    if isinstance(g, GraphTables):  # read off the records: no attribute dicts needed
        records = g._records
        return ([x.source for x in records], [x.target for x in records],
                [x.kind for x in records], [x.volume for x in records])
    edges = list(g.edges(data=True))
    return ([u for u, _v, _d in edges], [v for _u, v, _d in edges],
            [d.get("kind") for _u, _v, d in edges], [d.get("volume") for _u, _v, d in edges])


def graph_tables(net: Network) -> GraphTables:
    """The node attributes and links of ``build_graph(net)``, without the graph: the one
    place both the graph and the search index take them from."""
    # Areas and organisations are context, not nodes: analysis needs their names,
    # kinds, hierarchy and sectors without going back to the store.
    meta: dict = {"areas": {a.id: record_to_dict(a) for a in net.areas.values()},
                  "organisations": {o.id: record_to_dict(o)
                                    for o in net.organisations.values()}}
    meta[TREE] = tree = AreaTree(net.areas)
    fc = tree.family_centre_area_of
    nodes: dict[str, dict] = {}

    def put(n: str, attrs: dict) -> None:  # as networkx's add_node: a known id is updated
        known = nodes.get(n)
        if known is None:
            nodes[n] = attrs
        else:
            known.update(attrs)

    with gc_paused():  # 75,000 attribute dicts at national scale, no cycles
        for unit in net.units.values():
            put(unit.id, _unit_attrs(net, unit, fc))
        for role in net.roles.values():
            put(role.id, _role_attrs(role, nodes.get(role.unit, {})))
    return GraphTables(meta, nodes, net.links.values())


def build_graph(net: Network, tables: GraphTables | None = None) -> nx.MultiDiGraph:
    """A MultiDiGraph of units and roles, with one edge per link (made from
    ``tables``, :func:`graph_tables` of ``net``, when the caller has them already:
    the graph then shares their attribute dicts)."""
    with gc_paused():  # hundreds of thousands of dicts, no cycles
        return _graph_of(graph_tables(net) if tables is None else tables)


def _graph_of(t: GraphTables) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.graph.update(t.graph)
    # networkx's own tables filled directly, as add_node and add_edge fill them (one
    # key dict shared by succ[u][v] and pred[v][u]; an unknown link end becomes a bare
    # node): a third of the time of calling them per node and link
    node, succ, pred = g._node, g._succ, g._pred
    for n, attrs in t.nodes.items():
        node[n] = attrs
        succ[n] = {}
        pred[n] = {}
    for u, v, key, attrs in t.links:
        for end in (u, v):
            if end not in node:
                node[end] = {}
                succ[end] = {}
                pred[end] = {}
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = succ[u][v] = pred[v][u] = {}
        known = keydict.get(key)
        if known is None:
            keydict[key] = attrs
        else:
            known.update(attrs)
    return g


def _unit_attrs(net: Network, unit, fc) -> dict:
    org = net.organisations.get(unit.organisation)
    attrs = record_to_dict(unit)
    attrs.update(kind=NodeKind.UNIT.value, label=unit.name, fc_area=fc(unit.area),
                 sector=org.sector.value if org else None)
    return attrs


def _role_attrs(role, unit: dict) -> dict:
    attrs = record_to_dict(role)
    attrs.update(kind=NodeKind.ROLE.value, label=role.title, area=unit.get("area"),
                 fc_area=unit.get("fc_area"), sector=unit.get("sector"),
                 level=unit.get("level"), organisation=unit.get("organisation"))
    return attrs


def _link_attrs(link) -> dict:
    attrs = record_to_dict(link)
    attrs["id"] = link.id
    return attrs


def patch_graph(g: nx.MultiDiGraph, net: Network, changed: dict[str, dict],
                roles_of=None) -> nx.MultiDiGraph:
    """``build_graph(net)`` made from ``g`` (the graph of the network before
    ``changed``: sheet → key → record now, ``None`` if removed) without rebuilding it.

    The new graph shares every node, adjacency and attribute dict the change does not
    touch with ``g`` (copy on write), so a one-unit edit costs a few dictionary copies
    of the node tables, not a rebuild; neither graph may be mutated afterwards (both
    are read-only snapshots).  Returns a graph equal to ``build_graph(net)``.

    ``roles_of``: unit id → its role ids before the change, if the caller keeps that
    index; then a changed unit's roles are found there instead of by scanning every
    role (60,000 at national scale)."""
    h = nx.MultiDiGraph()
    h.graph = dict(g.graph)
    # the node and adjacency tables themselves (75,000 entries each at national
    # scale) are shared with g too until the change first writes one of them: a
    # unit's capacity copies the node table only, a link the two adjacency tables
    h._node, h._pred = g._node, g._pred
    h._adj = h._succ = g._succ
    owned: set[str] = set()

    def own(table: str) -> dict:  # h's own copy of g's _node, _succ or _pred
        if table not in owned:
            owned.add(table)
            # .copy(), not dict(): dict() clones the table in one memcpy only while it
            # has never lost an entry; after one removal (a role deleted) it re-inserts
            # every key — at national scale a write's patch went from 3 to 10 ms, a
            # link's from 9 to 70 ms (benchmarks/RESULTS.md, bench:patch-after-removal)
            setattr(h, table, getattr(g, table).copy())
            if table == "_succ":
                h._adj = h._succ
        return getattr(h, table)
    copied_succ: set = set()
    copied_pred: set = set()
    copied_keys: set = set()
    put: set = set()  # nodes given new attributes, or dropped
    pairs: set = set()  # (u, v) whose links changed

    def succ(u):  # h._succ[u], a copy of g's the first time it is changed
        if u not in copied_succ:
            own("_succ")[u] = dict(h._succ.get(u, {}))
            copied_succ.add(u)
        return h._succ[u]

    def pred(v):
        if v not in copied_pred:
            own("_pred")[v] = dict(h._pred.get(v, {}))
            copied_pred.add(v)
        return h._pred[v]

    def keydict(u, v):  # one dict shared by succ[u][v] and pred[v][u], as networkx keeps it
        pairs.add((u, v))
        if (u, v) not in copied_keys:
            kd = dict(h._succ.get(u, {}).get(v, {}))
            succ(u)[v] = kd
            pred(v)[u] = kd
            copied_keys.add((u, v))
        return succ(u)[v]

    def drop_edge(u, v, k):
        if k not in h._succ.get(u, {}).get(v, {}):
            return
        kd = keydict(u, v)
        del kd[k]
        if not kd:
            del succ(u)[v]
            del pred(v)[u]
            copied_keys.discard((u, v))

    def drop_node(n):
        if n not in h._node:
            return
        for v, kd in list(h._succ[n].items()):
            for k in list(kd):
                drop_edge(n, v, k)
        for u, kd in list(h._pred[n].items()):
            for k in list(kd):
                drop_edge(u, n, k)
        del own("_node")[n], own("_succ")[n], own("_pred")[n]
        put.add(n)

    def put_node(n, attrs):
        own("_node")[n] = attrs
        put.add(n)
        if n not in h._succ:
            own("_succ")[n] = {}
            own("_pred")[n] = {}
            copied_succ.add(n)
            copied_pred.add(n)

    areas, orgs = changed.get("areas", {}), changed.get("organisations", {})
    if areas:
        h.graph["areas"] = {a.id: record_to_dict(a) for a in net.areas.values()}
        h.graph[TREE] = AreaTree(net.areas)
    if orgs:
        h.graph["organisations"] = {o.id: record_to_dict(o) for o in net.organisations.values()}
    units = set(changed.get("units", {}))
    if orgs:  # a unit's sector comes from its organisation
        units |= {u.id for u in net.units.values() if u.organisation in orgs}
    fc = area_tree(h).family_centre_area_of
    if areas:  # a unit's family-centre area comes from the area hierarchy
        units |= {u.id for u in net.units.values()
                  if g._node.get(u.id, {}).get("fc_area") != fc(u.area)}
    roles = set(changed.get("roles", {}))
    for key, link in changed.get("links", {}).items():  # a removed node takes its links along
        if link is None or (link.source, link.target, link.kind.value) != \
                (key[0], key[1], key[2]):
            drop_edge(key[0], key[1], key[2])
    for n in units | roles:
        if n not in net.units and n not in net.roles:
            drop_node(n)
    for n in sorted(units):
        unit = net.units.get(n)
        if unit is not None:
            put_node(n, _unit_attrs(net, unit, fc))
    if units:  # a role carries its unit's area, sector and level
        if roles_of is None:
            roles |= {r.id for r in net.roles.values() if r.unit in units}
        else:  # a role that moved to or from one of them is among the changed roles
            candidates = {r for u in units for r in roles_of.get(u, ())}
            roles |= {r for r in candidates
                      if r in net.roles and net.roles[r].unit in units}
    for n in sorted(roles):
        role = net.roles.get(n)
        if role is not None:
            put_node(n, _role_attrs(role, h._node.get(role.unit, {})))
    for link in changed.get("links", {}).values():
        if link is not None:  # a changed link keeps its place in the adjacency order
            for end in (link.source, link.target):
                if end not in h._node:  # networkx adds a bare node for an unknown end
                    put_node(end, {})
            keydict(link.source, link.target)[link.kind.value] = _link_attrs(link)
    # what changed, for whoever patches what it derived from g (the search index):
    # (id of g, nodes, link pairs) — reading it off the graphs costs a pass over each
    h.patched_from = (id(g), frozenset(put), frozenset(pairs))
    return h


def area_subgraph(g: nx.MultiDiGraph, area: str, *, roles: bool = True) -> nx.MultiDiGraph:
    """The part of ``g`` inside one family-centre area (nodes whose ``fc_area`` or
    ``area`` is ``area``), as an independent copy analysis may change freely.

    With ``roles=False`` only units are kept (the service graph); links that start
    or end at a role are attributed to the role's unit so no tie is lost."""
    inside = [n for n, d in g.nodes(data=True)
              if (d.get("fc_area") == area or d.get("area") == area)
              and (roles or d.get("kind") == NodeKind.UNIT)]
    if roles:
        return g.subgraph(inside).copy()
    return unit_graph(g, inside)


def unit_graph(g: nx.MultiDiGraph, units=None) -> nx.MultiDiGraph:
    """Units only: each role-ended link is lifted to the role's unit (self-loops dropped)."""
    keep = set(units) if units is not None else {n for n, d in g.nodes(data=True)
                                                 if d.get("kind") == NodeKind.UNIT}
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    out.add_nodes_from((n, g.nodes[n]) for n in keep)
    for a, b, _u, _v, d in lifted_edges(g):
        if a in keep and b in keep:
            out.add_edge(a, b, key=d["id"], **d)
    return out
