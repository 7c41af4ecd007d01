"""The geographic view (issue 16 item 3): an area's network placed on a map of Finland.

Why: coordinators and planners think in places too — which village has nothing, which
links cross the municipality; Kumu and PARTNER draw networks over geography.  This view
shows the very nodes and links of the network map (:func:`.elements.area_elements`, the
same filters, the same public view of people), each unit at its coordinates, a role at its
unit's, an area (aggregated views) at the middle of its units.

Page ``/areas/<id>/geo`` (server-rendered tables: the accessible twin, and all a browser
without JavaScript gets) and JSON ``/api/areas/<id>/geo``; ``static/js/geomap.js`` draws
the map with Leaflet (pinned in web/package.json, served through web/vendor.py).

Settings (``app.config``, else the environment): ``TILE_URL`` / ``GRAPHMAP_TILE_URL`` —
the map tiles, OpenStreetMap's by default (a deployment with heavy use should run or rent
its own: https://operations.osmfoundation.org/policies/tiles/); ``TILE_ATTRIBUTION`` /
``GRAPHMAP_TILE_ATTRIBUTION``.  The page's Content-Security-Policy allows images from the
tile server's origin and nothing else new.
"""
from __future__ import annotations

import os
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, jsonify, render_template, request

from .errors import bad_message, not_found_translated
from .elements import ParamError, area_elements, view_options
from .history_pages import snapshot_for
from .pages import ENUMS, scripts
from .profiles import area_view
from .security import CSP

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = "© OpenStreetMap contributors"

bp = Blueprint("geo", __name__)


def tile_settings() -> tuple[str, str]:
    """(tile URL template, attribution text) from the app config or the environment."""
    url = (current_app.config.get("TILE_URL") or os.environ.get("GRAPHMAP_TILE_URL")
           or DEFAULT_TILE_URL)
    attribution = (current_app.config.get("TILE_ATTRIBUTION")
                   or os.environ.get("GRAPHMAP_TILE_ATTRIBUTION") or DEFAULT_ATTRIBUTION)
    return url, attribution


def _area_centres(snap) -> dict[str, tuple[float, float]]:
    """The middle of each area's placed units (areas and stubs of aggregated views)."""
    key = ("geo_area_centres",)
    if key not in snap.cache:
        sums: dict[str, list[float]] = {}
        for unit in snap.net.units.values():
            if unit.latitude is None or unit.longitude is None:
                continue
            area, seen = unit.area, set()
            while area and area in snap.net.areas and area not in seen:
                seen.add(area)
                s = sums.setdefault(area, [0.0, 0.0, 0])
                s[0] += unit.latitude
                s[1] += unit.longitude
                s[2] += 1
                area = snap.net.areas[area].parent
        snap.cache[key] = {a: (round(s[0] / s[2], 5), round(s[1] / s[2], 5))
                           for a, s in sums.items()}
    return snap.cache[key]


def _position(snap, d: dict) -> tuple[float, float] | None:
    units = snap.net.units
    if d.get("kind") in ("unit", "role"):
        unit = units.get(d["id"] if d["kind"] == "unit" else d.get("unit", ""))
        if unit is not None and unit.latitude is not None and unit.longitude is not None:
            return unit.latitude, unit.longitude
        return None
    area = d.get("area") or str(d.get("id", "")).removeprefix("stub:")
    return _area_centres(snap).get(area)


def geo_data(snap, area_id: str, options: dict, lang: str) -> dict:
    """``{"area", "aggregate", "places", "links", "unplaced"}``: the network map's nodes
    with ``lat``/``lon`` (and the unit's address), the links whose both ends are placed,
    and the nodes that have no place yet (listed so nothing is silently left out)."""
    elements = area_elements(snap, area_id, **options, lang=lang)
    places, unplaced, labels = [], [], {}
    for node in elements["nodes"]:
        d = node["data"]
        if d.get("kind") not in ("unit", "role", "area", "stub"):
            continue  # organisation/level group boxes have no place of their own
        labels[d["id"]] = d.get("label") or d["id"]
        where = _position(snap, d)
        ref = {"id": d["id"], "label": labels[d["id"]], "kind": d.get("kind"),
               "type": d.get("type"), "sector": d.get("sector"), "level": d.get("level"),
               "organisation": d.get("organisation_name")}
        if where is None:
            unplaced.append(ref)
            continue
        unit = snap.net.units.get(d["id"]) if d.get("kind") == "unit" else None
        places.append({**ref, "lat": where[0], "lon": where[1],
                       "address": unit.address if unit else None})
    placed = {p["id"] for p in places}
    links = [{"source": e["data"]["source"], "target": e["data"]["target"],
              "source_label": labels.get(e["data"]["source"], e["data"]["source"]),
              "target_label": labels.get(e["data"]["target"], e["data"]["target"]),
              "kind": e["data"].get("kind"), "volume": e["data"].get("volume"),
              "count": e["data"].get("count")}
             for e in elements["edges"]
             if e["data"]["source"] in placed and e["data"]["target"] in placed]
    return {"area": elements["area"], "aggregate": elements["aggregate"], "places": places,
            "links": links, "unplaced": unplaced}


def _data_for(area_id: str):
    snap = snapshot_for(request.args)
    if area_id not in snap.net.areas:
        raise not_found_translated(None, "error.no_area", id=repr(area_id))
    try:
        options = view_options(request.args)
    except ParamError as exc:
        raise bad_message(exc.param, exc.message) from None
    return snap, options, geo_data(snap, area_id, options, g.lang)


@bp.get("/api/areas/<area_id>/geo")
def geo_json(area_id):
    _snap, _options, data = _data_for(area_id)
    return jsonify(data)


@bp.get("/areas/<area_id>/geo")
def geo_page(area_id):
    snap, options, data = _data_for(area_id)
    tile_url, attribution = tile_settings()
    query = request.query_string.decode("ascii", "replace")
    response = current_app.make_response(render_template(
        "geo.html", view=area_view(snap, area_id), data=data, options=options, enums=ENUMS,
        tile_url=tile_url, attribution=attribution,
        geo_url=f"/api/areas/{area_id}/geo" + (f"?{query}" if query else ""),
        scripts=scripts("geomap.js", libraries=False)))
    origins = []
    for sub in ("a", "b", "c") if "{s}" in tile_url else ("",):  # Leaflet's subdomains
        parts = urlsplit(tile_url.replace("{s}", sub))
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    if origins:  # tiles are images from the tile server; nothing else is let in
        response.headers["Content-Security-Policy"] = CSP.replace(
            "img-src 'self' data: blob:", "img-src 'self' data: blob: " + " ".join(
                dict.fromkeys(origins)))
    return response


def register(app) -> None:
    app.register_blueprint(bp)
