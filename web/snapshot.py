"""One consistent, cached view of the store per store revision.

Reading the network and building the graph is the expensive part of every page; the
store's :meth:`~graphmap.store.Store.revision` grows with each committed write, so
everything derived from one revision (the Network, ``build_graph(net)``, the area
hierarchy with counts, the search index, analysis results per area) is computed once
and shared by all requests until the next write.  Analysis and the search index are
built lazily, on first use, because many requests need neither.
"""
from __future__ import annotations

import datetime as dt
import gc
import logging
import threading
import time
import weakref
from typing import Any, Callable
from collections import defaultdict
from functools import cached_property

from graphmap.analysis import analyze, crossarea
from graphmap.analysis.views import carry_area_index
from graphmap.bulk import gc_paused
from graphmap.graph import build_graph, graph_tables, patch_graph
from graphmap.model import Network, ValidationError
from graphmap.network_view import AreaTree, area_tree, roles_by_unit, unit_of
from graphmap.privacy import hidden_names
from graphmap.search import build_index, patch_index
from graphmap.search.patch import changes_between
from graphmap.search.index import WARM_QUERY
from . import snapshot_file


class Snapshot:
    """Everything derived from one store revision.  Read-only once built."""

    def __init__(self, revision: int, net: Network, g=None):
        self.revision = revision
        self.net = net
        self.g = build_graph(net) if g is None else g
        self._lock = threading.Lock()
        self._key_locks: dict[tuple, threading.Lock] = {}
        #: per-revision memo of derived views: ``(what, area, …)`` → value (graph JSON,
        #: elements, ``("analysis", area, lang, day)``); ``key[1]`` names the area
        self.cache: dict = {}
        #: views of the areas the write that made this snapshot touched, as earlier
        #: revisions computed them: answered (saying "updating") while :attr:`refresher`
        #: computes this revision's in the background (:meth:`view`)
        self.stale: dict = {}
        #: recomputes stale views in the background; ``None``: compute in the request
        self.refresher: Refresher | None = None
        #: the snapshot patched from this one, while it lives: views computed here
        #: later are handed on to it when the write did not touch their area
        self._next: Callable[[], Snapshot | None] = lambda: None
        #: areas of an as-of view that the store recorded only after that day
        self.recorded_later: set[str] = set()
        #: the day this network stands for (an as-of view); ``None`` is today
        self.day: dt.date | None = None
        self._index: Any = None
        self._index_lock = threading.Lock()
        #: the previous revision's search index, answering while this one's is built
        #: in the background after an incremental update (:meth:`patched`)
        self._stale_index: Any = None
        #: ``(index, graph, nodes, pairs)``: this snapshot's search index is ``index``
        #: (of ``graph``, an earlier revision's) patched by the nodes and pairs the
        #: writes since changed — done in the background (:attr:`lazy_index`)
        self._index_base: tuple | None = None
        #: patch the search index after a write in the background, once for a run of
        #: writes, instead of in the write (a served app; tests patch in the write)
        self.lazy_index = False
        #: family-centre areas (or areas outside any) the write that made this
        #: snapshot from the previous one touched; ``None``: a full build
        self.touched: set[str] | None = None
        #: whether earlier revisions' views may answer for this one's (:attr:`stale`):
        #: not after someone's name stopped being public
        self.accepts_stale = True
        #: builds search indexes in the background, one at a time, for the newest
        #: snapshot; shared by every snapshot patched from this one
        self._index_builder = IndexBuilder()

    @cached_property
    def hidden(self):
        """The hidden persons of this revision (:func:`graphmap.privacy.hidden_names`)."""
        return hidden_names(self.net.roles.values())

    # -- hierarchy ---------------------------------------------------------------
    @property
    def tree(self) -> AreaTree:
        """The area hierarchy of this revision (built with the graph, carried over by
        :meth:`patched` while the areas stay the same)."""
        return area_tree(self.g)

    @cached_property
    def _unit_ancestors(self) -> dict[str, tuple[str, ...]]:
        ancestors = self.tree.ancestors
        return {u.id: ancestors(u.area) for u in self.net.units.values()}

    @cached_property
    def roles_of(self) -> dict[str, list[str]]:
        """Unit id → its role ids."""
        return roles_by_unit(self.net.roles.values())

    @cached_property
    def unit_group(self) -> dict[str, str]:
        """Unit → the area it is counted under in aggregated views: its family-centre
        area (or its own area when it has none, e.g. a county-wide service)."""
        return {u: d.get("fc_area") or d.get("area") for u, d in self.g.nodes(data=True)
                if d.get("kind") == "unit"}

    @cached_property
    def unit_links(self) -> list[tuple[str, str, str, int]]:
        """Every link as (source unit, target unit, kind, volume), roles lifted to units."""
        out = []
        for link in self.net.links.values():
            su, tu = unit_of(self.g, link.source), unit_of(self.g, link.target)
            if su is not None and tu is not None and su != tu:
                out.append((su, tu, link.kind.value, link.volume or 0))
        return out

    @cached_property
    def group_links(self) -> dict[tuple[str, str, str], tuple[int, int]]:
        """(group, group, kind) → (links, volume) between different groups: what an
        aggregated county or national map draws, counted once per revision."""
        acc: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
        group = self.unit_group
        for su, tu, kind, vol in self.unit_links:
            a, b = group[su], group[tu]
            if a != b:
                cell = acc[(a, b, kind)]
                cell[0] += 1
                cell[1] += vol
        return {k: (n, v) for k, (n, v) in acc.items()}

    @cached_property
    def counts(self) -> dict[str, dict[str, int]]:
        """Per area, units, roles and links in it or below it — the one count of an
        area's links that the area page, its map and ``/compare`` all show.

        ``links``: links in force on the snapshot's day whose two ends (a unit, or a
        role counted as its unit) are different units in the area — what the analysis
        measures (``graphmap.analysis`` metrics: density and the rest are computed on
        these).  ``links_out``: links in force with exactly one end in the area (they
        count for both areas).  A link whose validity ended (a reorganisation) is not
        counted, nor one between two roles of one unit.  Issue 10 item 11: the three
        pages used to count touching, drawn and in-force links (Sotesi 170/169)."""
        out = {a: {"units": 0, "roles": 0, "links": 0, "links_out": 0} for a in self.net.areas}
        self._count_into(out, self.net.units, self.net.roles.values(),
                         self.net.links.values(), 1)
        return out

    def _count_into(self, out, units, roles, links, sign: int,
                    own: set[str] | None = None) -> None:
        """Add (``sign`` 1) or take away (-1) what ``units``, ``roles`` and ``links``
        contribute to :attr:`counts` — the whole network, or the records a write
        touched (:meth:`patched` takes the old ones away and adds the new ones).

        ``own``: the areas whose rows ``out`` already holds as its own copies; a row
        not in it is shared with the previous revision's counts and is copied before
        it changes (copy on write: thousands of areas at national scale, a write
        changes the rows of a few)."""
        day = self.day or dt.date.today()
        above_of = self._unit_ancestors

        def row(a: str) -> dict:
            if own is not None and a not in own:
                out[a] = dict(out[a])
                own.add(a)
            return out[a]
        for unit in units:
            for a in above_of.get(unit, ()):
                row(a)["units"] += sign
        for role in roles:
            for a in above_of.get(role.unit, ()):
                row(a)["roles"] += sign
        for link in links:
            if (link.valid_from is not None and link.valid_from > day) or \
                    (link.valid_to is not None and link.valid_to < day):
                continue
            su, tu = unit_of(self.g, link.source), unit_of(self.g, link.target)
            if su is None or tu is None or su == tu:
                continue
            ends = set(above_of.get(su, ())), set(above_of.get(tu, ()))
            for a in ends[0] & ends[1]:
                row(a)["links"] += sign
            for a in ends[0] ^ ends[1]:
                row(a)["links_out"] += sign

    def units_in(self, area_id: str) -> set[str]:
        """Units whose area is ``area_id`` or below it."""
        return {u for u, above in self._unit_ancestors.items() if area_id in above}

    # -- lazily built parts --------------------------------------------------------
    @property
    def index(self):
        """The search index of :mod:`graphmap.search` (built on first search, or at
        start by :meth:`warm`); built once even when requests ask for it together."""
        if self._index is None and self._stale_index is not None:
            self._build_index_later()
            if self._index is None:
                note_updating()  # an earlier revision's index answers
                return self._stale_index
        if self._index is None:
            with self._index_lock:
                if self._index is None:
                    self._index = build_index(self.g)
        return self._index

    @property
    def index_updating(self) -> bool:
        """True while search answers from the previous revision's index."""
        return self._index is None and self._stale_index is not None

    def _build_index_later(self) -> None:
        self._index_builder.request(self)

    def wait_index(self, timeout: float | None = None) -> None:
        """Wait for background index builds (tests and benchmarks)."""
        self._index_builder.wait(timeout)

    # -- incremental update ----------------------------------------------------------
    def patched(self, changes) -> "Snapshot":
        """The snapshot of ``changes.revision`` (:meth:`graphmap.store.Store.changes_since`
        this snapshot's revision), made from this one: the Network and graph are
        patched (:func:`graphmap.graph.patch_graph`), the map views and analyses of
        the family-centre areas the write did not touch are carried over as they are,
        the area counts are corrected by what the changed records contributed, and the
        search index is patched too (:meth:`_patched_index`; when it cannot be, it is
        rebuilt in the background while this one answers)."""
        records = changes.records
        # valid stays valid (the store checked each write); sheets the write left alone
        # are shared, not copied (Changes.applied_to)
        net = changes.applied_to(self.net)
        new = Snapshot(changes.revision, net, patch_graph(
            self.g, net, records, roles_of=self.__dict__.get("roles_of")))
        touched = self._touched(new, records)
        new.touched = touched
        new.refresher = self.refresher
        # linked before anything is carried over: a view this revision finishes
        # computing from now on (a reader still on it while the patch runs) is handed
        # on by _keep, one finished earlier is in self.cache and carried below
        self._next = weakref.ref(new)
        if "hidden" in self.__dict__ and not any(
                _hides(self.net.roles.get(r)) != _hides(net.roles.get(r))
                for r in records.get("roles", {})):
            new.__dict__["hidden"] = self.hidden  # no hidden person came or went
        # what earlier revisions computed, as a stale answer while this one's is computed
        new.stale = {k: v for k, v in {**self.stale, **self.cache}.items()
                     if isinstance(k, tuple) and k[0] in STALE_KINDS}
        if name_withdrawn(self.net, records.get("roles", {})):
            new.stale = {}  # an earlier map may show a name that is no longer public
            new.accepts_stale = False
        if touched is not None:
            for key, value in list(self.cache.items()):
                area = _area_of(key) if isinstance(key, tuple) else None
                if self._keeps(new, area, touched):
                    new.cache.setdefault(key, value)
                    new.stale.pop(key, None)
            if "areas" not in records:
                self._patch_indexes(new, records)
                self._carry_area_index(new, records)
            if "counts" in self.__dict__ and "areas" not in records:
                new.__dict__["counts"] = self._patched_counts(new, records)
            self._patch_gateways(new, records)
        new._index_builder = self._index_builder
        new.lazy_index = self.lazy_index
        base = self._index_step(new) if self.lazy_index and new.accepts_stale else None
        if base is not None:
            # searches answer from the newest index there is ("updating") until the
            # builder has patched it up to this revision — once for every write that
            # came meanwhile.  Not after a name stopped being public: the earlier
            # index would still find the person by it
            new._index_base = base
            new._stale_index = self._index or self._stale_index
            self._index_builder.request(new)
            return new
        new._index = self._patched_index(new)
        if new._index is None and (self._index is not None or self._stale_index is not None):
            new._stale_index = self._index or self._stale_index
        return new

    def _index_step(self, new: "Snapshot") -> tuple | None:
        """What ``new``'s search index is patched from (:attr:`_index_base`): this
        snapshot's index and the write's changes, or the base this one's is waiting
        for with this write's changes added; ``None`` when no index is built yet."""
        if self._index is not None:
            return (self._index, self.g, *changes_between(self.g, new.g))
        if self._index_base is None:
            return None
        index, g, nodes, pairs = self._index_base
        step_nodes, step_pairs = changes_between(self.g, new.g)
        return (index, g, nodes | step_nodes, pairs | step_pairs)

    def _patched_index(self, new: "Snapshot"):
        """This snapshot's search index patched to ``new``'s graph (milliseconds for an
        editor's write, graphmap.search.patch), or ``None``: no index built yet, or a
        write too large to patch — then ``new`` builds its own in the background."""
        if self._index is None:
            return None
        return _patch_index_or_none(self._index, self.g, new.g)

    @staticmethod
    def _keeps(new: "Snapshot", area, touched: set[str]) -> bool:
        """Whether a cached view or analysis of ``area`` holds in ``new`` unchanged: a
        family-centre area (or one inside one) the write did not touch.  National and
        county views count links between areas, so any write redoes them."""
        if area is None or area not in new.net.areas:
            return False
        group = new.tree.family_centre_area_of(area)
        return group is not None and group not in touched

    def _touched(self, new: "Snapshot", records: dict) -> set[str] | None:
        """The family-centre areas (or areas outside any) whose views may differ
        between this snapshot and ``new``: those of every changed unit, role and link
        end, before and after, and of their neighbours (an area's findings name the
        units its links reach).  ``None`` when an area changed (the hierarchy moves)."""
        if records.get("areas"):
            return None
        nodes = set(records.get("units", {})) | set(records.get("roles", {}))
        for key in records.get("links", {}):
            nodes.update(key[:2])
        orgs = records.get("organisations", {})
        if orgs:
            nodes |= {u.id for u in new.net.units.values() if u.organisation in orgs}
            nodes |= {u.id for u in self.net.units.values() if u.organisation in orgs}
        around = set(nodes)
        for g in (self.g, new.g):
            for n in nodes:
                if n in g:
                    around.update(g.succ[n])
                    around.update(g.pred[n])
        out: set[str] = set()
        for g in (self.g, new.g):
            for n in around:
                d = g.nodes.get(n)
                group = d and (d.get("fc_area") or d.get("area"))
                if group:
                    out.add(group)
        # a unit of a county (or region) serves every family-centre area below it: their
        # analyses list it among the county-wide services
        tree = new.tree
        for group in list(out):
            if not tree.is_family_centre_area(group):
                out.update(tree.family_centre_areas(group))
        return out

    def _carry_area_index(self, new: "Snapshot", records: dict) -> None:
        """Hand analysis's index of nodes by area on to the patched graph, corrected
        for the nodes the write changed (their roles move with a moved unit)."""
        if "roles_of" not in self.__dict__:
            return  # no analysis ran on this snapshot's graph: nothing to carry
        units = set(records.get("units", {}))
        orgs = records.get("organisations", {})
        if orgs:
            units |= {u.id for u in new.net.units.values() if u.organisation in orgs}
        nodes = units | set(records.get("roles", {}))
        for snap in (self, new):
            nodes.update(r for u in units for r in snap.roles_of.get(u, ()))
        for key in records.get("links", {}):  # an unknown end becomes a bare node
            nodes.update(key[:2])
        carry_area_index(self.g, new.g, nodes)

    def _patch_indexes(self, new: "Snapshot", records: dict) -> None:
        """Carry :attr:`_unit_ancestors` and :attr:`roles_of` over to ``new``, corrected
        for the changed units and roles (the area hierarchy is the same), instead of
        recomputing them over the whole network."""
        if "_unit_ancestors" in self.__dict__:
            above = dict(self._unit_ancestors)
            for uid in records.get("units", {}):
                unit = new.net.units.get(uid)
                if unit is None:
                    above.pop(uid, None)
                else:
                    above[uid] = new.tree.ancestors(unit.area)
            new.__dict__["_unit_ancestors"] = above
        if "roles_of" in self.__dict__:
            roles_of = defaultdict(list, self.roles_of)
            copied: set[str] = set()
            for rid in records.get("roles", {}):
                before, after = self.net.roles.get(rid), new.net.roles.get(rid)
                for role, add in ((before, False), (after, True)):
                    if role is None:
                        continue
                    if role.unit not in copied:
                        roles_of[role.unit] = list(roles_of.get(role.unit, ()))
                        copied.add(role.unit)
                    if add:
                        roles_of[role.unit].append(rid)
                    elif rid in roles_of[role.unit]:
                        roles_of[role.unit].remove(rid)
            for uid in records.get("units", {}):
                if uid not in new.net.units:
                    roles_of.pop(uid, None)
            new.__dict__["roles_of"] = roles_of

    def _patched_counts(self, new: "Snapshot", records: dict) -> dict:
        """This snapshot's :attr:`counts` corrected for a write: what the changed
        units, their roles and every link touching them contributed is taken away as
        it was and added back as it is."""
        out = dict(self.counts)  # rows shared until changed (_count_into's ``own``)
        own: set[str] = set()
        units = set(records.get("units", {}))
        orgs = records.get("organisations", {})
        if orgs:
            units |= {u.id for u in new.net.units.values() if u.organisation in orgs}
        roles = set(records.get("roles", {}))
        roles |= {r for u in units for r in self.roles_of.get(u, ())}
        roles |= {r for u in units for r in new.roles_of.get(u, ())}
        nodes = units | roles
        links = set(records.get("links", {}))
        for snap in (self, new):
            for n in nodes:
                if n in snap.g:
                    links.update((n, v, k) for v, kd in snap.g.succ[n].items() for k in kd)
                    links.update((u, n, k) for u, kd in snap.g.pred[n].items() for k in kd)
        for snap, sign in ((self, -1), (new, 1)):
            snap._count_into(out, [u for u in units if u in snap.net.units],
                             [snap.net.roles[r] for r in roles if r in snap.net.roles],
                             [snap.net.links[k] for k in links if k in snap.net.links], sign,
                             own)
        return out

    def warm(self) -> None:
        """Build the search index and answer one query (loading the lemmatiser and
        its caches), so a worker's first question is answered at full speed."""
        self.index.who_to_call(WARM_QUERY, lang="fi", limit=1)

    def analysis(self, area: str | None = None, lang: str = "fi") -> dict:
        """``graphmap.analysis.analyze`` for one family-centre area (or all), cached
        (:meth:`view`: after a write that touched the area, the previous revision's
        while this one's is computed in the background).

        Analysis never reads the clock (stale contacts are judged against ``today``), so
        the web passes today's date and keys the cache by it."""
        today = dt.date.today()
        if area is None:
            return self.view(("analysis", None, lang, today),
                             lambda snap: snap._national(lang, today))
        return self.view(("analysis", area, lang, today),
                         lambda snap: analyze(snap.g, area, lang=lang, today=today))

    def _national(self, lang: str, today: dt.date) -> dict:
        """The analysis of every area, put together from each area's cached one and the
        cross-area gateway sources (:mod:`graphmap.analysis.crossarea`): after a write
        only the areas it touched are analysed again (issue 13)."""
        sources = self.compute_view(("gateways", None, today), lambda snap: crossarea.
                                    all_gateway_sources(crossarea.light_views(snap.g, today),
                                                        snap.roles_of))
        try:
            return crossarea.national(self.g, lambda a: self.analysis(a, lang), sources,
                                      today=today, lang=lang)
        except ValidationError:  # an area analysis refuses on its own: analyse all at once
            return analyze(self.g, None, lang=lang, today=today)

    def _patch_gateways(self, new: "Snapshot", records: dict) -> None:
        """Carry the cross-area gateway sources (:meth:`_national`) over to ``new``,
        recomputed only for the units the write's records reach."""
        # list() in C, at once: readers add views to this snapshot's cache meanwhile
        keys = [k for k in list(self.cache) if isinstance(k, tuple) and k[0] == "gateways"]
        if not keys:
            return
        nodes = set(records.get("units", {})) | set(records.get("roles", {}))
        for key in records.get("links", {}):
            nodes.update(key[:2])
        targets = crossarea.reached_targets(
            (self.g, new.g), nodes,
            lambda u: [*self.roles_of.get(u, ()), *new.roles_of.get(u, ())])
        for key in keys:
            sources = {t: s for t, s in self.cache[key].items() if t not in targets}
            sources.update(crossarea.gateway_sources(crossarea.light_views(new.g, key[2]),
                                                     targets, new.roles_of))
            new.cache[key] = sources

    # -- cached views ----------------------------------------------------------------
    def view(self, key: tuple, compute: Callable[["Snapshot"], Any]) -> Any:
        """The view ``key`` (``key[1]``: its area) of this revision, ``compute(snap)``
        once per revision.  When it is not computed yet but an earlier revision's is
        at hand (:attr:`stale`: the write touched its area) and a :attr:`refresher`
        runs, the earlier one answers at once — the request is marked as "updating"
        (:func:`note_updating`) — and the refresher computes the new one: reads
        never wait for a recomputation after a write (issue 13).  A view asked for
        lately is recomputed right after a write touches its area, before anyone asks
        again (:meth:`Refresher.prefetch`)."""
        if self.refresher is not None:
            self.refresher.seen(key, compute)
        value = self.cache.get(key, _MISSING)
        if value is not _MISSING:
            return value
        if self.refresher is not None and not getattr(_request, "computing", False):
            value = self.stale.get(key, _MISSING)
            if value is not _MISSING:
                self.refresher.request(key, compute)
                note_updating()
                return value
        return self.compute_view(key, compute)

    def compute_view(self, key: tuple, compute: Callable[["Snapshot"], Any]) -> Any:
        """:meth:`view` computed now (once, however many requests ask at the same time)."""
        with self._lock:  # one lock per key: a long national run does not hold up an area
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            if key not in self.cache:
                # what a view is made of is computed for this revision too, never stale
                outer = getattr(_request, "computing", False)
                _request.computing = True
                try:
                    value = compute(self)
                finally:
                    _request.computing = outer
                self._keep(key, value)
            return self.cache[key]

    def _keep(self, key: tuple, value: Any) -> None:
        """Remember a computed view here and in the snapshots patched from this one
        since: as it is while their writes left its area alone, and from the first
        write that touched it on as a stale answer (better than the one they hold) —
        in every later snapshot too, which may have been patched before this view was
        done.  Never past a revision that withdrew a name (:attr:`accepts_stale`)."""
        self.cache[key] = value
        area = _area_of(key)
        fresh = True  # still this revision's answer in the snapshots walked so far
        nxt = self._next()
        while nxt is not None and key not in nxt.cache:
            fresh = fresh and nxt.touched is not None and \
                Snapshot._keeps(nxt, area, nxt.touched)
            if fresh:
                nxt.cache[key] = value
            elif nxt.accepts_stale:
                nxt.stale[key] = value
            else:
                return
            nxt = nxt._next()


