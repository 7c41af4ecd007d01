"""The store interface every backend implements, and nothing else reaches data.

Besides the network itself a store keeps (issue 5):

* **history** – one entry per record added, changed or removed, with who, when and
  the record before and after.  The backends share the planning here: a write is
  first turned into a :class:`Plan` (records to upsert, keys to remove, history
  entries) by the pure functions :func:`plan_write` / :func:`plan_delete`, then a
  backend applies the plan in ONE transaction.  Bulk imports stay cheap: an "add"
  entry carries no JSON, since the record itself (or the next change's "before")
  holds what was added; see :meth:`Store.history`.
* **as-of reads** – :func:`undo` rolls a network back through history entries and
  :func:`in_force` keeps what is valid on a day (``valid_from``/``valid_to``).
* **accounts and settings** – :class:`graphmap.model.User` records and string
  settings (``anonymous_read``).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import operator
import os
import secrets
import re
from abc import ABC, abstractmethod
from typing import Callable, Iterable

from .write_check import check_ahead
from ..network_view import AreaTree
from ..model import (RECORD_TYPES, Network, Problem, User, ValidationError, check_username,
                     link_key_text, parse_link_key, record_from_dict, record_to_dict,
                     validate)
from .write_check import carry_marks, update_marks, upsert_is_valid


class StoreError(RuntimeError):
    """The store could not be opened or written (connection, permissions, …)."""


class StoreBusy(StoreError):
    """Another writer held the store for longer than this store waits for it
    (:func:`busy_seconds`): nothing was written, and the same write may simply be tried
    again.  SQLite raises it when its busy timeout runs out ("database is locked"), Neo4j
    when a transient error (a lock wait that timed out, a deadlock, the server briefly
    unreachable) outlasts the driver's retries.  ``retry_after``: seconds worth waiting."""

    def __init__(self, message: str, retry_after: int = 5):
        super().__init__(message)
        self.retry_after = retry_after


#: seconds a write waits for another writer before :class:`StoreBusy`
#: (``GRAPHMAP_STORE_BUSY_SECONDS``; a whole-network import may hold the store this long)
BUSY_SECONDS = 30.0


def busy_seconds(env=None) -> float:
    """How long a write waits for the store: ``GRAPHMAP_STORE_BUSY_SECONDS`` or
    :data:`BUSY_SECONDS`."""
    text = (os.environ if env is None else env).get("GRAPHMAP_STORE_BUSY_SECONDS")
    if not text:
        return BUSY_SECONDS
    try:
        value = float(text)
    except ValueError:
        raise StoreError(f"GRAPHMAP_STORE_BUSY_SECONDS must be a number of seconds, "
                         f"got {text!r}") from None
    if not 0 <= value <= 3600:
        raise StoreError(f"GRAPHMAP_STORE_BUSY_SECONDS must be from 0 to 3600, got {value}")
    return value


class RecordNotFound(LookupError):
    """:meth:`Store.delete` was asked to remove a record that is not there."""


#: The ops of a history entry.
OPS = ("add", "change", "remove")


def key_text(sheet: str, key) -> str:
    """A record's key as history stores it: the id, or ``source>target:kind`` for links
    (the same text as :attr:`graphmap.model.Link.id`)."""
    if sheet == "links":
        return link_key_text(*key)
    return key


def history_key(key):
    """A ``key`` filter for :meth:`Store.history`: text as given, a link key tuple as
    ``source>target:kind``."""
    if isinstance(key, (tuple, list)):
        return key_text("links", parse_link_key(key))
    return key


def _json(record) -> str:
    return json.dumps(record_to_dict(record), ensure_ascii=False)


