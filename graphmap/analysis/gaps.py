"""Gaps: what an area lacks (issue 3 item 2).  Each function: views + area → findings.

The catalogue entry of each kind (:data:`.findings.FINDING_KINDS`) and
``docs/findings.md`` say why each matters with DOMAIN.md references.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache

from ..model import LEVEL_ORDER, PUBLIC_SECTORS, Level
from .findings import finding
from .views import FORUM, REFERRAL, REFERS, Views


def missing_level(views: Views, area: str) -> list[dict]:
    """Support levels with no unit of the area's own (DOMAIN.md §3).

    Early support missing is high: cases then jump to child protection (T:13, O:54).
    County-wide units at that level (attached to an area above) are listed in the
    evidence as ``county_wide`` but do not count: a county-wide separation service
    is not the area's family work."""
    own = set(views.area(area).units) if area in views.by_area else set()
    present = {views.level(u) for u in own}
    above = [u for u in views.serving_units(area) if u not in own]
    return [finding("missing_level", area, [], "high" if lv == Level.EARLY else "medium",
                    level=lv.value,
                    county_wide=sorted(u for u in above if views.level(u) == lv.value))
            for lv in LEVEL_ORDER if lv.value not in present]


def level_disconnected(views: Views, area: str) -> list[dict]:
    """No refers/consults path from any universal unit to any early-support unit.

    How: one multi-source BFS on the referral digraph (descendants of a virtual
    source joined to every universal unit).  Fires only when both levels exist."""
    view = views.area(area)
    r = view.referral
    universal = [u for u in view.units if views.level(u) == Level.UNIVERSAL
                 and views.g.nodes[u].get("type") != FORUM]
    early = {u for u in view.units if views.level(u) == Level.EARLY}
    if not universal or not early:
        return []
    reached, stack = set(universal), list(universal)
    while stack:  # one search from all universal units at once, stopping at an early one
        for y in r[stack.pop()]:
            if y not in reached:
                if y in early:
                    return []
                reached.add(y)
                stack.append(y)
    return [finding("level_disconnected", area, [], "high",
                    universal=sorted(universal), early=sorted(early))]


def isolated(views: Views, area: str) -> list[dict]:
    """Units with no link at all, their roles' links included (PH:567, S:4129)."""
    return [finding("isolated", area, [u], "medium", unit=u)
            for u in sorted(views.area(area).units) if not views.unit_links.get(u)]


def silent_source(views: Views, area: str, *, silent_volume: int = 2) -> list[dict]:
    """Universal units (not forums) that refer/consult nowhere, or whose outgoing
    referrals all have a known volume summing to ≤ ``silent_volume`` a year (ECEC
    referred only 2 families a year, S:112-116); severity medium.  Isolated units are
    left to ``isolated``; a designed hub (``hub``: a coordination number everyone calls,
    O:243) receives by design and is never silent."""
    out = []
    for u in sorted(views.area(area).units):
        d = views.g.nodes[u]
        links = views.unit_links.get(u)
        if d.get("level") != Level.UNIVERSAL or d.get("type") == FORUM or not links \
                or d.get("hub"):
            continue
        outgoing = [ln for ln in links if ln.source == u and ln.kind in REFERRAL]
        if not outgoing:
            out.append(finding("silent_source", area, [u], "medium", unit=u, volume=0,
                               targets=[]))
        elif all(ln.volume is not None for ln in outgoing):
            volume = sum(ln.volume for ln in outgoing)
            if volume <= silent_volume:
                out.append(finding("silent_source", area, [u], "medium", unit=u,
                                   volume=volume,
                                   targets=sorted({ln.target for ln in outgoing})))
    return out


def silent_groups(views: Views, area: str, functions: dict, *, silent_volume: int = 2,
                  min_units: int = 3, contrast: int = 10) -> list[dict]:
    """A whole service group (≥ ``min_units`` units sharing a universal reference
    function, e.g. all daycares) that sends an early-support unit only
    ``silent_volume`` referrals a year or fewer while other services send it at
    least ``contrast`` — the in-flow mix of S:112-116 (ECEC referred 2 families a
    year).  Only links with a known volume count."""
    g = views.g
    view = views.area(area)
    groups = views.universal_groups(area, functions)
    inbound = defaultdict(list)
    for ln in view.links:
        if ln.kind == REFERS and ln.volume is not None:
            inbound[ln.target].append(ln)
    out = []
    for target in sorted(inbound):
        # early support is where a silent group hurts: the low-threshold help it
        # should reach (S:1446-1458); few referrals straight to child protection are not a gap
        if views.level(target) != Level.EARLY or g.nodes[target].get("type") == FORUM:
            continue
        for fid in sorted(groups):
            members = groups[fid] - {target}
            if len(members) < min_units:
                continue
            mine = [ln for ln in inbound[target] if ln.source in members]
            others = sum(ln.volume for ln in inbound[target] if ln.source not in members)
            volume = sum(ln.volume for ln in mine)
            if mine and volume <= silent_volume and others >= contrast:
                out.append(finding("silent_source", area, [target], "medium", type="group",
                                   function=fid, unit=target, volume=volume,
                                   others_volume=others, group_units=len(members),
                                   targets=[target]))
    return out


