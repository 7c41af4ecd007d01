"""The embeddable who-to-call search (issue 16 item 5): ``/embed/search?area=…``.

Why: a municipality or a county puts "whom do I call" on its own web site (as
Helsinki's Palvelukartta, 211 Ontario and iCarol let them) without sending people away.

What: a page for an ``<iframe>``, its area fixed by the ``area`` parameter (the form
carries it hidden; there is no area list), minimal chrome (no site navigation, no
scripts), in fi/sv/en (``lang``).  The answers are the main search's —
:func:`.reports.search` and the ``_answers.html`` macros that ``/search`` renders — so
the urgent section and the 112 line come first here too.  Links in the answers open the
full app in a new tab (``<base target="_blank">``): its pages may not be framed.

Who may frame it: only the origins in the store setting ``embed_origins``
(space-separated ``https://www.example.fi``; ``graphmap setting embed_origins …``), named
in the page's CSP ``frame-ancestors``; without the setting the page may not be framed at
all (``'none'``, as every other page).  A value that is not a plain origin is ignored and
logged, so a typo can never loosen the policy.
"""
from __future__ import annotations

import re

from flask import Blueprint, current_app, g, render_template, request

from .errors import not_found_translated
from . import unmet
from .reports import search as search_report
from .snapshot import current_snapshot

bp = Blueprint("embed", __name__, url_prefix="/embed")
SETTING = "embed_origins"
_ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:[0-9]{1,5})?$", re.IGNORECASE)


def allowed_origins() -> list[str]:
    """The origins that may frame the embed (the ``embed_origins`` setting), valid ones only."""
    getter = getattr(current_app.extensions["graphmap.store"], "get_setting", None)
    text = (getter(SETTING, "") if getter else "") or ""
    out = []
    for token in text.replace(",", " ").split():
        if _ORIGIN.match(token):
            out.append(token.rstrip("/"))
        else:
            current_app.logger.warning("setting %s: %r is not an origin (https://host[:port]); "
                                       "ignored", SETTING, token)
    return out


@bp.before_request
def _frame_ancestors():
    origins = allowed_origins()
    if origins:  # read by web/security.py when it writes the headers
        g.frame_ancestors = " ".join(origins)


@bp.get("/search")
def search():
    snap = current_snapshot()
    area = (request.args.get("area") or "").strip()
    if area not in snap.net.areas:
        raise (not_found_translated(None, "error.no_area", id=repr(area)) if area else
               not_found_translated(None, "error.area_needed"))
    args = {"q": request.args.get("q", ""), "age": request.args.get("age", ""), "area": area}
    result = search_report(snap, args, g.lang, strict=False)
    if result.get("query"):
        unmet.count(snap, result)  # the area's coordinator sees unanswered questions
    return render_template("embed_search.html", result=result,
                           area={"id": area, "name": snap.net.areas[area].name},
                           q=args["q"].strip(), age=(args["age"] or "").strip())


def register(app) -> None:
    app.register_blueprint(bp)
