"""A deterministic synthetic network at national scale, for benchmarks only.

What: :func:`national_network` builds a valid :class:`~graphmap.model.Network` the size
of Finland's family-centre system (DOMAIN.md §9: 21 wellbeing services counties plus
Helsinki, ~200 family-centre areas, 308 municipalities, ~500 meeting places).  At
``scale=1.0`` it has exactly

=====================  =======================================  ===========
record                 count at ``scale``                        scale 1.0
=====================  =======================================  ===========
counties               ``max(1, round(22 * scale))``             22
family-centre areas    ``max(counties, round(150 * scale))``     150
municipalities         ``max(fc_areas, round(300 * scale))``     300
units                  ``max(20 * fc_areas, round(15000*scale))`` 15,000
roles                  ``4 * units``                             60,000
links                  ``round(250000 * scale)`` (≥ 10 × units)  250,000
=====================  =======================================  ===========

(:func:`expected_counts` computes the same numbers.)  Each family-centre area gets one
forum (its leadership team); every ``member`` link points at a forum of the same county.
About nine links in ten stay inside one family-centre area, the rest cross to another
area of the same county, the way referrals to county-wide services do.

Why: import, analysis, search and web benchmarks need the same national network to
measure against the targets in issue 2 (import ≤ 2× a bare insert, ≤ 2 GB), without
shipping data.  County names are the real wellbeing services counties; everything else
(municipalities, units, people) is invented; phones are ``040 000 NNNN`` and e-mails
``@example.invalid`` (DOMAIN.md §8).

How: one seeded :class:`random.Random`, records made in a fixed order, no clock.
Run ``python benchmarks/national.py OUT_FOLDER --scale 0.1`` to write the workbook CSV
folder with :func:`graphmap.importers.export.export_workbook`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

from graphmap.model import (Area, AreaKind, Channel, Frequency, Level, Link, LinkKind, Network,
                            Organisation, Role, Sector, Unit, UnitType)

NATIONAL_SEED = 308
TODAY = dt.date(2026, 11, 1)

COUNTIES = [
    "Helsinki", "Itä-Uusimaa", "Keski-Uusimaa", "Länsi-Uusimaa", "Vantaa-Kerava",
    "Varsinais-Suomi", "Satakunta", "Kanta-Häme", "Pirkanmaa", "Päijät-Häme", "Kymenlaakso",
    "Etelä-Karjala", "Etelä-Savo", "Pohjois-Savo", "Pohjois-Karjala", "Keski-Suomi",
    "Etelä-Pohjanmaa", "Pohjanmaa", "Keski-Pohjanmaa", "Pohjois-Pohjanmaa", "Kainuu", "Lappi",
]
_STEMS = ["Koivu", "Haapa", "Pihlaja", "Kuusi", "Mänty", "Leppä", "Kivi", "Savi", "Hiekka",
          "Paju", "Kataja", "Vaahtera", "Tammi", "Saarni", "Lehmus", "Raita", "Sammal", "Kanerva"]
_ENDS = ["järvi", "joki", "lahti", "mäki", "niemi", "salo", "vaara", "koski", "kylä", "harju"]
_FIRST = ["Aino", "Anna", "Elina", "Hanna", "Johanna", "Kaisa", "Laura", "Minna", "Sari",
          "Tiina", "Antti", "Juha", "Mikko", "Pekka", "Sami", "Timo", "Ville", "Olli"]

# (key, name, sector, level, type, services, ages, role title) — what an area's units are made of
UNIT_KINDS = [
    ("neuvola", "Lastenneuvola", Sector.COUNTY, Level.UNIVERSAL, UnitType.SERVICE,
     ["lastenneuvola", "univaikeudet"], (0, 6), "terveydenhoitaja"),
    ("paivakoti", "Päiväkoti", Sector.MUNICIPAL, Level.UNIVERSAL, UnitType.SERVICE,
     ["varhaiskasvatus", "esiopetus"], (1, 6), "varhaiskasvatuksen opettaja"),
    ("koulu", "Koulu", Sector.MUNICIPAL, Level.UNIVERSAL, UnitType.SERVICE,
     ["perusopetus", "oppilashuolto"], (7, 15), "kuraattori"),
    ("kohtaamispaikka", "Perhekahvila", Sector.NGO, Level.UNIVERSAL, UnitType.MEETING_PLACE,
     ["kohtaamispaikka", "vertaistuki"], (0, 6), "järjestötyöntekijä"),
    ("seurakunta", "Seurakunnan perhetyö", Sector.PARISH, Level.UNIVERSAL, UnitType.SERVICE,
     ["perhekerho", "diakonia"], None, "diakoniatyöntekijä"),
    ("perheohjaus", "Perheohjaus", Sector.COUNTY, Level.EARLY, UnitType.SERVICE,
     ["perheohjaus", "vanhemmuuden tuki", "eroauttaminen"], (0, 17), "perheohjaaja"),
    ("perheneuvola", "Perheneuvola", Sector.COUNTY, Level.EARLY, UnitType.SERVICE,
     ["perheneuvola", "kasvatuskysymykset", "mielenterveys"], (0, 17), "psykologi"),
    ("kotipalvelu", "Kotipalvelu", Sector.COUNTY, Level.EARLY, UnitType.SERVICE,
     ["kotipalvelu", "arjen tuki"], (0, 17), "lähihoitaja"),
    ("sosiaalityo", "Lapsiperheiden sosiaalityö", Sector.COUNTY, Level.SPECIAL, UnitType.SERVICE,
     ["lapsiperheiden sosiaalityö", "taloudelliset vaikeudet"], (0, 17), "sosiaalityöntekijä"),
    ("aikuiset", "Päihde- ja mielenterveyspalvelut", Sector.COUNTY, Level.SPECIAL,
     UnitType.SERVICE, ["päihdepalvelut", "mielenterveys"], (18, 99), "sairaanhoitaja"),
    ("lastensuojelu", "Lastensuojelu", Sector.COUNTY, Level.PROTECTION, UnitType.SERVICE,
     ["lastensuojelu", "avohuolto"], (0, 17), "sosiaalityöntekijä"),
    ("psykiatria", "Lasten- ja nuorisopsykiatria", Sector.SPECIALISED, Level.SPECIAL,
     UnitType.SERVICE, ["lastenpsykiatria", "mielenterveys"], (0, 17), "psykiatri"),
    ("kela", "Kelan palvelupiste", Sector.STATE, Level.UNIVERSAL, UnitType.SERVICE,
     ["kela", "etuudet"], None, "palveluneuvoja"),
]
#: relative frequency of each unit kind in an area (daycares and schools are many)
UNIT_WEIGHTS = [8, 14, 10, 3, 3, 4, 2, 3, 3, 2, 2, 1, 1]
#: link kinds and their shares of all links
LINK_SHARES = [(LinkKind.REFERS, 0.30), (LinkKind.CONSULTS, 0.15),
               (LinkKind.WORKS_WITH, 0.15), (LinkKind.CO_LOCATED, 0.05),
               (LinkKind.OUTREACH, 0.10), (LinkKind.CONTACT, 0.10), (LinkKind.MEMBER, 0.10),
               (LinkKind.INFORMS, 0.05)]
ROLES_PER_UNIT = 4


def expected_counts(scale: float = 1.0) -> dict[str, int]:
    """The exact record counts :func:`national_network` makes at ``scale``."""
    if not scale > 0:
        raise ValueError(f"scale must be > 0, got {scale!r}")
    counties = max(1, round(22 * scale))
    areas = max(counties, round(150 * scale))
    municipalities = max(areas, round(300 * scale))
    units = max(20 * areas, round(15000 * scale))
    return {"counties": counties, "fc_areas": areas, "municipalities": municipalities,
            "units": units, "roles": ROLES_PER_UNIT * units,
            "links": max(10 * units, round(250000 * scale))}


def national_network(scale: float = 1.0, seed: int = NATIONAL_SEED) -> Network:
    """A valid synthetic national network; see the module docstring for its shape."""
    want = expected_counts(scale)
    rng = random.Random(seed)
    net = Network()
    kela = Organisation("kela", "Kela", Sector.STATE)
    net.add(kela)
    county_of_area: dict[str, str] = {}
    munis_of_area: dict[str, list[str]] = {}
    orgs_of_county: dict[str, dict[Sector, str]] = {}
    for c in range(want["counties"]):
        name = COUNTIES[c % len(COUNTIES)] + ("" if c < len(COUNTIES) else f" {c // 22 + 1}")
        cid = f"c{c:02d}"
        net.add(Area(cid, f"{name} hyvinvointialue", AreaKind.COUNTY))
        orgs = {Sector.COUNTY: f"{cid}-hva", Sector.SPECIALISED: f"{cid}-esh",
                Sector.NGO: f"{cid}-ngo", Sector.STATE: "kela"}
        net.add(Organisation(orgs[Sector.COUNTY], f"{name} hyvinvointialue", Sector.COUNTY))
        net.add(Organisation(orgs[Sector.SPECIALISED], f"{name} keskussairaala",
                             Sector.SPECIALISED))
        net.add(Organisation(orgs[Sector.NGO], f"{name} perhejärjestöt ry", Sector.NGO))
        orgs_of_county[cid] = orgs
    for a in range(want["fc_areas"]):
        cid = f"c{a % want['counties']:02d}"
        aid = f"a{a:03d}"
        net.add(Area(aid, f"Perhekeskusalue {a + 1}", AreaKind.FAMILY_CENTRE_AREA, cid))
        county_of_area[aid] = cid
        munis_of_area[aid] = []
    for m in range(want["municipalities"]):
        aid = f"a{m % want['fc_areas']:03d}"
        mid = f"m{m:03d}"
        name = _STEMS[m % len(_STEMS)] + _ENDS[(m // len(_STEMS)) % len(_ENDS)]
        if m >= len(_STEMS) * len(_ENDS):
            name += f" {m // (len(_STEMS) * len(_ENDS)) + 1}"
        net.add(Area(mid, name, AreaKind.MUNICIPALITY, aid, f"{900 + m:03d}"[-3:]))
        net.add(Organisation(f"{mid}-kunta", f"{name}n kunta", Sector.MUNICIPAL))
        net.add(Organisation(f"{mid}-srk", f"{name}n seurakunta", Sector.PARISH))
        munis_of_area[aid].append(mid)

    # units: one forum per area, the rest drawn by weight; round-robin over areas
    nodes_of_area: dict[str, list[str]] = {aid: [] for aid in county_of_area}
    forum_of_area: dict[str, str] = {}
    unit_no = 0
    area_ids = list(county_of_area)
    for aid in area_ids:
        uid = f"u{unit_no:05d}"
        unit_no += 1
        net.add(Unit(uid, f"Perhekeskuksen johtoryhmä {aid}",
                     orgs_of_county[county_of_area[aid]][Sector.COUNTY], aid, UnitType.FORUM,
                     Level.UNIVERSAL, ["perhekeskus"]))
        forum_of_area[aid] = uid
    while unit_no < want["units"]:
        aid = area_ids[unit_no % len(area_ids)]
        kind = rng.choices(UNIT_KINDS, UNIT_WEIGHTS)[0]
        key, label, sector, level, utype, services, ages, _ = kind
        mid = rng.choice(munis_of_area[aid])
        if sector == Sector.MUNICIPAL:
            org = f"{mid}-kunta"
        elif sector == Sector.PARISH:
            org = f"{mid}-srk"
        else:
            org = orgs_of_county[county_of_area[aid]][sector]
        uid = f"u{unit_no:05d}"
        net.add(Unit(uid, f"{label} {net.areas[mid].name} {unit_no}", org, mid, utype, level,
                     list(services), f"050 000 {unit_no % 10000:04d}", None,
                     level in (Level.UNIVERSAL, Level.EARLY), ages, ["fi"],
                     rng.choice([None, None, 40, 80, 120]), [Channel.PHONE]))
        nodes_of_area[aid].append(uid)
        unit_no += 1
    # roles: ROLES_PER_UNIT per unit (forums included: the area lead, secretary …)
    role_no = 0
    for unit in list(net.units.values()):
        title = next((k[7] for k in UNIT_KINDS if k[1] in unit.name), "perhekeskusalueen vastaava")
        aid = unit.area if unit.area in county_of_area else net.areas[unit.area].parent
        for _ in range(ROLES_PER_UNIT):
            rid = f"r{role_no:06d}"
            first, last = rng.choice(_FIRST), rng.choice(_STEMS) + rng.choice(_ENDS)
            days = rng.randint(0, 900)
            net.add(Role(rid, title, unit.id, f"{first} {last}",
                         f"040 000 {role_no % 10000:04d}", f"{rid}@example.invalid",
                         TODAY - dt.timedelta(days=days), rng.random() > 0.1))
            nodes_of_area[aid].append(rid)
            role_no += 1

    # links: by share of kind, mostly inside one area
    areas_of_county: dict[str, list[str]] = {}
    for aid, cid in county_of_area.items():
        areas_of_county.setdefault(cid, []).append(aid)
    kinds = [k for k, _ in LINK_SHARES]
    shares = [s for _, s in LINK_SHARES]
    freqs = list(Frequency)
    while len(net.links) < want["links"]:
        kind = rng.choices(kinds, shares)[0]
        aid = area_ids[rng.randrange(len(area_ids))]
        source = rng.choice(nodes_of_area[aid])
        far = rng.random() < 0.1
        if far:
            aid = rng.choice(areas_of_county[county_of_area[aid]])
        if kind == LinkKind.MEMBER:
            target = forum_of_area[aid]
        else:
            target = rng.choice(nodes_of_area[aid])
        if target == source:
            continue
        link = Link(source, target, kind, structural=rng.random() > 0.1)
        if kind == LinkKind.REFERS:
            link.volume = rng.randint(0, 60)
        elif kind in (LinkKind.CONSULTS, LinkKind.WORKS_WITH, LinkKind.OUTREACH,
                      LinkKind.MEMBER):
            link.frequency = rng.choice(freqs)
        net.add(link)
    return net


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the workbook CSV files")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=NATIONAL_SEED)
    args = parser.parse_args(argv)
    from graphmap.importers.export import export_workbook
    net = national_network(args.scale, args.seed)
    export_workbook(net, args.out)
    print(f"wrote {args.out}: {net.counts()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
