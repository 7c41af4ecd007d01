"""The graphmap web explorer: a Flask app factory (flaskr style) over one store.

``create_app(store_url)`` opens the store (the only door to data), wires the language
choice, the safety headers, the page blueprints and the JSON API (every page has a
JSON twin, Datasette style), and error handlers that answer ``/api/…`` with JSON only.
"""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from graphmap.store import StoreBusy, default_url, open_store

from . import facts, i18n, proxy, security
from .errors import store_busy
from .json_codec import JSONProvider
from .snapshot import SnapshotSource, noted_updating, reset_updating
from .working import WorkingNetwork


def create_app(store_url: str | None = None, *, config: dict | None = None) -> Flask:
    """Build the app for the store at ``store_url`` (default: ``GRAPHMAP_STORE`` or
    ``sqlite:///graphmap.db``).  ``config`` updates ``app.config`` (e.g. TESTING;
    ``SNAPSHOT_BACKGROUND``: after a store write keep answering from the previous
    snapshot while the new one is built — default on except when TESTING;
    ``WARM_START``: build the first snapshot and the search index in a background
    thread at start, so the first question is answered warm — same default;
    ``SNAPSHOT_FILE``: keep that snapshot next to a SQLite file for the next start,
    web/snapshot_file.py — default: as ``WARM_START``; ``FORWARDED_ALLOW_IPS``: the
    reverse proxies whose ``X-Forwarded-*`` headers are believed, web/proxy.py)."""
    app = Flask(__name__)
    app.json = JSONProvider(app)  # orjson: web/json_codec.py
    app.config.update(STORE_URL=store_url or default_url(), JSON_SORT_KEYS=False,
                      MAX_CONTENT_LENGTH=1_000_000)
    app.config.update(config or {})
    store = open_store(app.config["STORE_URL"])
    app.extensions["graphmap.store"] = store
    background = app.config.get("SNAPSHOT_BACKGROUND", not app.config.get("TESTING", False))
    warm = app.config.get("WARM_START", not app.config.get("TESTING", False))
    persist = app.config.get("SNAPSHOT_FILE", warm)
    app.extensions["graphmap.snapshots"] = SnapshotSource(store, background=background,
                                                          warm=warm, persist=persist)
    app.extensions["graphmap.working"] = WorkingNetwork(store, app.extensions["graphmap.snapshots"])

    _register_updating(app)
    i18n.init_app(app)
    facts.init_app(app)
    security.init_app(app)
    proxy.init_app(app)
    from . import (admin, auth, directory, edit, embed, geo_view, history_pages, hsds_api,
                   map_pdf, provider, review, upload, vendor, verify)
    auth.init_app(app, store)
    from .api import bp as api_bp
    from .pages import register as register_pages
    app.register_blueprint(api_bp)
    register_pages(app)
    for module in (edit, upload, history_pages, admin, hsds_api, embed, directory, verify,
                   provider, review, geo_view, map_pdf, vendor):
        module.register(app)
    _register_errors(app)
    return app


def _register_updating(app: Flask) -> None:
    """``X-Graphmap-Updating: 1`` on an answer given (in part) from an earlier store
    revision while the new one is prepared — the whole network read again after a
    large import, the snapshot being patched after a write, a view of the written area
    being recomputed (:meth:`.snapshot.Snapshot.view`), or a search answered from the
    previous search index while this revision's is patched (:attr:`.snapshot.Snapshot.index`
    notes it): never silently stale (issue 13).  Only answers that read the earlier
    revision say so: a unit's profile is not "updating" because the index behind the
    search is (at national scale the index is being patched after most writes, and
    every answer said "updating")."""
    source = app.extensions["graphmap.snapshots"]

    @app.before_request
    def _fresh():
        reset_updating()

    @app.after_request
    def _updating(response):
        if source.updating or noted_updating():
            response.headers["X-Graphmap-Updating"] = "1"
        return response


#: the catalogue's words for an error werkzeug raised itself (its own text is English)
GENERIC = {401: "error.login_required", 403: "auth.forbidden", 404: "error.not_found",
           405: "error.method_not_allowed"}


def _register_errors(app: Flask) -> None:
    """JSON errors under ``/api/`` and ``/hsds/`` (never an HTML traceback), translated
    pages elsewhere.  Every message is in the request's language (:mod:`.errors`);
    an error werkzeug raised itself (an unknown address, a wrong method) says the
    catalogue's generic words instead of werkzeug's English.  The HSDS API keeps its
    English texts: its clients are machines reading an English-language spec."""
    from flask import g

    from .auth import is_api as wants_json

    def _said(exc: HTTPException) -> tuple[str | None, str]:
        """The message and its language."""
        lang = getattr(exc, "lang", None)
        if lang is not None or request.path.startswith("/hsds/"):
            return exc.description, lang or "en"
        if exc.description == type(exc).description and exc.code:
            key = GENERIC.get(exc.code, "error.internal" if exc.code >= 500
                              else "error.bad_request")
            return i18n.translate(key), getattr(g, "lang", i18n.DEFAULT_LANG)
        return exc.description, "en"

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        # the exception's own headers (Retry-After, Allow, WWW-Authenticate), not its body's
        headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        message, lang = _said(exc)
        if wants_json():
            body = {"error": message or exc.name, "status": exc.code}
            param = getattr(exc, "param", None)
            if param:
                body["param"] = param
            return jsonify(body), exc.code, headers
        return render_template("error.html", code=exc.code, message=message,
                               message_lang=lang,
                               allowed=_allowed() if exc.code == 403 else None), exc.code, \
            headers

    @app.errorhandler(StoreBusy)
    def _busy(exc: StoreBusy):
        app.logger.warning("store busy on %s: %s", request.path, exc)
        return _http(store_busy(exc))

    def _allowed() -> dict:
        """What the refused user may do, for the 403 page (issue 15 item 4)."""
        from flask import g

        from .auth import role_of
        user = getattr(g, "user", None)
        role = role_of(user)
        names = []
        if role == "editor" and user is not None:
            try:
                from .snapshot import current_snapshot
                areas = current_snapshot().net.areas
                names = [areas[a].name if a in areas else a for a in sorted(user.areas or ())]
            except Exception:  # no snapshot yet: the ids still say it
                names = sorted(user.areas or ())
        return {"role": role, "areas": names}

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return _http(exc)
        app.logger.exception("unexpected error on %s", request.path)
        if wants_json():
            return jsonify({"error": i18n.translate("error.internal"), "status": 500}), 500
        return render_template("error.html", code=500, message=None), 500
