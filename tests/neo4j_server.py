"""A live Neo4j for the tests: the server named by ``GRAPHMAP_TEST_NEO4J``, or one this
module starts with ``scripts/neo4j.sh`` (the real engine, Bolt on a free port, data in a
temporary folder) the first time a test asks for it, and stops at the end of the session.

Why here and not in every test module: starting the DBMS takes ~12 s (and, on a fresh
machine, a Maven download), so one server serves the whole session; tests stay isolated
because :func:`fresh_store` wipes graphmap's data (not the server) before each use.
"""
from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ENV = "GRAPHMAP_TEST_NEO4J"
#: The first build may download Neo4j from Maven Central (~2 min on a cold ~/.m2).
START_TIMEOUT = float(os.environ.get("GRAPHMAP_TEST_NEO4J_TIMEOUT", 600))
#: seconds a transaction of the test server waits for a lock (scripts/neo4j/…/Launcher.java)
LOCK_TIMEOUT = "2"


class LocalNeo4j:
    """``scripts/neo4j.sh`` running in the background until :meth:`stop`."""

    def __init__(self, data: Path | None = None):
        """``data``: the DBMS folder (default: a new temporary one)."""
        self.dir = Path(tempfile.mkdtemp(prefix="graphmap-neo4j-"))
        self.url_file = self.dir / "url"
        self.log = self.dir / "neo4j.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                ["bash", str(REPO / "scripts" / "neo4j.sh"), str(data or self.dir / "data"), "0",
                 str(self.url_file)], stdout=log, stderr=subprocess.STDOUT,
                # a write waiting on another's lock gives up soon: the busy-store test
                env={**os.environ, "GRAPHMAP_NEO4J_LOCK_TIMEOUT": LOCK_TIMEOUT},
                start_new_session=True)  # Ctrl-C on pytest reaches us, not the JVM directly

    def wait_url(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.url_file.exists():
                return self.url_file.read_text().strip()
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        tail = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
        raise RuntimeError(f"scripts/neo4j.sh did not start Neo4j (log {self.log}):\n{tail}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # clean shutdown (~10 s)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def server_url(request) -> str:
    """The bolt URL of the session's Neo4j (see the module docstring)."""
    url = os.environ.get(ENV)
    if url:
        return url
    if os.environ.get("GRAPHMAP_TEST_NO_NEO4J"):
        pytest.skip(f"Neo4j tests not run: GRAPHMAP_TEST_NO_NEO4J is set (set {ENV} "
                    "to a server, or unset it to start scripts/neo4j.sh)")
    server = LocalNeo4j()
    request.addfinalizer(server.stop)
    try:
        return server.wait_url()
    except RuntimeError as exc:
        pytest.skip(f"Neo4j tests not run: {exc}")


def fresh_store(url: str):
    """An open Neo4j store holding nothing: graphmap's nodes (network, history,
    accounts, settings) wiped, the schema kept."""
    from graphmap.store import open_store
    store = open_store(url)
    store.wipe()
    return store