@dataclasses.dataclass
class Plan:
    """What one write does: ``upserts[sheet]`` maps key → record, ``removes[sheet]``
    lists keys; history: ``adds[sheet]`` lists the key texts of added records (an add
    entry holds no JSON, so a bulk import records them with one statement per sheet),
    ``adds_all`` names sheets that were empty, so every record they hold afterwards
    is an add (the first import: no per-record work at all), and ``entries`` holds
    the other history rows ``(sheet, key text, op, before JSON, after JSON)``."""

    upserts: dict[str, dict] = dataclasses.field(default_factory=dict)
    removes: dict[str, list] = dataclasses.field(default_factory=dict)
    adds: dict[str, list] = dataclasses.field(default_factory=dict)
    adds_all: set = dataclasses.field(default_factory=set)
    entries: list[tuple] = dataclasses.field(default_factory=list)
    added: int = 0
    changed: int = 0
    removed: int = 0

    def summary(self, revision: int) -> dict:
        return {"added": self.added, "changed": self.changed, "removed": self.removed,
                "revision": revision}


@dataclasses.dataclass
class Changes:
    """What :meth:`Store.changes_since` answers: the store's ``revision`` now and, per
    sheet, every key written since the asked revision with its record as it is now
    (``None``: removed)."""

    revision: int
    records: dict[str, dict] = dataclasses.field(default_factory=dict)
    #: what the store stamps a whole-network read with (``_graphmap_stamp``): put on a
    #: network patched to ``revision``, it lets ``write(current=…)`` trust it instead
    #: of reading the whole store again
    stamp: object = None

    def __len__(self) -> int:
        return sum(len(v) for v in self.records.values())

    def applied_to(self, net: Network) -> Network:
        """``net`` (the network as of the asked revision) brought to :attr:`revision`:
        a new network with these records upserted or removed, still known valid when
        ``net`` was (the store checked each write) and stamped as the store's own.  A
        sheet the changes leave alone is shared with ``net``, not copied (both are read
        only): a unit's edit copies 15,000 units at national scale, not 250,000 links
        (with ``.copy()``, which stays one memcpy after removals, see patch_graph)."""
        out = Network(**{sheet: getattr(net, sheet).copy() if self.records.get(sheet)
                         else getattr(net, sheet) for sheet in RECORD_TYPES})
        self._put(out)
        carry_marks(net, out, self.records)
        return out

    def apply_in_place(self, net: Network) -> None:
        """Bring ``net`` (the network as of the asked revision, owned by the caller and
        read by no one else meanwhile) to :attr:`revision` by changing it: what
        :meth:`applied_to` makes, at the cost of the changed records instead of a copy
        of each changed sheet (250,000 links at national scale, ~7 ms).  The web's
        writes are checked against such a network (web/working.py)."""
        self._put(net)
        update_marks(net, self.records)

    def _put(self, out: Network) -> None:
        for sheet, recs in self.records.items():
            table = getattr(out, sheet)
            for key, record in recs.items():
                if record is None:
                    table.pop(key, None)
                else:
                    table[key] = record
        if self.stamp is not None:  # the store's own mark of a complete read
            out._graphmap_stamp = self.stamp  # type: ignore[attr-defined]


def plan_write(current: Network, incoming: Network, *, replace: bool) -> Plan:
    """The plan that upserts ``incoming`` into ``current`` (or, with ``replace``, makes
    it the whole network).  Validates the result first: raises ValidationError and
    plans nothing if a rule of the model would break (a small upsert onto a network
    known to be valid checks only what it touches, :mod:`.write_check`).  Records
    equal to the stored ones are neither written nor recorded."""
    if replace:
        validate(incoming)
    elif not upsert_is_valid(current, incoming):
        validate(_upserted(current, incoming))
    plan = Plan()
    entries = plan.entries
    for sheet in RECORD_TYPES:
        cur, inc = getattr(current, sheet), getattr(incoming, sheet)
        if not cur:
            if inc:
                plan.upserts[sheet] = inc
                plan.adds_all.add(sheet)
                plan.added += len(inc)
            continue
        ups, adds = {}, []
        links = sheet == "links"
        keys, records = list(inc), list(inc.values())
        olds = list(map(cur.get, keys))
        # a record read back unchanged may be the caller's own object (see
        # Store.read_reusing): only the others are looked at, at C speed
        for i in itertools.compress(range(len(keys)), map(operator.is_not, olds, records)):
            key, record, old = keys[i], records[i], olds[i]
            if old is None:
                ups[key] = record
                adds.append(link_key_text(*key) if links else key)
            elif old != record:
                ups[key] = record
                entries.append((sheet, key_text(sheet, key), "change", _json(old), _json(record)))
                plan.changed += 1
        plan.added += len(adds)
        if ups:
            plan.upserts[sheet] = ups
        if adds:
            plan.adds[sheet] = adds
        if replace:
            gone = [key for key in cur if key not in inc]
            if gone:
                plan.removes[sheet] = gone
                plan.removed += len(gone)
                entries += [(sheet, key_text(sheet, k), "remove", _json(cur[k]), None)
                            for k in gone]
    return plan


