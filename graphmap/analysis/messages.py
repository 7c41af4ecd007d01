"""Finding messages in Finnish, Swedish and English, written for an area coordinator.

Why: a finding is only useful if a coordinator accepts it as a true sentence about
her area (issue 3 "explain them in words a coordinator accepts"), so messages use
names, never ids.  Finnish comes first (the developers' guide); names are kept in the
nominative (as subjects, after a colon or in parentheses) because unit names cannot
be inflected reliably.

How: the sentences are templates in the one catalogue (:mod:`graphmap.i18n`,
``finding_msg.*`` keys); one small function per finding kind picks the template for
the finding's evidence and fills it in one language (:data:`KINDS`); :func:`render`
dispatches.  A Finnish verb agrees with a unit named in the plural through the
template's ``.plural`` variant (the same sentence in Swedish and English).
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from graphmap import voikko
from graphmap.i18n import join, numeric_date, translate

__all__ = ["KINDS", "plural_fi", "render"]

F = "finding_msg."


@lru_cache(maxsize=20_000)
def plural_fi(name: str) -> bool:
    """Is ``name`` a plural noun phrase, so that a Finnish verb must agree with it
    ("Varhaiskasvatuksen erityisopettajat saavat …", not "… saa …")?

    Why: a unit is often named for its staff (S:3729-3743 "erityisopettajat"), and
    "Erityisopettajat saa" reads as broken Finnish to a coordinator.  How: the head
    of a Finnish noun phrase is its last word; Voikko (the one shared handle,
    :mod:`graphmap.voikko`) is asked for it, and only a word whose every analysis is
    nominative plural counts.  A word Voikko does not know (a proper name such as
    "Kohtaamo"), text in brackets or after a comma, or no Voikko at all, leaves the
    singular — the wording used before."""
    head = re.split(r"[(,]| – ", name)[0]
    words = re.findall(r"[^\W\d_]+", head)
    if not words:
        return False
    analyses = voikko.analyze(words[-1])
    return bool(analyses) and all(a.get("NUMBER") == "plural" and a.get("SIJAMUOTO") == "nimento"
                                  for a in analyses)


class _Say:
    """What every kind's function needs: the language, names of ids, the reference."""

    def __init__(self, f: dict, views, lang: str):
        self.f, self.views, self.lang = f, views, lang
        self.ev = f["evidence"]
        self.ref = views.reference
        self.area = views.area_name(f["area"]) if f["area"] else ""

    def __call__(self, key: str, agree: str | None = None, **values) -> str:
        """The template ``finding_msg.<key>`` filled in; with ``agree`` (the subject's
        name) its ``.plural`` variant when that name is a Finnish plural."""
        if agree is not None and plural_fi(agree):
            key += ".plural"
        return translate(F + key, self.lang, **values)

    def name(self, node) -> str:
        return self.views.name(node)

    def names(self, ids) -> str:
        return join([self.views.name(i) for i in ids], self.lang)

    def count(self, key: str, n: int) -> str:
        """A counted noun phrase: ``finding_msg.<key>.one`` or ``.many``."""
        return self(f"{key}.one") if n == 1 else self(f"{key}.many", n=n)

    def title(self, role) -> str:
        return self.views.g.nodes[role].get("title") or self.name(role)

    def function(self, fid, genitive: bool = False) -> str:
        """A reference-model function's name (in Finnish its genitive when the sentence
        needs one: "perheneuvolan")."""
        for fn in (self.ref or {}).get("functions", []):
            if fn["id"] == fid:
                if self.lang == "fi" and genitive:
                    return fn.get("genitive") or fn.get("name_fi", fid)
                return fn.get(f"name_{self.lang}") or fn.get("name_en") or fid
        return fid

    def reason(self, rid) -> str:
        for rule in (self.ref or {}).get("links", []):
            if rule["id"] == rid:
                return rule.get(f"reason_{self.lang}") or rule.get("reason_en") or rid
        return rid


def _missing_level(s: _Say) -> str:
    text = s("missing_level", area=s.area, level=translate(f"level.attr.{s.ev['level']}", s.lang))
    if s.ev.get("county_wide"):
        text += " " + s("missing_level.county_wide", names=s.names(s.ev["county_wide"]))
    return text


def _level_disconnected(s: _Say) -> str:
    return s("level_disconnected", area=s.area, names=s.names(s.ev["early"]))


def _isolated(s: _Say) -> str:
    u = s.name(s.ev["unit"])
    return s("isolated", agree=u, unit=u)


def _silent_source(s: _Say) -> str:
    u, v = s.name(s.ev["unit"]), s.ev["volume"]
    if s.ev.get("type") == "group":
        flow = ("silent_source.flow.none" if v == 0 else "silent_source.flow.one" if v == 1
                else "silent_source.flow.many")
        return s("silent_source.group", unit=u, function=s.function(s.ev["function"], True),
                 k=s.ev["group_units"], flow=s(flow, **({"n": v} if v > 1 else {})),
                 others=s.ev["others_volume"])
    if v == 0:
        return s("silent_source.none", agree=u, unit=u)
    return s("silent_source", agree=u, unit=u, families=s.count("families", v),
             names=s.names(s.ev["targets"]))


