"""Editing (issue 5 item 2): the write API and the edit pages over one set of rules.

``POST /api/units``, ``PATCH|DELETE /api/units/<id>``, the same for ``/api/roles`` and
``/api/links`` (link id ``source>target:kind``, URL-encoded), ``POST
/api/roles/<id>/verified`` (stamps today), and the forms that do the same without
JavaScript.  Every write goes through the store (``store.write`` / ``store.delete``
with ``actor`` = the user), which validates the whole network and records history.

Who may write: the one rule of :mod:`.permissions` (editors in their areas and below,
admins everywhere), which the web import applies too.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections import ChainMap
from typing import cast
import threading
import time

from flask import (Blueprint, current_app, jsonify, redirect, render_template,
                   g, request, url_for)
from werkzeug.exceptions import Conflict, Forbidden

from graphmap.i18n.message import Text
from graphmap.model import (FIELDS, RECORD_TYPES, Network, ValidationError, localised,
                            parse_link_key, record_to_dict)

from .auth import can_edit_area, require_login
from .i18n import translate
from .errors import bad_message, bad_translated, not_found_translated
from .permissions import refusal
from .records import KEY_FIELDS, parse_record, problems_json
from .snapshot import current_snapshot, name_withdrawn

api_bp = Blueprint("edit_api", __name__, url_prefix="/api")
pages_bp = Blueprint("edit", __name__)

SHEETS = ("units", "roles", "links")
#: one web write at a time per process: writers queue here instead of on SQLite's
#: write lock (whose busy timeout turns a long queue into "database is locked"), and
#: the network each write was checked against is then usually still current, so the
#: store need not read it again inside its transaction
WRITE_LOCK = threading.Lock()
#: ``active`` while this thread holds WRITE_LOCK in :func:`serialised`
_writing = threading.local()
SINGULAR = {"units": "unit", "roles": "role", "links": "link"}


# ------------------------------------------------------------------ rules


def _store():
    return current_app.extensions["graphmap.store"]


def _snapshots():
    return current_app.extensions["graphmap.snapshots"]


def fresh_network() -> Network:
    """The network as stored now.  Under :data:`WRITE_LOCK` (a write being checked):
    the writers' own network, brought up to the store's revision in place
    (web/working.py) — a write then costs what it changes, not a patched snapshot.
    Elsewhere (a form being drawn): :func:`snapshot_network`."""
    if getattr(_writing, "active", False):
        return current_app.extensions["graphmap.working"].network()
    return snapshot_network()


def snapshot_network() -> Network:
    """The snapshot's network, patched up to the store's revision (waiting for a patch
    another request is making), else a read (the snapshot may lag behind a large
    import while it rebuilds in the background).  A removal is checked against it:
    its graph tells what the removal cascades to (:func:`_near`)."""
    store = _store()
    revision = store.revision()
    snap = _snapshots().get()
    if snap.revision >= revision:
        return snap.net
    return store.read()


def check_change(user, sheet: str, old, new, before: Network,
                 after: Network | None = None) -> None:
    """403 unless ``user`` may change ``old`` into ``new`` (the one rule,
    :func:`.permissions.refusal`; ``after`` defaults to ``before`` with ``new`` in it)."""
    if after is None:
        after = _overlay(before, new) if new is not None else before
    reason = refusal(user, sheet, old, new, before, after, current_snapshot())
    if reason:
        raise bad_message(None, reason, Forbidden)


def lookup(sheet: str, key: str, net: Network):
    if sheet == "links":
        try:
            return net.links.get(parse_link_key(key))
        except ValueError:
            raise bad_translated("id", "error.link_key", value=repr(key)) from None
    return getattr(net, sheet).get(key)


def store_write(records: list, sheet: str, user, current: Network | None = None) -> dict:
    """Upsert ``records`` as ``user`` (the store validates the whole network and
    records history).  ``current``: the network the change was checked against; the
    store trusts it only while it is still the stored revision, else reads again."""
    net = Network()
    for record in records:
        net.add(record)
    hides = bool(net.roles) and (current is None or name_withdrawn(current, net.roles))
    return _patched(_store().write(net, actor=user.username, current=current), hides)


def store_delete(sheet: str, keys: list, user, current: Network | None = None) -> dict:
    return _patched(_store().delete(sheet, keys, actor=user.username, current=current,
                                    near=_near(current)), hides=True)


def _near(net: Network | None):
    """What a removal cascades to, from the snapshot of ``net`` (its graph's links and
    its roles by unit) instead of a scan of the whole network; ``None`` when ``net`` is
    not the current snapshot's."""
    snap = _snapshots().get()
    if net is None or snap.net is not net:
        return None
    g, roles_of = snap.g, snap.roles_of

    def near(node: str):
        if node not in g:
            return (), ()
        links = [(node, v, k) for v, keyed in g.succ[node].items() for k in keyed]
        links += [(u, node, k) for u, keyed in g.pred[node].items() for k in keyed]
        return roles_of.get(node, ()), links
    return near


