"""Missing links: ranked pairs of units that should be linked (issue 3 item 5).

Why: the sources' most repeated failure is links missing between sectors and
support levels — no cooperation model between ECEC special teachers and family
social services (S:3725), family counsellors never visiting schools (PH:298),
adult services not linked to child services (O:213-218) — DOMAIN.md §5.

How: reference-model rules first (:mod:`.reference`: every unit of function *a*
needs a link to at least one unit of function *b*), then link prediction: the
resource allocation index (Zhou, Lü & Zhang 2009, "Predicting missing links via
local information", Eur. Phys. J. B 71:623; equal to ``networkx.resource_allocation_index``)
on the area's undirected collaboration projection — units linked by any link or
sharing a forum — for unlinked pairs at adjacent support levels with ≥ 2 common
partners.
"""
from __future__ import annotations

import heapq
from collections import defaultdict

from ..model import Level
from .findings import finding
from .views import FORUM, MEMBER, Views

PREDICT_TOP = 5
PREDICT_MIN_COMMON = 2


_RANKS = {lv.value: lv.rank for lv in Level}


def _rank(level):
    return _RANKS.get(level)


def _linked(views: Views, u: str) -> set:
    return {ln.target if ln.source == u else ln.source for ln in views.unit_links.get(u, ())}


def rule_links(views: Views, area: str, functions: dict) -> list[dict]:
    """Reference-model rules: a unit of function *a* with no link (any kind, any
    direction, any area) to a unit of function *b* gets one suggestion — the *b*
    unit of the area at the lowest support level, then with most links.  The units
    of one rule sharing a suggestion make one finding (evidence ``sources``, a list)
    when there are several, else ``source``.  Severity
    is the rule's when no *a* unit of the area is linked to any *b* unit (no
    cooperation model at all, S:3725), else low."""
    g = views.g
    units = [u for u in views.area(area).units if g.nodes[u].get("type") != FORUM]
    out = []
    missing: dict[str, list] = defaultdict(list)  # suggested partner → units without a link
    for rule in views.reference.get("links", []):
        a_funcs, b_funcs = set(rule.get("a", ())), set(rule.get("b", ()))
        group_a = [u for u in units if functions.get(u, set()) & a_funcs]
        group_b = [u for u in units if functions.get(u, set()) & b_funcs]
        linked = {u for u in group_a if _linked(views, u) & (set(group_b) - {u})}
        # no a-unit linked to any b-unit is a missing cooperation model (S:3725): the
        # rule's severity; single units missing where others are linked: low
        severity = rule.get("severity", "medium") if not linked else "low"
        for u in sorted(group_a):
            candidates = [b for b in group_b if b != u]
            if not candidates or u in linked:
                continue
            best = min(candidates, key=lambda b: (_rank(views.level(b)) or 0,
                                                  -len(views.unit_links.get(b, ())), b))
            missing[best].append(u)
        # one finding per rule and suggested partner, listing every unit without the
        # link: "27 daycares have no link to Perheohjaus" is one thing to act on
        for best, sources in sorted(missing.items()):
            kind = rule.get("suggested_kind", "contact")
            if len(sources) == 1:
                out.append(finding("missing_link", area, [sources[0], best], severity,
                                   source=sources[0], target=best, suggested_kind=kind,
                                   rule=rule["id"]))
            else:
                out.append(finding("missing_link", area, sorted(sources) + [best], severity,
                                   sources=sorted(sources), target=best, suggested_kind=kind,
                                   rule=rule["id"]))
        missing.clear()
    return out


def collaboration_projection(views: Views, area: str) -> dict[str, set]:
    """Undirected adjacency sets of the area's units (forums left out): a neighbour for
    any link and for two units whose staff sit in the same forum."""
    view = views.area(area)
    adj = {n: set(near) for n, near in view.service_adj.items()}  # a copy: grown below
    members = defaultdict(set)
    for ln in view.links:
        if ln.kind == MEMBER and ln.source in adj:
            members[ln.target].add(ln.source)
    for who in members.values():
        for a in who:
            adj[a] |= who - {a}
    return adj


def resource_allocation(adj: dict[str, set], pairs) -> list[tuple]:
    """(a, b, Σ 1/deg(w) over common neighbours w) — the resource allocation index,
    the same numbers as ``networkx.resource_allocation_index`` (checked in the tests),
    on adjacency sets so that scoring thousands of candidate pairs stays cheap."""
    inverse = {}

    def inv(w):
        if w not in inverse:
            inverse[w] = 1 / len(adj[w])
        return inverse[w]

    return [(a, b, sum(inv(w) for w in adj[a] & adj[b])) for a, b in pairs]


