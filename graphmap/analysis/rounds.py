"""Survey rounds: each round's network per area and what changed from one round to the next.

Why: PARTNER's whole point is to survey a collaborative again and compare (issue 15
item 5; DOMAIN.md §4): did the area's network grow denser, less centralised, did trust
and value rise, which ties were gained, lost or strengthened?

How: a link holds the answer of the round that last measured it (``survey_round``,
``survey_date``, ``cooperation``, ``trust``, ``value``), and the store's history holds
every earlier version of the link.  :func:`round_states` collects, for each round, the
latest version of each link measured in it — from the history entries and the current
network — so no extra table is needed and an edited link keeps its rounds.  Per round
and family-centre area (:func:`round_metrics`): links, units, density and Freeman degree
centralisation of the undirected unit graph the round's links draw (role ends lifted to
their units), average trust and value over the links that scored them.
:func:`compare_rounds` diffs two rounds: ``gained`` (named in the later round only),
``lost`` (named in the earlier round only, by a respondent who answered the later one:
a respondent who did not answer again lost nothing we know of), ``strengthened`` /
``weakened`` (cooperation level, trust or value up / down).
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx

from ..model import Cooperation, Network, link_key_text
from ..network_view import AreaTree
from .metrics import degree_centralization

#: link record fields that carry a round's answer
ANSWER = ("cooperation", "trust", "value")


def round_states(versions, current: Network) -> dict[str, dict[str, dict]]:
    """Round id → {link id → the link's record dict as that round last measured it}.

    ``versions``: record dicts of links from the store's history (any order; for each
    round the version seen last in ``versions`` wins, then the current network wins)."""
    states: dict[str, dict[str, dict]] = defaultdict(dict)
    for rec in versions:
        if rec and rec.get("survey_round"):
            states[rec["survey_round"]][_key(rec)] = rec
    for link in current.links.values():
        if link.survey_round:
            rec = {"source": link.source, "target": link.target, "kind": str(link.kind),
                   "cooperation": str(link.cooperation) if link.cooperation else None,
                   "trust": link.trust, "value": link.value,
                   "survey_round": link.survey_round,
                   "survey_date": link.survey_date.isoformat() if link.survey_date else None}
            states[link.survey_round][_key(rec)] = rec
    return dict(states)


def load_round_states(store, current: Network | None = None) -> dict[str, dict[str, dict]]:
    """:func:`round_states` of a store: its link history (oldest first) and network."""
    current = current if current is not None else store.read()
    entries = store.history(sheet="links")
    versions = [e.get("after") for e in reversed(entries)]
    return round_states(versions, current)


def _key(rec: dict) -> str:
    return link_key_text(rec["source"], rec["target"], rec["kind"])


def rounds_list(states: dict) -> list[dict]:
    """Rounds in date order (then id): ``{"id", "date", "links"}``."""
    out = []
    for rid, links in states.items():
        dates = sorted(r["survey_date"] for r in links.values() if r.get("survey_date"))
        out.append({"id": rid, "date": str(dates[-1]) if dates else None, "links": len(links)})
    return sorted(out, key=lambda r: (r["date"] or "", r["id"]))


def _unit(net: Network, node: str) -> str | None:
    if node in net.units:
        return node
    role = net.roles.get(node)
    return role.unit if role else None


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 2) if values else None


def round_metrics(net: Network, state: dict[str, dict]) -> dict[str, dict]:
    """Family-centre area → the round's ``links``, ``units``, ``density``,
    ``degree_centralization``, ``trust`` and ``value`` (means, None when no link
    scored them) over the round's links with both ends in the area."""
    per_area: dict[str | None, list] = defaultdict(list)
    fc_of = AreaTree(net.areas).family_centre_area_of
    for rec in state.values():
        a, b = _unit(net, rec["source"]), _unit(net, rec["target"])
        if a is None or b is None:
            continue
        fa = fc_of(net.units[a].area)
        fb = fc_of(net.units[b].area)
        if fa == fb:
            per_area[fa].append((a, b, rec))
    out = {}
    for area, links in sorted(per_area.items(), key=lambda kv: kv[0] or ""):
        if area is None:
            continue
        g: nx.Graph = nx.Graph()
        for a, b, _rec in links:
            g.add_node(a)
            g.add_node(b)
            if a != b:
                g.add_edge(a, b)
        n = g.number_of_nodes()
        out[area] = {"links": len(links), "units": n,
                     "density": round(nx.density(g), 6) if n > 1 else 0.0,
                     "degree_centralization": degree_centralization(g),
                     "trust": _mean(r.get("trust") for _, _, r in links),
                     "value": _mean(r.get("value") for _, _, r in links)}
    return out


def _level(rec) -> int:
    return Cooperation(rec["cooperation"]).rank if rec.get("cooperation") else 0


def _change(old: dict, new: dict) -> int:
    """+1 stronger, −1 weaker, 0 the same (or mixed)."""
    ups = downs = 0
    for get in (_level, lambda r: r.get("trust") or 0, lambda r: r.get("value") or 0):
        a, b = get(old), get(new)
        if a and b:
            ups += b > a
            downs += b < a
    return (ups > 0) - (downs > 0) if not (ups and downs) else 0


def compare_rounds(net: Network, states: dict, first: str, second: str,
                   area: str | None = None) -> dict:
    """What changed from round ``first`` to round ``second`` (see the module docstring);
    ``area`` limits it to links with an end in that family-centre area.  Unknown rounds
    raise ``KeyError`` naming the round."""
    for rid in (first, second):
        if rid not in states:
            raise KeyError(rid)
    a, b = states[first], states[second]
    fc_of = AreaTree(net.areas).family_centre_area_of

    def inside(rec):
        if area is None:
            return True
        for end in (rec["source"], rec["target"]):
            unit = _unit(net, end)
            if unit and fc_of(net.units[unit].area) == area:
                return True
        return False

    answered = {r["source"] for r in b.values()}
    row = lambda key, old, new: {  # noqa: E731
        "id": key, "source": (new or old)["source"], "target": (new or old)["target"],
        "kind": (new or old)["kind"], "before": {k: (old or {}).get(k) for k in ANSWER},
        "after": {k: (new or {}).get(k) for k in ANSWER}}
    gained = [row(k, None, b[k]) for k in sorted(b) if k not in a and inside(b[k])]
    lost = [row(k, a[k], None) for k in sorted(a)
            if k not in b and a[k]["source"] in answered and inside(a[k])]
    both = [k for k in sorted(a) if k in b and inside(b[k])]
    strengthened = [row(k, a[k], b[k]) for k in both if _change(a[k], b[k]) > 0]
    weakened = [row(k, a[k], b[k]) for k in both if _change(a[k], b[k]) < 0]
    before, after = round_metrics(net, a), round_metrics(net, b)
    areas = sorted(set(before) | set(after)) if area is None else [area]
    return {"from": first, "to": second, "area": area,
            "gained": gained, "lost": lost, "strengthened": strengthened, "weakened": weakened,
            "unchanged": len(both) - len(strengthened) - len(weakened),
            "metrics": {x: {"before": before.get(x), "after": after.get(x)} for x in areas}}
