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

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app) -> None:
    @app.after_request
    def _headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
