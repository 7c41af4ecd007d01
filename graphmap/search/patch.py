"""A search index patched after a write, instead of built again (issue 13 item 1).

What: :func:`patch_index` turns the index of one graph into the index of the graph
:func:`graphmap.graph.patch_graph` made from it, recomputing only what the changed
units, roles and links feed: those units' postings and service keys, their role
entries, their link adjacency and referral volume (and their neighbours'), their
ranking rows, and the cached provider and need columns, urgent doors and front doors
that can depend on them.  Everything else is shared with the old index, which stays
as it was (snapshots are read-only; requests may still be using it).

Why: building the index reads every unit's text through the lemmatiser and every link
of the network: tens of seconds at national scale, so a search after an edit showed the
old network for seconds.  A one-unit edit touches a few dozen postings.

How: ``patch_graph`` records the nodes and links it changed on the new graph; without
that record, what changed is read off the two graphs, which share every node attribute
dict and adjacency dict the write did not touch (copy on write): a node whose attribute
dict is not the same object changed, and so did a link whose key dict is not.  New
units take new positions at the end of the index's columns, and a removed unit's
position stays, empty and never an answer, so no column of the other units moves.
The result answers exactly as :func:`~graphmap.search.index.build_index` of the new
graph does (tests/search/test_patch.py compares them).
"""
from __future__ import annotations

import bisect
import copy
import functools
from collections import Counter

import numpy as np

from ..model import LinkKind, UnitType
from ..network_view import area_tree
from ..privacy import hidden_names
from .index import BOTH_WAYS, FIELD_WEIGHTS, FUZZY_MIN_LEN, PATH_KINDS, URGENT_DOORS, SearchIndex, \
    UnitDoc
from .text import WEAK_PARTS

#: A write touching more units than this rebuilds the index (a large import): the
#: patch's per-unit work then costs more than one pass over the network.
PATCH_LIMIT = 2000
#: More changed rows than this sort the tie-break again instead of inserting each
TIE_PATCH_LIMIT = 200


def changed_nodes(old_g, new_g) -> set:
    """Nodes added, removed or with other attributes in ``new_g`` than in ``old_g``."""
    old, new = old_g._node, new_g._node
    out = {n for n, d in new.items() if old.get(n) is not d}
    out.update(n for n in old if n not in new)
    return out


def changed_pairs(old_g, new_g) -> set:
    """(source, target) node pairs whose links differ between the two graphs."""
    out: set[tuple] = set()
    for one, other in ((old_g._succ, new_g._succ), (new_g._succ, old_g._succ)):
        for u, nbrs in one.items():
            there = other.get(u)
            if there is nbrs:
                continue
            if there is None:
                out.update((u, v) for v in nbrs)
                continue
            out.update((u, v) for v, kd in nbrs.items() if there.get(v) is not kd)
    return out


def _cow(table: dict, copied: set, key, empty=dict):
    """``table[key]`` (a dict or set) copied the first time this patch changes it; a
    new ``empty()`` when the table has no such key."""
    if key in copied and key in table:
        return table[key]
    inner = table.get(key)
    table[key] = type(inner)(inner) if inner is not None else empty()
    copied.add(key)
    return table[key]


