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

from graphmap.i18n.message import Text
from graphmap.model import Network

from flask import request
from werkzeug.exceptions import Forbidden

from .auth import can_edit_area, require_login, role_of
from .errors import bad_translated, not_found_translated


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


def refusal(user, sheet: str, old, new, before: Network, after: Network, snap) -> Text | None:
    """Why ``user`` may not change ``old`` (None: a new record) into ``new`` (None: a
    removal), ``before`` and ``after`` being the networks around the change; None when
    allowed.  ``snap`` answers the area hierarchy (``snap.tree.ancestors``).  The
    reason is a catalogue message (``error.refused.``…), so the caller says it once in
    the reader's language (:func:`.errors.bad_message`)."""
    if old is not None and new is not None and old == new:
        return None
    if role_of(user) == "admin":
        return None
    if role_of(user) != "editor":
        return Text("error.refused.role")
    if sheet == "areas":
        return Text("error.refused.areas")
    if sheet == "organisations":
        key = (new or old).id
        units = _org_units(key, before) + _org_units(key, after)
        outside = sorted({u.area for u in units if not can_edit_area(user, u.area, snap)})
        if not units or outside:
            if outside:
                return Text("error.refused.organisation_areas", id=repr(key),
                            areas=", ".join(map(repr, outside)))
            return Text("error.refused.organisation", id=repr(key))
        return None
    for record, net in ((old, before), (new, after)):
        if record is None:
            continue
        area = place_of(sheet, record, net)
        if not can_edit_area(user, area, snap):
            return Text("error.refused.place", sheet=Text(f"sheet.{sheet}"), area=repr(area))
    return None


def editor_area(snap, refused: str):
    """``(user, area id)`` of a page that works on one area (``?area=``) for that area's
    editors — the verification round and the review queue: 401 without a login, 404 for
    an unknown area, 403 (saying the catalogue string ``refused``, given ``{area}``)
    for anyone who may not edit it."""
    user = require_login("editor")
    area = (request.values.get("area") or "").strip()
    if area not in snap.net.areas:
        raise not_found_translated("area", "error.no_area", id=repr(area))
    if not can_edit_area(user, area, snap):
        raise bad_translated(None, refused, Forbidden, area=repr(area))
    return user, area