def _patched(result: dict, hides: bool) -> dict:
    """Have the snapshot patched by the write just made (still under
    :data:`WRITE_LOCK`): at once when it was patched longer ago than
    :data:`.snapshot.PATCH_INTERVAL` — an editor's write shows in their next request —
    else, under a stream of writes, once for all of them at the end of that interval
    (:meth:`.snapshot.SnapshotSource.after_write`).  Readers get the previous snapshot
    meanwhile, marked "updating" — never a name the write ``hides``."""
    _snapshots().after_write((result or {}).get("revision"), hides)
    return result


def follow(result: dict) -> None:
    """Wait (up to ``EDIT_FOLLOW_SECONDS``, default 10) until the web snapshot shows
    the write, so the page an editor is sent to after saving shows their change.
    In TESTING the snapshot is rebuilt synchronously anyway."""
    source = current_app.extensions["graphmap.snapshots"]
    wanted = (result or {}).get("revision")
    deadline = time.monotonic() + current_app.config.get("EDIT_FOLLOW_SECONDS", 10)
    while wanted is not None and time.monotonic() < deadline:
        if source.get().revision >= wanted:
            return
        source.wait(max(0.0, deadline - time.monotonic()))


# ------------------------------------------------------------------ operations


def serialised(fn):
    """Run ``fn`` under :data:`WRITE_LOCK`.  A store still busy after its timeout
    (another process writing, e.g. ``graphmap import``) raises
    :class:`graphmap.store.StoreBusy`, which the app answers with 503 and Retry-After
    (web/errors.py)."""
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        with WRITE_LOCK:
            _writing.active = True
            try:
                return fn(*args, **kwargs)
            finally:
                _writing.active = False
    return inner


@serialised
def create(sheet: str, values: dict, user):
    net = fresh_network()
    record = parse_record(sheet, values)
    if lookup(sheet, record.id if sheet != "links" else record.id, net) is not None:
        raise bad_translated(None, "error.exists", Conflict, sheet=Text(f"sheet.{sheet}"),
                             id=repr(record.id))
    check_change(user, sheet, None, record, net)
    return record, store_write([record], sheet, user, net)


@serialised
def change(sheet: str, key: str, values: dict, user):
    net = fresh_network()
    old = lookup(sheet, key, net)
    if old is None:
        raise not_found_translated(None, f"error.no_{SINGULAR[sheet]}", id=repr(key))
    record = parse_record(sheet, values, base=old)
    check_change(user, sheet, old, record, net)
    return record, store_write([record], sheet, user, net)


@serialised
def remove(sheet: str, key: str, user) -> dict:
    net = snapshot_network()
    old = lookup(sheet, key, net)
    if old is None:
        raise not_found_translated(None, f"error.no_{SINGULAR[sheet]}", id=repr(key))
    check_change(user, sheet, old, None, net)
    return store_delete(sheet, [old.id], user, net)


def _one(record) -> Network:
    n = Network()
    n.add(record)
    return n


def _overlay(net: Network, record) -> Network:
    """``net`` with ``record`` upserted, for reading only: each sheet a ChainMap over
    ``net``'s, so checking a one-record change does not copy the whole network."""
    top = _one(record)
    return Network(**{sheet: cast(dict, ChainMap(getattr(top, sheet), getattr(net, sheet)))
                      for sheet in RECORD_TYPES})


# ------------------------------------------------------------------ API


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise bad_translated("body", "error.json_body", shape='{"field": value, …}')
    return body


