"""History in the web app (issue 5 item 3): the change log (``/history``, twin
``/api/history``), the network as of a date (``?as_of=YYYY-MM-DD`` on the map and its
graph API) and two dates compared (``/compare-dates``, twin ``/api/diff``).

The store answers all three (``store.history``, ``store.read(as_of=…)``) and
``graphmap.history.compare`` does the comparison; this module only parses parameters
and caches one :class:`~.snapshot.Snapshot` per (store revision, date), since a past
date's network is as expensive to build as today's.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from urllib.parse import urlencode

from flask import Blueprint, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import ServiceUnavailable

from graphmap.history import compare
from graphmap.model import ValidationError, localised
from graphmap.privacy import public_diff, public_history

from .errors import bad, bad_translated
from .i18n import format_date
from .response_cache import cached_body, json_body
from .snapshot import Snapshot, current_snapshot, noted_updating

bp = Blueprint("history", __name__)

SHEETS = ("areas", "organisations", "units", "roles", "links")
MAX_LIMIT = 1000
#: history entries on one page (``limit``; ``offset`` pages further)
PAGE = 200
AS_OF_CACHE = 8
_lock = threading.Lock()


def parse_date(param: str, text: str | None, *, required: bool = False) -> dt.date | None:
    """A date parameter, or a 400 in the user's language naming it."""
    if text is None or not text.strip():
        if required:
            raise bad_translated(param, "history.error.date_required", param=param)
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise bad_translated(param, "history.error.date", param=param,
                             value=repr(text[:40])) from None


def snapshot_for(args) -> Snapshot:
    """Today's snapshot, or the network as it stood at the end of ``as_of``."""
    day = parse_date("as_of", args.get("as_of"))
    if day is None or day >= dt.date.today():
        return current_snapshot()
    store = current_app.extensions["graphmap.store"]
    cache: OrderedDict = current_app.extensions.setdefault("graphmap.as_of", OrderedDict())
    key = (store.revision(), day)
    with _lock:
        snap = cache.get(key)
        if snap is not None:
            cache.move_to_end(key)
            return snap
    try:
        from graphmap.history import read_on
        net = read_on(store, day)
    except TypeError:
        raise bad_translated(None, "error.no_history_as_of", ServiceUnavailable) from None
    # An area recorded only later still had its (empty) network on that day: keep
    # today's areas, so a day before the data existed shows an empty map with a note
    # instead of "no area with id …" (issue 10 item 11).  Areas carry no validity.
    later = [a for a in current_snapshot().net.areas.values() if a.id not in net.areas]
    for area in later:
        net.areas[area.id] = area
    snap = Snapshot(key[0], net)
    snap.recorded_later = {a.id for a in later}
    snap.day = day
    with _lock:
        cache[key] = snap
        while len(cache) > AS_OF_CACHE:
            cache.popitem(last=False)
    return snap


def history_query(args) -> dict:
    """``store.history`` keyword arguments from query parameters (400 on a bad one)."""
    out = {"since": parse_date("since", args.get("since")),
           "until": parse_date("until", args.get("until"))}
    sheet = (args.get("sheet") or "").strip() or None
    if sheet is not None and sheet not in SHEETS:
        raise bad_translated("sheet", "history.error.sheet", sheets=", ".join(SHEETS),
                             value=repr(sheet[:40]))
    out["sheet"] = sheet
    out["key"] = (args.get("key") or "").strip()[:300] or None
    out["actor"] = (args.get("actor") or "").strip()[:64] or None
    limit = (args.get("limit") or str(PAGE)).strip()
    if not limit.isdigit() or not 1 <= int(limit) <= MAX_LIMIT:
        raise bad_translated("limit", "history.error.limit", most=MAX_LIMIT,
                             value=repr(limit[:20]))
    out["limit"] = int(limit)
    offset = (args.get("offset") or "0").strip()
    if not offset.isdigit() or len(offset) > 9:
        raise bad_translated("offset", "history.error.offset", value=repr(offset[:20]))
    out["offset"] = int(offset)
    return out


