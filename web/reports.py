"""Who-do-I-call answers, findings and the area comparison, shaped for pages and API.

Each function takes the request's arguments, checks them (a bad one raises an HTTP
error naming the parameter: unknown ids → 404, malformed values → 400) and returns
the dict that the page renders and the JSON twin returns.
"""
from __future__ import annotations

from collections import Counter

from werkzeug.exceptions import BadRequest, NotFound

from graphmap.model import AreaKind
from graphmap.network_view import NodeKind
from graphmap.search import SearchError, SearchParams, check_params, lemmatiser_name
from graphmap.search.params import DEFAULT_LIMIT

from .errors import bad, bad_translated, not_found_translated
from .facts import now as clock
from .snapshot import Snapshot
from .profiles import area_ref

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
FINDING_SORTS = ("impact", "severity", "kind", "area", "nodes")
#: the longest finding summary in an accessible name ("Näytä kartalla: …")
SUMMARY_CHARS = 140


def summary(message: str) -> str:
    """A finding's first sentence, cut at a word near ``SUMMARY_CHARS``: enough for a
    screen-reader user to tell 52 "show on map" buttons apart."""
    first = message.split(". ")[0].rstrip(".")
    if len(first) <= SUMMARY_CHARS:
        return first
    return first[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


def _int(args, param: str, low: int, high: int, default=None):
    text = args.get(param)
    if text is None or text.strip() == "":
        return default
    try:
        value = int(text.strip())
    except ValueError:
        raise bad_translated(param, "error.whole_number", param=param, low=low, high=high,
                             value=repr(text)) from None
    if not low <= value <= high:
        raise bad_translated(param, "error.range", param=param, low=low, high=high,
                             value=value)
    return value


def _area_arg(snap: Snapshot, args, param: str = "area") -> str | None:
    value = (args.get(param) or "").strip()
    if not value:
        return None
    if value not in snap.net.areas:
        raise not_found_translated(param, "error.no_area", id=repr(value))
    return value


def lemmatiser() -> str | None:
    return lemmatiser_name()


#: the web's names of the parameters :func:`graphmap.search.check_params` names
WEB_PARAM = {"text": "q", "from_unit": "from"}


def _arg(args, name: str) -> str | None:
    return (args.get(name) or "").strip() or None


def _web_error(exc: SearchError, lang: str):
    """A search error as the HTTP error naming the web's parameter, in ``lang``."""
    out = bad(WEB_PARAM.get(exc.param, exc.param), exc.text(lang),
              NotFound if exc.status == 404 else BadRequest)
    out.lang = lang  # the error page marks the message with its language
    return out


def search_params(snap: Snapshot, args, lang: str, *, strict: bool) -> SearchParams:
    """The request's question checked by the one check of :mod:`graphmap.search`
    (the index's and the command line's too): 400/404 naming the web's parameter, the
    message in the request's language.  ``from`` is the worker's unit (the page's
    picker) or role."""
    net = snap.net
    try:
        return check_params(
            (args.get("q") or "").strip(), area=_arg(args, "area"), age=_arg(args, "age"),
            from_unit=_arg(args, "from"), lang=lang,
            limit=_arg(args, "limit") or DEFAULT_LIMIT, areas=net.areas,
            knows=lambda node: node in net.units or node in net.roles,
            ids=lambda: net.units, require_text=strict)
    except SearchError as exc:
        raise _web_error(exc, lang) from None


def search(snap: Snapshot, args, lang: str, *, strict: bool, now=None) -> dict:
    """``who_to_call`` for ``q`` (required for the API; the page shows an empty form).
    ``now``: the clock the answer's urgent doors are ordered by (default: the page's,
    :func:`.facts.now`, which cards show open or closed by too)."""
    asked = search_params(snap, args, lang, strict=strict)
    q, area, from_unit = asked.text, asked.area, asked.from_unit
    source = snap.net.units.get(from_unit or "") or snap.net.roles.get(from_unit or "")
    out = {"query": q, "area": area_ref(snap, area), "age": asked.age,
           "from": ({"id": from_unit, "name": getattr(source, "name", None)
                     or getattr(source, "title", None)} if source else None),
           "lemmatiser": lemmatiser(), "results": [],
           # the keys of SearchIndex.who_to_call (docs/search.md), empty until asked
           "understood": False, "confident": False, "needs": [], "urgent": False,
           "emergency": None, "notice": None, "unrecognised": [], "front_door": None,
           "age_from_text": False, "age_note": None}
    if not q:
        return out
    try:
        answer = snap.index.who_to_call(q, area=area, age=asked.age, from_unit=from_unit,
                                        lang=lang, limit=asked.limit,
                                        now=now if now is not None else clock())
    except SearchError as exc:  # a unit removed since the index was built: as above
        raise _web_error(exc, lang) from None
    out.update({k: v for k, v in answer.items() if k not in ("results", "front_door")})
    # a unit removed since the index was built (it is rebuilt in the background after
    # a write, web/snapshot.py) is not offered
    out["results"] = [_card(snap, r) for r in answer["results"] if r.get("unit") in snap.g]
    out["front_door"] = _card(snap, answer["front_door"]) if answer["front_door"] else None
    return out


def _card(snap: Snapshot, r: dict) -> dict:
    """One answer, with links to the map and profile.  The index answers as anyone may
    see it; the contact is shown again from the stored role through the one privacy
    rule (graphmap.privacy) for this viewer, so a logged-in user sees the name."""
    from flask import g
    from graphmap.privacy import public_record, public_view
    viewer = g.get("user")
    card = dict(r)
    role = card.get("role")
    if role:
        record = snap.net.roles.get(role.get("id"))
        shown = (public_view(record, viewer, hidden=snap.hidden) if record is not None
                 else {**role, "person": None, "phone": None, "email": None})
        card["role"] = {name: shown.get(name) for name in role}
    if card.get("channel"):
        card["channel"] = {**card["channel"], **public_record(
            {"email": card["channel"].get("email")}, viewer, snap.hidden)}
    unit = card.get("unit")
    node = snap.g.nodes[unit] if unit in snap.g else {}
    if node.get("kind") == NodeKind.UNIT:  # as stored now, even while the index is rebuilt
        area = snap.net.areas.get(node.get("area") or "")
        card.update(unit_name=node.get("name", card.get("unit_name")), area=node.get("area"),
                    area_name=area.name if area else card.get("area_name"))
    fc = node.get("fc_area")
    card["map_url"] = f"/areas/{fc}?focus={unit}" if fc else None
    card["unit_url"] = f"/units/{unit}"
    card["level"] = card.get("level")
    if card.get("path"):
        card["path_names"] = [{"id": n, "name": snap.g.nodes[n].get("label")
                               if n in snap.g else n} for n in card["path"]]
    return card


def _analysis_for(snap: Snapshot, area: str | None, lang: str) -> dict:
    """Analysis of one family-centre area, of every one under a county/region, or all."""
    if area is None:
        return snap.analysis(None, lang)
    kind = snap.net.areas[area].kind
    if kind in (AreaKind.REGION, AreaKind.COUNTY):
        whole = snap.analysis(None, lang)
        inside = set(snap.tree.family_centre_areas(area)) | {area}
        return {"areas": {a: v for a, v in whole.get("areas", {}).items() if a in inside},
                "findings": [f for f in whole.get("findings", []) if f.get("area") in inside]}
    return snap.analysis(snap.tree.family_centre_area_of(area), lang)


def _sort_arg(args, allowed, default):
    text = (args.get("sort") or default).strip()
    desc = text.startswith("-")
    key = text.lstrip("-")
    if key not in allowed:
        raise bad_translated("sort", "error.sort", allowed=", ".join(allowed), value=repr(text))
    return key, desc


def findings(snap: Snapshot, args, lang: str) -> dict:
    """Findings of an area (or all), each with node names, a map link highlighting
    what it is about (``map_nodes``, ``map_roles``) and a one-sentence ``summary``,
    sorted (default ``impact``: each area's top five first)."""
    area = _area_arg(snap, args)
    key, desc = _sort_arg(args, FINDING_SORTS, "impact")
    result = _analysis_for(snap, area, lang)
    from graphmap.analysis.findings import about as finding_about  # there is an analysis
    rows = []
    for f in result.get("findings", []):
        nodes = list(f.get("nodes", []))
        row = dict(f)
        row["area_name"] = (snap.net.areas[f["area"]].name
                            if f.get("area") in snap.net.areas else f.get("area"))
        row["node_names"] = [{"id": n, "name": snap.g.nodes[n].get("label") if n in snap.g
                              else n, "kind": snap.g.nodes[n].get("kind") if n in snap.g
                              else None} for n in nodes]
        map_area = f.get("area") if f.get("area") in snap.net.areas else None
        # "show on map" highlights everything the finding is about (a cut point and the
        # units it cuts off, a stale-contact round's roles); roles=1 makes the map draw
        # roles when any of them is a role, or the highlight would show nothing
        shown = [n for n in finding_about(f) if n in snap.g]
        row["map_nodes"] = shown
        row["map_roles"] = any(snap.g.nodes[n].get("kind") == NodeKind.ROLE for n in shown)
        row["map_url"] = (f"/areas/{map_area}?highlight={','.join(shown)}"
                          + ("&roles=1" if row["map_roles"] else "")
                          if map_area and shown else None)
        row["summary"] = summary(f.get("message") or "")
        rows.append(row)
    sort_keys = {
        # the area's top five first, then by impact: what to act on first
        "impact": lambda r: (not r.get("top"), -(r.get("impact") or 0),
                             SEVERITY_RANK.get(r.get("severity"), 9), r.get("area_name") or ""),
        "severity": lambda r: (SEVERITY_RANK.get(r.get("severity"), 9), r.get("kind", ""),
                               r.get("area_name") or ""),
        "kind": lambda r: (r.get("kind", ""), SEVERITY_RANK.get(r.get("severity"), 9)),
        "area": lambda r: ((r.get("area_name") or "").lower(),
                           SEVERITY_RANK.get(r.get("severity"), 9)),
        "nodes": lambda r: (len(r.get("nodes", [])), r.get("kind", "")),
    }
    rows.sort(key=sort_keys[key], reverse=desc)
    return {"area": area_ref(snap, area), "sort": ("-" if desc else "") + key,
            "areas": result.get("areas", {}),
            "counts": dict(Counter(r.get("kind") for r in rows)), "findings": rows}


def flatten(metrics: dict, prefix: str = "") -> dict:
    """``{"size": {"units": 3}}`` → ``{"size.units": 3}`` (numbers only, for tables)."""
    out = {}
    for k, v in (metrics or {}).items():
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, name + "."))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[name] = v
    return out


