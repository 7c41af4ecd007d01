"""HTTP safety headers (issue 4 item 9).

The policy forbids inline script and event-handler attributes, so data that slips into
markup as text can never run; ``img-src data: blob:`` is what Cytoscape's PNG/SVG export
needs.  JSON data blocks (``<script type="application/json">``) are not executed and so
need no exception.  Reference: https://owasp.org/www-project-secure-headers/
"""
from __future__ import annotations

CSP = ("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; img-src 'self' data: blob:; "
       "form-action 'self'")


def csp(frame_ancestors: str = "'none'") -> str:
    """The policy with other ``frame-ancestors`` (the embeddable search, web/embed.py)."""
    return CSP.replace("frame-ancestors 'none'", f"frame-ancestors {frame_ancestors}")

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app) -> None:
    from flask import g

    @app.after_request
    def _headers(response):
        # a page that may be framed (web/embed.py sets g.frame_ancestors to the configured
        # origins) names them in the CSP and sends no X-Frame-Options, which knows no list
        ancestors = g.get("frame_ancestors")
        headers = response.headers
        # what the view set itself stays (setdefault, with one look at the names rather
        # than a scan per header: 7 % of a cached answer's CPU went to those scans)
        present = {name.lower() for name, _ in headers.items()}
        for name, value in HEADERS.items():
            if name.lower() in present:
                continue
            if ancestors:
                if name == "X-Frame-Options":
                    continue
                if name == "Content-Security-Policy":
                    value = csp(ancestors)
            headers.add(name, value)
        return response