def _upserted(current: Network, incoming: Network) -> Network:
    """``current.merged(incoming)`` to be read, not changed: a sheet that one side
    leaves empty, or that ``incoming`` holds with the same keys in the same order (the
    nation re-imported), is that side's own dict instead of a copy with 250,000
    records upserted into it — the same records in the same order either way."""
    tables = {}
    for sheet in RECORD_TYPES:
        cur, inc = getattr(current, sheet), getattr(incoming, sheet)
        if not inc:
            tables[sheet] = cur
        elif not cur or (len(cur) == len(inc) and list(cur) == list(inc)):
            tables[sheet] = inc
        else:
            tables[sheet] = {**cur, **inc}
    return Network(**tables)


def plan_delete(current: Network, sheet: str, keys: Iterable,
                near: Callable[[str], tuple[Iterable, Iterable]] | None = None) -> Plan:
    """The plan that removes ``keys`` from ``sheet``.  Removing a unit removes its
    roles; removing a unit or role removes every link touching it (each recorded).
    An area or organisation still referenced by a record that stays raises
    ValidationError; a key that is not there raises :class:`RecordNotFound`.

    ``near(node)``: ``(its role ids, the keys of the links touching it)`` in
    ``current``, from the caller's index of that very network (the web's snapshot
    graph), so removing one unit does not scan every role and link of the nation."""
    if sheet not in RECORD_TYPES:
        raise ValueError(f"unknown sheet {sheet!r}; expected one of {', '.join(RECORD_TYPES)}")
    keys = [parse_link_key(k) for k in keys] if sheet == "links" else [str(k) for k in keys]
    table = getattr(current, sheet)
    missing = [key_text(sheet, k) for k in keys if k not in table]
    if missing:
        raise RecordNotFound(f"no {sheet[:-1]} with id {', '.join(map(repr, missing))}")
    gone: dict[str, set] = {s: set() for s in RECORD_TYPES}
    gone[sheet] = set(keys)
    if sheet == "units":
        gone["roles"] = {r.id for r in current.roles.values() if r.unit in gone["units"]} \
            if near is None else {r for u in gone["units"] for r in near(u)[0]
                                  if r in current.roles and current.roles[r].unit == u}
    if sheet in ("units", "roles"):
        nodes = gone["units"] | gone["roles"]
        gone["links"] |= {k for k, link in current.links.items()
                          if link.source in nodes or link.target in nodes} \
            if near is None else {k for n in nodes for k in near(n)[1] if k in current.links}
    problems = []
    if sheet == "areas":
        problems += [Problem("areas", a.parent, "id", f"area {a.parent!r} still has the area "
                             f"{a.id!r} under it") for a in current.areas.values()
                     if a.parent in gone["areas"] and a.id not in gone["areas"]]
        problems += [Problem("areas", u.area, "id", f"area {u.area!r} still has the unit "
                             f"{u.id!r}") for u in current.units.values() if u.area in gone["areas"]]
    if sheet == "organisations":
        problems += [Problem("organisations", u.organisation, "id", f"organisation "
                             f"{u.organisation!r} still runs the unit {u.id!r}")
                     for u in current.units.values() if u.organisation in gone["organisations"]]
    if problems:
        raise ValidationError(problems, "cannot remove records that others refer to")
    plan = Plan()
    for s in RECORD_TYPES:
        if gone[s]:
            ordered = sorted(gone[s])
            plan.removes[s] = ordered
            plan.removed += len(ordered)
            stored = getattr(current, s)
            plan.entries += [(s, key_text(s, k), "remove", _json(stored[k]), None)
                             for k in ordered]
    return plan


