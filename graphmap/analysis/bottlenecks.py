"""Bottlenecks: where the area's network hangs on one unit, link or person (issue 3 item 4).

Why: all ECEC referrals to family guidance came through 4 special-needs teachers
(S:3729-3743), long chains delay help (S:3743-3751), work piles up on single
actors (PH:529) and everyone waits their turn (O:150) — DOMAIN.md §5.
"""
from __future__ import annotations

import random
from collections import defaultdict, deque
from functools import partial

import networkx as nx

from ..model import Level
from .findings import finding
from .views import FORUM, MEMBER, REFERRAL, REFERS, AreaView, Views

#: a broker carries at least this share of the area's weighted shortest referral paths
BROKER_SHARE = 0.5
#: ... and at least this many (source, target) pairs must exist for the share to mean much
BROKER_MIN_PAIRS = 4
#: above this many universal sources the broker share is estimated from a sample of them
BROKER_MAX_SOURCES = 64
#: a cut point is reported when it cuts off at least this many units
MIN_CUT = 2
#: a funnel: all referrals of a group of ≥ FUNNEL_MIN_UNITS units arrive through ≤ FUNNEL_MAX_ROLES roles
FUNNEL_MIN_UNITS = 3
FUNNEL_MAX_ROLES = 4
#: overload without alternative: in-flow from at least this many units
MANY_SOURCES = 5
#: long chain: hops from universal to special support
LONG_CHAIN = 4


def _pieces(adj: dict, removed, starts) -> list[set]:
    """Connected pieces reached from ``starts`` once ``removed`` nodes are gone."""
    seen, pieces = set(removed), []
    for start in starts:
        if start in seen:
            continue
        piece, queue = {start}, deque([start])
        seen.add(start)
        while queue:
            x = queue.popleft()
            for y in adj[x]:
                if y not in seen:
                    seen.add(y)
                    piece.add(y)
                    queue.append(y)
        pieces.append(piece)
    return pieces


def _cut_off(pieces: list[set]) -> list:
    """Everything outside the largest piece (ties broken by sorted ids)."""
    if len(pieces) < 2:
        return []
    pieces = sorted(pieces, key=lambda c: (-len(c), sorted(c)))
    return sorted(n for c in pieces[1:] for n in c)


def cut_points(views: Views, area: str, *, min_cut: int = MIN_CUT) -> list[dict]:
    """Articulation points of the undirected service graph that cut off ≥ ``min_cut``
    units from the rest of their component (medium if ≥ 3, else low).  A single
    pendant unit is reported once, by :func:`bridges`."""
    view = views.area(area)
    s = view.service
    adj = view.service_adj
    after = view.fragmentation_after
    # the key player (Borgatti 2006): the cut point whose removal fragments the area most
    found = []
    for ap in sorted(nx.articulation_points(s)):
        cut = _cut_off(_pieces(adj, {ap}, sorted(adj[ap])))
        if len(cut) >= min_cut:
            found.append((ap, cut))
    top = min((ap for ap, _ in found), key=lambda v: (-after[v], v), default=None)
    return [finding("gateway", area, [ap], "medium" if len(cut) >= 3 else "low",
                    type="cut_point", cut_off=cut, fragmentation=after[ap],
                    key_player=ap == top)
            for ap, cut in found]


