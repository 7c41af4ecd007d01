"""How each record's attributes are written in a workbook cell and read back:
one :class:`FieldSpec` per column with its parser, aliases, choices and help text."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

from .enums import AreaKind, Channel, Cooperation, DataSource, Frequency, Level, LinkKind, Sector, UnitType
from .values import (_choices, _email, _enum, _enum_list, _hours, _ident, _languages, _latitude,
                     _longitude, _phone, _text, format_value, parse_ages, parse_bool, parse_date,
                     parse_int, parse_list, parse_score)


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