# ----------------------------------------------------------------- as-of reads


def day_end(day: dt.date) -> str:
    """The first instant after ``day`` (UTC) in the store's timestamp text: history
    entries at or after it are undone for an as-of view of ``day``."""
    nxt = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
    return timestamp(nxt)


def timestamp(moment: dt.datetime) -> str:
    """UTC ISO-8601 text that sorts as time does (how stores keep "at")."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def undo(net: Network, entries: Iterable[tuple[str, str, str, str | None]]) -> Network:
    """``net`` with history ``entries`` ``(sheet, key text, op, before JSON)`` undone,
    newest first: an add is removed, a change or removal puts "before" back."""
    for sheet, key, op, before in entries:
        table = getattr(net, sheet)
        k = parse_link_key(key) if sheet == "links" else key
        if op == "add":
            table.pop(k, None)
        elif before is not None:
            table[k] = record_from_dict(sheet, json.loads(before))
    return net


def in_force(net: Network, day: dt.date) -> Network:
    """The units, roles and links whose ``[valid_from, valid_to]`` contains ``day``
    (missing ends are open), with the roles of units left out and the links touching
    anything left out dropped too.  Areas and organisations carry no validity."""
    def ok(r):
        return (r.valid_from is None or r.valid_from <= day) and \
            (r.valid_to is None or r.valid_to >= day)
    units = {k: u for k, u in net.units.items() if ok(u)}
    roles = {k: r for k, r in net.roles.items() if ok(r) and r.unit in units}
    links = {k: link for k, link in net.links.items() if ok(link)
             and (link.source in units or link.source in roles)
             and (link.target in units or link.target in roles)}
    return Network(areas=dict(net.areas), organisations=dict(net.organisations),
                   units=units, roles=roles, links=links)


def area_slice(net: Network, area: str) -> Network:
    """The slice of ``net`` for ``area`` with the semantics of :meth:`Store.read`
    (used for as-of reads, which rebuild the whole network first)."""
    if area not in net.areas:
        return Network()
    inside = AreaTree(net.areas).descendants(area)
    units = {u.id for u in net.units.values() if u.area in inside}
    roles = {r.id for r in net.roles.values() if r.unit in units}
    nodes = units | roles
    links = {k: link for k, link in net.links.items()
             if link.source in nodes or link.target in nodes}
    far = {end for link in links.values() for end in (link.source, link.target)} - nodes
    units |= {net.roles[f].unit for f in far if f in net.roles} | {f for f in far if f in net.units}
    roles |= {f for f in far if f in net.roles}
    out = Network(links=links)
    out.units = {k: net.units[k] for k in units if k in net.units}
    out.roles = {k: net.roles[k] for k in roles}
    area_ids = inside | {u.area for u in out.units.values()}
    out.areas = {k: net.areas[k] for k in area_ids if k in net.areas}
    out.organisations = {u.organisation: net.organisations[u.organisation]
                         for u in out.units.values() if u.organisation in net.organisations}
    return out


def _check_actor(actor: str) -> str:
    if not isinstance(actor, str) or not actor.strip() or len(actor) > 64:
        raise ValueError(f"actor must be a user name or 'system', got {actor!r}")
    return actor


def history_filters(since=None, until=None, sheet=None, key=None, actor=None) -> dict:
    """The filters of :meth:`Store.history` as both stores query them: ``since``,
    ``until`` (exclusive) or ``until_incl`` (inclusive) as timestamp text, ``sheet``,
    ``key`` (links in the stored form), ``actor``; ``None`` means no filter."""
    upto, inclusive = until_bound(until)
    return {"since": bound(since, upper=False),
            "until": None if inclusive else upto, "until_incl": upto if inclusive else None,
            "sheet": sheet, "key": history_key(key), "actor": actor}


def check_page(limit, offset) -> None:
    """``limit`` (or ``None``) and ``offset`` of a history page: whole numbers ≥ 0."""
    for name, value in (("limit", limit), ("offset", offset)):
        if value is None and name == "limit":
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name} must be a whole number ≥ 0, got {value!r}")


def until_bound(value) -> tuple[str | None, bool]:
    """``(timestamp text, inclusive)`` for an ``until`` filter: a date-time (or ISO
    date-time text) is an inclusive bound, a date means "before the next day"."""
    if isinstance(value, str) and ("T" in value or " " in value):
        return bound(value, upper=True), True
    return bound(value, upper=True), isinstance(value, dt.datetime)


def bound(value, *, upper: bool) -> str | None:
    """A since/until filter value (date, datetime or ISO text) as timestamp text; a
    date as ``until`` means up to the end of that day."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value) if "T" in value or " " in value \
                else dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date like 2026-01-31 or an ISO date-time, "
                             f"got {value!r}") from None
    if isinstance(value, dt.datetime):
        return timestamp(value)
    if isinstance(value, dt.date):
        return day_end(value) if upper else timestamp(dt.datetime.combine(value, dt.time()))
    raise ValueError(f"expected a date or date-time, got {value!r}")


