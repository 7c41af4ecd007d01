"""The Neo4j store: the same network as the SQLite store, kept as a property graph.

Why: deployments that already run Neo4j (or want Cypher and Bloom for exploring the
network) keep graphmap's data there; every other part of graphmap reaches it through
the same :class:`~graphmap.store.base.Store` interface (issue 2, item 3).

How:

* URL ``bolt://[user:password@]host[:7687]`` (also ``neo4j://``, ``bolt+s://``,
  ``neo4j+s://`` …).  Credentials in the URL win; otherwise ``NEO4J_USER`` (default
  ``neo4j``) and ``NEO4J_PASSWORD``; no password at all means a server without auth.
  ``NEO4J_DATABASE`` picks a database (default: the server's home database).
* Graph model: nodes ``:Area``, ``:Organisation``, ``:Unit:Actor``, ``:Role:Actor``
  holding every field of their record as properties (lists as lists, dates as ISO
  strings, so :func:`graphmap.model.record_from_dict` reads them back exactly);
  relationships ``PART_OF``, ``RUN_BY``, ``IN_AREA``, ``IN_UNIT`` mirror the
  reference fields; one relationship type per link kind (``REFERS``, ``CONSULTS`` …,
  see :data:`LINK_TYPES`) between actors; a ``:Meta {key: 'graphmap'}`` node holds
  the revision.
* All Cypher is in ``cypher/*.cypher`` (see :mod:`graphmap.store.cypher_files`); this
  module only names statements and passes parameters, never builds Cypher from text.
  Relationship types cannot be parameters, so each link kind has its own statement,
  picked from the fixed :data:`LINK_TYPES` whitelist.
* A write is ONE transaction (``session.execute_write``) that runs the batched
  ``UNWIND $rows`` statements planned by :func:`write_plan`, then bumps the revision;
  the driver retries it whole on transient errors, which is safe because every
  statement is an idempotent MERGE/SET.  Retries stop after the store's busy time
  (:func:`graphmap.store.base.busy_seconds`); a transient error still there then (a
  lock another transaction holds past the server's ``db.lock.acquisition.timeout``, a
  deadlock, the server unreachable) is :class:`~graphmap.store.base.StoreBusy`.  A read
  of the network runs in one read transaction; the small reads every web request makes
  (revision, change list, account, setting) run as auto-commit statements
  (:meth:`Neo4jStore._quick_read`: fewer round trips).  A write made stale by another
  process's is planned on its caller's network brought up to date from the change list
  in its own transaction (:meth:`Neo4jStore._current`), not on a whole read.
* The pure functions :func:`node_props`, :func:`link_row`, :func:`network_from_parts`
  and :func:`write_plan` carry all the encoding and are tested without a server
  (``tests/test_cypher.py``); the store contract suite (``tests/test_store_contract.py``)
  runs against a live server when ``GRAPHMAP_TEST_NEO4J=bolt://…`` is set.

Reference: Neo4j Python driver manual, "Run your own transactions"
(https://neo4j.com/docs/python-manual/current/transactions/).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import threading
from typing import Any, Iterable, Mapping
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from ..model import (NODE_SHEETS, RECORD_TYPES, LinkKind, Network, User, parse_link_key,
                     record_from_dict, record_to_dict)
from ..i18n.message import Text
from . import base, cypher_files
from .base import Plan, Store, StoreBusy, StoreError

#: Node labels of the graph model (the Cypher lint rejects any other).
LABELS = ("Area", "Organisation", "Unit", "Role", "Actor", "Meta", "Change", "User",
          "UnmetQuery", "ReviewItem", "ReviewCounter", "UsedToken")
#: Relationships that mirror reference fields.
STRUCTURE_TYPES = ("PART_OF", "RUN_BY", "IN_AREA", "IN_UNIT")
#: The whitelist: link kind → relationship type (and the ``load_links_<kind>`` statement).
LINK_TYPES: dict[LinkKind, str] = {kind: kind.value.upper() for kind in LinkKind}
_KIND_OF_TYPE = {rel: kind for kind, rel in LINK_TYPES.items()}

#: Rows per UNWIND batch: large enough to be fast, small enough for modest heaps.
BATCH_SIZE = 1000
_LINK_KEYS = ("source", "target", "kind")
#: Statements that rebuild the reference relationships, with the fields they need.
_STRUCTURE_ROWS = {"areas": ("link_areas", ("id", "parent")),
                   "units": ("link_units", ("id", "organisation", "area")),
                   "roles": ("link_roles", ("id", "unit"))}

#: a write planned on a network at most this many records behind the stored one
#: (another process wrote since) catches it up from the history, not by a whole read
#: (the same bound as the SQLite store's)
WRITE_CATCH_UP = 2000

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


# --------------------------------------------------------------------- encoding


def _fields(sheet: str) -> list[str]:
    return [f.name for f in dataclasses.fields(RECORD_TYPES[sheet])]


def _list_fields(sheet: str) -> set[str]:
    return {f.name for f in dataclasses.fields(RECORD_TYPES[sheet])
            if str(f.type).startswith("list[")}


def node_props(sheet: str, record) -> dict[str, Any]:
    """The property map stored on a node for ``record``.

    None fields and empty lists are left out: Neo4j has no null properties, and an
    empty list has no element type to store, so rather than depend on how a server
    version treats one, :func:`decode_node` reads a missing list field back as ``[]``
    and any other missing field as None (list fields are never None, as in SQLite)."""
    return {k: v for k, v in record_to_dict(record).items() if v is not None and v != []}


def link_row(link) -> dict[str, Any]:
    """The ``$rows`` entry for a link: its ends, and its other fields as properties."""
    props = {k: v for k, v in record_to_dict(link).items()
             if v is not None and k not in _LINK_KEYS}
    return {"source": link.source, "target": link.target, "props": props}


def decode_node(sheet: str, props: Mapping[str, Any]):
    """The record for a node's property map (see :func:`node_props` for missing ones)."""
    lists = _list_fields(sheet)
    return record_from_dict(sheet, {name: props.get(name, [] if name in lists else None)
                                    for name in _fields(sheet)})


