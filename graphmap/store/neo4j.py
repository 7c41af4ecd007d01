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
  statement is an idempotent MERGE/SET.  A read runs in one read transaction, so the
  parts are one snapshot.
* The pure functions :func:`node_props`, :func:`link_row`, :func:`network_from_parts`
  and :func:`write_plan` carry all the encoding and are tested without a server
  (``tests/test_cypher.py``); the store contract suite (``tests/test_store_contract.py``)
  runs against a live server when ``GRAPHMAP_TEST_NEO4J=bolt://…`` is set.

Reference: Neo4j Python driver manual, "Run your own transactions"
(https://neo4j.com/docs/python-manual/current/transactions/).
"""
from __future__ import annotations

import dataclasses
import os
import threading
from typing import Any, Iterable, Mapping
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from ..model import RECORD_TYPES, LinkKind, Network, record_from_dict, record_to_dict
from . import cypher_files
from .base import Store, StoreError

#: Node labels of the graph model (the Cypher lint rejects any other).
LABELS = ("Area", "Organisation", "Unit", "Role", "Actor", "Meta")
#: Relationships that mirror reference fields.
STRUCTURE_TYPES = ("PART_OF", "RUN_BY", "IN_AREA", "IN_UNIT")
#: The whitelist: link kind → relationship type (and the ``load_links_<kind>`` statement).
LINK_TYPES: dict[LinkKind, str] = {kind: kind.value.upper() for kind in LinkKind}
_KIND_OF_TYPE = {rel: kind for kind, rel in LINK_TYPES.items()}

NODE_SHEETS = ("areas", "organisations", "units", "roles")
#: Rows per UNWIND batch: large enough to be fast, small enough for modest heaps.
BATCH_SIZE = 1000
_LINK_KEYS = ("source", "target", "kind")
#: Statements that rebuild the reference relationships, with the fields they need.
_STRUCTURE_ROWS = {"areas": ("link_areas", ("id", "parent")),
                   "units": ("link_units", ("id", "organisation", "area")),
                   "roles": ("link_roles", ("id", "unit"))}

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


def write_plan(incoming: Network, *, replace: bool,
               batch_size: int = BATCH_SIZE) -> list[tuple[str, str, dict]]:
    """The statements, as ``(file group, statement name, parameters)``, that apply
    ``incoming`` in one transaction: nodes first (so every relationship finds both
    ends), then reference relationships, then links by kind, then the revision."""
    plan: list[tuple[str, str, dict]] = []
    if replace:
        plan.append(("write", "clear_data", {}))
    props = {sheet: [node_props(sheet, r) for r in getattr(incoming, sheet).values()]
             for sheet in NODE_SHEETS}
    for sheet in NODE_SHEETS:
        plan += [("load", f"load_{sheet}", {"rows": b}) for b in _batches(props[sheet], batch_size)]
    for sheet, (name, keep) in _STRUCTURE_ROWS.items():
        rows = [{k: p[k] for k in keep if k in p} for p in props[sheet]]
        plan += [("load", name, {"rows": b}) for b in _batches(rows, batch_size)]
    for kind in LinkKind:
        rows = [link_row(link) for link in incoming.links.values() if link.kind == kind]
        plan += [("load", f"load_links_{kind.value}", {"rows": b})
                 for b in _batches(rows, batch_size)]
    plan.append(("write", "bump_revision", {}))
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
        raise StoreError(f"cannot read Neo4j URL: {exc}") from None
    if parts.scheme.lower() not in SCHEMES:
        raise StoreError(f"Neo4j URL must start with one of {', '.join(s + '://' for s in SCHEMES)}")
    if not parts.hostname:
        raise StoreError("Neo4j URL has no host: expected e.g. bolt://localhost:7687")
    if parts.path not in ("", "/"):
        raise StoreError(f"Neo4j URL has a path {parts.path!r}; give the database name in "
                         "NEO4J_DATABASE instead")
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
            self._driver = GraphDatabase.driver(uri, auth=auth)
        except Exception as exc:  # the driver raises ConfigurationError, ValueError, …
            raise StoreError(f"cannot open {self.url!r}: {exc}") from exc
        try:
            self._call(self._driver.verify_connectivity)
            self._ensure_schema(uri)
        except Exception:
            self._driver.close()
            raise

    # -- plumbing --------------------------------------------------------------
    def _call(self, fn, *args):
        """Run ``fn`` and turn driver failures into a :class:`StoreError` naming the server."""
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            return fn(*args)
        except (Neo4jError, DriverError, OSError) as exc:
            raise StoreError(f"Neo4j store {self.url!r}: {exc}") from exc

    def _session(self):
        return self._driver.session(database=self.database)

    def _read_tx(self, work):
        def go():
            with self._session() as session:
                return session.execute_read(work)
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
            self._call(go)
            _SCHEMA_DONE.add(key)

    def close(self) -> None:
        self._driver.close()

    # -- reads -----------------------------------------------------------------
    def revision(self) -> int:
        def work(tx):
            return self._run(tx, "read", "read_revision").single()["revision"]
        return int(self._read_tx(work))

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

    def read(self, area: str | None = None) -> Network:
        if area is None:
            return network_from_parts(self._read_tx(self._read_all))
        return network_from_parts(self._read_tx(lambda tx: self._read_area(tx, area)))

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
    def _write(self, incoming: Network, *, replace: bool) -> None:
        plan = write_plan(incoming, replace=replace)

        def work(tx):
            for group, name, params in plan:
                self._run(tx, group, name, params).consume()
        self._write_tx(work)

    def clear(self) -> None:
        def work(tx):
            self._run(tx, "write", "clear_data").consume()
            self._run(tx, "write", "bump_revision").consume()
        self._write_tx(work)
