"""Accounts in the web app (issue 5 item 1): sessions, CSRF, login with rate limiting,
and the rules of who may change what.

* The session is Flask's signed cookie, HttpOnly, SameSite=Lax and Secure (off only in
  TESTING, with config ``SECURE_COOKIES=False`` or env ``GRAPHMAP_SECURE_COOKIES=0`` for
  plain http beyond localhost; browsers accept Secure cookies from http://localhost).  It holds
  the username, the account's session key and a CSRF token, never a password.
* Sessions can be ended (issue 10 item 7): a signed cookie stays valid as long as its
  signature does, so it also carries the account's ``session_key`` from the store, and
  every request checks it against the stored one.  Logging out and a new password give
  the account a new key (``store.end_sessions`` / ``store.put_user``), which ends every
  session of the account, including a cookie copied before.
* The signing key comes from ``SECRET_KEY`` in the config, else env
  ``GRAPHMAP_SECRET_KEY``, else a random key file created once next to the store
  (``<store>.secret``, mode 0600) — never a key written in the code.
* CSRF (OWASP "synchronizer token"): every state-changing request (POST, PUT, PATCH,
  DELETE) carries the session's token in the header ``X-CSRF-Token`` or the form field
  ``csrf_token``; missing or wrong → 400.  Reference:
  https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
* Login failures are counted per (username, client address): :data:`MAX_FAILURES`
  within :data:`WINDOW` seconds → 429 until the window has passed; and per client
  address over all usernames (password spraying): :data:`MAX_ADDRESS_FAILURES`.  An
  unknown username costs the same password hashing as a known one (a dummy hash), so
  the answer's time does not tell whether an account exists.
* Roles (README: History, accounts and backups): viewer reads; editor changes units, roles and links in their
  areas and everything below them (DOMAIN.md: areas nest municipality → family-centre
  area → …); admin changes everything.  Anonymous reading can be switched off with the
  store setting ``anonymous_read = "0"``.
"""
from __future__ import annotations

import functools
import hmac
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from pathlib import Path
from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, g, jsonify, redirect, render_template,
                   request, session, url_for)
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import Forbidden, TooManyRequests as _TooMany, Unauthorized
from werkzeug.security import check_password_hash

from graphmap.i18n.message import Text
from graphmap.model import check_username, hash_password

from .errors import bad_translated

