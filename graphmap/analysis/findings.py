"""The Finding type, severities and the one catalogue of finding kinds.

Every finding is a JSON-able dict ``{"kind", "area", "nodes", "severity",
"message", "evidence", "impact", "rank", "top"}`` (issue 3 item 8; ranking issue 15).
:data:`FINDING_KINDS` documents each
kind — what it finds, why it matters (DOMAIN.md), how it is computed, its severity
and evidence fields; ``docs/findings.md`` is the long form of the same catalogue.
"""
from __future__ import annotations

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def finding(kind: str, area: str | None, nodes, severity: str, **evidence) -> dict:
    """A finding without its message (messages are rendered per language later)."""
    assert kind in FINDING_KINDS, kind
    assert severity in SEVERITY_ORDER, severity
    return {"kind": kind, "area": area, "nodes": list(nodes), "severity": severity,
            "message": "", "evidence": evidence, "impact": 0, "rank": None, "top": False}


#: how much one affected unit weighs at each severity: a high finding about one unit
#: outranks a medium one about two, a medium about three outranks a low about eight
SEVERITY_WEIGHT = {"high": 9, "medium": 3, "low": 1}
#: how many findings of each area are marked ``top`` (shown first)
TOP_PER_AREA = 5
#: evidence fields listing the ids a finding is about, beyond its ``nodes``
_LISTED = ("sources", "cut_off", "unlinked", "ties", "universal", "roles")
#: kinds about the whole area: they reach every unit of it
_AREA_WIDE = ("missing_level", "missing_function", "level_disconnected")


def about(f: dict) -> list[str]:
    """Every node id a finding is about: its ``nodes``, then the ids its evidence lists
    (the units a cut point cuts off, the contacts of a stale-contact round, …) —
    what "show on map" highlights."""
    out = list(f["nodes"])
    ev = f["evidence"]
    for key in _LISTED:
        for v in ev.get(key) or ():
            if isinstance(v, str) and v not in out:
                out.append(v)
    for c in ev.get("contacts") or ():
        for v in (c.get("role"), c.get("unit")):
            if v and v not in out:
                out.append(v)
    return out


def impact(f: dict, area_units: int = 0) -> int:
    """Severity weight × the number of units (and roles) the finding reaches: what a
    coordinator fixes first.  Area-wide kinds reach every unit of the area; a service
    group's finding reaches the group's units; a broker reaches its share of them."""
    ev = f["evidence"]
    if f["kind"] in _AREA_WIDE:
        reach = area_units
    elif ev.get("type") == "broker":
        reach = round(ev.get("share", 0) * area_units)
    else:
        reach = len(about(f))
        if isinstance(ev.get("group_units"), int):
            reach = max(reach, ev["group_units"])
    return SEVERITY_WEIGHT[f["severity"]] * max(1, reach)


def rank(findings: list[dict], area_units: dict[str, int], top: int = TOP_PER_AREA) -> None:
    """Fill each finding's ``impact``, its ``rank`` within its area (1 = act first)
    and ``top`` (among the area's first ``top``), in place."""
    by_area: dict = {}
    for f in findings:
        f["impact"] = impact(f, area_units.get(f["area"], 0))
        by_area.setdefault(f["area"], []).append(f)
    for mine in by_area.values():
        mine.sort(key=lambda f: (-f["impact"], SEVERITY_ORDER[f["severity"]], f["kind"],
                                 f["nodes"]))
        for i, f in enumerate(mine, 1):
            f["rank"] = i
            f["top"] = i <= top


def sort_key(f: dict):
    return (SEVERITY_ORDER[f["severity"]], -f.get("impact", 0), f["kind"], f["area"] or "",
            f["nodes"], str(f["evidence"].get("rule", "")))


def identity(f: dict, rename=None) -> tuple:
    """What makes two findings 'the same' across a what-if (message and numbers aside)."""
    rename = rename or {}
    ev = f["evidence"]
    extra = tuple(str(ev.get(k)) for k in ("level", "function", "rule", "type", "role")
                  if k in ev)
    if f["kind"] == "stale_contact":  # one per area: a list that grows is the same finding
        return (f["kind"], f["area"], (), extra)
    if f["kind"] == "missing_link" and "sources" in ev:  # grouped: same rule and partner
        return (f["kind"], f["area"], (rename.get(ev["target"], ev["target"]),), extra)
    nodes = tuple(sorted(rename.get(n, n) for n in f["nodes"]))
    return (f["kind"], f["area"], nodes, extra)


def _k(group, severity, what, why, how, evidence):
    return {"group": group, "severity": severity, "what": what, "why": why, "how": how,
            "evidence": evidence}


