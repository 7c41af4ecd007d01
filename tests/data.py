"""The one data module test fixtures are built from (fictional people and numbers only).

``small_network()`` is a hand-made family-centre area small enough that every
analysis answer can be worked out by hand: two areas (Koivula, Haapala) under one
county, municipal, county, NGO and parish units at all four support levels.
"""
from __future__ import annotations

import datetime as dt

from graphmap.model import (Area, AreaKind, Channel, Level, Link, LinkKind, Network,
                            Organisation, Role, Sector, Unit, UnitType)


def small_network() -> Network:
    n = Network()
    for area in (
        Area("hva", "Testin hyvinvointialue", AreaKind.COUNTY),
        Area("koivula", "Koivulan perhekeskus", AreaKind.FAMILY_CENTRE_AREA, "hva"),
        Area("koivula-kk", "Koivulan keskusta", AreaKind.DISTRICT, "koivula"),
        Area("haapala", "Haapalan perhekeskus", AreaKind.FAMILY_CENTRE_AREA, "hva"),
    ):
        n.add(area)
    for org in (
        Organisation("kunta", "Koivulan kunta", Sector.MUNICIPAL),
        Organisation("hyva", "Testin hyvinvointialue", Sector.COUNTY),
        Organisation("mll", "Koivulan perheyhdistys ry", Sector.NGO),
        Organisation("srk", "Koivulan seurakunta", Sector.PARISH),
    ):
        n.add(org)
    units = [
        Unit("neuvola", "Koivulan lastenneuvola", "hyva", "koivula-kk", level=Level.UNIVERSAL,
             services=["lastenneuvola", "terveystarkastukset", "univaikeudet"],
             phone="040 000 0101", self_referral=True, ages=(0, 6),
             channels=[Channel.PHONE, Channel.CALLBACK],
             address="Koivukuja 1, 38200 Koivula", latitude=61.337201, longitude=22.929,
             eligibility="Koivulassa asuvat odottavat perheet ja alle kouluikäisten lasten perheet",
             hours="ma–pe 8–16; ke 12–18; suljettu 24.12.; 31.12.2026 8–12"),
        Unit("paivakoti", "Päiväkoti Pihlaja", "kunta", "koivula", level=Level.UNIVERSAL,
             services=["varhaiskasvatus", "esiopetus"], ages=(1, 6), phone="040 000 0102"),
        Unit("perheohjaus", "Perheohjaus", "hyva", "koivula", level=Level.EARLY,
             services=["perheohjaus", "vanhemmuuden tuki", "eroauttaminen"], self_referral=True,
             ages=(0, 17), phone="040 000 0103", capacity=40,
             channels=[Channel.PHONE, Channel.ANONYMOUS_CONSULTATION]),
        Unit("perheneuvola", "Kasvatus- ja perheneuvola", "hyva", "koivula", level=Level.EARLY,
             services=["perheneuvola", "psykologi", "eroauttaminen"], self_referral=True,
             ages=(0, 17), email="perheneuvola@example.invalid"),
        Unit("sosiaalityo", "Lapsiperheiden sosiaalityö", "hyva", "koivula", level=Level.SPECIAL,
             services=["lapsiperheiden sosiaalityö", "palvelutarpeen arviointi"], ages=(0, 17),
             phone="040 000 0105"),
        Unit("lastensuojelu", "Lastensuojelu", "hyva", "koivula", level=Level.PROTECTION,
             services=["lastensuojelu", "avohuolto"], ages=(0, 17), phone="040 000 0106"),
        Unit("kahvila", "Perhekahvila Kohtaamo", "mll", "koivula", type=UnitType.MEETING_PLACE,
             level=Level.UNIVERSAL, services=["kohtaamispaikka", "vertaistuki"],
             self_referral=True, ages=(0, 6), channels=[Channel.WALK_IN]),
        Unit("diakonia", "Diakoniatyö", "srk", "koivula", level=Level.EARLY,
             services=["diakonia", "keskusteluapu"], self_referral=True),
        Unit("johtoryhma", "Perhekeskuksen johtoryhmä", "hyva", "koivula", type=UnitType.FORUM,
             level=Level.UNIVERSAL),
        Unit("haapala-neuvola", "Haapalan neuvola", "hyva", "haapala", level=Level.UNIVERSAL,
             services=["lastenneuvola"], ages=(0, 6), phone="040 000 0201"),
    ]
    for u in units:
        n.add(u)
    today = dt.date(2026, 11, 1)
    roles = [
        Role("th-aino", "terveydenhoitaja", "neuvola", "Aino Esimerkki", "040 000 1001",
             verified=today),
        Role("veo-mika", "varhaiskasvatuksen erityisopettaja", "paivakoti", "Mika Malli",
             "040 000 1002", verified=dt.date(2024, 5, 1)),
        Role("po-sari", "perheohjaaja", "perheohjaus", "Sari Testinen", "040 000 1003",
             "sari.testinen@example.invalid", verified=today),
        Role("psy-liisa", "psykologi", "perheneuvola", "Liisa Kuvitteellinen", verified=today,
             public=False),
        Role("sos-olli", "sosiaalityöntekijä", "sosiaalityo", "Olli Olematon", "040 000 1005",
             verified=today),
        Role("ls-kaisa", "sosiaalityöntekijä", "lastensuojelu", None, "040 000 1006"),
        Role("koord", "perhekeskuskoordinaattori", "johtoryhma", "Pekka Keksitty",
             "040 000 1007", verified=today),
    ]
    for r in roles:
        n.add(r)
    links = [
        Link("neuvola", "perheohjaus", LinkKind.REFERS, volume=30),
        Link("neuvola", "perheneuvola", LinkKind.REFERS, volume=12),
        Link("veo-mika", "perheohjaus", LinkKind.REFERS, volume=2),
        Link("perheohjaus", "sosiaalityo", LinkKind.REFERS, volume=8),
        Link("sosiaalityo", "lastensuojelu", LinkKind.REFERS, volume=5),
        Link("perheneuvola", "perheohjaus", LinkKind.CONSULTS),
        Link("po-sari", "kahvila", LinkKind.OUTREACH, frequency="monthly"),
        Link("neuvola", "perheohjaus", LinkKind.WORKS_WITH),
        Link("koord", "johtoryhma", LinkKind.MEMBER),
        Link("po-sari", "johtoryhma", LinkKind.MEMBER),
        Link("neuvola", "haapala-neuvola", LinkKind.CONSULTS, note="yhteinen lääkäri"),
    ]
    from graphmap.model import Frequency
    for link in links:
        if isinstance(link.frequency, str):
            link.frequency = Frequency(link.frequency)
        n.add(link)
    return n
