"""Server-rendered pages, one blueprint per area of the site (each with a JSON twin in
:mod:`.api`): areas and the map, who-do-I-call, findings and comparison, profiles,
what-if.  Pages work without JavaScript; the front end (``static/js``) enhances them."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import (Blueprint, current_app, g, make_response, redirect, render_template,
                   request, url_for)

from graphmap.model import Level, LinkKind, Sector

from .errors import bad_message, not_found_translated
from .elements import ParamError, area_elements, view_options
from .profiles import area_tree, area_view, filter_tree, role_view_full, unit_view
from . import search_form, unmet
from .reports import _card as answer_card, compare as compare_report, \
    findings as findings_report, rounds as rounds_report, search as search_report
from .auth import can_edit_area
from .history_pages import snapshot_for
from .response_cache import cached_page
from .snapshot import current_snapshot, search_snapshot
from .vendor import SCRIPTS

AREA_COOKIE = search_form.AREA_COOKIE

ENUMS = {"sector": [s.value for s in Sector], "level": [v.value for v in Level],
         "kind": [k.value for k in LinkKind]}

areas_bp = Blueprint("areas", __name__)
search_bp = Blueprint("search", __name__)
findings_bp = Blueprint("findings", __name__)
profiles_bp = Blueprint("profiles", __name__)
whatif_bp = Blueprint("whatif", __name__)


def scripts(*names: str, libraries: bool = True) -> list[str]:
    """URLs of the vendor libraries (``web/vendor.py``'s ``SCRIPTS``, in load order; not
    with ``libraries=False``) and of the named front-end modules of ``static/js``.  A
    name with no file is a broken page, found by tests/web/test_pages.py, not hidden."""
    urls = [f"/vendor/{name}" for name in SCRIPTS] if libraries else []
    return urls + [f"/static/js/{n}" for n in names]


def search_scripts() -> list[str]:
    """The who-do-I-call form needs only its own script, not the map's libraries."""
    return scripts("search.js", libraries=False)


@areas_bp.get("/")
def index():
    snap = current_snapshot()
    q = (request.args.get("q") or "").strip()
    tree = area_tree(snap)
    if q:
        tree = filter_tree(tree, q)
    # the who-do-I-call box starts empty, in the worker's remembered area
    form = search_form.form_values(snap, {}, request.cookies)
    return render_template("index.html", tree=tree, q=q, total=snap.net.counts(),
                           form=form, areas=search_form.area_choices(snap),
                           scripts=search_scripts())


def _area_choices(snap):
    return search_form.area_choices(snap)


def _area_page(snap, area_id: str) -> str:
    view = area_view(snap, area_id)
    try:  # the controls submit as a plain form: the tables then show the chosen view
        options = view_options(request.args)
    except ParamError as exc:
        raise bad_message(None, exc.message) from None
    elements = area_elements(snap, area_id, **options, lang=g.lang)
    choice = {name: request.args.get(name) for name in ("group", "size", "radius")}
    finding_list = []
    if not elements["aggregate"]:
        finding_list = findings_report(snap, {"area": area_id}, g.lang)["findings"]
    focus = request.args.get("focus", "")
    highlight = request.args.get("highlight", "")
    return render_template("area.html", view=view, elements=elements,
                           node_names={n["data"]["id"]: n["data"]["label"]
                                       for n in elements["nodes"]},
                           findings=finding_list,
                           focus=focus, highlight=highlight, options=options,
                           choice=choice, scripts=scripts("map.js"),
                           as_of=request.args.get("as_of", ""),
                           recorded_later=area_id in snap.recorded_later,
                           can_edit_here=can_edit_area(g.user, area_id, snap))


@areas_bp.get("/areas/<area_id>")
def area(area_id):
    snap = snapshot_for(request.args)  # ?as_of=YYYY-MM-DD: the network on that day
    if area_id not in snap.net.areas:
        raise not_found_translated(None, "error.no_area", id=repr(area_id))
    # rendering is most of a page view's CPU: once per revision for anonymous readers
    return cached_page(snap, area_id, lambda s: _area_page(s, area_id))


@search_bp.get("/search")
def search():
    snap = search_snapshot()  # at start, the kept search index answers alone
    args = request.args.copy()
    form = search_form.form_values(snap, args, request.cookies)
    if "area" not in args and form["area"]:
        args["area"] = form["area"]  # the worker's area from the last visit
    if args.get("units"):  # "show the area's units" (no JavaScript): the form only
        args["q"] = ""
    result = search_report(snap, args, g.lang, strict=False)
    if result.get("front_door") and "unit_url" not in result["front_door"]:
        result["front_door"] = answer_card(snap, result["front_door"])
    if result.get("query"):
        unmet.count(snap, result)
    response = make_response(render_template(
        "search.html", result=result, form=form,
        areas=search_form.area_choices(snap), scripts=search_scripts()))
    if result.get("area"):  # remember the worker's area for the next visit
        response.set_cookie(AREA_COOKIE, result["area"]["id"],
                            max_age=search_form.AREA_COOKIE_AGE, samesite="Lax", httponly=True)
    elif "area" in request.args and request.cookies.get(AREA_COOKIE):
        # "all areas" chosen: forget the area
        response.delete_cookie(AREA_COOKIE, samesite="Lax", httponly=True)
    return response