def decode_link(rel_type: str, source: str, target: str, props: Mapping[str, Any]):
    """The link for a relationship of type ``rel_type`` between ``source`` and ``target``."""
    if rel_type not in _KIND_OF_TYPE:
        raise StoreError(f"relationship type {rel_type!r} is not a graphmap link kind")
    data = {name: props.get(name) for name in _fields("links") if name not in _LINK_KEYS}
    data.update(source=source, target=target, kind=_KIND_OF_TYPE[rel_type].value)
    return record_from_dict("links", data)


def network_from_parts(parts: Mapping[str, Iterable]) -> Network:
    """A network from read results: ``parts[sheet]`` lists node property maps for the
    four node sheets and ``{source, target, type, props}`` maps for ``links``."""
    net = Network()
    for sheet in NODE_SHEETS:
        for props in parts.get(sheet, ()):
            net.add(decode_node(sheet, props))
    for row in parts.get("links", ()):
        net.add(decode_link(row["type"], row["source"], row["target"], row["props"]))
    return net


def _batches(rows: list, size: int) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


#: Statements that create the reference relationships of added records, with the
#: fields they need (only rows that have every field).
_CREATE_STRUCTURE = {"areas": ("create_part_of", ("id", "parent")),
                     "units": ("create_run_by_in_area", ("id", "organisation", "area")),
                     "roles": ("create_in_unit", ("id", "unit"))}


def write_plan(incoming: Network, *, replace: bool, batch_size: int = BATCH_SIZE,
               added: Network | None = None, bump: bool = True) -> list[tuple[str, str, dict]]:
    """The statements, as ``(file group, statement name, parameters)``, that apply
    ``incoming`` in one transaction: nodes first (so every relationship finds both
    ends), then reference relationships, then links by kind, then (``bump``) the
    revision.

    ``incoming`` is upserted with MERGE; ``added`` holds records known to be new
    (see :func:`apply_plan`), written with plain CREATE – what makes a first import
    about as fast as bare inserts."""
    plan: list[tuple[str, str, dict]] = []
    if replace:
        plan.append(("write", "clear_data", {}))
    added = added or Network()
    props = {sheet: [node_props(sheet, r) for r in getattr(incoming, sheet).values()]
             for sheet in NODE_SHEETS}
    new = {sheet: [node_props(sheet, r) for r in getattr(added, sheet).values()]
           for sheet in NODE_SHEETS}
    for sheet in NODE_SHEETS:
        plan += [("load", f"create_{sheet}", {"rows": b}) for b in _batches(new[sheet], batch_size)]
        plan += [("load", f"load_{sheet}", {"rows": b}) for b in _batches(props[sheet], batch_size)]
    for sheet, (name, keep) in _CREATE_STRUCTURE.items():
        rows = [{k: p[k] for k in keep} for p in new[sheet] if all(k in p for k in keep)]
        plan += [("load", name, {"rows": b}) for b in _batches(rows, batch_size)]
    for sheet, (name, keep) in _STRUCTURE_ROWS.items():
        rows = [{k: p[k] for k in keep if k in p} for p in props[sheet]]
        plan += [("load", name, {"rows": b}) for b in _batches(rows, batch_size)]
    for kind in LinkKind:
        for group, links in (("create", added.links), ("load", incoming.links)):
            rows = [link_row(link) for link in links.values() if link.kind == kind]
            plan += [("load", f"{group}_links_{kind.value}", {"rows": b})
                     for b in _batches(rows, batch_size)]
    if bump:
        plan.append(("write", "bump_revision", {}))
    return plan


