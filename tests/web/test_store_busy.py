"""A write while another process holds the store (issue 12 item 5): the web answers 503
with ``Retry-After`` and a message in the user's language, and the store is unchanged.

The real app on a real SQLite file; the other writer is a second connection holding
``BEGIN IMMEDIATE`` on the same file (what ``graphmap import`` does while it writes),
and the store waits only a short busy time (``GRAPHMAP_STORE_BUSY_SECONDS``).
"""
from __future__ import annotations

import contextlib
import re
import sqlite3

import pytest

from graphmap.store import open_store
from graphmap.web import create_app
from graphmap.web.i18n import catalogue
from tests.web.accounts import add_users, login
from tests.web.conftest import web_network


@pytest.fixture
def busy_app(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHMAP_STORE_BUSY_SECONDS", "0.3")
    path = tmp_path / "busy.db"
    store = open_store(f"sqlite:///{path}")
    store.write(web_network())
    add_users(store)
    app = create_app(f"sqlite:///{path}", config={"TESTING": True})
    yield app, store, path
    store.close()


@contextlib.contextmanager
def held(path):
    """Another connection holds the file's write lock."""
    other = sqlite3.connect(str(path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _state(store):
    return store.read(), store.revision(), store.history()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_api_write_on_a_locked_store_answers_503_retry_after(busy_app, lang):
    app, store, path = busy_app
    client = app.test_client()
    csrf = login(client, "koivu-ed")
    before = _state(store)
    with held(path):
        r = client.patch(f"/api/units/perheohjaus?lang={lang}", json={"phone": "040 000 1999"},
                         headers={"X-CSRF-Token": csrf})
    assert r.status_code == 503
    assert int(r.headers["Retry-After"]) > 0
    assert r.get_json()["error"] == catalogue(lang)["error.store_busy"]
    assert "locked" not in r.get_data(as_text=True)  # no SQLite text reaches the user
    assert _state(store) == before
    # the lock gone, the very same request goes through
    r = client.patch(f"/api/units/perheohjaus?lang={lang}", json={"phone": "040 000 1999"},
                     headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.get_json()
    assert store.read().units["perheohjaus"].phone == "040 000 1999"


def test_form_write_on_a_locked_store_shows_the_busy_page(busy_app):
    app, store, path = busy_app
    client = app.test_client()
    login(client, "koivu-ed")
    page = client.get("/units/perheohjaus/edit")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    before = _state(store)
    with held(path):
        r = client.post("/units/perheohjaus/edit",
                        data={"csrf_token": csrf, "name": "Perheohjaus ja -tuki"})
    assert r.status_code == 503 and int(r.headers["Retry-After"]) > 0
    # said on the page itself, not only in the strings handed to its scripts
    shown = re.search(r'<span id="busy-message">([^<]*)</span>', r.get_data(as_text=True))
    assert shown and shown.group(1) == catalogue("fi")["error.store_busy"]
    assert "Traceback" not in r.get_data(as_text=True)
    assert _state(store) == before