@findings_bp.get("/findings")
def findings():
    snap = current_snapshot()
    report = findings_report(snap, request.args, g.lang)
    area_arg = request.args.get("area", "")
    unmet_report = None  # the area's unmet queries: for its editors (coordinators) only
    if report.get("area") and unmet.may_read(snap, area_arg):
        unmet_report = unmet.report(snap, {"area": area_arg})
        needs = [dict(f, area_name=snap.net.areas[f["area"]].name, node_names=[], map_url=None)
                 for f in unmet.need_findings(snap, area_arg, g.lang)]
        report["findings"] = needs + report["findings"]  # for the area's editors only
    return render_template("findings.html", report=report,
                           areas=_area_choices(snap), area_arg=area_arg, unmet=unmet_report)


@findings_bp.get("/compare")
def compare():
    snap = current_snapshot()
    return render_template("compare.html", report=compare_report(snap, request.args, g.lang))


@findings_bp.get("/rounds")
def rounds():
    """Survey rounds compared (issue 15 item 5); twin ``/api/rounds``."""
    snap = current_snapshot()
    report = rounds_report(snap, current_app.extensions["graphmap.store"], request.args)
    return render_template("rounds.html", report=report, areas=_area_choices(snap),
                           area_arg=request.args.get("area", ""))


@profiles_bp.get("/units/<unit_id>")
def unit(unit_id):
    snap = current_snapshot()
    if unit_id not in snap.net.units:
        raise not_found_translated(None, "error.no_unit", id=repr(unit_id))
    p = unit_view(snap, unit_id, viewer=g.user)
    p["can_edit"] = can_edit_area(g.user, snap.net.units[unit_id].area, snap)
    return render_template("unit.html", p=p)


@profiles_bp.get("/roles/<role_id>")
def role(role_id):
    snap = current_snapshot()
    if role_id not in snap.net.roles:
        raise not_found_translated(None, "error.no_role", id=repr(role_id))
    p = role_view_full(snap, role_id, viewer=g.user)
    unit = snap.net.units.get(snap.net.roles[role_id].unit)
    p["can_edit"] = unit is not None and can_edit_area(g.user, unit.area, snap)
    return render_template("role.html", p=p)


@whatif_bp.get("/whatif")
def whatif():
    snap = current_snapshot()
    area_id = (request.args.get("area") or "").strip() or None
    if area_id is not None and area_id not in snap.net.areas:
        raise not_found_translated(None, "error.no_area", id=repr(area_id))
    view = area_view(snap, area_id) if area_id else None
    parts = _whatif_parts(snap, view) if view else {"roles": [], "links": []}
    return render_template("whatif.html", view=view, areas=_area_choices(snap),
                           roles=parts["roles"], links=parts["links"],
                           kinds=[k.value for k in LinkKind],
                           scripts=scripts("whatif.js"))


def _whatif_parts(snap, view) -> dict:
    """The area's roles (title and unit, never a person's name) and its links in force,
    for the what-if form's "remove a role" and "remove a link" choices."""
    unit_ids = {u["id"] for u in view["units"]}
    names = {u["id"]: u["name"] for u in view["units"]}
    roles = sorted(({"id": r.id, "title": r.title, "unit": r.unit, "unit_name": names[r.unit]}
                    for r in snap.net.roles.values() if r.unit in unit_ids and r.id in snap.g),
                   key=lambda r: (r["unit_name"].lower(), r["title"].lower(), r["id"]))
    role_names = {r["id"]: f"{r['title']} ({r['unit_name']})" for r in roles}
    everyone = {**names, **role_names}
    links = []
    for a, b, k in sorted(snap.g.edges(keys=True)):
        if a in everyone and b in everyone and k in LINK_KINDS:
            links.append({"source": a, "target": b, "kind": k,
                          "source_name": everyone[a], "target_name": everyone[b]})
    return {"roles": roles, "links": links}


LINK_KINDS = frozenset(k.value for k in LinkKind)


_TWINS = {"areas.index": "/api/areas", "search.search": "/api/search",
          "findings.findings": "/api/analysis", "findings.compare": "/api/compare",
          "findings.rounds": "/api/rounds",
          "history.history_page": "/api/history", "history.compare_page": "/api/diff"}


def json_twin() -> str | None:
    """The JSON twin of the page being rendered (``<link rel="alternate">``)."""
    endpoint = request.endpoint or ""
    if endpoint in _TWINS:
        query = request.query_string.decode("utf-8", "replace")
        return _TWINS[endpoint] + (f"?{query}" if query else "")
    if endpoint in ("areas.area", "profiles.unit", "profiles.role"):
        return "/api" + request.path
    return None


@areas_bp.get("/favicon.ico")
def favicon():
    # browsers ask for /favicon.ico on their own, e.g. for JSON twins opened directly
    return redirect(url_for("static", filename="img/favicon.svg"), code=301)


def register(app) -> None:
    for bp in (areas_bp, search_bp, findings_bp, profiles_bp, whatif_bp):
        app.register_blueprint(bp)

    @app.context_processor
    def _urls():
        def lang_url(code: str) -> str:
            args = request.args.copy()
            args["lang"] = code
            return request.path + "?" + urlencode(list(args.items(multi=True)))

        def sort_url(key: str, current: str | None) -> str:
            args = request.args.copy()
            args["sort"] = ("-" + key) if current == key else key
            return request.path + "?" + urlencode(list(args.items(multi=True)))
        return {"lang_url": lang_url, "sort_url": sort_url, "enums": ENUMS,
                "json_twin": json_twin()}