def _invalid(exc: ValidationError):
    return jsonify({"error": translate("error.change_invalid"),
                    "status": 400, "problems": problems_json(exc)}), 400


def _answer(sheet, record, result, status=200):
    return jsonify({SINGULAR[sheet]: record_to_dict(record), "result": result}), status


def _api_routes(sheet: str) -> None:
    one = f"/{sheet}/<path:key>" if sheet == "links" else f"/{sheet}/<key>"

    def post():
        user = require_login("editor")
        try:
            record, result = create(sheet, _body(), user)
        except ValidationError as exc:
            return _invalid(exc)
        return _answer(sheet, record, result, 201)

    def patch(key):
        user = require_login("editor")
        try:
            record, result = change(sheet, key, _body(), user)
        except ValidationError as exc:
            return _invalid(exc)
        return _answer(sheet, record, result)

    def delete(key):
        user = require_login("editor")
        try:
            result = remove(sheet, key, user)
        except ValidationError as exc:
            return _invalid(exc)
        return jsonify({"removed": key, "result": result})

    api_bp.add_url_rule(f"/{sheet}", f"create_{sheet}", post, methods=["POST"])
    api_bp.add_url_rule(one, f"change_{sheet}", patch, methods=["PATCH"])
    api_bp.add_url_rule(one, f"delete_{sheet}", delete, methods=["DELETE"])


for _sheet in SHEETS:
    _api_routes(_sheet)


@api_bp.post("/roles/<key>/verified")
def verified(key):
    user = require_login("editor")
    try:
        record, result = change("roles", key, {"verified": dt.date.today().isoformat()}, user)
    except ValidationError as exc:
        return _invalid(exc)
    return _answer("roles", record, result)


# ------------------------------------------------------------------ pages


#: the translation group of each choice field ("level.early" → "varhaisen tuen"), so the
#: form shows no English enum value (issue 15 item 4)
CHOICE_GROUPS = {"type": "unit_type", "level": "level", "channels": "channel", "kind": "kind",
                 "frequency": "frequency", "data_source": "data_source",
                 "cooperation": "cooperation", "sector": "sector"}


def _form_values(sheet: str) -> dict:
    values = {f.name: request.form.get(f.name, "") for f in FIELDS[sheet]
              if f.name in request.form}
    if sheet == "units" and "channels-sent" in request.form:  # checkboxes: none ticked = none
        values["channels"] = ";".join(request.form.getlist("channels"))
    return values


def _pickers(net: Network) -> dict:
    """Organisations and areas by name, for the form's pickers instead of typed ids."""
    return {"organisation": sorted(((o.id, o.name) for o in net.organisations.values()),
                                   key=lambda p: p[1].lower()),
            "area": sorted(((a.id, a.name) for a in net.areas.values()),
                           key=lambda p: p[1].lower())}


def _title_name(sheet: str, key: str | None, net: Network) -> str | None:
    """What the edited record is called: a unit's name, a role's title and unit, a
    link's two ends — never its id."""
    if key is None:
        return None
    record = lookup(sheet, key, net)
    if record is None:
        return None
    if sheet == "units":
        return record.name
    if sheet == "roles":
        unit = net.units.get(record.unit)
        return f"{record.title} – {unit.name}" if unit else record.title

    def end(n):
        if n in net.units:
            return net.units[n].name
        role = net.roles.get(n)
        return role.title if role else n
    return f"{end(record.source)} → {end(record.target)}"


def _profile_url(sheet: str, record) -> str:
    if sheet == "units":
        return url_for("profiles.unit", unit_id=record.id)
    if sheet == "roles":
        return url_for("profiles.role", role_id=record.id)
    if record.source in fresh_network().roles:
        return url_for("profiles.role", role_id=record.source)
    return url_for("profiles.unit", unit_id=record.source)


def _render_form(sheet, values, action, *, key=None, problems=None, status=200):
    net = fresh_network()
    return render_template("edit.html", sheet=sheet, fields=FIELDS[sheet], values=values,
                           action=action, key=key, problems=problems or [],
                           key_fields=KEY_FIELDS[sheet] if key else (),
                           groups=CHOICE_GROUPS, pickers=_pickers(net),
                           title_name=_title_name(sheet, key, net)), status


