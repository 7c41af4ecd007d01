"""The words people type for the model's enum values and for yes/no, in Finnish,
Swedish and other spellings: what :func:`graphmap.model.values.parse_enum` and
:func:`~graphmap.model.values.parse_bool` accept besides the canonical values."""
from __future__ import annotations

from .enums import AreaKind, Channel, Cooperation, DataSource, Frequency, Level, LinkKind, Sector, UnitType

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
