"""The network the web's writes are checked against: one per app, changed in place.

Why: a write is checked against the network as stored (:func:`.edit.fresh_network`)
and the store trusts that network instead of reading it again while it is still the
stored revision (``write(current=…)``).  Handing it the readers' snapshot meant
patching a snapshot for every write before the next could be checked — and a patched
snapshot is new: each changed sheet and graph table copied (at national scale a link
copies 250,000 links, ~20 ms a write, a third of a stream of writes' interpreter).

What: the writers keep their own copy of the network, made once from a snapshot and
brought up to the store's revision in place by what was written since
(:meth:`graphmap.store.Changes.apply_in_place`, the cost of the changed records).
Only a thread holding :data:`.edit.WRITE_LOCK` reads or changes it, so nobody sees it
change; readers keep reading snapshots, which are patched behind the writes
(:meth:`.snapshot.SnapshotSource.after_write`).
"""
from __future__ import annotations

import logging

from graphmap.model import RECORD_TYPES, Network
from graphmap.store.write_check import copy_marks


class WorkingNetwork:
    """The writers' network of one app (``app.extensions["graphmap.working"]``)."""

    def __init__(self, store, snapshots):
        self.store = store
        self.snapshots = snapshots
        self._net: Network | None = None
        self._revision = -1

    def network(self) -> Network:
        """The network as stored now (call with the write lock held; do not change it)."""
        revision = self.store.revision()
        if self._net is not None and self._revision < revision:
            self._catch_up()
        if self._net is None or self._revision < revision:
            self._copy(revision)
        assert self._net is not None
        return self._net

    def _catch_up(self) -> None:
        """Apply what was written since (this app's writes and other processes')."""
        assert self._net is not None
        try:
            changes = self.store.changes_since(self._revision,
                                               limit=self.snapshots.change_limit)
        except Exception:  # a store that cannot answer: copy a snapshot instead
            logging.getLogger(__name__).exception("listing the changes failed")
            changes = None
        if changes is None:  # too many (an import) or no history: start again
            self._net = None
            return
        changes.apply_in_place(self._net)
        self._revision = changes.revision

    def _copy(self, revision: int) -> None:
        """Start from the snapshot of the store's revision (patched for it): its sheets
        copied, its marks (known valid, case-folded ids) with them — or, while the
        snapshot is rebuilt behind a large import, from a read of the store."""
        snap = self.snapshots.get()
        if snap.revision < revision:
            self._net, self._revision = self.store.read(), revision
            return
        net = Network(**{sheet: dict(getattr(snap.net, sheet)) for sheet in RECORD_TYPES})
        stamp = getattr(snap.net, "_graphmap_stamp", None)
        if stamp is not None:
            net._graphmap_stamp = stamp  # type: ignore[attr-defined]
        copy_marks(snap.net, net)
        self._net, self._revision = net, snap.revision
