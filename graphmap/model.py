"""The graphmap domain model: the one place for enums, field types and domain rules.

A network holds five kinds of record (DOMAIN.md §2, §4):

* ``Area``         – region → county → family-centre area → municipality → district
* ``Organisation`` – who runs a unit, with its sector
* ``Unit``         – a service, team, meeting place, forum or site, at a support level
* ``Role``         – a position in a unit, optionally held by a named professional
* ``Link``         – refers / consults / works_with / … between units or roles

Importers, exporters and stores all describe records through :data:`FIELDS`, so a
column's type, aliases and limits are written down once.  :func:`check_network`
holds every rule that spans records (references, cycles, self-links, …).

Privacy (DOMAIN.md §8): there is deliberately no field for client data.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Callable, Iterable

# --------------------------------------------------------------------------- enums


class AreaKind(StrEnum):
    REGION = "region"
    COUNTY = "county"
    FAMILY_CENTRE_AREA = "family_centre_area"
    MUNICIPALITY = "municipality"
    DISTRICT = "district"


class Sector(StrEnum):
    MUNICIPAL = "municipal"
    COUNTY = "county"
    SPECIALISED = "specialised"
    NGO = "ngo"
    PARISH = "parish"
    STATE = "state"
    PRIVATE = "private"


#: Sectors that make up "public services" when asking whether NGOs are linked in.
PUBLIC_SECTORS = frozenset({Sector.MUNICIPAL, Sector.COUNTY, Sector.SPECIALISED, Sector.STATE})


class UnitType(StrEnum):
    SERVICE = "service"
    TEAM = "team"
    MEETING_PLACE = "meeting_place"
    FORUM = "forum"
    SITE = "site"


class Level(StrEnum):
    """Support level (porrasteisuus, DOMAIN.md §3), listed lowest first."""

    UNIVERSAL = "universal"
    EARLY = "early"
    SPECIAL = "special"
    PROTECTION = "protection"

    @property
    def rank(self) -> int:
        return LEVEL_ORDER.index(self)


LEVEL_ORDER = list(Level)


class LinkKind(StrEnum):
    REFERS = "refers"
    CONSULTS = "consults"
    WORKS_WITH = "works_with"
    CO_LOCATED = "co_located"
    OUTREACH = "outreach"
    CONTACT = "contact"
    MEMBER = "member"
    INFORMS = "informs"


#: Link kinds that carry a family or a case from one service to another.
REFERRAL_KINDS = frozenset({LinkKind.REFERS, LinkKind.CONSULTS})
#: Link kinds that are symmetric in meaning (direction is only how they were entered).
SYMMETRIC_KINDS = frozenset({LinkKind.WORKS_WITH, LinkKind.CO_LOCATED})


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    OCCASIONAL = "occasional"


#: Approximate contacts per year, for weighting links whose volume is unknown.
FREQUENCY_PER_YEAR = {
    Frequency.DAILY: 220, Frequency.WEEKLY: 45, Frequency.MONTHLY: 11,
    Frequency.QUARTERLY: 4, Frequency.YEARLY: 1, Frequency.OCCASIONAL: 2,
}


class Channel(StrEnum):
    """How a family or a professional reaches a unit (DOMAIN.md §7)."""

    PHONE = "phone"
    CALLBACK = "callback"
    EMAIL = "email"
    WALK_IN = "walk_in"
    ANONYMOUS_CONSULTATION = "anonymous_consultation"
    CHAT = "chat"
    HELP_BUTTON = "help_button"
    WEB = "web"
    HOME_VISIT = "home_visit"


class Cooperation(StrEnum):
    """How closely two partners work: Himmelman's collaboration continuum as PARTNER asks
    it (awareness → cooperation → coordination → integration; DOMAIN.md §4)."""

    AWARENESS = "awareness"
    COOPERATION = "cooperation"
    COORDINATION = "coordination"
    INTEGRATION = "integration"

    @property
    def rank(self) -> int:
        return list(Cooperation).index(self) + 1


class DataSource(StrEnum):
    SURVEY = "survey"
    IMPORT = "import"
    MANUAL = "manual"


#: Finnish, Swedish and other spellings people type into the workbook.  Matched
#: case-insensitively after the canonical value; the canonical (English) value is
#: what is stored and exported.
ENUM_ALIASES: dict[type, dict[str, str]] = {
    AreaKind: {
        "maakunta": "region", "landskap": "region",
        "hyvinvointialue": "county", "hva": "county", "välfärdsområde": "county",
        "perhekeskusalue": "family_centre_area", "perhekeskus": "family_centre_area",
        "palvelualue": "family_centre_area", "familjecentrum": "family_centre_area",
        "kunta": "municipality", "kaupunki": "municipality", "kommun": "municipality",
        "kaupunginosa": "district", "piiri": "district", "neuvolapiiri": "district",
        "asuinalue": "district", "stadsdel": "district",
    },
    Sector: {
        "kunta": "municipal", "kunnallinen": "municipal", "kaupunki": "municipal",
        "hyvinvointialue": "county", "hva": "county", "hyky": "county",
        "erikoissairaanhoito": "specialised", "erityistaso": "specialised", "esh": "specialised",
        "järjestö": "ngo", "jarjesto": "ngo", "yhdistys": "ngo", "förening": "ngo",
        "seurakunta": "parish", "församling": "parish",
        "valtio": "state", "kela": "state", "stat": "state",
        "yksityinen": "private", "yritys": "private", "privat": "private",
    },
    UnitType: {
        "palvelu": "service", "tiimi": "team", "kohtaamispaikka": "meeting_place",
        "perhekahvila": "meeting_place", "työryhmä": "forum", "verkosto": "forum",
        "foorumi": "forum", "toimipiste": "site", "tila": "site",
    },
    Level: {
        "yleinen": "universal", "perus": "universal", "peruspalvelu": "universal",
        "varhainen": "early", "varhainen tuki": "early",
        "erityinen": "special", "erityinen tuki": "special", "erityistaso": "special",
        "lastensuojelu": "protection", "barnskydd": "protection",
    },
    LinkKind: {
        "ohjaa": "refers", "lähete": "refers", "palveluohjaus": "refers",
        "konsultoi": "consults", "konsultaatio": "consults",
        "työpari": "works_with", "yhteistyö": "works_with", "yhteinen tiimi": "works_with",
        "samoissa tiloissa": "co_located", "samat tilat": "co_located",
        "jalkautuu": "outreach", "jalkautuva": "outreach",
        "yhdyshenkilö": "contact", "nimetty työntekijä": "contact",
        "jäsen": "member", "tiedottaa": "informs", "tiedonkulku": "informs",
    },
    Cooperation: {
        "tietoisuus": "awareness", "tietoinen": "awareness", "kännedom": "awareness",
        "yhteistoiminta": "cooperation", "kooperaatio": "cooperation", "samverkan": "cooperation",
        "koordinaatio": "coordination", "yhteensovittaminen": "coordination",
        "koordination": "coordination", "integraatio": "integration", "yhdistyminen": "integration",
        "1": "awareness", "2": "cooperation", "3": "coordination", "4": "integration",
    },
    Frequency: {
        "päivittäin": "daily", "viikoittain": "weekly", "kuukausittain": "monthly",
        "neljännesvuosittain": "quarterly", "vuosittain": "yearly",
        "satunnaisesti": "occasional", "tarvittaessa": "occasional",
    },
    Channel: {
        "puhelin": "phone", "takaisinsoitto": "callback", "sähköposti": "email",
        "walk-in": "walk_in", "ilman ajanvarausta": "walk_in",
        "anonyymi konsultaatio": "anonymous_consultation", "chat": "chat",
        "apua-nappi": "help_button", "verkko": "web", "kotikäynti": "home_visit",
    },
    DataSource: {"kysely": "survey", "tuonti": "import", "käsin": "manual"},
}

# TOSI/EPÄTOSI and SANT/FALSKT: Excel's TRUE/FALSE as Finnish and Swedish Excel write them
_YES = {"yes", "y", "true", "1", "kyllä", "kylla", "k", "ja", "x", "tosi", "sant"}
_NO = {"no", "n", "false", "0", "ei", "e", "nej", "epätosi", "epatosi", "falskt"}

# ----------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong with input.  ``entity``/``key``/``field`` locate it in the model;
    importers translate that into file, row and column."""

    entity: str
    key: str | None
    field: str | None
    message: str


