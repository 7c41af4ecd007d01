"""The demo network: a fictional but realistic national slice built from the five sources.

What: :func:`demo_network` returns a deterministic :class:`~graphmap.model.Network`
(≈ 405 units, ≈ 740 roles, ≈ 1,650 links) modelled on the five systems of DOMAIN.md §6:

* a Päijät-Häme-like county (``ph``) with eight family-centre areas named after its
  municipalities (Lahden eteläinen and pohjoinen palvelualue, Asikkala, Hartola, Heinola,
  Sysmä, Hollola, Orimattila), its leadership structure (regional lape group, family-centre
  management team, sub-regional coordinator, area leads; PH:202, DOMAIN §6) and municipal,
  county, specialised, NGO, parish and Kela-like units;
* Sastamala–Punkalaidun (Sotesi, ``sotesi``): daycares ↔ family counselling, named contact
  persons, anonymous consultation, family day care split etelä/keskusta/länsi/pohjoinen;
* Tornio (``tornio``): Perheiden Talo meeting-place network, the one family-work team,
  school youth work, the joint home visit at age 2 (neuvola ↔ varhaiskasvatus);
* Oulu (``oulu-kaakkuri``, ``oulu-tuira``): one area coordination number with many
  ``contact`` links, a monthly area leadership team;
* a Tulevaisuuden lastensuojelu-like piece (``jarvenpaa``): a child-protection
  consultation team for young people 10–18 and a MOKE group.

Why: analysis, search and the web app need one shared network in which the problems the
sources report (DOMAIN.md §5) are really there to be found, next to healthy areas so the
findings stand out.  Planted problems (what, where, which seed line):

1. Sastamala VEO gateway (S:3725-3743): every referral from a Sastamala daycare or family
   day care unit to ``sotesi-perheohjaus`` passes through one of the four roles of
   ``sotesi-veo`` (varhaiskasvatuksen erityisopettaja) serving ~1,000 children; daycares
   only *consult* a VEO.
2. Sastamala silent source (S:112-116): the VEO → perheohjaus referrals total 2 a year
   while the neuvola sends dozens.
3. Sastamala missing link (S:3725): no link at all between ``sotesi-veo`` (or its roles)
   and ``sotesi-sosiaalityo`` (lapsiperheiden sosiaalityö).
4. Heinola and Hollola school gap (PH:298): no link between schools / ``*-opiskeluhuolto``
   (kuraattori) and ``*-perheohjaus`` / ``*-perheneuvola`` or their roles.
5. Sysmä overload (PH:529): ``sysma-perheohjaus`` has capacity 20 but ~100 referrals/year.
6. Hollola orphan meeting place (PH:567): ``hollola-kohtaamispaikka`` has no roles and no
   links — "not really anyone's job".
7. Orimattila NGO island (PH:178): its NGO and parish units link only to each other,
   never to a public-sector unit or role.
8. Hartola missing level: no early-support unit in the area; neuvola, schools and daycares
   refer straight to ``hartola-lastensuojelu`` (cases jump to child protection, T:13, O:54).
9. Asikkala long chain (S:3743-3751): daycare → VEO → neuvola → perheohjaus → perhetyö →
   lapsiperheiden sosiaalityö, ≥ 4 referral hops from universal to special support.
10. Oulu Kaakkuri adult gap (O:213-218): employment, substance-abuse/mental-health and
    adult social work are linked only among themselves, never to child and family services.
11. Stale contacts: ``*-r*`` roles verified more than 12 months before :data:`DEMO_TODAY`
    (about one in eight, plus every role of ``heinola-perheneuvola``).
12. Unreachable unit: ``orimattila-erityisnuorisotyo`` has no role, phone or e-mail.
13. Reorganisations: Tornio's three services merged into ``tornio-lapsiperhetyo`` in 2017
    (T:990; the old units' links end 2016-12-31, the team's start 2017-01-01); Sastamala's
    perheohjaus moved under perheneuvola in 2017 (S:1566); child-protection expertise left
    the Järvenpää consultation team in 2022 (TL:278).

Healthy areas for contrast: Lahden pohjoinen palvelualue, Oulu Tuira, Punkalaidun.

How: one seeded :class:`random.Random` drives every choice, records are created in a fixed
order, and dates are relative to the constant :data:`DEMO_TODAY`, so two calls give equal
networks.  People are fictional (first names + invented surnames from
``graphmap/data/demo_names.json``); phones are ``040 000 NNNN`` / ``050 000 NNNN`` and
e-mails ``@example.invalid`` only (DOMAIN.md §8).
"""
from __future__ import annotations

import datetime as dt
import json
import random
from importlib import resources

from .network_view import AreaTree
from .model import (Area, AreaKind, Channel, DataSource, Frequency, Level, Link, LinkKind,
                    Network, Organisation, Role, Sector, Unit, UnitType)

#: The fixed "today" of the demo: verified dates are relative to it.  Analysis of the demo
#: network should use it as its reference date (e.g. for stale contacts).
DEMO_TODAY = dt.date(2026, 11, 1)
DEMO_SEED = 20261101
#: A contact verified longer ago than this is stale (DOMAIN.md §2: "last verified").
STALE_AFTER_DAYS = 365

_E = Level.EARLY
_U = Level.UNIVERSAL
_S = Level.SPECIAL
_P = Level.PROTECTION
REORG_DATE = dt.date(2017, 1, 1)
REORG_END = dt.date(2016, 12, 31)

_DAYCARE_NAMES = ["Pihlaja", "Kielo", "Satakieli", "Peikkometsä", "Tähkä", "Sinisiipi",
                  "Mustikka", "Vaahtera", "Tuulenpesä", "Leppäkerttu", "Kanerva", "Myyrä",
                  "Mesikämmen", "Koivikko", "Puolukka", "Aurinkorinne", "Kuusikko", "Nuppu"]


def _names() -> dict:
    text = resources.files("graphmap").joinpath("data/demo_names.json").read_text("utf-8")
    return json.loads(text)


