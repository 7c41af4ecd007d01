"""A server process and its workers, measured from outside through ``/proc``.

``graphmap serve`` is granian: the process started is its main process, and the app
runs in worker processes forked from it (graphmap/cli/web.py).  What a server costs — CPU
seconds, resident memory — is the sum over the started process and its descendants.
Without ``/proc`` (not Linux) the figures are 0.
"""
from __future__ import annotations

import os
import socket
import time


def free_port() -> int:
    """A loopback port nobody listens on now (for a server started next)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, proc, seconds: float = 120) -> None:
    """Return once something accepts connections on loopback ``port``; fail when
    ``proc`` (the server) exits first or ``seconds`` pass."""
    end = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("the web app did not start") from None
            if time.monotonic() > end:
                raise RuntimeError(f"nothing listens on port {port} after {seconds:g} s") \
                    from None
            time.sleep(0.05)


def tree(pid: int) -> list[int]:
    """``pid`` and every process descended from it."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parent = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):  # gone meanwhile
                continue
            parents.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo += parents.get(found[-1], [])
    return found


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) the server ``pid`` has used so far: what it costs,
    whatever else the shared machine is running."""
    total = 0.0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of the server ``pid`` (all its processes), in MB."""
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next(int(x.split()[1]) for x in fh if x.startswith("VmRSS"))
        except (OSError, StopIteration):
            continue
    return total / 1024
