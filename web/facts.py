"""Templates ask ``unit_facts(unit_id)``: open now, for whom, where (graphmap.facts).

Settings (``app.config``): ``CLOCK`` — a datetime (tests fix the time) or a callable
giving one; ``MAP_LINK`` — the map link template (else ``GRAPHMAP_MAP_LINK``, else
OpenStreetMap); see docs/places.md."""
from __future__ import annotations

from flask import current_app, g

from graphmap.facts import now_in_helsinki, unit_facts as facts_of

from .i18n import DEFAULT_LANG
from .snapshot import search_snapshot


def now():
    """The page's clock: ``CLOCK`` when set, else the real time in Helsinki."""
    clock = current_app.config.get("CLOCK")
    if callable(clock):
        return clock()
    return clock or now_in_helsinki()


def unit_facts(unit_id: str) -> dict | None:
    unit = search_snapshot().net.units.get(unit_id)  # search cards show them at start too
    if unit is None:
        return None
    return facts_of(unit, now(), getattr(g, "lang", DEFAULT_LANG),
                    current_app.config.get("MAP_LINK"))


def init_app(app) -> None:
    app.jinja_env.globals.update(unit_facts=unit_facts)
