"""The geographic view's page and JSON twin (issue 16 item 3), without a browser: the
network map's nodes and filters, placed by coordinates; nothing hidden leaks; the tile
server is a setting that the page's CSP lets in, and nothing else."""
from __future__ import annotations

import re
from pathlib import Path

from graphmap.web import create_app

from .conftest import HIDDEN_PERSON

WEB = Path(__file__).resolve().parents[2] / "web"


def test_units_are_placed_and_the_unplaced_are_listed(client):
    data = client.get("/api/areas/koivula/geo").get_json()
    graph = client.get("/api/areas/koivula/graph").get_json()
    drawn = {n["data"]["id"] for n in graph["nodes"]
             if n["data"]["kind"] in ("unit", "role", "area", "stub")}
    placed = {p["id"] for p in data["places"]}
    # every node of the network map is either on the geographic map or listed as unplaced
    assert placed | {p["id"] for p in data["unplaced"]} == drawn
    neuvola = next(p for p in data["places"] if p["id"] == "neuvola")
    assert (neuvola["lat"], neuvola["lon"]) == (61.337201, 22.929)
    assert "perheohjaus" in {p["id"] for p in data["unplaced"]}  # no coordinates in tests.data
    assert all(link["source"] in placed and link["target"] in placed for link in data["links"])


def test_the_same_filters_as_the_network_map(client):
    data = client.get("/api/areas/koivula/geo?sector=county&roles=1").get_json()
    nodes = [p for p in data["places"] + data["unplaced"] if p["kind"] in ("unit", "role")]
    assert data["places"] and {p["sector"] for p in nodes} == {"county"}
    roles = [p for p in data["places"] if p["kind"] == "role"]
    nurse = next(r for r in roles if r["id"] == "th-aino")  # a role of the neuvola
    assert (nurse["lat"], nurse["lon"]) == (61.337201, 22.929)
    bad = client.get("/api/areas/koivula/geo?sector=nope")
    assert bad.status_code == 400 and bad.get_json()["param"] == "sector"
    assert client.get("/areas/koivula/geo?level=nope").status_code == 400
    assert client.get("/api/areas/nowhere/geo").status_code == 404


def test_a_hidden_name_never_reaches_the_view(client):
    for url in ("/api/areas/koivula/geo?roles=1", "/areas/koivula/geo?roles=1"):
        assert HIDDEN_PERSON not in client.get(url).get_data(as_text=True)


def test_the_table_twin_and_the_tile_setting(web_store, store_url):
    app = create_app(store_url, config={"TESTING": True,
                                        "TILE_URL": "https://{s}.tiles.example.invalid/{z}/{x}/{y}.png"})
    response = app.test_client().get("/areas/koivula/geo?lang=sv")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    row = re.search(r'<tr data-id="neuvola">(.*?)</tr>', html, re.S).group(1)
    assert "Koivulan lastenneuvola" in row and "Koivukuja 1" in row and "61,3372, 22,9290" in row
    assert 'data-tile-url="https://{s}.tiles.example.invalid/{z}/{x}/{y}.png"' in html
    csp = response.headers["Content-Security-Policy"]
    assert ("img-src 'self' data: blob: https://a.tiles.example.invalid "
            "https://b.tiles.example.invalid https://c.tiles.example.invalid;") in csp
    assert "script-src 'self';" in csp  # only images are let in from the tile server
    assert "<th scope=\"col\">Till</th>" in html


def test_the_default_tiles_are_openstreetmaps(client):
    html = client.get("/areas/koivula/geo").get_data(as_text=True)
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "© OpenStreetMap contributors" in html


def test_the_sector_colours_are_the_network_maps():
    """The geographic view takes the network map's palette and link styles from its one
    module; the table twin's CSS swatches use the same colours."""
    block = re.search(r"SECTOR_COLOURS = \{(.*?)\}", (WEB / "static" / "js" / "lib" /
                      "legend-model.mjs").read_text(encoding="utf-8"), re.S)
    network = dict(re.findall(r'(\w+): "(#[0-9A-Fa-f]{6})"', block.group(1)))
    geomap = (WEB / "static" / "js" / "geomap.js").read_text(encoding="utf-8")
    assert len(network) == 7 and 'from "./lib/legend-model.mjs"' in geomap
    assert re.search(r'import \{[^}]*\bLINK_STYLES\b[^}]*\} from "./lib/legend-model.mjs"', geomap)
    assert not re.search(r"#[0-9A-Fa-f]{6}", geomap.split("LINK_STYLES", 1)[0])
    css = (WEB / "static" / "css" / "geo.css").read_text(encoding="utf-8")
    assert all(f".sector-{s} {{ background: {c}; }}" in css for s, c in network.items())


def test_leaflet_is_served_from_the_whitelist(client):
    js = client.get("/vendor/leaflet.js")
    css = client.get("/vendor/leaflet.css")
    assert js.status_code == 200 and js.mimetype == "text/javascript" and b"Leaflet" in js.data
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert client.get("/vendor/leaflet-src.js").status_code == 404
