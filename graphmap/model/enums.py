"""The model's closed vocabularies (DOMAIN.md §2-§7): area levels, sectors, unit types,
support levels, link kinds, frequencies, channels, cooperation and data sources, with the
sets analysis reasons with (public sectors, referral and symmetric link kinds).

The canonical value of each is its English name, what is stored and exported; the
Finnish and Swedish spellings people type are in :mod:`graphmap.model.vocabulary`."""
from __future__ import annotations

from enum import StrEnum


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
