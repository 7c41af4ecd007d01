"""What an answer card says after "who": is it open, may this family use it, where is it.

Why (issue 16): the web card, the unit profile and the CLI card all answer these three
questions the same way, so they ask this one function.  The clock and the map-link
setting are given, never read here, so tests fix the time and deployments choose the map.
"""
from __future__ import annotations

import datetime as dt
import os

from . import geo, hours
from .model import Unit


def map_template() -> str:
    """The map link setting: ``GRAPHMAP_MAP_LINK`` (``{lat}``, ``{lon}``, ``{q}``), e.g.
    ``geo:{lat},{lon}``; OpenStreetMap by default."""
    return os.environ.get("GRAPHMAP_MAP_LINK") or geo.DEFAULT_MAP_LINK


def unit_facts(unit: Unit, now: dt.datetime, lang: str, template: str | None = None) -> dict:
    """``{"open", "status", "hours", "eligibility", "address", "map_link", "latitude",
    "longitude"}`` for ``unit`` at ``now`` in ``lang``; ``open`` is None (and ``status``
    empty) when the unit has no hours."""
    try:
        parsed = hours.parse(unit.hours)
    except ValueError:  # stored before a rule tightened: show the text, tell nothing
        parsed = None
    state = hours.status(parsed, now)
    return {"open": state.open if state else None,
            "status": hours.status_text(state, now, lang),
            "hours": hours.format_hours(parsed, lang) if parsed else (unit.hours or ""),
            "eligibility": unit.eligibility or "",
            "address": unit.address or "",
            "map_link": geo.map_link(unit.latitude, unit.longitude, unit.address,
                                     template or map_template()),
            "latitude": unit.latitude, "longitude": unit.longitude}


def now_in_helsinki() -> dt.datetime:
    """The real clock, in Finnish time (``GRAPHMAP_NOW``, ISO, fixes it for a demo)."""
    fixed = os.environ.get("GRAPHMAP_NOW")
    if fixed:
        try:
            moment = dt.datetime.fromisoformat(fixed)
            return moment if moment.tzinfo else moment.replace(tzinfo=hours.HELSINKI)
        except ValueError:
            pass
    return dt.datetime.now(hours.HELSINKI)
