"""Per-area views of the graph, built once and shared by every finding.

Why: every finding kind looks at one family-centre area (DOMAIN.md §1, §7), and the
national network has ~200 of them.  Lifting role links to units and splitting the
graph by area once — one pass over the edges — keeps whole-nation analysis linear
in the number of links instead of (areas × links).

How: roles are attributed to their unit (a link from a VEO is the daycare's link,
as :func:`graphmap.graph.unit_graph` does), then each area gets

* ``service``  – undirected simple ``nx.Graph`` of its units, every link kind except
  forum membership, forums left out (a forum is where people meet, not a service a
  family passes through; membership would make every forum a false gateway);
* ``referral`` – ``nx.DiGraph`` of refers/consults links with summed ``volume``;
* ``links``    – the lifted links themselves, for evidence.

With ``today`` given, links whose validity ended before it (or starts after it) are
left out everywhere.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from ..model import REFERRAL_KINDS, SYMMETRIC_KINDS

REFERRAL = {str(k) for k in REFERRAL_KINDS}
SYMMETRIC = {str(k) for k in SYMMETRIC_KINDS}
PUBLIC = {"municipal", "county", "specialised", "state"}
FC_KIND = "family_centre_area"


@dataclass(frozen=True)
class UnitLink:
    """A link lifted to units; ``via`` names the roles at either end (or None)."""

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
        s.add_nodes_from(u for u in self.units if g.nodes[u].get("type") != "forum")
        for ln in self.links:
            if ln.kind != "member" and ln.source in s and ln.target in s:
                s.add_edge(ln.source, ln.target)
        return s

    @cached_property
    def referral(self) -> nx.DiGraph:
        r = nx.DiGraph()
        r.add_nodes_from(self.units)
        for ln in self.links:
            if ln.kind in REFERRAL:
                if r.has_edge(ln.source, ln.target):
                    r[ln.source][ln.target]["volume"] += ln.volume or 0
                    r[ln.source][ln.target]["known"] |= ln.volume is not None
                else:
                    r.add_edge(ln.source, ln.target, volume=ln.volume or 0,
                               known=ln.volume is not None)
        return r

    @cached_property
    def directed(self) -> nx.DiGraph:
        """Simple digraph of every non-member link, symmetric kinds both ways."""
        d = nx.DiGraph()
        d.add_nodes_from(self.service)
        for ln in self.links:
            if ln.kind != "member" and ln.source in d and ln.target in d:
                d.add_edge(ln.source, ln.target)
                if ln.kind in SYMMETRIC:
                    d.add_edge(ln.target, ln.source)
        return d


class Views:
    """Everything analysis needs about ``g``, computed once."""

    def __init__(self, g: nx.MultiDiGraph, reference: dict | None = None, today=None):
        self.g = g
        self.reference = reference
        self.today = today
        day = today.isoformat() if today is not None else None
        self.areas_meta = g.graph.get("areas", {})
        self.unit_of: dict[str, str] = {}
        self.roles_of: dict[str, list] = defaultdict(list)
        by_area: dict[str, AreaView] = {}

        def view(area_id):
            if area_id not in by_area:
                meta = self.areas_meta.get(area_id, {})
                by_area[area_id] = AreaView(area_id, meta.get("name", area_id), views=self)
            return by_area[area_id]

        for n, d in g.nodes(data=True):
            if d.get("kind") == "unit":
                self.unit_of[n] = n
                view(d.get("fc_area") or d.get("area")).units.append(n)
        for n, d in g.nodes(data=True):
            if d.get("kind") == "role" and d.get("unit") in self.unit_of:
                self.unit_of[n] = d["unit"]
                self.roles_of[d["unit"]].append(n)
                view(g.nodes[d["unit"]].get("fc_area") or g.nodes[d["unit"]].get("area")).roles.append(n)
        #: every lifted link touching a unit, for "does this unit have any link" questions
        self.unit_links: dict[str, list] = defaultdict(list)
        self.cross_links: list = []
        for u, v, d in g.edges(data=True):
            a, b = self.unit_of.get(u), self.unit_of.get(v)
            if a is None or b is None or a == b:
                continue
            # a link that ended before today (or starts later) is not part of today's
            # network: reorganisations end old links (T:990, S:1566)
            if day is not None and ((d.get("valid_to") and str(d["valid_to"]) < day)
                                    or (d.get("valid_from") and str(d["valid_from"]) > day)):
                continue
            ln = UnitLink(a, b, d.get("kind"), d.get("volume"),
                          u if u != a else None, v if v != b else None, d.get("id", f"{u}>{v}"))
            self.unit_links[a].append(ln)
            self.unit_links[b].append(ln)
            fa, fb = self.fc(a), self.fc(b)
            if fa == fb:
                by_area[fa].links.append(ln)
            else:
                self.cross_links.append(ln)
        self.by_area = by_area

    def fc(self, unit: str) -> str:
        d = self.g.nodes[unit]
        return d.get("fc_area") or d.get("area")

    def family_centre_areas(self) -> list[str]:
        """Areas analysis reports on: family-centre areas that hold units, plus any
        unit area with no family-centre ancestor that is not an ancestor of one
        (county-wide services are counted as serving the areas below them)."""
        out = []
        ancestors = set()
        for a in self.by_area:
            if self.areas_meta.get(a, {}).get("kind") == FC_KIND:
                ancestors.update(self.ancestors(a))
        for a in self.by_area:
            if self.areas_meta.get(a, {}).get("kind") == FC_KIND or (
                    a not in ancestors and a in self.areas_meta):
                out.append(a)
        return sorted(out)

    def ancestors(self, area: str) -> list[str]:
        out, seen = [], {area}
        current = self.areas_meta.get(area, {}).get("parent")
        while current and current not in seen and current in self.areas_meta:
            out.append(current)
            seen.add(current)
            current = self.areas_meta[current].get("parent")
        return out

    def serving_units(self, area: str) -> list[str]:
        """Units of the area plus units attached to an area above it (county-wide)."""
        units = list(self.by_area[area].units) if area in self.by_area else []
        for anc in self.ancestors(area):
            if anc in self.by_area:
                units.extend(self.by_area[anc].units)
        return units

    def area(self, area: str) -> AreaView:
        return self.by_area[area]

    def name(self, node: str) -> str:
        d = self.g.nodes[node]
        return d.get("name") or d.get("title") or d.get("label") or node

    def area_name(self, area: str) -> str:
        return self.areas_meta.get(area, {}).get("name", area)

    def sector(self, unit: str) -> str | None:
        return self.g.nodes[unit].get("sector")

    def level(self, unit: str) -> str | None:
        return self.g.nodes[unit].get("level")
