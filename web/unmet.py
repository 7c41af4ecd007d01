"""Unmet who-do-I-call queries (issue 9 item 4): counted per area, shown to the area's
coordinators.

Why: a query the search did not understand, or that nothing in the chosen area
answers, tells the area's coordinator which words and which services are missing.
Only the cleaned text, the area, an age band and the day are kept (the store removes
contact details, see ``graphmap.store.base.unmet_row``) — never who asked.  Counting
happens on the search *page* (what workers use), not on ``/api/search`` (scripts and
evaluation runs would drown the real queries).  Reading the counts needs an editor of
the area (or an admin): the texts are what workers typed and are not public.
"""
from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from flask import current_app, g

from graphmap.model import AreaKind
from graphmap.store import StoreError
from graphmap.store.base import age_band

from .auth import can_edit_area
from .errors import bad_translated, not_found_translated

#: Days of counts shown by default.
DEFAULT_DAYS = 90
#: Days counts are kept (store setting ``unmet_retention_days``); older rows are
#: deleted once a day, on the first count of the day.
DEFAULT_RETENTION_DAYS = 365
#: An unmet need counted this often in a month is a medium finding, else low.
MEDIUM_UNMET = 10
#: New counts one app process records per day: a flood of junk queries cannot fill the
#: store (the rest are dropped and logged once).
MAX_PER_DAY = 5000

_lock = threading.Lock()
_today: dict[str, Any] = {"day": None, "n": 0}


def unmet_reason(result: dict) -> str | None:
    """Why ``result`` (the search report) counts as unmet, or None.  Tolerates the
    older engine that returned only ``results``: no answer at all = not understood."""
    results = result.get("results") or []
    if result.get("understood") is False or ("understood" not in result and not results):
        return "not_understood"
    if result.get("area") and not any(r.get("section", "area") in ("urgent", "area")
                                      for r in results):
        return "no_area_answer"
    return None


def retention_days(store) -> int:
    try:
        return max(1, int(store.get_setting("unmet_retention_days", "")
                          or DEFAULT_RETENTION_DAYS))
    except ValueError:
        return DEFAULT_RETENTION_DAYS


def forget_old(store, today: dt.date | None = None) -> int:
    """Delete counts older than the retention period; rows deleted."""
    today = today or dt.date.today()
    return store.forget_unmet_before(today - dt.timedelta(days=retention_days(store)))


def _allowed_today() -> bool:
    day = dt.date.today()
    with _lock:
        if _today["day"] != day:
            _today.update(day=day, n=0)
            try:  # a new day: the retention period moves on
                forget_old(current_app.extensions["graphmap.store"], day)
            except (StoreError, ValueError) as exc:
                current_app.logger.warning("old unmet queries not deleted: %s", exc)
        _today["n"] += 1
        if _today["n"] == MAX_PER_DAY + 1:
            current_app.logger.warning("unmet queries: more than %d today, not counting more",
                                       MAX_PER_DAY)
        return _today["n"] <= MAX_PER_DAY


def count(snap, result: dict) -> str | None:
    """Record ``result`` in the store if it is unmet; the reason, or None.  A store
    error is logged, never shown: the worker still gets the answer page."""
    reason = unmet_reason(result)
    if reason is None or not _allowed_today():
        return reason
    area = (result.get("area") or {}).get("id")
    try:
        current_app.extensions["graphmap.store"].record_unmet_query(
            result["query"], area=area, age_band=age_band(result.get("age")), reason=reason)
    except (StoreError, ValueError) as exc:
        current_app.logger.warning("unmet query not counted: %s", exc)
    return reason


def may_read(snap, area_id: str | None) -> bool:
    """Editors of the area (or of an area above it) and admins."""
    return area_id is not None and can_edit_area(getattr(g, "user", None), area_id, snap)


