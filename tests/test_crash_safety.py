"""``kill -9`` in the middle of an import leaves the store valid and unchanged
(issue 5, item 5).

A real ``graphmap import`` of a large workbook runs in a child process; once SQLite's
write-ahead log grows past a megabyte the import is inside its one write transaction
(reads never grow the log), and the child gets SIGKILL there.  The store must then
pass ``PRAGMA integrity_check`` and read back exactly as before: records, counts,
revision and history.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.national import national_network
from graphmap.importers.export import export_workbook
from graphmap.store import open_store

from .data import small_network

WAL_BYTES = 1 << 20


def _state(url):
    store = open_store(url)
    try:
        return store.read(), store.counts(), store.revision(), store.history()
    finally:
        store.close()


def test_kill_9_during_an_import_leaves_the_store_unchanged(tmp_path):
    db = tmp_path / "store.db"
    url = f"sqlite:///{db}"
    store = open_store(url)
    store.write(small_network(), actor="coordinator")
    store.close()
    before = _state(url)
    workbook = export_workbook(national_network(0.1), tmp_path / "national")
    wal = Path(f"{db}-wal")
    child = subprocess.Popen(
        [sys.executable, "-c", "from graphmap.cli import main; main()",
         "import", str(workbook), "--store", url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while child.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size > WAL_BYTES:
                os.kill(child.pid, signal.SIGKILL)
                break
            time.sleep(0.002)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    out, err = child.stdout.read().decode(), child.stderr.read().decode()
    assert child.returncode == -signal.SIGKILL, (
        f"the import ended on its own (exit {child.returncode}) before it could be killed "
        f"mid-write:\n{out}\n{err}")
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    after = _state(url)
    assert after[1:] == before[1:]  # counts, revision, history
    assert after[0] == before[0]
    # and the store still takes the import afterwards
    store = open_store(url)
    store.write(small_network(), actor="coordinator")
    assert store.counts() == before[1]
    store.close()