def name_withdrawn(before: Network, roles: dict) -> bool:
    """Whether a write of ``roles`` hides a person the previous revision showed to
    anyone (consent withdrawn, the name changed, the role removed)."""
    for rid, after in roles.items():
        was = before.roles.get(rid)
        if was is not None and was.person and was.public and (
                after is None or not after.public or after.person != was.person):
            return True
    return False


def _hides(role) -> str | None:
    """The person ``role`` (or ``None``) keeps hidden, if any (:attr:`Snapshot.hidden`)."""
    return role.person if role is not None and not role.public else None


_MISSING = object()
_request = threading.local()
#: the views an earlier revision may answer for while they are recomputed: plain data
#: (no reference back to their snapshot, so old snapshots are not kept alive)
STALE_KINDS = frozenset({"json", "elements", "analysis", "page"})


def note_updating() -> None:
    """Mark the current request as answered (in part) from an earlier revision."""
    _request.updating = True


def noted_updating() -> bool:
    """Whether :func:`note_updating` was called in this request (this thread)."""
    return getattr(_request, "updating", False)


def reset_updating() -> None:
    """Start a request unmarked (threads serve one request after another)."""
    _request.updating = False


#: under a backlog the refresher rests ``REFRESH_REST`` times as long as its last area's
#: views took (at most ``REFRESH_PAUSE`` seconds per view) before the next: background
#: recomputation is the low-priority work of a web process — each recomputation then
#: covers more of the writes, and the interpreter is left to requests.  Resting twice as
#: long (a third of the interpreter) gave the demo soak read p95 0.21 s against 0.15 s
#: with the index builder's rest below as long as this one (``benchmarks/soak.py
#: --seconds 30``, 8 threads; before that, resting as long as it took gave the national
#: soak 0.68 s against 0.58 s).
REFRESH_PAUSE = 0.2
REFRESH_REST = 16.0