class ValidationError(ValueError):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: list, title: str = "invalid input"):
        self.problems = list(problems)
        lines = [title + f" ({len(self.problems)} problem(s)):"]
        lines += ["  " + str(p if not isinstance(p, Problem) else _problem_text(p))
                  for p in self.problems]
        super().__init__("\n".join(lines))


class Message(str):
    """A user-facing message that can be shown in Finnish, Swedish or English.

    It *is* its English text (``str()``, logs and older callers see that), and it
    carries the key of its translations in ``web/translations/{fi,sv,en}.json``
    (``import.<key>``, the one language catalogue) and the values to fill in, so the
    CLI and the pages show the same message in the reader's language."""

    key: str
    values: dict

    def __new__(cls, key: str, **values):
        from graphmap.web.i18n import translate  # the catalogue; lazily, as only errors need it
        self = super().__new__(cls, translate("import." + key, "en", **values))
        self.key, self.values = key, values
        return self

    def __reduce__(self):  # copy/deepcopy (dataclasses.asdict) keep the key
        return (_message, (self.key, self.values))

    def text(self, lang: str | None) -> str:
        """This message in ``lang`` (fi, sv, en; ``None``: English)."""
        if not lang or lang == "en":
            return str(self)
        from graphmap.web.i18n import translate
        return translate("import." + self.key, lang, **self.values)


def _message(key, values):
    return Message(key, **values)


def localised(text, lang: str | None) -> str:
    """``text`` in ``lang`` if it is a :class:`Message`, else as it is (English)."""
    return text.text(lang) if isinstance(text, Message) else str(text)


def message_of(exc: Exception):
    """The message an exception was raised with, keeping a :class:`Message`'s key."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else str(exc)


def _problem_text(p: Problem) -> str:
    where = p.entity + (f" {p.key!r}" if p.key else "") + (f", {p.field}" if p.field else "")
    return f"{where}: {p.message}"


# --------------------------------------------------------------------- value types

MAX_TEXT = 1000  # characters in one cell; longer is almost always a paste accident
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,24}$")
_LANG = re.compile(r"^[a-z]{2,3}$")
# \w: letters of any alphabet (a Finnish id holds ä and ö), digits and _
_ID = re.compile(r"^[\w.:\-]{1,100}$")
#: Characters no stored text may hold: C0/C1 control characters other than tab and newline
#: (NUL among them; XML, hence xlsx, HSDS and GraphML exports, cannot carry them, and
#: CSV readers stop at NUL), and lone surrogates (not encodable as UTF-8: SQLite, JSON and
#: every export would fail).
# A carriage return is one too: XML reads \r\n back as \n, so an xlsx export could not
# carry it; :func:`clean_text` makes every line break \n before this rule applies.
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: Largest count a number field holds (capacity, volume): beyond any family centre, and
#: inside SQLite's 64-bit integers.
MAX_NUMBER = 10**9
_AGES = re.compile(r"^\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*$")


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to a mistyped ``value`` (for 'did you mean' hints)."""
    import difflib
    found = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.5)
    return found[0] if found else None