def report(snap, args) -> dict:
    """The counts of ``area`` (a family-centre area, or every one under a county or
    region) since ``since`` (default: the last :data:`DEFAULT_DAYS` days), grouped by
    text: total count, reasons, age bands, first and last day.  The caller checks
    :func:`may_read`."""
    area_id = (args.get("area") or "").strip()
    if area_id not in snap.net.areas:
        raise not_found_translated("area", "error.no_area", id=repr(area_id))
    since_text = (args.get("since") or "").strip()
    try:
        since = (dt.date.fromisoformat(since_text) if since_text
                 else dt.date.today() - dt.timedelta(days=DEFAULT_DAYS))
    except ValueError:
        raise bad_translated("since", "history.error.date", param="since",
                             value=repr(since_text)) from None
    kind = snap.net.areas[area_id].kind
    areas = ([area_id] if kind == AreaKind.FAMILY_CENTRE_AREA
             else [area_id, *snap.tree.family_centre_areas(area_id)])
    store = current_app.extensions["graphmap.store"]
    grouped: dict[tuple[str, str], dict] = {}
    for a in areas:
        for row in store.unmet_queries(a, since):
            key = (row["area"], row["text"])
            item = grouped.setdefault(key, {
                "text": row["text"], "area": row["area"],
                "area_name": snap.net.areas[row["area"]].name, "count": 0,
                "reasons": set(), "age_bands": set(), "first": row["day"], "last": row["day"]})
            item["count"] += row["count"]
            item["reasons"].add(row["reason"])
            if row["age_band"]:
                item["age_bands"].add(row["age_band"])
            item["first"] = min(item["first"], row["day"])
            item["last"] = max(item["last"], row["day"])
    rows = sorted(grouped.values(), key=lambda r: (-r["count"], r["text"]))
    for r in rows:
        r["reasons"] = sorted(r["reasons"])
        r["age_bands"] = sorted(r["age_bands"], key=lambda b: int(b.split("-")[0]))
        r["first"], r["last"] = r["first"].isoformat(), r["last"].isoformat()
    return {"area": {"id": area_id, "name": snap.net.areas[area_id].name},
            "since": since.isoformat(), "total": sum(r["count"] for r in rows),
            "queries": rows}


def need_findings(snap, area_id: str, lang: str, today: dt.date | None = None) -> list[dict]:
    """"Unmet need" findings (issue 14 item 4): this month's unmet queries of each
    family-centre area at or under ``area_id``, one finding per area and recognised
    need (the search's own reading of the text, ``snap.index.parse``; texts it does
    not recognise are one group), most counted first.  In the findings' shape
    (kind, area, nodes, severity, message, evidence).  Texts are what workers typed:
    the caller checks :func:`may_read`."""
    from .i18n import translate
    today = today or dt.date.today()
    since = today.replace(day=1)
    kind = snap.net.areas[area_id].kind
    areas = ([area_id] if kind == AreaKind.FAMILY_CENTRE_AREA
             else snap.tree.family_centre_areas(area_id))
    store = current_app.extensions["graphmap.store"]
    out: list[dict] = []
    for a in areas:
        groups: dict[str, dict] = {}
        for row in store.unmet_queries(a, since):
            need_id, need_name = "", translate("verify_unmet_other", lang)
            try:
                hits = snap.index.parse(row["text"], lang).hits
            except Exception:  # noqa: BLE001 - no search index: group as unrecognised
                hits = []
            if hits:
                need_id, need_name = hits[0].need.id, hits[0].need.name[lang]
            group = groups.setdefault(need_id, {"need": need_id, "name": need_name,
                                                "count": 0, "queries": set()})
            group["count"] += row["count"]
            group["queries"].add(row["text"])
        for group in sorted(groups.values(), key=lambda x: (-x["count"], x["name"])):
            out.append({
                "kind": "unmet_need", "area": a, "nodes": [],
                "severity": "medium" if group["count"] >= MEDIUM_UNMET else "low",
                "message": translate("verify_unmet_line", lang, n=group["count"],
                                     need=group["name"], area=snap.net.areas[a].name),
                "evidence": {"need": group["need"] or None, "count": group["count"],
                             "since": since.isoformat(), "queries": sorted(group["queries"])}})
    return out
