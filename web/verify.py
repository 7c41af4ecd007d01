"""The coordinator's verification round (issue 14 item 1) and its links (item 2).

``/verify?area=<id>``: the area's contacts due for checking, ordered by network
importance (:func:`graphmap.verification.order_by_importance` over the area's
analysis), the round's progress, a "checked" button per contact, and the per-unit
confirmation links (``/verify/links``, as CSV with ``format=csv``, by e-mail with
``POST /verify/send``).  Every page needs an editor of the area: the queue shows names
that are not public.  A check is an ordinary store write (``edit.change``), so history
records it.
"""
from __future__ import annotations

import datetime as dt

from flask import (Blueprint, Response, current_app, g, jsonify, redirect,
                   render_template, request, url_for)

from graphmap.model import ValidationError
from werkzeug.exceptions import BadGateway
from graphmap.verification import (DEFAULT_PERIOD_MONTHS, Due, due_contacts,
                                   importance_reasons, new_round, order_by_importance,
                                   parse_round, progress, referred_to, round_setting)

from . import links as links_mod, unmet
from .auth import can_edit_area, require_login
from .edit import change, follow
from .errors import bad_translated, not_found_translated
from .permissions import editor_area
from .snapshot import current_snapshot

bp = Blueprint("verify", __name__)


def _store():
    return current_app.extensions["graphmap.store"]


def period_months(store) -> int:
    """The deployment's period after which a contact is due (setting
    ``verify_period_months``, default 12)."""
    try:
        return max(1, int(store.get_setting("verify_period_months", "") or DEFAULT_PERIOD_MONTHS))
    except ValueError:
        return DEFAULT_PERIOD_MONTHS


def _area(snap) -> str:
    """The requested area, after checking the user is an editor of it."""
    return editor_area(snap, "error.verify_forbidden")[1]


def _findings(snap, area: str) -> list[dict]:
    try:
        return snap.analysis(area, g.lang)["findings"]
    except ValidationError:
        return []


def queue(snap, area: str) -> dict:
    """The area's round: ``{"round", "progress", "queue"}`` where queue items hold the
    role, its unit, last check and the reasons of its place."""
    store = _store()
    net = snap.net
    months = period_months(store)
    units = snap.units_in(area)
    round_ = parse_round(store.get_setting(round_setting(area)))
    if round_ is not None:
        open_ids = set(progress(round_, net)["open"])
        due = [Due(r.id, r.unit, r.verified) for r in net.roles.values() if r.id in open_ids]
    else:
        due = due_contacts(net, units, dt.date.today(), months)
    findings = _findings(snap, area)
    referred = referred_to(net)
    items = []
    for d in order_by_importance(due, findings, referred):
        role, unit = net.roles[d.role], net.units[d.unit]
        items.append({"role": role, "unit": unit, "verified": d.verified,
                      **importance_reasons(d, findings, referred)})
    return {"round": round_, "months": months,
            "progress": progress(round_, net) if round_ else None, "queue": items}


@bp.get("/verify")
def page():
    snap = current_snapshot()
    if not (request.args.get("area") or "").strip():
        user = require_login("editor")
        choices = [(a, snap.net.areas[a].name) for a in snap.tree.family_centre_areas()
                   if can_edit_area(user, a, snap)]
        return render_template("verify.html", area=None, choices=choices)
    area = _area(snap)
    return render_template("verify.html", area=snap.net.areas[area], choices=[],
                           smtp=links_mod.smtp_settings() is not None,
                           needs=unmet.need_findings(snap, area, g.lang), **queue(snap, area))


@bp.get("/api/verify")
def api_queue():
    """The JSON twin of the round page: progress, the ordered queue and the unmet
    need findings (editors of the area only; names as editors see them)."""
    snap = current_snapshot()
    area = _area(snap)
    q = queue(snap, area)
    round_ = q["round"]
    return jsonify({
        "area": {"id": area, "name": snap.net.areas[area].name}, "months": q["months"],
        "round": ({"start": round_["start"].isoformat(), "months": round_["months"],
                   "checked": q["progress"]["checked"], "total": q["progress"]["total"]}
                  if round_ else None),
        "queue": [{"role": i["role"].id, "title": i["role"].title, "person": i["role"].person,
                   "unit": i["unit"].id, "unit_name": i["unit"].name,
                   "verified": i["verified"].isoformat() if i["verified"] else None,
                   "kinds": i["kinds"], "referrals": i["referrals"]} for i in q["queue"]],
        "unmet_needs": unmet.need_findings(snap, area, g.lang)})


@bp.post("/verify/start")
def start():
    snap = current_snapshot()
    area = _area(snap)
    store = _store()
    months = period_months(store)
    due = due_contacts(snap.net, snap.units_in(area), dt.date.today(), months)
    store.set_setting(round_setting(area), new_round(due, dt.date.today(), months))
    return redirect(url_for("verify.page", area=area), code=303)


@bp.post("/verify/check")
def check():
    """The coordinator checked a contact: its ``verified`` becomes today (a store
    write as the user, so history records who confirmed it and when)."""
    snap = current_snapshot()
    area = _area(snap)
    role = (request.form.get("role") or "").strip()
    if role not in snap.net.roles:
        raise not_found_translated("role", "error.no_role", id=repr(role))
    user = require_login("editor")
    follow(change("roles", role, {"verified": dt.date.today().isoformat()}, user)[1])
    return redirect(url_for("verify.page", area=area) + "#verify-queue", code=303)


def _link_units(snap, area: str) -> list[str]:
    """Units to send links to: those holding a contact of the queue, in queue order."""
    seen: list[str] = []
    for item in queue(snap, area)["queue"]:
        if item["unit"].id not in seen:
            seen.append(item["unit"].id)
    return seen


@bp.route("/verify/links", methods=["GET", "POST"])
def issue_links():
    """Fresh links for the queue's units: a page (POST from the round page) or CSV."""
    snap = current_snapshot()
    area = _area(snap)
    issued = links_mod.issue(snap.net, _link_units(snap, area))
    if request.values.get("format") == "csv":
        return Response(links_mod.csv_text(issued), mimetype="text/csv",
                        headers={"Content-Disposition":
                                 f"attachment; filename=vahvistuslinkit-{area}.csv"})
    return render_template("verify_links.html", area=snap.net.areas[area], links=issued,
                           days=links_mod.link_days(_store()),
                           smtp=links_mod.smtp_settings() is not None, sent=None)


@bp.post("/verify/send")
def send_links():
    snap = current_snapshot()
    area = _area(snap)
    if links_mod.smtp_settings() is None:
        raise bad_translated("smtp", "error.smtp_missing")
    issued = links_mod.issue(snap.net, _link_units(snap, area))
    try:
        sent, skipped = links_mod.send(issued, snap.net.areas[area].name, g.lang)
    except OSError as exc:
        current_app.logger.warning("confirmation links not sent: %s", exc)
        raise bad_translated(None, "error.smtp_unreachable", BadGateway) from None
    return render_template("verify_links.html", area=snap.net.areas[area], links=issued,
                           days=links_mod.link_days(_store()), smtp=True,
                           sent={"n": sent, "skipped": skipped})


def register(app) -> None:
    app.register_blueprint(bp)