def entry_dict(seq, at, actor, sheet, key, op, before, after, note) -> dict:
    return {"seq": seq, "at": at, "actor": actor, "sheet": sheet, "key": key, "op": op,
            "before": json.loads(before) if before else None,
            "after": json.loads(after) if after else None, "note": note}


class Store(ABC):
    """A graph store holding one service network, its history, accounts and settings.

    Writes are atomic: :meth:`write` either applies every record or none, and it
    validates the network as it would be afterwards before touching anything.
    """

    url: str
    #: Where "now" comes from for history timestamps (tests set a fixed clock).
    clock: Callable[[], dt.datetime] = staticmethod(lambda: dt.datetime.now(dt.timezone.utc))

    # -- reads ---------------------------------------------------------------
    @abstractmethod
    def read(self, area: str | None = None, *, as_of: dt.date | None = None) -> Network:
        """The whole network, or the slice for ``area``: that area and the areas below
        it, their units, those units' roles and organisations, and every link with
        at least one end there (plus the far ends of links that leave the area, so a
        caller can draw stubs to neighbouring areas).

        ``as_of``: the network as it stood at the end of that day (UTC): changes
        recorded after it are undone, and units, roles and links whose
        ``[valid_from, valid_to]`` does not contain the day are left out."""

    def read_reusing(self, records: Network) -> Network:
        """The whole network, equal to :meth:`read` (and, like it, good as ``current``
        for :meth:`write`), where a stored record equal to the record with the same
        key in ``records`` may be that very object.  An import re-reads the store it
        is about to write: a store that can compare its stored rows with ``records``
        skips decoding the ones the import leaves unchanged, and the caller's diff
        finds those unchanged by identity (issue 13: re-importing the nation with 1 %
        changed).  ``records`` is not modified.  Default: :meth:`read`."""
        return self.read()

    @abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """Exact node counts by kind and link counts by kind (see Network.counts)."""

    @abstractmethod
    def revision(self) -> int:
        """A number that grows with every committed write (for caches)."""

    def changes_since(self, revision: int, *, limit: int = 5000) -> "Changes | None":
        """The records written after ``revision``, so a reader holding that revision can
        patch its copy instead of reading everything again (issue 13).  Returns
        :class:`Changes`, or ``None`` when the store cannot say (history missing for a
        revision, more than ``limit`` records changed, or a store without this
        support): the caller then reads the whole network."""
        return None

    @abstractmethod
    def history(self, *, since=None, until=None, sheet: str | None = None,
                key: str | None = None, actor: str | None = None,
                limit: int | None = None, offset: int = 0) -> list[dict]:
        """History entries, newest first: ``{"seq", "at" (ISO-8601 UTC), "actor",
        "sheet", "key" (links: ``source>target:kind``), "op" (add|change|remove),
        "before", "after" (record dicts or None), "note"}``.  ``since``/``until`` take
        dates, date-times or ISO text (a date as ``until`` includes that day).
        ``offset`` skips that many of the newest matching entries, so a page of a long
        history costs that page, not the whole history."""

    @abstractmethod
    def history_count(self, *, since=None, until=None, sheet: str | None = None,
                      key: str | None = None, actor: str | None = None) -> int:
        """How many entries :meth:`history` would return with these filters and no
        limit (a pager's total), counted in the store."""

    # -- writes --------------------------------------------------------------
    def write(self, incoming: Network, *, replace: bool = False, actor: str = "system",
              note: str | None = None, current: Network | None = None,
              plan: Plan | None = None) -> dict:
        """Upsert ``incoming`` (or, with ``replace``, make it the whole network) and
        record one history entry per record added, changed or removed.

        Raises :class:`graphmap.model.ValidationError` and changes nothing if the
        result would break a rule of the model.  ``current``: the caller's unchanged
        result of ``read()`` (whole network); used instead of reading again when the
        store has not been written since.  ``plan``: the caller's own
        ``plan_write(current, incoming, replace=replace)`` (an import plans first to
        locate problems and count changes); applied as made while ``current`` is
        still what is stored, so the network is not checked twice, else planned
        again.  Returns ``{"added", "changed", "removed", "revision"}``."""
        _check_actor(actor)
        if current is not None and not replace and plan is None:
            check_ahead(current, incoming)  # outside the write lock, see there

        def make_plan(cur: Network) -> Plan:
            if plan is not None and cur is current:
                return plan
            return plan_write(cur, incoming, replace=replace)
        return self._apply(make_plan, actor=actor, note=note, current=current)

    def delete(self, sheet: str, keys: Iterable, *, actor: str, note: str | None = None,
               current: Network | None = None,
               near: Callable[[str], tuple[Iterable, Iterable]] | None = None) -> dict:
        """Remove records (see :func:`plan_delete` for the cascade) in one transaction.
        Link keys are ``source>target:kind`` texts or tuples.  ``near``: the caller's
        index of ``current`` (:func:`plan_delete`), used only while ``current`` is
        still what is stored."""
        _check_actor(actor)
        keys = list(keys)
        return self._apply(lambda cur: plan_delete(cur, sheet, keys,
                                                   near if cur is current else None),
                           actor=actor, note=note, current=current)

    def clear(self, *, actor: str = "system", note: str | None = None) -> dict:
        """Remove everything (one transaction, each removal recorded)."""
        return self.write(Network(), replace=True, actor=actor, note=note)

    @abstractmethod
    def _apply(self, make_plan: Callable[[Network], Plan], *, actor: str, note: str | None,
               current: Network | None) -> dict:
        """In one transaction: read the network (or trust ``current`` if it is still
        the stored revision), ``make_plan`` it, apply it, record its history with one
        timestamp, bump the revision; return ``plan.summary(revision)``."""

    # -- accounts and settings ---------------------------------------------------
    @abstractmethod
    def put_user(self, user: User) -> None:
        """Add or replace the account ``user.username``."""

    @abstractmethod
    def get_user(self, username: str) -> User | None: ...

    @abstractmethod
    def delete_user(self, username: str) -> bool:
        """Remove an account; False if there was none."""

    @abstractmethod
    def end_sessions(self, username: str) -> str | None:
        """End every web session of ``username``: give the account a new
        ``session_key`` (returned; None if there is no such account).  ``put_user``
        does the same when the password hash changes, and a new account gets a fresh
        key, so a cookie made for an earlier holder of the name never fits."""

    @abstractmethod
    def list_users(self) -> list[User]:
        """Every account, by username."""

    @abstractmethod
    def get_setting(self, key: str, default: str | None = None) -> str | None: ...

    @abstractmethod
    def set_setting(self, key: str, value: str) -> None: ...

    # -- unmet queries (issue 9 item 4) ---------------------------------------------
    @abstractmethod
    def record_unmet_query(self, text: str, *, area: str | None = None, age_band: str = "",
                           reason: str = "not_understood", day: dt.date | None = None) -> None:
        """Count one who-do-I-call query that found no answer: +1 on the row
        (day, area, age band, reason, text).  ``text`` is cleaned by :func:`unmet_row`
        (contact details and identity codes removed) before it is stored.  Outside the
        network: no revision, no history."""

    @abstractmethod
    def unmet_queries(self, area: str | None = None,
                      since: dt.date | None = None) -> list[dict]:
        """Counted unmet queries of ``area`` (every area when None; ``""`` = no area
        chosen) on or after ``since``: dicts with text, area, age_band, reason, day
        (``datetime.date``) and count; newest day first, then most counted, then text."""

    @abstractmethod
    def forget_unmet_before(self, day: dt.date) -> int:
        """Delete counted unmet queries older than ``day`` (the retention period,
        issue 14 item 4); the number of rows deleted."""

    # -- review queue and one-use links (issue 14 items 2-3) -------------------------
    @abstractmethod
    def add_review_item(self, *, area: str, unit: str, kind: str, payload: dict,
                        at: dt.datetime | None = None) -> int:
        """Queue a provider's correction or a "report a problem" (``kind`` one of
        :data:`REVIEW_KINDS`) about ``unit`` for an editor of ``area``; its id.
        Outside the network: what it proposes reaches the map only when an editor
        accepts it, through :meth:`write` (so history records it)."""

    @abstractmethod
    def review_items(self, area: str | None = None, *, status: str | None = None,
                     item_id: int | None = None) -> list[dict]:
        """Queued items (see :func:`review_dict`), newest first; filtered by area,
        status (:data:`REVIEW_STATUSES`) or id."""

    @abstractmethod
    def decide_review_item(self, item_id: int, *, status: str, actor: str,
                           decision: dict | None = None) -> bool:
        """Close an open item as accepted or rejected by ``actor`` (``decision``: what
        was applied); False when there is no open item with that id."""

    @abstractmethod
    def use_token(self, nonce: str, *, peek: bool = False) -> bool:
        """Mark a one-use link's ``nonce`` as spent: True the first time, False ever
        after (so a confirmation link works once).  ``peek``: only tell whether it is
        still unspent, spending nothing (the page shown before the answer)."""

    @abstractmethod
    def backup(self, path) -> None:
        """A consistent copy of the store at ``path`` while it stays in use."""

    def close(self) -> None:  # pragma: no cover - trivial default
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def user_row(user: User) -> tuple:
    return (user.username, user.password_hash, user.role.value, json.dumps(user.areas),
            user.created.isoformat() if user.created else None)


