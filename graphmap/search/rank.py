"""Scoring and explaining "who do I call" answers.

What: turns one candidate unit's match strength and context into a score and a
list of short reasons in Finnish, Swedish or English.

Why (DOMAIN.md §3, §7): a front-line worker needs the service that fits the worry
at the *lowest sufficient* support level (porrasteisuus — early support before
child protection, S:1446-1458, so cases do not jump to level 4, T:13, O:54), near
the family, reachable directly if possible, through a link their own unit already
has (saattaen vaihtaen, S:1251), with someone answering a phone that is still
right (staff turnover breaks contacts, T:1091, S:3074, PH:351).

How — the score, highest first (ties: level, named contact, latest check, name)::

    score = 100 · match                 match ∈ [0, 1], see graphmap.search.index
          + LEVEL[level]                universal +6, early +6, special −4,
                                        protection −10; all 0 when the query has an
                                        urgent need (graphmap/data/needs/urgent.toml)
          + AREA                        same family-centre area +15, a county-wide
                                        unit above it +10, neighbouring (same county,
                                        or linked) +5, elsewhere −15; 0 without area
          + 4 · self_referral           the family may contact directly
          + PATH                        from my unit: 1 link +6, 2 links +3, 3 links +1
          + CAPACITY                    referrals in > capacity −8, > 80 % −3
          + FRESH                       the unit's most recently verified contact
                                        ≤ 365 days ago +3, older −3, never verified −1
          + NAMED                       a public, named contact +2 (rule e)
          + PARENT                      an adult service for a parent's own need +20
                                        (rule d; enough to outweigh the level terms)

Match strength carries most weight: all the other terms together span at most 92
points (+56 … −36), so they order services whose match differs by less than 0.9 —
in practice, services that match the same keywords.  The weights are plain
constants below (a hand-tuned linear model, each term explained in ``why``).
Units that do not serve the child's age, forums and the asking unit itself are
left out before scoring.
"""
from __future__ import annotations

import datetime as dt

LEVEL_BONUS = {"universal": 6.0, "early": 6.0, "special": -4.0, "protection": -10.0}
AREA_BONUS = {"same": 15.0, "covers": 10.0, "near": 5.0, "far": -15.0}
SELF_REFERRAL_BONUS = 4.0
PATH_BONUS = {1: 6.0, 2: 3.0, 3: 1.0}
OVERLOADED, BUSY = -8.0, -3.0
FRESH, STALE, UNVERIFIED = 3.0, -3.0, -1.0
FRESH_DAYS = 365
NAMED_BONUS = 2.0            # rule (e): a named contact before an anonymous number
PARENT_SERVICE_BONUS = 20.0   # rule (d): the parent's own (adult) service for a parent's worry