def compare(snap: Snapshot, args, lang: str) -> dict:
    """Every family-centre area's metrics and finding counts, side by side."""
    result = snap.analysis(None, lang)
    by_area = Counter()
    high = Counter()
    kinds = Counter()
    for f in result.get("findings", []):
        by_area[(f.get("area"), f.get("kind"))] += 1
        kinds[f.get("kind")] += 1
        if f.get("severity") == "high":
            high[f.get("area")] += 1
    rows = []
    for a, info in result.get("areas", {}).items():
        metrics = flatten(info.get("metrics", {}))
        counts = {k: by_area[(a, k)] for k in sorted(kinds)}
        rows.append({"id": a, "name": info.get("name") or a, "metrics": metrics,
                     "findings": counts, "findings_total": sum(counts.values()),
                     "high": high[a], "map_url": f"/areas/{a}",
                     "findings_url": f"/findings?area={a}"})
    metric_keys = sorted({k for r in rows for k in r["metrics"]})
    allowed = ("name", "findings_total", "high", *metric_keys)
    key, desc = _sort_arg(args, allowed, "name")

    def sort_value(r):
        if key == "name":
            return (0, r["name"].lower())
        value = r["metrics"].get(key) if key in metric_keys else r[key]
        return (value is None, value if value is not None else 0)
    rows.sort(key=sort_value, reverse=desc)
    return {"sort": ("-" if desc else "") + key, "metric_keys": metric_keys,
            "finding_kinds": sorted(kinds), "areas": rows}