def new(sheet):
    user = require_login("editor")
    action = url_for(f"edit.new_{sheet}")
    if request.method == "GET":
        return _render_form(sheet, dict(request.args.items()), action)
    values = _form_values(sheet)
    try:
        record, result = create(sheet, values, user)
    except ValidationError as exc:
        return _render_form(sheet, values, action, problems=problems_json(exc), status=400)
    follow(result)
    return redirect(_profile_url(sheet, record), code=303)


def edit(sheet, key):
    user = require_login("editor")
    action = url_for(f"edit.edit_{sheet}", key=key)
    net = fresh_network()
    old = lookup(sheet, key, net)
    if old is None:
        raise not_found_translated(None, f"error.no_{SINGULAR[sheet]}", id=repr(key))
    reason = refusal(user, sheet, old, None, net, net, current_snapshot())
    if reason:  # whoever may not remove it may not edit it either
        raise bad_message(None, reason, Forbidden)
    if request.method == "GET":
        from graphmap.model import record_to_row
        return _render_form(sheet, record_to_row(sheet, old), action, key=key)
    values = _form_values(sheet)
    try:
        record, result = change(sheet, key, values, user)
    except ValidationError as exc:
        return _render_form(sheet, values, action, key=key, problems=problems_json(exc),
                            status=400)
    follow(result)
    return redirect(_profile_url(sheet, record), code=303)


def delete(sheet, key):
    user = require_login("editor")
    net = fresh_network()
    old = lookup(sheet, key, net)
    if old is None:
        raise not_found_translated(None, f"error.no_{SINGULAR[sheet]}", id=repr(key))
    try:
        follow(remove(sheet, key, user))
    except ValidationError as exc:
        return render_template("error.html", code=400, message_lang=g.lang, message="; ".join(
            localised(p.message, g.lang) for p in exc.problems) or str(exc)), 400
    if sheet == "units":
        return redirect(url_for("areas.area", area_id=old.area), code=303)
    if sheet == "roles":
        return redirect(url_for("profiles.unit", unit_id=old.unit), code=303)
    return redirect(_profile_url(sheet, old), code=303)


@pages_bp.post("/roles/<key>/verified")
def verified_page(key):
    user = require_login("editor")
    follow(change("roles", key, {"verified": dt.date.today().isoformat()}, user)[1])
    return redirect(url_for("profiles.role", role_id=key), code=303)


for _sheet in SHEETS:  # static paths per sheet: /units/new must not be unit "new"
    _key = "<path:key>" if _sheet == "links" else "<key>"
    pages_bp.add_url_rule(f"/{_sheet}/new", f"new_{_sheet}", new,
                          methods=["GET", "POST"], defaults={"sheet": _sheet})
    pages_bp.add_url_rule(f"/{_sheet}/{_key}/edit", f"edit_{_sheet}", edit,
                          methods=["GET", "POST"], defaults={"sheet": _sheet})
    pages_bp.add_url_rule(f"/{_sheet}/{_key}/delete", f"delete_{_sheet}", delete,
                          methods=["POST"], defaults={"sheet": _sheet})


@pages_bp.get("/areas/<area_id>/export.xlsx")
def export_area(area_id):
    """The area's slice as a workbook (issue 15 item 4): the same editor may edit it and
    import it back on /import — the one rule of :mod:`.permissions` decides both, and
    the records outside the area a slice carries (a link's far end, the area's county)
    come back unchanged, which needs no right."""
    from flask import Response

    from graphmap.importers.export import xlsx_bytes
    user = require_login("editor")
    snap = current_snapshot()
    if area_id not in snap.net.areas:
        raise not_found_translated(None, "error.no_area", id=repr(area_id))
    if not can_edit_area(user, area_id, snap):
        raise bad_translated(None, "error.export_forbidden", Forbidden, area=repr(area_id))
    body = xlsx_bytes(_store().read(area=area_id))
    name = f"graphmap-{area_id}-{dt.date.today().isoformat()}.xlsx"
    return Response(body, mimetype="application/vnd.openxmlformats-officedocument."
                                   "spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def register(app) -> None:
    app.register_blueprint(api_bp)
    app.register_blueprint(pages_bp)