def history_entries(args) -> tuple[dict, list[dict], dict]:
    """One page of the change log (newest first) and where it lies: ``{"total",
    "offset", "limit", "next_offset", "prev_offset"}`` (``None`` at either end), so
    a long history is paged instead of silently cut at the limit (issue 10 item 11)."""
    query = history_query(args)
    store = current_app.extensions["graphmap.store"]
    if not hasattr(store, "history"):
        raise bad_translated(None, "error.no_history", ServiceUnavailable)
    from graphmap.history import history_until
    filters = {k: v for k, v in query.items() if k not in ("limit", "offset")}
    filters["until"] = history_until(query["until"])
    start, size = query["offset"], query["limit"]
    # the page and the total are each asked of the store: reading the whole history
    # for one page of it took 30 s on Neo4j under load
    total = store.history_count(**filters)
    entries = store.history(**filters, limit=size, offset=start) if start < total else []
    page = {"total": total, "offset": start, "limit": size,
            "next_offset": start + size if start + size < total else None,
            "prev_offset": max(0, start - size) if start > 0 else None}
    # privacy (the one rule): a person hidden *now* is hidden on both sides of history
    snap = current_snapshot()
    return query, public_history(entries, snap.net, g.get("user"), snap.hidden), page


def diff_report(args, lang: str) -> dict:
    """``graphmap.history.compare`` for ``from``/``to`` (default today)/``area``; the
    comparison's own problems (from after to, an area unknown on both dates) → 400."""
    date_from = parse_date("from", args.get("from"), required=True)
    date_to = parse_date("to", args.get("to")) or dt.date.today()
    area = (args.get("area") or "").strip()[:100] or None
    store = current_app.extensions["graphmap.store"]
    try:
        report = compare(store, date_from, date_to, area=area, today=dt.date.today(),
                         lang=lang)
        return public_diff(report, current_snapshot().net, g.get("user"))
    except ValidationError as exc:
        # compare's two refusals, said in the user's language with the dates as pages write them
        field = getattr(exc.problems[0], "field", None) if exc.problems else None
        key = {"from": "diff.error.order", "area": "diff.error.area"}.get(str(field))
        if key is None:
            out = bad(field, "; ".join(localised(p.message, lang) for p in exc.problems)
                      or str(exc))
            out.lang = lang  # a problem's message is a catalogue Message
            raise out from None
        raise bad_translated(field, key, area=repr(area), start=format_date(date_from),
                             end=format_date(date_to)) from None


def _json_safe(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_json_safe(v) for v in value]
    return value


@bp.get("/api/history")
def api_history():
    def make() -> str:
        query, entries, page = history_entries(request.args)
        # the entries are JSON already (the store decodes them from JSON text, privacy
        # only blanks values): walking them again was most of this answer's CPU
        return json_body({"query": _json_safe(query), **page, "entries": entries})
    snap = current_snapshot()
    if noted_updating():
        # this process has not caught up with the store (another process wrote): the
        # log is read from the store, so the answer must not come from the older
        # revision's cache — an editor's own last write would be missing from it
        return current_app.response_class(make(), mimetype="application/json")
    # one revision's log (the same page for the same viewer) is read once: readers ask
    # for the newest changes many times between two writes
    return cached_body(snap, "history", None, make)


@bp.get("/history")
def history_page():
    query, entries, page = history_entries(request.args)

    def page_url(offset: int) -> str:
        args = request.args.copy()
        args["offset"] = str(offset)
        return "/history?" + urlencode(list(args.items(multi=True)))
    return render_template("history.html", query=query, entries=_json_safe(entries),
                           sheets=SHEETS, page=page, page_url=page_url)


@bp.get("/api/diff")
def api_diff():
    return jsonify(_json_safe(diff_report(request.args, g.lang)))


@bp.get("/compare-dates")
def compare_page():
    report = None
    if request.args.get("from") or request.args.get("to"):
        report = _json_safe(diff_report(request.args, g.lang))
    snap = current_snapshot()
    areas = [(a, snap.net.areas[a].name) for a in snap.tree.family_centre_areas()]
    return render_template("compare_dates.html", report=report, areas=areas,
                           args=request.args)


def register(app) -> None:
    app.register_blueprint(bp)
