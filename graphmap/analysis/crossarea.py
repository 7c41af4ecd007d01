"""The whole-nation analysis put together from per-area analyses (issue 13 item 1).

Why: ``analyze(g)`` of every area at once costs what the nation does (tens of seconds
at national scale).  A served app recomputed it after every write, though a write
changes the findings of the areas it touches and, across areas, only the shared
gateways (:func:`.engine.shared_gateways`) whose referrers it changes.

What: :func:`national` gives exactly what ``analyze(g, None)`` gives, from

* each analysed area's own ``analyze(g, area)`` (``part``: the caller's cache, so an
  area the write did not touch is not analysed again), and
* :func:`gateway_sources` — per unit, the units of other family-centre areas that
  refer or consult it — which a write changes only for the units it reaches
  (:func:`reached_targets`), so the caller patches it instead of scanning every link.

Findings are ranked within their area (:func:`.findings.rank`): an area that hosts a
shared gateway has its findings ranked again together with it, on copies, so the
area's own analysis is left as it is.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable

import networkx as nx

from ..network_view import NodeKind, unit_of
from .engine import gateway_findings
from .findings import rank, sort_key
from .messages import render
from .views import REFERRAL, Views, area_index


def light_views(g: nx.MultiDiGraph, today=None) -> Views:
    """A :class:`Views` of no area: its node helpers (owner, family-centre area, in
    force on ``today``) and names, for gateway sources and messages, without a scan."""
    return Views(g, None, today, areas=[])


def gateway_sources(views: Views, targets: Iterable[str],
                    roles_of: dict[str, list[str]]) -> dict[str, set[str]]:
    """Unit → the units of other family-centre areas whose refers/consults links in
    force reach it or its roles (as :meth:`Views.cross_links` lifts them), for each of
    ``targets`` that has any.  ``roles_of``: unit → its role ids."""
    g, day = views.g, views.day
    out: dict[str, set[str]] = {}
    for target in targets:
        if target not in g or g.nodes[target].get("kind") != NodeKind.UNIT:
            continue
        found: set[str] = set()
        for m in (target, *roles_of.get(target, ())):
            if m not in g:
                continue
            b = views.owner(m)
            if b != target:
                continue
            for u, keyed in g.pred[m].items():
                for d in keyed.values():
                    if d.get("kind") not in REFERRAL:
                        continue
                    a = views.owner(u)
                    if a is None or a == b:
                        continue
                    if day is not None:
                        if not (views.alive(u) and views.alive(m)):
                            continue
                        ends, starts = d.get("valid_to"), d.get("valid_from")
                        if (ends and str(ends) < day) or (starts and str(starts) > day):
                            continue
                    if views.fc(a) != views.fc(b):
                        found.add(a)
        if found:
            out[target] = found
    return out


def all_gateway_sources(views: Views, roles_of: dict[str, list[str]]) -> dict[str, set[str]]:
    """:func:`gateway_sources` of every unit of the graph (one pass over the links)."""
    units = [n for n, d in views.g.nodes(data=True) if d.get("kind") == NodeKind.UNIT]
    return gateway_sources(views, units, roles_of)


def reached_targets(graphs: Iterable[nx.MultiDiGraph], nodes: set[str],
                    roles_of: Callable[[str], Iterable[str]]) -> set[str]:
    """The units whose :func:`gateway_sources` a write may change: the write changed
    ``nodes`` (units, roles, link ends) between the graphs; a changed node (or a role
    of a changed unit) counts as a target itself and as a source of everything its
    links reach.  ``roles_of(unit)``: its roles in either graph."""
    out: set[str] = set()
    for g in graphs:
        around = set(nodes)
        for n in nodes:
            if n in g and g.nodes[n].get("kind") == NodeKind.UNIT:
                around.update(roles_of(n))
        for n in around:
            if n not in g:
                continue
            out.add(unit_of(g, n) or n)
            out.update(unit_of(g, v) or v for v in g.succ[n])
    return out


def analysed_areas(g: nx.MultiDiGraph, today=None) -> dict[str, int]:
    """The areas ``analyze(g, None)`` reports on (:meth:`Views.family_centre_areas`),
    with the number of units in force in each — and in every other area holding some
    (a county-wide service's area ranks its gateways by it) — from the per-area node
    index instead of the whole-network views."""
    views = light_views(g, today)
    counts: dict[str, int] = {}
    nodes = g.nodes
    for area, members in area_index(g).items():
        n = sum(1 for m in members if nodes[m].get("kind") == NodeKind.UNIT
                and views.in_force(nodes[m]))
        if n:
            counts[area] = n
    return counts


def reported(views: Views, counts: dict[str, int]) -> list[str]:
    """:meth:`Views.family_centre_areas` over the areas of ``counts``."""
    tree = views.tree
    ancestors: set[str] = set()
    for a in counts:
        if tree.is_family_centre_area(a):
            ancestors.update(tree.above(a))
    return sorted(a for a in counts if tree.is_family_centre_area(a)
                  or (a not in ancestors and a in views.areas_meta))


def national(g: nx.MultiDiGraph, part: Callable[[str], dict], sources: dict[str, set[str]],
             *, today=None, lang: str = "en") -> dict:
    """``analyze(g, None, today=today, lang=lang)`` from ``part(area)`` (that area's
    ``analyze(g, area, …)`` with the same options, shared, never changed here) and
    ``sources`` (:func:`gateway_sources` of every unit)."""
    views = light_views(g, today)
    counts = analysed_areas(g, today)
    areas = reported(views, counts)
    gateways = gateway_findings(views, sources)
    for f in gateways:
        f["message"] = render(f, views, lang)
    by_home: dict[str, list[dict]] = defaultdict(list)
    for f in gateways:
        by_home[f["area"]].append(f)
    result: dict = {"areas": {}, "findings": []}
    for a in areas:
        mine = part(a)
        result["areas"][a] = mine["areas"][a]
        found = mine["findings"]
        if a in by_home:  # ranked again with its gateways, on copies
            found = [dict(f) for f in found] + by_home.pop(a)
            rank(found, counts)
        result["findings"].extend(found)
    for found in by_home.values():  # gateways of an area not reported on its own
        rank(found, counts)
        result["findings"].extend(found)
    result["findings"].sort(key=sort_key)
    return result
