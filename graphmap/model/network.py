"""A whole service network (or a slice of one): every record keyed by id.

What follows from its structure (the area tree, the unit of a role) is in
:mod:`graphmap.network_view`."""
from __future__ import annotations

from dataclasses import dataclass, field

from .enums import LinkKind
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
