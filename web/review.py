"""The review queue (issue 14 items 2-3): providers' corrections and "report a
problem", decided by an editor of the unit's area.

``/review?area=<id>`` lists the open items of the area (and the areas below it) for
its editors; each correction shows the value now and the proposed one in an editable
field, so the editor accepts as proposed, accepts after editing, or rejects.
Accepting writes the records through the ordinary store write as the editor (the one
permission rule applies, history records it with the item's number); the decision
itself — who, when, what was applied — is kept on the item.

``/report?unit=<id>`` (or ``role=``) is the "report a problem" form on every answer
card and profile: what is wrong, optionally how to reach the reporter; no login;
rate-limited per client address (:data:`MAX_REPORTS` in :data:`REPORT_WINDOW`).
"""
from __future__ import annotations

from flask import (Blueprint, current_app, g, jsonify, redirect, render_template,
                   request, url_for)

from graphmap.model import ValidationError
from werkzeug.exceptions import Forbidden

from .auth import LoginLimiter, can_edit_area
from .permissions import editor_area
from .edit import check_change, fresh_network, follow, serialised
from .errors import bad_translated, not_found_translated
from .provider import MAX_TEXT, ROLE_FIELDS, UNIT_FIELDS
from .records import parse_record, problems_json
from .snapshot import current_snapshot

bp = Blueprint("review", __name__)

MAX_REPORTS = 5
REPORT_WINDOW = 600.0  # seconds
MAX_CONTACT = 200


def _store():
    return current_app.extensions["graphmap.store"]


def _area(snap):
    return editor_area(snap, "error.review_area_forbidden")


def _rows(snap, item: dict) -> list[dict]:
    """One row per proposed field: where, field, value now, proposed value."""
    net = snap.net
    rows = []
    payload = item["payload"]
    unit = net.units.get(item["unit"])
    for field, value in (payload.get("unit") or {}).items():
        if field in UNIT_FIELDS:
            rows.append({"name": f"unit.{field}", "sheet": "units", "id": item["unit"],
                         "field": field, "now": getattr(unit, field, None) if unit else None,
                         "proposed": value, "label": unit.name if unit else item["unit"]})
    for rid, fields in (payload.get("roles") or {}).items():
        role = net.roles.get(rid)
        for field, value in fields.items():
            if field in ROLE_FIELDS:
                rows.append({"name": f"role.{rid}.{field}", "sheet": "roles", "id": rid,
                             "field": field, "now": getattr(role, field, None) if role else None,
                             "proposed": value, "label": role.title if role else rid})
    return rows


def _items(snap, area: str) -> tuple[list[dict], list[dict]]:
    """(open items with their rows, the 20 latest decided) of ``area`` and below."""
    below = snap.units_in(area)
    items = [dict(i, rows=_rows(snap, i), unit_name=snap.net.units[i["unit"]].name
                  if i["unit"] in snap.net.units else i["unit"])
             for i in _store().review_items(status="open")
             if i["unit"] in below or (i["area"] == area)]
    decided = [i for i in _store().review_items() if i["status"] != "open"
               and (i["unit"] in below or i["area"] == area)][:20]
    return items, decided


@bp.get("/review")
def page():
    snap = current_snapshot()
    user, area = _area(snap)
    items, decided = _items(snap, area)
    return render_template("review.html", area=snap.net.areas[area], items=items,
                           decided=decided, problems=None)


@bp.get("/api/review")
def api_page():
    """The JSON twin of the review page (editors of the area only)."""
    snap = current_snapshot()
    user, area = _area(snap)
    items, decided = _items(snap, area)
    return jsonify({"area": {"id": area, "name": snap.net.areas[area].name},
                    "open": items, "decided": decided})