def rounds(snap: Snapshot, store, args) -> dict:
    """The survey rounds and, when two exist, the comparison of ``from`` and ``to``
    (default the last two) for ``area`` (default every area): the page and
    ``/api/rounds`` alike.  Unknown rounds → 400 naming the known ones."""
    from graphmap.analysis.rounds import compare_rounds, load_round_states, rounds_list
    area = _area_arg(snap, args)
    states = load_round_states(store, snap.net)
    listed = rounds_list(states)
    ids = [r["id"] for r in listed]
    first, second = ((args.get(p) or "").strip() or None for p in ("from", "to"))
    for param, rid in (("from", first), ("to", second)):
        if rid is not None and rid not in states:
            raise bad_translated(param, "error.no_round", id=repr(rid),
                                 rounds=", ".join(ids) or "–")
    diff = None
    if len(ids) >= 2:
        second = second or ids[-1]
        first = first or [i for i in ids if i != second][-1]
        diff = compare_rounds(snap.net, states, first, second, area=area)
        for key in ("gained", "lost", "strengthened", "weakened"):
            for row in diff[key]:
                row["source_name"], row["target_name"] = (
                    _node_name(snap, row["source"]), _node_name(snap, row["target"]))
        for a, m in diff["metrics"].items():
            m["name"] = snap.net.areas[a].name if a in snap.net.areas else a
    return {"area": area_ref(snap, area), "rounds": listed, "from": first, "to": second,
            "comparison": diff}


def _node_name(snap: Snapshot, node: str) -> str:
    if node in snap.net.units:
        return snap.net.units[node].name
    role = snap.net.roles.get(node)
    if role is None:
        return node
    unit = snap.net.units.get(role.unit)
    return f"{role.title} – {unit.name}" if unit else role.title
