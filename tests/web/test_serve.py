"""Issue 13 item 3: ``graphmap serve`` runs the production server (granian), started as
a user starts it, in its own process on a free port, and answers pages and the API."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.web.conftest import web_network


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 30):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, dict(response.headers), response.read()


def test_graphmap_serve_answers_pages_with_the_production_server(tmp_path):
    from graphmap.store import open_store
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    with open_store(url) as store:
        store.write(web_network())
    port = free_port()
    proc = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "graphmap"), "serve", "--store", url,
                             "--port", str(port), "--threads", "4"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = fetch(base + "/")
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "graphmap serve did not answer in 60 s"
                time.sleep(0.2)
        assert status == 200 and b"<html" in body.lower()
        assert "werkzeug" not in headers.get("Server", "").lower()
        status, _, body = fetch(base + "/api/areas")
        assert status == 200 and b"koivula" in body
        status, _, body = fetch(base + "/areas/koivula")
        assert status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # the address is announced once the server listens there, in the user's language
    assert f"toimii osoitteessa http://127.0.0.1:{port}/" in proc.stdout.read().decode()


def test_a_port_already_taken_is_one_line_in_the_users_language(tmp_path):
    """Another server on the port: one line saying so and how to choose another,
    exit 1, no retry log of the server's own (English) and no "running" line."""
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([os.path.join(os.path.dirname(sys.executable), "graphmap"),
                                 "serve", "--store", url, "--port", str(port)],
                                capture_output=True, text=True, timeout=60,
                                env={**os.environ, "GRAPHMAP_LANG": "fi"})
    assert result.returncode == 1
    assert result.stderr.startswith(f"Virhe: osoitetta 127.0.0.1:{port} ei voi kuunnella")
    assert "--port" in result.stderr and "[ERROR]" not in result.stderr
    assert "toimii osoitteessa" not in result.stdout


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return out


def test_graphmap_serve_processes_share_the_store_consistently(tmp_path):
    """``--processes 2``: two worker processes on one port; a write answered by one
    is shown by every answer after it, whichever process gives it."""
    from werkzeug.security import generate_password_hash

    from benchmarks.soak import PASSWORD, Client
    from graphmap.model import User, UserRole
    from graphmap.store import open_store
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    with open_store(url) as store:
        store.write(web_network())
        store.put_user(User("koivu-ed", generate_password_hash(PASSWORD), UserRole.EDITOR,
                            ["koivula"]))
    port = free_port()
    proc = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "graphmap"),
                             "serve", "--store", url, "--port", str(port), "--threads", "4",
                             "--processes", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "GRAPHMAP_SECURE_COOKIES": "0"})  # plain http
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                assert fetch(base + "/api/areas")[0] == 200
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "graphmap serve did not answer in 90 s"
                time.sleep(0.2)
        assert len(_children(proc.pid)) == 2  # the workers
        editor = Client(base)
        editor.login("koivu-ed")
        status, raw = editor.call("POST", "/api/units", {
            "id": "monessa", "name": "Monen prosessin yksikkö", "organisation": "kunta",
            "area": "koivula", "services": ["neuvonta"]})
        assert status == 201, raw
        revision = json.loads(raw)["result"]["revision"]
        # each process shows the write from its next request on (a request that finds
        # the other patching may answer once from the previous revision, marked so)
        seen = 0
        while seen < 20:
            assert time.monotonic() < deadline + 60, "the processes did not agree in time"
            status, headers, body = fetch(base + "/api/units/monessa")
            if status == 200 and "X-Graphmap-Updating" not in headers:
                seen += 1
            else:
                seen = 0
        areas = json.loads(fetch(base + "/api/areas")[2])
        assert areas["revision"] >= revision
    finally:
        proc.terminate()
        proc.wait(timeout=30)
