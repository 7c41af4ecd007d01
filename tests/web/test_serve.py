"""Issue 13 item 3: ``graphmap serve`` runs the production server (waitress), started as
a user starts it, in its own process on a free port, and answers pages and the API."""
from __future__ import annotations

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
