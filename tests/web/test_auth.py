"""Accounts in the web app: login and logout, session cookie flags, secret key file,
CSRF, login rate limiting, anonymous read switch, and the privacy rule for
logged-in users (issue 5 items 1 and 4)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphmap.web import create_app
from tests.web.accounts import PASSWORD, add_users, login, token
from tests.web.conftest import HIDDEN_PERSON


@pytest.fixture
def users(web_store):
    add_users(web_store)
    return web_store


def _form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_login_page_logs_in_and_out(users, client):
    page = client.get("/login?next=/units/neuvola")
    assert page.status_code == 200 and b'id="login-form"' in page.data
    r = client.post("/login", data={"username": "koivu-ed", "password": PASSWORD,
                                    "next": "/units/neuvola",
                                    "csrf_token": _form_token(page.text)})
    assert r.status_code == 302 and r.headers["Location"].endswith("/units/neuvola")
    home = client.get("/")
    assert b"koivu-ed" in home.data and b'id="logout-form"' in home.data
    assert client.get("/api/session").get_json()["user"]["role"] == "editor"
    r = client.post("/logout", data={"csrf_token": _form_token(home.text)})
    assert r.status_code == 302
    assert client.get("/api/session").get_json()["user"] is None


def test_wrong_password_is_refused_without_saying_which_part(users, client):
    page = client.get("/login")
    r = client.post("/login", data={"username": "koivu-ed", "password": "väärä",
                                    "csrf_token": _form_token(page.text)})
    assert r.status_code == 401 and b'id="login-error"' in r.data
    r = client.post("/api/login", json={"username": "nobody", "password": "x"},
                    headers={"X-CSRF-Token": token(client)})
    assert r.status_code == 401 and r.get_json()["error"] == "Väärä käyttäjätunnus tai salasana."


def test_next_never_leaves_the_site(users, client):
    page = client.get("/login")
    r = client.post("/login", data={"username": "admin1", "password": PASSWORD,
                                    "next": "//evil.example.invalid/x",
                                    "csrf_token": _form_token(page.text)})
    assert r.status_code == 302 and r.headers["Location"] == "/"


def test_login_without_csrf_token_is_400(users, client):
    r = client.post("/api/login", json={"username": "admin1", "password": PASSWORD})
    assert r.status_code == 400 and r.get_json()["param"] == "csrf_token"
    r = client.post("/login", data={"username": "admin1", "password": PASSWORD})
    assert r.status_code == 400


def test_session_is_renewed_on_login(users, client):
    before = token(client)
    after = login(client, "admin1")
    assert before != after  # no session fixation: the pre-login token is void


def test_session_cookie_flags(users, store_url):
    app = create_app(store_url, config={"TESTING": False, "SECRET_KEY": "k" * 32,
                                        "SNAPSHOT_BACKGROUND": False})
    client = app.test_client()
    r = client.get("/api/session")
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_secret_key_file_is_created_once_next_to_the_store(sqlite_url, monkeypatch):
    # A SQLite store's file has a folder to keep the key in; Neo4j deployments set
    # GRAPHMAP_SECRET_KEY (README, "Neo4j").
    monkeypatch.delenv("GRAPHMAP_SECRET_KEY", raising=False)
    a = create_app(sqlite_url, config={"TESTING": True})
    b = create_app(sqlite_url, config={"TESTING": True})
    path = Path(sqlite_url.removeprefix("sqlite:///") + ".secret")
    assert path.exists() and (path.stat().st_mode & 0o077) == 0
    assert a.secret_key == b.secret_key == path.read_text().strip()
    assert len(a.secret_key) >= 32


def test_a_worker_waits_for_the_key_another_worker_is_writing(sqlite_url, monkeypatch):
    """Workers start at once: one has created the key file but not written it yet.
    The other must wait for the key, not take the empty file as its key (it then
    had no sessions: every login through it failed as a CSRF error)."""
    import threading

    monkeypatch.delenv("GRAPHMAP_SECRET_KEY", raising=False)
    path = Path(sqlite_url.removeprefix("sqlite:///") + ".secret")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    writer = threading.Timer(0.2, lambda: path.write_text("k" * 64))
    writer.start()
    try:
        app = create_app(sqlite_url, config={"TESTING": True})
    finally:
        writer.join()
    assert app.secret_key == "k" * 64


def test_secret_key_from_environment(users, store_url, monkeypatch):
    monkeypatch.setenv("GRAPHMAP_SECRET_KEY", "from-the-environment-" * 2)
    app = create_app(store_url, config={"TESTING": True})
    assert app.secret_key == "from-the-environment-" * 2


def test_login_rate_limit(users, client):
    csrf = token(client)
    for _ in range(5):
        r = client.post("/api/login", json={"username": "admin1", "password": "guess"},
                        headers={"X-CSRF-Token": csrf})
        assert r.status_code == 401
    r = client.post("/api/login", json={"username": "admin1", "password": PASSWORD},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    # another account from the same client is not locked out
    r = client.post("/api/login", json={"username": "katsoja", "password": PASSWORD},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200


def test_anonymous_read_can_be_switched_off(users, client):
    users.set_setting("anonymous_read", "0")
    assert client.get("/api/areas").status_code == 401
    r = client.get("/areas/koivula")
    assert r.status_code == 302 and "/login?next=" in r.headers["Location"]
    assert client.get("/login").status_code == 200
    login(client, "katsoja")
    assert client.get("/api/areas").status_code == 200


def test_hidden_names_only_for_logged_in_users(users, client):
    assert HIDDEN_PERSON not in client.get("/roles/psy-liisa").text
    assert client.get("/api/roles/psy-liisa").get_json()["role"]["person"] is None
    card = client.get("/api/search?q=psykologi").get_json()["results"][0]
    assert card["role"]["id"] == "psy-liisa" and card["role"]["person"] is None
    login(client, "katsoja")
    assert HIDDEN_PERSON in client.get("/roles/psy-liisa").text
    assert client.get("/api/units/perheneuvola").get_json()["roles"][0]["person"] == HIDDEN_PERSON
    # the search card goes through the same rule: a logged-in user sees the name there too
    card = client.get("/api/search?q=psykologi").get_json()["results"][0]
    assert card["role"]["person"] == HIDDEN_PERSON
    assert HIDDEN_PERSON in client.get("/search?q=psykologi").text


def test_viewer_sees_no_edit_controls_editor_does_in_own_area(users, client):
    login(client, "katsoja")
    assert b'id="unit-edit"' not in client.get("/units/perheohjaus").data
    client.post("/api/logout", headers={"X-CSRF-Token": token(client)})
    login(client, "koivu-ed")
    assert b'id="unit-edit"' in client.get("/units/perheohjaus").data
    assert b'id="unit-edit"' not in client.get("/units/haapala-neuvola").data
    assert b'id="add-unit"' in client.get("/areas/koivula-kk").data  # below their area
    assert b'id="add-unit"' not in client.get("/areas/haapala").data


def test_admin_page_lists_users_and_switches_anonymous_read(users, client):
    login(client, "koivu-ed")
    assert client.get("/admin").status_code == 403
    assert client.get("/api/admin").status_code == 403
    client.post("/api/logout", headers={"X-CSRF-Token": token(client)})
    csrf = login(client, "admin1")
    page = client.get("/admin")
    assert page.status_code == 200
    assert "koivu-ed" in page.text and "koivula" in page.text and "pbkdf2" not in page.text
    r = client.post("/admin/anonymous_read", data={"on": "0", "csrf_token": _form_token(page.text)})
    assert r.status_code == 303
    assert client.application.test_client().get("/api/areas").status_code == 401
    r = client.post("/api/admin/anonymous_read", json={"on": True}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.get_json()["anonymous_read"] is True
    assert client.application.test_client().get("/api/areas").status_code == 200
    r = client.post("/api/admin/anonymous_read", json={"on": "yes"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 400 and r.get_json()["param"] == "on"
