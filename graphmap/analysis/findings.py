"""The Finding type, severities and the one catalogue of finding kinds.

Every finding is a JSON-able dict ``{"kind", "area", "nodes", "severity",
"message", "evidence"}`` (issue 3 item 8).  :data:`FINDING_KINDS` documents each
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
            "message": "", "evidence": evidence}


def sort_key(f: dict):
    return (SEVERITY_ORDER[f["severity"]], f["kind"], f["area"] or "", f["nodes"],
            str(f["evidence"].get("rule", "")))


def identity(f: dict, rename=None) -> tuple:
    """What makes two findings 'the same' across a what-if (message and numbers aside)."""
    rename = rename or {}
    ev = f["evidence"]
    extra = tuple(str(ev.get(k)) for k in ("level", "function", "rule", "type", "role")
                  if k in ev)
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
        "gaps", "medium if older than stale_months, low if never verified",
        "A role's contact details verified longer ago than stale_months (default 12).",
        "Staff turnover breaks links (T:1091, S:3074, PH:351).",
        "Role 'verified' date against today minus stale_months calendar months.",
        ["role", "verified", "months"]),
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
        ["type", "share", "cut_off", "roles", "sources"]),
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
        ["source", "target", "suggested_kind", "rule", "score", "common"]),
    "shared_gateway": _k(
        "cross_area", "medium",
        "A unit that receives referrals from units of ≥ 3 other family-centre areas.",
        "Regional services pile up work from several areas (PH:529, O:150).",
        "Cross-area refers/consults links grouped by target.",
        ["areas", "sources"]),
}