def predicted_links(views: Views, area: str, *, exclude=(), top: int = PREDICT_TOP,
                    min_common: int = PREDICT_MIN_COMMON) -> list[dict]:
    """The ``top`` unlinked pairs at adjacent support levels with the highest resource
    allocation index (≥ ``min_common`` common partners); severity low.

    A 500-unit area has ~30,000 pairs at adjacent levels, too many for a Python loop
    within the time budget, so candidates are found with numpy over bitsets (each
    unit's partners packed into bytes: one AND and a popcount per pair, all pairs of
    two levels at once), each with an upper bound of its index — RA(a, b) ≤ the sum
    of a's (or b's) ``common`` largest 1/deg values.  Pairs are then scored exactly
    by :func:`resource_allocation` in order of that bound, stopping once the bound
    cannot reach the ``top``-th best: the same answer as scoring every pair (checked
    in the tests).  No matrix products: multi-threaded BLAS burns the CPU of a
    shared machine for nothing at this size."""
    import numpy as np

    adj = collaboration_projection(views, area)
    skip = {frozenset(p) for p in exclude}
    nodes = sorted(adj)
    n = len(nodes)
    position = {v: i for i, v in enumerate(nodes)}
    by_rank = defaultdict(list)
    for v in nodes:
        r = _rank(views.level(v))
        if r is not None:
            by_rank[r].append(position[v])
    if not any(by_rank.get(r + 1) for r in by_rank):
        return []
    linked = np.zeros((n, n), dtype=bool)
    at = position.__getitem__
    for i, v in enumerate(nodes):
        if adj[v]:
            linked[i, np.fromiter(map(at, adj[v]), dtype=np.intp, count=len(adj[v]))] = True
    packed = np.packbits(linked, axis=1)
    # upper bounds: prefix sums of each unit's partners' 1/deg values, largest first
    degree = linked.sum(axis=1)
    weights = linked * np.divide(1.0, degree, out=np.zeros(n), where=degree > 0)
    prefix = np.zeros((n, n + 1))
    np.cumsum(-np.sort(-weights, axis=1), axis=1, out=prefix[:, 1:])
    found_a, found_b, found_bound = [], [], []
    for r in sorted(by_rank):
        lower, upper = np.asarray(by_rank[r]), np.asarray(by_rank.get(r + 1, ()), dtype=int)
        if not len(upper):
            continue
        common = np.bitwise_count(packed[lower][:, None, :] & packed[upper][None, :, :]) \
            .sum(axis=2, dtype=np.int64)
        ok = (common >= min_common) & ~linked[np.ix_(lower, upper)]
        i, j = np.nonzero(ok)
        if not len(i):
            continue
        count = common[i, j]
        found_a.append(lower[i])
        found_b.append(upper[j])
        found_bound.append(np.minimum(prefix[lower[i], count], prefix[upper[j], count]))
    if not found_bound:
        return []
    bound = np.concatenate(found_bound)
    order = np.argsort(-bound, kind="stable")
    pair_a = np.concatenate(found_a)[order].tolist()
    pair_b = np.concatenate(found_b)[order].tolist()
    scored, best = [], []  # best: a min-heap of the top rounded scores so far
    for upper_bound, a, b in zip(bound[order].tolist(), pair_a, pair_b):
        if len(best) == top and upper_bound < best[0] - 1e-9:
            break
        a, b = nodes[a], nodes[b]
        if skip and frozenset((a, b)) in skip:
            continue
        ((_, _, score),) = resource_allocation(adj, [(a, b)])
        rounded = round(score, 9)
        scored.append((-rounded, a, b))
        if len(best) < top:
            heapq.heappush(best, rounded)
        elif rounded > best[0]:
            heapq.heapreplace(best, rounded)
    scored.sort()
    return [finding("missing_link", area, [a, b], "low", source=a, target=b,
                    suggested_kind="consults", score=round(-neg, 4),
                    common=sorted(adj[a] & adj[b]))
            for neg, a, b in scored[:top]]


def missing_links(views: Views, area: str, functions: dict) -> list[dict]:
    """Rule suggestions, then predictions for pairs the rules did not already name."""
    rules = rule_links(views, area, functions)
    named = [(a, f["evidence"]["target"]) for f in rules
             for a in f["evidence"].get("sources") or [f["evidence"]["source"]]]
    return rules + predicted_links(views, area, exclude=named)