class _Builder:
    """Creates records in a fixed order with seeded choices (see module docstring)."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.net = Network()
        self.names = _names()
        self._role_phone = 0
        self._unit_phone = 0
        self._emails: set[str] = set()

    # -- records -----------------------------------------------------------------
    def area(self, id, name, kind, parent=None, code=None):
        self.net.add(Area(id, name, AreaKind(kind), parent, code))
        return id

    def org(self, id, name, sector):
        self.net.add(Organisation(id, name, Sector(sector),
                                  f"https://{id}.example.invalid"))
        return id

    def unit(self, id, name, org, area, level=_U, services=(), *, type=UnitType.SERVICE,
             ages=None, self_referral=False, channels=(Channel.PHONE,), roles=(),
             phone=True, email=False, capacity=None, languages=("fi",), address=None,
             description=None, stale=False, valid_to=None, hub=False):
        if phone is True:
            self._unit_phone += 1
            phone = f"050 000 {self._unit_phone:04d}"
        if email is True:
            email = f"{id}@example.invalid"
        self.net.add(Unit(id, name, org, area, type, level, list(services), phone or None,
                          email or None, self_referral, ages, list(languages), capacity,
                          list(channels), address, description, valid_to=valid_to, hub=hub))
        for n, title in enumerate(roles, 1):
            self.role(f"{id}-r{n}", title, id, stale=stale)
        return id

    def person(self, swedish=False):
        first = self.rng.choice(self.names["first_names_sv" if swedish else "first_names"])
        last = self.rng.choice(self.names["surname_stems"]) + self.rng.choice(
            self.names["surname_endings"])
        return first, last

    def role(self, id, title, unit, *, stale=False, person=True):
        rng = self.rng
        self._role_phone += 1
        prefix = "040" if self._role_phone % 3 else "050"
        phone = f"{prefix} 000 {self._role_phone:04d}"
        name = email = None
        if person and rng.random() > 0.06:  # a few vacant posts: the role stays, no person
            swedish = "sv" in self.net.units[unit].languages and rng.random() < 0.6
            first, last = self.person(swedish)
            name = f"{first} {last}"
            base = f"{first}.{last}".lower().translate(str.maketrans("äöå", "aoa"))
            email, n = f"{base}@example.invalid", 2
            while email in self._emails:
                email, n = f"{base}{n}@example.invalid", n + 1
            self._emails.add(email)
        draw = rng.random()
        if stale or draw < 0.12:
            verified = DEMO_TODAY - dt.timedelta(days=rng.randint(400, 1100))
        elif draw < 0.17:
            verified = None
        else:
            verified = DEMO_TODAY - dt.timedelta(days=rng.randint(0, 330))
        public = rng.random() > 0.1
        self.net.add(Role(id, title, unit, name, phone, email, verified, public))
        return id

    def roles_of(self, unit):
        return [r.id for r in self.net.roles.values() if r.unit == unit]

    def link(self, source, target, kind, **kw):
        if isinstance(kw.get("frequency"), str):
            kw["frequency"] = Frequency(kw["frequency"])
        kw["data_source"] = DataSource(kw.get("data_source", "survey"))
        self.net.add(Link(source, target, LinkKind(kind), **kw))

    def refers(self, source, target, low=2, high=30, **kw):
        self.link(source, target, "refers", volume=self.rng.randint(low, high), **kw)


# ------------------------------------------------------------------ one area


def _family_centre_area(b: _Builder, key: str, title: str, *, county_org: str,
                        muni_org: str, ngo_org: str, parish_org: str, districts: list[str],
                        daycares: int, flags: frozenset = frozenset(),
                        forum_name: str | None = None, languages=("fi",)) -> dict:
    """Build one family-centre area's units, roles and links; return the unit ids by kind.

    ``districts`` are area ids under the family-centre area; neuvolas, daycares and
    schools are spread over them.  ``flags`` switch the planted problems on (module
    docstring): no_early, school_gap, ngo_island, overload, long_chain, adult_gap."""
    rng = b.rng
    u = {}
    area = key
    langs = list(languages)

    def dname(d):
        return b.net.areas[d].name

    # universal level -------------------------------------------------------------
    u["neuvola"] = []
    for i, d in enumerate(districts[: max(1, len(districts) - 1)], 1):
        u["neuvola"].append(b.unit(
            f"{key}-neuvola-{i}", f"Lastenneuvola, {dname(d)}", county_org, d, _U,
            ["lastenneuvola", "äitiysneuvola", "terveystarkastukset", "univaikeudet",
             "imetysohjaus", "vanhemmuuden tuki"], ages=(0, 6), self_referral=True,
            channels=[Channel.PHONE, Channel.CALLBACK], languages=langs,
            roles=["terveydenhoitaja", "terveydenhoitaja", "lääkäri"][: 2 + (i == 1)]))
    u["daycare"] = []
    names = rng.sample(_DAYCARE_NAMES, daycares)
    for i, nm in enumerate(names, 1):
        d = districts[(i - 1) % len(districts)]
        u["daycare"].append(b.unit(
            f"{key}-paivakoti-{i}", f"Päiväkoti {nm}", muni_org, d, _U,
            ["varhaiskasvatus", "esiopetus"] if i % 2 else ["varhaiskasvatus"], ages=(1, 6),
            capacity=rng.choice([60, 80, 100, 120]) if i % 3 == 0 else None,
            roles=["päiväkodin johtaja", "varhaiskasvatuksen opettaja"], languages=langs))
    u["veo"] = b.unit(f"{key}-veo", f"Varhaiskasvatuksen erityisopettajat, {title}", muni_org,
                      area, _U, ["varhaiskasvatuksen erityisopetus", "kasvun tuki"],
                      ages=(1, 6), roles=["varhaiskasvatuksen erityisopettaja"] * 2,
                      type=UnitType.TEAM)
    u["school"] = []
    for i, d in enumerate(districts, 1):
        u["school"].append(b.unit(
            f"{key}-koulu-{i}", f"Peruskoulu, {dname(d)}", muni_org, d, _U,
            ["perusopetus", "koulunkäynnin tuki"], ages=(7, 15),
            roles=["rehtori", "luokanopettaja"], languages=langs))
    u["opiskeluhuolto"] = b.unit(
        f"{key}-opiskeluhuolto", f"Opiskeluhuolto, {title}", county_org, area, _U,
        ["opiskeluhuolto", "kuraattori", "koulupsykologi", "mielenterveys", "kiusaaminen"],
        ages=(7, 18), self_referral=True, channels=[Channel.PHONE, Channel.CHAT],
        roles=["kuraattori", "kuraattori", "koulupsykologi"], type=UnitType.TEAM)
    u["nuoriso"] = b.unit(f"{key}-nuorisotyo", f"Nuorisotyö, {title}", muni_org, area, _U,
                          ["nuorisotyö", "etsivä nuorisotyö", "harrastukset"], ages=(12, 28),
                          self_referral=True, roles=["nuoriso-ohjaaja"],
                          channels=[Channel.PHONE, Channel.WALK_IN, Channel.CHAT])
    u["kohtaamispaikka"] = b.unit(
        f"{key}-perhekahvila", f"Perhekahvila, {title}", ngo_org, area, _U,
        ["kohtaamispaikka", "perhekahvila", "vertaistuki", "vauvakahvila"], ages=(0, 6),
        self_referral=True, channels=[Channel.WALK_IN], type=UnitType.MEETING_PLACE,
        roles=["järjestötyöntekijä"], phone=False)
    u["seurakunta"] = b.unit(
        f"{key}-seurakunta", f"Seurakunnan perhetoiminta, {title}", parish_org, area, _U,
        ["perhekerho", "diakonia", "keskusteluapu", "taloudelliset vaikeudet"],
        self_referral=True, channels=[Channel.PHONE, Channel.WALK_IN],
        roles=["diakoniatyöntekijä", "lastenohjaaja"])
    u["tyollisyys"] = b.unit(f"{key}-tyollisyys", f"Työllisyyspalvelut, {title}", muni_org,
                             area, _U, ["työllisyys", "työnhaku"], ages=(17, 64),
                             self_referral=True, roles=["työllisyysohjaaja"])
    # early support -----------------------------------------------------------------
    if "no_early" not in flags:
        cap = 20 if "overload" in flags else rng.choice([40, 60, 80])
        u["perheohjaus"] = b.unit(
            f"{key}-perheohjaus", f"Perheohjaus, {title}", county_org, area, _E,
            ["perheohjaus", "vanhemmuuden tuki", "kasvatuskysymykset", "univaikeudet",
             "eroauttaminen", "arjen tuki"], ages=(0, 17), self_referral=True,
            channels=[Channel.PHONE, Channel.ANONYMOUS_CONSULTATION, Channel.CALLBACK],
            capacity=cap, roles=["perheohjaaja"] * (2 if "overload" in flags else 3),
            email=True, languages=langs)
        u["perheneuvola"] = b.unit(
            f"{key}-perheneuvola", f"Kasvatus- ja perheneuvola, {title}", county_org, area, _E,
            ["perheneuvola", "kasvatuskysymykset", "eroauttaminen", "mielenterveys",
             "psykologinen tutkimus"], ages=(0, 17), self_referral=True,
            channels=[Channel.PHONE, Channel.CALLBACK],
            roles=["psykologi", "perheneuvolan sosiaalityöntekijä"],
            stale="stale_perheneuvola" in flags, languages=langs)
        u["kotipalvelu"] = b.unit(
            f"{key}-kotipalvelu", f"Lapsiperheiden kotipalvelu, {title}", county_org, area, _E,
            ["kotipalvelu", "arjen tuki", "vanhemmuuden tuki"], ages=(0, 17),
            self_referral=True, roles=["lähihoitaja", "lähihoitaja"],
            channels=[Channel.PHONE, Channel.HOME_VISIT], capacity=rng.choice([30, 50]))
        u["perhetyo"] = b.unit(
            f"{key}-perhetyo", f"Perhetyö (SHL), {title}", county_org, area, _E,
            ["perhetyö", "vanhemmuuden tuki", "arjen tuki", "kasvatuskysymykset"],
            ages=(0, 17), roles=["perhetyöntekijä", "perhetyöntekijä"],
            channels=[Channel.PHONE, Channel.HOME_VISIT])
    # special support and child protection -----------------------------------------------
    u["sosiaalityo"] = b.unit(
        f"{key}-sosiaalityo", f"Lapsiperheiden sosiaalityö, {title}", county_org, area, _S,
        ["lapsiperheiden sosiaalityö", "palvelutarpeen arviointi", "taloudelliset vaikeudet"],
        ages=(0, 17), roles=["sosiaalityöntekijä", "sosiaaliohjaaja"])
    u["lastensuojelu"] = b.unit(
        f"{key}-lastensuojelu", f"Lastensuojelun avohuolto, {title}", county_org, area, _P,
        ["lastensuojelu", "avohuolto", "tehostettu perhetyö"], ages=(0, 17),
        roles=["sosiaalityöntekijä", "sosiaalityöntekijä", "perhetyöntekijä"])
    # adult services (O:213-218) --------------------------------------------------------
    u["aikuissos"] = b.unit(
        f"{key}-aikuissosiaalityo", f"Aikuissosiaalityö, {title}", county_org, area, _S,
        ["aikuissosiaalityö", "taloudelliset vaikeudet", "asuminen"], ages=(18, 99),
        roles=["sosiaalityöntekijä"])
    u["paihde"] = b.unit(
        f"{key}-paihde-mt", f"Päihde- ja mielenterveyspalvelut, {title}", county_org, area, _S,
        ["päihdepalvelut", "mielenterveys", "riippuvuudet"], ages=(18, 99), self_referral=True,
        channels=[Channel.PHONE, Channel.WALK_IN], roles=["sairaanhoitaja", "psykiatrinen sairaanhoitaja"])
    # the area's own forum -------------------------------------------------------------
    u["forum"] = b.unit(
        f"{key}-tiimi", forum_name or f"Perhekeskusalueen tiimi, {title}", county_org, area, _U,
        ["perhekeskus", "yhteistyö"], type=UnitType.FORUM, phone=False,
        roles=["perhekeskusalueen vastaava"])
    _area_links(b, u, flags)
    return u


def _area_links(b: _Builder, u: dict, flags: frozenset) -> None:
    """The links of a standard area, minus whatever ``flags`` plant as missing."""
    rng, R = b.rng, b.roles_of
    early = "no_early" not in flags
    vol = 2 if "overload" in flags else 1  # piles more referrals on the one team
    chain = "long_chain" in flags
    # daycares: consult the VEO, tell the neuvola (vasu form, T:704)
    for d in u["daycare"]:
        veo = rng.choice(R(u["veo"]))
        b.link(d, veo, "consults", frequency="monthly")
        b.link(d, rng.choice(u["neuvola"]), "informs", note="vasu-lomake neuvolaan")
        b.link(R(d)[0], u["veo"], "contact")
        if early and not chain:
            b.link(d, rng.choice(R(u["perheohjaus"])), "contact", note="nimetty perheohjaaja")
            if "school_gap" not in flags:
                b.link(rng.choice(R(u["perheohjaus"])), d, "outreach", frequency="monthly")
        if not early:
            b.refers(d, u["lastensuojelu"], 1, 3, note="ei varhaisen tuen palvelua alueella")
    for v in R(u["veo"]):
        if chain:
            b.refers(v, u["neuvola"][0], 2, 6)
        elif early:
            b.refers(v, u["perheohjaus"], 2 * vol, 10 * vol)
        b.link(v, u["forum"], "member")
    # neuvola
    for i, n in enumerate(u["neuvola"]):
        if early:
            b.refers(n, u["perheohjaus"], 10 * vol, 30 * vol)
            if not chain:
                b.refers(n, u["perheneuvola"], 3, 12)
                b.refers(n, u["kotipalvelu"], 5, 20)
            b.link(n, u["perhetyo"], "works_with", frequency="monthly")
            b.link(R(n)[0], rng.choice(R(u["perheohjaus"])), "contact")
        else:
            b.refers(n, u["lastensuojelu"], 3, 8, note="ei varhaisen tuen palvelua alueella")
        if "ngo_island" not in flags:
            b.link(n, u["kohtaamispaikka"], "outreach", frequency="monthly")
        if not chain:
            b.refers(n, u["sosiaalityo"], 1, 5)
        b.link(R(n)[0], u["forum"], "member")
        if i == 0 and "ngo_island" not in flags:
            b.link(n, u["seurakunta"], "informs", note="perhekerhojen tiedot")
    # schools and student welfare (PH:298)
    oh = u["opiskeluhuolto"]
    for i, s in enumerate(u["school"]):
        b.link(s, oh, "consults", frequency="weekly")
        b.link(rng.choice(R(oh)), s, "outreach", frequency="weekly")
        b.link(u["nuoriso"], s, "outreach", frequency="monthly", structural=i % 2 == 0)
        if not early:
            b.refers(s, u["lastensuojelu"], 1, 4)
    if early and "school_gap" not in flags:
        kur = R(oh)[0]
        b.refers(kur, u["perheohjaus"], 4, 15)
        b.refers(oh, u["perheneuvola"], 3, 10)
        b.link(R(u["perheohjaus"])[0], u["school"][0], "outreach", frequency="monthly")
        b.link(kur, R(u["perheneuvola"])[0], "consults", frequency="monthly")
    if not chain:
        b.refers(oh, u["sosiaalityo"], 1, 6)
    b.link(R(oh)[0], u["forum"], "member")
    # early support
    if early:
        po, pn, kp, pt = u["perheohjaus"], u["perheneuvola"], u["kotipalvelu"], u["perhetyo"]
        if chain:
            b.refers(po, pt, 4, 10)
            b.refers(pt, u["sosiaalityo"], 2, 8)
        else:
            b.refers(po, u["sosiaalityo"], 3, 10)
            b.refers(po, pt, 3, 8)
            b.refers(pn, u["sosiaalityo"], 1, 5)
            b.refers(kp, pt, 2, 6)
        b.link(po, pn, "works_with", frequency="weekly")
        b.link(po, pn, "co_located")
        b.link(u["neuvola"][0], pn, "co_located")
        b.link(kp, pt, "works_with", frequency="weekly")
        if "ngo_island" not in flags:
            b.link(rng.choice(R(po)), u["kohtaamispaikka"], "outreach", frequency="monthly")
        if "overload" in flags:
            b.refers(u["sosiaalityo"], po, 8, 8, note="palvelutarpeen arvioinnin jälkeen")
        for r in (R(po)[0], R(pn)[0], R(pt)[0]):
            b.link(r, u["forum"], "member")
        b.refers(u["sosiaalityo"], kp, 2, 6)
    b.refers(u["sosiaalityo"], u["lastensuojelu"], 3, 12)
    b.link(u["lastensuojelu"], u["sosiaalityo"], "works_with", frequency="weekly")
    b.link(R(u["sosiaalityo"])[0], u["forum"], "member")
    b.link(R(u["lastensuojelu"])[0], u["sosiaalityo"], "contact")
    # adult services (O:213-218)
    a, p, t = u["aikuissos"], u["paihde"], u["tyollisyys"]
    b.refers(t, a, 3, 12)
    b.refers(a, p, 2, 10)
    b.link(p, a, "consults", frequency="monthly")
    if "adult_gap" not in flags:
        b.refers(a, u["sosiaalityo"], 1, 6, note="asiakkaalla alaikäisiä lapsia")
        b.link(p, u["sosiaalityo"], "consults", frequency="occasional")
        b.link(R(a)[0], u["forum"], "member")
        if early:
            b.refers(p, u["perheohjaus"], 1, 4)
    # NGO and parish (PH:178)
    kah, srk = u["kohtaamispaikka"], u["seurakunta"]
    b.link(srk, kah, "works_with", frequency="weekly")
    b.link(R(srk)[0], kah, "outreach", frequency="monthly")
    if "ngo_island" not in flags:
        b.link(R(kah)[0], u["forum"], "member")
        b.link(R(srk)[0], u["forum"], "member")
        b.link(kah, u["neuvola"][0], "works_with", frequency="monthly")
        b.refers(srk, u["sosiaalityo"], 1, 3, note="taloudelliset vaikeudet")
        if early:
            b.refers(kah, u["perheohjaus"], 1, 5, structural=False)
    b.link(R(u["nuoriso"])[0], u["forum"], "member")
    if "adult_gap" not in flags:
        b.link(t, u["nuoriso"], "works_with", frequency="monthly",
               note="nuorten työllistyminen")


# ----------------------------------------------------------------------- the network


def demo_network(seed: int = DEMO_SEED) -> Network:
    """The demo network (see the module docstring for contents and planted problems)."""
    b = _Builder(seed)
    _paijat_hame(b)
    _sotesi(b)
    _tornio(b)
    _oulu(b)
    _jarvenpaa(b)
    _case_only_links(b)
    _fit_capacities(b.net, planted={"sysma-perheohjaus"})
    _urgent_and_front_doors(b)
    _places_and_hours(b.net, seed)
    return b.net


#: county id → (organisation id, family-centre areas in it)
_COUNTIES = {
    "ph": ("phhva", ["lahti-etela", "lahti-pohjoinen", "asikkala", "hartola", "heinola", "sysma",
                     "hollola", "orimattila"]),
    "pirkanmaa": ("sotesi-org", ["sotesi"]),
    "lappi": ("lappi-org", ["tornio"]),
    "pohjois-pohjanmaa": ("pohde", ["oulu-kaakkuri", "oulu-tuira"]),
    "keski-uusimaa": ("keusote", ["jarvenpaa"]),
}


def _urgent_and_front_doors(b: _Builder) -> None:
    """Every county's round-the-clock doors and every area's front door (issue 9).

    Every wellbeing services county runs social emergency services round the clock
    (Social Welfare Act 1301/2014 § 29 a) and a health emergency service for acute
    psychiatric help (DOMAIN.md §10); "who do I call" must find them for an urgent worry
    in every area.  Every family-centre area gets one number to call when the worker
    does not know whom to call (Oulu's coordination number, O:243) — the answer to a
    query that is not understood.  Built last, so the records made before keep their
    seeded choices; only units and links are added."""
    net = b.net
    for county, (org, areas) in _COUNTIES.items():
        sos = f"{county}-sospaivystys"
        if sos not in net.units:
            b.unit(sos, "Sosiaali- ja kriisipäivystys", org, county, _P,
                   ["sosiaalipäivystys", "kriisiapu", "väkivalta"], self_referral=True,
                   channels=[Channel.PHONE], roles=["sosiaalityöntekijä", "sosiaaliohjaaja"],
                   description="Kiireellinen sosiaalityö ympäri vuorokauden; virka-ajan "
                               "ulkopuolella hätänumeron kautta.")
            for key in areas:
                b.link(f"{key}-sosiaalityo", sos, "works_with", frequency="occasional")
                b.link(sos, f"{key}-lastensuojelu", "informs", note="päivystysilmoitukset")
        er = b.unit(f"{county}-paivystys", "Yhteispäivystys (myös psykiatrinen päivystys)", org,
                    county, _S, ["päivystys", "psykiatrinen päivystys", "kriisiapu"],
                    self_referral=True, channels=[Channel.PHONE, Channel.WALK_IN],
                    roles=["päivystyksen sairaanhoitaja"],
                    description="Terveydenhuollon päivystys ympäri vuorokauden; akuutti "
                                "psykiatrinen apu.")
        b.link(er, sos, "works_with", frequency="weekly")
        # a shelter for violence at home, county-wide and open round the clock (fictional
        # NGO; shelters are state-funded and take families directly, 1354/2014)
        shelter = f"{county}-turvakoti"
        if shelter not in net.units:
            shelter_org = f"{county}-majakka-ry"
            if shelter_org not in net.organisations:
                b.org(shelter_org, "Turvakotiyhdistys Majakka ry", "ngo")
            b.unit(shelter, "Turvakoti Majakka", shelter_org, county, _S,
                   ["turvakoti", "väkivalta", "kriisiapu"], self_referral=True,
                   channels=[Channel.PHONE], roles=["turvakodin ohjaaja"],
                   description="Turvakoti väkivaltaa kokeneille ja lapsille ympäri "
                               "vuorokauden; yhteyden voi ottaa suoraan.")
            b.link(sos, shelter, "works_with", frequency="occasional")
        for key in areas:
            if any(f"{key}-{suffix}" in net.units for suffix in ("koordinaatio", "palveluohjaus")):
                continue
            title = net.areas[key].name
            door = b.unit(f"{key}-palveluohjaus", f"Perhekeskuksen palveluohjaus, {title}", org,
                          key, _U, ["palveluohjaus", "neuvonta", "huoli"], self_referral=True,
                          channels=[Channel.PHONE, Channel.CALLBACK], type=UnitType.TEAM,
                          roles=["palveluohjaaja"],
                          description="Yksi numero, kun ei tiedä kenelle soittaa: ohjaa "
                                      "oikeaan palveluun.")
            for target in (f"{key}-perheohjaus", f"{key}-sosiaalityo"):
                if target in net.units:
                    b.link(door, target, "refers", volume=b.rng.randint(2, 10))
            b.link(b.roles_of(door)[0], f"{key}-tiimi", "member", frequency="monthly")


def _districts(b, parent, names, prefix):
    return [b.area(f"{prefix}-{i}", nm, "district", parent) for i, nm in enumerate(names, 1)]


def _paijat_hame(b: _Builder) -> None:
    """A Päijät-Häme-like county (PH:202, PH:691; DOMAIN §6)."""
    b.area("ph", "Päijät-Hämeen hyvinvointialue", "county")
    hva = b.org("phhva", "Päijät-Hämeen hyvinvointialue", "county")
    esh = b.org("ph-esh", "Päijät-Hämeen keskussairaala", "specialised")
    ensi = b.org("ensikoti-ry", "Lahden seudun Ensi- ja turvakoti ry", "ngo")
    pela = b.org("ph-pelastakaa", "Pelastakaa Lapset ry, Etelä-Suomen aluetoimisto", "ngo")
    h4 = b.org("ph-4h-piiri", "Päijät-Hämeen 4H-piiri ry", "ngo")
    mll = b.org("mll-ph-piiri", "MLL:n Päijät-Hämeen piiri ry", "ngo")
    kela = b.org("kela", "Kela", "state")
    county_units = {  # noqa: F841 (b.unit registers each unit; the dict only names them)
        "ph-lanupsy": b.unit("ph-lanupsy", "Lasten- ja nuorisopsykiatria", esh, "ph", _S,
                             ["lastenpsykiatria", "nuorisopsykiatria", "mielenterveys"],
                             ages=(0, 17), roles=["lastenpsykiatri", "psykiatrinen sairaanhoitaja",
                                                  "psykologi"]),
        "ph-sospaivystys": b.unit("ph-sospaivystys", "Sosiaali- ja kriisipäivystys", hva, "ph",
                                  _P, ["sosiaalipäivystys", "kriisiapu", "väkivalta"],
                                  self_referral=True, channels=[Channel.PHONE],
                                  roles=["sosiaalityöntekijä", "sosiaaliohjaaja"]),
        "ph-ensikoti": b.unit("ph-ensikoti", "Ensikoti ja avopalvelut", ensi, "ph", _S,
                              ["päihdepalvelut", "vauvaperhetyö", "väkivalta", "eroauttaminen"],
                              ages=(0, 3), self_referral=True, roles=["perheterapeutti",
                                                                      "ohjaaja"]),
        "ph-eroauttaminen": b.unit("ph-eroauttaminen", "Eroauttamisen palvelut", ensi, "ph", _E,
                                   ["eroauttaminen", "vertaistuki", "vanhemmuuden tuki"],
                                   self_referral=True, channels=[Channel.PHONE, Channel.CHAT],
                                   roles=["eroneuvoja"]),
        "ph-tukiperhe": b.unit("ph-tukiperhe", "Tukiperhetoiminta", pela, "ph", _E,
                               ["tukiperhe", "vertaistuki", "lastensuojelu"], ages=(0, 17),
                               roles=["sosiaaliohjaaja"]),
        "ph-4h": b.unit("ph-4h", "Nuorten työllistäminen ja kerhot", h4, "ph", _U,
                        ["nuorten työllistyminen", "kerhot", "harrastukset"], ages=(10, 28),
                        self_referral=True, roles=["toiminnanjohtaja"]),
        "ph-mll": b.unit("ph-mll", "Vapaaehtoistoiminta ja perhekahvilat", mll, "ph", _U,
                         ["vertaistuki", "perhekahvila", "lastenhoitoapu"], self_referral=True,
                         roles=["järjestöagentti"]),
        "ph-kela": b.unit("ph-kela", "Kelan palvelupiste, Lahti", kela, "ph", _U,
                          ["kela", "etuudet", "taloudelliset vaikeudet"], self_referral=True,
                          channels=[Channel.PHONE, Channel.WEB, Channel.WALK_IN],
                          roles=["palveluneuvoja"]),
        "ph-lape": b.unit("ph-lape", "Maakunnallinen lape-yhteistyöryhmä", hva, "ph", _U,
                          ["lape", "yhteistyö"], type=UnitType.FORUM, phone=False,
                          roles=["puheenjohtaja"]),
        "ph-johtotiimi": b.unit("ph-johtotiimi", "Perhekeskuksen johtotiimi", hva, "ph", _U,
                                ["perhekeskus", "johtaminen"], type=UnitType.FORUM, phone=False,
                                roles=["perhekeskuskoordinaattori (seutukoordinaattori)"]),
    }
    # leadership structure: coordinator in the lape group, NGOs at the table
    b.link("ph-johtotiimi-r1", "ph-lape", "member", frequency="quarterly")
    for nm in ("ph-ensikoti", "ph-mll", "ph-tukiperhe"):
        b.link(b.roles_of(nm)[0], "ph-lape", "member", frequency="quarterly")
    b.link("ph-lanupsy-r1", "ph-lape", "member", frequency="quarterly")

    areas = [  # key, name, municipality (name, code) or None for Lahti, districts, daycares, flags
        ("lahti-etela", "Lahden eteläinen palvelualue", None,
         ["Jalkaranta", "Laune", "Kärpänen", "Renkomäki"], 8, set()),
        ("lahti-pohjoinen", "Lahden pohjoinen palvelualue", None,
         ["Mukkula", "Kiveriö", "Ahtiala", "Tonttila"], 8, set()),
        ("asikkala", "Asikkalan perhekeskusalue", ("Asikkala", "016"),
         ["Vääksy", "Vesivehmaa", "Kalkkinen"], 4, {"long_chain"}),
        ("hartola", "Hartolan perhekeskusalue", ("Hartola", "081"),
         ["Hartolan kirkonkylä", "Koitti"], 2, {"no_early"}),
        ("heinola", "Heinolan perhekeskusalue", ("Heinola", "111"),
         ["Heinolan keskusta", "Tommola", "Vierumäki"], 5, {"school_gap", "stale_perheneuvola"}),
        ("sysma", "Sysmän perhekeskusalue", ("Sysmä", "781"),
         ["Sysmän kirkonkylä", "Nuoramoinen"], 2, {"overload"}),
        ("hollola", "Hollolan perhekeskusalue", ("Hollola", "098"),
         ["Salpakangas", "Hälvälä", "Kukkila"], 5, {"school_gap"}),
        ("orimattila", "Orimattilan perhekeskusalue", ("Orimattila", "560"),
         ["Orimattilan keskusta", "Artjärvi", "Pennala"], 4, {"ngo_island"}),
    ]
    built = {}
    for key, name, muni, districts, daycares, flags in areas:
        b.area(key, name, "family_centre_area", "ph")
        if muni:
            parent = b.area(f"{key}-kunta", muni[0], "municipality", key, muni[1])
            muni_org = b.org(f"{key}-kunta-org", f"{muni[0]}n kunta", "municipal")
        else:
            parent = key
            muni_org = "lahti-kunta-org"
            if muni_org not in b.net.organisations:
                b.org(muni_org, "Lahden kaupunki", "municipal")
        parish = f"{key}-srk"
        b.org(parish, f"{muni[0] if muni else 'Lahde'}n seurakunta", "parish")
        ds = _districts(b, parent, districts, key)
        built[key] = _family_centre_area(
            b, key, muni[0] if muni else name, county_org=hva, muni_org=muni_org,
            ngo_org=mll, parish_org=parish, districts=ds, daycares=daycares,
            flags=frozenset(flags))
    # county-level links: area leads sit in the management team, forums in the lape group
    for key, u in built.items():
        lead = b.roles_of(u["forum"])[0]
        b.link(lead, "ph-johtotiimi", "member", frequency="monthly")
        b.link(u["sosiaalityo"], "ph-sospaivystys", "works_with", frequency="occasional")
        b.link("ph-sospaivystys", u["lastensuojelu"], "informs", note="päivystysilmoitukset")
        if "perheneuvola" in u:
            b.refers(u["perheneuvola"], "ph-lanupsy", 2, 8)
            b.link("ph-lanupsy", u["perheneuvola"], "consults", frequency="monthly")
            b.refers(u["perheneuvola"], "ph-eroauttaminen", 1, 6)
        b.refers(u["lastensuojelu"], "ph-tukiperhe", 1, 4)
        b.link("ph-kela", u["sosiaalityo"], "informs")
        if key != "orimattila":  # PH:178: Orimattila's NGOs are an island
            b.link("ph-mll-r1", u["kohtaamispaikka"], "outreach", frequency="monthly")
    b.refers("lahti-etela-neuvola-1", "ph-ensikoti", 2, 6)
    b.link("ph-ensikoti", "ph-lanupsy", "consults", frequency="occasional")
    b.link("ph-4h", "lahti-etela-tyollisyys", "works_with", frequency="monthly")
    b.link("ph-4h", "lahti-pohjoinen-nuorisotyo", "works_with", frequency="monthly")
    # Lahti south pilot: Jalkaranta, Monitoimitalo Jalo (DOMAIN §6)
    jalo = b.unit("lahti-etela-jalo", "Monitoimitalo Jalo", "lahti-kunta-org", "lahti-etela-1",
                  _U, ["perhekeskus", "kohtaamispaikka", "kirjasto"], type=UnitType.SITE,
                  channels=[Channel.WALK_IN], address="Jalkarannantie 1 (kuvitteellinen)",
                  roles=["palveluesimies"])
    for other in ("lahti-etela-neuvola-1", "lahti-etela-perheohjaus", "lahti-etela-perhekahvila",
                  "lahti-etela-koulu-1"):
        b.link(other, jalo, "co_located", note="Monitoimitalo Jalo")
    b.link("lahti-etela-perheneuvola-r1", "lahti-etela-koulu-1", "outreach", frequency="weekly",
           note="perheohjaajat kouluilla (PH:298 pilotti)", valid_from=dt.date(2018, 8, 1))
    # Asikkala service map pilot; Hartola outreach and e-services
    b.unit("asikkala-palvelukartta", "Asikkalan perhekeskuksen palvelukartta", hva, "asikkala",
           _U, ["palvelukartta", "sähköiset palvelut"], channels=[Channel.WEB], phone=False,
           email=True)
    b.link("asikkala-tiimi-r1", "asikkala-palvelukartta", "informs",
           note="päivittää palvelukartan yhteystiedot (PH:202)")
    b.unit("hartola-sahkoinen", "Sähköinen perhekeskus, Hartola", hva, "hartola", _U,
           ["sähköiset palvelut", "chat"], channels=[Channel.CHAT, Channel.HELP_BUTTON],
           phone=False, roles=["sosiaaliohjaaja"])
    b.link("hartola-sahkoinen-r1", "hartola-lastensuojelu", "refers", volume=4)
    # PH:567: a meeting place that is nobody's job; no roles, no links
    b.unit("hollola-kohtaamispaikka", "Perhekeskuksen kohtaamispaikka Salpakangas", hva,
           "hollola-1", _U, ["kohtaamispaikka", "perhekahvila", "vertaistuki"],
           type=UnitType.MEETING_PLACE, channels=[Channel.WALK_IN], phone=False,
           description="Kohtaamispaikkatoiminta: tärkeää, mutta ei kenenkään vastuulla (PH:567).")
    # unit with no reachable role, phone or e-mail
    b.unit("orimattila-erityisnuorisotyo", "Erityisnuorisotyö, Orimattila", "orimattila-kunta-org",
           "orimattila", _E, ["erityisnuorisotyö", "päihdepalvelut"], ages=(13, 25),
           phone=False, channels=[])
    b.link("orimattila-nuorisotyo", "orimattila-erityisnuorisotyo", "refers", volume=3)
    # PH:178: Orimattila's NGO island gets its own NGO units, linked only to each other
    b.unit("orimattila-4h", "4H-kerhot, Orimattila", h4, "orimattila", _U,
           ["kerhot", "harrastukset"], ages=(7, 15), self_referral=True, roles=["kerhonohjaaja"])
    b.link("orimattila-4h", "orimattila-perhekahvila", "works_with", frequency="monthly")
    b.link("orimattila-seurakunta-r1", "orimattila-4h", "contact")


def _sotesi(b: _Builder) -> None:
    """Sastamala–Punkalaidun (Sotesi), the early-support model (S; DOMAIN §6)."""
    b.area("pirkanmaa", "Pirkanmaan hyvinvointialue", "county")
    hva = b.org("sotesi-org", "Sotesi (Sastamalan ja Punkalaitumen sosiaali- ja terveyspalvelut)",
                "county")
    b.area("sotesi", "Sotesin perhekeskusalue (Sastamala–Punkalaidun)", "family_centre_area",
           "pirkanmaa")
    sas = b.area("sastamala", "Sastamala", "municipality", "sotesi", "790")
    pun = b.area("punkalaidun", "Punkalaidun", "municipality", "sotesi", "619")
    sas_org = b.org("sastamala-org", "Sastamalan kaupunki", "municipal")
    pun_org = b.org("punkalaidun-org", "Punkalaitumen kunta", "municipal")
    srk = b.org("sastamala-srk", "Sastamalan seurakunta", "parish")
    mll = b.org("sastamala-mll", "MLL:n Sastamalan yhdistys ry", "ngo")
    parts = ["etelä", "keskusta", "länsi", "pohjoinen"]
    ds = [b.area(f"sastamala-{key}", f"Sastamala {p}", "district", sas) for key, p in
          zip(("etela", "keskusta", "lansi", "pohjoinen"), parts)]
    u = _family_centre_area(b, "sotesi", "Sastamala", county_org=hva, muni_org=sas_org,
                            ngo_org=mll, parish_org=srk, districts=ds, daycares=14,
                            flags=frozenset({"veo_gateway"}))
    R = b.roles_of
    # VEO gateway (S:3725-3743): four VEOs; daycares lose their direct ties to perheohjaus
    for extra in (3, 4):
        b.role(f"sotesi-veo-r{extra}", "varhaiskasvatuksen erityisopettaja", "sotesi-veo")
    _sastamala_gateway(b, u)
    # family day care split in four (S)
    for p, d in zip(parts, ds):
        pph = b.unit(f"sotesi-pph-{d.split('-')[1]}", f"Perhepäivähoito, {p}", sas_org, d, _U,
                     ["varhaiskasvatus", "perhepäivähoito"], ages=(1, 6),
                     roles=["perhepäivähoidon ohjaaja"])
        b.link(pph, b.rng.choice(R("sotesi-veo")), "consults", frequency="monthly")
        b.link(pph, u["neuvola"][0], "informs")
    # forums: lapsihuoltoryhmä, SHL-yhteisasiakastiimi (monthly), perheneuvolan tiimi
    for fid, fname, freq, members in (
        ("sotesi-lapsihuoltoryhma", "Lapsihuoltoryhmä", "monthly",
         [u["sosiaalityo"], u["lastensuojelu"], u["perheohjaus"]]),
        ("sotesi-shl-tiimi", "SHL-yhteisasiakastiimi", "monthly",
         [u["sosiaalityo"], u["perheohjaus"], u["perhetyo"], u["kotipalvelu"]]),
        ("sotesi-perheneuvolan-tiimi", "Perheneuvolan tiimi", "weekly",
         [u["perheneuvola"], u["perheohjaus"]]),
    ):
        b.unit(fid, fname, hva, "sotesi", _U, ["yhteistyö"], type=UnitType.FORUM, phone=False)
        for unit in members:
            for r in R(unit)[:2]:
                b.link(r, fid, "member", frequency=freq)
    # reorganisation S:1566: perheohjaus moved under perheneuvola 2017
    b.link(u["perheohjaus"], u["sosiaalityo"], "works_with", valid_to=REORG_END,
           note="hallinnollisesti sosiaalityön alla vuoteen 2016")
    b.link(u["perheohjaus"], u["perheneuvola"], "informs", valid_from=REORG_DATE,
           note="perheohjaus siirtyi perheneuvolan alaisuuteen 2017 (S:1566)")
    # Punkalaidun: the new model (named contacts, anonymous consultation, joint meetings)
    pun_po = b.unit("punkalaidun-perheohjaus", "Perheohjaus, Punkalaidun", hva, pun, _E,
                    ["perheohjaus", "vanhemmuuden tuki", "kasvatuskysymykset", "univaikeudet"],
                    ages=(0, 17), self_referral=True, capacity=30,
                    channels=[Channel.PHONE, Channel.ANONYMOUS_CONSULTATION],
                    roles=["perheohjaaja", "perheohjaaja"])
    pun_nla = b.unit("punkalaidun-neuvola", "Lastenneuvola, Punkalaidun", hva, pun, _U,
                     ["lastenneuvola", "terveystarkastukset", "univaikeudet"], ages=(0, 6),
                     self_referral=True, roles=["terveydenhoitaja"])
    pun_koulu = b.unit("punkalaidun-koulu", "Punkalaitumen yhtenäiskoulu", pun_org, pun, _U,
                       ["perusopetus"], ages=(7, 15), roles=["rehtori", "kuraattori"])
    b.refers(pun_nla, pun_po, 8, 15)
    b.refers(pun_koulu, pun_po, 3, 8)
    b.refers(pun_po, u["sosiaalityo"], 1, 4)
    b.link(pun_po, u["perheneuvola"], "works_with", frequency="weekly")
    for i, nm in enumerate(["Aurinkorinne", "Vaahtera", "Myyrä"], 1):
        pk = b.unit(f"punkalaidun-paivakoti-{i}", f"Päiväkoti {nm}, Punkalaidun", pun_org, pun,
                    _U, ["varhaiskasvatus", "esiopetus"], ages=(1, 6),
                    roles=["päiväkodin johtaja", "varhaiskasvatuksen opettaja"])
        named = R(pun_po)[i % 2]
        b.link(pk, named, "contact", note="nimetty yhteyshenkilö (S)")
        b.link(pk, pun_po, "consults", frequency="monthly", note="anonyymi konsultaatio")
        b.link(named, pk, "outreach", frequency="monthly", note="yhteiset tapaamiset päiväkodilla")
        b.refers(pk, pun_po, 2, 6)
        b.link(pk, pun_nla, "informs")
    b.link(R(pun_po)[0], u["forum"], "member")


def _sastamala_gateway(b: _Builder, u: dict) -> None:
    """Rewire Sastamala so the four VEOs are the only way from ECEC to perheohjaus."""
    net, veos = b.net, b.roles_of("sotesi-veo")
    ecec = set(u["daycare"]) | {r for d in u["daycare"] for r in b.roles_of(d)}
    po = {u["perheohjaus"], *b.roles_of(u["perheohjaus"])}
    veo = {"sotesi-veo", *veos}
    for key in [k for k, link in net.links.items()
                if {link.source, link.target} & ecec and {link.source, link.target} & po
                or link.source in veo and (link.target in po or link.target == u["forum"])]:
        del net.links[key]
    # ~1,000 children, two new clients a year from ECEC (S:3725-3743, S:112-116)
    for v, vol in zip(veos, (1, 1, 0, 0)):
        b.link(v, u["perheohjaus"], "refers", volume=vol)


def _tornio(b: _Builder) -> None:
    """Tornio "Perheille parasta" (T; DOMAIN §6)."""
    b.area("lappi", "Lapin hyvinvointialue", "county")
    hva = b.org("lappi-org", "Lapin hyvinvointialue", "county")
    b.area("tornio", "Tornion perhekeskus", "family_centre_area", "lappi")
    muni = b.area("tornio-kunta", "Tornio", "municipality", "tornio", "851")
    city = b.org("tornio-org", "Tornion kaupunki", "municipal")
    srk = b.org("tornio-srk", "Tornion seurakunta", "parish")
    pt = b.org("perheiden-talo", "Perheiden Talo ry", "ngo")
    ds = _districts(b, muni, ["Suensaari", "Putaa", "Kiviranta", "Karunki", "Arpela"], "tornio")
    u = _family_centre_area(b, "tornio", "Tornio", county_org=hva, muni_org=city, ngo_org=pt,
                            parish_org=srk, districts=ds, daycares=9, languages=("fi", "sv"))
    R = b.roles_of
    # the one family-work team (T:990): three services merged in 2017
    team = b.unit("tornio-lapsiperhetyo", "Lapsiperhetyön tiimi", hva, "tornio", _E,
                  ["perhetyö", "kotipalvelu", "arjen tuki", "vanhemmuuden tuki"], ages=(0, 17),
                  self_referral=True, channels=[Channel.PHONE, Channel.HOME_VISIT],
                  roles=["perhetyöntekijä"] * 3 + ["lähihoitaja", "tiimin esihenkilö"])
    for old, name in (("tornio-ls-perhetyo", "Lastensuojelun perhetyö"),
                      ("tornio-neuvolan-perhetyo", "Neuvolan perhetyö"),
                      ("tornio-kotihoito", "Kotihoidon kotipalvelu")):
        b.unit(old, name + " (yhdistetty 2017)", hva, "tornio", _E, ["perhetyö"], phone=False,
               description="Yhdistetty lapsiperhetyön tiimiksi 2017 (T:990).",
               valid_to=REORG_END)
        b.link(u["neuvola"][0], old, "refers", volume=12, valid_to=REORG_END)
    b.refers(u["neuvola"][0], team, 10, 25, valid_from=REORG_DATE)
    b.refers(u["lastensuojelu"], team, 5, 12, valid_from=REORG_DATE)
    b.refers(u["sosiaalityo"], team, 4, 10, valid_from=REORG_DATE)
    b.link(team, u["perheohjaus"], "works_with", frequency="weekly")
    # Perheiden Talo meeting-place network (NGO-run)
    talo = b.unit("tornio-perheiden-talo", "Perheiden Talo", pt, ds[0], _U,
                  ["kohtaamispaikka", "perhekahvila", "vertaistuki", "vauvakahvila"],
                  type=UnitType.MEETING_PLACE, self_referral=True, languages=["fi", "sv"],
                  channels=[Channel.WALK_IN, Channel.PHONE], roles=["toiminnanjohtaja",
                                                                    "perhetyöntekijä"])
    for d in ds[1:4]:
        sat = b.unit(f"tornio-talo-{d.split('-')[1]}", f"Perheiden Talo, {b.net.areas[d].name}",
                     pt, d, _U, ["kohtaamispaikka", "perhekahvila"], type=UnitType.MEETING_PLACE,
                     self_referral=True, channels=[Channel.WALK_IN, Channel.PHONE])
        b.link(talo, sat, "works_with", frequency="weekly")
        b.link(R(team)[0], sat, "outreach", frequency="monthly")
    b.link(R(u["neuvola"][0])[0], talo, "outreach", frequency="weekly", note="neuvola talolla")
    b.link(talo, u["perheohjaus"], "co_located", note="2 päivää viikossa (T:821)")
    b.link(R(talo)[0], u["forum"], "member")
    # school youth work (pilot)
    syw = b.unit("tornio-koulunuorisotyo", "Koulunuorisotyö", city, "tornio", _U,
                 ["koulunuorisotyö", "nuorisotyö"], ages=(10, 16),
                 roles=["koulunuoriso-ohjaaja", "koulunuoriso-ohjaaja"])
    for i, s in enumerate(u["school"]):
        b.link(R(syw)[i % 2], s, "outreach", frequency="weekly")
    b.link(syw, u["opiskeluhuolto"], "works_with", frequency="weekly")
    # joint home visit at age 2: neuvola ↔ varhaiskasvatus
    for n in u["neuvola"]:
        for d in u["daycare"][:3]:
            b.link(n, d, "works_with", frequency="monthly", note="2-vuotiaan yhteiskotikäynti")
    # forums: torstaitiimit (weekly), vuosikellokööri
    for fid, fname, freq in (("tornio-torstaitiimi", "Torstaitiimit", "weekly"),
                             ("tornio-vuosikello", "Vuosikellokööri", "quarterly")):
        b.unit(fid, fname, hva, "tornio", _U, ["yhteistyö"], type=UnitType.FORUM, phone=False)
        for unit in (team, u["perheohjaus"], u["neuvola"][0], syw, talo, u["sosiaalityo"]):
            b.link(R(unit)[0], fid, "member", frequency=freq)


def _oulu(b: _Builder) -> None:
    """Oulu collective impact: one area coordination number, monthly area teams (O)."""
    b.area("pohjois-pohjanmaa", "Pohjois-Pohjanmaan hyvinvointialue", "county")
    hva = b.org("pohde", "Pohjois-Pohjanmaan hyvinvointialue", "county")
    city = b.org("oulu-org", "Oulun kaupunki", "municipal")
    srk = b.org("oulu-srk", "Oulun seurakuntayhtymä", "parish")
    ngo = b.org("oulu-mll", "MLL:n Oulun yhdistys ry", "ngo")
    for key, title, districts, flags, daycares in (
        ("oulu-kaakkuri", "Kaakkuri", ["Kaakkuri", "Heikinharju", "Metsokangas"],
         {"adult_gap"}, 7),
        ("oulu-tuira", "Tuira", ["Tuira", "Koskela", "Pikisaari"], set(), 6),
    ):
        b.area(key, f"Oulun perhekeskusalue, {title}", "family_centre_area", "pohjois-pohjanmaa")
        ds = _districts(b, key, districts, key)
        u = _family_centre_area(b, key, title, county_org=hva, muni_org=city, ngo_org=ngo,
                                parish_org=srk, districts=ds, daycares=daycares,
                                flags=frozenset(flags),
                                forum_name=f"Alueen johtoryhmä, {title}")
        coord = b.unit(f"{key}-koordinaatio", f"Alueen koordinaationumero, {title}", hva, key,
                       _U, ["palveluohjaus", "verkostokokous", "huoli"], self_referral=True,
                       channels=[Channel.PHONE, Channel.CALLBACK], type=UnitType.TEAM,
                       roles=["alueen koordinaattori"], hub=True,
                       description="Yksi numero: huolen herätessä verkosto koolle kahdessa "
                                   "viikossa (O).")
        children = [x for k in ("neuvola", "daycare", "school") for x in u[k]] + [
            u[k] for k in ("opiskeluhuolto", "perheohjaus", "perheneuvola", "sosiaalityo",
                           "nuoriso", "kohtaamispaikka", "seurakunta")]
        if "adult_gap" not in flags:
            children += [u["aikuissos"], u["paihde"], u["tyollisyys"]]
        for c in children:
            b.link(c, coord, "contact", note="yhden yhteydenoton periaate")
        b.link(b.roles_of(coord)[0], u["forum"], "member", frequency="monthly")
        for r in b.roles_of(u["forum"]):
            b.link(r, coord, "works_with", frequency="weekly")


def _jarvenpaa(b: _Builder) -> None:
    """A Tulevaisuuden lastensuojelu-like piece: consultation team, 10–18 (TL)."""
    b.area("keski-uusimaa", "Keski-Uudenmaan hyvinvointialue", "county")
    hva = b.org("keusote", "Keski-Uudenmaan hyvinvointialue (Keusote)", "county")
    city = b.org("jarvenpaa-org", "Järvenpään kaupunki", "municipal")
    srk = b.org("jarvenpaa-srk", "Järvenpään seurakunta", "parish")
    ngo = b.org("jarvenpaa-ngo", "Järvenpään perheyhdistys ry", "ngo")
    b.area("jarvenpaa", "Järvenpään perhekeskusalue", "family_centre_area", "keski-uusimaa")
    muni = b.area("jarvenpaa-kunta", "Järvenpää", "municipality", "jarvenpaa", "186")
    ds = _districts(b, muni, ["Keskusta", "Haarajoki", "Kyrölä"], "jarvenpaa")
    u = _family_centre_area(b, "jarvenpaa", "Järvenpää", county_org=hva, muni_org=city,
                            ngo_org=ngo, parish_org=srk, districts=ds, daycares=4,
                            languages=("fi", "en"))
    R = b.roles_of
    team = b.unit("jarvenpaa-konsultaatiotiimi", "Lastensuojelun konsultaatiotiimi", hva,
                  "jarvenpaa", _P, ["lastensuojelu", "konsultaatio", "nuoret"], ages=(10, 18),
                  type=UnitType.TEAM, roles=["sosiaalityöntekijä", "psykologi",
                                             "nuorisopsykiatrinen sairaanhoitaja"])
    moke = b.unit("jarvenpaa-moke", "MOKE-ryhmä (moniammatillinen konsultaatio)", hva,
                  "jarvenpaa", _U, ["yhteistyö", "nuoret"], type=UnitType.FORUM, phone=False)
    nuorisoasema = b.unit("jarvenpaa-nuorisoasema", "Nuorisoasema", hva, "jarvenpaa", _S,
                          ["päihdepalvelut", "mielenterveys", "nuoret"], ages=(13, 22),
                          self_referral=True, channels=[Channel.PHONE, Channel.CHAT],
                          roles=["sairaanhoitaja", "sosiaaliohjaaja"])
    for src in (u["opiskeluhuolto"], u["perheneuvola"], u["sosiaalityo"], u["nuoriso"]):
        b.link(src, team, "consults", frequency="monthly")
    b.link(team, u["lastensuojelu"], "consults", frequency="weekly",
           valid_to=dt.date(2022, 6, 30), note="lastensuojelun asiantuntemus poistui (TL:278)")
    b.link(u["nuoriso"], nuorisoasema, "refers", volume=12)
    b.refers(nuorisoasema, team, 2, 6)
    for unit in (team, u["opiskeluhuolto"], u["nuoriso"], nuorisoasema, u["lastensuojelu"]):
        b.link(R(unit)[0], moke, "member", frequency="monthly")


def _fit_capacities(net: Network, planted: set[str]) -> None:
    """Give every unit with a capacity room for its referral in-flow (×1.3, to tens), so
    that only the planted overloads exceed capacity (PH:529 is the finding, not noise)."""
    inflow: dict[str, int] = {}
    for link in net.links.values():
        if link.kind == LinkKind.REFERS and link.volume and link.valid_to is None:
            unit = net.roles[link.target].unit if link.target in net.roles else link.target
            inflow[unit] = inflow.get(unit, 0) + link.volume
    for unit in net.units.values():
        if unit.capacity and unit.id not in planted:
            need = -(-inflow.get(unit.id, 0) * 13 // 100) * 10
            unit.capacity = max(unit.capacity, need)


def _case_only_links(b: _Builder) -> None:
    """Case-by-case consultations (structural=False, S:3780) inside each area."""
    rng, net = b.rng, b.net
    by_area: dict[str | None, list[str]] = {}
    fc_of = AreaTree(net.areas).family_centre_area_of
    for unit in net.units.values():
        if unit.type in (UnitType.FORUM, UnitType.SITE):
            continue
        by_area.setdefault(fc_of(unit.area), []).append(unit.id)
    protected = {"sotesi", "asikkala", "hartola", "oulu-kaakkuri", "heinola", "hollola",
                 "orimattila"}  # keep planted gaps intact
    for area, units in by_area.items():
        if area in protected:
            continue
        roles = [r.id for r in net.roles.values() if r.unit in set(units)]
        for _ in range(len(roles) // 2):
            a, c = rng.sample(roles, 2)
            if net.roles[a].unit != net.roles[c].unit:
                b.link(a, c, "works_with", structural=False, frequency="occasional",
                       data_source="manual")


# ------------------------------------------------------------------ places and hours

#: area id → (town, WGS 84 centre, postal code) for the places of issue 16.  The centres
#: are the real towns' (so the geographic view shows Finland as it is); the street
#: addresses and exact pins around them are invented.
_PLACES = {
    "lahti-etela": ("Lahti", (60.9710, 25.6640), "15140"),
    "lahti-pohjoinen": ("Lahti", (61.0010, 25.6560), "15240"),
    "asikkala": ("Asikkala", (61.1720, 25.5440), "17200"),
    "hartola": ("Hartola", (61.5800, 26.0170), "19600"),
    "heinola": ("Heinola", (61.2050, 26.0380), "18100"),
    "sysma": ("Sysmä", (61.5030, 25.6850), "19700"),
    "hollola": ("Hollola", (60.9890, 25.5150), "15870"),
    "orimattila": ("Orimattila", (60.8040, 25.7300), "16300"),
    "ph": ("Lahti", (60.9827, 25.6615), "15110"),
    "sastamala": ("Sastamala", (61.3400, 22.9100), "38200"),
    "punkalaidun": ("Punkalaidun", (61.1120, 23.1030), "31900"),
    "sotesi": ("Sastamala", (61.3400, 22.9100), "38200"),
    "pirkanmaa": ("Tampere", (61.4980, 23.7610), "33100"),
    "tornio": ("Tornio", (65.8480, 24.1470), "95400"),
    "lappi": ("Rovaniemi", (66.5030, 25.7290), "96100"),
    "oulu-kaakkuri": ("Oulu", (64.9700, 25.5250), "90410"),
    "oulu-tuira": ("Oulu", (65.0270, 25.4660), "90500"),
    "pohjois-pohjanmaa": ("Oulu", (65.0120, 25.4650), "90100"),
    "jarvenpaa": ("Järvenpää", (60.4730, 25.0890), "04400"),
    "keski-uusimaa": ("Järvenpää", (60.4730, 25.0890), "04400"),
}
_STREETS = ("Koulukatu", "Kirkkokatu", "Asemantie", "Terveystie", "Rantatie", "Puistokatu",
            "Torikatu", "Myllytie", "Kauppakatu", "Pappilantie")


def _hours_for(unit: Unit) -> str | None:
    """Plausible Finnish hours by kind of service; forums meet, they are not open."""
    words = " ".join(unit.services + [unit.name.lower()])
    if unit.type == UnitType.FORUM:
        return None
    if "päivystys" in words:
        return "ma–su 0–24"
    if "neuvola" in words:
        return "ma–pe 8–15.30; ke 12–18; suljettu 24.12.–26.12."
    if "varhaiskasvatus" in words or "päiväkoti" in words:
        return "ma–pe 6.30–17; suljettu 24.12.–26.12."
    if unit.type == UnitType.MEETING_PLACE or "perhekahvila" in words:
        return "ti, to 9.30–12.30; suljettu 23.12.–6.1."
    if "koulu" in words or "opiskeluhuolto" in words:
        return "ma–pe 8–15; suljettu 21.12.–6.1."
    if "kela" in words:
        return "ma–pe 9–16; suljettu 24.12.–26.12."
    if unit.level in (Level.SPECIAL, Level.PROTECTION):
        return "ma–pe 8–16; suljettu 24.12.–26.12."
    return "ma–pe 8–16; to 8–18; suljettu 24.12.–26.12."


def _eligibility_for(unit: Unit, where: str) -> str:
    if unit.ages is None:
        who = "Lapsiperheet"
    elif unit.ages[1] <= 6:
        who = "Alle kouluikäisten lasten perheet"
    elif unit.ages[0] == 0:
        who = f"Alle {unit.ages[1] + 1}-vuotiaat lapset ja nuoret perheineen"
    else:
        who = f"{unit.ages[0]}–{unit.ages[1]}-vuotiaat lapset ja nuoret perheineen"
    how = ("ota yhteyttä suoraan, lähetettä ei tarvita" if unit.self_referral
           else "ohjaus ammattilaisen kautta")
    return f"{who}, {where}; {how}."


def _places_and_hours(net: Network, seed: int) -> None:
    """Issue 16: every unit gets fictional-but-plausible coordinates in its town, and
    services get hours, an eligibility text and (where none was written) a street address.
    Own seeded generator per unit, run after everything else, so no earlier seeded choice
    changes and the demo stays deterministic."""
    fc_of = AreaTree(net.areas).family_centre_area_of
    for unit in net.units.values():
        key, seen = unit.area, set()
        while key in net.areas and key not in _PLACES and key not in seen:
            seen.add(key)
            key = net.areas[key].parent or ""
        if key not in _PLACES:
            continue
        town, (lat, lon), code = _PLACES[key]
        rng = random.Random(f"{seed}:{unit.id}")
        unit.latitude = round(lat + rng.uniform(-0.012, 0.012), 5)
        unit.longitude = round(lon + rng.uniform(-0.025, 0.025), 5)
        if unit.type == UnitType.FORUM:
            continue
        unit.hours = _hours_for(unit)
        area = net.areas.get(fc_of(unit.area) or "")
        unit.eligibility = _eligibility_for(unit, area.name if area else town)
        if unit.address is None:
            unit.address = f"{rng.choice(_STREETS)} {rng.randint(1, 40)}, {code} {town}"
