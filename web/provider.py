"""The provider's confirmation page (issue 14 item 2), reached by a one-use link, no
account needed.

It shows exactly what the map says about the unit and its roles — through the one
privacy rule (:mod:`graphmap.privacy`) as anyone may see it, so the name, phone and
e-mail of a role holder who has not agreed to be shown never appear, not even to the
unit's own contact — and lets the contact either confirm it (every role of the unit
gets ``verified`` = today, a store write recorded in history as actor ``provider``)
or propose corrections, which wait in the review queue (:mod:`.review`) for an editor
of the area.  Either answer spends the link.
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template, request

from graphmap.model import Network
from graphmap.privacy import public_record, public_view

from . import links as links_mod
from .edit import follow, serialised, fresh_network
from .snapshot import current_snapshot

bp = Blueprint("provider", __name__)

#: The fields a provider may propose new values for (everything else is the
#: coordinator's to describe: ids, levels, links).
UNIT_FIELDS = ("name", "phone", "email", "address", "description")
ROLE_FIELDS = ("title", "phone", "email")
MAX_TEXT = 1000
#: Actor of a provider's confirmation in history.
PROVIDER_ACTOR = "provider"


def _store():
    return current_app.extensions["graphmap.store"]


def shown(snap, unit_id: str) -> dict:
    """What anyone may see of the unit and its roles (what the page shows)."""
    net = snap.net
    unit = public_record(net.units[unit_id], None, snap.hidden)
    roles = [public_view(r, None, hidden=snap.hidden)
             for r in sorted(net.roles.values(), key=lambda r: r.id) if r.unit == unit_id]
    return {"unit": unit, "roles": roles,
            "area": net.areas[net.units[unit_id].area].name}


def proposed(view: dict, form) -> dict:
    """The fields whose submitted value differs from what the page showed."""
    unit = {f: form.get(f"unit.{f}", "").strip()[:MAX_TEXT] for f in UNIT_FIELDS
            if f"unit.{f}" in form}
    unit = {f: v for f, v in unit.items() if v != (view["unit"].get(f) or "")}
    roles = {}
    for r in view["roles"]:
        changed = {f: form.get(f"role.{r['id']}.{f}", "").strip()[:MAX_TEXT]
                   for f in ROLE_FIELDS if f"role.{r['id']}.{f}" in form}
        changed = {f: v for f, v in changed.items() if v != (r.get(f) or "")}
        if changed:
            roles[r["id"]] = changed
    return {"unit": unit, "roles": roles}


@serialised
def _confirm(unit_id: str) -> dict:
    net = fresh_network()
    today = dt.date.today()
    out = Network()
    import dataclasses
    for r in net.roles.values():
        if r.unit == unit_id and r.verified != today:
            out.add(dataclasses.replace(r, verified=today))
    return _store().write(out, actor=PROVIDER_ACTOR, current=net,
                          note=f"confirmed through a confirmation link ({unit_id})")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    store = _store()
    try:
        unit_id, nonce = links_mod.read_token(token, store)
    except links_mod.LinkError as exc:
        status = {"expired": 410, "used": 409}.get(exc.reason, 404)
        return render_template("confirm.html", error=exc.reason), status
    snap = current_snapshot()
    if unit_id not in snap.net.units:  # removed from the map since the link was made
        return render_template("confirm.html", error="invalid"), 404
    view = shown(snap, unit_id)
    if request.method == "GET":
        return render_template("confirm.html", error=None, view=view, done=None)
    action = request.form.get("action")
    if action == "confirm":
        if not store.use_token(nonce):
            return render_template("confirm.html", error="used"), 409
        follow(_confirm(unit_id))
        return render_template("confirm.html", error=None, view=view, done="confirmed")
    if action == "correct":
        changes = proposed(view, request.form)
        message = (request.form.get("message") or "").strip()[:MAX_TEXT]
        if not changes["unit"] and not changes["roles"] and not message:
            return render_template("confirm.html", error=None, view=view, done=None,
                                   problem="verify_confirm_nothing"), 400
        if not store.use_token(nonce):
            return render_template("confirm.html", error="used"), 409
        unit = snap.net.units[unit_id]
        store.add_review_item(area=unit.area, unit=unit_id, kind="correction",
                              payload={**changes, "message": message})
        return render_template("confirm.html", error=None, view=view, done="corrected")
    return render_template("confirm.html", error=None, view=view, done=None,
                           problem="verify_confirm_choose"), 400


@bp.after_request
def _no_store(response):
    """The page holds a link that works once: no copy in a shared computer's cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def register(app) -> None:
    app.register_blueprint(bp)
