"""Who may change which record (issue 10 item 5): the one rule the write API
(:mod:`.edit`) and the web import (:mod:`.upload`) both apply, so an edit refused by one
is refused by the other.

* Admins change everything.
* Viewers and anonymous users change nothing.
* An editor changes records placed in their areas and every area below them
  (:func:`.auth.can_edit_area`): a unit by its area, a role by its unit's area, a link
  by its *source* end (DOMAIN.md §4: links are described by the unit that makes them).
  Moving a record needs the right to both the old and the new place.
* An organisation is shared by every unit it runs, often across areas (a wellbeing
  county runs units everywhere).  An editor may add or change an organisation only
  when it runs at least one unit and every unit it runs — before and after the
  change — lies in the editor's areas; otherwise only admins may (renaming the county
  would change every area's map).
* Areas are for admins only.
* Only a real change is checked: a record sent unchanged (a re-uploaded export that
  also lists other areas' units) is no change, so it needs no right.
"""
from __future__ import annotations

from graphmap.model import Network

from flask import abort, request

from .auth import can_edit_area, require_login, role_of
from .errors import not_found


def place_of(sheet: str, record, net: Network) -> str | None:
    """The area a unit, role or link belongs to for permissions (see above)."""
    if sheet == "units":
        return record.area
    if sheet == "roles":
        unit = net.units.get(record.unit)
        return unit.area if unit else None
    node = record.source
    if node in net.roles:
        node = net.roles[node].unit
    unit = net.units.get(node)
    return unit.area if unit else None


def _org_units(org_id: str, net: Network) -> list:
    return [u for u in net.units.values() if u.organisation == org_id]


def refusal(user, sheet: str, old, new, before: Network, after: Network, snap) -> str | None:
    """Why ``user`` may not change ``old`` (None: a new record) into ``new`` (None: a
    removal), ``before`` and ``after`` being the networks around the change; None when
    allowed.  ``snap`` answers the area hierarchy (``snap.tree.ancestors``)."""
    if old is not None and new is not None and old == new:
        return None
    if role_of(user) == "admin":
        return None
    if role_of(user) != "editor":
        return "only editors and admins may change the network"
    if sheet == "areas":
        return "only admins may change areas"
    if sheet == "organisations":
        key = (new or old).id
        units = _org_units(key, before) + _org_units(key, after)
        outside = sorted({u.area for u in units if not can_edit_area(user, u.area, snap)})
        if not units or outside:
            where = f" (it runs units in {', '.join(map(repr, outside))})" if outside else ""
            return (f"only admins may change organisation {key!r}{where}: an editor may "
                    f"change an organisation only when all its units are in their areas")
        return None
    for record, net in ((old, before), (new, after)):
        if record is None:
            continue
        area = place_of(sheet, record, net)
        if not can_edit_area(user, area, snap):
            return f"you may not change {sheet} in area {area!r}"
    return None


def editor_area(snap, refused: str):
    """``(user, area id)`` of a page that works on one area (``?area=``) for that area's
    editors — the verification round and the review queue: 401 without a login, 404 for
    an unknown area, 403 (saying ``refused``) for anyone who may not edit it."""
    user = require_login("editor")
    area = (request.values.get("area") or "").strip()
    if area not in snap.net.areas:
        raise not_found("area", f"no area with id {area!r}")
    if not can_edit_area(user, area, snap):
        abort(403, description=refused.format(area=repr(area)))
    return user, area
