"""What the pages and their JSON twins say about areas, units and roles.

One function per view builds a plain dict; the page renders it and the API returns it
unchanged, so a page and its twin cannot disagree.  Privacy: every record shown goes
through :mod:`graphmap.privacy` (the one rule) with the viewer — the logged-in user or
None: a role whose holder has not agreed to be shown is shown by title only, and no
text that spells a hidden name is shown to anonymous viewers.
"""
from __future__ import annotations

from graphmap.model import LinkKind, UnitType
from graphmap.network_view import NodeKind
from graphmap.privacy import public_record, public_view

from .snapshot import Snapshot


def area_ref(snap: Snapshot, area_id: str | None) -> dict | None:
    area = snap.net.areas.get(area_id) if area_id else None
    return {"id": area.id, "name": area.name, "kind": area.kind.value} if area else None


def area_tree(snap: Snapshot, parent: str | None = None) -> list[dict]:
    """The area hierarchy below ``parent`` with counts of units, roles and links."""
    out = []
    for a in snap.tree.children.get(parent, []):
        area = snap.net.areas[a]
        out.append({**area_ref(snap, a), "parent": area.parent, "counts": snap.counts[a],
                    "children": area_tree(snap, a)})
    return out


def filter_tree(tree: list[dict], q: str) -> list[dict]:
    """The branches of ``tree`` leading to areas whose name or id contains ``q``."""
    q = q.strip().lower()
    out = []
    for node in tree:
        kids = filter_tree(node["children"], q)
        if q in node["name"].lower() or q in node["id"].lower() or kids:
            out.append({**node, "children": kids})
    return out


def area_view(snap: Snapshot, area_id: str) -> dict:
    """One area: where it sits, what is below it, its counts and its units."""
    area = snap.net.areas[area_id]
    units = []
    for u in sorted(snap.units_in(area_id), key=lambda u: snap.net.units[u].name.lower()):
        d = snap.g.nodes[u]
        units.append({"id": u, "name": d["label"], "type": d.get("type"),
                      "level": d.get("level"), "sector": d.get("sector"),
                      "organisation": d.get("organisation"), "area": d.get("area")})
    return {"area": {**area_ref(snap, area_id), "parent": area.parent, "code": area.code},
            "path": [area_ref(snap, a) for a in reversed(snap.tree.ancestors(area_id))],
            "children": [{**area_ref(snap, c), "counts": snap.counts[c]}
                         for c in snap.tree.children.get(area_id, [])],
            "counts": snap.counts[area_id],
            "family_centre_area": snap.tree.family_centre_area_of(area_id),
            "units": units,
            "graph_url": f"/api/areas/{area_id}/graph",
            "analysis_url": f"/api/analysis?area={area_id}"}


def _end(snap: Snapshot, node: str) -> dict:
    """The far end of a link, named for a reader (a role by title and its unit)."""
    d = snap.g.nodes.get(node, {})
    out = {"id": node, "kind": d.get("kind"), "name": d.get("label")}
    if d.get("kind") == NodeKind.ROLE:
        unit = snap.net.units.get(d.get("unit"))
        out["unit"] = d.get("unit")
        out["unit_name"] = unit.name if unit else None
    out["area"] = d.get("fc_area") or d.get("area")
    return out


def _links(snap: Snapshot, nodes: list[str], viewer=None) -> tuple[list[dict], list[dict]]:
    outgoing, incoming = [], []
    for n in nodes:
        for _, v, d in snap.g.out_edges(n, data=True):
            outgoing.append({"from": _end(snap, n), "to": _end(snap, v),
                             **_link_facts(d, snap, viewer)})
        for u, _, d in snap.g.in_edges(n, data=True):
            incoming.append({"from": _end(snap, u), "to": _end(snap, n),
                             **_link_facts(d, snap, viewer)})

    def key(x):
        return (x["kind"], (x["to"]["name"] or "").lower(), (x["from"]["name"] or ""))
    return sorted(outgoing, key=key), sorted(incoming, key=key)


def _link_facts(d: dict, snap: Snapshot, viewer=None) -> dict:
    return public_record({"id": d["id"], "kind": d["kind"], "volume": d.get("volume"),
                          "frequency": d.get("frequency"),
                          "structural": d.get("structural", True), "note": d.get("note"),
                          "valid_from": d.get("valid_from"), "valid_to": d.get("valid_to")},
                         viewer, snap.hidden)


def unit_view(snap: Snapshot, unit_id: str, viewer=None) -> dict:
    """A unit's profile as ``viewer`` may see it: contact data, roles, links in and out,
    forums, last verified."""
    unit = snap.net.units[unit_id]
    org = snap.net.organisations.get(unit.organisation)
    roles = [public_view(snap.net.roles[r], viewer, hidden=snap.hidden) for r in sorted(
        snap.roles_of.get(unit_id, ()), key=lambda r: snap.net.roles[r].title)]
    members = [unit_id] + [r["id"] for r in roles]
    outgoing, incoming = _links(snap, members, viewer)
    forums = sorted({(l["to"]["id"], l["to"]["name"]) for l in outgoing
                     if l["kind"] == LinkKind.MEMBER.value})
    if unit.type == UnitType.FORUM:
        forum_members = [l["from"] for l in incoming if l["kind"] == LinkKind.MEMBER.value]
    else:
        forum_members = []
    verified = [r["verified"] for r in roles if r.get("verified")]
    fc = snap.g.nodes[unit_id].get("fc_area")
    return {"unit": public_record(unit, viewer, snap.hidden),
            "organisation": public_record(org, viewer, snap.hidden) if org else None,
            "area": area_ref(snap, unit.area),
            "family_centre_area": area_ref(snap, fc),
            "roles": roles, "links_out": outgoing, "links_in": incoming,
            "forums": [{"id": i, "name": n} for i, n in forums],
            "forum_members": forum_members,
            "last_verified": max(verified) if verified else None,
            "map_url": f"/areas/{fc}?focus={unit_id}" if fc else None}


def role_view_full(snap: Snapshot, role_id: str, viewer=None) -> dict:
    """A role's profile as ``viewer`` may see it: who (if public), how to reach them,
    their unit, their links."""
    role = snap.net.roles[role_id]
    outgoing, incoming = _links(snap, [role_id], viewer)
    unit = snap.net.units.get(role.unit)
    fc = snap.g.nodes[role.unit].get("fc_area") if role.unit in snap.g else None
    return {"role": public_view(role, viewer, hidden=snap.hidden),
            "unit": {"id": unit.id, "name": unit.name} if unit else None,
            "family_centre_area": area_ref(snap, fc),
            "links_out": outgoing, "links_in": incoming,
            "map_url": f"/areas/{fc}?focus={role.unit}" if fc else None}
