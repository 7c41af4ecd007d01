"""Reorganisation what-if: apply a scenario to a copy of the graph and compare (issue 3 item 7).

Why: reorganisations move units and break links nobody had drawn — perheohjaus
moved under perheneuvola (S:1566), three services merged into one family-work
team (T:990), child-protection expertise lost from a consultation team (TL:278);
a planner wants to know before (DOMAIN.md §5, §7).

How: the changes are applied in order to a copy of ``g`` (each validated against
the graph as changed so far; every problem is collected, then raised together),
the affected family-centre areas are analysed before and after with the same
functions as :func:`graphmap.analysis.analyze`, and the results are diffed.
Merged units are renamed to their new id on the "before" side so a finding about
them is recognised as the same finding.
"""
from __future__ import annotations

import networkx as nx

from ..model import LinkKind, Message, Problem, ValidationError, link_key_text, message_of, parse_enum
from ..network_view import NodeKind, area_tree, roles_of
from .engine import check_options, run
from .findings import identity, sort_key
from .reference import load_reference
from .views import Views

OPS = ("remove_unit", "remove_role", "merge_units", "move_unit", "add_link", "remove_link")


class _Applier:
    def __init__(self, g: nx.MultiDiGraph):
        self.g = g.copy()
        self.g.graph = dict(g.graph)
        self.problems: list[Problem] = []
        self.rename: dict[str, str] = {}
        self.touched: set[str] = set()

    def bad(self, i, fld, message):
        self.problems.append(Problem("scenario", None, f"changes[{i}].{fld}", message))

    def node(self, i, ch, fld, kind=None):
        value = ch.get(fld)
        what = kind or "node"  # the catalogue's need_id_* and no_* keys: unit, role, node
        if not isinstance(value, str) or not value:
            self.bad(i, fld, Message(f"need_id_{what}"))
            return None
        d = self.g.nodes.get(value)
        if d is None or (kind and d.get("kind") != kind):
            self.bad(i, fld, Message(f"no_{what}", value=repr(value), hint=""))
            return None
        return value

    def area_of(self, n):
        d = self.g.nodes[n]
        return d.get("fc_area") or d.get("area")

    def remove_unit(self, i, ch):
        u = self.node(i, ch, "unit", NodeKind.UNIT)
        if u:
            self.touched.add(self.area_of(u))
            self.g.remove_nodes_from(roles_of(self.g, [u]) + [u])

    def remove_role(self, i, ch):
        r = self.node(i, ch, "role", NodeKind.ROLE)
        if r:
            self.touched.add(self.area_of(r))
            self.g.remove_node(r)

    def merge_units(self, i, ch):
        units = ch.get("units")
        into = ch.get("into")
        if not isinstance(units, list) or len(units) < 2:
            self.bad(i, "units", Message("scenario_two_units"))
            return
        ok = [self.node(i, {"units": u}, "units", NodeKind.UNIT) for u in units]
        if not isinstance(into, str) or not into:
            self.bad(i, "into", Message("scenario_merged_id"))
            return
        if into not in units and into in self.g:
            self.bad(i, "into", Message("scenario_id_taken", value=repr(into)))
            return
        if None in ok:
            return
        g = self.g
        base = dict(g.nodes[into if into in units else units[0]])
        services = []
        for u in units:
            services += [s for s in g.nodes[u].get("services") or [] if s not in services]
        caps = [g.nodes[u].get("capacity") for u in units if g.nodes[u].get("capacity") is not None]
        base.update(id=into, services=services, capacity=sum(caps) if caps else None,
                    self_referral=any(g.nodes[u].get("self_referral") for u in units))
        if ch.get("name"):
            base["name"] = base["label"] = str(ch["name"])
        edges = []
        for u in units:
            self.touched.add(self.area_of(u))
            edges += [(a, b, k, dict(d)) for a, b, k, d in g.in_edges(u, keys=True, data=True)]
            edges += [(a, b, k, dict(d)) for a, b, k, d in g.out_edges(u, keys=True, data=True)]
        roles = roles_of(g, units)
        g.remove_nodes_from([u for u in units])
        g.add_node(into, **base)
        for r in roles:
            g.nodes[r].update(unit=into, area=base.get("area"), fc_area=base.get("fc_area"),
                              sector=base.get("sector"), level=base.get("level"))
        for a, b, k, d in edges:
            a, b = (into if a in units else a), (into if b in units else b)
            if a == b:
                continue
            if g.has_edge(a, b, k):
                old = g.edges[a, b, k]
                if d.get("volume") is not None:
                    old["volume"] = (old.get("volume") or 0) + d["volume"]
                # the merged link is in force whenever either was (None = open-ended)
                starts, ends = [old.get("valid_from"), d.get("valid_from")], \
                    [old.get("valid_to"), d.get("valid_to")]
                old["valid_from"] = None if None in starts else min(map(str, starts))
                old["valid_to"] = None if None in ends else max(map(str, ends))
            else:
                d.update(source=a, target=b, id=link_key_text(a, b, k))
                g.add_edge(a, b, key=k, **d)
        for u in units:
            self.rename[u] = into
        for old, new in list(self.rename.items()):
            if new in units:
                self.rename[old] = into

    def move_unit(self, i, ch):
        u = self.node(i, ch, "unit", NodeKind.UNIT)
        area = ch.get("area")
        tree = area_tree(self.g)
        if not isinstance(area, str) or area not in tree.areas:
            self.bad(i, "area", Message("no_area", value=repr(area), hint=""))
            return
        if u:
            self.touched.add(self.area_of(u))
            fc = tree.family_centre_area_of(area)
            self.g.nodes[u].update(area=area, fc_area=fc)
            for r in roles_of(self.g, [u]):
                self.g.nodes[r].update(area=area, fc_area=fc)
            self.touched.add(fc)

    def _link(self, i, ch):
        a, b = self.node(i, ch, "source"), self.node(i, ch, "target")
        kind = ch.get("kind")
        try:
            kind = parse_enum(LinkKind, str(kind)).value if kind is not None else None
        except ValueError as exc:
            self.bad(i, "kind", message_of(exc))
            return None
        if kind is None:
            self.bad(i, "kind", Message("scenario_link_kind",
                                        allowed=", ".join(k.value for k in LinkKind)))
            return None
        if a and b and a == b:
            self.bad(i, "target", Message("self_link"))
            return None
        return (a, b, kind) if a and b else None

    def add_link(self, i, ch):
        found = self._link(i, ch)
        if found:
            a, b, k = found
            if self.g.has_edge(a, b, k):
                self.bad(i, "target", Message("scenario_link_exists", kind=repr(k), source=repr(a),
                                                   target=repr(b)))
                return
            volume = ch.get("volume")
            if volume is not None and (not isinstance(volume, int) or volume < 0):
                self.bad(i, "volume", Message("scenario_volume", value=repr(volume)))
                return
            self.g.add_edge(a, b, key=k, source=a, target=b, kind=k, volume=volume,
                            structural=True, id=link_key_text(a, b, k))
            self.touched.update({self.area_of(a), self.area_of(b)})

    def remove_link(self, i, ch):
        found = self._link(i, ch)
        if found:
            a, b, k = found
            if not self.g.has_edge(a, b, k):
                self.bad(i, "target", Message("scenario_no_link", kind=repr(k), source=repr(a),
                                                   target=repr(b)))
                return
            self.g.remove_edge(a, b, k)
            self.touched.update({self.area_of(a), self.area_of(b)})