def user_from_row(username, password_hash, role, areas, created,
                  session_key: str | None = None) -> User:
    return User(username, password_hash, role, json.loads(areas) if areas else [],
                dt.datetime.fromisoformat(created) if created else None, session_key)


def new_session_key() -> str:
    """A fresh random ``User.session_key``."""
    return secrets.token_urlsafe(18)


#: Why a query is counted as unmet: nothing in it was recognised, or nothing in the
#: chosen area answers it.
UNMET_REASONS = ("not_understood", "no_area_answer")
#: The age bands unmet queries are counted in (never the exact age); "" = no age given.
AGE_BANDS = ("", "0-2", "3-6", "7-12", "13-17", "18-25")
MAX_UNMET_TEXT = 200
_EMAIL = re.compile(r"\S+@\S+")
#: Finnish personal identity code (henkilötunnus): DDMMYY, century sign, 3 digits, check
_HETU = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d[\d \-]{3,}\d")  # phone numbers, customer numbers


def age_band(age: int | None) -> str:
    """The :data:`AGE_BANDS` band of ``age`` (years), "" for no age."""
    if age is None:
        return ""
    for band in AGE_BANDS[1:]:
        low, high = (int(x) for x in band.split("-"))
        if low <= age <= high:
            return band
    return AGE_BANDS[-1] if age > 25 else AGE_BANDS[1]


