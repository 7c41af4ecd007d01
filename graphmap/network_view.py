"""The facts derived from a network's structure, in one place: the area tree and the
unit each node belongs to.

Why: analysis, search and the web all ask the same questions — which areas lie above
or below this one, which family-centre area or county an area belongs to, which unit
a role works in, what a role's link means between units — and each used to walk the
hierarchy or lift links itself, with the model's enums retyped as string literals.
One implementation keeps their answers equal.

How: :class:`AreaTree` holds the typed :class:`~graphmap.model.Area` records and
memoises each area's chain of ancestors, so every other question is a lookup in that
chain.  :func:`area_tree` gives the tree of a graph made by
:func:`graphmap.graph.build_graph`, built once with the graph (once per store
revision in the web).  :func:`unit_of` and :func:`lifted_edges` attribute roles to
their units (a link from a role is its unit's link) and :func:`roles_of` /
:func:`roles_by_unit` list a unit's roles, over the graph's node attributes (whose
``kind`` is a :class:`NodeKind`) or the records.
"""
from __future__ import annotations

from collections import defaultdict
from enum import StrEnum
from typing import Any, Iterable, Iterator, Mapping

from .model import Area, AreaKind, Role, record_from_dict

#: the area kinds a county-level question stops at (DOMAIN.md §2: region → county)
COUNTY_KINDS = frozenset({AreaKind.COUNTY, AreaKind.REGION})


class NodeKind(StrEnum):
    """What a node of the graph stands for (its ``kind`` attribute)."""

    UNIT = "unit"
    ROLE = "role"


class AreaTree:
    """The area hierarchy of one network.  Read-only: build a new tree when the areas
    change (the web builds one per store revision, with the graph)."""

    def __init__(self, areas: Mapping[str, Area]):
        self.areas: dict[str, Area] = dict(areas)
        self._up: dict[str, tuple[str, ...]] = {}
        self._children: dict[str | None, list[str]] | None = None

    def __eq__(self, other: object) -> bool:  # the same areas: the same tree
        return isinstance(other, AreaTree) and self.areas == other.areas

    __hash__ = None  # type: ignore[assignment]  # equal by value, and not immutable

    @classmethod
    def from_dicts(cls, areas: Mapping[str, Mapping[str, Any]]) -> "AreaTree":
        """The tree of areas given as :func:`graphmap.model.record_to_dict` dicts."""
        return cls({a: record_from_dict("areas", dict(d)) for a, d in areas.items()})

    def kind(self, area_id: str | None) -> AreaKind | None:
        area = self.areas.get(area_id) if area_id else None
        return area.kind if area is not None else None

    def is_family_centre_area(self, area_id: str | None) -> bool:
        return self.kind(area_id) == AreaKind.FAMILY_CENTRE_AREA

    def ancestors(self, area_id: str | None) -> tuple[str, ...]:
        """``area_id`` and every area above it, nearest first (empty for an unknown
        area; a cycle or a missing parent ends the chain)."""
        if not area_id:
            return ()
        found = self._up.get(area_id)
        if found is None:
            chain: list[str] = []
            current: str | None = area_id
            while current and current in self.areas and current not in chain:
                chain.append(current)
                current = self.areas[current].parent
            found = self._up[area_id] = tuple(chain)
        return found

    def above(self, area_id: str | None) -> tuple[str, ...]:
        """The areas above ``area_id``, nearest first (without it)."""
        return self.ancestors(area_id)[1:]

    def is_within(self, area_id: str | None, other: str) -> bool:
        """Whether ``area_id`` is ``other`` or lies below it."""
        return other in self.ancestors(area_id)

    @property
    def children(self) -> dict[str | None, list[str]]:
        """Area id → child area ids sorted by name (``None`` → the top-level areas, and
        the areas whose parent is missing)."""
        if self._children is None:
            out: dict[str | None, list[str]] = defaultdict(list)
            for area in self.areas.values():
                out[area.parent if area.parent in self.areas else None].append(area.id)
            for ids in out.values():
                ids.sort(key=lambda a: self.areas[a].name.lower())
            self._children = out
        return self._children

    def descendants(self, area_id: str) -> set[str]:
        """``area_id`` and every area below it."""
        found: set[str] = set()
        todo = [area_id]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(self.children.get(current, ()))
        return found

    def family_centre_area_of(self, area_id: str | None) -> str | None:
        """The family-centre area enclosing ``area_id`` (itself if it is one).

        Analysis runs per family-centre area; units attached to a municipality or
        district below one belong to it.  Areas with no such ancestor give their
        own id, so every unit still lands in exactly one analysis area."""
        for a in self.ancestors(area_id):
            if self.areas[a].kind == AreaKind.FAMILY_CENTRE_AREA:
                return a
        return area_id

    def county_of(self, area_id: str | None) -> str | None:
        """The nearest county or region at or above ``area_id``."""
        return next((a for a in self.ancestors(area_id) if self.areas[a].kind in COUNTY_KINDS),
                    None)

    def family_centre_areas(self, under: str | None = None) -> list[str]:
        """Family-centre areas (those at or below ``under`` if given), sorted by name."""
        out = [a.id for a in self.areas.values() if a.kind == AreaKind.FAMILY_CENTRE_AREA
               and (under is None or self.is_within(a.id, under))]
        return sorted(out, key=lambda a: self.areas[a].name.lower())


