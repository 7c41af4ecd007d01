"""Behind a reverse proxy: the client's address and scheme from ``X-Forwarded-*``.

README ("Running in production") puts graphmap behind a proxy such as nginx, which
ends TLS.  Every request then comes from the proxy's address over plain http: the
login limiter would count all users' failed logins as one client's (one attacker
would lock everyone out), and links made for elsewhere (a provider's confirmation
link, the HSDS API's own address) would say ``http://``.  The proxy's headers say
who asked and how; they are believed only from the proxy's own address — loopback by
default, as gunicorn did, or ``GRAPHMAP_FORWARDED_ALLOW_IPS`` (comma-separated, ``*``
for any) — so a client reaching graphmap directly cannot claim another address.
"""
from __future__ import annotations

import os

from werkzeug.middleware.proxy_fix import ProxyFix

DEFAULT_ALLOWED = "127.0.0.1,::1"


def allowed_proxies(config) -> frozenset[str] | None:
    """The addresses whose ``X-Forwarded-*`` headers are believed (``None``: any)."""
    text = config.get("FORWARDED_ALLOW_IPS") or os.environ.get(
        "GRAPHMAP_FORWARDED_ALLOW_IPS", DEFAULT_ALLOWED)
    names = {part.strip() for part in str(text).split(",") if part.strip()}
    return None if "*" in names else frozenset(names)


def init_app(app) -> None:
    """Wrap the app: a request from an allowed proxy is seen as its client made it
    (one proxy in front: the last ``X-Forwarded-For``, ``-Proto`` and ``-Host``)."""
    allowed = allowed_proxies(app.config)
    inner = app.wsgi_app
    fixed = ProxyFix(inner, x_for=1, x_proto=1, x_host=1)

    def wsgi(environ, start_response):
        if allowed is None or environ.get("REMOTE_ADDR") in allowed:
            return fixed(environ, start_response)
        return inner(environ, start_response)
    app.wsgi_app = wsgi