def apply_scenario(g: nx.MultiDiGraph, scenario) -> tuple[nx.MultiDiGraph, dict, set]:
    """(changed copy of g, rename map old id → merged id, touched area ids); raises
    ``ValidationError`` naming each bad change as ``changes[i].field``."""
    if not isinstance(scenario, dict):
        raise ValidationError([Problem("scenario", None, None, Message("scenario_not_mapping"))],
                              "invalid scenario")
    changes = scenario.get("changes")
    if not isinstance(changes, list) or not changes:
        raise ValidationError([Problem("scenario", None, "changes",
                                       Message("scenario_no_changes"))], "invalid scenario")
    app = _Applier(g)
    for i, ch in enumerate(changes):
        if not isinstance(ch, dict):
            app.bad(i, "op", Message("scenario_change_not_mapping"))
            continue
        op = ch.get("op")
        if op not in OPS:
            app.bad(i, "op", Message("scenario_unknown_op", value=repr(op), allowed=", ".join(OPS)))
            continue
        getattr(app, op)(i, ch)
    if app.problems:
        raise ValidationError(app.problems, f"invalid scenario {scenario.get('name', '')!r}")
    return app.g, app.rename, app.touched


def _lost_paths(before: Views, after: Views, areas, rename) -> list[dict]:
    """Referral reachability inside each area that the scenario takes away."""
    lost = []
    for a in areas:
        if a not in before.by_area:
            continue
        rb = before.area(a).referral
        ra = after.area(a).referral if a in after.by_area else nx.DiGraph()
        for s in sorted(rb):
            s2 = rename.get(s, s)
            if s2 not in ra:
                continue
            reach_after = nx.descendants(ra, s2)
            for t in sorted(nx.descendants(rb, s)):
                t2 = rename.get(t, t)
                if t2 != s2 and t2 in ra and t2 not in reach_after:
                    lost.append({"source": s2, "target": t2, "area": a,
                                 "source_name": after.name(s2), "target_name": after.name(t2)})
    unique = {(p["source"], p["target"], p["area"]): p for p in lost}
    return [unique[k] for k in sorted(unique)]


