"""The five kinds of record a network holds (DOMAIN.md §2, §4): areas, organisations,
units, roles and links, and the sheet each is kept on (:data:`RECORD_TYPES`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .enums import AreaKind, Channel, Cooperation, DataSource, Frequency, Level, LinkKind, Sector, UnitType


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
        return link_key_text(self.source, self.target, self.kind)


def link_key_text(source: str, target: str, kind) -> str:
    """A link's key as one text, ``source>target:kind`` (:attr:`Link.id`; history keys,
    URLs, map edges).  :func:`parse_link_key` reads it back."""
    return f"{source}>{target}:{kind}"


def parse_link_key(text) -> tuple[str, str, str]:
    """``source>target:kind`` (or a 3-tuple) as the link key tuple (:attr:`Link.key`);
    ValueError for anything else.  Ids never hold ``>``, and the kind never holds ``:``,
    so the split is unambiguous."""
    if isinstance(text, (tuple, list)) and len(text) == 3:
        return (str(text[0]), str(text[1]), str(text[2]))
    if isinstance(text, str) and ">" in text and ":" in text:
        ends, kind = text.rsplit(":", 1)
        source, target = ends.split(">", 1)
        if source and target and kind:
            return (source, target, kind)
    raise ValueError(f"a link key is 'source>target:kind', got {text!r}")


RECORD_TYPES: dict[str, type] = {
    "areas": Area, "organisations": Organisation, "units": Unit, "roles": Role, "links": Link,
}
#: the sheets in their order (a workbook's sheets, an export's files, history's filter)
SHEETS: tuple[str, ...] = tuple(RECORD_TYPES)
#: the sheets whose records are nodes of the graph: all but the links between them
NODE_SHEETS: tuple[str, ...] = tuple(s for s in SHEETS if s != "links")


_SHEET_OF = {cls: sheet for sheet, cls in RECORD_TYPES.items()}


def sheet_of(record) -> str:
    return _SHEET_OF[type(record)]
