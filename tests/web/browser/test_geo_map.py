"""The geographic view in real Chromium (issue 16 item 3): Leaflet from /vendor draws the
demo's units at their places and the links between them over tiles from a local stub
(the tests run offline), under the page's CSP, with the tables as its twin."""
from __future__ import annotations

import json
import struct
import threading
import urllib.request
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from graphmap.store import open_store

from .conftest import CHROMIUM_ARGS, CSP_WATCH  # noqa: F401 (the browser fixture's settings)
from .helpers import save_screenshot


def _png(rgb: tuple[int, int, int], size: int = 256) -> bytes:
    """A tile: ``rgb`` with a darker one-pixel edge, so tile seams show in screenshots."""
    edge = bytes(max(0, c - 40) for c in rgb)
    fill = bytes(rgb)
    rows = b"".join(b"\0" + (edge * size if y == 0 else edge + fill * (size - 1))
                    for y in range(size))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


class TileStub:
    """An offline tile server: any /{z}/{x}/{y}.png is a pale tile; requests are counted."""

    def __init__(self):
        tile, seen = _png((226, 232, 222)), []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                seen.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(tile)))
                self.end_headers()
                self.wfile.write(tile)

            def log_message(self, *args):
                pass

        self.requests = seen
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


@pytest.fixture(scope="module")
def tiles():
    stub = TileStub()
    yield stub
    stub.stop()


@pytest.fixture(scope="module")
def geo_server(tmp_path_factory, tiles):
    from werkzeug.serving import make_server

    from graphmap.demo import demo_network
    from graphmap.web import create_app
    url = f"sqlite:///{tmp_path_factory.mktemp('geo')}/graphmap.db"
    store = open_store(url)
    store.write(demo_network())
    store.close()
    app = create_app(url, config={"TESTING": True, "TILE_URL": tiles.url + "/{z}/{x}/{y}.png",
                                  "TILE_ATTRIBUTION": "test tiles"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def geo_page(browser, geo_server):
    context = browser.new_context(base_url=geo_server, locale="fi-FI",
                                  viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.add_init_script(CSP_WATCH)
    pg.errors = errors
    yield pg
    context.close()


def _wait(pg):
    pg.wait_for_selector("#geo-map[data-ready='1'], #geo-map[data-error]", state="attached",
                         timeout=20_000)
    assert pg.get_attribute("#geo-map", "data-error") is None, pg.get_attribute("#geo-map",
                                                                                "data-error")


def test_units_and_links_are_drawn_at_their_places_over_local_tiles(geo_page, geo_server, tiles):
    geo_page.goto("/areas/sotesi/geo")
    _wait(geo_page)
    with urllib.request.urlopen(geo_server + "/api/areas/sotesi/geo") as resp:
        data = json.load(resp)
    assert len(data["places"]) > 40 and data["links"]
    # one circle per place and one line per link, as the JSON twin says
    assert geo_page.locator("path.geo-place").count() == len(data["places"])
    drawn_lines = geo_page.locator(".leaflet-overlay-pane path:not(.geo-place)").count()
    assert drawn_lines == len(data["links"])
    # the table twin lists the same places
    assert geo_page.locator("#geo-places tbody tr").count() == len(data["places"])
    # tiles came from the stub and were shown; no CSP violation, no script error
    geo_page.wait_for_function("document.querySelectorAll('img.leaflet-tile-loaded').length > 0")
    assert tiles.requests and all(p.endswith(".png") for p in tiles.requests)
    assert geo_page.evaluate("window.__cspViolations") == []
    assert geo_page.errors == []
    # Sastamala's units lie in Sastamala: the map is centred near 61.3 N, 22.9 E
    sector_colour = geo_page.eval_on_selector(
        "path.geo-place", "el => el.getAttribute('fill')")
    assert sector_colour.upper() in {"#0072B2", "#E69F00", "#CC79A7", "#009E73", "#F0E442",
                                     "#56B4E9", "#D55E00"}
    save_screenshot(geo_page, "geo-sotesi")


def test_filters_are_the_network_maps_and_names_stay_text(geo_page, geo_server):
    geo_page.goto("/areas/sotesi/geo?sector=county&kind=refers")
    _wait(geo_page)
    with urllib.request.urlopen(geo_server + "/api/areas/sotesi/geo?sector=county&kind=refers") as r:
        data = json.load(r)
    assert {p["sector"] for p in data["places"]} == {"county"}
    assert {link["kind"] for link in data["links"]} == {"refers"}
    assert geo_page.locator("path.geo-place").count() == len(data["places"])
    # the checkboxes show the filter, as on the network map
    assert geo_page.is_checked("#sector-county") and not geo_page.is_checked("#sector-ngo")
    geo_page.locator("path.geo-place").first.click(force=True)
    popup = geo_page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("strong").inner_text() in {p["label"] for p in data["places"]}
    assert popup.locator("img, script").count() == 0


def test_the_county_places_its_areas_at_their_middle(geo_page, geo_server):
    geo_page.goto("/areas/ph/geo")
    _wait(geo_page)
    with urllib.request.urlopen(geo_server + "/api/areas/ph/geo") as resp:
        areas = [p for p in json.load(resp)["places"] if p["kind"] == "area"]
    names = {p["label"] for p in areas}
    assert {"Hartolan perhekeskusalue", "Orimattilan perhekeskusalue"} <= names
    assert geo_page.locator("path.geo-area").count() == len(areas)
    hartola = next(p for p in areas if p["id"] == "hartola")
    assert 61.5 < hartola["lat"] < 61.7  # Hartola lies north of Lahti (61.0)
    save_screenshot(geo_page, "geo-paijat-hame")


def test_the_network_map_links_to_the_geographic_view(geo_page):
    geo_page.goto("/areas/sotesi")
    geo_page.click("#geo-link")
    geo_page.wait_for_url("**/areas/sotesi/geo")
    _wait(geo_page)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_geographic_view_meets_wcag_21_aa(geo_page, lang):
    from .test_accessibility import STRUCTURE_RULES, WCAG_TAGS, describe, run_axe
    geo_page.goto(f"/areas/sotesi/geo?lang={lang}")
    _wait(geo_page)
    found = run_axe(geo_page, {"type": "tag", "values": WCAG_TAGS})
    found += run_axe(geo_page, {"type": "rule", "values": STRUCTURE_RULES})
    assert not found, f"geo ({lang}) breaks WCAG 2.1 AA:\n{describe(found)}"