def sector_unlinked(views: Views, area: str) -> list[dict]:
    """NGO/parish units of the area with no link to a public-sector unit (PH:178)."""
    third = [u for u in sorted(views.area(area).units)
             if views.sector(u) in ("ngo", "parish")]
    unlinked = []
    for u in third:
        others = {ln.target if ln.source == u else ln.source for ln in views.unit_links.get(u, ())}
        if not any(views.sector(o) in PUBLIC_SECTORS for o in others):
            unlinked.append(u)
    if not unlinked:
        return []
    severity = "high" if len(unlinked) == len(third) else "medium"
    return [finding("sector_unlinked", area, unlinked, severity, unlinked=unlinked,
                    ngo_parish_units=len(third))]


def no_contact(views: Views, area: str) -> list[dict]:
    """Units with no phone or e-mail of their own and no role with one (PH:277)."""
    g = views.g
    out = []
    for u in sorted(views.area(area).units):
        d = g.nodes[u]
        if d.get("type") == FORUM or d.get("phone") or d.get("email"):
            continue
        if any(g.nodes[r].get("phone") or g.nodes[r].get("email") for r in views.roles_of[u]):
            continue
        out.append(finding("no_contact", area, [u], "high" if d.get("self_referral") else "medium",
                           unit=u, self_referral=bool(d.get("self_referral"))))
    return out


def months_before(day: dt.date, months: int) -> dt.date:
    """``day`` minus whole calendar months (31 March − 1 month = 28/29 February)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    import calendar
    return dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


@lru_cache(maxsize=10_000)
def _iso_day(text: str) -> dt.date:
    """``date.fromisoformat``, remembered: a county's roles share a few hundred dates."""
    return dt.date.fromisoformat(text)


def stale_contact(views: Views, area: str, *, today: dt.date, stale_months: int = 12) -> list[dict]:
    """One finding per area listing every role whose contact was verified before
    ``today`` − ``stale_months`` or never: a coordinator checks them in one round.

    Evidence ``contacts``: ``[{"role", "unit", "verified" (ISO date or None)}]`` (the
    oldest first, never-checked last), ``stale`` / ``never`` (how many of each) and
    ``months``; ``nodes`` are the roles, then their units.  Severity medium when any
    contact is too old, low when all were only never checked.  Roles with no phone or
    e-mail have nothing to go stale."""
    cutoff = months_before(today, stale_months)
    g = views.g
    contacts = []
    for r in sorted(views.area(area).roles):
        d = g.nodes[r]
        if not (d.get("phone") or d.get("email")):
            continue
        verified = d.get("verified")
        if verified is None:
            contacts.append({"role": r, "unit": d.get("unit"), "verified": None})
            continue
        day = verified if isinstance(verified, dt.date) else _iso_day(str(verified))
        if day < cutoff:
            contacts.append({"role": r, "unit": d.get("unit"), "verified": day.isoformat()})
    if not contacts:
        return []
    contacts.sort(key=lambda c: (c["verified"] is None, c["verified"] or "", c["role"]))
    never = sum(c["verified"] is None for c in contacts)
    units = sorted({c["unit"] for c in contacts if c["unit"]} - {c["role"] for c in contacts})
    return [finding("stale_contact", area, [c["role"] for c in contacts] + units,
                    "medium" if never < len(contacts) else "low", contacts=contacts,
                    stale=len(contacts) - never, never=never, months=stale_months)]


def missing_function(views: Views, area: str, functions: dict[str, set]) -> list[dict]:
    """Required reference-model functions no unit in the area or above it provides."""
    have = set()
    for u in views.serving_units(area):
        have |= functions.get(u, set())
    return [finding("missing_function", area, [], f.get("severity", "medium"),
                    function=f["id"], level=f.get("level"))
            for f in views.reference.get("functions", [])
            if f.get("required", True) and f["id"] not in have]