#: a view asked for within this many seconds is recomputed as soon as a write touches its
#: area (:meth:`Refresher.prefetch`), not when the next reader finds it out of date: a map
#: read once a minute would otherwise say "updating" after nearly every write
PREFETCH_SECONDS = 120.0


def _area_of(key: tuple):
    """The area a view's key names (``key[1]``; ``None``: national)."""
    return key[1] if len(key) > 1 else None


class Refresher:
    """Recomputes views of the newest snapshot in one background thread (:meth:`Snapshot.view`).

    Asked for a view whose earlier value was answered, it computes it for whatever
    snapshot is newest when it gets to it (an older one would be stale again), once
    per key however often it was asked: under a stream of writes the CPU a
    recomputation takes is bounded by one thread, not by the number of readers, and
    by :data:`REFRESH_REST` to about a third of it."""

    def __init__(self, newest: Callable[[], "Snapshot | None"]):
        self._newest = newest
        self._lock = threading.Lock()
        self._wanted: dict[tuple, Callable] = {}
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()
        #: view key → (how it is computed, when it was last asked for)
        self._asked: dict[tuple, tuple[Callable, float]] = {}

    def seen(self, key: tuple, compute: Callable) -> None:
        """A reader asked for the view ``key`` (computed by ``compute``) just now."""
        if key[0] in STALE_KINDS:
            self._asked[key] = (compute, time.monotonic())

    def prefetch(self, snap: "Snapshot") -> None:
        """Recompute for ``snap`` (just made the newest) the views of the areas its write
        touched that readers asked for within :data:`PREFETCH_SECONDS`: the next reader
        then finds them ready instead of the previous revision's marked "updating"
        (under a stream of writes the rest of :meth:`_run` still bounds the cost)."""
        now = time.monotonic()
        with self._lock:
            asked = list(self._asked.items())
        for key, (compute, when) in asked:
            if now - when > PREFETCH_SECONDS:
                self._asked.pop(key, None)
            elif key in snap.stale and key not in snap.cache:
                self.request(key, compute)

    def request(self, key: tuple, compute: Callable) -> None:
        with self._lock:
            self._wanted[key] = compute
            self._idle.clear()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="graphmap-views")
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._wanted:
                    self._thread = None
                    self._idle.set()
                    return
                area = _area_of(next(iter(self._wanted)))
                batch = [(key, self._wanted.pop(key)) for key in list(self._wanted)
                         if _area_of(key) == area]
            # an area's wanted views on one snapshot: a page is drawn from the map's
            # elements and both from the area's analysis, computed once for them all —
            # on the snapshot newest at each view, a stream of writes made every view
            # compute its parts again
            snap = self._newest()
            if snap is None:
                continue
            began = time.perf_counter()
            for key, compute in batch:
                if key in snap.cache:
                    continue
                try:
                    snap.compute_view(key, compute)
                except Exception:  # a view that no longer computes: its request says so
                    logging.getLogger(__name__).exception("recomputing the view %r failed",
                                                          key)
            if self._wanted:  # a backlog (a stream of writes): see REFRESH_REST
                time.sleep(min(REFRESH_REST * (time.perf_counter() - began),
                               REFRESH_PAUSE * len(batch)))

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until nothing is left to recompute (tests and benchmarks)."""
        return self._idle.wait(timeout)


class IndexBuilder:
    """Search indexes for patched snapshots, built in one background thread.

    Writes can come several a second; building an index per revision would keep
    every core busy with indexes nobody asks for.  The builder builds for the newest
    snapshot that asked; when it is done and a newer one has asked meanwhile, the new
    index answers for that one (the freshest stale index) while the next is built."""

    def __init__(self):
        self._lock = threading.Lock()
        self._wanted: Snapshot | None = None
        self._thread: threading.Thread | None = None

    def request(self, snap: Snapshot) -> None:
        with self._lock:
            if self._wanted is None or self._wanted.revision < snap.revision:
                self._wanted = snap
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="graphmap-index")
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                snap, self._wanted = self._wanted, None
            if snap is None:
                return
            if snap._index is not None:
                continue
            began = time.perf_counter()
            with gc_paused():  # as a patch in the write (SnapshotSource._freeze_patch)
                index = self._patch(snap)
            if index is not None and snap.lazy_index:
                gc.freeze()
            if index is None:
                # the need vocabulary does not change with the network: reuse the loaded one
                index = build_index(snap.g, needs=getattr(snap._stale_index, "needs", None))
            with snap._index_lock:
                snap._index = index
                snap._stale_index = None
                snap._index_base = None
            with self._lock:
                newer = self._wanted
                if newer is not None and newer._index is None:
                    newer._stale_index = index
                elif newer is None:
                    self._thread = None
                    return
            # more writes came meanwhile: gather those of the next moments into one
            # patch (a patch costs about the same for one write as for a dozen)
            time.sleep(min(INDEX_REST, INDEX_REST_FACTOR * (time.perf_counter() - began)))

    @staticmethod
    def _patch(snap: "Snapshot"):
        """``snap``'s index patched from its :attr:`Snapshot._index_base`, or ``None``
        (no base, too large a change, or a patch that failed: then built anew)."""
        base = snap._index_base
        if base is None:
            return None
        index, g, nodes, pairs = base
        return _patch_index_or_none(index, g, snap.g, (nodes, pairs))

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


def _patch_index_or_none(index, old_g, new_g, changes=None):
    """:func:`graphmap.search.patch_index`, or ``None`` when it fails (logged): a patch
    that fails must fail neither a write nor the builder; the index is built anew."""
    try:
        return patch_index(index, old_g, new_g, changes)
    except Exception:
        logging.getLogger(__name__).exception("patching the search index failed")
        return None


#: longest rest (seconds) of the index builder between two patches under a stream of
#: writes, and its rest as a multiple of the last patch's time: a search shows a write
#: within about this, and a patch serves every write of its rest.  Like the refresher's
#: rest (:data:`REFRESH_REST`): a storm of writes must not take the interpreter from
#: the readers (a rest of 4× the patch left readers 4/5 of it less what the
#: refresher took).
INDEX_REST = 0.2
INDEX_REST_FACTOR = 16

#: a served app patches its snapshot at most once in this many seconds while writes
#: keep coming (:meth:`SnapshotSource.after_write`): a patch copies every sheet and
#: graph table a write changed (at national scale a link's patch copies 250,000
#: links), so under a stream of writes one patch serves all of an interval's writes.
#: The interval is longer where a patch costs more: ``PATCH_REST`` times the last
#: patch's CPU time, at most ``PATCH_INTERVAL_MAX`` — at national scale (a patch of
#: 25–45 ms) 0.25 s left patches a quarter of the interpreter in the soak (py-spy),
#: and read p95 270–292 ms against 236 ms with this rest.  The first write after a
#: quiet interval is patched at once, before it answers.
PATCH_INTERVAL = 0.25
PATCH_REST = 20
PATCH_INTERVAL_MAX = 0.75

REWARM_VIEWS = 50
CHANGE_LIMIT = 5000
#: a full garbage collection every this many patched snapshots (:meth:`SnapshotSource._freeze_patch`)
PATCHES_PER_COLLECT = 2000


class SnapshotSource:
    """Hands out the snapshot of the store's current revision, rebuilding after writes.

    With ``background=True`` (the app's default outside testing) a request that finds
    the store changed gets the previous snapshot at once while one thread builds the
    new one: reading a national store takes tens of seconds (benchmarks/RESULTS.md), and
    every request would otherwise wait for it after each import.  The very first
    snapshot is always built in the foreground (there is nothing older to show)."""

    def __init__(self, store, *, background: bool = False, warm: bool = False,
                 persist: bool = False):
        self.store = store
        #: keep the start-up snapshot on disk for the next start (web/snapshot_file.py)
        self.persist = persist
        #: a write of more records than this (a large import) reads the network again
        #: instead of patching it: past a few thousand records that is as quick
        self.change_limit = CHANGE_LIMIT
        self.background = background
        self.warm = warm
        #: patches since the last full collection (:meth:`_freeze_patch`)
        self._patches = 0
        #: when the snapshot was last patched (time.monotonic), and the timer that
        #: patches it at the end of the interval (:data:`PATCH_INTERVAL`)
        self._patched_at = 0.0
        #: seconds the last patch took (the interval grows with it)
        self._patch_cost = 0.0
        self._timer: threading.Timer | None = None
        self._timer_lock = threading.Lock()
        #: every revision after the snapshot's up to this one is this app's own write
        #: (each right after the one before): the snapshot may lag behind them
        #: (:meth:`after_write`)
        self._own_upto = -1
        self._lock = threading.Lock()
        self._current: Snapshot | None = None
        #: recomputes the views a write made stale while readers get the earlier ones
        #: (a served app); tests compute them in the request
        self.refresher = Refresher(lambda: self._current) if background else None
        #: (revision, search index) kept by the last start or built before the first
        #: graph, answering searches while the first snapshot loads (:meth:`for_search`)
        self._early: tuple[int, Any] | None = None
        self._early_view: IndexView | None = None
        self._building: threading.Thread | None = None
        self._warming: threading.Thread | None = None
        #: set once the warm start has an early search index, or none to offer (for_search waits)
        self._early_tried = threading.Event()
        if not warm:
            self._early_tried.set()
        if warm:
            self._warming = threading.Thread(target=self._warm_start, daemon=True,
                                             name="graphmap-warm")
            self._warming.start()

    def _warm_start(self) -> None:
        """At start: build the first snapshot *and* its search index while holding the
        lock, so every request that needs data waits for both — the first question
        after the app answers never pays for the index (issue 9: ≤ 300 ms).

        Searches do not wait for the graph (issue 13 item 2: ≤ 5 s): with a kept
        search index (web/snapshot_file.py) that index answers them
        (:meth:`for_search`) while the network is loaded or built; without one, the
        index is built from the network's tables first (:meth:`_first_snapshot`) and
        answers them while the graph is built."""
        save = None
        try:
            if self.persist:
                self.load_kept_index()
                if self._early is not None:
                    self._early_tried.set()
            with self._lock:
                if self._current is None:
                    snap = self._from_file() if self.persist else None
                    if snap is None:
                        snap = self._first_snapshot()
                        save = snap if self.persist else None
                    elif snap._index is None:  # the network was kept, its index was not
                        snap.warm()
                    self._current = self._adopt(snap)
                    self._early = None
                    gc.freeze()  # nothing older to collect at start: see _freeze
            if save is not None:  # once; after the lock, so requests need not wait
                snapshot_file.save(save, self.store)
        except Exception:  # a store that cannot be read yet: the first request says so
            logging.getLogger(__name__).exception("warming the snapshot at start failed")
        finally:
            self._early_tried.set()

    def _first_snapshot(self) -> Snapshot:
        """The snapshot of the store as it is, read whole, with its search index; the
        index answers searches (:meth:`for_search`) as soon as it is built, before the
        graph: it is made from the tables the graph is then made of
        (:func:`graphmap.graph.graph_tables`), sharing their attribute dicts."""
        with gc_paused():  # every object made here lives on: nothing to collect
            return self._build_first()

    def _build_first(self) -> Snapshot:
        revision = self.store.revision()
        net = self.store.read()
        tables = graph_tables(net)
        early = self._early
        kept = early[1] if early is not None and early[0] == revision else None
        index = kept
        if index is None:
            index = build_index(tables)
            index.who_to_call(WARM_QUERY, lang="fi", limit=1)  # the lemmatiser's caches
            self._early = (revision, index)
        self._early_tried.set()  # searches read the index from here on
        snap = Snapshot(revision, net, build_graph(net, tables))
        # a kept index holds copies of the attribute dicts; one built here, the graph's own
        snap._index = snapshot_file.share(index, snap.g) if kept is not None else index
        snap.warm()
        return snap

    def load_kept_index(self) -> bool:
        """Load the search index kept by the last start (web/snapshot_file.py) to answer
        searches until the first snapshot is ready; False when there is none to use."""
        self._early = snapshot_file.load_index(self.store)
        return self._early is not None

    def for_search(self):
        """What a search request reads: the current snapshot when there is one, else
        while it is still loading at start a view of the early search index (kept by
        the last start, or built before the graph: :meth:`_first_snapshot`) as an
        :class:`IndexView`, else (waiting) the snapshot."""
        if self._current is None:  # a search in the first seconds: the index, not the nation
            self._early_tried.wait(60)
        early, view = self._early, self._early_view
        if self._current is None and early is not None:
            if view is None or view.index is not early[1]:
                view = self._early_view = IndexView(early[1])
            view.stale = early[0] < self.store.revision()
            return view
        self._early_view = None
        return self.get(wait=False)

    def _from_file(self) -> Snapshot | None:
        """The snapshot kept by the last start, patched up to the store's revision."""
        found = snapshot_file.load(self.store, self._early)
        if found is None:
            return None
        revision, net, g, index = found
        snap = Snapshot(revision, net, g)
        snap._index = index
        if snap.revision < self.store.revision():
            changes = self.store.changes_since(snap.revision, limit=self.change_limit)
            if changes is None:
                return None
            snap = snap.patched(changes)
            snap.revision = changes.revision
        return snap

    def wait_warm(self, timeout: float | None = None) -> None:
        """Wait until the start-up warm-up has finished (tools and benchmarks)."""
        if self._warming is not None:
            self._warming.join(timeout)

    def get(self, *, wait: bool = True) -> Snapshot:
        """The snapshot of the store's revision now.  ``wait=False`` (a reader): when
        another thread is patching the snapshot, answer from the previous one at once
        (marked "updating", :func:`note_updating`) instead of waiting for it; a writer
        waits, since it checks its change against the network as stored."""
        warming = self._warming
        if self._current is None and warming is not None and warming.is_alive() and \
                warming is not threading.current_thread():
            # the warm start is loading the kept snapshot or building one: wait for it
            # rather than read the whole store a second time in this request
            warming.join()
        revision = self.store.revision()
        current = self._current
        if current is not None and current.revision >= revision:
            # ">": another thread patched past the revision read above; still current
            return current
        if current is not None and not wait and self._patch_deferred(revision):
            note_updating()  # under a stream of writes: patched at the interval's end
            return current
        if current is not None:
            patched = self._patch(current, revision, wait=wait or not self.background)
            if patched is not None:
                return patched
        if current is not None and self.background:
            self._rebuild_later()
            note_updating()
            return current
        with self._lock:
            if self._current is None or self._current.revision < revision:
                self._current = self._adopt(Snapshot(revision, self.store.read()))
                if self.background:  # a served app, not a test's: see _freeze
                    self._freeze()
            return self._current

    def after_write(self, revision: int | None, hides: bool = False) -> None:
        """A write of this app was just stored as ``revision``: patch the snapshot now,
        or — when it was patched less than :data:`PATCH_INTERVAL` ago (a stream of
        writes) — at the end of that interval, once for every write of it.  Never
        later when the write ``hides`` a name the snapshot shows (consent withdrawn,
        a role removed), nor past a revision another process wrote (what it changed
        is not known here): only this app's own writes wait."""
        current = self._current
        if revision is not None and current is not None and not hides:
            with self._timer_lock:
                if revision == max(current.revision, self._own_upto) + 1:
                    self._own_upto = revision
        if hides or not self._patch_deferred(revision):
            self.get()

    def _patch_deferred(self, revision: int | None) -> bool:
        """Whether a served app's snapshot, patched less than :data:`PATCH_INTERVAL`
        ago, is left behind the store at ``revision`` until the interval ends (a timer
        patches it): only over this app's own writes (:meth:`after_write`)."""
        if not self.background or self._current is None or revision is None:
            return False
        if revision > self._own_upto:
            return False
        interval = min(PATCH_INTERVAL_MAX, max(PATCH_INTERVAL, PATCH_REST * self._patch_cost))
        delay = self._patched_at + interval - time.monotonic()
        if delay <= 0:
            return False
        with self._timer_lock:
            if self._timer is None or not self._timer.is_alive():
                self._timer = threading.Timer(delay, self._patch_now)
                self._timer.daemon = True
                self._timer.start()
        return True

    def _patch_now(self) -> None:
        try:
            self.get()
        except Exception:  # the next request tries again and says what is wrong
            logging.getLogger(__name__).exception("patching the snapshot failed")

    def _adopt(self, snap: Snapshot) -> Snapshot:
        """A fully built snapshot, wired to this source's background view refresher
        and (a served app) patching its search index in the background."""
        snap.refresher = self.refresher
        snap.lazy_index = self.background
        return snap

    def _patch(self, current: Snapshot, revision: int, wait: bool = True) -> Snapshot | None:
        """The snapshot of ``revision`` patched from ``current`` by what was written
        since (:meth:`Snapshot.patched`): milliseconds for an editor's write (the web
        write patches it before answering, :func:`.edit.store_write`, so the editor sees
        their own write).  ``None`` when the store cannot list the changes (too many,
        or no history): then the whole network is read.  ``wait=False``: ``current``
        when another thread is patching already."""
        if not self._lock.acquire(blocking=wait):
            note_updating()
            return self._current or current
        try:
            now = self._current
            if now is not None and now.revision >= revision:
                return now  # another request patched it meanwhile
            if now is not None:
                current = now
            try:
                changes = self.store.changes_since(current.revision, limit=self.change_limit)
            except Exception:  # a store that cannot answer: read everything instead
                logging.getLogger(__name__).exception("listing the changes failed")
                return None
            if changes is None:
                return None
            began = time.thread_time()  # its CPU, not its waits for the interpreter
            if len(changes) and self.background:
                gc.collect(1)  # the young garbage first, not frozen with the patch
            with gc_paused():  # see _freeze_patch
                try:
                    snap = current.patched(changes) if len(changes) else current
                except Exception:
                    if not self.background:
                        raise
                    # a served app: the write is stored whatever the patch did; read
                    # the network again (in the background) rather than answer an
                    # editor's committed write with an error
                    logging.getLogger(__name__).exception("patching the snapshot failed")
                    return None
                if snap is not current and self.background:  # a served app: see _freeze
                    self._freeze_patch()
            snap.revision = changes.revision
            if changes.stamp is not None and snap is current:
                snap.net._graphmap_stamp = changes.stamp  # type: ignore[attr-defined]
            self._current = snap
            if snap is not current:
                self._patched_at = time.monotonic()
                self._patch_cost = time.thread_time() - began
                if self.refresher is not None:
                    self.refresher.prefetch(snap)
            return snap
        finally:
            self._lock.release()

    @property
    def updating(self) -> bool:
        """True while the whole network is being read again in the background and
        requests are answered from the previous revision."""
        building = self._building
        early = self._early
        if self._current is None and early is not None:
            # searches answer from the kept index while the network loads
            return early[0] < self.store.revision()
        return building is not None and building.is_alive()

    def _rebuild_later(self) -> None:
        with self._lock:
            if self._building is not None and self._building.is_alive():
                return
            self._building = threading.Thread(target=self._rebuild, daemon=True,
                                              name="graphmap-snapshot")
            self._building.start()

    def _rebuild(self) -> None:
        revision = self.store.revision()
        snap = Snapshot(revision, self.store.read())
        if self.warm:  # the new revision goes live with its search index built
            snap.warm()
        old = self._current
        self._adopt(snap)
        if old is not None:
            self._rewarm(old, snap)
            # the views not rewarmed answer from the previous revision while recomputed
            snap.stale = {k: v for k, v in {**old.stale, **old.cache}.items()
                          if isinstance(k, tuple) and k[0] in STALE_KINDS}
        with self._lock:
            if self._current is None or self._current.revision < snap.revision:
                self._current = snap
                if self.refresher is not None:
                    self.refresher.prefetch(snap)
        del old
        self._freeze()

    @staticmethod
    def _rewarm(old: Snapshot, new: Snapshot) -> None:
        """Recompute the maps people were looking at in the previous revision (up to
        :data:`REWARM_VIEWS`, most recent first) before the new snapshot goes live, so
        an import does not make the next visitor of each of them wait."""
        from .elements import area_elements_json
        keys = [k for k in list(old.cache) if k and k[0] == "json"][-REWARM_VIEWS:]
        for _, area_id, options in reversed(keys):
            if area_id is not None and area_id not in new.net.areas:
                continue
            try:
                area_elements_json(new, area_id, **dict(options))
            except Exception:  # a view that no longer computes is simply not pre-warmed
                continue

    @staticmethod
    def _freeze() -> None:
        """After a full build: let the garbage collector skip the network from now on.

        A national snapshot is millions of objects; every full collection walked all
        of them (about a second on a loaded machine, paid by whichever request was
        running — issue 13's slow first views after a write).  ``gc.freeze`` moves
        them out of its way; refcounting still frees them.  What an earlier frozen
        build left in reference cycles is collected first (unfreeze, collect), so a
        full rebuild does not leak the previous network.  Patched snapshots are not
        frozen: they are small on top of the frozen base and are collected normally."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def _freeze_patch(self) -> None:
        """After a patch: move what it made out of the garbage collector's way.

        A patched snapshot shares the records with the one before, but its tables are
        new dictionaries as large as the network (the Network's sheets, the graph's
        node and adjacency tables, the search index's rows): every collection of the
        young generations walked each of their entries — at national scale about a
        tenth of a second per write, two thirds of an editor's write (issue 13).  They
        are made with the collector paused and then frozen (``gc.freeze``: O(1)),
        as :meth:`_freeze` does after a full build; reference counting still frees
        them with their snapshot.  The young generations are collected just before
        the patch (cheap: the patch's tables are not made yet), so what is frozen is
        live; reference cycles that died after reaching the old generation are
        collected every :data:`PATCHES_PER_COLLECT` patches by a full :meth:`_freeze`
        (seconds at national scale, so rarely)."""
        self._patches += 1
        if self._patches >= PATCHES_PER_COLLECT:
            self._patches = 0
            self._freeze()
        else:
            gc.freeze()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background rebuild to finish (for tests and tools)."""
        building = self._building
        if building is not None:
            building.join(timeout)


class IndexView:
    """The part of a :class:`Snapshot` a search answer reads, from a search index alone.

    At start the kept index (web/snapshot_file.py) loads in a second or two while the
    network takes most of a minute; a search answered meanwhile reads the areas, the
    units and the public contacts from the index, which holds them as of its revision
    (``stale``: the store has moved on since; answers say "updating")."""

    def __init__(self, index, stale: bool = False):
        from types import SimpleNamespace

        from graphmap.model import AreaKind
        self.index = index
        self.stale = stale
        self.hidden = index.hidden
        self.g = _IndexGraph(index)
        areas = {a: SimpleNamespace(id=a, name=d.get("name"), kind=AreaKind(d.get("kind")),
                                    parent=d.get("parent"))
                 for a, d in index.areas.items()}
        # a unit's stored fields (the search card's facts: hours, address, place)
        units = {u: SimpleNamespace(**doc.attrs) for u, doc in index.docs.items()}
        roles = {r["id"]: r for doc in index.docs.values() for r in doc.roles}
        self.net = SimpleNamespace(areas=areas, units=units, roles=roles)

        #: the area hierarchy, the index's own (the search form's area list)
        self.tree = index.tree

    # the "my unit" picker, read as a snapshot reads it
    units_in = Snapshot.units_in
    _unit_ancestors = Snapshot._unit_ancestors


class _IndexGraph:
    """``snap.g`` as the search cards read it: ``node in g`` and ``g.nodes[node]``."""

    def __init__(self, index):
        self.nodes = {u: doc.attrs for u, doc in index.docs.items()}

    def __contains__(self, node) -> bool:
        return node in self.nodes


def current_snapshot() -> Snapshot:
    """The snapshot of the current store revision for this request's app; while
    another request patches it after a write, the previous one (marked "updating")."""
    from flask import current_app
    return current_app.extensions["graphmap.snapshots"].get(wait=False)


def search_snapshot():
    """What this request's search reads (:meth:`SnapshotSource.for_search`): the
    current snapshot, or at start the kept search index alone."""
    from flask import current_app
    return current_app.extensions["graphmap.snapshots"].for_search()
