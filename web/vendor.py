"""The front-end libraries the browser may fetch from ``web/node_modules`` (in a wheel:
the same files, copied into the package at build time by setup.py), and the route that
serves them at ``/vendor/<name>``.

Why a whitelist: node_modules holds thousands of files (tests, demos, source maps);
serving the directory would expose all of them and make the app's attack surface
depend on what npm happened to unpack.  Only the four UMD bundles the map needs (and
Leaflet with its stylesheet for the geographic view) are reachable, by a short stable
name, so templates and ``static/js/`` never
spell node_modules paths (issue 4: "no third-party JavaScript is copied into the
repo; everything works offline once set up").

How: ``register(app)`` adds a tiny blueprint (the flaskr pattern, see
https://flask.palletsprojects.com/en/stable/tutorial/views/).  ``SCRIPTS`` lists the
names in load order: the UMD bundles attach globals (``cytoscape``, ``layoutBase``,
``coseBase``, ``cytoscapeFcose``) and each needs the previous ones.  SVG export is our own
``static/js/map/svg-export.mjs`` (the npm cytoscape-svg is GPL-3.0; graphmap is MIT).
The map's modules load them themselves when a page has not (``static/js/map/data.mjs``),
so a template only needs ``<script type="module" src="/static/js/map.js">``.
"""
from __future__ import annotations

from importlib import resources

from flask import Blueprint, abort, send_file

from .i18n import translate

#: the package's ``node_modules``: ``web/node_modules`` in a checkout (``npm ci``); in an
#: installed wheel the build hook (setup.py) has copied exactly the ``FILES`` below there.
NODE_MODULES = resources.files("graphmap.web") / "node_modules"

#: name served at /vendor/<name> → path under web/node_modules (from web/package-lock.json)
FILES: dict[str, str] = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "layout-base.js": "layout-base/layout-base.js",
    "cose-base.js": "cose-base/cose-base.js",
    "cytoscape-fcose.js": "cytoscape-fcose/cytoscape-fcose.js",
    # the geographic view (issue 16): Leaflet's UMD bundle (global ``L``) and its stylesheet;
    # markers are drawn as circles, so none of its images are needed
    "leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet.css": "leaflet/dist/leaflet.css",
}

#: load order for pages that draw a network map (each bundle needs the globals of the
#: ones before)
SCRIPTS: tuple[str, ...] = ("cytoscape.min.js", "layout-base.js", "cose-base.js",
                            "cytoscape-fcose.js")
#: what the geographic view loads (static/js/geomap.js)
GEO_FILES: tuple[str, ...] = ("leaflet.css", "leaflet.js")

#: the browser global each bundle defines (map.js skips bundles a page already loaded)
GLOBALS: dict[str, str] = {
    "cytoscape.min.js": "cytoscape", "layout-base.js": "layoutBase", "cose-base.js": "coseBase",
    "cytoscape-fcose.js": "cytoscapeFcose", "leaflet.js": "L",
}

bp = Blueprint("vendor", __name__)


@bp.get("/vendor/manifest.json")
def manifest():
    """The load order, so the list lives only here (map.js fetches it)."""
    return {"scripts": list(SCRIPTS), "globals": GLOBALS}


@bp.get("/vendor/<name>")
def vendor_file(name: str):
    """One whitelisted library file; anything else is a 404, never a directory listing."""
    rel = FILES.get(name)
    if rel is None:
        abort(404)
    resource = NODE_MODULES / rel
    if not resource.is_file():
        # Setup (``npm ci`` in web/) has not run: say so instead of a bare 404.
        return ({"error": translate("error.vendor_missing", name=repr(name)),
                 "param": "name"}, 503)
    # A package on disk (checkout or wheel) is served from where it is; as_file copies
    # only for a zipped install, and send_file has opened the file before that copy goes.
    with resources.as_file(resource) as path:
        mimetype = "text/css" if name.endswith(".css") else "text/javascript"
        return send_file(path, mimetype=mimetype, max_age=3600)


def register(app) -> None:
    """Serve the whitelist at /vendor/<name> and expose ``vendor_scripts`` to templates."""
    if "vendor" in app.blueprints:
        return
    app.register_blueprint(bp)
    app.jinja_env.globals.setdefault("vendor_scripts", SCRIPTS)
