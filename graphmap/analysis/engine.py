"""``analyze``: every metric and finding for one family-centre area or all of them.

How: the graph is split into per-area views once (:class:`.views.Views`), the
reference functions of every unit are matched once, then each area runs the gap,
bottleneck and missing-link functions on its own small graphs — so the cost grows
with the sum of the areas' sizes, not with the nation's size squared.  Cross-area
findings look only at the links between areas.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import networkx as nx

from graphmap.i18n import LANGS

from ..bulk import gc_paused
from ..model import Message, Problem, ValidationError, closest, did_you_mean
from ..network_view import area_tree
from . import bottlenecks, gaps, missing_links
from .findings import finding, rank, sort_key
from .messages import render
from .metrics import view_metrics
from .reference import function_index, load_reference
from .views import REFERRAL, Views

SHARED_GATEWAY_AREAS = 3


def check_options(*, lang="en", stale_months=12, today=None) -> None:
    problems = []
    if lang not in LANGS:
        problems.append(Problem("parameter", None, "lang",
                                f"expected one of {', '.join(LANGS)}, got {lang!r}"))
    if not isinstance(stale_months, int) or isinstance(stale_months, bool) or stale_months < 1:
        problems.append(Problem("parameter", None, "stale_months",
                                f"expected a whole number of months ≥ 1, got {stale_months!r}"))
    if today is not None and not isinstance(today, dt.date):
        problems.append(Problem("parameter", None, "today",
                                f"expected a date, got {today!r}"))
    if problems:
        raise ValidationError(problems, "invalid analysis parameters")


def area_findings(views: Views, area: str, functions: dict, *, today=None,
                  stale_months: int = 12) -> list[dict]:
    """Every finding of one area (messages not yet rendered)."""
    out = []
    out += gaps.missing_level(views, area)
    out += gaps.level_disconnected(views, area)
    out += gaps.isolated(views, area)
    out += gaps.silent_source(views, area)
    out += gaps.silent_groups(views, area, functions)
    out += gaps.sector_unlinked(views, area)
    out += gaps.no_contact(views, area)
    if today is not None:  # never read the clock here: no date, no staleness
        out += gaps.stale_contact(views, area, today=today, stale_months=stale_months)
    out += gaps.missing_function(views, area, functions)
    out += bottlenecks.cut_points(views, area)
    out += bottlenecks.brokers(views, area)
    out += bottlenecks.funnels(views, area, functions)
    out += bottlenecks.bridges(views, area)
    out += bottlenecks.overload(views, area, functions)
    out += bottlenecks.key_person(views, area)
    out += bottlenecks.long_chains(views, area)
    out += missing_links.missing_links(views, area, functions)
    return out


def shared_gateways(views: Views, *, min_areas: int = SHARED_GATEWAY_AREAS) -> list[dict]:
    """Units receiving refers/consults links from units of ≥ ``min_areas`` other
    family-centre areas: a regional hub every area's queue ends up in (PH:529, O:150)."""
    sources = defaultdict(set)
    for ln in views.cross_links:
        if ln.kind in REFERRAL:
            sources[ln.target].add(ln.source)
    return gateway_findings(views, sources, min_areas)


def gateway_findings(views: Views, sources: dict[str, set[str]],
                     min_areas: int = SHARED_GATEWAY_AREAS) -> list[dict]:
    """The shared-gateway findings of ``sources`` (unit → the units referring to it
    from other areas): the one rule, for the whole analysis (:func:`shared_gateways`)
    and for the all-areas view patched after a write (:mod:`.crossarea`)."""
    out = []
    for target, srcs in sorted(sources.items()):
        home = views.fc(target)
        areas = sorted({views.fc(s) for s in srcs} - {home})
        if len(areas) >= min_areas:
            out.append(finding("shared_gateway", home, [target], "medium", areas=areas,
                               sources=sorted(srcs)))
    return out


def unknown_area(views: Views, area: str) -> ValidationError:
    known = sorted(views.by_area) + sorted(views.areas_meta)
    hint = closest(area, known)
    return ValidationError([Problem("parameter", None, "area", Message(
        "no_area", value=repr(area), hint=did_you_mean(hint)))], "unknown area")


def run(views: Views, areas, *, cross_area: bool, today=None, stale_months=12, lang="en",
        progress=None):
    """Shared by :func:`analyze` and the what-if: metrics and rendered findings.
    ``progress(area)``, if given, is called after each area (a command's progress bar)."""
    units = [u for a in areas for u in views.serving_units(a)]
    functions = function_index(views.g, set(units), views.reference)
    result = {"areas": {}, "findings": []}
    for a in areas:
        if a in views.by_area:
            metrics = view_metrics(views, a)
            found = area_findings(views, a, functions, today=today, stale_months=stale_months)
        else:  # a known area with no units: everything is missing
            metrics = None
            found = gaps.missing_level(views, a) if a in views.areas_meta else []
        result["areas"][a] = {"name": views.area_name(a), "metrics": metrics}
        result["findings"].extend(found)
        if progress is not None:
            progress(a)
    if cross_area:
        result["findings"].extend(shared_gateways(views))
    for f in result["findings"]:
        f["message"] = render(f, views, lang)
    rank(result["findings"], {a: len(views.by_area[a].units) for a in views.by_area})
    result["findings"].sort(key=sort_key)
    return result


def analyze(g: nx.MultiDiGraph, area: str | None = None, *, reference: dict | None = None,
            today: dt.date | None = None, stale_months: int = 12, lang: str = "en",
            progress=None) -> dict:
    """Metrics and findings of one family-centre area, or of every area plus the
    cross-area findings when ``area`` is None.

    Returns ``{"areas": {id: {"name", "metrics"}}, "findings": [...]}`` with findings
    sorted by severity, kind and area.  ``today`` is the date staleness is measured
    from; without it ``stale_contact`` is not computed (analysis never reads the
    clock).  ``progress(area)`` is called after each area is done.  Unknown ``area``
    or bad parameters raise ``ValidationError``."""
    check_options(lang=lang, stale_months=stale_months, today=today)
    with gc_paused():
        return _analyze(g, area, reference, today, stale_months, lang, progress)


def family_centre_area_count(g: nx.MultiDiGraph) -> int:
    """How many family-centre areas ``analyze(g)`` runs (a progress bar's length)."""
    return len(area_tree(g).family_centre_areas())


def _analyze(g, area, reference, today, stale_months, lang, progress=None) -> dict:
    reference = reference if reference is not None else load_reference()
    views = Views(g, reference, today, areas=None if area is None else [area])
    if area is None:
        areas = views.family_centre_areas()
    else:
        if area not in views.by_area and area not in views.areas_meta:
            raise unknown_area(views, area)
        enclosing = [a for a in views.tree.above(area) if views.tree.is_family_centre_area(a)]
        if area not in views.by_area and enclosing:
            raise ValidationError([Problem("parameter", None, "area", Message(
                "area_inside_fc", area=repr(area), fc=repr(enclosing[0])))],
                "not a family-centre area")
        below = sorted(a for a in views.tree.family_centre_areas(area) if a != area)
        if area not in views.by_area and below:
            raise ValidationError([Problem("parameter", None, "area", Message(
                "area_holds_fc", area=repr(area),
                areas=", ".join(below[:10]) + (", …" if len(below) > 10 else "")))],
                "not a family-centre area")
        areas = [area]
    return run(views, areas, cross_area=area is None, today=today,
               stale_months=stale_months, lang=lang, progress=progress)