def unmet_row(text, area, age_band_, reason, day) -> tuple[str, str, str, str, str]:
    """(day ISO, area, age band, reason, text) as stored, or ValueError.  The text is
    lowercased with whitespace collapsed, and e-mail addresses, identity codes and
    digit runs (phone numbers) are replaced, so no contact detail is ever kept."""
    if not isinstance(text, str):
        raise ValueError(f"an unmet query is text, got {text!r}")
    clean = _EMAIL.sub("[email]", text)
    clean = _HETU.sub("[hetu]", clean)
    clean = _DIGITS.sub("[numero]", clean)
    clean = " ".join(clean.lower().split())[:MAX_UNMET_TEXT]
    if not clean:
        raise ValueError("an unmet query has no text")
    if area is not None and not isinstance(area, str):
        raise ValueError(f"area is an area id or None, got {area!r}")
    if age_band_ not in AGE_BANDS:
        raise ValueError(f"age_band must be one of {AGE_BANDS}, got {age_band_!r}")
    if reason not in UNMET_REASONS:
        raise ValueError(f"reason must be one of {UNMET_REASONS}, got {reason!r}")
    day = day or dt.datetime.now(dt.timezone.utc).date()
    if not isinstance(day, dt.date):
        raise ValueError(f"day is a date, got {day!r}")
    return day.isoformat(), area or "", age_band_, reason, clean


