"""Per-area views of the graph, built once and shared by every finding.

Why: every finding kind looks at one family-centre area (DOMAIN.md §1, §7), and the
national network has ~200 of them.  Lifting role links to units and splitting the
graph by area once — one pass over the edges — keeps whole-nation analysis linear
in the number of links instead of (areas × links).

How: roles are attributed to their unit (a link from a VEO is the daycare's link,
:func:`graphmap.network_view.unit_of`), then each area gets

* ``service``  – undirected simple ``nx.Graph`` of its units, every link kind except
  forum membership, forums left out (a forum is where people meet, not a service a
  family passes through; membership would make every forum a false gateway);
* ``referral`` – ``nx.DiGraph`` of refers/consults links with summed ``volume``;
* ``links``    – the lifted links themselves, for evidence.

With ``today`` given, units, roles and links whose validity ended before it (or
starts after it) are left out everywhere: a service merged away in a reorganisation
is not an isolated unit of today's network (Tornio 2017, T:990).
"""
from __future__ import annotations

import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple
from functools import cached_property

import networkx as nx

from ..model import REFERRAL_KINDS, SYMMETRIC_KINDS, Level, LinkKind, UnitType, link_key_text
from ..network_view import NodeKind, area_tree, unit_of

REFERRAL = {str(k) for k in REFERRAL_KINDS}
SYMMETRIC = {str(k) for k in SYMMETRIC_KINDS}
#: the graph holds enum values as plain strings; these are the ones analysis tests often
MEMBER, REFERS, FORUM = LinkKind.MEMBER.value, LinkKind.REFERS.value, UnitType.FORUM.value


class UnitLink(NamedTuple):
    """A link lifted to units; ``source_role``/``target_role`` name the roles at either
    end (None where the link ends at the unit itself)."""

    source: str
    target: str
    kind: str
    volume: int | None
    source_role: str | None
    target_role: str | None
    id: str


@dataclass
class AreaView:
    id: str
    name: str
    units: list = field(default_factory=list)
    roles: list = field(default_factory=list)
    links: list = field(default_factory=list)  # UnitLink inside the area
    views: "Views" = None

    @cached_property
    def service(self) -> nx.Graph:
        g = self.views.g
        s = nx.Graph()
        nodes = g.nodes
        keep = {u for u in self.units if nodes[u].get("type") != FORUM}
        s.add_nodes_from(u for u in self.units if u in keep)  # in the units' order
        # one (first-seen) orientation per pair: a reversed repeat would not change the
        # adjacency order, only cost networkx an edge update
        first: dict = {}
        for ln in self.links:
            a, b = ln.source, ln.target
            if ln.kind != MEMBER and a in keep and b in keep:
                first.setdefault((a, b) if a < b else (b, a), (a, b))
        s.add_edges_from(first.values())
        return s

    @cached_property
    def service_adj(self) -> dict[str, set]:
        """The service graph as adjacency sets, in its node order, without self-loops
        (shared by the cut-point, bridge and link-prediction searches: read-only)."""
        return {n: set(near) - {n} for n, near in self.service.adjacency()}

    @cached_property
    def fragmentation_after(self) -> dict:
        """Unit → Borgatti's fragmentation of the service graph without it (shared by
        the metrics' key player and the cut-point findings)."""
        from .fragmentation import fragmentation_without
        return fragmentation_without(self.service)

    @cached_property
    def referral(self) -> nx.DiGraph:
        r = nx.DiGraph()
        r.add_nodes_from(self.units)
        summed: dict = {}  # (source, target) → edge data, in first-seen order
        for ln in self.links:
            if ln.kind in REFERRAL:
                d = summed.get((ln.source, ln.target))
                if d is None:
                    summed[ln.source, ln.target] = {"volume": ln.volume or 0,
                                                    "known": ln.volume is not None}
                else:
                    d["volume"] += ln.volume or 0
                    d["known"] |= ln.volume is not None
        r.add_edges_from((a, b, d) for (a, b), d in summed.items())
        return r

    @cached_property
    def directed(self) -> nx.DiGraph:
        """Simple digraph of every non-member link, symmetric kinds both ways."""
        d = nx.DiGraph()
        d.add_nodes_from(self.service)
        for ln in self.links:
            if ln.kind != MEMBER and ln.source in d and ln.target in d:
                d.add_edge(ln.source, ln.target)
                if ln.kind in SYMMETRIC:
                    d.add_edge(ln.target, ln.source)
        return d