def parse_enum(enum: type[StrEnum], text: str) -> StrEnum:
    value = text.strip().lower()
    try:
        return enum(value.replace(" ", "_").replace("-", "_"))
    except ValueError:
        pass
    alias = ENUM_ALIASES.get(enum, {}).get(value)
    if alias:
        return enum(alias)
    allowed = [m.value for m in enum]
    hint = closest(value, allowed + list(ENUM_ALIASES.get(enum, {})))
    if hint:
        hint = ENUM_ALIASES.get(enum, {}).get(hint, hint)
    msg = f"unknown value {text!r}; expected one of {', '.join(allowed)}"
    raise ValueError(msg + (f" (did you mean {hint!r}?)" if hint else ""))


def check_text(text: str) -> str:
    """``text`` if every character can be stored and exported, else ValueError saying
    which character and where (the rule for import, API and store alike)."""
    found = _BAD_CHARS.search(text)
    if found is None:
        return text
    char = found.group()
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        raise ValueError(Message("bad_surrogate", code=code, position=found.start() + 1))
    raise ValueError(Message("bad_control", code=code, position=found.start() + 1))


def check_number(number: int) -> int:
    """``number`` if it is a count the model holds (0 … :data:`MAX_NUMBER`)."""
    if number < 0:
        raise ValueError(Message("number_negative", text=str(number)))
    if number > MAX_NUMBER:
        raise ValueError(Message("number_too_big", text=str(number), max=f"{MAX_NUMBER:,}"))
    return number


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(f"expected yes/no (kyllä/ei), got {text!r}")


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                 # Finnish Excel's CSV of a date-time cell: 31.12.2025 8.30
                 "%d.%m.%Y %H.%M", "%d.%m.%Y %H.%M.%S", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S")
#: Excel's day 0 (serial dates count from 1899-12-30, Lotus 1-2-3's leap-year bug kept)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL = re.compile(r"^\d{5}(\.0+)?$")


def parse_date(text: str) -> dt.date:
    value = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    if _SERIAL.match(value) and 20000 <= float(value) <= 80000:
        # a date in a General-formatted Excel column is saved as its serial number
        # (46022 = 31.12.2025); 20000–80000 is 1954–2119, no other reading of five digits
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(value)))
    raise ValueError(f"expected a date like 31.12.2025 or 2025-12-31, got {text!r}")


def parse_score(text: str) -> float:
    """A PARTNER score 1-4 (a composite may be a mean: 3,5 or 3.5)."""
    value = text.strip().replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"expected a score 1-4, got {text!r}") from None
    if not 1 <= number <= 4:
        raise ValueError(f"expected a score 1-4, got {text!r}")
    return round(number, 2)


def parse_int(text: str) -> int:
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if value.endswith(".0"):  # Excel writes whole numbers as floats
        value = value[:-2]
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"expected a whole number, got {text!r}") from None
    return check_number(number)


_AGE_AS_DATE = (re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2,4})?\s*$"),          # 1.6. / 1.6.2025
                re.compile(r"^\s*\d{4}-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?\s*$"))  # xlsx date


def parse_ages(text: str) -> tuple[int, int]:
    m = _AGES.match(text)
    if not m:
        day_month = _AGE_AS_DATE[0].match(text)
        if day_month:
            day, month = int(day_month.group(1)), int(day_month.group(2))
        elif month_day := _AGE_AS_DATE[1].match(text):
            month, day = map(int, month_day.groups())
        if day_month or _AGE_AS_DATE[1].match(text):
            # Excel turns "1-6" typed into a General cell into the date 1 June
            raise ValueError(Message("ages_as_date", text=text.strip(), date=f"{day}.{month}.",
                                     ages=f"{day}-{month}"))
        raise ValueError(f"expected an age range like 0-6, got {text!r}")
    low, high = int(m.group(1)), int(m.group(2))
    if low > high:
        raise ValueError(f"age range {text!r} runs backwards")
    return (low, high)


def parse_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", check_text(text)) if part.strip()]


