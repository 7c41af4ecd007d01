"""The who-do-I-call form: its values, the area list and the "my unit" picker.

Why a module of its own: the home page box and the search page show the same form
(question, child's age, area, my unit), and the picker must stay small — a worker
picks among the units of the chosen family-centre area (and the wider services that
serve it), each name shown with its own area, never among every unit of the country.
The server renders the picker for the chosen area, so the form works without
JavaScript; ``static/js/search.js`` refreshes it from ``/api/search/units`` when the
area changes and adds a filter box.
"""
from __future__ import annotations

from .errors import not_found_translated

#: The cookie that remembers the worker's area between visits (a year).
AREA_COOKIE = "area"
AREA_COOKIE_AGE = 365 * 24 * 3600


def area_choices(snap) -> list[tuple[str, str]]:
    """(id, name) of every family-centre area, by name: the form's area list."""
    return [(a, snap.net.areas[a].name) for a in snap.tree.family_centre_areas()]


def remembered_area(snap, cookies) -> str | None:
    """The area from the cookie, if it still exists in the network."""
    area = cookies.get(AREA_COOKIE)
    return area if area in snap.net.areas else None


def unit_choices(snap, area_id: str | None) -> list[dict]:
    """The units a worker of ``area_id`` may pick as "my unit": the units in the area
    (group ``inside``) and those placed above it, e.g. county-wide services that serve
    it (group ``above``); each with its own area's name, sorted by name then area."""
    if not area_id or area_id not in snap.net.areas:
        return []
    above = set(snap.tree.above(area_id))
    inside = snap.units_in(area_id)
    out = []
    for unit in snap.net.units.values():
        if unit.id in inside:
            group = "inside"
        elif unit.area in above:
            group = "above"
        else:
            continue
        area = snap.net.areas.get(unit.area)
        out.append({"id": unit.id, "name": unit.name, "area": unit.area,
                    "area_name": area.name if area else unit.area, "group": group})
    out.sort(key=lambda u: (u["group"] != "inside", u["name"].lower(),
                            u["area_name"].lower(), u["id"]))
    return out


def units_report(snap, args) -> dict:
    """``/api/search/units?area=``: the picker's choices for one area (404 if unknown)."""
    area_id = (args.get("area") or "").strip()
    if area_id not in snap.net.areas:
        raise not_found_translated("area", "error.no_area", id=repr(area_id))
    return {"area": {"id": area_id, "name": snap.net.areas[area_id].name},
            "units": unit_choices(snap, area_id)}


def form_values(snap, args, cookies) -> dict:
    """What the form shows: the typed values, the area falling back to the remembered
    one, and the picker's units for that area (plus the chosen unit if it lies
    outside, so the form always shows what was searched)."""
    area = (args.get("area") or "").strip() if "area" in args else remembered_area(snap, cookies)
    area = area if area in snap.net.areas else None
    from_unit = (args.get("from") or "").strip() or None
    units = unit_choices(snap, area)
    if from_unit in snap.net.units and from_unit not in {u["id"] for u in units}:
        unit = snap.net.units[from_unit]
        place = snap.net.areas.get(unit.area)
        units.insert(0, {"id": unit.id, "name": unit.name, "area": unit.area,
                         "area_name": place.name if place else unit.area, "group": "other"})
    return {"q": (args.get("q") or "").strip(), "age": (args.get("age") or "").strip(),
            "area": area, "area_name": snap.net.areas[area].name if area else None,
            "from": from_unit, "units": units}