_AREA_INDEX: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def area_index(g: nx.MultiDiGraph) -> dict[str, list]:
    """Family-centre area → its nodes (units and roles).  Cached per graph object
    while its node count stays the same, so analysing one area of the
    national graph again does not rescan every node.  Only nodes place a node in an
    area, so the index stays valid while the node count does; a caller that edits
    node areas in place (rather than building a new graph) should build a new graph."""
    signature = g.number_of_nodes()  # counting a multigraph's edges is itself O(links)
    hit = _AREA_INDEX.get(g)
    if hit is not None and hit[0] == signature:
        return hit[1]
    index: dict[str, list] = defaultdict(list)
    for n, d in g.nodes(data=True):
        index[d.get("fc_area") or d.get("area")].append(n)
    _AREA_INDEX[g] = (signature, index)
    return index


def carry_area_index(old: nx.MultiDiGraph, new: nx.MultiDiGraph, nodes) -> None:
    """Give ``new`` — ``old`` with only ``nodes`` added, removed or changed (a patched
    snapshot, :func:`graphmap.graph.patch_graph`) — :func:`area_index` from ``old``'s,
    when that was built, instead of a scan of every node on the next analysis.  A
    node moved between areas keeps its place in neither list's order; analysis does
    not depend on the order of an area's nodes."""
    hit = _AREA_INDEX.get(old)
    if hit is None or hit[0] != old.number_of_nodes():
        return
    index: dict[str, list] = defaultdict(list, hit[1])
    copied: set = set()

    def area_list(area):
        if area not in copied:
            index[area] = list(index.get(area, ()))
            copied.add(area)
        return index[area]

    for n in nodes:
        before, after = old.nodes.get(n), new.nodes.get(n)
        was = before.get("fc_area") or before.get("area") if before is not None else None
        now = after.get("fc_area") or after.get("area") if after is not None else None
        if before is not None and (after is None or was != now):
            area_list(was).remove(n)
        if after is not None and (before is None or was != now):
            area_list(now).append(n)
    _AREA_INDEX[new] = (new.number_of_nodes(), index)


