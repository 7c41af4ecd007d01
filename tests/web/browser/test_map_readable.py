"""A map people can read (issue 15 item 1), in real Chromium over the demo network.

What a coordinator notices: labels that do not pile up on the area's biggest map, the
same picture every time they open it (so monthly pictures compare), and an exported
picture of the whole area with its title, date and legend."""
from __future__ import annotations

import datetime as dt
import json
import urllib.request
from xml.etree import ElementTree

import pypdf
import pytest

from graphmap.demo import demo_network
from graphmap.model import AreaKind

from .helpers import assert_picture, save_screenshot, wait_for_map

SVG = "{http://www.w3.org/2000/svg}"
DEMO = demo_network()
FAMILY_CENTRES = sorted(a.id for a in DEMO.areas.values() if a.kind == AreaKind.FAMILY_CENTRE_AREA)

LABELS = """() => {
  const cy = window.graphmapCy;
  const o = {includeNodes: false, includeEdges: false, includeLabels: true,
             includeOverlays: false, includeUnderlays: false};
  return cy.nodes().filter(n => n.visible() && n.pstyle('label').strValue !== '')
    .map(n => ({id: n.id(), box: n.boundingBox(o), text: n.pstyle('label').strValue,
                px: n.pstyle('font-size').pfValue * cy.zoom()}));
}"""


def overlapping(labels):
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            p, q = a["box"], b["box"]
            if p["x1"] < q["x2"] and q["x1"] < p["x2"] and p["y1"] < q["y2"] and q["y1"] < p["y2"]:
                pairs.append((a["id"], b["id"]))
    return pairs


@pytest.fixture(scope="module")
def largest_area(demo_server):
    """The demo's family-centre area with the most nodes on its default map."""
    sizes = {}
    for area in FAMILY_CENTRES:
        with urllib.request.urlopen(f"{demo_server.url}/api/areas/{area}/graph") as r:
            sizes[area] = len(json.load(r)["nodes"])
    return max(sorted(sizes), key=sizes.get)


def positions(pg):
    return pg.evaluate("""() => Object.fromEntries(window.graphmapCy.nodes()
        .map(n => [n.id(), [n.position('x'), n.position('y')]]))""")


def test_no_two_visible_labels_overlap_at_the_default_fit_of_the_largest_area(
        page, demo_server, largest_area):
    page.goto(demo_server.url + f"/areas/{largest_area}")
    wait_for_map(page)
    labels = page.evaluate(LABELS)
    nodes = page.evaluate("window.graphmapCy.nodes().length")
    assert overlapping(labels) == []
    # a readable share of the map is named, at a readable size, inside the picture
    assert len(labels) >= nodes * 0.4, (len(labels), nodes)
    assert min(lb["px"] for lb in labels) >= 11
    extent = page.evaluate("window.graphmapCy.extent()")
    for lb in labels:
        b = lb["box"]
        assert b["x1"] >= extent["x1"] and b["x2"] <= extent["x2"], lb
    # no label is cut mid-word into "Peruskoulu, Sastamala …": two lines, whole words
    assert all(len(lb["text"].split("\n")) <= 2 for lb in labels)
    save_screenshot(page, f"map-readable-{largest_area}")
    # zooming in leaves room for more labels (level of detail), still without overlaps
    page.evaluate("""() => { const cy = window.graphmapCy;
        cy.zoom({level: cy.zoom() * 2.5, renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}}); }""")
    page.wait_for_timeout(300)
    zoomed = page.evaluate(LABELS)
    assert overlapping(zoomed) == []
    names_in_view = page.evaluate("""() => { const e = window.graphmapCy.extent();
        return window.graphmapCy.nodes().filter(n => { const p = n.position();
          return p.x > e.x1 && p.x < e.x2 && p.y > e.y1 && p.y < e.y2; }).length; }""")
    assert len(zoomed) / max(1, names_in_view) > len(labels) / nodes
    assert page.problems() == []


def test_a_shortened_label_shows_the_full_name_on_hover_and_in_the_panel(page, demo_server):
    page.goto(demo_server.url + "/areas/sotesi")
    wait_for_map(page)
    node = page.evaluate("""() => { const n = window.graphmapCy.nodes('[kind = "unit"]')
        .filter(n => n.data('_label').replace(/\\n/g, ' ') !== n.data('label'))[0];
        return n && {id: n.id(), full: n.data('label')}; }""")
    assert node, "no label on Sotesi's map is shortened"
    page.evaluate("id => window.graphmapCy.getElementById(id).emit('mouseover')", node["id"])
    shown = page.evaluate("id => window.graphmapCy.getElementById(id).pstyle('label').strValue",
                          node["id"])
    assert shown.replace("\n", " ") == node["full"]
    assert page.get_attribute("#cy", "title") == node["full"]
    page.evaluate("id => window.graphmapMap.focus(id)", node["id"])
    assert page.text_content("#node-info h2") == node["full"]
    assert page.problems() == []


