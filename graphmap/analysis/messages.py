"""Finding messages in Finnish, Swedish and English, written for an area coordinator.

Why: a finding is only useful if a coordinator accepts it as a true sentence about
her area (issue 3 "explain them in words a coordinator accepts"), so messages use
names, never ids.  Finnish comes first (the developers' guide); names are kept in the
nominative (as subjects, after a colon or in parentheses) because unit names cannot
be inflected reliably.

How: one function per kind returns the sentence for a language from the finding's
evidence; :func:`render` fills ``finding["message"]``.
"""
from __future__ import annotations

import datetime as dt
import re
import threading
from functools import lru_cache

LANGS = ("fi", "sv", "en")
MAX_NAMES = 6

LEVEL_GEN_FI = {"universal": "yleisen tuen", "early": "varhaisen tuen",
                "special": "erityisen tuen", "protection": "lastensuojelun"}
LEVEL_SV = {"universal": "allmänt stöd", "early": "tidigt stöd", "special": "särskilt stöd",
            "protection": "barnskydd"}
LEVEL_EN = {"universal": "universal", "early": "early-support", "special": "special-support",
            "protection": "child-protection"}
KIND_TEXT = {
    "fi": {"refers": "sovittu ohjauskäytäntö", "consults": "sovittu konsultaatiokäytäntö",
           "contact": "nimetty yhdyshenkilö", "works_with": "yhteistyö",
           "co_located": "yhteiset tilat", "outreach": "jalkautuminen",
           "member": "yhteinen työryhmä", "informs": "tiedonkulku"},
    "sv": {"refers": "en överenskommen remissrutin", "consults": "en konsultationsrutin",
           "contact": "en namngiven kontaktperson", "works_with": "samarbete",
           "co_located": "gemensamma lokaler", "outreach": "uppsökande arbete",
           "member": "en gemensam arbetsgrupp", "informs": "ett informationsflöde"},
    "en": {"refers": "a referral routine", "consults": "a consultation routine",
           "contact": "a named contact person", "works_with": "joint work",
           "co_located": "shared premises", "outreach": "outreach",
           "member": "a shared forum", "informs": "an information flow"},
}
_AND = {"fi": "ja", "sv": "och", "en": "and"}
_MORE = {"fi": "{n} muuta", "sv": "{n} till", "en": "{n} more"}


