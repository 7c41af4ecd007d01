"""The embedded store: one SQLite file, no server.  All of graphmap's SQL lives here.

WAL mode lets the web app read while an import writes; every write is one
``BEGIN IMMEDIATE`` transaction, so a failed or killed import leaves the file as it
was.  List-valued fields are stored as JSON text.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import json
import operator
import os
import sqlite3
import threading
from pathlib import Path
from typing import Callable, Iterator

from ..bulk import gc_paused
from ..i18n.failure import reason
from ..i18n.message import Text
from ..model import RECORD_TYPES, Network, User, coercer, parse_link_key, record_to_dict
from . import base
from .base import Plan, Store, StoreError
from .history_cache import HistoryCache, Known

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS areas (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
    parent TEXT, code TEXT);
CREATE TABLE IF NOT EXISTS organisations (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, sector TEXT NOT NULL, website TEXT);
CREATE TABLE IF NOT EXISTS units (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, organisation TEXT NOT NULL, area TEXT NOT NULL,
    type TEXT NOT NULL, level TEXT NOT NULL, services TEXT NOT NULL, phone TEXT, email TEXT,
    self_referral INTEGER NOT NULL, ages TEXT, languages TEXT NOT NULL, capacity INTEGER,
    channels TEXT NOT NULL, address TEXT, description TEXT, valid_from TEXT, valid_to TEXT,
    eligibility TEXT, hours TEXT, latitude REAL, longitude REAL, hub INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS roles (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, unit TEXT NOT NULL, person TEXT, phone TEXT,
    email TEXT, verified TEXT, public INTEGER NOT NULL, valid_from TEXT, valid_to TEXT);
CREATE TABLE IF NOT EXISTS links (
    source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL, volume INTEGER,
    frequency TEXT, structural INTEGER NOT NULL, data_source TEXT, valid_from TEXT,
    valid_to TEXT, note TEXT, cooperation TEXT, trust REAL, value REAL, survey_round TEXT,
    survey_date TEXT, PRIMARY KEY (source, target, kind)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS units_area ON units(area);
CREATE INDEX IF NOT EXISTS roles_unit ON roles(unit);
CREATE INDEX IF NOT EXISTS links_target ON links(target);
CREATE INDEX IF NOT EXISTS areas_parent ON areas(parent);
-- history: one row per write (who, when, why) and one per record it touched; an
-- "add" row holds no JSON (the record, or the next change's "before", has it)
CREATE TABLE IF NOT EXISTS revisions (
    rev INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, note TEXT,
    first_seq INTEGER);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY, rev INTEGER NOT NULL, sheet TEXT NOT NULL, key TEXT NOT NULL,
    op TEXT NOT NULL, before TEXT, after TEXT);
CREATE INDEX IF NOT EXISTS revisions_at ON revisions(at);
-- the change log by actor, and whether every revision knows where its changes start;
-- no index on changes(sheet) or (key): +0.2 / +0.6 s CPU to a national import (its
-- floor 2.2 s); a store keeps filtered answers instead (history_cache.py)
CREATE INDEX IF NOT EXISTS revisions_actor ON revisions(actor);
CREATE INDEX IF NOT EXISTS revisions_unsequenced ON revisions(rev) WHERE first_seq IS NULL;
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL,
    areas TEXT NOT NULL, created TEXT);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- who-do-I-call queries that found no answer, counted per day, area, age band, reason
CREATE TABLE IF NOT EXISTS unmet_queries (
    day TEXT NOT NULL, area TEXT NOT NULL, age_band TEXT NOT NULL, reason TEXT NOT NULL,
    text TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (area, day, age_band, reason, text)) WITHOUT ROWID;
-- providers' corrections and "report a problem" waiting for an editor (issue 14)
CREATE TABLE IF NOT EXISTS review_items (
    id INTEGER PRIMARY KEY, area TEXT NOT NULL, unit TEXT NOT NULL, kind TEXT NOT NULL,
    payload TEXT NOT NULL, at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open',
    decided_by TEXT, decided_at TEXT, decision TEXT);
CREATE INDEX IF NOT EXISTS review_items_area ON review_items(area, status);
-- spent one-use confirmation links
CREATE TABLE IF NOT EXISTS used_tokens (nonce TEXT PRIMARY KEY, at TEXT NOT NULL);
"""

#: Columns added after the first release: files made before them get them on open.
_MIGRATIONS = {"units": ("valid_from TEXT", "valid_to TEXT", "eligibility TEXT", "hours TEXT",
                         "latitude REAL", "longitude REAL", "hub INTEGER NOT NULL DEFAULT 0"),
               "roles": ("valid_from TEXT", "valid_to TEXT"),
               "links": ("cooperation TEXT", "trust REAL", "value REAL", "survey_round TEXT",
                         "survey_date TEXT"),
               "revisions": ("first_seq INTEGER",),
               "users": ("session_key TEXT",)}

_JSON_FIELDS = {("units", "services"), ("units", "ages"), ("units", "languages"),
                ("units", "channels")}
_BOOL_FIELDS = {("units", "self_referral"), ("units", "hub"), ("roles", "public"),
                ("links", "structural")}
_KEYS = {"links": ("source", "target", "kind")}
#: a write planned on a network at most this many records behind the stored one (another
#: process wrote since) catches it up from the history instead of reading the whole store
WRITE_CATCH_UP = 2000
#: an insert of at least this many rows into an empty table builds the table's indexes
#: after the rows are in (:meth:`SQLiteStore._upsert`)
BULK_LOAD_ROWS = 10_000
#: history answers a store keeps (:mod:`.history_cache`): totals and newest pages by
#: filter, and the newest rows kept per filter (a page of the web's change log is 200)
HISTORY_COUNTS_KEPT = 128
HISTORY_PAGES_KEPT = 32
HISTORY_ROWS_KEPT = 200