def unmet_dict(day, area, age_band_, reason, text, count) -> dict:
    return {"text": text, "area": area, "age_band": age_band_, "reason": reason,
            "day": dt.date.fromisoformat(day), "count": int(count)}


#: What a review item is: a provider's proposed correction, or a user's report.
REVIEW_KINDS = ("correction", "report")
REVIEW_STATUSES = ("open", "accepted", "rejected")


def review_row(area, unit, kind, payload, at) -> tuple[str, str, str, str, str]:
    """(area, unit, kind, payload JSON, at) as stored, or ValueError."""
    if kind not in REVIEW_KINDS:
        raise ValueError(f"kind must be one of {REVIEW_KINDS}, got {kind!r}")
    for name, value in (("area", area), ("unit", unit)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"{name} is an id, got {value!r}")
    if not isinstance(payload, dict):
        raise ValueError(f"payload is a dict, got {payload!r}")
    at = at or dt.datetime.now(dt.timezone.utc)
    return area, unit, kind, json.dumps(payload, ensure_ascii=False), timestamp(at)


def check_decision(status, actor, decision) -> tuple[str, str, str | None]:
    if status not in REVIEW_STATUSES[1:]:
        raise ValueError(f"status must be one of {REVIEW_STATUSES[1:]}, got {status!r}")
    _check_actor(actor)
    return status, actor, json.dumps(decision, ensure_ascii=False) if decision else None


def review_dict(item_id, area, unit, kind, payload, at, status, decided_by, decided_at,
                decision) -> dict:
    return {"id": int(item_id), "area": area, "unit": unit, "kind": kind,
            "payload": json.loads(payload), "at": at, "status": status,
            "decided_by": decided_by, "decided_at": decided_at,
            "decision": json.loads(decision) if decision else None}


def check_nonce(nonce) -> str:
    if not isinstance(nonce, str) or not 16 <= len(nonce) <= 64:
        raise ValueError(f"a link nonce is 16-64 characters, got {nonce!r}")
    return nonce


def check_setting(key: str, value) -> tuple[str, str]:
    if not isinstance(key, str) or not key or len(key) > 64:
        raise ValueError(f"a setting key is 1–64 characters, got {key!r}")
    if not isinstance(value, str):
        raise ValueError(f"setting {key!r} takes text, got {value!r}")
    return key, value


__all__ = ["Store", "StoreError", "RecordNotFound", "Plan", "plan_write", "plan_delete",
           "undo", "in_force", "area_slice", "check_username"]