def join(names, lang: str) -> str:
    """'A, B ja C' — at most MAX_NAMES names, then 'ja 3 muuta'."""
    names = list(names)
    if len(names) > MAX_NAMES:
        rest = len(names) - MAX_NAMES + 1
        names = names[:MAX_NAMES - 1] + [_MORE[lang].format(n=rest)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {_AND[lang]} " + names[-1]


_VOIKKO: list = []  # one lazily opened handle; [] = not tried, [None] = unavailable
_VOIKKO_LOCK = threading.Lock()  # a Voikko handle is not thread-safe (the web app)


@lru_cache(maxsize=20_000)
def plural_fi(name: str) -> bool:
    """Is ``name`` a plural noun phrase, so that a Finnish verb must agree with it
    ("Varhaiskasvatuksen erityisopettajat saavat …", not "… saa …")?

    Why: a unit is often named for its staff (S:3729-3743 "erityisopettajat"), and
    "Erityisopettajat saa" reads as broken Finnish to a coordinator.  How: the head
    of a Finnish noun phrase is its last word; Voikko (``libvoikko``, the analyser the
    search helper uses; https://voikko.puimula.org/) is asked for it, and only a word
    whose every analysis is nominative plural counts.  A word Voikko does not know
    (a proper name such as "Kohtaamo"), text in brackets or after a comma, or no
    Voikko at all, leaves the singular — the wording used before."""
    head = re.split(r"[(,]| – ", name)[0]
    words = re.findall(r"[^\W\d_]+", head)
    if not words:
        return False
    with _VOIKKO_LOCK:
        if not _VOIKKO:
            try:
                import libvoikko
                _VOIKKO.append(libvoikko.Voikko("fi"))
            except Exception:  # libvoikko or its Finnish dictionary is not installed
                _VOIKKO.append(None)
        if _VOIKKO[0] is None:
            return False
        analyses = _VOIKKO[0].analyze(words[-1])
    return bool(analyses) and all(a.get("NUMBER") == "plural" and a.get("SIJAMUOTO") == "nimento"
                                  for a in analyses)


def _fi(name: str, singular: str, plural: str) -> str:
    """The Finnish word that agrees in number with the subject ``name``."""
    return plural if plural_fi(name) else singular


def _date(iso: str, lang: str) -> str:
    day = dt.date.fromisoformat(iso)
    return day.isoformat() if lang == "en" else f"{day.day}.{day.month}.{day.year}"


def _function(reference, fid, lang, genitive=False):
    for f in (reference or {}).get("functions", []):
        if f["id"] == fid:
            if lang == "fi" and genitive:
                return f.get("genitive") or f.get("name_fi", fid)
            return f.get(f"name_{lang}") or f.get("name_en") or fid
    return fid


def _rule(reference, rid):
    for r in (reference or {}).get("links", []):
        if r["id"] == rid:
            return r
    return {}


def render(f: dict, views, lang: str = "en") -> str:
    """The sentence for one finding in ``lang`` (fi, sv or en)."""
    ev = f["evidence"]
    n = views.name
    names = lambda ids: join([n(i) for i in ids], lang)  # noqa: E731
    area = views.area_name(f["area"]) if f["area"] else ""
    kind = f["kind"]
    ref = views.reference
    L = lang
    if kind == "missing_level":
        lv = ev["level"]
        text = {"fi": f"{area}: alueella ei ole yhtään omaa {LEVEL_GEN_FI[lv]} palvelua.",
                "sv": f"{area}: området har ingen egen tjänst på nivån {LEVEL_SV[lv]}.",
                "en": f"{area}: the area has no {LEVEL_EN[lv]} service of its own."}[L]
        if ev.get("county_wide"):
            cw = names(ev["county_wide"])
            text += {"fi": f" Koko hyvinvointialueen palveluja tällä tasolla: {cw}.",
                     "sv": f" Tjänster för hela välfärdsområdet på denna nivå: {cw}.",
                     "en": f" County-wide services at this level: {cw}."}[L]
        return text
    if kind == "level_disconnected":
        e = names(ev["early"])
        return {"fi": f"{area}: mistään yleisen tuen palvelusta ei ole ohjaus- eikä "
                      f"konsultaatiopolkua yhteenkään varhaisen tuen palveluun ({e}).",
                "sv": f"{area}: ingen tjänst inom allmänt stöd har en remiss- eller "
                      f"konsultationsväg till någon tjänst inom tidigt stöd ({e}).",
                "en": f"{area}: no universal service has a referral or consultation path to "
                      f"any early-support service ({e})."}[L]
    if kind == "isolated":
        u = n(ev["unit"])
        return {"fi": f"{u} {_fi(u, 'ei ole', 'eivät ole')} yhteydessä yhteenkään toiseen "
                      f"palveluun.",
                "sv": f"{u} har ingen kontakt med någon annan tjänst.",
                "en": f"{u} has no link to any other service."}[L]
    if kind == "silent_source":
        u, v = n(ev["unit"]), ev["volume"]
        if v == 0 and ev.get("type") != "group":
            return {"fi": f"{u} {_fi(u, 'ei ohjaa', 'eivät ohjaa')} perheitä eikä konsultoi muita "
                          f"palveluja.",
                    "sv": f"{u} remitterar inga familjer och konsulterar inga andra tjänster.",
                    "en": f"{u} refers no families and consults no other service."}[L]
        if ev.get("type") == "group":
            k, o = ev["group_units"], ev["others_volume"]
            g_fi = _function(ref, ev["function"], "fi", genitive=True)
            fname = _function(ref, ev["function"], L)
            flow_fi = ("ei tule yhtään ohjausta" if v == 0 else "tulee vain yksi ohjaus"
                       if v == 1 else f"tulee vain {v} ohjausta")
            return {"fi": f"{u}: {g_fi} {k} yksiköstä {flow_fi} vuodessa, muista palveluista "
                          f"{o}.",
                    "sv": f"{u}: de {k} enheterna inom {fname} remitterar bara {v} familjer per "
                          f"år hit, övriga tjänster {o}.",
                    "en": f"{u}: the {k} {fname} units refer only {v} families a year here, "
                          f"other services {o}."}[L]
        t = names(ev["targets"])
        return {"fi": f"{u} {_fi(u, 'ohjaa', 'ohjaavat')} muihin palveluihin vain "
                      + ("yhden perheen" if v == 1 else f"{v} perhettä") + f" vuodessa ({t}).",
                "sv": f"{u} remitterar bara {v} " + ("familj" if v == 1 else "familjer")
                      + f" per år vidare ({t}).",
                "en": f"{u} refers only {v} " + ("family" if v == 1 else "families")
                      + f" a year onward ({t})."}[L]
    if kind == "sector_unlinked":
        us = names(ev["unlinked"])
        if len(ev["unlinked"]) == ev["ngo_parish_units"]:
            return {"fi": f"{area}: yhdelläkään alueen järjestö- tai seurakuntatoimijalla ei ole "
                          f"yhteyttä julkisiin palveluihin ({us}).",
                    "sv": f"{area}: ingen av områdets organisationer eller församlingar har "
                          f"kontakt med offentliga tjänster ({us}).",
                    "en": f"{area}: none of the area's NGO or parish units has a link to public "
                          f"services ({us})."}[L]
        return {"fi": f"{area}: näillä järjestö- ja seurakuntatoimijoilla ei ole yhteyttä "
                      f"julkisiin palveluihin: {us}.",
                "sv": f"{area}: dessa organisationer och församlingar saknar kontakt med "
                      f"offentliga tjänster: {us}.",
                "en": f"{area}: these NGO and parish units have no link to public services: "
                      f"{us}."}[L]
    if kind == "no_contact":
        u = n(ev["unit"])
        if ev.get("self_referral"):
            return {"fi": f"{u}: perhe voi hakeutua palveluun itse, mutta palvelulla ei ole "
                          f"puhelinnumeroa, sähköpostia eikä tavoitettavaa yhteyshenkilöä.",
                    "sv": f"{u}: familjen kan själv söka sig till tjänsten, men den har inget "
                          f"telefonnummer, ingen e-post och ingen nåbar kontaktperson.",
                    "en": f"{u}: families may contact it directly, but it has no phone, no "
                          f"e-mail and no reachable contact person."}[L]
        return {"fi": f"{u}: palvelulla ei ole puhelinnumeroa, sähköpostia eikä tavoitettavaa "
                      f"yhteyshenkilöä.",
                "sv": f"{u}: tjänsten har inget telefonnummer, ingen e-post och ingen nåbar "
                      f"kontaktperson.",
                "en": f"{u} has no phone, no e-mail and no reachable contact person."}[L]
    if kind == "stale_contact":
        m, k_old, k_never = ev["months"], ev["stale"], ev["never"]

        def item(c):
            title = views.g.nodes[c["role"]].get("title") or n(c["role"])
            where = f" – {n(c['unit'])}" if c.get("unit") else ""
            return f"{title}{where}" + (f" ({_date(c['verified'], L)})" if c["verified"] else "")
        items = join([item(c) for c in ev["contacts"]], L)
        parts: dict[str, list[str]] = {"fi": [], "sv": [], "en": []}
        if k_old:
            parts["fi"].append(f"{k_old} yhteyshenkilön tiedot on tarkistettu yli {m} kuukautta "
                               f"sitten")
            parts["sv"].append(f"kontaktuppgifterna för {k_old} "
                               + ("person" if k_old == 1 else "personer")
                               + f" kontrollerades för mer än {m} månader sedan")
            parts["en"].append(("1 contact was" if k_old == 1 else f"{k_old} contacts were")
                               + f" last checked more than {m} months ago")
        if k_never:
            parts["fi"].append(f"{k_never} yhteyshenkilön tietoja ei ole koskaan tarkistettu")
            parts["sv"].append(f"för {k_never} har de aldrig kontrollerats")
            parts["en"].append(f"{k_never} " + ("has" if k_never == 1 else "have")
                               + " never been checked")
        text = f" {_AND[L]} ".join(parts[L])
        return f"{area}: {text} ({items})."
    if kind == "missing_function":
        fn = _function(ref, ev["function"], L)
        return {"fi": f"{area}: alueelta puuttuu {fn} – yksikään alueen palvelu ei tarjoa sitä.",
                "sv": f"{area}: området saknar {fn} – ingen tjänst i området erbjuder det.",
                "en": f"{area}: no service in the area provides {fn}."}[L]
    if kind == "gateway":
        t = ev["type"]
        if t == "cut_point":
            u, k, cut = n(f["nodes"][0]), len(ev["cut_off"]), names(ev["cut_off"])
            text = {"fi": f"{u} {_fi(u, 'on', 'ovat')} verkoston nivelkohta: ilman "
                          f"{_fi(u, 'sitä', 'niitä')} {k} palvelua irtoaa muusta "
                          f"alueen verkostosta ({cut}).",
                    "sv": f"{u} är en knutpunkt: utan den tappar {k} tjänster kontakten med "
                          f"resten av nätverket ({cut}).",
                    "en": f"{u} is a cut point: without it {k} services lose their connection "
                          f"to the rest of the area's network ({cut})."}[L]
            if ev.get("key_player"):
                pct = round(100 * ev["fragmentation"])
                text += {"fi": f" Se on alueen avaintoimija: ilman sitä {pct} % palvelupareista "
                               f"ei enää tavoittaisi toisiaan.",
                         "sv": f" Den är områdets nyckelaktör: utan den når {pct} % av "
                               f"tjänsteparen inte längre varandra.",
                         "en": f" It is the area's key player: without it {pct}% of service "
                               f"pairs could no longer reach each other."}[L]
            return text
        if t == "broker":
            u, pct = n(f["nodes"][0]), round(100 * ev["share"])
            return {"fi": f"{u} {_fi(u, 'välittää', 'välittävät')} {pct} % alueen lyhimmistä "
                          f"ohjauspoluista peruspalveluista eteenpäin; jos "
                          f"{_fi(u, 'se ruuhkautuu', 'ne ruuhkautuvat')}, ohjaukset pysähtyvät.",
                    "sv": f"{pct} % av områdets kortaste remissvägar från bastjänsterna vidare "
                          f"går via {u}.",
                    "en": f"{pct}% of the area's shortest referral paths from universal services "
                          f"onward pass through {u}."}[L]
        if t == "funnel":
            u, k = n(f["nodes"][0]), len(ev["roles"])
            titles = join(sorted({views.g.nodes[r].get("title") or n(r) for r in ev["roles"]}), L)
            g_fi = _function(ref, ev["function"], "fi", genitive=True)
            fname = _function(ref, ev["function"], L)
            units = ev["group_units"]
            who_fi = "yhden työntekijän" if k == 1 else f"{k} työntekijän"
            return {"fi": f"{u} {_fi(u, 'saa', 'saavat')} kaikki {g_fi} ohjaukset {who_fi} "
                          f"kautta ({titles}), "
                          f"vaikka alueella on {units} {g_fi} yksikköä.",
                    "sv": f"{u} får alla remisser från {fname} via {k} "
                          + ("person" if k == 1 else "personer")
                          + f" ({titles}), fast området har {units} sådana enheter.",
                    "en": f"{u} receives every referral from {fname} through {k} "
                          + ("person" if k == 1 else "people")
                          + f" ({titles}), although the area has {units} such units."}[L]
    if kind == "bridge":
        a, b = ev["link"]
        if ev["cut_off"] == [b] and len(ev["cut_off"]) == 1 and f["severity"] == "low":
            leaf, other = n(b), n(a)
            return {"fi": f"{leaf} {_fi(leaf, 'on', 'ovat')} yhteydessä muuhun verkostoon vain "
                          f"yhden yhteyden varassa "
                          f"({other}).",
                    "sv": f"{leaf} hänger ihop med resten av nätverket genom en enda länk "
                          f"({other}).",
                    "en": f"{leaf} is tied to the rest of the network by a single link "
                          f"({other})."}[L]
        k, cut = len(ev["cut_off"]), names(ev["cut_off"])
        return {"fi": f"Yhteys {n(a)} – {n(b)} on ainoa side, joka pitää {k} palvelua kiinni "
                      f"muussa verkostossa ({cut}).",
                "sv": f"Länken {n(a)} – {n(b)} är det enda bandet som håller {k} tjänster kvar "
                      f"i nätverket ({cut}).",
                "en": f"The link {n(a)} – {n(b)} is the only tie holding {k} services to the "
                      f"rest of the network ({cut})."}[L]
    if kind == "overload":
        u = n(f["nodes"][0])
        if ev["type"] == "capacity":
            v, c = ev["volume"], ev["capacity"]
            return {"fi": f"{u} {_fi(u, 'saa', 'saavat')} {v} ohjausta vuodessa, mutta "
                          f"{_fi(u, 'sen', 'niiden')} kapasiteetti on {c} "
                          f"asiakasta vuodessa.",
                    "sv": f"{u} får {v} remisser per år men har kapacitet för {c} klienter.",
                    "en": f"{u} receives {v} referrals a year but has capacity for {c} "
                          f"clients."}[L]
        k = len(ev["sources"])
        return {"fi": f"{u} {_fi(u, 'saa', 'saavat')} ohjauksia {k} eri palvelusta, eikä "
                      f"alueella ole toista saman "
                      f"tason palvelua, joka tarjoaisi samaa.",
                "sv": f"{u} får remisser från {k} tjänster, och området har ingen annan tjänst "
                      f"på samma nivå som erbjuder samma sak.",
                "en": f"{u} receives referrals from {k} services and the area has no other "
                      f"service at the same level offering the same."}[L]
    if kind == "key_person":
        u, k = n(f["nodes"][0]), len(ev["ties"])
        title = views.g.nodes[ev["role"]].get("title") or n(ev["role"])
        return {"fi": f"{u}: kaikki {k} yhteyttä muiden sektorien palveluihin ovat yhden "
                      f"työntekijän ({title}) varassa.",
                "sv": f"{u}: alla {k} kontakter med andra sektorer hänger på en enda person "
                      f"({title}).",
                "en": f"{u}: all {k} links to other sectors rest on one person ({title})."}[L]
    if kind == "long_chain":
        u, k = n(ev["path"][0]), ev["hops"]
        path = " → ".join(n(p) for p in ev["path"])
        return {"fi": f"{u}: lyhin ohjauspolku erityiseen tukeen vie {k} askelta: {path}.",
                "sv": f"{u}: den kortaste remissvägen till särskilt stöd tar {k} steg: {path}.",
                "en": f"{u}: the shortest referral path to special support takes {k} steps: "
                      f"{path}."}[L]
    if kind == "missing_link":
        b = n(ev["target"])
        if "sources" in ev:  # one rule, many units without the link
            rule = _rule(ref, ev["rule"])
            reason = rule.get(f"reason_{L}") or rule.get("reason_en") or ev["rule"]
            kt = KIND_TEXT[L].get(ev["suggested_kind"], ev["suggested_kind"])
            k, who = len(ev["sources"]), names(ev["sources"])
            return {"fi": f"{k} palvelua ei ole yhteydessä palveluun {b}: {who}. Ehdotus: {kt}. "
                          f"Peruste: {reason}.",
                    "sv": f"{k} tjänster har ingen kontakt med {b}: {who}. Förslag: {kt}. "
                          f"Motivering: {reason}.",
                    "en": f"{k} services have no link to {b}: {who}. Suggested: {kt}. "
                          f"Why: {reason}."}[L]
        a = n(ev["source"])
        if "rule" in ev:
            rule = _rule(ref, ev["rule"])
            reason = rule.get(f"reason_{L}") or rule.get("reason_en") or ev["rule"]
            kt = KIND_TEXT[L].get(ev["suggested_kind"], ev["suggested_kind"])
            return {"fi": f"{a} ja {b} eivät ole yhteydessä toisiinsa. Ehdotus: {kt}. "
                          f"Peruste: {reason}.",
                    "sv": f"{a} och {b} har ingen kontakt. Förslag: {kt}. Motivering: {reason}.",
                    "en": f"{a} and {b} are not linked. Suggested: {kt}. Why: {reason}."}[L]
        k, common = len(ev["common"]), names(ev["common"])
        return {"fi": f"{a} ja {b} eivät ole yhteydessä toisiinsa, vaikka niillä on {k} yhteistä "
                      f"yhteistyökumppania ({common}).",
                "sv": f"{a} och {b} har ingen kontakt, fast de har {k} gemensamma "
                      f"samarbetspartner ({common}).",
                "en": f"{a} and {b} are not linked although they share {k} partners "
                      f"({common})."}[L]
    if kind == "shared_gateway":
        u, k = n(f["nodes"][0]), len(ev["areas"])
        areas = join([views.area_name(a) for a in ev["areas"]], L)
        return {"fi": f"{u} {_fi(u, 'saa', 'saavat')} ohjauksia {k} perhekeskusalueelta "
                      f"({areas}).",
                "sv": f"{u} får remisser från {k} familjecentralsområden ({areas}).",
                "en": f"{u} receives referrals from {k} family-centre areas ({areas})."}[L]
    return kind