class _Patch:
    """One patch from ``old`` (the index of ``old_g``) to the index of ``new_g``."""

    def __init__(self, old, old_g, new_g, nodes: set, pairs: set):
        self.old, self.old_g, self.new_g = old, old_g, new_g
        self.nodes, self.pairs = nodes, pairs
        new = self.new = copy.copy(old)
        new.patches = old.patches + 1
        new.docs = old.docs.copy()
        for name in ("postings", "service_postings", "role_postings", "service_keys"):
            setattr(new, name, getattr(old, name).copy())
        self.copied: dict[str, set] = {name: set() for name in
                                       ("postings", "service_postings", "role_postings",
                                        "service_keys")}
        self.terms: set[str] = set()  # every term whose postings may have changed
        #: service keyword → its rule (:meth:`_service_rule`), shared by the indexes
        #: patched from one build
        self._rules: dict[str, tuple[str, str | None]] = new.__dict__.setdefault(
            "_service_rules", {})

    # ----------------------------------------------------------------- units
    def changed_units(self) -> tuple[set[str], set[str]]:
        """The units whose own entries change (their node, or a role of theirs, before
        or after) and the changed roles."""
        units, roles = set(), set()
        for n in self.nodes:
            for d in (self.old_g._node.get(n), self.new_g._node.get(n)):
                if not d:
                    continue
                if d.get("kind") == "unit":
                    units.add(n)
                elif d.get("kind") == "role":
                    roles.add(n)
                    if d.get("unit"):
                        units.add(d["unit"])
        return units, roles

    def _drop_text(self, doc) -> None:
        """Take ``doc``'s unit out of every posting its texts put it in."""
        new, uid = self.new, doc.id
        texts = list(doc.attrs.get("services") or []) + [doc.attrs.get("name") or "",
                                                         doc.attrs.get("description") or ""]
        texts += [r.get("title") or "" for r in doc.roles]
        for text in texts:
            for term, _ in new._text_terms(text):
                self.terms.add(term)
                for name in ("postings", "service_postings", "role_postings"):
                    table = getattr(new, name)
                    if uid in table.get(term, ()):
                        posting = _cow(table, self.copied[name], term)
                        del posting[uid]
                        if not posting:
                            del table[term]
        for service in doc.attrs.get("services") or []:
            key = new._service_key(service)
            if uid in new.service_keys.get(key, ()):
                holders = _cow(new.service_keys, self.copied["service_keys"], key)
                holders.discard(uid)
                if not holders:
                    del new.service_keys[key]

    def _add_text(self, uid: str, text: str, weight: float, field: str | None = None) -> set:
        """:meth:`SearchIndex._add_text` on this patch's copied postings."""
        new = self.new
        terms = set()
        names = ("postings",) if field is None else ("postings", field)
        for term, factor in new._text_terms(text):
            w = weight * factor
            for name in names:
                posting = _cow(getattr(new, name), self.copied[name], term)
                if posting.get(uid, 0.0) < w:
                    posting[uid] = w
            terms.add(term)
            self.terms.add(term)
        return terms

    def redo_units(self, units: set[str], roles: set[str]) -> None:
        """New documents, postings and role entries for ``units``."""
        old, new = self.old, self.new
        new_nodes = self.new_g._node
        for uid in units:
            if uid in old.docs:
                self._drop_text(old.docs[uid])
                new.docs.pop(uid)
        for uid in sorted(units):
            d = new_nodes.get(uid)
            if not d or d.get("kind") != "unit":
                continue
            doc = UnitDoc(uid, d)
            new.docs[uid] = doc
            for service in d.get("services") or []:
                terms = self._add_text(uid, service, FIELD_WEIGHTS["services"], "service_postings")
                doc.service_terms.append((service, frozenset(terms)))
                _cow(new.service_keys, self.copied["service_keys"],
                     new._service_key(service), set).add(uid)
            self._add_text(uid, d.get("name") or "", FIELD_WEIGHTS["name"])
            self._add_text(uid, d.get("description") or "", FIELD_WEIGHTS["description"])
            kept = old.docs[uid].roles if uid in old.docs else []
            entries = [r for r in kept if r["id"] not in roles]
            entries += [{"id": rid} for rid in sorted(roles)
                        if (new_nodes.get(rid) or {}).get("kind") == "role"
                        and new_nodes[rid].get("unit") == uid]
            for entry in entries:
                rid = entry["id"]
                rd = new_nodes[rid]
                terms = self._add_text(uid, rd.get("title") or "", FIELD_WEIGHTS["roles"],
                                       "role_postings")
                if "_terms" not in entry:
                    entry = {**rd, "id": rid, "_terms": frozenset(terms)}
                doc.roles.append(entry)
        # role → unit, for the roles of these units and the changed roles: 60,000
        # entries at national scale, copied only when one of them changes (a unit's
        # name or capacity leaves its roles where they were)
        put = {r["id"]: uid for uid in units if uid in new.docs for r in new.docs[uid].roles}
        drop = {r["id"] for uid in units if uid in old.docs for r in old.docs[uid].roles}
        drop.update(roles)
        if any(old.role_unit.get(r) != put.get(r) for r in drop | put.keys()):
            role_unit = dict(old.role_unit)
            for rid in drop:
                role_unit.pop(rid, None)
            role_unit.update(put)
            new.role_unit = role_unit
        def hides(d):  # the person a role hides, if any
            return d.get("person") if d and d.get("kind") == "role" and not d.get(
                "public", True) else None
        # a unit's edit re-puts its roles unchanged: the hidden names change only when a
        # role's hidden person does
        if any(hides(self.old_g._node.get(n)) != hides(new_nodes.get(n)) for n in roles):
            new.hidden = hidden_names(d for d in new_nodes.values() if d.get("kind") == "role")

    # ----------------------------------------------------------------- terms
    def redo_terms(self) -> None:
        """The close-spelling vocabulary when terms came or went (idf is computed per
        query, :meth:`SearchIndex.idf`)."""
        old, new = self.old, self.new
        if any((t in old.postings) != (t in new.postings) for t in self.terms):
            new.fuzzy_vocab = sorted(t for t in new.postings if len(t) >= FUZZY_MIN_LEN)
        # a memo of its own: the old one is bound to the old index and would keep it
        # (and through it every index before) alive
        new._fuzzy = functools.lru_cache(maxsize=10_000)(new._fuzzy_uncached)

    # ----------------------------------------------------------------- links
    def _nodes_of(self, index, uid: str) -> list[str]:
        doc = index.docs.get(uid)
        return [uid] + [r["id"] for r in doc.roles] if doc is not None else [uid]

    def link_units(self, units: set[str], roles: set[str]) -> set[str]:
        """Units whose adjacency, referral volume or area pairs may change: the changed
        units, both ends of every changed link, and every neighbour of a changed role
        (its links now lead to another unit)."""
        out = set(units)
        for index in (self.old, self.new):
            owner = index.role_unit.get
            for u, v in self.pairs:
                out.add(owner(u, u))
                out.add(owner(v, v))
            for g in (self.old_g, self.new_g):
                for r in roles:
                    if r in g._succ:
                        out.update(owner(x, x) for x in g._succ[r])
                        out.update(owner(x, x) for x in g._pred[r])
        return out

    def _edges(self, index, g, units: set[str]) -> set:
        out: set[tuple] = set()
        for uid in units:
            for m in self._nodes_of(index, uid):
                if m in g._succ:
                    out.update((m, v, k) for v, kd in g._succ[m].items() for k in kd)
                    out.update((u, m, k) for u, kd in g._pred[m].items() for k in kd)
        return out

    @staticmethod
    def _pair(index, g, edge):
        """The family-centre area pair an edge counts for (``_build_links``), or None."""
        u, v, k = edge
        a, b = index.role_unit.get(u, u), index.role_unit.get(v, v)
        if a == b or a not in index.docs or b not in index.docs:
            return None
        fa, fb = index.docs[a].attrs.get("fc_area"), index.docs[b].attrs.get("fc_area")
        if fa and fb and fa != fb:
            return (fa, fb) if fa <= fb else (fb, fa)
        return None

    def redo_links(self, link_units: set[str]) -> None:
        old, new, g = self.old, self.new, self.new_g
        delta: Counter = Counter()
        for edge in self._edges(old, self.old_g, link_units):
            p = self._pair(old, self.old_g, edge)
            if p is not None:
                delta[p] -= 1
        for edge in self._edges(new, g, link_units):
            p = self._pair(new, g, edge)
            if p is not None:
                delta[p] += 1
        self._redo_pairs({p: d for p, d in delta.items() if d})
        owner = new.role_unit.get
        new.adjacent = dict(old.adjacent)
        for x in link_units:
            if x not in new.docs:
                new.adjacent.pop(x, None)
                continue
            near, volume = set(), 0
            for m in self._nodes_of(new, x):
                for v, kd in g._succ.get(m, {}).items():
                    b = owner(v, v)
                    if b != x and b in new.docs and any(
                            d.get("kind") in PATH_KINDS for d in kd.values()):
                        near.add(b)
                for u, kd in g._pred.get(m, {}).items():
                    a = owner(u, u)
                    if a == x or a not in new.docs:
                        continue
                    for d in kd.values():
                        if d.get("kind") in BOTH_WAYS:
                            near.add(a)
                        if d.get("kind") == LinkKind.REFERS and d.get("volume"):
                            volume += int(d["volume"])
            if near:
                new.adjacent[x] = sorted(near)
            else:
                new.adjacent.pop(x, None)
            doc = new.docs[x]
            if doc.in_volume != volume:
                if x in old.docs and old.docs[x] is doc:  # shared with the old index
                    doc = new.docs[x] = copy.copy(doc)
                doc.in_volume = volume

    def _redo_pairs(self, delta: dict[tuple[str, str], int]) -> None:
        """Links between family-centre areas counted per pair, and the neighbouring
        pairs, changed by ``delta``.  Most writes change no pair between areas: both are
        then shared with the old index — a nation has hundreds of thousands of pairs,
        and building the neighbour set again took half a second a write."""
        old, new = self.old, self.new
        if not delta:
            return  # copy.copy shared both
        new._fc_pairs = Counter(old._fc_pairs)
        came, went = set(), set()
        for p, d in delta.items():
            count = new._fc_pairs.get(p, 0) + d
            if count > 0:
                if p not in new._fc_pairs:
                    came.add(p)
                new._fc_pairs[p] = count
            elif p in new._fc_pairs:
                del new._fc_pairs[p]
                went.add(p)
        if came or went:
            new.fc_neighbours = set(old.fc_neighbours)
            for a, b in went:
                new.fc_neighbours -= {(a, b), (b, a)}
            for a, b in came:
                new.fc_neighbours |= {(a, b), (b, a)}

    # ----------------------------------------------------------------- rows
    def redo_rows(self, rows: set[str]) -> None:
        """Ranking rows (static part and numpy columns) of ``rows``; new units get
        new positions at the end, a removed unit's row is emptied."""
        old, new = self.old, self.new
        new.static = dict(old.static)
        for uid in rows:
            doc = new.docs.get(uid)
            if doc is None or doc.attrs.get("type") == UnitType.FORUM.value:
                new.static.pop(uid, None)
            else:
                new.static[uid] = new._static(doc)
        added = sorted(u for u in rows if u in new.docs and u not in old.pos)
        new.uids = old.uids + added
        new.pos = dict(old.pos)
        for uid in added:
            new.pos[uid] = len(new.pos)
        grow = len(added)
        defaults = {"callable": False, "level_bonus": 0.0, "self_referral": 0.0, "load": 0.0,
                    "verified": 0, "age_lo": -1, "age_hi": 10_000, "named": 0.0,
                    "is_team": False, "fc_code": 0, "level_order": 9}
        for name, value in defaults.items():
            column = getattr(old, name)
            setattr(new, name, np.concatenate([column, np.full(grow, value, column.dtype)]))
        fcs = {str(new.docs[u].attrs.get("fc_area")) for u in rows if u in new.docs}
        if fcs - set(old.fc_ids):
            new.fc_ids = old.fc_ids + sorted(fcs - set(old.fc_ids))
        fc_code = {fc: i for i, fc in enumerate(new.fc_ids)}
        new.tie_names = old.tie_names + [""] * grow
        for uid in rows:
            i = new.pos.get(uid)
            if i is None:
                continue
            for name, value in defaults.items():
                getattr(new, name)[i] = value
            doc = new.docs.get(uid)
            new.tie_names[i] = str(doc.attrs.get("name") or "").lower() if doc else ""
            if doc is not None:
                new.fc_code[i] = fc_code[str(doc.attrs.get("fc_area"))]
            new._fill_row(i, new.static.get(uid))
        new.tie_rank = self._tie_rank(rows)

    def _tie_rank(self, rows: set[str]) -> np.ndarray:
        """:meth:`SearchIndex._tie_rank` of the new index from the old one's: the rows
        that changed (and the new ones) are taken out of the old order and put back
        where their tie-break key now sorts — a few dozen key comparisons instead of
        sorting every unit's name again (a third of an editor's write at national
        scale).  The keys and their order are the ones ``_tie_rank`` sorts by."""
        old, new = self.old, self.new
        n_old, n = len(old.uids), len(new.uids)
        changed = {new.pos[u] for u in rows if u in new.pos} | set(range(n_old, n))
        if len(changed) > TIE_PATCH_LIMIT:
            return new._tie_rank()
        order = np.empty(n_old, np.int64)
        order[old.tie_rank] = np.arange(n_old)
        out = np.zeros(n, bool)
        out[sorted(changed)] = True
        kept = order[~out[order]].tolist()
        level, named, verified = new.level_order, new.named, new.verified
        names, uids = new.tie_names, new.uids

        def key(i):  # (level, -named, -verified, name, id), as _tie_rank's lexsort
            return (int(level[i]), -float(named[i]), -int(verified[i]), names[i], uids[i])
        for i in sorted(changed):
            bisect.insort(kept, i, key=key)
        tie_rank = np.empty(n, np.int64)
        tie_rank[np.array(kept, np.int64)] = np.arange(n)
        return tie_rank

    # ----------------------------------------------------------------- caches
    def redo_columns(self, rows: set[str], units: set[str]) -> None:
        """Term columns of the changed terms; provider, need and door columns that can
        change; front doors and area relations again on demand."""
        old, new = self.old, self.new
        new.columns = dict(old.columns)
        new.service_columns = dict(old.service_columns)
        for t in self.terms:
            posting = new.postings.get(t)
            if posting is None:
                new.columns.pop(t, None)
            else:
                new.columns[t] = (
                    np.fromiter((new.pos[u] for u in posting), np.int64, len(posting)),
                    np.fromiter(posting.values(), float, len(posting)))
            posting = new.service_postings.get(t)
            if posting is None:
                new.service_columns.pop(t, None)
            else:
                new.service_columns[t] = np.array(sorted(new.pos[u] for u in posting), np.int64)
        # an urgent door's units follow their service keys and level (the rows): a
        # door none of the changed rows belonged to, or belongs to now, stays as it was
        new._doors = {}
        for door, column in old._doors.items():
            key = new._service_key(door)
            was, now = old.service_keys.get(key, ()), new.service_keys.get(key, ())
            if any(u in was or u in now for u in rows | units):
                new.door_units(door)
            else:
                new._doors[door] = column
        # which units provide a service follows their own texts and level only
        mine = sorted(new.pos[u] for u in units if u in new.pos)
        changed = np.zeros(len(new.uids), bool)
        changed[mine] = True
        new._providers = {}
        moved = set()
        for service, (idx, w) in old._providers.items():
            add = [(new.pos[u], x) for u in sorted(units) if u in new.pos
                   for x in (self._weight(service, u),) if x > 0]
            keep = ~changed[idx]
            if not add and keep.all():
                new._providers[service] = (idx, w)
                continue
            idx2 = np.concatenate([idx[keep], np.array([i for i, _ in add], np.int64)])
            w2 = np.concatenate([w[keep], np.array([x for _, x in add], float)])
            order = np.argsort(idx2, kind="stable")
            idx2, w2 = idx2[order], w2[order]
            if len(idx2) != len(idx) or not np.array_equal(idx2, idx) or not np.array_equal(w2, w):
                moved.add(service)
                new._providers[service] = (idx2, w2)
            else:
                new._providers[service] = (idx, w)
        # a need column is sparse (positions, weights) and positions never move: only
        # a change in one of its services' providers changes it, new units or not
        new._need_columns = {}
        for need_id, column in old._need_columns.items():
            need = new.needs.needs.get(need_id)
            if need is not None and moved & set(need.services):
                new.need_column(need)
            else:
                new._need_columns[need_id] = column
        new._front_doors = {}
        if (new.fc_ids is not old.fc_ids or new.fc_neighbours is not old.fc_neighbours
                or new.areas is not old.areas):
            new._relations = {}

    def _weight(self, service: str, uid: str) -> float:
        """How well ``uid`` provides ``service``: :meth:`SearchIndex.providers` for one unit."""
        new = self.new
        key, base = self._service_rule(service)
        w = 1.0 if uid in new.service_keys.get(key, ()) else 0.0
        if service in URGENT_DOORS:
            return w if w and new._provides(new.door_units(service), new.pos[uid]) else 0.0
        if base is not None:
            for table, factor in ((new.service_postings, 0.8), (new.role_postings, 0.7)):
                x = table.get(base, {}).get(uid)
                if x is not None:
                    w = max(w, factor * x)
        return w

    def _service_rule(self, service: str) -> tuple[str, str | None]:
        """A service keyword's key in ``service_keys`` and the one strong base whose
        postings also count (``None``: they do not), as :meth:`SearchIndex.providers`.
        A rule follows from the keyword and the lemmatiser alone, so it is memoised for
        every patch of one build (on the index, strings only: a cache on the class
        would keep every patch, and the graphs it read, alive)."""
        found = self._rules.get(service)
        if found is None:
            new = self.new
            bases = [b for b, f in new._text_terms(service) if f == 1.0]
            strong = (service not in URGENT_DOORS and len(bases) == 1
                      and bases[0] not in WEAK_PARTS)
            found = self._rules[service] = (new._service_key(service),
                                            bases[0] if strong else None)
        return found

    def context(self) -> None:
        """Areas and organisations, when the write changed them."""
        old, new = self.old, self.new
        for name in ("areas", "organisations"):
            if self.new_g.graph.get(name) is not self.old_g.graph.get(name):
                setattr(new, name, dict(self.new_g.graph.get(name, {})))
        if new.areas is not old.areas:
            new.tree = area_tree(self.new_g)


