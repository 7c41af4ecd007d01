"""The printable area directory (issue 16 item 6): ``/areas/<id>/directory`` and ``.pdf``.

Why: coordinators still hand partners (schools, parishes, associations) a printed list of
whom to call; it should come from the same network the map and the search use, be dated,
and never print a name that may not be shown.

What: per area, its services (units in it and below it; forums are meetings, not doors,
and are left out) with their contacts, grouped two ways — by support level (DOMAIN.md §3,
lightest first) with the full entry, and by need: every need of the search vocabulary
(``graphmap/data/needs/`` read through :mod:`graphmap.search.needs`, the one the search
index has loaded) with the area's services that answer it, by the search index's own
rule (:meth:`SearchIndex.need_column`), urgent needs first.  As HTML with a print
stylesheet, and as a PDF (WeasyPrint) from the same template, in fi/sv/en, with the date
it was made.

Privacy: a printed list leaves the system, so it is always the anonymous view of
:mod:`graphmap.privacy` — also for a logged-in user: a hidden person's role shows its
title only, and no contact that spells a hidden name is printed.

Opening hours: :func:`unit_hours` writes a unit's hours (:mod:`graphmap.hours`) in the
page's language; the template shows them under each service.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, g, render_template, request
from werkzeug.exceptions import ServiceUnavailable

from graphmap.model import LEVEL_ORDER, UnitType
from graphmap.privacy import public_record, public_view

from .errors import bad_translated, not_found_translated
from .snapshot import Snapshot, current_snapshot

bp = Blueprint("directory", __name__)
STATIC = Path(__file__).parent / "static"
#: a directory is a list people read: a bigger area is refused with a hint to pick a smaller one
MAX_UNITS = 800
#: how well a service must answer a need to be listed under it (SearchIndex.need_column:
#: 1.0 the need's first service keyword itself, 0.8 a service word, 0.7 a role title)
NEED_FIT = 0.7
_URGENCY_ORDER = {"urgent": 0, "soon": 1, "routine": 2}


def unit_hours(unit, lang: str) -> str | None:
    """The unit's opening hours as one line of text in ``lang`` ("ma–pe 8–16"), or None
    when the map has none for it."""
    from graphmap.hours import format_hours, parse
    text = format_hours(parse(unit.hours), lang) if unit.hours else ""
    return text or None


def _today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Helsinki")).date()


def _entry(snap: Snapshot, unit, area_id: str, lang: str) -> dict:
    hidden = snap.hidden
    shown = public_record(unit, None, hidden)
    org = snap.net.organisations.get(unit.organisation)
    roles = []
    for rid in sorted(snap.roles_of.get(unit.id, ()),
                      key=lambda r: (snap.net.roles[r].title.lower(), r)):
        role = public_view(snap.net.roles[rid], None, hidden=hidden)
        roles.append({"title": role["title"], "person": role.get("person"),
                      "phone": role.get("phone"), "email": role.get("email")})
    area = snap.net.areas.get(unit.area)
    return {"id": unit.id, "name": unit.name, "organisation": org.name if org else unit.organisation,
            "area_name": area.name if area and unit.area != area_id else None,
            "level": unit.level.value, "services": list(unit.services),
            "phone": shown.get("phone"), "email": shown.get("email"),
            "address": shown.get("address"),
            "self_referral": unit.self_referral, "ages": unit.ages,
            "languages": list(unit.languages), "channels": [c.value for c in unit.channels],
            # shown once the model has it (branch hours); absent until then
            "eligibility": getattr(unit, "eligibility", None),
            "hours": unit_hours(unit, lang), "roles": roles}


def _needs(snap: Snapshot, unit_ids: set[str], names: dict[str, str], lang: str) -> list[dict]:
    """Every need with the listed services that answer it (the search index's rule)."""
    index = snap.index
    out = []
    for need in index.needs.needs.values():
        positions, weights = index.need_column(need)
        found = sorted({index.uids[p] for p, w in zip(positions, weights)
                        if w >= NEED_FIT and index.uids[p] in unit_ids},
                       key=lambda u: (names[u].lower(), u))
        if found:
            out.append({"id": need.id, "name": need.name.get(lang) or need.name["fi"],
                        "urgent": need.urgent, "urgency": need.urgency,
                        "units": [{"id": u, "name": names[u]} for u in found]})
    out.sort(key=lambda n: (_URGENCY_ORDER.get(n["urgency"], 9), n["name"].lower()))
    return out


def directory_report(snap: Snapshot, area_id: str, lang: str) -> dict:
    """The directory of ``area_id`` as the template renders it (404 for an unknown area)."""
    if area_id not in snap.net.areas:
        raise not_found_translated(None, "error.no_area", id=repr(area_id))
    ids = {u for u in snap.units_in(area_id)
           if snap.net.units[u].type != UnitType.FORUM}
    if len(ids) > MAX_UNITS:
        raise bad_translated(None, "error.directory_too_many", count=len(ids), most=MAX_UNITS)
    units = sorted((snap.net.units[u] for u in ids), key=lambda u: (u.name.lower(), u.id))
    entries = [_entry(snap, u, area_id, lang) for u in units]
    levels = [{"level": lv.value, "units": [e for e in entries if e["level"] == lv.value]}
              for lv in LEVEL_ORDER]
    area = snap.net.areas[area_id]
    return {"area": {"id": area.id, "name": area.name, "kind": area.kind.value},
            "made": _today().isoformat(), "count": len(entries),
            "levels": [lv for lv in levels if lv["units"]],
            "needs": _needs(snap, ids, {e["id"]: e["name"] for e in entries}, lang)}


@bp.get("/areas/<area_id>/directory")
def page(area_id):
    report = directory_report(current_snapshot(), area_id, g.lang)
    return render_template("directory.html", d=report, pdf=False)


@bp.get("/areas/<area_id>/directory.pdf")
def pdf(area_id):
    snap = current_snapshot()
    report = directory_report(snap, area_id, g.lang)
    # a PDF takes seconds to lay out: made once per store revision, area, language and day
    key = ("directory.pdf", area_id, g.lang, report["made"])
    document = snap.cache.get(key)
    if document is None:
        document = snap.cache[key] = render_pdf(render_template(
            "directory.html", d=report, pdf=True))
    name = f"palveluhakemisto-{area_id}-{report['made']}.pdf"
    response = current_app.response_class(document, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def render_pdf(html: str, url_fetcher=None) -> bytes:
    """``html`` laid out as PDF by WeasyPrint; ``url_fetcher`` defaults to the app's own
    static files only (web/map_pdf.py passes one that takes ``data:`` URIs only)."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # Pango's system libraries are missing (the package is pinned)
        current_app.logger.warning("PDF unavailable: %s", exc)
        raise bad_translated(None, "error.pdf_unavailable", ServiceUnavailable) from None
    return HTML(string=html, base_url=request.host_url,
                url_fetcher=url_fetcher or _static_only()).write_pdf()


def _static_only():
    """WeasyPrint's fetcher: the app's own static files from disk, nothing from the
    network (the stylesheet is all a directory needs; a PDF is made offline)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            path = url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
            if path.startswith("static/"):
                target = (STATIC / path[len("static/"):]).resolve()
                if target.is_relative_to(STATIC.resolve()) and target.is_file():
                    mime = {".css": "text/css", ".svg": "image/svg+xml"}.get(
                        target.suffix, "application/octet-stream")
                    return URLFetcherResponse(url, target.read_bytes(),
                                              {"Content-Type": mime})
            raise ValueError(f"not fetched for the PDF: {url}")

    return StaticOnly()


def register(app) -> None:
    app.register_blueprint(bp)
