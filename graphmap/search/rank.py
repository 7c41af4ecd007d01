"""Scoring and explaining "who do I call" answers.

What: turns one candidate unit's match strength and context into a score and a
list of short reasons in Finnish, Swedish or English (``search.reason.*`` in the one
catalogue, :mod:`graphmap.i18n`).

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

from graphmap.i18n import numeric_date, translate

LEVEL_BONUS = {"universal": 6.0, "early": 6.0, "special": -4.0, "protection": -10.0}
AREA_BONUS = {"same": 15.0, "covers": 10.0, "near": 5.0, "far": -15.0}
SELF_REFERRAL_BONUS = 4.0
PATH_BONUS = {1: 6.0, 2: 3.0, 3: 1.0}
OVERLOADED, BUSY = -8.0, -3.0
FRESH, STALE, UNVERIFIED = 3.0, -3.0, -1.0
FRESH_DAYS = 365
NAMED_BONUS = 2.0            # rule (e): a named contact before an anonymous number
PARENT_SERVICE_BONUS = 20.0   # rule (d): the parent's own (adult) service for a parent's worry

def say(key: str, lang: str, **values) -> str:
    """A reason or notice in ``lang``: ``search.reason.<key>`` of the one catalogue."""
    return translate(f"search.reason.{key}", lang, **values)


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
    """The terms of :func:`score` as (reason key, values) pairs, in reading order."""
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
            out.append(say(key, lang, date=numeric_date(values["verified"], lang)))
        else:
            out.append(say(key, lang, **values))
    return out
