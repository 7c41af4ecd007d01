"""Answers about the change log kept per filter up to a history position (issue 13).

The history is append-only: a change row, once committed, never changes and is never
deleted, and writes are serial, so the rows that match a filter up to change ``seq``
S stay exactly those rows.  A store keeps, per filter, its answer (a count, or the
newest rows) as of the newest seq it had seen, and later adds only what was written
after it — a primary-key range — instead of reading the whole history again.  An
answer cached per store revision (the web's response cache) does not help here: under
a stream of writes nearly every read is at a new revision.

Writes by other processes on the same file are just rows after the bound, so the
answers stay right across processes.  The cache is bounded (least recently used
first out) and shared by the threads of one store object.
"""
from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


@dataclasses.dataclass(frozen=True)
class Known:
    """An answer for one filter as of change ``bound`` (0: an empty history)."""

    bound: int
    #: the revision of change ``bound`` and its time (None when 0): a history that is
    #: not the one the answer came from (a backup restored in place) is noticed
    check: tuple | None
    value: Any  # a count (int) or rows newest first (a tuple of tuples)
    #: rows: the newest ``size`` rows of the filter up to ``bound`` (all when fewer)
    size: int = 0


class HistoryCache:
    """At most ``size`` :class:`Known` answers by key, thread-safe."""

    def __init__(self, size: int):
        self._size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, Known] = OrderedDict()

    def get(self, key: Hashable) -> Known | None:
        with self._lock:
            known = self._items.get(key)
            if known is not None:
                self._items.move_to_end(key)
            return known

    def put(self, key: Hashable, known: Known) -> None:
        with self._lock:
            old = self._items.get(key)
            # threads racing: keep the answer that covers more of the history (and
            # of its same bound, more rows)
            if old is None or (old.bound, old.size) <= (known.bound, known.size):
                self._items[key] = known
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def drop(self, key: Hashable) -> None:
        with self._lock:
            self._items.pop(key, None)
