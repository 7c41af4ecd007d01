"""How each record's attributes are written in a workbook cell and read back:
one :class:`FieldSpec` per column with its parser, aliases, choices and help text."""
from __future__ import annotations

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
        F("id", _ident, True, ("tunnus",),
          help_fi="yksilöllinen tunnus, esim. lahti-kaupunki",
          help_en="unique id, e.g. lahti-city"),
        F("name", _text, True, ("nimi", "namn"),
          help_fi="organisaation nimi",
          help_en="name of the organisation"),
        F("sector", _enum(Sector), True, ("sektori", "toimija", "tyyppi"), _choices(Sector),
          "sektori", "sector"),
        F("website", _text, False, ("verkkosivu", "www"),
          help_fi="verkkosivun osoite",
          help_en="web address"),
    ),
    "units": (
        F("id", _ident, True, ("tunnus",),
          help_fi="yksilöllinen tunnus, esim. lahti-neuvola-1",
          help_en="unique id"),
        F("name", _text, True, ("nimi", "namn"),
          help_fi="yksikön tai palvelun nimi",
          help_en="name of the unit or service"),
        F("organisation", _ident, True, ("organisaatio", "org", "järjestäjä"),
          help_fi="järjestävän organisaation tunnus (organisaatiot-välilehti)",
          help_en="id of the organisation running it (organisations sheet)"),
        F("area", _ident, True, ("alue", "område"),
          help_fi="alueen tunnus (alueet-välilehti)",
          help_en="id of its area (areas sheet)"),
        F("type", _enum(UnitType), False, ("tyyppi",), _choices(UnitType),
          help_fi="palvelu, tiimi, kohtaamispaikka, työryhmä tai toimipiste",
          help_en="service, team, meeting place, forum or site"),
        F("level", _enum(Level), False, ("taso", "tuen taso", "porras"), _choices(Level),
          "tuen taso (porrasteisuus)", "support level"),
        F("services", parse_list, False, ("palvelut", "avainsanat", "tjänster"),
          help_fi="palvelut ;-merkillä erotettuna", help_en="service keywords separated by ;"),
        F("phone", _phone, False, ("puhelin", "tfn"),
          help_fi="yksikön puhelinnumero",
          help_en="the unit's phone number"),
        F("email", _email, False, ("sähköposti", "sahkoposti", "e-post"),
          help_fi="yksikön sähköposti",
          help_en="the unit's e-mail address"),
        F("self_referral", parse_bool, False, ("suoraan", "itse hakeutuen", "ilman lähetettä"),
          ("yes", "no"), "voiko perhe ottaa yhteyttä suoraan", "may the family contact directly"),
        F("ages", parse_ages, False, ("ikä", "ikäryhmä", "iät"), help_fi="esim. 0-6",
          help_en="e.g. 0-6"),
        F("languages", _languages, False, ("kielet", "språk"),
          help_fi="palvelukielet ;-merkillä erotettuna, esim. fi;sv",
          help_en="languages served, separated by ;, e.g. fi;sv"),
        F("capacity", parse_int, False, ("kapasiteetti", "asiakasmäärä"),
          help_fi="asiakkaita vuodessa", help_en="clients per year"),
        F("channels", _enum_list(Channel), False, ("kanavat", "yhteydenottotapa"),
          _choices(Channel),
          help_fi="yhteydenottotavat ;-merkillä erotettuna",
          help_en="ways to get in touch, separated by ;"),
        F("address", _text, False, ("osoite", "adress"), help_fi="käyntiosoite", help_en="street address"),
        F("description", _text, False, ("kuvaus", "beskrivning"),
          help_fi="lyhyt kuvaus palvelusta",
          help_en="a short description"),
        F("valid_from", parse_date, False, ("alkaen", "voimassa alkaen"),
          help_fi="voimassa alkaen (pvm)",
          help_en="valid from (date)"),
        F("valid_to", parse_date, False, ("päättyen", "voimassa asti"),
          help_fi="voimassa asti (pvm)",
          help_en="valid until (date)"),
        # in the dataclass's order (the store's columns; bench_import's floor reads them so)
        F("eligibility", _text, False, ("kenelle", "kohderyhmä", "kelpoisuus", "för vem",
                                        "målgrupp", "eligibility_description"),
          help_fi="kenelle palvelu on tarkoitettu, esim. alle kouluikäisten lasten perheet "
                  "Sastamalassa",
          help_en="who may use it, e.g. families with children under school age"),
        F("hours", _hours, False, ("aukioloajat", "aukiolo", "aukioloaika", "öppettider",
                                   "opening_hours", "opening hours"),
          help_fi="aukioloajat, esim. ma–pe 8–16; ke 12–18; suljettu 24.12.; voimassa "
                  "1.1.2026–31.12.2026",
          help_en="opening hours, e.g. mon–fri 8–16; wed 12–18; closed 24.12.; valid "
                  "1.1.2026–31.12.2026"),
        F("latitude", _latitude, False, ("leveysaste", "lat", "latitud"),
          help_fi="käyntiosoitteen leveysaste (WGS84), esim. 61,3372",
          help_en="latitude of the address (WGS84), e.g. 61.3372"),
        F("longitude", _longitude, False, ("pituusaste", "lon", "lng", "longitud"),
          help_fi="käyntiosoitteen pituusaste (WGS84), esim. 22,9290",
          help_en="longitude of the address (WGS84), e.g. 22.9290"),
        F("hub", parse_bool, False, ("keskitetty yhteydenotto", "koordinaationumero", "etuovi"),
          ("yes", "no"), "kyllä = keskitetty yhteydenottopaikka (esim. alueen koordinaationumero)",
          "yes = a designed hub everyone contacts (e.g. a coordination number)"),
    ),
    "roles": (
        F("id", _ident, True, ("tunnus",), help_fi="yksilöllinen tunnus", help_en="unique id"),
        F("title", _text, True, ("nimike", "tehtävä", "titel"),
          help_fi="ammattinimike, esim. terveydenhoitaja",
          help_en="job title, e.g. public health nurse"),
        F("unit", _ident, True, ("yksikkö", "yksikko", "enhet"),
          help_fi="yksikön tunnus (yksiköt-välilehti)",
          help_en="id of the unit (units sheet)"),
        F("person", _text, False, ("henkilö", "henkilo", "nimi", "person"),
          help_fi="tehtävää hoitavan työntekijän nimi (vapaaehtoinen)",
          help_en="name of the professional holding it (optional)"),
        F("phone", _phone, False, ("puhelin", "tfn"), help_fi="työpuhelin", help_en="work phone"),
        F("email", _email, False, ("sähköposti", "sahkoposti", "e-post"),
          help_fi="työsähköposti",
          help_en="work e-mail"),
        F("verified", parse_date, False, ("tarkistettu", "päivitetty", "verifierad"),
          help_fi="päivämäärä, jolloin yhteystieto tarkistettiin", help_en="date last checked"),
        F("public", parse_bool, False, ("julkinen", "offentlig"), ("yes", "no"),
          "saako nimen näyttää julkisesti", "may the name be shown publicly"),
        F("valid_from", parse_date, False, ("alkaen", "voimassa alkaen"),
          help_fi="voimassa alkaen (pvm)",
          help_en="valid from (date)"),
        F("valid_to", parse_date, False, ("päättyen", "voimassa asti"),
          help_fi="voimassa asti (pvm)",
          help_en="valid until (date)"),
    ),
    "links": (
        F("source", _ident, True, ("lähde", "mistä", "från"),
          help_fi="yksikön tai tehtävän tunnus, josta yhteys lähtee",
          help_en="id of the unit or role the link starts from"),
        F("target", _ident, True, ("kohde", "mihin", "till"),
          help_fi="yksikön tai tehtävän tunnus, johon yhteys kohdistuu",
          help_en="id of the unit or role the link goes to"),
        F("kind", _enum(LinkKind), True, ("laji", "tyyppi", "yhteys"), _choices(LinkKind),
          help_fi="yhteyden laji: ohjaa, konsultoi, työpari, samoissa tiloissa, jalkautuu, "
                  "yhdyshenkilö, jäsen, tiedottaa",
          help_en="refers, consults, works_with, co_located, outreach, contact, member, informs"),
        F("volume", parse_int, False, ("määrä", "volyymi", "ohjauksia vuodessa"),
          help_fi="kertaa vuodessa", help_en="times per year"),
        F("frequency", _enum(Frequency), False, ("tiheys", "säännöllisyys"), _choices(Frequency),
          help_fi="kuinka usein, esim. viikoittain",
          help_en="how often, e.g. weekly"),
        F("structural", parse_bool, False, ("rakenteellinen", "pysyvä"), ("yes", "no"),
          help_fi="kyllä = sovittu pysyvä käytäntö, ei = vain asiakaskohtaisesti",
          help_en="yes = an agreed standing practice, no = case by case only"),
        F("data_source", _enum(DataSource), False, ("tietolähde",), _choices(DataSource),
          help_fi="mistä tieto on: kysely, tuonti tai käsin",
          help_en="where it comes from: survey, import or manual"),
        F("valid_from", parse_date, False, ("alkaen", "voimassa alkaen"),
          help_fi="voimassa alkaen (pvm)",
          help_en="valid from (date)"),
        F("valid_to", parse_date, False, ("päättyen", "voimassa asti"),
          help_fi="voimassa asti (pvm)",
          help_en="valid until (date)"),
        F("note", _text, False, ("huomio", "lisätieto", "kommentti", "anm"),
          help_fi="vapaa huomautus (ei asiakastietoja)",
          help_en="free note (no client data)"),
        F("cooperation", _enum(Cooperation), False, ("yhteistyön taso", "yhteistyötaso",
                                                      "samarbetsnivå"), _choices(Cooperation),
          help_fi="yhteistyön taso kyselyssä: tietoisuus, yhteistoiminta, koordinaatio tai "
                  "integraatio (1-4)",
          help_en="survey cooperation level: awareness, cooperation, coordination or "
                  "integration (1-4)"),
        F("trust", parse_score, False, ("luottamus", "förtroende"),
          help_fi="luottamus 1-4 (luotettavuus, sitoutuminen tehtävään, avoimuus)",
          help_en="trust 1-4 (reliability, support of mission, openness)"),
        F("value", parse_score, False, ("hyöty", "arvo", "nytta"),
          help_fi="hyöty 1-4 (vaikutusvalta, osallistuminen, resurssit)",
          help_en="value 1-4 (power/influence, involvement, resources)"),
        F("survey_round", _text, False, ("kyselykierros", "kierros", "enkätomgång"),
          help_fi="kyselykierroksen tunnus, esim. 2026-kevät",
          help_en="survey round id, e.g. 2026-spring"),
        F("survey_date", parse_date, False, ("kyselyn päivä", "kyselypäivä", "enkätdatum"),
          help_fi="kyselyn päivämäärä",
          help_en="date of the survey"),
    ),
}
del F



def field_names(sheet: str) -> list[str]:
    return [f.name for f in FIELDS[sheet]]


def record_to_row(sheet: str, record) -> dict[str, str]:
    """Workbook cells for a record, keyed by canonical column name."""
    return {f.name: format_value(getattr(record, f.name)) for f in FIELDS[sheet]}
