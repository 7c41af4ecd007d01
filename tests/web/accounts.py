"""Accounts for the web tests: one user of each role on the test store, and a way
to log a test client in through the real login endpoint (with its CSRF token)."""
from __future__ import annotations

from werkzeug.security import generate_password_hash

from graphmap.model import User, UserRole

PASSWORD = "salasana-123"
#: editor of Koivula (and the district below it), not of Haapala
USERS = {"admin1": (UserRole.ADMIN, []), "koivu-ed": (UserRole.EDITOR, ["koivula"]),
         "haapa-ed": (UserRole.EDITOR, ["haapala"]), "katsoja": (UserRole.VIEWER, [])}

_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")  # fast in tests


def add_users(store) -> None:
    for name, (role, areas) in USERS.items():
        store.put_user(User(name, _HASH, role, areas))


def token(client) -> str:
    return client.get("/api/session").get_json()["csrf_token"]


def login(client, username: str, password: str = PASSWORD) -> str:
    """Log in through ``POST /api/login``; the CSRF token of the new session."""
    r = client.post("/api/login", json={"username": username, "password": password},
                    headers={"X-CSRF-Token": token(client)})
    assert r.status_code == 200, r.get_json()
    return r.get_json()["csrf_token"]
