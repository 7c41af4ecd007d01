"""The JSON API: the twin of every page (``/api/…``).  Bad parameters answer 4xx
``{"error": …, "param": …}``; the app's error handlers make sure nothing under ``/api/``
ever answers with HTML."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, g, jsonify, request
from werkzeug.exceptions import Forbidden

from graphmap.analysis import whatif as run_whatif
from graphmap.model import ValidationError, localised

from .elements import ParamError, area_elements_json, parse_flag, view_options
from .errors import bad_message, bad_translated, not_found_translated
from .facts import now
from .i18n import LANGS, catalogue, translate
from .profiles import area_tree, area_view, filter_tree, role_view_full, unit_view
from .history_pages import snapshot_for
from .snapshot import current_snapshot, noted_updating, search_snapshot
from . import reports, search_form, unmet
from .auth import require_login
from .response_cache import cached_body, json_body

bp = Blueprint("api", __name__, url_prefix="/api")


def _lang() -> str:
    asked = request.args.get("lang")
    if asked is not None and asked not in LANGS:
        raise bad_translated("lang", "error.one_of", param="lang", allowed=", ".join(LANGS),
                             value=repr(asked))
    return asked or g.lang


def _area(snap, param: str = "area", value: str | None = None) -> str:
    if value not in snap.net.areas:
        raise not_found_translated(param, "error.no_area", id=repr(value))
    return value


@bp.get("/areas")
def areas():
    snap = current_snapshot()
    q = (request.args.get("q") or "").strip()
    if len(q) > 100:
        raise bad_translated("q", "error.too_long", param="q", most=100)
    # keyed by the revision it reports: a catch-up that found nothing to patch moves
    # the same snapshot (and its cache) on to the new revision (SnapshotSource._patch)
    return cached_body(snap, "areas", None, lambda: json_body(
        {"revision": snap.revision, "q": q,
         "areas": filter_tree(area_tree(snap), q) if q else area_tree(snap)}),
        vary=snap.revision)


@bp.get("/areas/<area_id>")
def area(area_id):
    snap = current_snapshot()
    _area(snap, "id", area_id)
    return jsonify(area_view(snap, area_id))


@bp.get("/graph")
def national_graph():
    """The whole network aggregated: family-centre areas as nodes, link counts as edges
    (the national overview; same filters as an area's graph).  There is no detailed
    national view: hundreds of thousands of elements are no map."""
    try:
        if not parse_flag("aggregate", request.args.get("aggregate"), True):
            raise bad_translated("aggregate", "error.aggregate_only")
    except ParamError as exc:
        raise bad_message(exc.param, exc.message) from None
    return _graph(current_snapshot(), None)


@bp.get("/areas/<area_id>/graph")
def area_graph(area_id):
    snap = snapshot_for(request.args)  # ?as_of=YYYY-MM-DD: the network on that day
    _area(snap, "id", area_id)
    return _graph(snap, area_id)


def _graph(snap, area_id):
    try:
        body = area_elements_json(snap, area_id, **view_options(request.args), lang=_lang())
    except ParamError as exc:
        raise bad_message(exc.param, exc.message) from None
    if noted_updating():  # an earlier revision's map while this one's is computed
        body = b'{"updating":true,' + body[1:]
    return current_app.response_class(body, mimetype="application/json")


@bp.get("/search")
def search():
    # at start, before the network has loaded, the kept search index answers alone
    snap, lang = search_snapshot(), _lang()
    clock = now()
    # the urgent doors' order follows which of them are open (rule a): kept a minute;
    # an answer from the previous index while this revision's is patched is kept as such
    return cached_body(snap, "search", None, lambda: json_body(
        reports.search(snap, request.args, lang, strict=True, now=clock)),
        vary=(clock.replace(second=0, microsecond=0), getattr(snap, "index_updating", None)),
        keep_updating=True, shared=getattr(snap, "_stale_index", None))


@bp.get("/search/units")
def search_units():
    """The "my unit" picker's choices for one area (``static/js/search.js``)."""
    return jsonify(search_form.units_report(current_snapshot(), request.args))


@bp.get("/unmet")
def unmet_queries():
    """Unmet who-do-I-call queries of an area: its editors and admins only."""
    snap = current_snapshot()
    area = (request.args.get("area") or "").strip()
    if not area:
        raise bad_translated("area", "error.area_required")
    if area not in snap.net.areas:
        raise not_found_translated("area", "error.no_area", id=repr(area))
    require_login("viewer")
    if not unmet.may_read(snap, area):
        raise bad_translated(None, "error.unmet_forbidden", Forbidden)
    return jsonify(unmet.report(snap, request.args))


@bp.get("/rounds")
def rounds():
    """Survey rounds and the comparison of two (twin of ``/rounds``)."""
    from flask import current_app
    return jsonify(reports.rounds(current_snapshot(), current_app.extensions["graphmap.store"],
                                  request.args))


@bp.get("/analysis")
def analysis():
    return jsonify(reports.findings(current_snapshot(), request.args, _lang()))


@bp.get("/compare")
def compare():
    return jsonify(reports.compare(current_snapshot(), request.args, _lang()))


@bp.get("/units/<unit_id>")
def unit(unit_id):
    snap = current_snapshot()
    if unit_id not in snap.net.units:
        raise not_found_translated("id", "error.no_unit", id=repr(unit_id))
    # kept with the unit's area: a write elsewhere leaves its profile as it is
    return cached_body(snap, "unit", snap.net.units[unit_id].area,
                       lambda: json_body(unit_view(snap, unit_id, viewer=g.user)))


@bp.get("/roles/<role_id>")
def role(role_id):
    snap = current_snapshot()
    if role_id not in snap.net.roles:
        raise not_found_translated("id", "error.no_role", id=repr(role_id))
    return jsonify(role_view_full(snap, role_id, viewer=g.user))


@bp.post("/whatif")
def whatif():
    lang = _lang()
    scenario = request.get_json(silent=True)
    if scenario is None:
        raise bad_translated("body", "error.json_body", shape='{"name": …, "changes": [...]}')
    if not isinstance(scenario, dict) or not isinstance(scenario.get("changes"), list):
        raise bad_translated("changes", "error.scenario_changes")
    snap = current_snapshot()
    try:
        report = run_whatif(snap.g, scenario, lang=lang, today=dt.date.today())
    except ValidationError as exc:
        return jsonify({"error": translate("error.scenario_invalid"), "param": "changes",
                        "problems": [_problem(p) for p in exc.problems]}), 400
    return jsonify(report)


def _problem(p) -> dict:
    """One problem of a scenario, its message in the request's language."""
    if hasattr(p, "entity"):
        where = p.entity + (f"[{p.key}]" if p.key is not None else "") + \
            (f".{p.field}" if p.field else "")
        return {"where": where, "message": localised(p.message, _lang())}
    return {"where": None, "message": str(p)}


@bp.get("/i18n")
def i18n():
    return jsonify({"lang": _lang(), "strings": catalogue(_lang())})