def test_positions_are_identical_on_reload_and_rearrange_is_kept(page, demo_server):
    url = demo_server.url + "/areas/tornio"
    page.goto(url)
    wait_for_map(page)
    first = positions(page)
    page.reload()
    wait_for_map(page)
    assert positions(page) == first
    # a fresh browser (no stored choice) draws the same picture too
    other = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        pg2 = other.new_page()
        pg2.goto(url)
        wait_for_map(pg2)
        assert positions(pg2) == first
    finally:
        other.close()
    page.click("#rearrange")
    page.wait_for_function("document.querySelector('#map-page').dataset.state === 'ready'"
                           " && new URL(location.href).searchParams.get('layout') === '2'")
    second = positions(page)
    assert second != first
    page.goto(url)  # the address without ?layout: this browser keeps the re-arranged picture
    wait_for_map(page)
    assert positions(page) == second
    assert page.problems() == []


def test_exports_draw_the_whole_area_with_title_date_and_legend(page, demo_server, tmp_path):
    page.goto(demo_server.url + "/areas/sotesi")
    wait_for_map(page)
    # the user looks at a corner only; the export still has every node
    page.evaluate("() => { const cy = window.graphmapCy; cy.zoom(cy.zoom() * 4); }")
    with page.expect_download() as dl:
        page.click("#export-svg")
    path = tmp_path / "map.svg"
    dl.value.save_as(path)
    root = ElementTree.parse(path).getroot()
    ids = {g.get("data-id") for g in root.iter(SVG + "g") if (g.get("class") or "").split()[:1] == ["node"]}
    assert ids == set(page.evaluate("window.graphmapCy.nodes(':visible').map(n => n.id())"))
    texts = ["".join(t.itertext()) for t in root.iter(SVG + "text")]
    name = DEMO.areas["sotesi"].name
    today = dt.date.today()
    title = [t for t in texts if name in t]
    assert title and title[0].startswith("Palveluverkosto"), texts[:3]
    assert any(f"{today.day}.{today.month}.{today.year}" in t for t in texts), texts[:3]
    legend = next(g for g in root.iter(SVG + "g") if g.get("class") == "legend")
    legend_text = ["".join(t.itertext()) for t in legend.iter(SVG + "text")]
    # the legend names what the page's legend names: the same words, the same kinds
    on_page = page.evaluate("Array.from(document.querySelectorAll('#legend li span'), s => s.textContent)")
    assert "Selite" in legend_text and set(on_page) <= set(legend_text)
    assert "ohjaa" in legend_text
    # every node lies inside the file's picture
    w, h = float(root.get("width")), float(root.get("height"))
    for shape in root.iter(SVG + "ellipse"):
        assert 0 <= float(shape.get("cx")) <= w and 0 <= float(shape.get("cy")) <= h
    # the view the user had is left as it was
    assert page.evaluate("window.graphmapCy.zoom()") > 1
    with page.expect_download() as dl:
        page.click("#export-png")
    png = tmp_path / "map.png"
    dl.value.save_as(png)
    assert_picture(page.context.browser, png)
    size = page.evaluate("""async b64 => { const img = new Image(); img.src = 'data:image/png;base64,' + b64;
        await img.decode(); return [img.naturalWidth, img.naturalHeight]; }""",
        __import__("base64").b64encode(png.read_bytes()).decode())
    assert size == [round(2 * w), round(2 * h)] or abs(size[0] - 2 * w) <= 2
    # the same picture as a PDF page (the server lays the posted SVG out, web/map_pdf.py)
    with page.expect_download() as dl:
        page.click("#export-pdf")
    assert dl.value.suggested_filename == "graphmap-sotesi.pdf"
    pdf = tmp_path / "map.pdf"
    dl.value.save_as(pdf)
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 1 and float(reader.pages[0].mediabox.width) > 800
    pdf_text = " ".join(p.extract_text() for p in reader.pages)
    assert f"Palveluverkosto: {name}" in " ".join(pdf_text.split())
    assert "Selite" in pdf_text
    assert page.evaluate("window.graphmapCy.zoom()") > 1
    assert page.problems() == []