def referral_load(r: nx.DiGraph, sources, targets, weight=None) -> tuple[dict, float]:
    """Source-weighted betweenness restricted to paths from ``sources`` to ``targets``.

    Brandes' accumulation (Brandes 2001, "A faster algorithm for betweenness
    centrality", J. Math. Sociol. 25:163-177) with the dependency counted only at
    target nodes and each source's contribution multiplied by ``weight[s]``.  With
    all weights 1 it equals ``nx.betweenness_centrality_subset(r, sources, targets,
    normalized=False)`` for a directed graph.  Returns (load per node, total weight of
    reachable (s, t) pairs, number of reachable (s, t) pairs)."""
    nodes = list(r)
    at = {v: i for i, v in enumerate(nodes)}
    succ = [[at[w] for w in r[v]] for v in nodes]
    is_target = [False] * len(nodes)
    for t in targets:
        if t in at:
            is_target[at[t]] = True
    load = [0.0] * len(nodes)
    total = 0.0
    pairs = 0
    n = len(nodes)
    unseen = [-1] * n
    for s in sources:
        w = 1.0 if weight is None else weight.get(s, 1.0)
        si = at[s]
        # per-source state in lists indexed by node position (cheaper than dicts)
        dist = unseen[:]
        sigma = [0.0] * n
        preds: list = [None] * n
        dist[si], sigma[si], preds[si] = 0, 1.0, []
        order = [si]
        for v in order:  # breadth-first: the visit order doubles as the queue
            dv, sv = dist[v] + 1, sigma[v]
            for x in succ[v]:
                dx = dist[x]
                if dx < 0:
                    dist[x] = dv
                    sigma[x] = sv
                    preds[x] = [v]
                    order.append(x)
                elif dx == dv:
                    sigma[x] += sv
                    preds[x].append(v)
        delta = [0.0] * n
        for x in reversed(order):
            hit = is_target[x] and x != si
            if hit:
                total += w
                pairs += 1
            coeff = ((1.0 if is_target[x] else 0.0) + delta[x]) / sigma[x]
            for v in preds[x]:
                delta[v] += sigma[v] * coeff
            if x != si:
                load[x] += w * delta[x]
    return {v: load[i] for i, v in enumerate(nodes)}, total, pairs


def brokers(views: Views, area: str, *, share: float = BROKER_SHARE,
            min_pairs: int = BROKER_MIN_PAIRS, max_sources: int = BROKER_MAX_SOURCES) -> list[dict]:
    """Units through which ≥ ``share`` of the weighted shortest referral paths from
    universal units to higher levels pass.  A source's weight is its known yearly
    referral out-volume (1 when unknown), so a busy neuvola counts more than a
    silent one.  Exact up to ``max_sources`` universal sources; above that the share
    is estimated from half that many sources drawn with a seed fixed per area, or
    all ``max_sources`` when a share lies within 0.15 of the threshold (evidence
    ``sampled_sources``); this keeps a 500-unit area near its time budget."""
    view = views.area(area)
    r = view.referral
    succ = r.succ  # out-neighbours → edge data, without an edge view per unit
    sources = [u for u in view.units if views.level(u) == Level.UNIVERSAL and succ[u]]
    targets = [u for u in view.units if views.level(u) not in (None, Level.UNIVERSAL)]
    if not sources or not targets:
        return []
    weight = {}
    for s in sources:
        vol = sum(d["volume"] for d in succ[s].values())
        weight[s] = float(vol) if vol > 0 else 1.0
    sampled = len(sources) > max_sources
    if sampled:
        # pivot sampling (Brandes & Pich 2007): the share is a ratio of sums over
        # sources, so a fixed random subset of sources estimates it.  Half the sample
        # first; the other half only when some share is near the threshold.
        sources = random.Random(area).sample(sorted(sources), max_sources)
        half = max_sources // 2
        load, total, pairs = referral_load(r, sources[:half], targets, weight)
        top = max(load.values(), default=0.0) / total if total else 0.0
        if abs(top - share) < 0.15:
            more, total2, pairs2 = referral_load(r, sources[half:], targets, weight)
            load = {v: load[v] + more[v] for v in load}
            total, pairs = total + total2, pairs + pairs2
        else:
            sources = sources[:half]
    else:
        load, total, pairs = referral_load(r, sources, targets, weight)
    if total <= 0 or pairs < min_pairs:
        return []
    out = []
    for v, amount in sorted(load.items()):
        if amount / total >= share:
            out.append(finding("gateway", area, [v], "high", type="broker",
                               share=round(amount / total, 3), pairs=pairs,
                               sampled_sources=len(sources) if sampled else None))
    return out


