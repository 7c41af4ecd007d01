"""The one builder from a :class:`~graphmap.model.Network` to a networkx graph.

Analysis reads a ``MultiDiGraph`` whose nodes are units and roles (keyed by id) and
whose edges are links (keyed by link kind).  Node attributes carry what analysis
needs without going back to the store: ``kind`` ('unit' or 'role'), ``area`` (the
unit's own area), ``fc_area`` (its family-centre area), ``sector``, ``level``,
``type``; a role carries its ``unit`` and inherits the unit's area, sector and level.
``g.graph["areas"]`` and ``g.graph["organisations"]`` hold those records as dicts.
"""
from __future__ import annotations

import networkx as nx

from .model import Network, record_to_dict


def build_graph(net: Network) -> nx.MultiDiGraph:
    """A MultiDiGraph of units and roles, with one edge per link."""
    g = nx.MultiDiGraph()
    # Areas and organisations are context, not nodes: analysis needs their names,
    # kinds, hierarchy and sectors without going back to the store.
    g.graph["areas"] = {a.id: record_to_dict(a) for a in net.areas.values()}
    g.graph["organisations"] = {o.id: record_to_dict(o) for o in net.organisations.values()}
    fc_cache: dict[str, str | None] = {}

    def fc(area_id):
        if area_id not in fc_cache:
            fc_cache[area_id] = net.family_centre_area_of(area_id)
        return fc_cache[area_id]

    for unit in net.units.values():
        org = net.organisations.get(unit.organisation)
        attrs = record_to_dict(unit)
        attrs.update(kind="unit", label=unit.name, fc_area=fc(unit.area),
                     sector=org.sector.value if org else None)
        g.add_node(unit.id, **attrs)
    for role in net.roles.values():
        unit = g.nodes.get(role.unit, {})
        attrs = record_to_dict(role)
        attrs.update(kind="role", label=role.title, area=unit.get("area"),
                     fc_area=unit.get("fc_area"), sector=unit.get("sector"),
                     level=unit.get("level"), organisation=unit.get("organisation"))
        g.add_node(role.id, **attrs)
    for link in net.links.values():
        attrs = record_to_dict(link)
        attrs["id"] = link.id
        g.add_edge(link.source, link.target, key=link.kind.value, **attrs)
    return g


def area_subgraph(g: nx.MultiDiGraph, area: str, *, roles: bool = True) -> nx.MultiDiGraph:
    """The part of ``g`` inside one family-centre area (nodes whose ``fc_area`` or
    ``area`` is ``area``), as an independent copy analysis may change freely.

    With ``roles=False`` only units are kept (the service graph); links that start
    or end at a role are attributed to the role's unit so no tie is lost."""
    inside = [n for n, d in g.nodes(data=True)
              if (d.get("fc_area") == area or d.get("area") == area)
              and (roles or d.get("kind") == "unit")]
    if roles:
        return g.subgraph(inside).copy()
    return unit_graph(g, inside)


def unit_graph(g: nx.MultiDiGraph, units=None) -> nx.MultiDiGraph:
    """Units only: each role-ended link is lifted to the role's unit (self-loops dropped)."""
    keep = set(units) if units is not None else {n for n, d in g.nodes(data=True)
                                                 if d.get("kind") == "unit"}
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, g.nodes[n]) for n in keep)

    def owner(n):
        d = g.nodes[n]
        return d.get("unit") if d.get("kind") == "role" else n

    for u, v, _k, d in g.edges(keys=True, data=True):
        a, b = owner(u), owner(v)
        if a in keep and b in keep and a != b:
            out.add_edge(a, b, key=d["id"], **d)
    return out
