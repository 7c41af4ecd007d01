"""Cytoscape elements JSON for one area's map (docs/web-contract.md, ``/api/areas/<id>/graph``).

Why: the area coordinator's map (issue 4 item 1) shows who connects to whom inside one
family-centre area (DOMAIN.md §1), with links that leave the area collapsed into one stub
per neighbouring area, and with sizes from metrics *of what is visible* — a filter changes
the question ("who brokers between the NGO and the county services?"), so metrics are
recomputed on the filtered graph, never taken from the whole one.

How: nodes and links are read from the snapshot's graph (``graphmap.graph.build_graph``);
role-ended links are lifted to their units when roles are hidden
(``graphmap.network_view.unit_of``).  Betweenness is networkx's (Brandes 2001) on the
undirected simple projection, with distance ``1 / (1 + ln(1 + strength))`` where strength
is the yearly volume of the pair's links (volume if known, else the frequency's contacts
per year, else 1) — heavier ties are shorter, so brokers on busy referral routes weigh
more.  Brandes costs one shortest-path search per source (O(n·m) in all); when
``n · m`` exceeds :data:`BETWEENNESS_BUDGET` it is estimated from a fixed-seed sample of
``BETWEENNESS_BUDGET // m`` sources (at least :data:`MIN_SAMPLE`; networkx ``k=``, Brandes
& Pich 2007), so sizes stay stable between requests and a 2,000-element area stays
interactive.  Gateway *findings* come from the analysis engine, which computes exactly.
County and region areas aggregate (DOMAIN.md §2: region → county → family-centre area):
their family-centre areas become nodes and link counts become edges.
"""
from __future__ import annotations

import math
import threading
from collections import Counter, OrderedDict, defaultdict
from typing import TYPE_CHECKING

import networkx as nx

from graphmap.analysis import area_metrics
from graphmap.i18n.message import Text
from graphmap.model import (FREQUENCY_PER_YEAR, AreaKind, LinkKind, Level,
                            REFERRAL_KINDS, Sector, link_key_text)
from graphmap.network_view import NodeKind, unit_of
from graphmap.privacy import shows_person

from .json_codec import encode

if TYPE_CHECKING:  # only for annotations: web/snapshot.py imports this module
    from .snapshot import Snapshot


BETWEENNESS_BUDGET = 30_000  # sources × edges; ≈ a few hundred ms of pure-Python Dijkstra
MIN_SAMPLE = 16
AGGREGATED_KINDS = {AreaKind.REGION, AreaKind.COUNTY}
FILTERS = {"sector": Sector, "level": Level, "kind": LinkKind}


class ParamError(ValueError):
    """A bad query parameter; the API answers 400 ``{"error", "param"}``, saying
    :attr:`message` (a catalogue message) in the reader's language."""

    def __init__(self, param: str, message: Text):
        super().__init__(message)
        self.param, self.message = param, message


def parse_filter(param: str, text: str | None) -> frozenset[str] | None:
    """``"a,b"`` → the set of enum values, or ``None`` (no filter) when absent/empty."""
    if text is None or not text.strip():
        return None
    enum = FILTERS[param]
    allowed = {m.value for m in enum}
    values = {v.strip() for v in text.split(",") if v.strip()}
    if not values:
        return None
    bad = sorted(values - allowed)
    if bad:
        raise ParamError(param, Text("error.unknown_values", param=param,
                                     values=", ".join(map(repr, bad)),
                                     allowed=", ".join(sorted(allowed))))
    return frozenset(values)


def view_options(args) -> dict:
    """The map view asked for by query ``args`` (API and page alike): filters may come
    comma-separated or repeated (``sector=a&sector=b``, as a plain form submits them).
    Raises :class:`ParamError` on a bad value."""
    def joined(name):
        return ",".join(args.getlist(name)) or None
    return {"roles": parse_flag("roles", args.get("roles"), False),
            "sectors": parse_filter("sector", joined("sector")),
            "levels": parse_filter("level", joined("level")),
            "kinds": parse_filter("kind", joined("kind")),
            "suggested": parse_flag("suggested", args.get("suggested"), False),
            "aggregate": (parse_flag("aggregate", args["aggregate"], True)
                          if args.get("aggregate") else None)}