def funnels(views: Views, area: str, functions: dict, *, min_units: int = FUNNEL_MIN_UNITS,
            max_roles: int = FUNNEL_MAX_ROLES) -> list[dict]:
    """A unit above universal level that receives every referral from one universal
    service group (units sharing a reference function, e.g. all daycares) through a
    few named roles, while the
    other units of the group have no tie of any kind to it — the 4 special-needs
    teachers for ~1,000 children of S:3729-3743."""
    view = views.area(area)
    g = views.g
    groups = views.universal_groups(area, functions)
    inbound = defaultdict(list)
    for ln in view.links:
        if ln.kind in REFERRAL and views.level(ln.target) not in (None, Level.UNIVERSAL) \
                and g.nodes[ln.target].get("type") != FORUM:
            inbound[ln.target].append(ln)
    out = []
    for target in sorted(inbound):
        direct = None
        for fid in sorted(groups):
            members = groups[fid] - {target}
            if len(members) < min_units or fid in functions.get(target, ()):
                continue
            links = [ln for ln in inbound[target] if ln.source in members]
            if not links or any(ln.source_role is None for ln in links):
                continue
            roles = sorted({ln.source_role for ln in links})
            units = {ln.source for ln in links}
            # a group unit with its own tie of any kind to the target (a named contact,
            # outreach visits) has a way round the funnel
            if direct is None:  # the target's partners, once per target
                direct = {ln.target if ln.source == target else ln.source
                          for ln in views.unit_links.get(target, ()) if ln.kind != MEMBER}
            if direct & (members - units):
                continue
            if len(roles) <= max_roles and len(units) < len(members):
                out.append(finding("gateway", area, [target] + roles, "high", type="funnel",
                                   function=fid, roles=roles, group_units=len(members),
                                   volume=sum(ln.volume or 0 for ln in links)))
    return out


def bridge_sides(adj: dict) -> list[tuple]:
    """Every bridge of an undirected graph given as adjacency sets, with the nodes on
    each side: ``(parent, child, child_side, parent_side)``.

    One iterative depth-first search per component (Tarjan's low-link rule: the tree
    edge parent→child is a bridge when nothing in child's subtree reaches above
    child).  Preorder numbering makes each subtree a contiguous slice of the visit
    order, so both sides come for free.  Same bridges as ``networkx.bridges``
    (checked in the tests)."""
    disc, low, order, out = {}, {}, [], []
    # ids are strings: sorting them as they are gives the key=str order without a
    # key call per element (other node types, as in the tests, keep key=str)
    by_name = sorted if all(type(v) is str for v in adj) else partial(sorted, key=str)
    for root in by_name(adj):
        if root in disc:
            continue
        start = len(order)
        disc[root] = low[root] = len(order)
        order.append(root)
        stack = [(root, None, iter(by_name(adj[root])))]
        tree = []
        while stack:
            node, parent, it = stack[-1]
            advanced = False
            for nxt in it:
                if nxt == parent:
                    continue
                if nxt in disc:
                    low[node] = min(low[node], disc[nxt])
                else:
                    disc[nxt] = low[nxt] = len(order)
                    order.append(nxt)
                    stack.append((nxt, node, iter(by_name(adj[nxt]))))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                if parent is not None:
                    low[parent] = min(low[parent], low[node])
                    tree.append((parent, node, len(order)))
        component = order[start:]
        for parent, child, end in tree:
            if low[child] > disc[parent]:
                # the subtree is a slice of the preorder, so the rest is what surrounds it
                side = order[disc[child]:end]
                out.append((parent, child, side,
                            component[:disc[child] - start] + component[end - start:]))
    return out


