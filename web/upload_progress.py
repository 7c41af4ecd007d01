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
forgotten after :data:`KEEP_SECONDS`; they are files, so that every process of
``graphmap serve --processes N`` answers the poll.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
import time
from pathlib import Path

from flask import current_app

from graphmap.importers.pipeline import Progress

#: a progress id the page makes up (random, URL-safe); anything else is ignored
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
KEEP_SECONDS = 600
MAX_PER_USER = 20
STAGES = ("read", "check", "write", "done", "failed")
#: rows are written out at most this often (seconds); a stage change at once
WRITE_EVERY = 0.25


class Board:
    """Progress of the uploads running now: (user, progress id) → state, one small
    JSON file each in ``folder``.  Files, not a dict: ``graphmap serve --processes N``
    runs N processes on one port, and the page's polls reach any of them, not the one
    reading the upload."""

    def __init__(self, folder) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._written: dict[Path, float] = {}  # this process's last write of a file

    def _path(self, user: str, pid: str) -> Path:
        # hashed: the file name carries neither the user name nor the id
        return self.folder / (hashlib.sha256(f"{user}\0{pid}".encode()).hexdigest()[:40]
                              + ".json")

    def start(self, user: str, pid: str | None) -> "Tracker":
        """A tracker for one upload; a quiet one when the page sent no (valid) id."""
        if not pid or not ID_PATTERN.fullmatch(pid):
            return Tracker(self, None)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._forget_old(user)
        except OSError:  # no place for it: the upload goes on, the page shows stages only
            return Tracker(self, None)
        path = self._path(user, pid)
        self._write(path, {"user": user, "stage": "read", "rows": 0, "total": 0,
                           "sheet": None}, force=True)
        return Tracker(self, path)

    def _forget_old(self, user: str) -> None:
        now, mine = time.time(), []
        for path in self.folder.glob("*.json"):
            try:
                age = now - path.stat().st_mtime
                if age > KEEP_SECONDS:
                    path.unlink(missing_ok=True)
                elif read_json(path).get("user") == user:
                    mine.append((path.stat().st_mtime, path))
            except OSError:
                continue
        for _, path in sorted(mine)[:max(len(mine) - MAX_PER_USER + 1, 0)]:
            path.unlink(missing_ok=True)
        with self._lock:  # this process's write times of entries now gone
            for path in [p for p in self._written if not p.exists()]:
                del self._written[path]

    def get(self, user: str, pid: str) -> dict | None:
        """The state of ``user``'s upload ``pid`` (``None``: not this user's, or gone)."""
        if not ID_PATTERN.fullmatch(pid or ""):
            return None
        path = self._path(user, pid)
        try:
            if time.time() - path.stat().st_mtime > KEEP_SECONDS:
                return None
            item = read_json(path)
        except OSError:
            return None
        if item.get("user") != user:
            return None
        return {k: v for k, v in item.items() if k != "user"}

    def _write(self, path: Path, item: dict, force: bool = False) -> None:
        with self._lock:
            now = time.monotonic()
            if not force and now - self._written.get(path, 0.0) < WRITE_EVERY:
                return
            self._written[path] = now
        try:
            write_json(path, item)
        except OSError:  # the upload goes on; its page keeps the plain stage text
            pass


def write_json(path: Path, value: dict) -> None:
    """``value`` into ``path`` whole: written beside it, then renamed over it, so a
    reader in another process sees the old content or the new, never half."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_text(json.dumps(value), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def read_json(path: Path) -> dict:
    """What :func:`write_json` wrote to ``path``; ``{}`` for no file or not ours.  An
    ``OSError`` other than a missing file is the caller's."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


class Tracker(Progress):
    """One upload's progress: the pipeline's row reports plus the stage the upload
    page is in (set by :mod:`.upload` around each step).  Kept in this process and
    written to the board's file (every stage, rows at most every :data:`WRITE_EVERY`)."""

    def __init__(self, board: Board, path: Path | None):
        self._board, self._path = board, path
        self._item: dict = {}
        if path is not None:
            self._item = read_json(path)

    def _save(self, force: bool) -> None:
        if self._path is not None:
            self._board._write(self._path, self._item, force=force)

    def stage(self, name: str) -> None:
        self._item["stage"] = name
        self._save(force=True)

    def expect_rows(self, total: int) -> None:
        self._item.update(total=total, rows=0)
        self._save(force=True)

    def rows(self, n: int, sheet: str) -> None:
        if n:
            self._item.update(rows=self._item.get("rows", 0) + n, sheet=sheet)
            self._save(force=False)


def board() -> Board:
    """The app's board: its folder is ``UPLOAD_PROGRESS_DIR``, else one in the system's
    temporary folder named for the store (:func:`shared_folder`), so every
    process serving the store on this machine reads the same entries.  (Processes on several machines behind a proxy
    need sticky sessions or a shared folder for the bar; without, the page keeps its
    plain stage text.)"""
    ext = current_app.extensions
    if "graphmap.upload_progress" not in ext:
        ext["graphmap.upload_progress"] = Board(shared_folder("progress",
                                                              "UPLOAD_PROGRESS_DIR"))
    return ext["graphmap.upload_progress"]


def shared_folder(kind: str, config_key: str) -> Path:
    """The folder every process serving this app's store on this machine shares for
    ``kind`` (``config_key`` names one instead): in the system's temporary folder,
    named for the store, made private to this user.  One that another user made is not
    trusted: then this process keeps its own (it cannot be shared, but cannot be
    tampered with either)."""
    named = current_app.config.get(config_key)
    if named:
        return Path(named)
    digest = hashlib.sha256(str(current_app.config.get("STORE_URL")).encode()).hexdigest()
    folder = Path(tempfile.gettempdir()) / f"graphmap-{kind}-{digest[:16]}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        if folder.is_symlink() or folder.stat().st_uid != os.getuid():
            raise PermissionError(folder)
    except OSError:
        return Path(tempfile.mkdtemp(prefix=f"graphmap-{kind}-"))
    return folder