def parse_flag(param: str, text: str | None, default: bool) -> bool:
    """``0``/``1`` (also false/true) → bool; anything else is a 400."""
    if text is None or text == "":
        return default
    value = text.strip().lower()
    if value in ("1", "true", "yes"):
        return True
    if value in ("0", "false", "no"):
        return False
    raise ParamError(param, Text("error.one_of", param=param, allowed="0, 1",
                                 value=repr(text)))


def strength(data: dict) -> float:
    """Contacts per year of one link (volume, else frequency, else 1)."""
    if data.get("volume"):
        return float(data["volume"])
    freq = data.get("frequency")
    if freq:  # StrEnum keys hash as their string values
        return float(FREQUENCY_PER_YEAR.get(freq, 1))
    return 1.0


def node_metrics(nodes, edges) -> dict[str, dict]:
    """Degree, betweenness (volume-weighted, see module doc) and referral in-volume of
    every node, over the given visible edges only."""
    degree: Counter = Counter()
    in_volume: Counter = Counter()
    pair_strength: dict[tuple, float] = defaultdict(float)
    for e in edges:
        a, b = e["source"], e["target"]
        degree[a] += 1
        degree[b] += 1
        if e["kind"] in REFERRAL_KINDS and e.get("volume"):
            in_volume[b] += e["volume"]
        pair_strength[(a, b) if a <= b else (b, a)] += e["strength"]
    btw = _betweenness(list(dict.fromkeys(nodes)), pair_strength)
    return {v: {"degree": degree[v], "betweenness": round(btw.get(v, 0.0), 6),
                "in_volume": in_volume[v]} for v in nodes}


#: betweenness by the linked structure it was computed from, most recent last: an edit
#: that leaves an area's links as they were (a capacity, a name, a unit not linked
#: yet) does not pay for the Brandes run again — it was most of what recomputing an
#: area's map cost after each write (issue 13: a write costs what it changes)
_BETWEENNESS: OrderedDict = OrderedDict()
_BETWEENNESS_LOCK = threading.Lock()
BETWEENNESS_KEPT = 256


