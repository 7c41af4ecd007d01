"""The map as PDF (issue 15 item 1): ``POST /areas/<id>/map.pdf``.

Why: a coordinator prints the area's map for a meeting or a report; PNG and SVG exist
(web/static/js/map/export.mjs ``exportSvg``), and a PDF page is what a printer and an e-mail
attachment expect.

What: the browser posts the very SVG it downloads as ``#export-svg`` (the whole area with
title, date and legend); this wraps it as an ``<img>`` data URI in a one-page HTML document
and WeasyPrint lays it out on A4 landscape, scaled to the page.  Nothing is stored, so the
route is CSRF-exempt like ``POST /api/whatif`` (web/auth.py); reading rules still apply.

Safety: the SVG comes from the client.  The body is capped (:data:`MAX_SVG_BYTES`, 413),
must be an SVG document (400 otherwise), and WeasyPrint's fetcher accepts ``data:`` URIs
only, so an SVG that points at ``file://`` or ``http://`` makes the server fetch nothing.
The server adds no data of its own beyond the area's name, so the PDF shows no more than
the user's map did.
"""
from __future__ import annotations

import base64
from xml.etree import ElementTree

from flask import Blueprint, current_app, g, request
from markupsafe import escape

from .directory import render_pdf
from .errors import bad_translated, not_found_translated
from .i18n import translate
from .snapshot import current_snapshot

bp = Blueprint("map_pdf", __name__)
#: a whole-area SVG of the biggest demo area is a few hundred kB; 4 MB leaves room for
#: large real areas and keeps WeasyPrint's work bounded
MAX_SVG_BYTES = 4_000_000
_SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>
@page {{ size: A4 landscape; margin: 10mm; }}
html, body {{ margin: 0; }}
img {{ display: block; width: 277mm; height: 190mm; object-fit: contain; }}
</style></head>
<body><img src="data:image/svg+xml;base64,{svg}" alt="{title}"></body></html>
"""


@bp.post("/areas/<area_id>/map.pdf")
def pdf(area_id):
    area = current_snapshot().net.areas.get(area_id)
    if area is None:
        raise not_found_translated("area_id", "error.no_area", id=repr(area_id))
    request.max_content_length = MAX_SVG_BYTES  # beyond it: 413 before the body is read
    svg = request.get_data(cache=False)
    if not _is_svg(svg):
        raise bad_translated("body", "map.export_pdf_not_svg")
    title = translate("map.export_title", area=area.name)
    html = _PAGE.format(lang=escape(g.lang), title=escape(title),
                        svg=base64.b64encode(svg).decode("ascii"))
    response = current_app.response_class(_render(html), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="graphmap-{area.id}.pdf"'
    return response


def _is_svg(body: bytes) -> bool:
    """True for an XML document whose root is an SVG element.  The standard parser
    expands no external entity (nothing is read from disk or the network); WeasyPrint
    parses the picture with the same parser."""
    try:
        root = ElementTree.fromstring(body)
    except (ElementTree.ParseError, ValueError):
        return False
    return root.tag == _SVG_ROOT


def _render(html: str) -> bytes:
    try:
        from weasyprint.urls import URLFetcher
    except OSError:  # Pango missing: render_pdf answers 503 with the reason
        return render_pdf(html)
    # data: only — the picture itself; anything it points at (file:, http:) is refused
    return render_pdf(html, URLFetcher(allowed_protocols={"data"}))


def register(app) -> None:
    app.register_blueprint(bp)