def changes_between(old_g, new_g) -> tuple[set, set]:
    """The nodes and (source, target) pairs that differ between ``old_g`` and
    ``new_g`` (made from it by :func:`graphmap.graph.patch_graph`): as ``patch_graph``
    recorded them, or read off the two graphs."""
    told = getattr(new_g, "patched_from", None)
    if told is not None and told[0] == id(old_g):  # patch_graph said what it changed
        return set(told[1]), set(told[2])
    return changed_nodes(old_g, new_g), changed_pairs(old_g, new_g)


def patch_index(index: SearchIndex, old_g, new_g,
                changes: tuple[set, set] | None = None) -> SearchIndex | None:
    """The index of ``new_g`` made from ``index`` (the index of ``old_g``), or ``None``
    when the write is too large to patch (then build anew).  ``new_g`` must come from
    ``old_g`` through :func:`graphmap.graph.patch_graph` — in one step, or in several
    whose changed nodes and pairs together are ``changes`` (the web app patches its
    index once for a run of writes, web/snapshot.py)."""
    nodes, pairs = changes if changes is not None else changes_between(old_g, new_g)
    p = _Patch(index, old_g, new_g, nodes, pairs)
    units, roles = p.changed_units()
    if len(units) > PATCH_LIMIT:
        return None
    p.context()
    p.redo_units(units, roles)
    p.redo_terms()
    linked = p.link_units(units, roles)
    p.redo_links(linked)
    rows = {u for u in units | linked if u in index.docs or u in p.new.docs}
    p.redo_rows(rows)
    p.redo_columns(rows, units)
    return p.new


