"""Tiny hand-built networks for analysis tests: every answer can be worked out by hand.

``tiny()`` gives a :class:`Tiny` builder: one county ``mk`` with family-centre areas
``A`` ("Alue A"), ``B``, ``D`` and ``E`` (district ``A-kk`` inside ``A``), and organisations
``mun`` (municipal), ``cty`` (county), ``ngo`` and ``par`` (parish).  Units default to a universal municipal
service in area ``A`` with a phone, so only what a test adds can trigger findings.
"""
from __future__ import annotations

import datetime as dt

import pytest

from graphmap.graph import build_graph
from graphmap.model import (Area, AreaKind, Frequency, Level, Link, LinkKind, Network,
                            Organisation, Role, Sector, Unit, UnitType, validate)

TODAY = dt.date(2026, 11, 1)


class Tiny:
    def __init__(self):
        self.net = Network()
        for area in (Area("mk", "Testimaakunta", AreaKind.COUNTY),
                     Area("A", "Alue A", AreaKind.FAMILY_CENTRE_AREA, "mk"),
                     Area("B", "Alue B", AreaKind.FAMILY_CENTRE_AREA, "mk"),
                     Area("D", "Alue D", AreaKind.FAMILY_CENTRE_AREA, "mk"),
                     Area("G", "Alue G", AreaKind.FAMILY_CENTRE_AREA, "mk"),  # ids are case-insensitive: units "e", "f"
                     Area("A-kk", "A:n keskusta", AreaKind.DISTRICT, "A")):
            self.net.add(area)
        for org in (Organisation("mun", "Kunta", Sector.MUNICIPAL),
                    Organisation("cty", "Hyvinvointialue", Sector.COUNTY),
                    Organisation("ngo", "Yhdistys ry", Sector.NGO),
                    Organisation("par", "Seurakunta", Sector.PARISH)):
            self.net.add(org)

    def unit(self, uid, level="universal", *, org="mun", area="A", name=None, services=(),
             phone="040 000 0001", type="service", **kw):
        self.net.add(Unit(uid, name or uid.capitalize(), org, area, type=UnitType(type),
                          level=Level(level), services=list(services), phone=phone, **kw))
        return self

    def units(self, *ids, **kw):
        for uid in ids:
            self.unit(uid, **kw)
        return self

    def role(self, rid, unit, title="työntekijä", **kw):
        self.net.add(Role(rid, title, unit, **kw))
        return self

    def link(self, source, target, kind="refers", **kw):
        if isinstance(kw.get("frequency"), str):
            kw["frequency"] = Frequency(kw["frequency"])
        self.net.add(Link(source, target, LinkKind(kind), **kw))
        return self

    def chain(self, *ids, kind="refers"):
        for s, t in zip(ids, ids[1:]):
            self.link(s, t, kind)
        return self

    def graph(self):
        validate(self.net)
        return build_graph(self.net)


@pytest.fixture
def tiny():
    return Tiny()


def kinds(findings, kind, **evidence):
    """Findings of one kind whose evidence matches the given fields."""
    return [f for f in findings if f["kind"] == kind
            and all(f["evidence"].get(k) == v for k, v in evidence.items())]
