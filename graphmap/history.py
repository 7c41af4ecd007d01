"""Comparing the network at two dates: what was added, removed and changed, and how
the analysis moved (issue 5, item 3).

Why: planners need to see how a family-centre network looked before and after a
change — staff turnover breaks links (DOMAIN.md; every seed names turnover as what
breaks cooperation), units merge and move.  The store gives the network as of any
day (``Store.read(as_of=…)``: history undone, validity intervals applied); this
module compares two such networks.

How: :func:`diff_networks` is a pure record-by-record comparison keyed like the
store keys records (links by ``source>target:kind``); :func:`compare` reads both
dates, diffs them and runs :func:`graphmap.analysis.analyze` on each date's graph
with ``today`` = that date, then matches findings by what they are about (kind,
area, nodes and their textual evidence) rather than by their wording, whose numbers
change.  The approach follows the "snapshot diff" of temporal network analysis
(Holme & Saramäki, "Temporal networks", Physics Reports 519, 2012, §2: a network
observed as a sequence of static snapshots).
"""
from __future__ import annotations

import datetime as dt

from .i18n.message import Text
from .model import RECORD_TYPES, Network, Problem, ValidationError, record_to_dict
from .network_view import AreaTree
from .store.base import area_slice, in_force, key_text

#: The last day a store can bound by "the first instant after it" (``date.max`` has
#: no next day); later days are read as this one (issue 10: ``--to 9999-12-31``).
LAST_STORED_DAY = dt.date.max - dt.timedelta(days=1)


def read_on(store, day: dt.date):
    """The network as it stood at the end of ``day`` — any date, the far future too.

    ``9999-12-31`` has no following day for the store's end-of-day bound, so it is
    read as the day before, keeping only what is still in force on ``day``."""
    if day > LAST_STORED_DAY:
        return in_force(store.read(as_of=LAST_STORED_DAY), day)
    return store.read(as_of=day)


def history_until(until):
    """``store.history``'s ``until`` for "up to the end of ``until``": the last date
    becomes the last instant, since the day after it cannot be written."""
    if isinstance(until, dt.date) and not isinstance(until, dt.datetime) \
            and until > LAST_STORED_DAY:
        return dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    return until


def diff_networks(before: Network, after: Network) -> dict:
    """What changed from ``before`` to ``after``, per sheet.

    Returns ``{"added": {sheet: [keys]}, "removed": {sheet: [keys]}, "changed":
    {sheet: [{"key", "fields": {name: [old, new]}}]}}`` with every sheet present,
    keys sorted (links as ``source>target:kind``) and values as in
    :func:`graphmap.model.record_to_dict`."""
    out = {"added": {}, "removed": {}, "changed": {}}
    for sheet in RECORD_TYPES:
        old, new = getattr(before, sheet), getattr(after, sheet)
        out["added"][sheet] = sorted(key_text(sheet, k) for k in new if k not in old)
        out["removed"][sheet] = sorted(key_text(sheet, k) for k in old if k not in new)
        changed = []
        for k in sorted((k for k in new if k in old and new[k] != old[k]),
                        key=lambda k: key_text(sheet, k)):
            a, b = record_to_dict(old[k]), record_to_dict(new[k])
            changed.append({"key": key_text(sheet, k),
                            "fields": {f: [a[f], b[f]] for f in a if a[f] != b[f]}})
        out["changed"][sheet] = changed
    return out


def finding_key(finding: dict) -> tuple:
    """What a finding is about, stable across dates: kind, area, nodes and the text
    values of its evidence (a share that moved from 51 % to 48 % is the same finding)."""
    evidence = finding.get("evidence") or {}
    text = tuple(sorted((k, v) for k, v in evidence.items() if isinstance(v, str)))
    return (finding.get("kind"), finding.get("area"), tuple(sorted(finding.get("nodes") or ())),
            text)


def _date(value, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError([Problem("parameter", None, name,
                                       f"expected a date like 2026-01-31, got {value!r}")],
                              "bad date") from None


def _analysis(net: Network, area: str | None, day: dt.date, lang: str) -> tuple[dict, list]:
    """Metrics by family-centre area and findings of ``net`` on ``day``, limited to
    ``area`` (its family-centre area when it lies inside one)."""
    from .analysis import analyze
    from .graph import build_graph
    if area is not None:
        if area not in net.areas:
            return {}, []
        tree = AreaTree(net.areas)
        scope = tree.family_centre_area_of(area)
        scope = scope if scope in net.areas else area
        keep = tree.descendants(scope)
        net = area_slice(net, scope)
    result = analyze(build_graph(net), None, today=day, lang=lang)
    areas = {a: v["metrics"] for a, v in result["areas"].items()
             if area is None or a in keep}
    findings = [f for f in result["findings"]
                if area is None or f.get("area") in keep]
    return areas, findings


def compare(store, date_from, date_to=None, *, area: str | None = None,
            today: dt.date | None = None, lang: str = "en") -> dict:
    """The network of ``store`` (or of ``area``) at ``date_from`` against ``date_to``
    (default ``today``, itself defaulting to the current date).

    Returns ``{"from", "to", "area", "diff": diff_networks(...), "links_added",
    "links_removed" (link dicts), "metrics": {area: {"from": {...}|None, "to":
    {...}|None}}, "findings_added", "findings_resolved"}``.  Bad dates, ``from``
    after ``to`` or an area unknown at both dates raise ValidationError."""
    today = today or dt.date.today()
    start = _date(date_from, "from")
    end = _date(date_to, "to") if date_to is not None else today
    if start > end:
        raise ValidationError([Problem("parameter", None, "from", Text(
            "diff.error.order", start=str(start), end=str(end)))], "bad dates")
    full_a, full_b = read_on(store, start), read_on(store, end)
    if area is not None and area not in full_a.areas and area not in full_b.areas:
        raise ValidationError([Problem("parameter", None, "area", Text(
            "diff.error.area", area=repr(area), start=str(start), end=str(end)))], "unknown area")
    net_a = full_a if area is None else area_slice(full_a, area)
    net_b = full_b if area is None else area_slice(full_b, area)
    metrics_a, findings_a = _analysis(full_a, area, start, lang)
    metrics_b, findings_b = _analysis(full_b, area, end, lang)
    keys_a = {finding_key(f) for f in findings_a}
    keys_b = {finding_key(f) for f in findings_b}
    return {
        "from": start.isoformat(), "to": end.isoformat(), "area": area,
        "diff": diff_networks(net_a, net_b),
        "links_added": [record_to_dict(net_b.links[k]) for k in sorted(net_b.links)
                        if k not in net_a.links],
        "links_removed": [record_to_dict(net_a.links[k]) for k in sorted(net_a.links)
                          if k not in net_b.links],
        "metrics": {a: {"from": metrics_a.get(a), "to": metrics_b.get(a)}
                    for a in sorted(set(metrics_a) | set(metrics_b))},
        "findings_added": [f for f in findings_b if finding_key(f) not in keys_a],
        "findings_resolved": [f for f in findings_a if finding_key(f) not in keys_b],
    }