def bridges(views: Views, area: str) -> list[dict]:
    """Links whose loss disconnects units (bridges of the service graph); medium
    when both sides hold ≥ 2 units, low for a unit hanging on one link."""
    adj = views.area(area).service_adj
    out = []
    for parent, child, side, rest in bridge_sides(adj):
        a, b = sorted((parent, child), key=str)
        if len(side) == 1 or len(rest) == 1:
            leaf, other = (child, parent) if len(side) == 1 else (parent, child)
            out.append(finding("bridge", area, [other, leaf], "low", link=[other, leaf],
                               cut_off=[leaf]))
            continue
        small = sorted(min(sorted(side), sorted(rest), key=lambda c: (len(c), c)))
        out.append(finding("bridge", area, [a, b], "medium", link=[a, b], cut_off=small))
    out.sort(key=lambda f: f["nodes"])
    return out


def overload(views: Views, area: str, functions: dict, *,
             many_sources: int = MANY_SOURCES) -> list[dict]:
    """Referral in-volume above capacity (high), or referrals from ≥ ``many_sources``
    units into a unit with no alternative in the area — no other unit of the same
    level sharing one of its reference functions (medium)."""
    g = views.g
    view = views.area(area)
    providers = defaultdict(set)  # (level, function) → units, for "is there an alternative"
    for o in views.serving_units(area):
        for f in functions.get(o, ()):
            providers[(views.level(o), f)].add(o)
    out = []
    for u in sorted(view.units):
        inbound = [ln for ln in views.unit_links.get(u, ()) if ln.target == u]
        volume = sum(ln.volume or 0 for ln in inbound if ln.kind == REFERS)
        capacity = g.nodes[u].get("capacity")
        if capacity is not None and volume > capacity:
            out.append(finding("overload", area, [u], "high", type="capacity", volume=volume,
                               capacity=capacity))
            continue
        sources = sorted({ln.source for ln in inbound if ln.kind in REFERRAL})
        mine = functions.get(u, set())
        if len(sources) >= many_sources and mine:
            level = views.level(u)
            alternatives = {o for f in mine for o in providers[(level, f)]} - {u}
            if not alternatives:
                out.append(finding("overload", area, [u], "medium", type="no_alternative",
                                   sources=sources, volume=volume, capacity=capacity))
    return out


def key_person(views: Views, area: str) -> list[dict]:
    """Units whose ≥ 2 cross-sector ties (forum membership aside) all run through one
    role — the tie leaves with the person (T:1091, S:3074, PH:351)."""
    out = []
    sector, unit_links = views.sector, views.unit_links
    for u in sorted(views.area(area).units):
        mine = sector(u)
        if mine is None:  # no sector, so no tie crosses one
            continue
        ties, holders = [], set()
        for ln in unit_links.get(u, ()):
            if ln.kind == MEMBER:
                continue
            other = ln.target if ln.source == u else ln.source
            if sector(other) in (None, mine):
                continue
            ties.append(ln.id)
            holders.add(ln.source_role if ln.source == u else ln.target_role)
        if len(ties) >= 2 and len(holders) == 1 and None not in holders:
            role = holders.pop()
            out.append(finding("key_person", area, [u, role], "high" if len(ties) >= 4 else "medium",
                               role=role, ties=sorted(ties)))
    return out


def long_chains(views: Views, area: str, *, hops: int = LONG_CHAIN) -> list[dict]:
    """Universal units whose shortest referral path to special support or child
    protection takes ≥ ``hops`` steps.  One multi-source BFS backwards from every
    special/protection unit gives each unit its distance to the nearest one."""
    view: AreaView = views.area(area)
    r = view.referral
    goals = [u for u in view.units if views.level(u) in (Level.SPECIAL, Level.PROTECTION)]
    dist = {t: 0 for t in goals}
    nxt = {}
    queue = deque(sorted(goals))
    while queue:
        x = queue.popleft()
        for p in sorted(r.predecessors(x)):
            if p not in dist:
                dist[p] = dist[x] + 1
                nxt[p] = x
                queue.append(p)
    out = []
    for u in sorted(view.units):
        if views.level(u) != Level.UNIVERSAL or u not in dist or dist[u] < hops:
            continue
        path = [u]
        while path[-1] in nxt:
            path.append(nxt[path[-1]])
        out.append(finding("long_chain", area, path, "medium", hops=dist[u], path=path))
    return out