@functools.cache
def _columns(sheet: str) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(RECORD_TYPES[sheet]))


_JSON, _BOOL, _DATE, _ENUM = 1, 2, 3, 4


@functools.cache
def _encoder(sheet: str) -> tuple[tuple[str, int], ...]:
    """Per column of the table: its field's name and how its value must be converted
    (0: not at all — text and numbers bind to SQLite as they are).  Worked out once
    per table."""
    types = {f.name: str(f.type) for f in dataclasses.fields(RECORD_TYPES[sheet])}
    plan = []
    for name in _columns(sheet):
        if (sheet, name) in _JSON_FIELDS:
            how = _JSON
        elif (sheet, name) in _BOOL_FIELDS:
            how = _BOOL
        elif "date" in types[name]:
            how = _DATE
        elif coercer(sheet, name) is not None:  # the rest with a type of their own
            how = _ENUM
        else:
            how = 0
        plan.append((name, how))
    return tuple(plan)


def _json_text(value) -> str:
    return json.dumps([v if isinstance(v, int) else str(v) for v in value], ensure_ascii=False)


def _date_text(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _encoded_columns(sheet: str, records: list) -> list[list]:
    """Each column of the table for ``records``: values fetched with C-level ``map``,
    converted to exactly ``int``, ``float``, ``str`` or None.  The sqlite3 module
    binds those directly but looks for an adapter for anything else (a bool, an
    enum, a date), which made SQLite's insert of the national links 1.6× slower
    (issue 13).  JSON lists, dates and enums are converted once per distinct value.
    The values are read from the records' attribute dicts (``vars``) with
    ``itemgetter``: a fifth less than ``attrgetter`` on the records for the nation's
    3.75 million link cells."""
    source: list = records
    getter: Callable[[str], Callable] = operator.attrgetter  # records with slots
    if records and hasattr(records[0], "__dict__"):
        source, getter = list(map(vars, records)), operator.itemgetter
    columns = []
    for name, how in _encoder(sheet):
        column = list(map(getter(name), source))
        if how == _BOOL:
            column = list(map(int, map(operator.truth, column)))
        elif how:
            column = _converted(column, _json_text if how == _JSON
                                else _date_text if how == _DATE else str, how == _JSON)
        columns.append(column)
    return columns


def _rows(sheet: str, records) -> list[tuple]:
    """The table rows of ``records``, every column, as :meth:`SQLiteStore.read`
    fetches them (a Python encode per record cost about as much as SQLite's own
    insert at national scale: issue 13)."""
    records = list(records)
    return list(zip(*_encoded_columns(sheet, records))) if records else []


def _insert_rows(sheet: str, records: list) -> tuple[tuple[str, ...], Iterator[tuple]]:
    """``(columns, rows)`` to insert ``records``: a column that is NULL in every row
    is left out (the table's default for it is NULL), since binding a None costs the
    sqlite3 module an adapter lookup — nine of the links' fifteen columns are empty
    in a typical workbook.  The rows are made as ``executemany`` binds them (``zip``
    reuses its tuple once the row is bound): no list of 250,000 rows."""
    names, columns = [], []
    for name, column in zip(_columns(sheet), _encoded_columns(sheet, records)):
        if name in _KEYS.get(sheet, ("id",)) or (sheet, name) in _NOT_NULL \
                or column.count(None) < len(column):
            names.append(name)
            columns.append(column)
    return tuple(names), zip(*columns)


#: Columns with a non-NULL default: never left out of an insert.
_NOT_NULL = {("units", "hub")}


def _converted(column: list, convert, lists: bool = False) -> list:
    """``convert(value)`` for each value of ``column`` (None stays None), once per
    distinct value; ``lists``: the values are lists (unhashable), told apart by their
    items."""
    if lists:
        table: dict = {None: None}
        keys = [v if v is None or not isinstance(v, list) else tuple(v) for v in column]
        for key, value in zip(keys, column):
            if key not in table:
                table[key] = convert(value)
        return list(map(table.__getitem__, keys))
    distinct = set(column)
    distinct.discard(None)
    if not distinct:
        return column
    table = {value: convert(value) for value in distinct}
    table[None] = None
    return list(map(table.__getitem__, column))


def _records_of(sheet: str, names: tuple[str, ...], rows: list[tuple]) -> list:
    """The records of table rows holding every column (``names`` = :func:`_columns`,
    in order), decoded column by column: each distinct stored value of a JSON, enum
    or date column is decoded once (:func:`graphmap.model.coercer`), list values
    are copied per record, and the records are made with ``map(cls, *columns)``.  The
    same records as ``record_from_dict`` makes from each row, 3× faster for a whole
    national read."""
    if not rows:
        return []
    values = []
    for name, column in zip(names, zip(*rows)):
        key = (sheet, name)
        if key in _BOOL_FIELDS:
            values.append(list(map(bool, column)))
            continue
        is_json, coerce = key in _JSON_FIELDS, coercer(sheet, name)
        if not is_json and coerce is None:
            values.append(column)
            continue
        table: dict = {None: None}
        for text in set(column):
            if text is not None:
                value = json.loads(text) if is_json else text
                table[text] = coerce(value) if coerce is not None else value
        decoded = list(map(table.__getitem__, column))
        if any(isinstance(v, list) for v in table.values()):  # no list shared by records
            decoded = [v.copy() if isinstance(v, list) else v for v in decoded]
        values.append(decoded)
    return list(map(RECORD_TYPES[sheet], *values))


def _row_keys(sheet: str, rows: list[tuple]) -> list:
    """The ``Network`` keys of full table rows: the id, or (source, target, kind)."""
    return list(map(operator.itemgetter(0, 1, 2) if sheet == "links"
                    else operator.itemgetter(0), rows))


class SQLiteStore(Store):
    def __init__(self, url: str):
        self.url = url
        # SQLAlchemy's convention: sqlite:///relative.db, sqlite:////absolute/path.db
        path = url.split("://", 1)[-1][1:] if "://" in url else url
        self.path = Path(path or ":memory:")
        if str(self.path) != ":memory:" and not self.path.parent.exists():
            raise StoreError(Text("store.error.no_folder", url=repr(url),
                                  folder=str(self.path.parent)))
        self._local = threading.local()
        self.busy_seconds = base.busy_seconds()
        self._history_counts = HistoryCache(HISTORY_COUNTS_KEPT)
        self._history_pages = HistoryCache(HISTORY_PAGES_KEPT)
        db = self._conn()
        db.executescript(SCHEMA)
        self._migrate(db)

    @staticmethod
    def _migrate(db) -> None:
        """``ALTER TABLE … ADD COLUMN`` for columns an older file lacks (users already
        have graphmap-demo.db files); adding a nullable column rewrites nothing."""
        for table, columns in _MIGRATIONS.items():
            have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            for column in columns:
                if column.split()[0] not in have:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")

    # -- connection handling ---------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        # One connection per thread: the web app serves requests on several threads.
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(str(self.path), timeout=self.busy_seconds,
                                       isolation_level=None, check_same_thread=False)
            except sqlite3.Error as exc:
                raise StoreError(Text("store.error.cannot_open", url=repr(self.url),
                                      detail=reason(exc, self.path))) from exc
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA busy_timeout={int(self.busy_seconds * 1000)}")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    class _Tx:
        """One write transaction; a writer that waited out the busy timeout on another
        one's lock raises :class:`~graphmap.store.base.StoreBusy` (nothing written)."""

        def __init__(self, conn):
            self.conn = conn

        def __enter__(self):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if _is_busy(exc):
                    raise _busy(exc) from exc
                raise
            return self.conn

        def __exit__(self, exc_type, *_):
            try:
                self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
                self.conn.execute("ROLLBACK")  # a COMMIT that could not finish
                raise _busy(exc) from exc

    def _tx(self):
        return self._Tx(self._conn())

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- reads -------------------------------------------------------------------
    def revision(self) -> int:
        return self._revision(self._conn())

    def counts(self) -> dict[str, dict[str, int]]:
        db = self._conn()
        nodes = {name: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                 for name, table in (("area", "areas"), ("organisation", "organisations"),
                                     ("unit", "units"), ("role", "roles"))}
        links = {k: 0 for k in _link_kinds()}
        for kind, n in db.execute("SELECT kind, count(*) FROM links GROUP BY kind"):
            links[kind] = n
        return {"nodes": nodes, "links": links}

    def read(self, area: str | None = None, *, as_of: dt.date | None = None) -> Network:
        db = self._conn()
        db.execute("BEGIN")  # one consistent snapshot across the five tables
        try:
            if as_of is not None:
                return self._read_as_of(db, area, as_of)
            if area is None:
                net = self._read_all()
                # lets write(current=net) skip its own read while nothing has changed
                net._graphmap_stamp = (id(self), self._revision(db))
                return net
            return self._read_area(db, area)
        finally:
            db.execute("COMMIT")

    def read_reusing(self, records: Network) -> Network:
        """:meth:`Store.read_reusing`: each table's rows are fetched as they are and
        compared with ``records`` encoded as rows (:func:`_rows`, column by column);
        only the rows that differ are decoded.  Re-importing the nation with 1 %
        changed: 1.3 s CPU here against 2.2 s for decoding everything and comparing
        the records.  The network keeps the table order, as :meth:`read` does."""
        db = self._conn()
        db.execute("BEGIN")  # one consistent snapshot across the five tables
        try:
            net = Network()
            with gc_paused():
                for sheet in RECORD_TYPES:
                    names = _columns(sheet)
                    rows = db.execute(f"SELECT {', '.join(names)} FROM {sheet}").fetchall()
                    keys = _row_keys(sheet, rows)
                    theirs = getattr(records, sheet)
                    if not (rows and theirs):
                        getattr(net, sheet).update(zip(keys, _records_of(sheet, names, rows)))
                        continue
                    if len(theirs) == len(keys) and keys == list(theirs):
                        # the same keys in the same order (the nation re-imported from
                        # its own export): compared row by row, no key looked up
                        mine = zip(*_encoded_columns(sheet, list(theirs.values())))
                        differ = list(map(operator.ne, mine, rows))
                        table = theirs.copy()
                    else:
                        encoded = dict(zip(theirs, _rows(sheet, theirs.values())))
                        differ = list(map(operator.ne, map(encoded.get, keys), rows))
                        table = dict(zip(keys, map(theirs.get, keys)))
                    at = list(itertools.compress(range(len(rows)), differ))
                    for i, record in zip(at, _records_of(sheet, names, [rows[i] for i in at])):
                        table[keys[i]] = record
                    setattr(net, sheet, table)
            net._graphmap_stamp = (id(self), self._revision(db))  # see read()
            return net
        finally:
            db.execute("COMMIT")

    def _read_all(self) -> Network:
        return self._read_where({s: ("", ()) for s in RECORD_TYPES})

    def _read_as_of(self, db, area, day) -> Network:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise ValueError(f"as_of takes a date, got {day!r}")
        net = self._read_all()
        # the writes stamped after that day (by their own time, so a clock that was
        # set back does not undo earlier writes); their changes start at first_seq
        later = db.execute("SELECT rev, first_seq FROM revisions WHERE at >= ?",
                           (base.day_end(day),)).fetchall()
        if later:
            start = min(0 if first is None else first for _, first in later)
            net = base.undo(net, db.execute(
                "SELECT sheet, key, op, before FROM changes WHERE seq >= ? "
                "AND rev IN (SELECT value FROM json_each(?)) ORDER BY seq DESC",
                (start, json.dumps([rev for rev, _ in later]))))
        net = base.in_force(net, day)
        return net if area is None else base.area_slice(net, area)

    @staticmethod
    def _revision(db) -> int:
        row = db.execute("SELECT value FROM meta WHERE key='revision'").fetchone()
        return int(row[0]) if row else 0

    def changes_since(self, revision, *, limit=5000):
        db = self._conn()
        db.execute("BEGIN")  # the keys and their records from one revision
        try:
            return self._changes(db, revision, limit)
        finally:
            db.execute("COMMIT")

    def _changes(self, db, revision: int, limit: int):
        """:meth:`changes_since` inside a transaction already open on ``db``."""
        now = self._revision(db)
        if now <= revision:
            return base.Changes(now, stamp=(id(self), now)) if now == revision else None
        revs = db.execute("SELECT count(*), min(first_seq) FROM revisions WHERE rev > ?",
                          (revision,)).fetchone()
        if revs[0] != now - revision or revs[1] is None:
            return None  # a write this history does not describe (an old file)
        rows = db.execute("SELECT DISTINCT sheet, key FROM changes WHERE seq >= ? LIMIT ?",
                          (revs[1], limit + 1)).fetchall()
        if len(rows) > limit:
            return None
        keys: dict[str, set] = {}
        for sheet, key in rows:
            keys.setdefault(sheet, set()).add(
                parse_link_key(key) if sheet == "links" else key)
        in_list = "WHERE {} IN (SELECT value FROM json_each(?))"
        where = {s: (in_list.format("source" if s == "links" else "id"),
                     (json.dumps(sorted({k[0] for k in ks} if s == "links" else ks)),))
                 for s, ks in keys.items()}
        now_net = self._read_where(where)
        out = base.Changes(now, stamp=(id(self), now))
        for sheet, ks in keys.items():
            stored = getattr(now_net, sheet)
            out.records[sheet] = {k: stored.get(k) for k in ks}
        return out

    def history(self, *, since=None, until=None, sheet=None, key=None, actor=None,
                limit=None, offset=0) -> list[dict]:
        base.check_page(limit, offset)
        clauses, params = self._history_where(since, until, sheet, key, actor)
        db = self._conn()
        db.execute("BEGIN")  # the page, its adds' "after" and the bound from one snapshot
        try:
            rows = self._history_page(db, clauses, params, limit, offset)
        finally:
            db.execute("COMMIT")
        return [base.entry_dict(*r) for r in rows]

    def _history_page(self, db, clauses, params, limit, offset) -> list:
        """Rows of one history page, newest first.  A store keeps per filter its newest
        rows up to a bound (:mod:`.history_cache`): as many as the longest first pages
        asked of it needed (``size``, at most :data:`HISTORY_ROWS_KEPT`), all of them
        when the filter has fewer.  A page within them is the rows written after the
        bound (a key range, read up to ``size``) followed by the kept ones, cut to
        ``size`` again.  The rows kept hold their add entries' "after" already (the
        record right after the add never changes)."""
        want = None if limit is None else offset + limit
        if want is None or want > HISTORY_ROWS_KEPT:
            rows = self._history_select(db, clauses, params, limit, offset)
            self._fill_added(db, rows)
            return rows
        top, check = self._change_check(db, None)
        cache_key = (tuple(clauses), tuple(params))
        known = self._history_pages.get(cache_key)
        if known is not None and known.size >= want and self._still_valid(
                db, known, top, check, cache_key, self._history_pages):
            size = known.size
            new = self._history_select(db, clauses, params, size, 0, after=known.bound) \
                if top > known.bound else []
            if not new:
                return [list(r) for r in known.value[offset:want]]
            self._fill_added(db, new)
            rows = (new + list(known.value))[:size]
        else:
            size = want
            rows = self._history_select(db, clauses, params, size, 0)
            self._fill_added(db, rows)
        self._history_pages.put(cache_key, Known(top, check, tuple(map(tuple, rows)), size))
        return [list(r) for r in rows[offset:want]]

    def _history_select(self, db, clauses, params, limit, offset, *, after=None) -> list:
        """History rows matching ``clauses`` (newest first), those after change
        ``after`` only if given.  The changes are read newest first by their key,
        within the changes of the matching revisions when revisions are filtered
        (:meth:`_revision_span`: an actor with few changes no longer means reading
        every change), and forced to be the outer loop (``CROSS JOIN``) so an index
        on the revisions cannot make SQLite read the changes once per revision."""
        clauses, params = list(clauses), list(params)
        if after is not None:
            clauses.append("c.seq > ?")
            params.append(after)
        else:
            span, span_params = self._revision_span(db, clauses, params)
            clauses += span
            params += span_params
        sql = ("SELECT c.seq, r.at, r.actor, c.sheet, c.key, c.op, c.before, c.after, r.note"
               + self._changes_from(clauses) + " ORDER BY c.seq DESC LIMIT ? OFFSET ?")
        return [list(r) for r in db.execute(
            sql, params + [-1 if limit is None else limit, offset])]

    def history_count(self, *, since=None, until=None, sheet=None, key=None,
                      actor=None) -> int:
        clauses, params = self._history_where(since, until, sheet, key, actor)
        cache_key = (tuple(clauses), tuple(params))
        db = self._conn()
        db.execute("BEGIN")  # the count and its bound from one snapshot
        try:
            top, check = self._change_check(db, None)
            known = self._history_counts.get(cache_key)
            if known is not None and self._still_valid(db, known, top, check, cache_key,
                                                       self._history_counts):
                n = known.value
                if top > known.bound:  # the rows written since: a key range
                    n += self._count_after(db, clauses, params, known.bound)
            else:
                n = self._count_all(db, clauses, params)
            self._history_counts.put(cache_key, Known(top, check, n))
            return n
        finally:
            db.execute("COMMIT")

    @staticmethod
    def _changes_from(clauses, *, join: bool = True) -> str:
        """`` FROM … WHERE …`` over the changes (``c``) matching ``clauses``, joined to
        their revisions (``r``) when ``join``; the changes are the outer loop
        (``CROSS JOIN``, see :meth:`_history_select`)."""
        conds = (["r.rev = c.rev"] if join else []) + list(clauses)
        return (" FROM changes c" + (" CROSS JOIN revisions r" if join else "")
                + (" WHERE " + " AND ".join(conds) if conds else ""))

    @staticmethod
    def _count_after(db, clauses, params, bound: int) -> int:
        join = any(c.startswith("r.") for c in clauses)
        sql = "SELECT count(*)" + SQLiteStore._changes_from(["c.seq > ?", *clauses], join=join)
        return int(db.execute(sql, [bound, *params]).fetchone()[0])

    def _count_all(self, db, clauses, params) -> int:
        on_revisions = any(c.startswith("r.") for c in clauses)
        on_changes = any(c.startswith("c.") for c in clauses)
        if not on_revisions:
            # nothing asked of the revisions: no join (a pager's total on every history
            # page, 60 ms against 3 at national scale); and no "WHERE 1" either, which
            # keeps SQLite from counting the table's pages (4× slower)
            sql = "SELECT count(*)" + self._changes_from(clauses, join=False)
        elif not on_changes and self._sequenced(db):
            # a revision's changes are the seqs from its first_seq up to the next one's
            # (writes are serial), so matching revisions are counted without the changes
            sql = ("WITH r AS (SELECT rev, at, actor, first_seq, lead(first_seq) OVER "
                   "(ORDER BY rev) AS next_seq FROM revisions) SELECT coalesce(sum(coalesce("
                   "next_seq, (SELECT coalesce(max(seq), 0) + 1 FROM changes)) - first_seq), 0) "
                   "FROM r WHERE " + " AND ".join(clauses))
        else:
            span, span_params = self._revision_span(db, clauses, params)
            sql = "SELECT count(*)" + self._changes_from(clauses + span)
            params = [*params, *span_params]
        return int(db.execute(sql, params).fetchone()[0])

    def _revision_span(self, db, clauses, params) -> tuple[list[str], list]:
        """Clauses bounding ``c.seq`` to the changes from the first matching revision's
        to the last one's (revisions are few and indexed by actor and time; each
        revision's changes start at its ``first_seq``), or none when no revision is
        filtered or an old file has revisions without ``first_seq``."""
        picked = [(c, p) for c, p in zip(clauses, params) if c.startswith("r.")]
        if not picked or not self._sequenced(db):
            return [], []
        where = " AND ".join(c for c, _ in picked)
        values = [p for _, p in picked]
        return (["c.seq >= (SELECT r.first_seq FROM revisions r WHERE " + where
                 + " ORDER BY r.rev LIMIT 1)",
                 "c.seq < coalesce((SELECT n.first_seq FROM revisions n WHERE n.rev > "
                 "(SELECT max(r.rev) FROM revisions r WHERE " + where + ") "
                 "ORDER BY n.rev LIMIT 1), 9223372036854775807)"], values + values)

    @staticmethod
    def _sequenced(db) -> bool:
        """Every revision knows where its changes start (files from before first_seq
        do not; a partial index makes asking cheap)."""
        return db.execute("SELECT 1 FROM revisions WHERE first_seq IS NULL LIMIT 1"
                          ).fetchone() is None

    @staticmethod
    def _change_check(db, seq: int | None) -> tuple[int, tuple | None]:
        """``(seq, (revision, time))`` of change ``seq`` (None: the newest; 0 when there
        is none): what tells it from another history's change of the same seq."""
        row = db.execute(
            "SELECT c.seq, c.rev, r.at FROM changes c LEFT JOIN revisions r ON r.rev = c.rev "
            + ("ORDER BY c.seq DESC LIMIT 1" if seq is None else "WHERE c.seq = ?"),
            () if seq is None else (seq,)).fetchone()
        return (row[0], (row[1], row[2])) if row else (0, None)

    @staticmethod
    def _still_valid(db, known: Known, top: int, check, key, cache: HistoryCache) -> bool:
        """``known`` describes this history: its bound change is still there, from
        the same revision at the same time (else it is dropped: a backup restored into
        the file in place, say)."""
        if known.bound == top:
            ok = known.check == check
        elif known.bound > top:
            ok = False
        elif known.bound == 0:
            ok = True
        else:
            ok = SQLiteStore._change_check(db, known.bound) == (known.bound, known.check)
        if not ok:
            cache.drop(key)
        return ok

    @staticmethod
    def _history_where(since, until, sheet, key, actor) -> tuple[list[str], list]:
        """The filters as SQL conditions on ``c`` (changes) and ``r`` (revisions)."""
        f = base.history_filters(since, until, sheet, key, actor)
        where, params = [], []
        for clause, value in (("r.at >= ?", f["since"]), ("r.at < ?", f["until"]),
                              ("r.at <= ?", f["until_incl"]), ("c.sheet = ?", f["sheet"]),
                              ("c.key = ?", f["key"]), ("r.actor = ?", f["actor"])):
            if value is not None:
                where.append(clause)
                params.append(value)
        return where, params

    def _fill_added(self, db, rows) -> None:
        """"after" of add entries (stored without JSON): the "before" of the next entry
        for that record, or the record as it is now."""
        adds = [r for r in rows if r[5] == "add"]
        if not adds:
            return
        wanted = json.dumps(sorted({r[4] for r in adds}))
        later: dict[tuple, list] = {}
        for seq, sheet, key, before in db.execute(
                "SELECT seq, sheet, key, before FROM changes WHERE seq > ? AND op != 'add' "
                "AND key IN (SELECT value FROM json_each(?)) ORDER BY seq",
                (min(r[0] for r in adds), wanted)):
            later.setdefault((sheet, key), []).append((seq, before))
        now: dict[str, dict] = {}
        for sheet in {r[3] for r in adds}:
            keys = [r[4] for r in adds if r[3] == sheet and not any(
                seq > r[0] for seq, _ in later.get((sheet, r[4]), ()))]
            if keys:
                now[sheet] = self._records(db, sheet, keys)
        for r in adds:
            nxt = [b for seq, b in later.get((r[3], r[4]), ()) if seq > r[0]]
            if nxt:
                r[7] = nxt[0]
            else:
                record = now.get(r[3], {}).get(r[4])
                r[7] = json.dumps(record_to_dict(record), ensure_ascii=False) if record else None

    def _records(self, db, sheet, keys) -> dict:
        names = _columns(sheet)
        if sheet == "links":  # by primary key, not by scanning every link
            clause = ("WHERE (source, target, kind) IN (SELECT json_extract(value, '$[0]'), "
                      "json_extract(value, '$[1]'), json_extract(value, '$[2]') "
                      "FROM json_each(?))")
            keys = [parse_link_key(k) for k in keys]
        else:
            clause = "WHERE id IN (SELECT value FROM json_each(?))"
        rows = db.execute(f"SELECT {', '.join(names)} FROM {sheet} {clause}",
                          (json.dumps(keys),)).fetchall()
        return {base.key_text(sheet, key): record for key, record
                in zip(_row_keys(sheet, rows), _records_of(sheet, names, rows))}

    def _read_where(self, where: dict[str, tuple[str, tuple]]) -> Network:
        db, net = self._conn(), Network()
        for sheet, (clause, params) in where.items():
            names = _columns(sheet)
            rows = db.execute(f"SELECT {', '.join(names)} FROM {sheet} {clause}",
                              params).fetchall()
            with gc_paused():  # hundreds of thousands of records, no cycles
                getattr(net, sheet).update(zip(_row_keys(sheet, rows),
                                               _records_of(sheet, names, rows)))
        return net

    def _read_area(self, db, area: str) -> Network:
        inside = [r[0] for r in db.execute(
            "WITH RECURSIVE sub(id) AS (SELECT id FROM areas WHERE id = ? "
            "UNION SELECT a.id FROM areas a JOIN sub ON a.parent = sub.id) SELECT id FROM sub",
            (area,))]
        if not inside:
            return Network()
        ids = json.dumps(inside)
        units = {r[0] for r in db.execute(
            "SELECT id FROM units WHERE area IN (SELECT value FROM json_each(?))", (ids,))}
        roles = {r[0] for r in db.execute(
            "SELECT id FROM roles WHERE unit IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(units)),))}
        nodes = json.dumps(sorted(units | roles))
        link_clause = ("WHERE source IN (SELECT value FROM json_each(?)) "
                       "OR target IN (SELECT value FROM json_each(?))", (nodes, nodes))
        net = self._read_where({"links": link_clause})
        far = {end for link in net.links.values() for end in (link.source, link.target)}
        far -= units | roles
        far_roles = json.dumps(sorted(far))
        units |= {r[0] for r in db.execute(
            "SELECT unit FROM roles WHERE id IN (SELECT value FROM json_each(?))", (far_roles,))}
        units |= {r[0] for r in db.execute(
            "SELECT id FROM units WHERE id IN (SELECT value FROM json_each(?))", (far_roles,))}
        roles |= far
        in_list = "WHERE {} IN (SELECT value FROM json_each(?))"
        part = self._read_where({
            "units": (in_list.format("id"), (json.dumps(sorted(units)),)),
            "roles": (in_list.format("id"), (json.dumps(sorted(roles)),)),
        })
        areas = set(inside) | {u.area for u in part.units.values()}
        orgs = {u.organisation for u in part.units.values()}
        rest = self._read_where({
            "areas": (in_list.format("id"), (json.dumps(sorted(areas)),)),
            "organisations": (in_list.format("id"), (json.dumps(sorted(orgs)),)),
        })
        return rest.merged(part).merged(net)

    # -- writes ------------------------------------------------------------------
    def _apply(self, make_plan, *, actor, note, current) -> dict:
        with self._tx() as db:
            rev = self._revision(db)
            current = self._current(db, current, rev)
            plan = make_plan(current)
            rev += 1
            self._remove(db, plan)
            self._upsert(db, plan)
            first = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM changes").fetchone()[0]
            db.execute("INSERT INTO revisions(rev, at, actor, note, first_seq) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (rev, base.timestamp(self.clock()), actor, note, first))
            for sheet in plan.adds_all:  # the sheet was empty: all its rows are new
                # links: model.link_key_text spelled in SQL (no Python call per row)
                key = "source || '>' || target || ':' || kind" if sheet == "links" else "id"
                db.execute(f"INSERT INTO changes(rev, sheet, key, op) "
                           f"SELECT ?, ?, {key}, 'add' FROM {sheet}", (rev, sheet))
            for sheet, keys in plan.adds.items():
                # one statement per sheet: 5x less CPU than executemany for a bulk import
                db.execute("INSERT INTO changes(rev, sheet, key, op) "
                           "SELECT ?, ?, value, 'add' FROM json_each(?)",
                           (rev, sheet, json.dumps(keys, ensure_ascii=False)))
            db.executemany("INSERT INTO changes(rev, sheet, key, op, before, after) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           ((rev, *entry) for entry in plan.entries))
            self._bump(db)
        return plan.summary(rev)

    def _current(self, db, current: Network | None, rev: int) -> Network:
        """The network as stored at ``rev``, to plan a write on (inside the write lock:
        what we plan on is what is there).  ``current`` read or patched by this store
        up to an earlier revision (another process wrote since: several web processes
        on one file) is brought up to date from the history, as the web's snapshot
        would be — the whole network is read again only when that cannot be done."""
        stamp = getattr(current, "_graphmap_stamp", None)
        if current is not None and stamp == (id(self), rev):
            return current
        if current is not None and isinstance(stamp, tuple) and len(stamp) == 2 and \
                stamp[0] == id(self) and isinstance(stamp[1], int) and stamp[1] < rev:
            changes = self._changes(db, stamp[1], WRITE_CATCH_UP)
            if changes is not None and changes.revision == rev:
                return changes.applied_to(current)
        return self._read_all()

    @staticmethod
    def _remove(db, plan: Plan) -> None:
        for sheet, keys in plan.removes.items():
            if sheet == "links":
                db.executemany("DELETE FROM links WHERE source = ? AND target = ? AND kind = ?",
                               keys)
            else:
                db.execute(f"DELETE FROM {sheet} WHERE id IN (SELECT value FROM json_each(?))",
                           (json.dumps(keys),))

    @staticmethod
    def _upsert(db, plan: Plan) -> None:
        for sheet in RECORD_TYPES:
            records = plan.upserts.get(sheet)
            if not records:
                continue
            names, rows = _insert_rows(sheet, _in_key_order(records))
            keys = _KEYS.get(sheet, ("id",))
            # every column is updated: one left out of the insert is NULL in excluded
            updates = ", ".join(f"{n}=excluded.{n}" for n in _columns(sheet) if n not in keys)
            sql = (f"INSERT INTO {sheet} ({', '.join(names)}) "
                   f"VALUES ({', '.join('?' * len(names))}) "
                   f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}")
            # a bulk load into an empty table: its secondary indexes are dropped and
            # made again after the insert (from their own CREATE statements), which
            # sorts each once instead of updating it row by row in random order: 0.5 s
            # less CPU for the nation's first import (1.7 → 1.2 s for the inserts).
            # The transaction makes it all or nothing, and readers see either state.
            indexes = db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL", (sheet,)).fetchall() \
                if sheet in plan.adds_all and len(records) >= BULK_LOAD_ROWS else []
            for name, _ in indexes:
                db.execute(f'DROP INDEX "{name}"')
            db.executemany(sql, rows)
            for _, create in indexes:
                db.execute(create)

    @staticmethod
    def _bump(db) -> None:
        db.execute("INSERT INTO meta(key, value) VALUES ('revision', '1') "
                   "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    # -- accounts, settings, backup ------------------------------------------------
    def put_user(self, user: User) -> None:
        if not isinstance(user, User):
            raise TypeError(f"put_user takes a User, got {type(user).__name__}")
        with self._tx() as db:  # a new password ends the account's sessions (new key)
            db.execute("INSERT INTO users(username, password_hash, role, areas, created, "
                       "session_key) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(username) DO "
                       "UPDATE SET session_key = CASE WHEN users.password_hash = "
                       "excluded.password_hash THEN users.session_key ELSE "
                       "excluded.session_key END, password_hash=excluded.password_hash, "
                       "role=excluded.role, areas=excluded.areas",
                       base.user_row(user) + (base.new_session_key(),))

    def get_user(self, username: str) -> User | None:
        row = self._conn().execute(
            "SELECT username, password_hash, role, areas, created, session_key FROM users "
            "WHERE username = ?", (str(username),)).fetchone()
        return base.user_from_row(*row) if row else None

    def end_sessions(self, username: str) -> str | None:
        key = base.new_session_key()
        with self._tx() as db:
            changed = db.execute("UPDATE users SET session_key = ? WHERE username = ?",
                                 (key, str(username))).rowcount
        return key if changed else None

    def delete_user(self, username: str) -> bool:
        with self._tx() as db:
            return db.execute("DELETE FROM users WHERE username = ?",
                              (str(username),)).rowcount > 0

    def list_users(self) -> list[User]:
        return [base.user_from_row(*row) for row in self._conn().execute(
            "SELECT username, password_hash, role, areas, created FROM users ORDER BY username")]

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self._conn().execute("SELECT value FROM settings WHERE key = ?",
                                   (str(key),)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        key, value = base.check_setting(key, value)
        with self._tx() as db:
            db.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                       "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def record_unmet_query(self, text, *, area=None, age_band="", reason="not_understood",
                           day=None) -> None:
        row = base.unmet_row(text, area, age_band, reason, day)
        with self._tx() as db:
            db.execute("INSERT INTO unmet_queries(day, area, age_band, reason, text, count) "
                       "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT(area, day, age_band, reason, "
                       "text) DO UPDATE SET count = count + 1", row)

    def unmet_queries(self, area=None, since=None) -> list[dict]:
        sql = "SELECT day, area, age_band, reason, text, count FROM unmet_queries WHERE 1=1"
        params: list = []
        if area is not None:
            sql += " AND area = ?"
            params.append(str(area))
        if since is not None:
            sql += " AND day >= ?"
            params.append(since.isoformat())
        sql += " ORDER BY day DESC, count DESC, text"
        return [base.unmet_dict(*row) for row in self._conn().execute(sql, params)]

    def forget_unmet_before(self, day: dt.date) -> int:
        with self._tx() as db:
            return db.execute("DELETE FROM unmet_queries WHERE day < ?",
                              (day.isoformat(),)).rowcount

    def add_review_item(self, *, area, unit, kind, payload, at=None) -> int:
        row = base.review_row(area, unit, kind, payload, at)
        with self._tx() as db:
            cur = db.execute("INSERT INTO review_items(area, unit, kind, payload, at) "
                             "VALUES (?, ?, ?, ?, ?)", row)
            return int(cur.lastrowid or 0)

    def review_items(self, area=None, *, status=None, item_id=None) -> list[dict]:
        sql = ("SELECT id, area, unit, kind, payload, at, status, decided_by, decided_at, "
               "decision FROM review_items WHERE 1=1")
        params: list = []
        for column, value in (("area", area), ("status", status), ("id", item_id)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        sql += " ORDER BY id DESC"
        return [base.review_dict(*row) for row in self._conn().execute(sql, params)]

    def decide_review_item(self, item_id, *, status, actor, decision=None) -> bool:
        status, actor, decision_json = base.check_decision(status, actor, decision)
        with self._tx() as db:
            return db.execute(
                "UPDATE review_items SET status = ?, decided_by = ?, decided_at = ?, "
                "decision = ? WHERE id = ? AND status = 'open'",
                (status, actor, base.timestamp(self.clock()), decision_json,
                 int(item_id))).rowcount == 1

    def use_token(self, nonce: str, *, peek: bool = False) -> bool:
        nonce = base.check_nonce(nonce)
        if peek:
            return self._conn().execute("SELECT 1 FROM used_tokens WHERE nonce = ?",
                                        (nonce,)).fetchone() is None
        with self._tx() as db:
            return db.execute("INSERT INTO used_tokens(nonce, at) VALUES (?, ?) "
                              "ON CONFLICT(nonce) DO NOTHING",
                              (nonce, base.timestamp(self.clock()))).rowcount == 1

    def backup(self, path) -> None:
        """SQLite's online backup API into a temporary file next to ``path``, then an
        atomic rename: a consistent copy even while the web app writes, and a
        half-made copy never sits at ``path``."""
        path = Path(path)
        if not path.parent.is_dir():
            raise StoreError(Text("store.error.backup_no_folder", path=str(path),
                                  folder=str(path.parent)))
        tmp = path.with_name(path.name + ".partial")
        try:
            target = sqlite3.connect(str(tmp))
            try:
                self._conn().backup(target)
            finally:
                target.close()
            os.replace(tmp, path)
        except (sqlite3.Error, OSError) as exc:
            tmp.unlink(missing_ok=True)
            raise StoreError(Text("store.error.backup_failed", url=repr(self.url), path=str(path),
                                  detail=reason(exc, tmp))) from exc


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED (any extended code): another connection's lock."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _busy(exc: sqlite3.OperationalError) -> base.StoreBusy:
    """A lock wait that timed out (:func:`_is_busy`) as the store contract's error."""
    return base.StoreBusy(f"the store is busy with another write: {exc}")


def _in_key_order(records: dict) -> list:
    """Records sorted by primary key: inserting in index order touches each B-tree page
    once instead of at random (about 30% less CPU for 250,000 links; Python's str order
    is SQLite's BINARY order).  Link keys are (source, target, kind) tuples; joined with
    NUL they sort the same (ids hold no NUL) and ~3x faster.  Order only affects speed."""
    keys = list(records)
    if all(map(operator.le, keys, itertools.islice(keys, 1, None))):
        return list(records.values())  # already in order (a workbook export is)
    keys.sort(key="\0".join if isinstance(keys[0], tuple) else None)
    return [records[key] for key in keys]


def encode_rows(net: Network) -> dict[str, list[tuple]]:
    """Every record of ``net`` as the row tuples this store writes, by table, in the
    order it writes them."""
    return {sheet: _rows(sheet, _in_key_order(getattr(net, sheet)))
            for sheet in RECORD_TYPES}


def bulk_insert_rows(path, rows_by_table: dict[str, list[tuple]]) -> None:
    """Insert already-encoded rows into a new store file with bare ``executemany`` in one
    transaction: the floor the import benchmark compares the real import with
    (benchmarks/bench_import.py).  Same schema and pragmas as :class:`SQLiteStore`."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(SCHEMA)
        conn.execute("BEGIN IMMEDIATE")
        for sheet, rows in rows_by_table.items():
            names = _columns(sheet)
            conn.executemany(f"INSERT INTO {sheet} ({', '.join(names)}) "
                             f"VALUES ({', '.join('?' * len(names))})", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _link_kinds():
    from ..model import LinkKind
    return [k.value for k in LinkKind]