def apply_plan(plan: Plan, *, revision: int, seq: int, at: str, actor: str,
               note: str | None, batch_size: int = BATCH_SIZE) -> list[tuple[str, str, dict]]:
    """The statements that apply a history :class:`~graphmap.store.base.Plan` after
    ``lock_meta``: removals, the upserts of :func:`write_plan`, one ``:Change`` per
    entry numbered from ``seq + 1``, the last batch of them with the new ``revision``
    and last sequence number (``finish_write``: a single-record write is one
    statement fewer)."""
    out: list[tuple[str, str, dict]] = []
    for sheet in NODE_SHEETS:
        ids = list(plan.removes.get(sheet, ()))
        out += [("history", f"delete_{sheet}", {"ids": b}) for b in _batches(ids, batch_size)]
    rows = [{"source": s, "target": t, "type": LINK_TYPES[LinkKind(k)]}
            for s, t, k in plan.removes.get("links", ())]
    out += [("history", "delete_links", {"rows": b}) for b in _batches(rows, batch_size)]
    # Split the upserts: records the plan adds (not in the store it read under the
    # lock) are CREATEd, the others MERGEd.
    changed, added = Network(), Network()
    for sheet in RECORD_TYPES:
        records = plan.upserts.get(sheet, {})
        if sheet in plan.adds_all:
            getattr(added, sheet).update(records)
            continue
        new = set(plan.adds.get(sheet, ()))
        for key, record in records.items():
            target = added if base.key_text(sheet, key) in new else changed
            getattr(target, sheet)[key] = record
    out += write_plan(changed, replace=False, batch_size=batch_size, added=added, bump=False)
    changes = []
    adds = dict(plan.adds)
    adds.update({s: [base.key_text(s, k) for k in plan.upserts[s]] for s in plan.adds_all})
    entries = [(sheet, key, "add", None, None) for sheet, keys in adds.items()
               for key in keys] + plan.entries
    for n, (sheet, key, op, before, after) in enumerate(entries, start=seq + 1):
        row = {"seq": n, "rev": revision, "at": at, "actor": actor, "sheet": sheet, "key": key,
               "op": op, "before": before, "after": after, "note": note}
        changes.append({k: v for k, v in row.items() if v is not None})
    batches = list(_batches(changes, batch_size)) or [[]]
    out += [("history", "record_changes", {"rows": b}) for b in batches[:-1]]
    out.append(("history", "finish_write", {"rows": batches[-1], "revision": revision,
                                             "seq": seq + len(entries)}))
    return out


def floor_plan(net: Network, batch_size: int = BATCH_SIZE) -> list[tuple[str, str, dict]]:
    """The benchmark floor for writing ``net`` (``cypher/floor.cypher``): the rows of
    :func:`write_plan`, already encoded, as bare ``UNWIND $rows CREATE`` batches –
    what the import is compared with (benchmarks/bench_neo4j.py)."""
    plan: list[tuple[str, str, dict]] = []
    props = {sheet: [node_props(sheet, r) for r in getattr(net, sheet).values()]
             for sheet in NODE_SHEETS}
    structure = {"floor_part_of": [{"id": a["id"], "parent": a["parent"]}
                                   for a in props["areas"] if "parent" in a],
                 "floor_run_by_in_area": [{k: u[k] for k in ("id", "organisation", "area")}
                                          for u in props["units"]],
                 "floor_in_unit": [{"id": r["id"], "unit": r["unit"]} for r in props["roles"]]}
    for sheet in NODE_SHEETS:
        plan += [("floor", f"floor_{sheet}", {"rows": b}) for b in _batches(props[sheet], batch_size)]
    for name, rows in structure.items():
        plan += [("floor", name, {"rows": b}) for b in _batches(rows, batch_size)]
    for kind in LinkKind:
        rows = [link_row(link) for link in net.links.values() if link.kind == kind]
        plan += [("floor", f"floor_links_{kind.value}", {"rows": b})
                 for b in _batches(rows, batch_size)]
    return plan