def format_value(value: Any) -> str:
    """The workbook spelling of a typed value (inverse of the parsers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return f"{value[0]}-{value[1]}"
    if isinstance(value, (list, tuple, frozenset)):
        return ";".join(str(v) for v in value)
    return str(value)


# ---------------------------------------------------------------------- records


@dataclass
class Area:
    id: str
    name: str
    kind: AreaKind
    parent: str | None = None
    code: str | None = None  # Statistics Finland municipality code, where one exists


@dataclass
class Organisation:
    id: str
    name: str
    sector: Sector
    website: str | None = None


@dataclass
class Unit:
    id: str
    name: str
    organisation: str
    area: str
    type: UnitType = UnitType.SERVICE
    level: Level = Level.UNIVERSAL
    services: list[str] = field(default_factory=list)
    phone: str | None = None
    email: str | None = None
    self_referral: bool = False
    ages: tuple[int, int] | None = None
    languages: list[str] = field(default_factory=lambda: ["fi"])
    capacity: int | None = None
    channels: list[Channel] = field(default_factory=list)
    address: str | None = None
    description: str | None = None
    valid_from: dt.date | None = None  # as for links: the unit exists from/until (as-of views)
    valid_to: dt.date | None = None
    # Issue 16: what a worker asks after "who": may this family use it, is it open, where.
    # One place per unit (a service at several sites is several units of type 'site');
    # hours are the canonical text of graphmap.hours (parse() gives their structure).
    eligibility: str | None = None
    hours: str | None = None
    latitude: float | None = None  # WGS 84 degrees
    longitude: float | None = None
    # a designed hub (coordination number, front door): everyone calls it by design,
    # so analysis does not flag it as a silent source (Oulu's one number, O:243)
    hub: bool = False

    def serves_age(self, age: int | None) -> bool:
        return age is None or self.ages is None or self.ages[0] <= age <= self.ages[1]


@dataclass
class Role:
    id: str
    title: str
    unit: str
    person: str | None = None
    phone: str | None = None
    email: str | None = None
    verified: dt.date | None = None
    public: bool = True
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass
class Link:
    source: str
    target: str
    kind: LinkKind
    volume: int | None = None
    frequency: Frequency | None = None
    structural: bool = True  # False: exists only case by case (DOMAIN.md §4, S:3780)
    data_source: DataSource | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str | None = None
    # a PARTNER-style survey's answers (issue 15 item 5): how closely (Himmelman's
    # continuum), and the trust and value composites scored 1-4 — trust = reliability,
    # support of mission, openness to discussion; value = power/influence, level of
    # involvement, resource contribution — with the round that measured them
    cooperation: Cooperation | None = None
    trust: float | None = None
    value: float | None = None
    survey_round: str | None = None
    survey_date: dt.date | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        """A link is identified by its ends and kind; there is one 'refers' from A to B."""
        return (self.source, self.target, str(self.kind))

    @property
    def id(self) -> str:
        return f"{self.source}>{self.target}:{self.kind}"


RECORD_TYPES: dict[str, type] = {
    "areas": Area, "organisations": Organisation, "units": Unit, "roles": Role, "links": Link,
}

# ------------------------------------------------------------------ field specs


@dataclass(frozen=True)
class FieldSpec:
    """How one attribute is written in a workbook cell and read back."""

    name: str
    parse: Callable[[str], Any]
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()  # for drop-downs in the template
    help_fi: str = ""
    help_en: str = ""


def clean_text(text: str) -> str:
    """Free text as it is stored: surrounding space removed, every line break ``\n``
    (Windows ``\r\n`` from a form or a CSV cell, old Mac ``\r``)."""
    return text.strip().replace("\r\n", "\n").replace("\r", "\n")


def _text(text: str) -> str:
    return check_text(clean_text(text))


def _ident(text: str) -> str:
    value = text.strip()
    if not value.isascii():  # ä typed on a Mac arrives decomposed (a + ¨): one id, one form
        value = unicodedata.normalize("NFC", value)
    if not _ID.match(value):
        check_text(value)
        raise ValueError(f"expected an id of letters, digits and _.:- (no spaces), got {text!r}")
    return value


def _email(text: str) -> str:
    value = text.strip()
    if not _EMAIL.match(value):
        raise ValueError(f"expected an e-mail address, got {text!r}")
    return value


def _phone(text: str) -> str:
    value = text.strip()
    if not _PHONE.match(value):
        raise ValueError(f"expected a phone number like 040 123 4567 or +358 40 123 4567, got {text!r}")
    return value


def _languages(text: str) -> list[str]:
    langs = [p.lower() for p in parse_list(text)]
    bad = [p for p in langs if not _LANG.match(p)]
    if bad:
        raise ValueError(f"expected language codes such as fi;sv;en, got {', '.join(bad)!r}")
    return langs


def _coordinate(low: float, high: float):
    def parse(text: str) -> float:
        value = text.strip().replace(",", ".").replace("\u2212", "-")  # 61,3372 from Excel fi
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not low <= number <= high:  # also NaN and inf
            raise ValueError(Message("coordinate_range", low=low, high=high, text=repr(text)))
        return round(number, 6)  # ~0.1 m: what a map needs, and a stable round trip
    return parse


_latitude, _longitude = _coordinate(-90, 90), _coordinate(-180, 180)


def _hours(text: str) -> str:
    from graphmap.hours import normalise
    return normalise(check_text(clean_text(text)))


def _enum(enum):
    return lambda text: parse_enum(enum, text)


def _enum_list(enum):
    return lambda text: [parse_enum(enum, p) for p in parse_list(text)]


def _choices(enum) -> tuple[str, ...]:
    return tuple(m.value for m in enum)


F = FieldSpec
FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "areas": (
        F("id", _ident, True, ("tunnus",), help_fi="yksilöllinen tunnus", help_en="unique id"),
        F("name", _text, True, ("nimi", "namn"), help_fi="nimi", help_en="name"),
        F("kind", _enum(AreaKind), True, ("tyyppi", "laji", "taso"), _choices(AreaKind),
          "alueen taso", "level of the area"),
        F("parent", _ident, False, ("ylempi", "yläalue", "isäntä", "parent_id"),
          help_fi="ylemmän alueen tunnus", help_en="id of the enclosing area"),
        F("code", _text, False, ("kuntakoodi", "koodi"), help_fi="kuntanumero",
          help_en="municipality code"),
    ),
    "organisations": (
        F("id", _ident, True, ("tunnus",)),
        F("name", _text, True, ("nimi", "namn")),
        F("sector", _enum(Sector), True, ("sektori", "toimija", "tyyppi"), _choices(Sector),
          "sektori", "sector"),
        F("website", _text, False, ("verkkosivu", "www")),
    ),
    "units": (
        F("id", _ident, True, ("tunnus",)),
        F("name", _text, True, ("nimi", "namn")),
        F("organisation", _ident, True, ("organisaatio", "org", "järjestäjä")),
        F("area", _ident, True, ("alue", "område")),
        F("type", _enum(UnitType), False, ("tyyppi",), _choices(UnitType)),
        F("level", _enum(Level), False, ("taso", "tuen taso", "porras"), _choices(Level),
          "tuen taso (porrasteisuus)", "support level"),
        F("services", parse_list, False, ("palvelut", "avainsanat", "tjänster"),
          help_fi="palvelut ;-merkillä erotettuna", help_en="service keywords separated by ;"),
        F("phone", _phone, False, ("puhelin", "tfn")),
        F("email", _email, False, ("sähköposti", "sahkoposti", "e-post")),
        F("self_referral", parse_bool, False, ("suoraan", "itse hakeutuen", "ilman lähetettä"),
          ("yes", "no"), "voiko perhe ottaa yhteyttä suoraan", "may the family contact directly"),
        F("ages", parse_ages, False, ("ikä", "ikäryhmä", "iät"), help_fi="esim. 0-6",
          help_en="e.g. 0-6"),
        F("languages", _languages, False, ("kielet", "språk")),
        F("capacity", parse_int, False, ("kapasiteetti", "asiakasmäärä"),
          help_fi="asiakkaita vuodessa", help_en="clients per year"),
        F("channels", _enum_list(Channel), False, ("kanavat", "yhteydenottotapa"),
          _choices(Channel)),
        F("address", _text, False, ("osoite", "adress")),
        F("description", _text, False, ("kuvaus", "beskrivning")),
        F("valid_from", parse_date, False, ("alkaen", "voimassa alkaen")),
        F("valid_to", parse_date, False, ("päättyen", "voimassa asti")),
        # in the dataclass's order (the store's columns; bench_import's floor reads them so)
        F("eligibility", _text, False, ("kenelle", "kohderyhmä", "kelpoisuus", "för vem",
                                        "målgrupp", "eligibility_description")),
        F("hours", _hours, False, ("aukioloajat", "aukiolo", "aukioloaika", "öppettider",
                                   "opening_hours", "opening hours")),
        F("latitude", _latitude, False, ("leveysaste", "lat", "latitud")),
        F("longitude", _longitude, False, ("pituusaste", "lon", "lng", "longitud")),
        F("hub", parse_bool, False, ("keskitetty yhteydenotto", "koordinaationumero", "etuovi"),
          ("yes", "no"), "kyllä = keskitetty yhteydenottopaikka (esim. alueen koordinaationumero)",
          "yes = a designed hub everyone contacts (e.g. a coordination number)"),
    ),
    "roles": (
        F("id", _ident, True, ("tunnus",)),
        F("title", _text, True, ("nimike", "tehtävä", "titel")),
        F("unit", _ident, True, ("yksikkö", "yksikko", "enhet")),
        F("person", _text, False, ("henkilö", "henkilo", "nimi", "person")),
        F("phone", _phone, False, ("puhelin", "tfn")),
        F("email", _email, False, ("sähköposti", "sahkoposti", "e-post")),
        F("verified", parse_date, False, ("tarkistettu", "päivitetty", "verifierad"),
          help_fi="päivämäärä, jolloin yhteystieto tarkistettiin", help_en="date last checked"),
        F("public", parse_bool, False, ("julkinen", "offentlig"), ("yes", "no"),
          "saako nimen näyttää julkisesti", "may the name be shown publicly"),
        F("valid_from", parse_date, False, ("alkaen", "voimassa alkaen")),
        F("valid_to", parse_date, False, ("päättyen", "voimassa asti")),
    ),
    "links": (
        F("source", _ident, True, ("lähde", "mistä", "från")),
        F("target", _ident, True, ("kohde", "mihin", "till")),
        F("kind", _enum(LinkKind), True, ("laji", "tyyppi", "yhteys"), _choices(LinkKind)),
        F("volume", parse_int, False, ("määrä", "volyymi", "ohjauksia vuodessa"),
          help_fi="kertaa vuodessa", help_en="times per year"),
        F("frequency", _enum(Frequency), False, ("tiheys", "säännöllisyys"), _choices(Frequency)),
        F("structural", parse_bool, False, ("rakenteellinen", "pysyvä"), ("yes", "no")),
        F("data_source", _enum(DataSource), False, ("tietolähde",), _choices(DataSource)),
        F("valid_from", parse_date, False, ("alkaen", "voimassa alkaen")),
        F("valid_to", parse_date, False, ("päättyen", "voimassa asti")),
        F("note", _text, False, ("huomio", "lisätieto", "kommentti", "anm")),
        F("cooperation", _enum(Cooperation), False, ("yhteistyön taso", "yhteistyötaso",
                                                      "samarbetsnivå"), _choices(Cooperation)),
        F("trust", parse_score, False, ("luottamus", "förtroende")),
        F("value", parse_score, False, ("hyöty", "arvo", "nytta")),
        F("survey_round", _text, False, ("kyselykierros", "kierros", "enkätomgång")),
        F("survey_date", parse_date, False, ("kyselyn päivä", "kyselypäivä", "enkätdatum")),
    ),
}
del F

#: Instructions for the columns whose spec above does not carry them (the template's
#: instruction sheet shows them; fi, en).
_HELP = {
    ("organisations", "id"): ("yksilöllinen tunnus, esim. lahti-kaupunki",
                              "unique id, e.g. lahti-city"),
    ("organisations", "name"): ("organisaation nimi", "name of the organisation"),
    ("organisations", "website"): ("verkkosivun osoite", "web address"),
    ("units", "id"): ("yksilöllinen tunnus, esim. lahti-neuvola-1", "unique id"),
    ("units", "name"): ("yksikön tai palvelun nimi", "name of the unit or service"),
    ("units", "organisation"): ("järjestävän organisaation tunnus (organisaatiot-välilehti)",
                                "id of the organisation running it (organisations sheet)"),
    ("units", "area"): ("alueen tunnus (alueet-välilehti)", "id of its area (areas sheet)"),
    ("units", "type"): ("palvelu, tiimi, kohtaamispaikka, työryhmä tai toimipiste",
                        "service, team, meeting place, forum or site"),
    ("units", "phone"): ("yksikön puhelinnumero", "the unit's phone number"),
    ("units", "email"): ("yksikön sähköposti", "the unit's e-mail address"),
    ("units", "languages"): ("palvelukielet ;-merkillä erotettuna, esim. fi;sv",
                             "languages served, separated by ;, e.g. fi;sv"),
    ("units", "channels"): ("yhteydenottotavat ;-merkillä erotettuna",
                            "ways to get in touch, separated by ;"),
    ("units", "address"): ("käyntiosoite", "street address"),
    ("units", "description"): ("lyhyt kuvaus palvelusta", "a short description"),
    ("units", "latitude"): ("käyntiosoitteen leveysaste (WGS84), esim. 61,3372",
                            "latitude of the address (WGS84), e.g. 61.3372"),
    ("units", "longitude"): ("käyntiosoitteen pituusaste (WGS84), esim. 22,9290",
                             "longitude of the address (WGS84), e.g. 22.9290"),
    ("units", "eligibility"): ("kenelle palvelu on tarkoitettu, esim. alle kouluikäisten "
                               "lasten perheet Sastamalassa",
                               "who may use it, e.g. families with children under school age"),
    ("units", "hours"): ("aukioloajat, esim. ma–pe 8–16; ke 12–18; suljettu 24.12.; "
                         "voimassa 1.1.2026–31.12.2026",
                         "opening hours, e.g. mon–fri 8–16; wed 12–18; closed 24.12.; "
                         "valid 1.1.2026–31.12.2026"),
    ("roles", "id"): ("yksilöllinen tunnus", "unique id"),
    ("roles", "title"): ("ammattinimike, esim. terveydenhoitaja", "job title, e.g. public health nurse"),
    ("roles", "unit"): ("yksikön tunnus (yksiköt-välilehti)", "id of the unit (units sheet)"),
    ("roles", "person"): ("tehtävää hoitavan työntekijän nimi (vapaaehtoinen)",
                          "name of the professional holding it (optional)"),
    ("roles", "phone"): ("työpuhelin", "work phone"),
    ("roles", "email"): ("työsähköposti", "work e-mail"),
    ("links", "source"): ("yksikön tai tehtävän tunnus, josta yhteys lähtee",
                          "id of the unit or role the link starts from"),
    ("links", "target"): ("yksikön tai tehtävän tunnus, johon yhteys kohdistuu",
                          "id of the unit or role the link goes to"),
    ("links", "kind"): ("yhteyden laji: ohjaa, konsultoi, työpari, samoissa tiloissa, "
                        "jalkautuu, yhdyshenkilö, jäsen, tiedottaa",
                        "refers, consults, works_with, co_located, outreach, contact, member, "
                        "informs"),
    ("links", "frequency"): ("kuinka usein, esim. viikoittain", "how often, e.g. weekly"),
    ("links", "structural"): ("kyllä = sovittu pysyvä käytäntö, ei = vain asiakaskohtaisesti",
                              "yes = an agreed standing practice, no = case by case only"),
    ("links", "data_source"): ("mistä tieto on: kysely, tuonti tai käsin",
                               "where it comes from: survey, import or manual"),
    ("links", "note"): ("vapaa huomautus (ei asiakastietoja)", "free note (no client data)"),
    ("links", "cooperation"): ("yhteistyön taso kyselyssä: tietoisuus, yhteistoiminta, "
                               "koordinaatio tai integraatio (1-4)",
                               "survey cooperation level: awareness, cooperation, "
                               "coordination or integration (1-4)"),
    ("links", "trust"): ("luottamus 1-4 (luotettavuus, sitoutuminen tehtävään, avoimuus)",
                         "trust 1-4 (reliability, support of mission, openness)"),
    ("links", "value"): ("hyöty 1-4 (vaikutusvalta, osallistuminen, resurssit)",
                         "value 1-4 (power/influence, involvement, resources)"),
    ("links", "survey_round"): ("kyselykierroksen tunnus, esim. 2026-kevät",
                                "survey round id, e.g. 2026-spring"),
    ("links", "survey_date"): ("kyselyn päivämäärä", "date of the survey"),
}
for _sheet in ("units", "roles", "links"):
    _HELP[(_sheet, "valid_from")] = ("voimassa alkaen (pvm)", "valid from (date)")
    _HELP[(_sheet, "valid_to")] = ("voimassa asti (pvm)", "valid until (date)")
FIELDS = {sheet: tuple(dataclasses.replace(f, help_fi=_HELP[(sheet, f.name)][0],
                                           help_en=_HELP[(sheet, f.name)][1])
                       if not f.help_fi and (sheet, f.name) in _HELP else f for f in fields)
          for sheet, fields in FIELDS.items()}


def field_names(sheet: str) -> list[str]:
    return [f.name for f in FIELDS[sheet]]


def record_to_row(sheet: str, record) -> dict[str, str]:
    """Workbook cells for a record, keyed by canonical column name."""
    return {f.name: format_value(getattr(record, f.name)) for f in FIELDS[sheet]}


def record_to_dict(record) -> dict[str, Any]:
    """JSON-friendly dict of a record (enums as values, dates ISO, ages as [lo, hi])."""
    out = {}
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, list):
            value = [str(v) for v in value]
        elif isinstance(value, StrEnum):
            value = value.value
        out[name] = value
    return out


def _field_names(cls: type) -> tuple[str, ...]:
    # dataclasses.fields() builds its answer on every call: a store writing thousands
    # of history entries asked it once per record
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def record_from_dict(sheet: str, data: dict[str, Any]):
    """Inverse of :func:`record_to_dict` (and of the stores' row decoding)."""
    cls = RECORD_TYPES[sheet]
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if value is not None:
            value = coerce_value(sheet, f.name, value)
        kwargs[f.name] = value
    return cls(**kwargs)


_ENUM_FIELDS = {
    ("areas", "kind"): AreaKind, ("organisations", "sector"): Sector,
    ("units", "type"): UnitType, ("units", "level"): Level, ("links", "kind"): LinkKind,
    ("links", "frequency"): Frequency, ("links", "data_source"): DataSource,
    ("links", "cooperation"): Cooperation,
}
_DATE_FIELDS = {("roles", "verified"), ("links", "valid_from"), ("links", "valid_to"),
                ("links", "survey_date"),
                ("units", "valid_from"), ("units", "valid_to"),
                ("roles", "valid_from"), ("roles", "valid_to")}


#: The (sheet, field) pairs whose stored form :func:`coerce_value` turns into the
#: record's type (enums, dates, ages, channels); every other field is kept as it is.
COERCED_FIELDS = frozenset(_ENUM_FIELDS) | _DATE_FIELDS | {("units", "ages"),
                                                           ("units", "channels")}


def coerce_value(sheet: str, name: str, value: Any) -> Any:
    """A stored or JSON value (not None) of ``sheet``'s field ``name`` as the record
    holds it; what :func:`record_from_dict` does per field (a store decoding a whole
    table column by column calls it once per distinct value)."""
    if (sheet, name) in _ENUM_FIELDS:
        return _ENUM_FIELDS[(sheet, name)](value)
    if (sheet, name) in _DATE_FIELDS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if (sheet, name) == ("units", "ages"):
        return (int(value[0]), int(value[1]))
    if (sheet, name) == ("units", "channels"):
        return [Channel(v) for v in value]
    return value


# -------------------------------------------------------------------- network


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


_SHEET_OF = {cls: sheet for sheet, cls in RECORD_TYPES.items()}


def sheet_of(record) -> str:
    return _SHEET_OF[type(record)]


# ------------------------------------------------------------------ whole-network rules


MAX_HINTS = 25  # distinct missing ids that get a "did you mean" per check


def check_network(net: Network) -> list[Problem]:
    """Every rule that spans records.  Returns problems; an empty list means valid.

    * ids are unique across areas, organisations, units and roles (links name units
      and roles by id, and the graph keys every node by id);
    * every reference (parent, organisation, area, unit, link ends) exists;
    * the area hierarchy has no cycle;
    * a link does not join a node to itself; ``member`` links point at a forum;
    * a link's, unit's or role's validity does not end before it starts.
    """
    problems: list[Problem] = _value_problems(net)
    owners: dict[str, str] = {}
    folded: dict[str, str] = {}  # ids differing only in case are one id (REL-Dup, rel-dup)
    for sheet in ("areas", "organisations", "units", "roles"):
        for key in getattr(net, sheet):
            if key in owners:
                problems.append(Problem(sheet, key, "id",
                                        f"id {key!r} is already used in {owners[key]}"))
                continue
            owners[key] = sheet
            same = folded.setdefault(key.casefold(), key)
            if same != key:
                problems.append(Problem(sheet, key, "id", Message(
                    "id_case_duplicate", id=repr(key), other=repr(same), sheet=owners[same])))

    hints: dict[tuple[str, str], str | None] = {}

    def hint_for(value, among, choices):
        # "did you mean" costs a difflib scan of every id (0.2 s at national scale), so
        # only the first few distinct missing ids get one: a links sheet of 10,000
        # dangling ends must not take an hour to report
        if (among, value) not in hints and len(hints) < MAX_HINTS:
            hints[among, value] = closest(value, choices())
        return hints.get((among, value))

    def ref(sheet, key, fld, value, target_sheet, what):
        if value and value not in getattr(net, target_sheet):
            hint = hint_for(value, target_sheet, lambda: getattr(net, target_sheet))
            problems.append(Problem(sheet, key, fld, f"no {what} with id {value!r}"
                                    + (f" (did you mean {hint!r}?)" if hint else "")))

    for a in net.areas.values():
        ref("areas", a.id, "parent", a.parent, "areas", "area")
    for u in net.units.values():
        ref("units", u.id, "organisation", u.organisation, "organisations", "organisation")
        ref("units", u.id, "area", u.area, "areas", "area")
        if u.valid_from and u.valid_to and u.valid_to < u.valid_from:
            problems.append(Problem("units", u.id, "valid_to", "validity ends before it starts"))
        if (u.latitude is None) != (u.longitude is None):
            problems.append(Problem("units", u.id, "longitude" if u.longitude is None
                                    else "latitude", Message("coordinates_pair")))
    for r in net.roles.values():
        ref("roles", r.id, "unit", r.unit, "units", "unit")
        if r.valid_from and r.valid_to and r.valid_to < r.valid_from:
            problems.append(Problem("roles", r.id, "valid_to", "validity ends before it starts"))
    units, roles, member = net.units, net.roles, LinkKind.MEMBER
    for link in net.links.values():
        # the common case, checked cheaply: a national import has 250,000 links
        src, tgt = link.source, link.target
        if ((src in units or src in roles) and (tgt in units or tgt in roles) and src != tgt
                and link.kind != member and not (link.valid_from and link.valid_to)):
            continue
        key = link.id
        for end in ("source", "target"):
            node = getattr(link, end)
            if node not in net.units and node not in net.roles:
                hint = hint_for(node, "nodes", lambda: list(net.units) + list(net.roles))
                problems.append(Problem("links", key, end, f"no unit or role with id {node!r}"
                                        + (f" (did you mean {hint!r}?)" if hint else "")))
        if link.source == link.target:
            problems.append(Problem("links", key, "target", "a link cannot join a node to itself"))
        if link.kind == LinkKind.MEMBER:
            target = net.units.get(link.target)
            if target is not None and target.type != UnitType.FORUM:
                problems.append(Problem("links", key, "target",
                                        f"'member' links point at a forum; {link.target!r} is a "
                                        f"{target.type.value}"))
        if link.valid_from and link.valid_to and link.valid_to < link.valid_from:
            problems.append(Problem("links", key, "valid_to", "validity ends before it starts"))

    problems.extend(_area_cycles(net))
    return problems


_TEXT_FIELDS = {cls: [f.name for f in dataclasses.fields(cls) if "str" in str(f.type)]
                for cls in (Area, Organisation, Unit, Role)}


def _value_problems(net: Network) -> list[Problem]:
    """Texts and numbers every path must refuse (:func:`check_text`,
    :func:`check_number`), checked here too because not every importer builds its
    records through the field parsers (HSDS, PTV) and the store calls this before
    every write; at national scale links hold only ``note`` and ``volume`` to check."""
    if _values_look_fine(net):
        return []
    problems = []

    def check(sheet, key, name, value):
        try:
            if isinstance(value, str):
                check_text(value)
            elif isinstance(value, int) and not isinstance(value, bool):
                check_number(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, str):
                        check_text(item)
        except ValueError as exc:
            problems.append(Problem(sheet, key, name, message_of(exc)))

    for sheet, cls in (("areas", Area), ("organisations", Organisation), ("units", Unit),
                       ("roles", Role)):
        names = _TEXT_FIELDS[cls] + (["capacity"] if cls is Unit else [])
        for key, record in getattr(net, sheet).items():
            for name in names:
                value = getattr(record, name)
                if value is not None:
                    check(sheet, key, name, value)
    for link in net.links.values():
        if link.note is not None:
            check("links", link.id, "note", link.note)
        if link.volume is not None and not 0 <= link.volume <= MAX_NUMBER:
            check("links", link.id, "volume", link.volume)
    return problems


def _values_look_fine(net: Network) -> bool:
    """The common case at C speed (250,000 links, 30,000 roles at national scale): all
    texts of a sheet joined and searched once, numbers by min/max; only when this
    fails are the records gone through one by one to say which."""
    from itertools import chain
    from operator import attrgetter
    texts = []
    for sheet, cls in (("areas", Area), ("organisations", Organisation), ("units", Unit),
                       ("roles", Role)):
        records = getattr(net, sheet).values()
        scalars = [n for n in _TEXT_FIELDS[cls] if n not in ("services", "languages")]
        texts.append("\n".join(filter(None, chain.from_iterable(
            map(attrgetter(*scalars), records)))))
    units = net.units.values()
    texts.append("\n".join(chain.from_iterable(u.services + u.languages for u in units)))
    links = net.links.values()
    texts.append("\n".join(filter(None, map(attrgetter("note"), links))))
    if any(map(_BAD_CHARS.search, texts)):
        return False
    for numbers in (list(filter(None, map(attrgetter("capacity"), units))),
                    list(filter(None, map(attrgetter("volume"), links)))):
        if numbers and (min(numbers) < 0 or max(numbers) > MAX_NUMBER):
            return False
    return True


def _area_cycles(net: Network) -> list[Problem]:
    problems, reported = [], set()
    for start in net.areas:
        path, current = [], start
        while current and current in net.areas and current not in path:
            path.append(current)
            current = net.areas[current].parent
        if current in path:
            cycle = path[path.index(current):]
            if not reported.intersection(cycle):
                reported.update(cycle)
                chain = " → ".join(cycle + [current])
                problems.append(Problem("areas", current, "parent",
                                        f"the area hierarchy has a cycle: {chain}"))
    return problems


def validate(net: Network) -> None:
    """Raise :class:`ValidationError` listing every problem in ``net``."""
    problems = check_network(net)
    if problems:
        raise ValidationError(problems, "the network is not valid")


# ------------------------------------------------------------------------ users


class UserRole(StrEnum):
    """What an account may do (issue 5): read, change its own areas, or everything."""

    VIEWER = "viewer"
    EDITOR = "editor"  # writes only in User.areas and the areas below them
    ADMIN = "admin"    # everything, including accounts


_USERNAME = re.compile(r"^[A-Za-z0-9_.@\-]{3,64}$")


def check_username(name: str) -> str:
    """``name`` if it is a valid username (3–64 letters, digits and ``_.@-``), else
    ValueError: usernames appear in URLs, logs and history rows, so no spaces."""
    if not isinstance(name, str) or not _USERNAME.match(name):
        raise ValueError(f"a username is 3–64 letters, digits or _.@- (no spaces), got {name!r}")
    return name


@dataclass
class User:
    """An account.  Only a password *hash* is ever held (werkzeug.security)."""

    username: str
    password_hash: str
    role: UserRole = UserRole.VIEWER
    areas: list[str] = field(default_factory=list)
    created: dt.datetime | None = None
    #: the account's current sessions' key, kept by the store: a web session holds it
    #: and ends once it changes (logout, new password) — issue 10 item 7
    session_key: str | None = field(default=None, compare=False)

    def __post_init__(self):
        check_username(self.username)
        self.role = parse_enum(UserRole, str(self.role))
        if not self.password_hash or not isinstance(self.password_hash, str):
            raise ValueError(f"user {self.username!r} has no password hash")
        bad = [a for a in self.areas if not isinstance(a, str) or not _ID.match(a)]
        if bad:
            raise ValueError(f"user {self.username!r}: area ids {bad!r} are not valid ids")
        self.areas = list(self.areas)
        if self.created is None:
            self.created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)

    def __repr__(self) -> str:  # never print the hash into logs
        return f"User({self.username!r}, role={self.role.value!r}, areas={self.areas!r})"


def hash_password(password: str) -> str:
    """A salted hash of ``password`` (werkzeug's default scrypt); raises ValueError for
    an empty or too short password (fewer than 8 characters)."""
    from werkzeug.security import generate_password_hash
    if not isinstance(password, str) or len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    return generate_password_hash(password)


def check_password(user: User, password: str) -> bool:
    from werkzeug.security import check_password_hash
    return check_password_hash(user.password_hash, password)