def _betweenness(nodes: list, pair_strength: dict[tuple, float]) -> dict:
    """Normalised betweenness of ``nodes`` over the weighted pairs (see module doc).

    Exact when affordable: then it is a function of the linked pairs alone (a node
    without links lies on no path; ``n`` only scales the result), computed on those
    nodes in sorted order so the same links give the same numbers whatever the order
    they were read in.  Sampled otherwise, from every node as given (fixed seed)."""
    n, m = len(nodes), len(pair_strength)
    k = max(MIN_SAMPLE, BETWEENNESS_BUDGET // max(m, 1))
    links = frozenset(pair_strength.items())
    key = (tuple(nodes), k, links) if n > k else (links,)
    with _BETWEENNESS_LOCK:
        raw = _BETWEENNESS.get(key)
        if raw is not None:
            _BETWEENNESS.move_to_end(key)
    if raw is None:
        simple = nx.Graph()
        if n > k:
            simple.add_nodes_from(nodes)
        for (a, b), s in sorted(pair_strength.items()):
            simple.add_edge(a, b, distance=1.0 / (1.0 + math.log1p(s)))
        if n > k:
            raw = nx.betweenness_centrality(simple, k=k, weight="distance",
                                            normalized=True, seed=0)
        else:  # unnormalised: each unordered pair once (networkx's scale 1/2)
            raw = nx.betweenness_centrality(simple, weight="distance", normalized=False)
        with _BETWEENNESS_LOCK:
            _BETWEENNESS[key] = raw
            while len(_BETWEENNESS) > BETWEENNESS_KEPT:
                _BETWEENNESS.popitem(last=False)
    if n > k:
        return raw
    # networkx's normalisation: ordered pairs (s, t), s != t != v: (n - 1)(n - 2)
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return {v: b * scale for v, b in raw.items()}


def is_aggregated_kind(snap: Snapshot, area_id: str) -> bool:
    return snap.net.areas[area_id].kind in AGGREGATED_KINDS


def area_elements(snap: Snapshot, area_id: str, *, roles: bool = False,
                  sectors=None, levels=None, kinds=None, suggested: bool = False,
                  aggregate: bool | None = None, lang: str = "fi") -> dict:
    """The elements JSON for ``area_id`` (caller has checked the area exists); ``None``
    is the whole network, always aggregated (the national overview)."""
    if area_id is None:
        aggregate = True
    elif aggregate is None:
        aggregate = is_aggregated_kind(snap, area_id)
    key = ("elements", area_id, roles, sectors, levels, kinds, suggested, aggregate, lang)
    return snap.view(key, lambda s: _elements(s, area_id, roles=roles, sectors=sectors,
                                              levels=levels, kinds=kinds, suggested=suggested,
                                              aggregate=aggregate, lang=lang))


def _elements(snap: Snapshot, area_id: str | None, *, roles, sectors, levels, kinds, suggested,
              aggregate: bool, lang: str) -> dict:
    build = _aggregate if aggregate else _detail
    out = build(snap, area_id, roles=roles, sectors=sectors, levels=levels, kinds=kinds,
                suggested=suggested, lang=lang)
    area = snap.net.areas.get(area_id) if area_id is not None else None
    ref = ({"id": area.id, "name": area.name, "kind": area.kind.value} if area
           else {"id": None, "name": None, "kind": "national"})
    unfiltered = sectors is None and levels is None and kinds is None
    if area_id is not None and unfiltered and isinstance(out.get("metrics"), dict):
        # the whole area's link count is the one the area page and /compare show
        # (Snapshot.counts), not a count of what happens to be drawn
        c = snap.counts[area_id]
        out["metrics"] = {**out["metrics"], "links": c["links"], "links_out": c["links_out"]}
    out = {"area": ref, "aggregate": aggregate, **out}
    if area_id in snap.recorded_later:  # as of a day before the area was recorded
        out["recorded_later"] = True
    return out


def area_elements_json(snap: Snapshot, area_id: str | None, **options) -> bytes:
    """:func:`area_elements` encoded as JSON once per revision and view: a repeated
    request for the same map costs a dictionary lookup, not a re-encoding.  After a
    write that touched the area, the previous revision's answer while this one's is
    computed (:meth:`Snapshot.view`)."""
    key = ("json", area_id, tuple(sorted(options.items())))
    return snap.view(key, lambda s: encode(area_elements(s, area_id, **options)))


def _unit_passes(d: dict, sectors, levels) -> bool:
    return (sectors is None or d.get("sector") in sectors) and \
        (levels is None or d.get("level") in levels)


def _stub_id(area_id: str) -> str:
    return f"stub:{area_id}"


def _edge_data(eid, source, target, d, **extra) -> dict:
    data = {"id": eid, "source": source, "target": target, "kind": d["kind"],
            "volume": d.get("volume"), "frequency": d.get("frequency"),
            "structural": d.get("structural", True), "strength": strength(d)}
    data.update(extra)
    return data


def _edge_classes(data: dict, *extra: str) -> str:
    classes = [f"kind-{data['kind']}", *extra]
    if data.get("structural") is False:
        classes.append("case-only")
    return " ".join(classes)


def _findings_by_node(snap: Snapshot, area_id: str, lang: str):
    """Finding kinds per node and the missing-link findings, from the area's analysis
    (for a district or municipality, that of its family-centre area)."""
    tree = snap.tree
    fc = tree.family_centre_area_of(area_id)
    if tree.is_family_centre_area(fc):
        analysed = [fc]
    else:  # a county or region drawn unaggregated: the findings of each area inside it
        analysed = sorted(a for a in tree.descendants(fc) if tree.is_family_centre_area(a))
    findings = [f for a in analysed for f in snap.analysis(a, lang).get("findings", [])]
    per_node: dict[str, list[str]] = defaultdict(list)
    missing = []
    for f in findings:
        if f.get("kind") == "missing_link":
            missing.append(f)
            continue
        for n in f.get("nodes", []):
            # a role's finding also marks its unit, which is what shows when roles are hidden
            for target in {n, unit_of(snap.g, n) or n}:
                if f["kind"] not in per_node[target]:
                    per_node[target].append(f["kind"])
    return per_node, missing


EMPTY_VIEW_METRICS = ("units", "roles", "links", "density", "reciprocity", "components",
                      "degree_centralization", "mean_path_length", "cross_sector_share",
                      "cross_level_share", "forums", "fragmentation", "key_player_fragmentation")


def _area_metrics(snap: Snapshot, area_id: str, nodes: list[str], edges: list[dict]) -> dict:
    """``graphmap.analysis.area_metrics`` of the visible graph (nodes relabelled into
    ``area_id`` so districts and filtered views are measured as drawn)."""
    if not any(snap.g.nodes[n].get("kind") == NodeKind.UNIT for n in nodes):
        # the filters hid every unit: an empty view is a valid answer, not an error
        return dict.fromkeys(EMPTY_VIEW_METRICS, 0) | {"links": len(edges)}
    h = nx.MultiDiGraph()
    h.graph.update(snap.g.graph)
    for n in nodes:
        h.add_node(n, **{**snap.g.nodes[n], "fc_area": area_id, "area": area_id})
    for e in edges:
        h.add_edge(e["source"], e["target"], key=e["id"], **{k: v for k, v in e.items()
                                                                 if k not in ("source", "target")})
    return area_metrics(h, area_id)


def _detail(snap: Snapshot, area_id: str, *, roles, sectors, levels, kinds, suggested, lang):
    g, net = snap.g, snap.net
    inside_units = snap.units_in(area_id)
    shown_units = {u for u in inside_units if _unit_passes(g.nodes[u], sectors, levels)}
    shown = set(shown_units)
    if roles:
        shown.update(r for u in shown_units for r in snap.roles_of.get(u, ()))

    def end(node):  # the drawn node a link end attaches to (None: outside or hidden)
        unit = unit_of(snap.g, node)
        if unit not in inside_units:
            return None
        if node in shown:
            return node
        return unit if unit in shown else None

    edges, stub_edges = [], defaultdict(lambda: {"count": 0, "volume": 0})
    stub_count: Counter = Counter()
    seen = set()
    starts = set(shown_units) | {r for u in inside_units for r in snap.roles_of.get(u, ())}
    for node in sorted(starts):  # sorted: the same request gives the same JSON, in order
        if unit_of(snap.g, node) not in shown_units:
            continue
        for u, v, d in list(g.out_edges(node, data=True)) + list(g.in_edges(node, data=True)):
            if d["id"] in seen or (kinds is not None and d["kind"] not in kinds):
                continue
            seen.add(d["id"])
            a, b = end(u), end(v)
            if a is not None and b is not None:
                if a != b:
                    edges.append(_edge_data(d["id"], a, b, d))
                continue
            inner, outer, outgoing = (a, v, True) if a is not None else (b, u, False)
            if inner is None or unit_of(snap.g, outer) in inside_units:
                continue  # a hidden end inside the area: filtered out, not a stub
            far = g.nodes[outer].get("fc_area") or g.nodes[outer].get("area")
            if far is None or far not in net.areas:
                continue
            stub = _stub_id(far)
            stub_key = (inner, stub, d["kind"], outgoing)
            stub_edges[stub_key]["count"] += 1
            stub_edges[stub_key]["volume"] += d.get("volume") or 0
            stub_count[far] += 1

    shown_list = sorted(shown)
    metrics = node_metrics(shown_list, edges)
    per_node, missing = _findings_by_node(snap, area_id, lang)
    orgs = g.graph.get("organisations", {})
    nodes = []
    for n in shown_list:
        d = g.nodes[n]
        org = d.get("organisation")
        data = {"id": n, "label": d.get("label"), "kind": d["kind"], "type": d.get("type"),
                "level": d.get("level"), "sector": d.get("sector"), "organisation": org,
                "organisation_name": orgs.get(org, {}).get("name"), "area": d.get("area"),
                "capacity": d.get("capacity"), "findings": per_node.get(n, []),
                **metrics[n]}
        classes = [d["kind"], f"sector-{d.get('sector')}", f"level-{d.get('level')}"]
        if d["kind"] == NodeKind.ROLE:
            data["unit"] = d.get("unit")
            data["title"] = d.get("title")
            # the map is one JSON for every viewer: as anyone may see it (graphmap.privacy)
            if d.get("person") and shows_person(d):
                data["person"] = d["person"]
        else:
            classes.append(f"type-{d.get('type')}")
        classes += [f"finding-{k}" for k in data["findings"]]
        nodes.append({"data": data, "classes": " ".join(classes)})
    for far, count in sorted(stub_count.items()):
        nodes.append({"data": {"id": _stub_id(far), "label": net.areas[far].name, "kind": "stub",
                               "type": net.areas[far].kind.value, "area": far, "count": count,
                               "findings": [], "degree": 0, "betweenness": 0.0, "in_volume": 0},
                      "classes": "stub"})
    out_edges = [{"data": e, "classes": _edge_classes(e)} for e in edges]
    if roles:  # a role hangs on its unit; drawn, but not a link and not measured
        for n in shown_list:
            d = g.nodes[n]
            if d["kind"] == NodeKind.ROLE and d.get("unit") in shown:
                out_edges.append({"data": {"id": f"role:{n}", "source": n, "target": d["unit"],
                                           "kind": "role_of", "structural": True},
                                  "classes": "role-of"})
    for (inner, stub, kind, outgoing), agg in sorted(stub_edges.items()):
        source, target = (inner, stub) if outgoing else (stub, inner)
        data = {"id": link_key_text(source, target, kind), "source": source, "target": target,
                "kind": kind, "count": agg["count"], "volume": agg["volume"] or None,
                "structural": True}
        out_edges.append({"data": data, "classes": f"kind-{kind} stub"})
    if suggested:
        for f in missing:
            ev = f.get("evidence", {})
            for source in ev.get("sources") or [ev.get("source", "")]:  # grouped: every unit
                a, b = end(source), end(ev.get("target", ""))
                if not (a and b and a != b):
                    continue
                out_edges.append({"data": {"id": f"suggested:{a}>{b}", "source": a, "target": b,
                                           "kind": "suggested",
                                           "suggested_kind": ev.get("suggested_kind"),
                                           "reason": f.get("message"), "structural": False},
                                  "classes": "ghost"})
    unfiltered = sectors is None and levels is None and kinds is None
    metrics_ = None
    if unfiltered and net.areas[area_id].kind == AreaKind.FAMILY_CENTRE_AREA :
        # the analysis already measured exactly this (units, all links): reuse it
        metrics_ = snap.analysis(area_id, lang).get("areas", {}).get(area_id, {}).get("metrics")
    if metrics_ is None:
        metrics_ = _area_metrics(snap, area_id, shown_list, edges)
    return {"nodes": nodes, "edges": out_edges, "metrics": metrics_}


def _aggregate(snap: Snapshot, area_id: str, *, roles, sectors, levels, kinds, suggested,
               lang):
    """Family-centre areas under ``area_id`` as nodes, link counts between them as edges."""
    g, net = snap.g, snap.net
    group_of = snap.unit_group
    inside_groups = {grp for grp in set(group_of.values())
                     if area_id is None or area_id in snap.tree.ancestors(grp)}
    filtered = sectors is not None or levels is not None
    unit_count: Counter = Counter()
    for u, grp in group_of.items():
        if grp in inside_groups and (not filtered or _unit_passes(g.nodes[u], sectors, levels)):
            unit_count[grp] += 1
    pairs: dict[tuple, dict] = defaultdict(lambda: {"count": 0, "volume": 0, "kinds": Counter()})
    stub_count: Counter = Counter()
    if filtered:  # unit by unit: a link counts only if both ends pass the filters
        rows = ((group_of[su], group_of[tu], kind, 1, vol) for su, tu, kind, vol in snap.unit_links
                if _unit_passes(g.nodes[su], sectors, levels)
                and _unit_passes(g.nodes[tu], sectors, levels))
    else:  # the snapshot's ready-made counts per pair of groups
        rows = ((a, b, kind, n, vol) for (a, b, kind), (n, vol) in snap.group_links.items())
    for a, b, kind, n, vol in rows:
        if a == b or (kinds is not None and kind not in kinds):
            continue
        a_in, b_in = a in inside_groups, b in inside_groups
        if not (a_in or b_in):
            continue
        if not (a_in and b_in):
            far = b if a_in else a
            if far not in net.areas:
                continue
            stub_count[_stub_id(far)] += n
            a, b = (a, _stub_id(far)) if a_in else (_stub_id(far), b)
        p = pairs[(a, b)]
        p["count"] += n
        p["volume"] += vol
        p["kinds"][kind] += n
    groups = sorted(unit_count, key=lambda a: net.areas[a].name.lower() if a in net.areas else a)
    for fc in snap.tree.family_centre_areas(area_id):  # an empty area is still on the map
        if fc not in unit_count and sectors is None and levels is None:
            groups.append(fc)
    edges = []
    for (a, b), p in sorted(pairs.items()):
        edges.append({"id": f"{a}>{b}", "source": a, "target": b, "kind": "aggregate",
                      "count": p["count"], "volume": p["volume"] or None,
                      "kinds": dict(p["kinds"]), "strength": float(p["count"]),
                      "structural": True})
    metric_nodes = [n for n in groups]
    metrics = node_metrics(metric_nodes, [e for e in edges if not e["source"].startswith("stub:")
                                          and not e["target"].startswith("stub:")])
    nodes = []
    for a in groups:
        area = net.areas.get(a)
        c = snap.counts.get(a, {})
        nodes.append({"data": {"id": a, "label": area.name if area else a, "kind": "area",
                               "type": area.kind.value if area else None, "area": a,
                               "units": unit_count.get(a, 0), "roles": c.get("roles", 0),
                               "findings": [], **metrics[a]},
                      "classes": "area"})
    for stub, count in sorted(stub_count.items()):
        far = stub[len("stub:"):]
        nodes.append({"data": {"id": stub, "label": net.areas[far].name, "kind": "stub",
                               "type": net.areas[far].kind.value, "area": far, "count": count,
                               "findings": [], "degree": 0, "betweenness": 0.0, "in_volume": 0},
                      "classes": "stub"})
    out_edges = [{"data": e, "classes": "aggregate" + (" stub" if "stub:" in e["id"] else "")}
                 for e in edges]
    totals = {"areas": len(groups), "units": sum(unit_count.values()),
              "links_between_areas": sum(e["count"] for e in edges
                                         if "stub:" not in e["id"]),
              "links_leaving": sum(stub_count.values())}
    return {"nodes": nodes, "edges": out_edges, "metrics": totals}