#: kind → {group, severity, what, why, how, evidence}
FINDING_KINDS: dict[str, dict] = {
    "missing_level": _k(
        "gaps", "high for early support, else medium",
        "The area has no unit at a support level.",
        "A gap at early support makes cases jump to child protection (DOMAIN.md §3, T:13, O:54).",
        "Levels of the area's units plus county-wide units above the area.",
        ["level"]),
    "level_disconnected": _k(
        "gaps", "high",
        "No refers/consults path leads from any universal unit to any early-support unit.",
        "Families should move up escorted (saattaen vaihtaen, S:1251); without a path they "
        "fall between services (DOMAIN.md §5).",
        "Multi-source reachability on the area's referral digraph (role links lifted).",
        ["universal", "early"]),
    "isolated": _k(
        "gaps", "medium",
        "A unit with no link at all (its roles' links included).",
        "Orphans: work that is 'not really anyone's job' (PH:567), units never visited (S:4129).",
        "Lifted link list of the whole graph; cross-area links count.",
        ["unit"]),
    "silent_source": _k(
        "gaps", "medium",
        "A universal unit that refers or consults nowhere, or only a handful of families a "
        "year; or a whole service group (e.g. all daycares) that sends an early-support unit "
        "≤ 2 referrals a year while other services send it ≥ 10 (type 'group').",
        "ECEC referred only 2 families a year (S:112-116); the in-flow mix per service "
        "reveals it (DOMAIN.md §5).",
        "Outgoing refers/consults links of the unit and its roles; known volumes summed. "
        "Group: refers volumes into an early-support unit grouped by the sources' universal "
        "reference function.",
        ["unit", "volume", "targets", "type", "function", "others_volume", "group_units"]),
    "sector_unlinked": _k(
        "gaps", "high if none of the area's NGO/parish units is linked, else medium",
        "NGO or parish units with no link to any public-sector unit.",
        "NGOs' role 'not yet recognised' (PH:178); silos and fences (O:176, T:18).",
        "Any link kind, any direction, any area; public = municipal, county, specialised, state.",
        ["unlinked", "ngo_parish_units"]),
    "no_contact": _k(
        "gaps", "high for a self-referral unit, else medium",
        "A unit with no phone, no e-mail and no role with a phone or e-mail.",
        "'Basic services must know whom to contact' (PH:277, PH:202).",
        "Unit and role contact fields.",
        ["unit"]),
    "stale_contact": _k(
        "gaps", "medium if any contact is older than stale_months, low if all never verified",
        "One finding per area listing every role whose contact details were verified longer "
        "ago than stale_months (default 12) or never.",
        "Staff turnover breaks links (T:1091, S:3074, PH:351).",
        "Role 'verified' date against today minus stale_months calendar months.",
        ["contacts", "stale", "never", "months"]),
    "missing_function": _k(
        "gaps", "from the reference model entry",
        "A reference-model function that no unit in the area (or county-wide above it) provides.",
        "THL's family-centre service package (DOMAIN.md §9).",
        "Keyword match on unit name and services; see graphmap/analysis/reference.py.",
        ["function"]),
    "gateway": _k(
        "bottlenecks", "high for a broker or funnel, medium/low for a cut point",
        "A unit whose loss disconnects the area (cut point), one through which a large share "
        "of shortest referral paths pass (broker), or a unit that receives all referrals of one "
        "service group through a few roles (funnel).",
        "All ECEC referrals came through 4 special-needs teachers (S:3729-3743); work piles "
        "up on single actors (PH:529).",
        "Articulation points of the undirected service graph; source-weighted Brandes "
        "betweenness on the referral digraph (share ≥ broker_share, default 0.5); role-level "
        "referral in-links grouped by source function.",
        ["type", "share", "cut_off", "fragmentation", "key_player", "roles", "sources"]),
    "bridge": _k(
        "bottlenecks", "medium if both sides hold ≥ 2 units, else low",
        "A link whose loss disconnects units from the rest of the area.",
        "Reorganisations break links nobody had drawn (S:1566, T:990, TL:278).",
        "networkx.bridges on the undirected service graph.",
        ["link", "cut_off"]),
    "overload": _k(
        "bottlenecks", "high over capacity, medium for many sources with no alternative",
        "Referral in-volume above a unit's capacity, or in-flow from many units into a unit "
        "that has no alternative in the area.",
        "Everyone waits their turn (O:150); work piles up (PH:529).",
        "Sum of refers volumes into the unit and its roles; sources ≥ many_sources (5) and no "
        "other unit of the same level sharing a reference function.",
        ["type", "volume", "capacity", "sources"]),
    "key_person": _k(
        "bottlenecks", "high if ≥ 4 ties, else medium",
        "One role holds all of a unit's (≥ 2) cross-sector ties.",
        "Staff turnover breaks links (T:1091, S:3074, PH:351).",
        "Lifted links whose other end is in another sector, grouped by the unit's role end.",
        ["role", "ties"]),
    "long_chain": _k(
        "bottlenecks", "medium",
        "The shortest referral path from a universal unit to special support or child "
        "protection takes ≥ 4 hops.",
        "Long chains delay help (S:3743-3751).",
        "BFS on the referral digraph from each universal unit.",
        ["hops", "path"]),
    "missing_link": _k(
        "missing_links", "rule: from the reference model; prediction: low",
        "A pair of units that should be linked: reference-model rules first, then link "
        "prediction.",
        "Missing links between sectors and tiers (S:3725, PH:298, O:213-218).",
        "Rules: every unit of function a needs a link to some unit of function b. Prediction: "
        "networkx resource allocation index on the undirected collaboration projection "
        "(forum co-membership included), same area, adjacent support levels.",
        ["source", "sources", "target", "suggested_kind", "rule", "score", "common"]),
    "shared_gateway": _k(
        "cross_area", "medium",
        "A unit that receives referrals from units of ≥ 3 other family-centre areas.",
        "Regional services pile up work from several areas (PH:529, O:150).",
        "Cross-area refers/consults links grouped by target.",
        ["areas", "sources"]),
}