@serialised
def _apply(user, rows: list[dict], form, item_id: int) -> tuple[dict, list[dict]]:
    """Write the accepted values (as edited by the editor) in one store write."""
    net = fresh_network()
    values: dict[tuple[str, str], dict] = {}
    applied = []
    for row in rows:
        value = (form.get(row["name"]) or "").strip()[:MAX_TEXT]
        values.setdefault((row["sheet"], row["id"]), {})[row["field"]] = value
        applied.append({"sheet": row["sheet"], "id": row["id"], "field": row["field"],
                        "value": value})
    records = []
    for (sheet, key), fields in values.items():
        old = getattr(net, sheet).get(key)
        if old is None:
            continue  # removed from the map since: nothing to correct
        record = parse_record(sheet, fields, base=old)
        check_change(user, sheet, old, record, net)
        records.append(record)
    if not records:
        return {}, applied
    from graphmap.model import Network
    out = Network()
    for r in records:
        out.add(r)
    result = _store().write(out, actor=user.username, current=net,
                            note=f"review item {item_id}")
    return result, applied


@bp.post("/review/<int:item_id>")
def decide(item_id):
    snap = current_snapshot()
    user, area = _area(snap)
    found = _store().review_items(item_id=item_id)
    if not found or found[0]["status"] != "open":
        raise not_found_translated("item", "error.no_review_item", id=item_id)
    item = found[0]
    unit = snap.net.units.get(item["unit"])
    if not can_edit_area(user, unit.area if unit else item["area"], snap):
        raise bad_translated(None, "error.review_forbidden", Forbidden)
    decision = request.form.get("decision")
    if decision == "reject":
        _store().decide_review_item(item_id, status="rejected", actor=user.username)
    elif decision == "accept":
        try:
            result, applied = _apply(user, _rows(snap, item), request.form, item_id)
        except ValidationError as exc:
            return render_template("review.html", area=snap.net.areas[area], items=[],
                                   decided=[], problems=problems_json(exc)), 400
        if result:
            follow(result)
        _store().decide_review_item(item_id, status="accepted", actor=user.username,
                                    decision={"applied": applied,
                                              "revision": result.get("revision")})
    else:
        raise bad_translated("decision", "error.one_of", param="decision",
                             allowed="accept, reject", value=repr(decision))
    return redirect(url_for("review.page", area=area), code=303)


# ------------------------------------------------------------------ report a problem


def _limiter() -> LoginLimiter:
    ext = current_app.extensions
    if "graphmap.report_limiter" not in ext:
        ext["graphmap.report_limiter"] = LoginLimiter(
            current_app.config.get("REPORT_MAX", MAX_REPORTS),
            current_app.config.get("REPORT_WINDOW", REPORT_WINDOW))
    return ext["graphmap.report_limiter"]


def _subject(snap):
    """(unit id, role id or None) the report is about, from ``unit=`` or ``role=``."""
    role = (request.values.get("role") or "").strip()
    if role:
        if role not in snap.net.roles:
            raise not_found_translated("role", "error.no_role", id=repr(role))
        return snap.net.roles[role].unit, role
    unit = (request.values.get("unit") or "").strip()
    if unit not in snap.net.units:
        raise not_found_translated("unit", "error.no_unit", id=repr(unit))
    return unit, None


@bp.route("/report", methods=["GET", "POST"])
def report():
    snap = current_snapshot()
    unit_id, role_id = _subject(snap)
    unit = snap.net.units[unit_id]
    role = snap.net.roles.get(role_id) if role_id else None
    ctx = {"unit": unit, "role": role, "done": False, "problem": None}
    if request.method == "GET":
        return render_template("report.html", **ctx)
    message = (request.form.get("message") or "").strip()
    contact = (request.form.get("contact") or "").strip()
    if not message:
        return render_template("report.html", **{**ctx, "problem": "verify_report_empty"}), 400
    if len(message) > MAX_TEXT or len(contact) > MAX_CONTACT:
        return render_template("report.html", **{**ctx, "problem": "verify_report_long"}), 400
    key = ("report", request.remote_addr or "")
    wait = _limiter().retry_after(key)
    if wait:
        resp = current_app.make_response(
            (render_template("report.html", **{**ctx, "problem": "verify_report_limit"}), 429))
        resp.headers["Retry-After"] = str(wait)
        return resp
    _limiter().failed(key)  # counts a report, whatever the limiter calls it
    _store().add_review_item(area=unit.area, unit=unit_id, kind="report",
                             payload={"message": message, "contact": contact,
                                      "role": role_id, "lang": g.lang})
    return render_template("report.html", **{**ctx, "done": True})


def register(app) -> None:
    app.register_blueprint(bp)