WHY = {
    "match": {"fi": "vastaa hakua: {terms}", "sv": "motsvarar sökningen: {terms}",
              "en": "matches: {terms}"},
    "universal": {"fi": "peruspalvelu (yleinen tuki)", "sv": "basservice (allmänt stöd)",
                  "en": "universal service"},
    "early": {"fi": "varhainen tuki, matala kynnys", "sv": "tidigt stöd, låg tröskel",
              "en": "early support, low threshold"},
    "special": {"fi": "erityinen tuki: vaatii palvelutarpeen arvion",
                "sv": "särskilt stöd: kräver en bedömning av servicebehovet",
                "en": "special support: needs a service-needs assessment"},
    "protection": {"fi": "lastensuojelu", "sv": "barnskydd", "en": "child protection"},
    "urgent": {"fi": "vakava huoli: erityinen tuki ja lastensuojelu yhtä hyviä vaihtoehtoja",
               "sv": "allvarlig oro: särskilt stöd och barnskydd lika goda alternativ",
               "en": "serious worry: special support and child protection rank equally"},
    "self": {"fi": "perhe voi ottaa yhteyttä suoraan", "sv": "familjen kan ta kontakt direkt",
             "en": "the family can get in touch directly"},
    "referral": {"fi": "vaatii ohjauksen tai lähetteen", "sv": "kräver remiss eller hänvisning",
                 "en": "needs a referral"},
    "same": {"fi": "samalla alueella ({area})", "sv": "i samma område ({area})",
             "en": "in the same area ({area})"},
    "covers": {"fi": "palvelee koko aluetta ({area})", "sv": "betjänar hela området ({area})",
               "en": "serves the whole area ({area})"},
    "near": {"fi": "lähialueella ({area})", "sv": "i ett närliggande område ({area})",
             "en": "in a neighbouring area ({area})"},
    "far": {"fi": "toisella alueella ({area})", "sv": "i ett annat område ({area})",
            "en": "in another area ({area})"},
    "direct": {"fi": "yksiköllänne on jo suora yhteys tänne",
               "sv": "er enhet har redan en direkt kontakt hit",
               "en": "your unit already has a direct link here"},
    "path": {"fi": "yhteys yksiköstänne {n} linkin kautta", "sv": "kontakt från er enhet via {n} länkar",
             "en": "reachable from your unit through {n} links"},
    "overloaded": {"fi": "ylikuormittunut ({volume} ohjausta/v, kapasiteetti {capacity})",
                   "sv": "överbelastad ({volume} remisser/år, kapacitet {capacity})",
                   "en": "overloaded ({volume} referrals/yr, capacity {capacity})"},
    "busy": {"fi": "lähes täynnä ({volume} ohjausta/v, kapasiteetti {capacity})",
             "sv": "nästan full ({volume} remisser/år, kapacitet {capacity})",
             "en": "nearly full ({volume} referrals/yr, capacity {capacity})"},
    "fresh": {"fi": "yhteystieto tarkistettu {date}", "sv": "kontaktuppgiften kontrollerad {date}",
              "en": "contact checked {date}"},
    "stale": {"fi": "yhteystieto voi olla vanhentunut (tarkistettu {date})",
              "sv": "kontaktuppgiften kan vara föråldrad (kontrollerad {date})",
              "en": "contact may be out of date (checked {date})"},
    "unverified": {"fi": "yhteystietoa ei ole tarkistettu", "sv": "kontaktuppgiften är inte kontrollerad",
                   "en": "contact not verified"},
    "urgent_door": {"fi": "kiireellinen huoli: ota yhteyttä heti tänne",
                    "sv": "brådskande oro: kontakta hit genast",
                    "en": "urgent worry: contact here now"},
    "parent_service": {"fi": "vanhemman oma palvelu (aikuisille)",
                       "sv": "förälderns egen service (för vuxna)",
                       "en": "the parent's own service (for adults)"},
    "front_door": {"fi": "alueen yhteinen yhteydenotto: täältä ohjataan oikeaan palveluun",
                   "sv": "områdets gemensamma kontakt: härifrån lotsas man till rätt service",
                   "en": "the area's front door: they direct you to the right service"},
    # the answer as a whole (who_to_call: "emergency", "notice")
    "emergency": {"fi": "Hätätilanteessa soita 112.", "sv": "I nödsituationer ring 112.",
                  "en": "In an emergency call 112."},
    "not_understood": {
        "fi": "Hakusanoja ei tunnistettu. Alla alueen yhteinen yhteydenotto, josta ohjataan "
              "oikeaan palveluun.",
        "sv": "Sökorden kändes inte igen. Nedan områdets gemensamma kontakt, som lotsar till "
              "rätt service.",
        "en": "The words were not recognised. Below is the area's front door, who will direct "
              "you to the right service."},
    "not_understood_no_area": {
        "fi": "Hakusanoja ei tunnistettu. Kokeile toisia sanoja tai valitse alue, niin näet "
              "alueen yhteisen yhteydenoton.",
        "sv": "Sökorden kändes inte igen. Pröva andra ord eller välj ett område för att se "
              "områdets gemensamma kontakt.",
        "en": "The words were not recognised. Try other words, or choose an area to see its "
              "front door."},
    "nothing_here": {
        "fi": "Alueelta ei löytynyt tähän sopivaa palvelua. Alla alueen yhteinen yhteydenotto.",
        "sv": "Ingen passande service hittades i området. Nedan områdets gemensamma kontakt.",
        "en": "No fitting service was found in the area. Below is the area's front door."},
    "nothing_here_no_area": {
        "fi": "Sopivaa palvelua ei löytynyt. Kokeile toisia sanoja tai poista rajauksia.",
        "sv": "Ingen passande service hittades. Pröva andra ord eller färre villkor.",
        "en": "No fitting service was found. Try other words or fewer filters."},
    "unsure": {
        "fi": "Haku ei ole varma tulkinnasta ({fixed}); tarkista, vastaavatko tulokset huolta.",
        "sv": "Sökningen är osäker på tolkningen ({fixed}); kontrollera att svaren passar oron.",
        "en": "The search is unsure of its reading ({fixed}); check that the answers fit the "
              "worry."},
    "unsure_general": {
        "fi": "Haku tunnisti vain yleisiä sanoja; tarkista, vastaavatko tulokset huolta.",
        "sv": "Sökningen kände bara igen allmänna ord; kontrollera att svaren passar oron.",
        "en": "Only general words were recognised; check that the answers fit the worry."},
    "unsure_words": {
        "fi": "Kaikkia sanoja ei tunnistettu ({words}); tulokset perustuvat muihin sanoihin.",
        "sv": "Alla ord kändes inte igen ({words}); svaren bygger på de övriga orden.",
        "en": "Not every word was recognised ({words}); the answers rest on the other words."},
}


