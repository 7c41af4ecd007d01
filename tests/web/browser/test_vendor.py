"""The /vendor/<name> whitelist (web/vendor.py): the map's libraries and nothing else."""
from __future__ import annotations

import pytest

from graphmap.web import create_app
from graphmap.web.vendor import FILES, NODE_MODULES, SCRIPTS


@pytest.fixture
def client(loaded_store, store_url):
    return create_app(store_url, config={"TESTING": True}).test_client()


@pytest.mark.skipif(not (NODE_MODULES / "cytoscape").is_dir(),
                    reason="web/node_modules missing (scripts/setup.sh runs npm ci)")
def test_every_listed_library_is_served_as_javascript(client):
    for name in FILES:
        r = client.get(f"/vendor/{name}")
        assert r.status_code == 200, name
        # Leaflet's stylesheet (the geographic view) as CSS, every bundle as JavaScript
        assert r.mimetype == ("text/css" if name.endswith(".css") else "text/javascript")
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert len(r.data) > 10_000, name


def test_manifest_gives_the_load_order(client):
    body = client.get("/vendor/manifest.json").get_json()
    assert body["scripts"] == list(SCRIPTS)
    assert body["scripts"][0] == "cytoscape.min.js"  # extensions need the core first
    assert body["scripts"].index("layout-base.js") < body["scripts"].index("cose-base.js") \
        < body["scripts"].index("cytoscape-fcose.js")


@pytest.mark.parametrize("name", ["package.json", "..%2Fpackage.json", "cytoscape",
                                  "cytoscape%2Fpackage.json", "README.md", "x.js"])
def test_anything_else_is_not_found(client, name):
    r = client.get(f"/vendor/{name}")
    assert r.status_code == 404
    assert b"dependencies" not in r.data
