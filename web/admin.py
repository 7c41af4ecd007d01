"""Administration in the web app (issue 5 item 1): admins see the accounts and switch
anonymous reading on or off (store setting ``anonymous_read``).  Accounts are added
and removed with ``graphmap user add|remove`` — a password never passes through a web
form here."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request

from .auth import require_login, role_of
from .errors import bad_translated

bp = Blueprint("admin", __name__)


def _store():
    return current_app.extensions["graphmap.store"]


def _state() -> dict:
    store = _store()
    users = [{"username": u.username, "role": role_of(u), "areas": list(u.areas),
              "created": u.created.isoformat() if u.created else None}
             for u in store.list_users()]
    return {"users": users,
            "anonymous_read": (store.get_setting("anonymous_read", "1") or "1") != "0"}


@bp.get("/api/admin")
def api_state():
    require_login("admin")
    return jsonify(_state())


@bp.post("/api/admin/anonymous_read")
def api_anonymous_read():
    require_login("admin")
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("on"), bool):
        raise bad_translated("on", "error.json_body", shape='{"on": true|false}')
    _store().set_setting("anonymous_read", "1" if body["on"] else "0")
    return jsonify(_state())


@bp.get("/admin")
def page():
    require_login("admin")
    return render_template("admin.html", state=_state())


@bp.post("/admin/anonymous_read")
def page_anonymous_read():
    require_login("admin")
    on = request.form.get("on")
    if on not in ("0", "1"):
        raise bad_translated("on", "error.one_of", param="on", allowed="0, 1", value=repr(on))
    _store().set_setting("anonymous_read", on)
    return redirect("/admin", code=303)


def register(app) -> None:
    app.register_blueprint(bp)