#: where :func:`graphmap.graph.build_graph` keeps a graph's tree (``g.graph[TREE]``)
TREE = "area_tree"


def area_tree(g) -> AreaTree:
    """The area tree of graph ``g``: the one built with it, or (for a graph made some
    other way) one built from ``g.graph["areas"]`` now and kept with it."""
    tree = g.graph.get(TREE)
    if tree is None:
        tree = g.graph[TREE] = AreaTree.from_dicts(g.graph.get("areas", {}))
    return tree


def unit_of(g, node: str) -> str | None:
    """The unit a node of ``g`` belongs to: itself for a unit, its unit for a role,
    ``None`` for a node not in ``g``."""
    d = g.nodes.get(node)
    if d is None:
        return None
    return d.get("unit") if d.get("kind") == NodeKind.ROLE else node


def roles_of(g, units: Iterable[str]) -> list[str]:
    """The roles of ``g`` that work in any of ``units``, in the graph's node order."""
    wanted = set(units)
    return [n for n, d in g.nodes(data=True)
            if d.get("kind") == NodeKind.ROLE and d.get("unit") in wanted]


def roles_by_unit(roles: Iterable[Role]) -> dict[str, list[str]]:
    """Unit id → the ids of its roles, in the order given."""
    out: dict[str, list[str]] = defaultdict(list)
    for role in roles:
        out[role.unit].append(role.id)
    return out


def lifted_edges(g, edges: Iterable | None = None, *,
                 owners: Mapping[str, str] | None = None
                 ) -> Iterator[tuple[str, str, str, str, dict]]:
    """Each link of ``g`` (or of ``edges``, ``(u, v, data)`` triples of ``g``) between
    two different units once roles are attributed to their units, as ``(unit_u,
    unit_v, u, v, data)``; links with an unknown end or inside one unit are left out.

    ``owners``: node → its unit, when the caller has it at hand (the search index: its
    units and their roles); a node not in it has no unit, and ``g`` is not read."""
    if owners is not None:
        get = owners.get
        for u, v, d in (g.edges(data=True) if edges is None else edges):
            a, b = get(u), get(v)
            if a is not None and b is not None and a != b:
                yield a, b, u, v, d
        return
    owner: dict[str, str | None] = {}
    for u, v, d in (g.edges(data=True) if edges is None else edges):
        a = owner[u] if u in owner else owner.setdefault(u, unit_of(g, u))
        b = owner[v] if v in owner else owner.setdefault(v, unit_of(g, v))
        if a is not None and b is not None and a != b:
            yield a, b, u, v, d
