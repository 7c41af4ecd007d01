"""A snapshot kept on disk between starts, so ``graphmap serve`` answers fast (issue 13 item 2).

Why: at national scale reading the store, building the graph and the search index
take most of a minute on a loaded machine; unpickling what they produced takes a
fraction of that.  What: the Network, the graph and the search index of one store
revision, pickled next to the SQLite file (``<file>.snapshot``).  At start the file is
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

log = logging.getLogger(__name__)

FORMAT = 1


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


def save(snap, store) -> None:
    """Write ``snap`` (with its search index, if built) for the next start."""
    path = path_for(store)
    if path is None:
        return
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(_code_key().encode() + b"\n")
            with gc_paused():  # millions of objects: no collections while walking them
                _Pickler(fh, snap._index).dump((snap.revision, snap.net, snap.g, snap._index))
        os.replace(tmp, path)  # a reader never sees half a file
    except Exception:  # a cache: failing to write it costs the next start time, no more
        log.exception("could not write the snapshot file %s", path)
        tmp.unlink(missing_ok=True)


def load(store):
    """The snapshot stored for ``store`` (maybe of an older revision), or ``None``."""
    from .snapshot import WARM_QUERY, Snapshot
    path = path_for(store)
    if path is None or not path.exists():
        return None
    try:
        with open(path, "rb") as fh:
            if fh.readline().strip().decode() != _code_key():
                return None
            with gc_paused():  # the collector re-scanning the growing heap doubled this
                revision, net, g, index = _Unpickler(fh).load()
        if revision > store.revision():
            return None  # a file from another store, or a restored backup
        if index is not None:
            if hasattr(index, "_fuzzy_uncached"):
                index._fuzzy = functools.lru_cache(maxsize=10_000)(index._fuzzy_uncached)
            index.who_to_call(WARM_QUERY, lang="fi", limit=1)  # it answers, or we rebuild
        snap = Snapshot(revision, net, g)
        snap._index = index
        return snap
    except Exception:
        log.exception("the snapshot file %s could not be used; building anew", path)
        return None
