"""What a running upload is doing on the server, for its page to show (issue 13 item 5).

Once the browser has sent the last byte of a large upload, the server still reads it
(a million-row sheet for minutes), checks it against the store and, at commit, writes
it — all within the one request.  The page's script names a random *progress id* in
the form (field ``progress``) and polls ``GET /api/import/progress/<id>`` for the
stage (``read``, ``check``, ``write``, ``done``, ``failed``) and the rows read so far
of the rows the reader expects: real counts from the import pipeline's
:class:`~graphmap.importers.pipeline.Progress`, never an invented percentage.

An entry belongs to the user who started the upload: another user asking for the same
id gets the same 404 as for an id never seen.  Entries are small, few per user and
forgotten after :data:`KEEP_SECONDS`.
"""
from __future__ import annotations

import re
import threading
import time

from flask import current_app

from graphmap.importers.pipeline import Progress

#: a progress id the page makes up (random, URL-safe); anything else is ignored
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
KEEP_SECONDS = 600
MAX_PER_USER = 20
STAGES = ("read", "check", "write", "done", "failed")


class Board:
    """Progress of the uploads running now: (user, progress id) → state."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], dict] = {}
        self._lock = threading.Lock()

    def start(self, user: str, pid: str | None) -> "Tracker":
        """A tracker for one upload; a quiet one when the page sent no (valid) id."""
        if not pid or not ID_PATTERN.fullmatch(pid):
            return Tracker(self, None)
        now = time.time()
        with self._lock:
            for key in [k for k, v in self._items.items() if now - v["at"] > KEEP_SECONDS]:
                del self._items[key]
            mine = sorted((v["at"], k) for k, v in self._items.items() if k[0] == user)
            for _, key in mine[:max(len(mine) - MAX_PER_USER + 1, 0)]:
                del self._items[key]
            self._items[(user, pid)] = {"stage": "read", "rows": 0, "total": 0,
                                        "sheet": None, "at": now}
        return Tracker(self, (user, pid))

    def get(self, user: str, pid: str) -> dict | None:
        """The state of ``user``'s upload ``pid`` (``None``: not this user's, or gone)."""
        with self._lock:
            item = self._items.get((user, pid))
            return None if item is None else {k: v for k, v in item.items() if k != "at"}

    def _update(self, key, **values) -> None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                item.update(values, at=time.time())

    def _add_rows(self, key, n: int, sheet: str) -> None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                item.update(rows=item["rows"] + n, sheet=sheet, at=time.time())


class Tracker(Progress):
    """One upload's progress: the pipeline's row reports plus the stage the upload
    page is in (set by :mod:`.upload` around each step)."""

    def __init__(self, board: Board, key: tuple[str, str] | None):
        self._board, self._key = board, key

    def stage(self, name: str) -> None:
        if self._key is not None:
            self._board._update(self._key, stage=name)

    def expect_rows(self, total: int) -> None:
        if self._key is not None:
            self._board._update(self._key, total=total, rows=0)

    def rows(self, n: int, sheet: str) -> None:
        if self._key is not None and n:
            self._board._add_rows(self._key, n, sheet)


def board() -> Board:
    """The app's board, one per process: a poll that reaches another process (several
    server processes without sticky sessions) gets a 404 and the page keeps its plain
    stage text."""
    ext = current_app.extensions
    if "graphmap.upload_progress" not in ext:
        ext["graphmap.upload_progress"] = Board()
    return ext["graphmap.upload_progress"]
