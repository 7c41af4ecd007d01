"""Sessions that can be ended and logins that give nothing away (issue 10 item 7): a
cookie copied before logout or before a password change stops working, password
spraying from one address is limited across usernames, and an unknown username takes
as long to refuse as a wrong password."""
from __future__ import annotations

import statistics
import time

import pytest

from graphmap.model import User, UserRole, hash_password
from graphmap.web import create_app
from tests.web.accounts import PASSWORD, add_users, login, token


@pytest.fixture
def users(web_store):
    add_users(web_store)
    return web_store


def _copy(client, app):
    """A second browser holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _write(client, csrf, name):
    return client.patch("/api/units/perheohjaus", json={"name": name},
                        headers={"X-CSRF-Token": csrf})


def test_cookie_copied_before_logout_stops_working(users, app, client):
    csrf = login(client, "koivu-ed")
    thief = _copy(client, app)
    assert _write(thief, csrf, "Ennen").status_code == 200  # the copy works while logged in
    assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
    revision = users.revision()
    r = _write(thief, csrf, "Jälkeen")
    assert r.status_code == 401
    assert thief.get("/api/session").get_json()["user"] is None
    assert users.revision() == revision
    assert users.read().units["perheohjaus"].name == "Ennen"


def test_logout_form_ends_the_session_too(users, app, client):
    csrf = login(client, "koivu-ed")
    thief = _copy(client, app)
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 302
    assert _write(thief, csrf, "X").status_code == 401


def test_new_password_ends_every_session(users, app, client):
    csrf = login(client, "koivu-ed")
    thief = _copy(client, app)
    old = users.get_user("koivu-ed")
    users.put_user(User("koivu-ed", hash_password("uusi-salasana-9"), old.role, old.areas))
    assert _write(thief, csrf, "X").status_code == 401
    assert _write(client, csrf, "X").status_code == 401
    assert client.post("/api/login", json={"username": "koivu-ed", "password": PASSWORD},
                       headers={"X-CSRF-Token": token(client)}).status_code == 401
    csrf = login(client, "koivu-ed", "uusi-salasana-9")
    assert _write(client, csrf, "Uusi").status_code == 200


def test_changing_role_keeps_sessions_and_other_users_are_untouched(users, app, client):
    csrf = login(client, "koivu-ed")
    other = app.test_client()
    other_csrf = login(other, "admin1")
    old = users.get_user("koivu-ed")
    users.put_user(User("koivu-ed", old.password_hash, UserRole.EDITOR, ["koivula", "haapala"]))
    assert _write(client, csrf, "Sama salasana").status_code == 200
    client.post("/api/logout", headers={"X-CSRF-Token": csrf})
    assert _write(other, other_csrf, "Admin yhä").status_code == 200


def test_account_removed_and_made_again_does_not_revive_an_old_cookie(users, app, client):
    csrf = login(client, "koivu-ed")
    thief = _copy(client, app)
    old = users.get_user("koivu-ed")
    users.delete_user("koivu-ed")
    users.put_user(User("koivu-ed", old.password_hash, old.role, old.areas))
    assert _write(thief, csrf, "X").status_code == 401


def test_password_spraying_across_usernames_is_limited(users, client):
    csrf = token(client)
    limit = client.application.extensions["graphmap.address_limiter"].max_failures
    for i in range(limit):
        r = client.post("/api/login", json={"username": f"kayttaja{i}", "password": "kesä2026"},
                        headers={"X-CSRF-Token": csrf})
        assert r.status_code == 401
    r = client.post("/api/login", json={"username": "admin1", "password": PASSWORD},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    # another client address is not locked out by this one
    r = client.post("/api/login", json={"username": "admin1", "password": PASSWORD},
                    headers={"X-CSRF-Token": csrf}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert r.status_code == 200


def test_login_page_says_when_the_address_is_limited(users, client):
    csrf = token(client)
    limit = client.application.extensions["graphmap.address_limiter"].max_failures
    for i in range(limit):
        client.post("/api/login", json={"username": f"kayttaja{i}", "password": "x"},
                    headers={"X-CSRF-Token": csrf})
    r = client.post("/login?lang=fi", data={"username": "admin1", "password": PASSWORD,
                                            "csrf_token": csrf})
    assert r.status_code == 429 and "Liian monta" in r.text


def _login_seconds(client, username: str) -> float:
    start = time.perf_counter()
    r = client.post("/api/login", json={"username": username, "password": "väärä-salasana"},
                    headers={"X-CSRF-Token": token(client)})
    assert r.status_code == 401
    return time.perf_counter() - start


def test_unknown_username_takes_as_long_as_a_wrong_password(web_store, store_url):
    """Measured, not assumed: before the fix an unknown name answered in 2 ms and a
    known one in 126 ms (scrypt).  Medians of several tries, and a wide margin, so a
    busy machine does not make this flaky."""
    web_store.put_user(User("oikea-kayttaja", hash_password("oikea-salasana-1"),
                            UserRole.VIEWER, []))
    app = create_app(store_url, config={"TESTING": True, "LOGIN_MAX_FAILURES": 100,
                                        "LOGIN_MAX_ADDRESS_FAILURES": 100})
    client = app.test_client()
    _login_seconds(client, "lammitys")  # the dummy hash is made on first use
    known = statistics.median(_login_seconds(client, "oikea-kayttaja") for _ in range(5))
    unknown = statistics.median(_login_seconds(client, "ei-ole-olemassa") for _ in range(5))
    assert unknown > known * 0.5, (known, unknown)
