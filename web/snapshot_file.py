"""A snapshot kept on disk between starts, so ``graphmap serve`` answers fast (issue 13 item 2).

Why: at national scale reading the store, building the graph and the search index
take most of a minute on a loaded machine; unpickling what they produced takes a
fraction of that.  What: the Network and the graph of one store revision, pickled next
to the SQLite file (``<file>.snapshot``), and its search index in a file of its own
(``<file>.search``), loaded first so search answers while the rest loads.  At start the file is
loaded if it was written by this code (a hash of the modules whose objects it holds)
for this store; if the store has moved on since, the loaded snapshot is patched from
the store's history (:meth:`Snapshot.patched`) like after any write.  Anything wrong
with the file — missing, old, unreadable, an index that does not answer — means a
normal build; the file is a cache, never the data.

The search index holds a lemmatiser (a C library handle) and a memo bound to
itself; they are left out of the file and made again on load.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
from pathlib import Path

from graphmap import graph, model
from graphmap.bulk import gc_paused
from graphmap.search.index import WARM_QUERY

log = logging.getLogger(__name__)

FORMAT = 2


def _code_key() -> str:
    """Hash of the modules whose classes and attributes the file holds."""
    from graphmap import search
    digest = hashlib.sha1(str(FORMAT).encode())
    folder = Path(search.__file__).parent
    models = Path(model.__file__).parent.glob("*.py")  # the model is a package of modules
    view = Path(graph.__file__).with_name("network_view.py")  # the graph's area tree
    for path in sorted([*models, Path(graph.__file__), view, *folder.glob("*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def path_for(store) -> Path | None:
    """Where the snapshot of ``store`` is kept (SQLite files only)."""
    path = getattr(store, "path", None)
    if path is None or str(path) == ":memory:":
        return None
    return Path(f"{path}.snapshot")


class _Pickler(pickle.Pickler):
    def __init__(self, fh, index):
        super().__init__(fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.index = index

    def persistent_id(self, obj):
        index = self.index
        if index is not None:
            if obj is getattr(index, "lemmatiser", None) and not _picklable(obj):
                return "lemmatiser"
            if obj is getattr(index, "_fuzzy", None):
                return "fuzzy"
        return None


def _picklable(obj) -> bool:
    """A Voikko handle is a C library's: made again on load, never pickled."""
    kind = type(obj)
    return kind.__module__ != "graphmap.search.text" or kind.__name__ != "VoikkoLemmatiser"


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        if pid == "lemmatiser":
            from graphmap.search.text import make_lemmatiser
            return make_lemmatiser(None)
        return None  # the fuzzy memo: remade below, once the index exists


def index_path_for(store) -> Path | None:
    """Where the search index of ``store``'s kept snapshot is (``<file>.search``): a file
    of its own, small enough to load in a second or two, so search answers at start
    while the network itself is still being loaded (issue 13 item 2)."""
    path = path_for(store)
    return None if path is None else path.with_suffix(".search")


class _Yielding:
    """A file whose reads and writes are Python calls.

    The C pickler holds the GIL for a whole ``load``/``dump`` — tens of seconds for a
    national network, during which no request of this process could run (the kept
    search index would answer nobody while the network loads).  Through a Python method
    per frame (64 KB), the interpreter can hand the GIL to a waiting request between
    frames."""

    def __init__(self, fh):
        self._fh = fh

    def read(self, n: int = -1) -> bytes:
        return self._fh.read(n)

    def readinto(self, buffer) -> int:
        return self._fh.readinto(buffer)

    def readline(self) -> bytes:
        return self._fh.readline()

    def write(self, data) -> int:
        return self._fh.write(data)


def _dump(path: Path, obj, index) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # processes may save at once
    try:
        with open(tmp, "wb") as fh:
            fh.write(_code_key().encode() + b"\n")
            with gc_paused():  # millions of objects: no collections while walking them
                _Pickler(_Yielding(fh), index).dump(obj)
        os.replace(tmp, path)  # a reader never sees half a file
    except Exception:  # a cache: failing to write it costs the next start time, no more
        log.exception("could not write the snapshot file %s", path)
        tmp.unlink(missing_ok=True)


def save(snap, store) -> None:
    """Write ``snap`` for the next start: its search index (if built) in
    ``<file>.search``, then the network and graph in ``<file>.snapshot``."""
    path = path_for(store)
    if path is None:
        return
    index_path = index_path_for(store)
    assert index_path is not None
    if snap._index is not None:
        _dump(index_path, (snap.revision, snap._index), snap._index)
    else:
        index_path.unlink(missing_ok=True)
    _dump(path, (snap.revision, snap.net, snap.g), None)


def _load(path: Path | None):
    if path is None or not path.exists():
        return None
    with open(path, "rb") as fh:
        if fh.readline().strip().decode() != _code_key():
            return None
        with gc_paused():  # the collector re-scanning the growing heap doubled this
            return _Unpickler(_Yielding(fh)).load()


def share(index, g):
    """``index`` with each unit's attributes the graph's own dict where they are equal:
    loaded from its own file, the index holds a copy of every unit's attributes (tens
    of MB at national scale) until it meets the graph it was built from."""
    nodes = g._node
    for uid, doc in index.docs.items():
        node = nodes.get(uid)
        if node is not None and node is not doc.attrs and node == doc.attrs:
            doc.attrs = node
            static = index.static.get(uid)
            if static is not None:
                static["attrs"] = node
    return index


def load_index(store):
    """(revision, search index) kept for ``store`` (maybe of an older revision), or
    ``None``.  The index has answered one query before it is returned."""
    path = index_path_for(store)
    try:
        found = _load(path)
        if found is None:
            return None
        revision, index = found
        if revision > store.revision():
            return None  # a file from another store, or a restored backup
        if hasattr(index, "_fuzzy_uncached"):
            index._fuzzy = functools.lru_cache(maxsize=10_000)(index._fuzzy_uncached)
        index.who_to_call(WARM_QUERY, lang="fi", limit=1)  # it answers, or we rebuild
        return revision, index
    except Exception:
        log.exception("the search index file %s could not be used; building anew", path)
        return None


def load(store, index=None):
    """``(revision, network, graph, search index or None)`` stored for ``store`` (maybe
    of an older revision), or ``None``; web/snapshot.py makes its Snapshot of them (this
    module only reads and writes files, so it does not import that one).  ``index``:
    :func:`load_index`'s answer, used when it is of the same revision."""
    path = path_for(store)
    try:
        found = _load(path)
        if found is None:
            return None
        revision, net, g = found
        if revision > store.revision():
            return None  # a file from another store, or a restored backup
        kept = share(index[1], g) if index is not None and index[0] == revision else None
        return revision, net, g, kept
    except Exception:
        log.exception("the snapshot file %s could not be used; building anew", path)
        return None