def _pair_changed(resolved: list, new: list, rename) -> tuple[list, list, list]:
    """Split off the findings that only changed in size: a finding before and one after
    of the same kind, area and evidence key (funnel function, level, rule…) about the same
    subject (the same first node, or one's nodes a subset of the other's) are ONE finding
    that changed — "Perheohjaus gets every referral through 4 teachers" becoming "… 3
    teachers" when one goes — not one resolved and one new.
    Returns (still resolved, still new, changed as ``{"kind", "area", "before", "after",
    "nodes_removed", "nodes_added"}``)."""
    changed, used = [], set()
    still_resolved = []
    for old in resolved:
        key = identity(old, rename)
        old_nodes = [rename.get(n, n) for n in old["nodes"]]
        match = None
        for j, f in enumerate(new):
            if j in used:
                continue
            other = identity(f)
            if (key[0], key[1], key[3]) != (other[0], other[1], other[3]) or not old_nodes or not f["nodes"]:
                continue
            a, b = set(old_nodes), set(f["nodes"])
            if old_nodes[0] == f["nodes"][0] or a <= b or b <= a:
                match = j
                break
        if match is None:
            still_resolved.append(old)
            continue
        used.add(match)
        f = new[match]
        changed.append({"kind": f["kind"], "area": f["area"], "before": old, "after": f,
                        "nodes_removed": sorted(set(old_nodes) - set(f["nodes"])),
                        "nodes_added": sorted(set(f["nodes"]) - set(old_nodes))})
    return still_resolved, [f for j, f in enumerate(new) if j not in used], changed


def whatif(g: nx.MultiDiGraph, scenario: dict, *, reference: dict | None = None,
           today=None, lang: str = "en") -> dict:
    """Before/after report of a reorganisation scenario.

    Returns ``{"scenario", "areas", "lost_paths", "new_gateways", "new_isolated",
    "resolved_findings", "new_findings", "metrics"}``: ``areas`` are the affected
    family-centre areas; ``lost_paths`` pairs ``{"source", "target", "area",
    "source_name", "target_name"}`` whose referral path existed before and not after;
    ``new_gateways`` / ``new_isolated`` the gateway / isolated findings
    that appear; ``resolved_findings`` / ``new_findings`` every finding that
    disappears / appears; ``changed_findings`` those that stay but change in size
    (see :func:`_pair_changed`); ``metrics`` ``{area: {"before", "after"}}``."""
    check_options(lang=lang, today=today)
    reference = reference if reference is not None else load_reference()
    after_g, rename, touched = apply_scenario(g, scenario)
    touched = sorted(a for a in touched if a)
    vb = Views(g, reference, today, areas=touched)
    va = Views(after_g, reference, today, areas=touched)
    areas = [a for a in touched if a in vb.by_area or a in va.by_area]
    before = run(vb, areas, cross_area=False, today=today, lang=lang)
    after = run(va, areas, cross_area=False, today=today, lang=lang)
    ids_before = {identity(f, rename) for f in before["findings"]}
    ids_after = {identity(f) for f in after["findings"]}
    resolved = [f for f in before["findings"] if identity(f, rename) not in ids_after]
    new = [f for f in after["findings"] if identity(f) not in ids_before]
    resolved, new, changed = _pair_changed(resolved, new, rename)
    return {
        "scenario": scenario.get("name") or "",
        "areas": areas,
        "lost_paths": _lost_paths(vb, va, areas, rename),
        "new_gateways": sorted([f for f in new if f["kind"] == "gateway"], key=sort_key),
        "new_isolated": sorted([f for f in new if f["kind"] == "isolated"], key=sort_key),
        "resolved_findings": resolved,
        "new_findings": new,
        "changed_findings": changed,
        "metrics": {a: {"before": before["areas"][a]["metrics"],
                        "after": after["areas"][a]["metrics"]} for a in areas},
    }