MAX_FAILURES = 5
#: failures from one client address over all usernames; higher than MAX_FAILURES since
#: an office may reach the server through one address
MAX_ADDRESS_FAILURES = 20
WINDOW = 300.0  # seconds
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: POST endpoints that change nothing (a what-if scenario is computed, not stored; the
#: map's PDF is laid out from the posted SVG and sent back)
CSRF_EXEMPT = frozenset({"api.whatif", "map_pdf.pdf"})
#: endpoints open even when anonymous reading is off (a provider's one-use link needs
#: no account: the link is the permission)
ALWAYS_OPEN = frozenset({"auth.login", "auth.api_login", "auth.api_session", "static",
                         "areas.favicon", "api.i18n", "provider.confirm"})
RANKS = {"viewer": 0, "editor": 1, "admin": 2}

bp = Blueprint("auth", __name__)


# ------------------------------------------------------------------ secret key


def secret_key(app, store) -> str:
    """The session signing key (see the module docstring for the order of sources)."""
    key = app.config.get("SECRET_KEY") or os.environ.get("GRAPHMAP_SECRET_KEY")
    if key:
        return key
    path = _key_file(app, store)
    if not path.exists():
        key = secrets.token_hex(32)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # O_EXCL: two workers starting at once agree on the first key written
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker is writing it: read it below
        else:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(key)
            return key
    # the worker that created the file may not have written the key yet: an empty key
    # would leave this worker without sessions (its logins refused as CSRF failures)
    for _ in range(200):
        found = path.read_text(encoding="ascii").strip()
        if found:
            return found
        time.sleep(0.01)
    raise RuntimeError(f"the key file {path} stays empty")


def _key_file(app, store) -> Path:
    db = getattr(store, "path", None)
    if db is not None and str(db) != ":memory:":
        return Path(str(db) + ".secret")
    return Path(app.instance_path) / "secret_key"


# ------------------------------------------------------------------ users


def current_user():
    """The logged-in user record, or None."""
    return getattr(g, "user", None)


def role_of(user) -> str | None:
    if user is None:
        return None
    return getattr(user.role, "value", user.role)


def can_edit_area(user, area_id: str | None, snap) -> bool:
    """May ``user`` change a record placed in ``area_id``?  Admins everywhere; editors in
    their areas and every area below them (``snap.tree.ancestors`` walks up the tree)."""
    role = role_of(user)
    if role == "admin":
        return True
    if role != "editor" or not area_id:
        return False
    return bool(set(user.areas or ()) & set(snap.tree.ancestors(area_id)))


def can_edit(user) -> bool:
    return role_of(user) in ("editor", "admin")


#: paths that answer JSON only: the API and the HSDS read API (web/hsds_api.py)
JSON_PREFIXES = ("/api/", "/hsds/")


def is_api() -> bool:
    return request.path.startswith(JSON_PREFIXES)


def require_login(min_role: str = "viewer"):
    """401 (API) or a redirect to the login page without a session; 403 when the
    user's role is below ``min_role``."""
    user = current_user()
    if user is None:
        if is_api():
            raise bad_translated(None, "error.login_required", Unauthorized)
        abort(redirect(url_for("auth.login", next=_safe_next(request.full_path))))
    if RANKS.get(role_of(user), -1) < RANKS[min_role]:
        raise bad_translated(None, "error.role_required", Forbidden,
                             role=Text(f"admin.role.{min_role}"),
                             you=Text(f"admin.role.{role_of(user)}"))
    return user


def login_required(min_role: str = "viewer"):
    def wrap(view):
        @functools.wraps(view)
        def inner(*args, **kwargs):
            require_login(min_role)
            return view(*args, **kwargs)
        return inner
    return wrap


def _safe_next(target: str | None) -> str:
    """Only same-site paths after login (no open redirect to another host)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target.rstrip("?") or "/"


# ------------------------------------------------------------------ CSRF


def csrf_token() -> str:
    """This session's CSRF token (created on first use)."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def _check_csrf() -> None:
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token")
    expected = session.get("csrf")
    if not sent or not expected or not hmac.compare_digest(str(sent), str(expected)):
        raise bad_translated("csrf_token", "error.csrf")


# ------------------------------------------------------------------ rate limit


class LoginLimiter:
    """Failed logins per key within a sliding window (in memory, per process)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW):
        self.max_failures, self.window = max_failures, window
        self._fails: dict[tuple, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key, now) -> deque:
        q = self._fails[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def retry_after(self, key) -> int:
        """Seconds until ``key`` may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            q = self._prune(key, now)
            if len(q) < self.max_failures:
                return 0
            return max(1, int(self.window - (now - q[0])) + 1)

    def failed(self, key) -> None:
        with self._lock:
            self._fails[key].append(time.monotonic())

    def succeeded(self, key) -> None:
        with self._lock:
            self._fails.pop(key, None)


def _limiter() -> LoginLimiter:
    return current_app.extensions["graphmap.login_limiter"]


def _dummy_hash() -> str:
    """A hash of a random password, made like real ones (:func:`hash_password`): what an
    unknown username is checked against, so that it takes as long as a known one."""
    ext = current_app.extensions
    if "graphmap.dummy_hash" not in ext:
        ext["graphmap.dummy_hash"] = hash_password(secrets.token_urlsafe(16))
    return ext["graphmap.dummy_hash"]


def authenticate(username: str, password: str):
    """The user if the password is right, else None.  Raises 429 when too many
    failures came from this client for this username, or for any usernames."""
    address = request.remote_addr or ""
    key = (username.strip().lower(), address)
    by_address = ("*", address)
    limiter, address_limiter = _limiter(), current_app.extensions[
        "graphmap.address_limiter"]
    wait = max(limiter.retry_after(key), address_limiter.retry_after(by_address))
    if wait:
        exc = bad_translated("username", "error.login_throttled", _TooMany, wait=wait)
        exc.retry_after = wait
        raise exc
    store = current_app.extensions["graphmap.store"]
    try:
        user = store.get_user(check_username(username.strip()))
    except ValueError:  # not a possible username: counts as a failure like any other
        user = None
    # always one hash check: an unknown name takes as long as a wrong password
    good = check_password_hash(user.password_hash if user else _dummy_hash(), password or "")
    if user is None or not good:
        limiter.failed(key)
        address_limiter.failed(by_address)
        return None
    limiter.succeeded(key)
    return user


def _start_session(user) -> None:
    session.clear()  # a fresh session (and CSRF token) on login: no session fixation
    session["user"] = user.username
    store = current_app.extensions["graphmap.store"]
    # an account stored before session keys existed gets its first one now
    session["sk"] = user.session_key or store.end_sessions(user.username)
    session["csrf"] = secrets.token_urlsafe(32)


def _end_session() -> None:
    """Log out: the account's session key changes, so this cookie and every copy of
    it (and the account's other sessions) stop working."""
    user = current_user()
    if user is not None:
        current_app.extensions["graphmap.store"].end_sessions(user.username)
    session.clear()


def _session_valid(user) -> bool:
    sent, kept = session.get("sk"), user.session_key
    return bool(sent and kept and hmac.compare_digest(str(sent), str(kept)))


# ------------------------------------------------------------------ views


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = _safe_next(request.values.get("next"))
    error = None
    if request.method == "POST":
        user = authenticate(request.form.get("username", ""), request.form.get("password", ""))
        if user is not None:
            _start_session(user)
            return redirect(next_url)
        error = "auth.failed"
    status = 401 if error else 200
    return render_template("login.html", error=error, next_url=next_url), status


@bp.post("/logout")
def logout():
    _end_session()
    return redirect("/")


@bp.get("/api/session")
def api_session():
    """Who is logged in, and the CSRF token to send with writes."""
    user = current_user()
    return jsonify({"user": _user_json(user), "csrf_token": csrf_token()})


@bp.post("/api/login")
def api_login():
    body = request.get_json(silent=True) or {}
    if not isinstance(body, dict):
        raise bad_translated("body", "error.json_body", shape='{"username": …, "password": …}')
    user = authenticate(str(body.get("username") or ""), str(body.get("password") or ""))
    if user is None:
        raise bad_translated(None, "auth.failed", Unauthorized)
    _start_session(user)
    return jsonify({"user": _user_json(user), "csrf_token": session["csrf"]})


@bp.post("/api/logout")
def api_logout():
    _end_session()
    return jsonify({"user": None})


def _user_json(user) -> dict | None:
    if user is None:
        return None
    return {"username": user.username, "role": role_of(user), "areas": list(user.areas or ())}


# ------------------------------------------------------------------ wiring


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer made once per key
    rather than on every request: making it (and checking that it writes text) was a
    tenth of the CPU of a cached read under load (the soak, benchmarks/RESULTS.md)."""

    _made: tuple | None = None

    def get_signing_serializer(self, app):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        made = self._made
        if made is None or made[0] != keys:
            made = self._made = (keys, super().get_signing_serializer(app))
        return made[1]


def init_app(app, store) -> None:
    secure = app.config.get("SECURE_COOKIES")
    if secure is None:  # plain http outside localhost: GRAPHMAP_SECURE_COOKIES=0
        secure = (os.environ.get("GRAPHMAP_SECURE_COOKIES", "1") != "0"
                  and not app.config.get("TESTING", False))
    app.config["SESSION_COOKIE_SECURE"] = bool(secure)
    app.config.update(SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE=app.config.get("SESSION_COOKIE_SAMESITE") or "Lax")
    app.secret_key = secret_key(app, store)
    app.session_interface = _SessionInterface()
    app.extensions["graphmap.login_limiter"] = LoginLimiter(
        app.config.get("LOGIN_MAX_FAILURES", MAX_FAILURES),
        app.config.get("LOGIN_WINDOW", WINDOW))
    app.extensions["graphmap.address_limiter"] = LoginLimiter(
        app.config.get("LOGIN_MAX_ADDRESS_FAILURES", MAX_ADDRESS_FAILURES),
        app.config.get("LOGIN_WINDOW", WINDOW))
    app.register_blueprint(bp)

    @app.before_request
    def _load_user():
        g.user = None
        name = session.get("user")
        if name and hasattr(store, "get_user"):
            g.user = store.get_user(name)
            # the account was removed, or its sessions ended (logout elsewhere, a new
            # password): this session ends with them
            if g.user is None or not _session_valid(g.user):
                g.user = None
                session.pop("user", None)
                session.pop("sk", None)
        if request.method in UNSAFE and request.endpoint not in CSRF_EXEMPT:
            _check_csrf()
        if (g.user is None and request.endpoint not in ALWAYS_OPEN
                and request.blueprint != "vendor" and not _anonymous_read(store)):
            require_login()

    @app.errorhandler(_TooMany)
    def _too_many(exc):
        wait = getattr(exc, "retry_after", int(WINDOW))
        if is_api():
            resp = jsonify({"error": exc.description, "status": 429, "param": "username"})
        else:
            resp = current_app.make_response(
                (render_template("login.html", error="auth.too_many", wait=wait,
                                 next_url=_safe_next(request.values.get("next"))), 429))
            return _with_retry(resp, wait)
        resp.status_code = 429
        return _with_retry(resp, wait)

    app.jinja_env.globals.update(csrf_token=csrf_token, current_user=current_user,
                                 can_edit=can_edit)


def _with_retry(resp, wait):
    resp.headers["Retry-After"] = str(wait)
    return resp


def _anonymous_read(store) -> bool:
    getter = getattr(store, "get_setting", None)
    if getter is None:
        return True
    return (getter("anonymous_read", "1") or "1") != "0"