def say(key: str, lang: str, **values) -> str:
    return WHY[key][lang].format(**values)


def format_date(day: dt.date, lang: str) -> str:
    return day.isoformat() if lang == "en" else f"{day.day}.{day.month}.{day.year}"


def load_penalty(in_volume: int, capacity: int | None) -> tuple[float, str | None]:
    """Capacity term: overloaded units rank lower (DOMAIN.md §5, work piles up, PH:529)."""
    if not capacity or not in_volume:
        return 0.0, None
    if in_volume > capacity:
        return OVERLOADED, "overloaded"
    if in_volume > 0.8 * capacity:
        return BUSY, "busy"
    return 0.0, None


def freshness(verified: dt.date | None, today: dt.date) -> tuple[float, str]:
    """Contact-freshness term and its reason key."""
    if verified is None:
        return UNVERIFIED, "unverified"
    if (today - verified).days <= FRESH_DAYS:
        return FRESH, "fresh"
    return STALE, "stale"


def score(*, match, level_bonus, urgent: bool, self_referral, area_bonus, path_bonus, load,
          fresh):
    """The formula in the module docstring, term by term.  Works on numbers and on
    numpy arrays alike: the index scores every matching unit in one pass and makes
    the reasons (:func:`reasons`) only for the answers shown."""
    return (100.0 * match + (0.0 if urgent else level_bonus) + SELF_REFERRAL_BONUS * self_referral
            + area_bonus + path_bonus + load + fresh)


def fresh_bonus(verified_ordinal, today_ordinal: int):
    """:func:`freshness` for an array of ``date.toordinal()`` values (0 = never)."""
    import numpy as np
    age_days = today_ordinal - verified_ordinal
    return np.where(verified_ordinal == 0, UNVERIFIED,
                    np.where(age_days <= FRESH_DAYS, FRESH, STALE))


def reasons(*, level: str, area_relation: str | None, self_referral: bool, hops: int | None,
            in_volume: int, capacity: int | None, verified: dt.date | None,
            today: dt.date, urgent: bool = False) -> list[tuple[str, dict]]:
    """The terms of :func:`score` as (WHY key, values) pairs, in reading order."""
    out: list[tuple[str, dict]] = [(level, {})]
    if urgent:
        out.append(("urgent", {}))
    out.append(("self" if self_referral else "referral", {}))
    if area_relation:
        out.append((area_relation, {}))
    if hops:
        out.append(("direct", {}) if hops == 1 else ("path", {"n": hops}))
    key = load_penalty(in_volume, capacity)[1]
    if key:
        out.append((key, {"volume": in_volume, "capacity": capacity}))
    out.append((freshness(verified, today)[1], {"verified": verified}))
    return out


def explain(reasons, lang: str, *, terms: list[str], area_name: str) -> list[str]:
    """The reasons as short sentences in ``lang`` (fi, sv or en)."""
    out = [say("match", lang, terms=", ".join(terms))] if terms else []
    for key, values in reasons:
        if key in ("same", "covers", "near", "far"):
            out.append(say(key, lang, area=area_name))
        elif key in ("fresh", "stale"):
            out.append(say(key, lang, date=format_date(values["verified"], lang)))
        else:
            out.append(say(key, lang, **values))
    return out