class Views:
    """Everything analysis needs about ``g``, computed once.

    ``areas`` limits the work to those areas (plus the areas above them, whose
    county-wide units serve them): only their nodes are scanned into area views and
    only links touching them are lifted, so one area of the national graph costs
    what the area costs, not what the nation does."""

    def __init__(self, g: nx.MultiDiGraph, reference: dict | None = None, today=None,
                 areas=None):
        self.g = g
        self.reference = reference
        self.today = today
        self.areas_meta = g.graph.get("areas", {})
        self.tree = area_tree(g)
        day = today.isoformat() if today is not None else None
        wanted = None
        if areas is not None:
            wanted = set(areas)
            for a in areas:
                wanted.update(self.tree.above(a))
        self.unit_of: dict[str, str] = {}
        self._alive: dict[str, bool] = {}
        self._fc: dict[str, str] = {}
        self.roles_of: dict[str, list] = defaultdict(list)
        by_area: dict[str, AreaView] = {}

        def view(area_id):
            if area_id not in by_area:
                meta = self.areas_meta.get(area_id, {})
                by_area[area_id] = AreaView(area_id, meta.get("name", area_id), views=self)
            return by_area[area_id]

        if wanted is None:
            inside = list(g)
        else:
            index = area_index(g)
            inside = [n for a in sorted(wanted) for n in index.get(a, ())]
        self.day = day
        for n in inside:
            d = g.nodes[n]
            fc = d.get("fc_area") or d.get("area")
            if d.get("kind") == NodeKind.UNIT and self.in_force(d):
                self.unit_of[n] = n
                self._fc[n] = fc
                view(fc).units.append(n)
        for n in inside:
            d = g.nodes[n]
            if d.get("kind") == NodeKind.ROLE and d.get("unit") in self.unit_of and self.in_force(d):
                self.unit_of[n] = d["unit"]
                self.roles_of[d["unit"]].append(n)
                view(self._fc[d["unit"]]).roles.append(n)
        #: every lifted link touching a unit, for "does this unit have any link" questions
        self.unit_links: dict[str, list] = defaultdict(list)
        self.cross_links: list = []
        if wanted is None:
            edges = g.edges(data=True)
        elif g.is_multigraph():  # only links touching the area, in out_edges/in_edges
            # order, read straight from the adjacency dicts as networkx's own
            # algorithms do (the edge views cost twice as much)
            mine = set(inside)
            succ, pred = g._succ, g._pred
            edges = [(u, v, d) for u in inside for v, keyed in succ[u].items()
                     for d in keyed.values()]
            edges += [(u, v, d) for v in inside for u, keyed in pred[v].items()
                      if u not in mine for d in keyed.values()]
        else:
            mine = set(inside)
            edges = list(g.out_edges(inside, data=True))
            edges += [e for e in g.in_edges(inside, data=True) if e[0] not in mine]
        owner, fc, unit_of, fc_of = self.owner, self.fc, self.unit_of, self._fc
        unit_links, cross = self.unit_links, self.cross_links
        new_link = tuple.__new__
        for u, v, d in edges:
            a = unit_of.get(u) or owner(u)
            b = unit_of.get(v) or owner(v)
            if a is None or b is None or a == b:
                continue
            if day is not None and not (self.alive(u) and self.alive(v)):
                continue  # an ended unit or role takes its links with it
            # a link that ended before today (or starts later) is not part of today's
            # network: reorganisations end old links (T:990, S:1566)
            if day is not None:
                ends, starts = d.get("valid_to"), d.get("valid_from")
                if (ends and str(ends) < day) or (starts and str(starts) > day):
                    continue
            # tuple.__new__ skips the namedtuple's Python-level __new__ (a third of
            # this loop on a 500-unit area); the fields are positional as declared
            ln = new_link(UnitLink, (a, b, d.get("kind"), d.get("volume"),
                                     u if u != a else None, v if v != b else None,
                                     d.get("id") or link_key_text(u, v, d.get("kind"))))
            unit_links[a].append(ln)
            unit_links[b].append(ln)
            fa, fb = fc_of.get(a) or fc(a), fc_of.get(b) or fc(b)
            if fa == fb and fa in by_area:
                by_area[fa].links.append(ln)
            else:
                cross.append(ln)
        self.by_area = by_area
        self._level = {}
        self._sector = {}

    def in_force(self, d: dict) -> bool:
        """Whether a node's record is valid on ``today`` (always, without a day)."""
        day = self.day
        if day is None:
            return True
        ends, starts = d.get("valid_to"), d.get("valid_from")
        return not ((ends and str(ends) < day) or (starts and str(starts) > day))

    def alive(self, node: str) -> bool:
        """A node and (for a role) its unit are both in force on ``today``."""
        found = self._alive.get(node)
        if found is None:
            d = self.g.nodes.get(node)
            found = d is not None and self.in_force(d)
            if found and d.get("kind") == NodeKind.ROLE and d.get("unit") in self.g:
                found = self.in_force(self.g.nodes[d["unit"]])
            self._alive[node] = found
        return found

    def owner(self, node: str) -> str | None:
        """The unit a node belongs to (itself for a unit), for any node of ``g``."""
        found = self.unit_of.get(node)
        if found is None:
            found = unit_of(self.g, node)
            if found is not None:
                self.unit_of[node] = found
        return found

    def fc(self, unit: str) -> str:
        found = self._fc.get(unit)
        if found is None:
            d = self.g.nodes[unit]
            found = self._fc[unit] = d.get("fc_area") or d.get("area")
        return found

    def family_centre_areas(self) -> list[str]:
        """Areas analysis reports on: family-centre areas that hold units, plus any
        unit area with no family-centre ancestor that is not an ancestor of one
        (county-wide services are counted as serving the areas below them)."""
        out = []
        ancestors = set()
        is_fc = self.tree.is_family_centre_area
        for a in self.by_area:
            if is_fc(a):
                ancestors.update(self.tree.above(a))
        for a in self.by_area:
            if is_fc(a) or (a not in ancestors and a in self.areas_meta):
                out.append(a)
        return sorted(out)

    def serving_units(self, area: str) -> list[str]:
        """Units of the area plus units attached to an area above it (county-wide)."""
        units = list(self.by_area[area].units) if area in self.by_area else []
        for anc in self.tree.above(area):
            if anc in self.by_area:
                units.extend(self.by_area[anc].units)
        return units

    def area(self, area: str) -> AreaView:
        return self.by_area[area]

    def universal_groups(self, area: str, functions: dict) -> dict[str, set[str]]:
        """The area's units grouped by universal, all-sector reference function — the
        service groups (all daycares, all neuvolas, all schools) whose referrals
        upward the funnel and silent-group findings follow."""
        universal = {f["id"] for f in self.reference.get("functions", [])
                     if f.get("level") == Level.UNIVERSAL and not f.get("sectors")}
        groups: dict[str, set[str]] = defaultdict(set)
        for u in self.area(area).units:
            for f in functions.get(u, ()):
                if f in universal:
                    groups[f].add(u)
        return groups

    def name(self, node: str) -> str:
        d = self.g.nodes[node]
        return d.get("name") or d.get("title") or d.get("label") or node

    def area_name(self, area: str) -> str:
        return self.areas_meta.get(area, {}).get("name", area)

    def sector(self, unit: str) -> str | None:
        try:
            return self._sector[unit]
        except KeyError:
            found = self._sector[unit] = self.g.nodes[unit].get("sector")
            return found

    def level(self, unit: str) -> str | None:
        try:
            return self._level[unit]
        except KeyError:
            found = self._level[unit] = self.g.nodes[unit].get("level")
            return found
