"""A whole service network (or a slice of one): every record keyed by id."""
from __future__ import annotations

from dataclasses import dataclass, field

from .enums import AreaKind, LinkKind
from .records import _SHEET_OF, RECORD_TYPES, Area, Link, Organisation, Role, Unit


@dataclass
class Network:
    """A whole service network (or a slice of one), keyed by id."""

    areas: dict[str, Area] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    links: dict[tuple[str, str, str], Link] = field(default_factory=dict)

    def add(self, record) -> None:
        """Add or replace a record (links by their (source, target, kind) key)."""
        if isinstance(record, Link):
            self.links[record.key] = record
        else:
            getattr(self, _SHEET_OF[type(record)])[record.id] = record

    def merged(self, other: "Network") -> "Network":
        """This network with ``other``'s records added or replacing ours (upsert)."""
        out = Network(**{s: dict(getattr(self, s)) for s in RECORD_TYPES})
        for sheet in RECORD_TYPES:
            getattr(out, sheet).update(getattr(other, sheet))
        return out

    def counts(self) -> dict[str, dict[str, int]]:
        """Exact counts: nodes by kind and links by kind (what ``info`` prints)."""
        links = {k.value: 0 for k in LinkKind}
        for link in self.links.values():
            links[str(link.kind)] += 1
        return {
            "nodes": {"area": len(self.areas), "organisation": len(self.organisations),
                      "unit": len(self.units), "role": len(self.roles)},
            "links": links,
        }

    def area_descendants(self, area_id: str) -> set[str]:
        """``area_id`` and every area below it."""
        children: dict[str, list[str]] = {}
        for area in self.areas.values():
            if area.parent:
                children.setdefault(area.parent, []).append(area.id)
        found, todo = set(), [area_id]
        while todo:
            current = todo.pop()
            if current in found:
                continue
            found.add(current)
            todo.extend(children.get(current, ()))
        return found

    def family_centre_area_of(self, area_id: str | None) -> str | None:
        """The family-centre area enclosing ``area_id`` (itself if it is one).

        Analysis runs per family-centre area; units attached to a municipality or
        district below one belong to it.  Areas with no such ancestor give their
        own id, so every unit still lands in exactly one analysis area."""
        seen, current = set(), area_id
        while current and current in self.areas and current not in seen:
            seen.add(current)
            if self.areas[current].kind == AreaKind.FAMILY_CENTRE_AREA:
                return current
            current = self.areas[current].parent
        return area_id