def _sector_unlinked(s: _Say) -> str:
    whole = len(s.ev["unlinked"]) == s.ev["ngo_parish_units"]
    return s("sector_unlinked.all" if whole else "sector_unlinked", area=s.area,
             names=s.names(s.ev["unlinked"]))


def _no_contact(s: _Say) -> str:
    return s("no_contact.self_referral" if s.ev.get("self_referral") else "no_contact",
             unit=s.name(s.ev["unit"]))


def _stale_contact(s: _Say) -> str:
    ev = s.ev

    def item(c):
        where = f" – {s.name(c['unit'])}" if c.get("unit") else ""
        when = f" ({numeric_date(dt.date.fromisoformat(c['verified']), s.lang)})" if c["verified"] else ""
        return f"{s.title(c['role'])}{where}{when}"
    parts = []
    if ev["stale"]:
        parts.append(s("stale_contact.old.one", months=ev["months"]) if ev["stale"] == 1
                     else s("stale_contact.old.many", n=ev["stale"], months=ev["months"]))
    if ev["never"]:
        parts.append(s.count("stale_contact.never", ev["never"]))
    return s("stale_contact", area=s.area,
             parts=f" {translate('list.and', s.lang)} ".join(parts),
             contacts=join([item(c) for c in ev["contacts"]], s.lang))


def _missing_function(s: _Say) -> str:
    return s("missing_function", area=s.area, function=s.function(s.ev["function"]))


def _gateway(s: _Say) -> str:
    ev, u = s.ev, s.name(s.f["nodes"][0])
    if ev["type"] == "cut_point":
        text = s("gateway.cut_point", agree=u, unit=u, k=len(ev["cut_off"]),
                 names=s.names(ev["cut_off"]))
        if ev.get("key_player"):
            text += " " + s("gateway.key_player", pct=round(100 * ev["fragmentation"]))
        return text
    if ev["type"] == "broker":
        return s("gateway.broker", agree=u, unit=u, pct=round(100 * ev["share"]))
    # funnel: every referral from a group of units comes through few workers
    titles = join(sorted({s.title(r) for r in ev["roles"]}), s.lang)
    return s("gateway.funnel", agree=u, unit=u, function=s.function(ev["function"], True),
             workers=s.count("workers", len(ev["roles"])), titles=titles,
             units=ev["group_units"])


def _bridge(s: _Say) -> str:
    a, b = s.ev["link"]
    if s.ev["cut_off"] == [b] and s.f["severity"] == "low":
        leaf = s.name(b)
        return s("bridge.leaf", agree=leaf, unit=leaf, other=s.name(a))
    return s("bridge", a=s.name(a), b=s.name(b), k=len(s.ev["cut_off"]),
             names=s.names(s.ev["cut_off"]))


def _overload(s: _Say) -> str:
    u = s.name(s.f["nodes"][0])
    if s.ev["type"] == "capacity":
        return s("overload.capacity", agree=u, unit=u, volume=s.ev["volume"],
                 capacity=s.ev["capacity"])
    return s("overload.sources", agree=u, unit=u, k=len(s.ev["sources"]))


def _key_person(s: _Say) -> str:
    return s("key_person", unit=s.name(s.f["nodes"][0]), k=len(s.ev["ties"]),
             title=s.title(s.ev["role"]))


def _long_chain(s: _Say) -> str:
    path = s.ev["path"]
    return s("long_chain", unit=s.name(path[0]), k=s.ev["hops"],
             path=" → ".join(s.name(p) for p in path))


def _missing_link(s: _Say) -> str:
    ev, target = s.ev, s.name(s.ev["target"])
    if "rule" in ev:
        suggestion = translate(F + "suggest." + ev["suggested_kind"], s.lang)
        if suggestion.startswith(F):  # a kind without a phrase: its id
            suggestion = ev["suggested_kind"]
        if "sources" in ev:  # one rule, many units without the link
            return s("missing_link.many", k=len(ev["sources"]), target=target,
                     names=s.names(ev["sources"]), suggestion=suggestion,
                     reason=s.reason(ev["rule"]))
        return s("missing_link.rule", source=s.name(ev["source"]), target=target,
                 suggestion=suggestion, reason=s.reason(ev["rule"]))
    return s("missing_link.common", source=s.name(ev["source"]), target=target,
             k=len(ev["common"]), names=s.names(ev["common"]))


def _shared_gateway(s: _Say) -> str:
    u = s.name(s.f["nodes"][0])
    areas = join([s.views.area_name(a) for a in s.ev["areas"]], s.lang)
    return s("shared_gateway", agree=u, unit=u, k=len(s.ev["areas"]), areas=areas)


#: finding kind → the function that words it
KINDS = {
    "missing_level": _missing_level, "level_disconnected": _level_disconnected,
    "isolated": _isolated, "silent_source": _silent_source,
    "sector_unlinked": _sector_unlinked, "no_contact": _no_contact,
    "stale_contact": _stale_contact, "missing_function": _missing_function,
    "gateway": _gateway, "bridge": _bridge, "overload": _overload,
    "key_person": _key_person, "long_chain": _long_chain, "missing_link": _missing_link,
    "shared_gateway": _shared_gateway,
}


def render(f: dict, views, lang: str = "en") -> str:
    """The sentence for one finding in ``lang`` (fi, sv or en); an unknown kind gives
    the kind itself."""
    word = KINDS.get(f["kind"])
    return word(_Say(f, views, lang)) if word else f["kind"]