# ------------------------------------------------------------------- connection


def connection_settings(url: str, env: Mapping[str, str] = os.environ):
    """``(driver URI without credentials, auth tuple or None, URL safe to print)``.

    Credentials in the URL (percent-encoded) take precedence over ``NEO4J_USER`` /
    ``NEO4J_PASSWORD``; the user defaults to ``neo4j``."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise StoreError(Text("store.error.neo4j_unreadable", detail=str(exc))) from None
    if parts.scheme.lower() not in SCHEMES:
        raise StoreError(Text("store.error.neo4j_scheme",
                              schemes=", ".join(s + "://" for s in SCHEMES)))
    if not parts.hostname:
        raise StoreError(Text("store.error.neo4j_no_host"))
    if parts.path not in ("", "/"):
        raise StoreError(Text("store.error.neo4j_path", path=repr(parts.path)))
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    netloc = host + (f":{port}" if port else "")
    user = unquote(parts.username) if parts.username else env.get("NEO4J_USER") or "neo4j"
    password = unquote(parts.password) if parts.password is not None \
        else env.get("NEO4J_PASSWORD")
    auth = (user, password) if password is not None else None
    uri = urlunsplit((parts.scheme, netloc, "", parts.query, ""))
    shown = urlunsplit((parts.scheme, f"{quote(user, safe='')}@{netloc}" if auth else netloc,
                        "", parts.query, ""))
    return uri, auth, shown


_SCHEMA_DONE: set[tuple[str, str | None]] = set()
_SCHEMA_LOCK = threading.Lock()


class Neo4jStore(Store):
    """A :class:`Store` on a Neo4j server (see the module docstring for the URL)."""

    def __init__(self, url: str, env: Mapping[str, str] = os.environ):
        from neo4j import GraphDatabase  # imported here: SQLite users never load the driver

        uri, auth, self.url = connection_settings(url, env)
        self.database = env.get("NEO4J_DATABASE") or None
        try:
            # Notifications off: the read statements name every link type, and a server
            # warns about each type no relationship has yet (normal for a small network).
            self._driver = GraphDatabase.driver(
                uri, auth=auth, notifications_min_severity="OFF",
                max_transaction_retry_time=base.busy_seconds(env))
        except Exception as exc:  # the driver raises ConfigurationError, ValueError, …
            raise StoreError(Text("store.error.cannot_open", url=repr(self.url),
                                  detail=str(exc))) from exc
        try:
            self._call(self._driver.verify_connectivity, busy=False)
            self._ensure_schema(uri)
        except Exception:
            self._driver.close()
            raise

    # -- plumbing --------------------------------------------------------------
    def _call(self, fn, *args, busy: bool = True):
        """Run ``fn`` and turn driver failures into a :class:`StoreError` naming the
        server: a transient one that outlasted the retries into :class:`StoreBusy`
        (not when ``busy`` is false: a server unreachable at open is no "try again")."""
        from neo4j.exceptions import (DriverError, Neo4jError, ServiceUnavailable,
                                      SessionExpired, TransientError)

        try:
            return fn(*args)
        except (TransientError, ServiceUnavailable, SessionExpired) as exc:
            if not busy:
                raise StoreError(f"Neo4j store {self.url!r}: {exc}") from exc
            raise StoreBusy(f"Neo4j store {self.url!r} is busy: {exc}") from exc
        except (Neo4jError, DriverError, OSError) as exc:
            raise StoreError(f"Neo4j store {self.url!r}: {exc}") from exc

    def _session(self):
        return self._driver.session(database=self.database)

    def _read_tx(self, work):
        def go():
            with self._session() as session:
                return session.execute_read(work)
        return self._call(go)

    def _quick_read(self, work):
        """Run ``work(session)`` as auto-commit statements: a small read every request
        makes (the revision, a change list, an account).  Why not a read transaction:
        its BEGIN and COMMIT are two more round trips, and in a web process each wait
        for the server costs a turn at the interpreter lock behind every busy request
        thread (measured: revision() 164 ms in a transaction, 38 ms auto-commit, with
        four busy threads).  Neo4j isolates reads as read-committed either way, so the
        statements see no less consistent data.  A transient error (which a
        transaction would have retried) runs ``work`` again in one."""
        from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

        def go():
            try:
                with self._session() as session:
                    return work(session)
            except (TransientError, ServiceUnavailable, SessionExpired):
                with self._session() as session:
                    return session.execute_read(work)  # retried by the driver
        return self._call(go)

    def _write_tx(self, work):
        def go():
            with self._session() as session:
                return session.execute_write(work)
        return self._call(go)

    @staticmethod
    def _run(tx, group: str, name: str, params: dict | None = None):
        """Run a named statement, checking the parameters against its ``// params:``."""
        stmt = cypher_files.statement(group, name)
        params = params or {}
        if set(params) != stmt.params:
            raise StoreError(f"statement {name!r} ({stmt.file}) takes "
                             f"{sorted(stmt.params)}, was given {sorted(params)}")
        return tx.run(stmt.text, params)

    def _ensure_schema(self, uri: str) -> None:
        key = (uri, self.database)
        with _SCHEMA_LOCK:
            if key in _SCHEMA_DONE:
                return

            def go():
                # Schema commands cannot share a transaction with data writes: one
                # auto-commit transaction each (all are IF NOT EXISTS, so idempotent).
                with self._session() as session:
                    for stmt in cypher_files.load("schema").values():
                        session.run(stmt.text).consume()
                    session.execute_write(
                        lambda tx: self._run(tx, "history", "ensure_meta").consume())
            self._call(go)
            _SCHEMA_DONE.add(key)

    def close(self) -> None:
        self._driver.close()

    def wipe(self) -> None:
        """Delete every graphmap node – network, history, accounts, settings, unmet queries,
        the review queue and spent links – without recording it: a fresh start (the tests'
        isolation between cases, a trial server made empty).  The schema stays and the
        revision still grows, so caches notice."""
        def go():
            with self._session() as session:
                # CALL … IN TRANSACTIONS runs only as an auto-commit statement.
                session.run(cypher_files.statement("write", "wipe_all").text).consume()

                def bump(tx):  # no change list reaches past a wipe (changes_since)
                    self._run(tx, "write", "bump_revision").consume()
                    self._run(tx, "history", "restart_history").consume()
                session.execute_write(bump)
        self._call(go)

    def run_plan(self, plan: list[tuple[str, str, dict]]) -> None:
        """Run ``(group, statement, parameters)`` triples in one write transaction
        (the benchmark floor of :func:`floor_plan`; graphmap's writes go through
        :meth:`write`)."""
        def work(tx):
            for group, name, params in plan:
                self._run(tx, group, name, params).consume()
        self._write_tx(work)

    # -- reads -----------------------------------------------------------------
    def revision(self) -> int:
        """The last revision whose write is wholly visible to a reader (``read_revision``:
        Neo4j applies a commit piece by piece, and a revision read before its history
        would be patched to without its records)."""
        def work(tx):
            return self._run(tx, "read", "read_revision").single()["revision"]
        return int(self._quick_read(work))

    def counts(self) -> dict[str, dict[str, int]]:
        def work(tx):
            nodes = self._run(tx, "read", "count_nodes").single().data()
            links = self._run(tx, "read", "count_links").data()
            return nodes, links
        nodes, links = self._read_tx(work)
        by_kind = {kind.value: 0 for kind in LinkKind}
        for row in links:
            by_kind[_KIND_OF_TYPE[row["type"]].value] = row["n"]
        return {"nodes": {"area": nodes["areas"], "organisation": nodes["organisations"],
                          "unit": nodes["units"], "role": nodes["roles"]},
                "links": by_kind}

    def read(self, area: str | None = None, *, as_of=None) -> Network:
        if as_of is not None:
            return self._read_as_of(area, as_of)
        if area is None:
            def work(tx):
                rev = self._run(tx, "read", "read_revision").single()["revision"]
                return rev, self._read_all(tx)
            rev, parts = self._read_tx(work)
            net = network_from_parts(parts)
            net._graphmap_stamp = (id(self), rev)
            return net
        return network_from_parts(self._read_tx(lambda tx: self._read_area(tx, area)))

    def _read_as_of(self, area, day) -> Network:
        import datetime as dt
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise ValueError(f"as_of takes a date, got {day!r}")

        def work(tx):
            entries = [(r["sheet"], r["key"], r["op"], r["before"]) for r in self._run(
                tx, "history", "read_changes_since", {"cutoff": base.day_end(day)})]
            return entries, self._read_all(tx)
        entries, parts = self._read_tx(work)
        net = base.in_force(base.undo(network_from_parts(parts), entries), day)
        return net if area is None else base.area_slice(net, area)

    def changes_since(self, revision, *, limit=5000):
        return self._quick_read(lambda tx: self._changes(tx, revision, limit))

    def _changes(self, tx, revision: int, limit: int, head=None) -> base.Changes | None:
        """:meth:`changes_since` inside the transaction ``tx`` (a read, or a write
        patching its caller's network, :meth:`_apply`, which passes the ``head`` it
        read with ``lock_meta``): the changed keys from the ``:Change`` nodes of the
        later revisions, then those records by key.  A read's "now" is the last
        revision whose history is wholly visible (``read_changes_head``); the records
        read after it may be newer still, which the next list's keys correct."""
        rows = None
        if head is None:  # the head and the keys in one round trip
            head = self._run(tx, "history", "read_changes_head",
                             {"revision": revision, "limit": limit + 1}).single()
            rows = head["keys"]
        now, start = head["revision"], head["history_from"]
        if now <= revision or revision < start:
            # the same revision: nothing to patch; older history wiped: None
            return base.Changes(now, stamp=(id(self), now)) if now == revision else None
        if rows is None:
            rows = self._run(tx, "history", "read_changed_keys",
                             {"revision": revision, "now": now, "limit": limit + 1}).data()
        if len(rows) > limit:
            return None
        keys: dict[str, set] = {}
        for row in rows:
            sheet = row["sheet"]
            keys.setdefault(sheet, set()).add(
                base.parse_link_key(row["key"]) if sheet == "links" else row["key"])
        parts: dict[str, list] = {}
        for sheet in NODE_SHEETS:
            if sheet in keys:
                parts[sheet] = [r["props"] for r in self._run(
                    tx, "read", f"read_{sheet}_by_id", {"ids": sorted(keys[sheet])})]
        if "links" in keys:
            link_rows = [{"source": s, "target": t, "type": LINK_TYPES[LinkKind(k)]}
                         for s, t, k in sorted(keys["links"])]
            parts["links"] = self._run(tx, "read", "read_links_by_key",
                                       {"rows": link_rows}).data()
        stored = network_from_parts(parts)
        out = base.Changes(now, stamp=(id(self), now))
        for sheet, ks in keys.items():
            table = getattr(stored, sheet)
            out.records[sheet] = {k: table.get(k) for k in ks}
        return out

    def history(self, *, since=None, until=None, sheet=None, key=None, actor=None,
                limit=None, offset=0) -> list[dict]:
        base.check_page(limit, offset)
        params = {**base.history_filters(since, until, sheet, key, actor),
                  "skip": offset, "limit": 2 ** 62 if limit is None else limit}

        def work(tx):
            rows = [r.data() for r in self._run(tx, "history", "read_history", params)]
            self._fill_added(tx, [r for r in rows if r["op"] == "add"])
            return rows
        fields = ("seq", "at", "actor", "sheet", "key", "op", "before", "after", "note")
        return [base.entry_dict(*(r[f] for f in fields)) for r in self._read_tx(work)]

    def history_count(self, *, since=None, until=None, sheet=None, key=None,
                      actor=None) -> int:
        params = base.history_filters(since, until, sheet, key, actor)
        return int(self._read_tx(lambda tx: self._run(
            tx, "history", "count_history", params).single()["n"]))

    def _fill_added(self, tx, adds: list[dict]) -> None:
        """"after" of add entries (stored without JSON): the "before" of the next entry
        for that record, or the record as it is now — read by key, so a page of
        history costs that page, not the whole network."""
        if not adds:
            return
        later: dict[tuple, list] = {}
        for r in self._run(tx, "history", "read_later_changes",
                           {"keys": sorted({a["key"] for a in adds}),
                            "seq": min(a["seq"] for a in adds)}):
            later.setdefault((r["sheet"], r["key"]), []).append((r["seq"], r["before"]))
        current: dict[str, set] = {}
        for a in adds:
            nxt = [b for q, b in later.get((a["sheet"], a["key"]), ()) if q > a["seq"]]
            if nxt:
                a["after"] = nxt[0]
            else:
                current.setdefault(a["sheet"], set()).add(a["key"])
        now = network_from_parts(self._read_records(tx, current))
        for a in adds:
            if a["sheet"] in current and a["key"] in current[a["sheet"]]:
                k = parse_link_key(a["key"]) if a["sheet"] == "links" else a["key"]
                record = getattr(now, a["sheet"]).get(k)
                a["after"] = base._json(record) if record else None

    def _read_records(self, tx, keys: dict[str, set]) -> dict[str, list]:
        """The stored records with these keys per sheet, as read parts."""
        parts: dict[str, list] = {}
        for sheet, wanted in keys.items():
            if sheet == "links":  # every link of the sources; the caller picks by key
                sources = {parse_link_key(k)[0] for k in wanted}
                parts["links"] = self._run(tx, "read", "read_links_touching",
                                           {"ids": sorted(sources)}).data()
            else:
                parts[sheet] = [r["props"] for r in self._run(
                    tx, "read", f"read_{sheet}_by_id", {"ids": sorted(wanted)})]
        return parts

    def _read_all(self, tx) -> dict[str, list]:
        parts = {sheet: [r["props"] for r in self._run(tx, "read", f"read_{sheet}")]
                 for sheet in NODE_SHEETS}
        parts["links"] = self._run(tx, "read", "read_links").data()
        return parts

    def _read_area(self, tx, area: str) -> dict[str, list]:
        """The slice for ``area`` with the same semantics as SQLiteStore._read_area:
        areas under it (PART_OF*0..), their units and roles, links touching those,
        the far ends of leaving links (a far role brings its unit), and the areas
        and organisations of every unit included."""
        scope = self._run(tx, "read", "read_area_scope", {"area": area}).single()
        if not scope or not scope["areas"]:
            return {}
        inside = set(scope["units"]) | set(scope["roles"])
        links = self._run(tx, "read", "read_links_touching",
                          {"ids": sorted(inside)}).data()
        far = {row[end] for row in links for end in ("source", "target")} - inside

        def by_id(sheet, ids):
            return [r["props"] for r in self._run(tx, "read", f"read_{sheet}_by_id",
                                                  {"ids": sorted(ids)})]
        roles = by_id("roles", set(scope["roles"]) | far)
        unit_ids = set(scope["units"]) | far | {r["unit"] for r in roles if r["id"] in far}
        units = by_id("units", unit_ids)
        areas = by_id("areas", set(scope["areas"]) | {u["area"] for u in units})
        orgs = by_id("organisations", {u["organisation"] for u in units})
        return {"areas": areas, "organisations": orgs, "units": units, "roles": roles,
                "links": links}

    # -- writes ----------------------------------------------------------------
    def _apply(self, make_plan, *, actor, note, current) -> dict:
        at = base.timestamp(self.clock())

        def work(tx):  # the driver may run this again whole on a transient error
            head = self._run(tx, "history", "lock_meta").single()
            if head is None:  # no :Meta yet (a new database, or one wiped by hand)
                self._run(tx, "history", "ensure_meta").consume()
                head = self._run(tx, "history", "lock_meta").single()
            rev, seq = head["revision"], head["seq"]
            plan = make_plan(self._current(tx, current, head))
            for group, name, params in apply_plan(plan, revision=rev + 1, seq=seq, at=at,
                                                  actor=actor, note=note):
                self._run(tx, group, name, params).consume()
            return plan.summary(rev + 1)
        return self._write_tx(work)

    def _current(self, tx, current: Network | None, head) -> Network:
        """The network as stored at ``head["revision"]`` (read by ``lock_meta``), to plan
        a write on: ``current`` when it is this store's network of that revision; when
        it is this store's network of an earlier one (another web process wrote since),
        ``current`` brought up to date from the change list read in this transaction —
        under the lock, so nothing more can come — at the cost of what was written
        since (issue 13); the whole network only when the history cannot say.  A whole
        read here holds every other writer up (~1.5 s a write in the first Neo4j soak,
        on the demo network)."""
        rev = head["revision"]
        stamp = getattr(current, "_graphmap_stamp", None)
        if current is not None and stamp == (id(self), rev):
            return current
        if current is not None and isinstance(stamp, tuple) and len(stamp) == 2 and \
                stamp[0] == id(self) and isinstance(stamp[1], int) and stamp[1] < rev:
            changes = self._changes(tx, stamp[1], WRITE_CATCH_UP, head)
            if changes is not None and changes.revision == rev:
                return changes.applied_to(current)
        return network_from_parts(self._read_all(tx))

    # -- accounts, settings, backup ----------------------------------------------
    def put_user(self, user: User) -> None:
        if not isinstance(user, User):
            raise TypeError(f"put_user takes a User, got {type(user).__name__}")
        username, password_hash, role, areas, created = base.user_row(user)
        params = {"username": username, "password_hash": password_hash, "role": role,
                  "areas": user.areas, "created": created,
                  "session_key": base.new_session_key()}
        self._write_tx(lambda tx: self._run(tx, "history", "put_user", params).consume())

    @staticmethod
    def _user(row) -> User:
        import json
        return base.user_from_row(row["username"], row["password_hash"], row["role"],
                                  json.dumps(list(row["areas"] or [])), row["created"],
                                  row.get("session_key"))

    def get_user(self, username: str) -> User | None:
        row = self._quick_read(lambda tx: self._run(tx, "history", "get_user",
                                                 {"username": str(username)}).single())
        return self._user(row) if row else None

    def delete_user(self, username: str) -> bool:
        return self._write_tx(lambda tx: self._run(
            tx, "history", "delete_user", {"username": str(username)}).single()["n"]) > 0

    def end_sessions(self, username: str) -> str | None:
        key = base.new_session_key()
        n = self._write_tx(lambda tx: self._run(
            tx, "history", "end_sessions",
            {"username": str(username), "session_key": key}).single()["n"])
        return key if n else None

    def list_users(self) -> list[User]:
        rows = self._read_tx(lambda tx: list(self._run(tx, "history", "list_users")))
        return [self._user(r) for r in rows]

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        value = self._quick_read(lambda tx: self._run(tx, "history", "get_setting",
                                                   {"key": str(key)}).single()["value"])
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        key, value = base.check_setting(key, value)
        self._write_tx(lambda tx: self._run(tx, "history", "set_setting",
                                            {"key": key, "value": value}).consume())

    def record_unmet_query(self, text, *, area=None, age_band="", reason="not_understood",
                           day=None) -> None:
        day, area, age_band, reason, text = base.unmet_row(text, area, age_band, reason, day)
        params = {"day": day, "area": area, "age_band": age_band, "reason": reason,
                  "text": text}
        self._write_tx(lambda tx: self._run(tx, "unmet", "record_unmet_query", params).consume())

    def unmet_queries(self, area=None, since=None) -> list[dict]:
        params = {"area": None if area is None else str(area),
                  "since": since.isoformat() if since is not None else None}
        rows = self._read_tx(lambda tx: self._run(tx, "unmet", "unmet_queries", params).data())
        return [base.unmet_dict(r["day"], r["area"], r["age_band"], r["reason"], r["text"],
                                r["count"]) for r in rows]

    def forget_unmet_before(self, day: dt.date) -> int:
        return self._write_tx(lambda tx: self._run(
            tx, "review", "forget_unmet_before", {"day": day.isoformat()}).single()["n"])

    def add_review_item(self, *, area, unit, kind, payload, at=None) -> int:
        area, unit, kind, payload_json, at_text = base.review_row(area, unit, kind, payload, at)
        params = {"area": area, "unit": unit, "kind": kind, "payload": payload_json,
                  "at": at_text}
        return int(self._write_tx(lambda tx: self._run(
            tx, "review", "add_review_item", params).single()["id"]))

    def review_items(self, area=None, *, status=None, item_id=None) -> list[dict]:
        params = {"area": area, "status": status,
                  "id": None if item_id is None else int(item_id)}
        rows = self._read_tx(lambda tx: self._run(tx, "review", "review_items", params).data())
        return [base.review_dict(r["id"], r["area"], r["unit"], r["kind"], r["payload"],
                                 r["at"], r["status"], r["decided_by"], r["decided_at"],
                                 r["decision"]) for r in rows]

    def decide_review_item(self, item_id, *, status, actor, decision=None) -> bool:
        status, actor, decision_json = base.check_decision(status, actor, decision)
        params = {"id": int(item_id), "status": status, "actor": actor,
                  "at": base.timestamp(self.clock()), "decision": decision_json}
        return self._write_tx(lambda tx: self._run(
            tx, "review", "decide_review_item", params).single()["n"]) == 1

    def use_token(self, nonce: str, *, peek: bool = False) -> bool:
        params = {"nonce": base.check_nonce(nonce), "at": base.timestamp(self.clock())}
        if peek:
            return bool(self._read_tx(lambda tx: self._run(
                tx, "review", "token_unused", {"nonce": params["nonce"]}).single()["fresh"]))
        return bool(self._write_tx(lambda tx: self._run(
            tx, "review", "use_token", params).single()["fresh"]))

    def backup(self, path) -> None:
        raise StoreError(
            "a Neo4j store is backed up on the server: stop the database (or use an "
            "Enterprise online backup) and run `neo4j-admin database dump <database> "
            "--to-path=<folder>`; restore with `neo4j-admin database load` (see README, "
            "'Backups')")
