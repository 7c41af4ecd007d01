"""The area map in real Chromium: what a coordinator sees and clicks (issue 4 items 1, 7, 9)."""
from __future__ import annotations

import json
import urllib.request
from xml.etree import ElementTree

from .helpers import XSS, assert_picture, click_node, save_screenshot, wait_for_map


def drawn(pg, selector="node"):
    """Ids of the data elements Cytoscape holds (group boxes are drawn client-side)."""
    return set(pg.evaluate(
        "sel => window.graphmapCy.elements(sel).not('.group').map(e => e.id())", selector))


def api_graph(pg, live_server):
    """The graph JSON of the request map.js made, fetched again independently."""
    url = pg.evaluate("window.graphmapMap.lastUrl")
    with urllib.request.urlopen(live_server.url + url) as resp:
        return json.load(resp)


def test_map_draws_every_node_and_link_the_api_sends(page, live_server):
    page.goto("/areas/koivula")
    wait_for_map(page)
    graph = api_graph(page, live_server)
    assert graph["nodes"], "the API sent an empty map for Koivula"
    assert drawn(page) == {n["data"]["id"] for n in graph["nodes"]}
    assert drawn(page, "edge") == {e["data"]["id"] for e in graph["edges"]}
    # links leaving the area end at a stub for the neighbouring area (Haapala)
    assert "stub:haapala" in drawn(page)
    assert_picture(page.context.browser, save_screenshot(page, "map-koivula"))
    assert page.problems() == []


def test_click_on_a_node_focuses_its_neighbourhood_and_fills_node_info(page):
    page.goto("/areas/koivula")
    wait_for_map(page)
    assert page.locator("#node-info h2").count() == 0
    click_node(page, "sosiaalityo")
    page.wait_for_selector("#node-info h2")
    assert page.text_content("#node-info h2") == "Lapsiperheiden sosiaalityö"
    assert page.get_attribute("#node-info a.profile-link", "href") == "/units/sosiaalityo"
    # radius 1: its referral partners stay, an unrelated unit fades
    state = page.evaluate("""() => {
        const cy = window.graphmapCy;
        return {focused: cy.$('.focused').map(n => n.id()),
                faded: cy.nodes('.faded').map(n => n.id())};
    }""")
    assert state["focused"] == ["sosiaalityo"]
    assert "lastensuojelu" not in state["faded"] and "perheohjaus" not in state["faded"]
    assert "kahvila" in state["faded"]
    page.select_option("#focus-radius", "2")
    faded2 = set(page.evaluate("window.graphmapCy.nodes('.faded').map(n => n.id())"))
    assert "neuvola" not in faded2  # two hops: sosiaalityo ← perheohjaus ← neuvola
    assert page.problems() == []


def test_sector_filter_refetches_and_hides_that_sector(page, live_server):
    page.goto("/areas/koivula")
    wait_for_map(page)
    ngo = page.evaluate("window.graphmapCy.nodes('[sector = \"ngo\"]').map(n => n.id())")
    assert "kahvila" in ngo
    with page.expect_response(lambda r: "/graph?" in r.url and "sector=" in r.url) as resp:
        page.uncheck("input[name=sector][value=ngo]")
    assert resp.value.ok
    wait_for_map(page)
    page.wait_for_function("() => window.graphmapCy.nodes('[sector = \"ngo\"]').length === 0")
    graph = api_graph(page, live_server)
    assert drawn(page) == {n["data"]["id"] for n in graph["nodes"]}
    assert "kahvila" not in drawn(page) and "neuvola" in drawn(page)
    assert page.problems() == []


def test_highlight_parameter_marks_the_finding_nodes(page):
    page.goto("/areas/koivula?highlight=kahvila,diakonia")
    wait_for_map(page)
    marked = set(page.evaluate("window.graphmapCy.nodes('.highlighted').map(n => n.id())"))
    assert marked == {"kahvila", "diakonia"}
    assert page.problems() == []


def test_clicking_a_stub_opens_the_neighbouring_area(page):
    page.goto("/areas/koivula")
    wait_for_map(page)
    with page.expect_navigation():
        click_node(page, "stub:haapala")
    assert page.url.endswith("/areas/haapala")
    wait_for_map(page)
    assert "haapala-neuvola" in drawn(page)
    assert page.problems() == []


def test_county_map_aggregates_family_centre_areas(page, live_server):
    page.goto("/areas/hva")
    wait_for_map(page)
    kinds = page.evaluate("window.graphmapCy.nodes().not('.group').map(n => n.data('kind'))")
    assert set(kinds) == {"area"}
    assert drawn(page) >= {"koivula", "haapala"}
    assert page.problems() == []


def test_export_png_and_svg_download_the_current_map(page, tmp_path):
    page.goto("/areas/koivula")
    wait_for_map(page)
    with page.expect_download() as dl:
        page.click("#export-png")
    png = tmp_path / "map.png"
    dl.value.save_as(png)
    assert dl.value.suggested_filename.endswith(".png")
    assert_picture(page.context.browser, png)
    with page.expect_download() as dl:
        page.click("#export-svg")
    svg = tmp_path / "map.svg"
    dl.value.save_as(svg)
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Perheohjaus" in text
    # a name with markup is escaped text in the SVG file too
    assert "&lt;img src=x" in text and "<img" not in text
    assert page.problems() == []


SVG = "{http://www.w3.org/2000/svg}"


def _shape_centre(shape):
    """Centre of an exported node shape (ellipse, rect or polygon), in view pixels."""
    tag = shape.tag.removeprefix(SVG)
    if tag == "ellipse":
        return float(shape.get("cx")), float(shape.get("cy"))
    if tag == "rect":
        return (float(shape.get("x")) + float(shape.get("width")) / 2,
                float(shape.get("y")) + float(shape.get("height")) / 2)
    pts = [tuple(map(float, p.split(","))) for p in shape.get("points").split()]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def test_svg_export_draws_each_visible_node_once_where_it_is_with_its_name_as_text(
        page, tmp_path):
    # the export is the whole area at zoom 1: file position = map position + one offset
    page.goto("/areas/koivula?highlight=kahvila&group=organisation")
    wait_for_map(page)
    with page.expect_download() as dl:
        page.click("#export-svg")
    path = tmp_path / "map.svg"
    dl.value.save_as(path)
    root = ElementTree.parse(path).getroot()  # well-formed XML, or this raises
    on_screen = page.evaluate("""() => {
        const cy = window.graphmapCy;
        return cy.nodes(':visible').map(n => ({id: n.id(), label: n.data('label') || n.id(),
            x: n.position().x, y: n.position().y, group: n.isParent()}));
    }""")
    drawn = {g.get("data-id"): g for g in root.iter(SVG + "g")
             if (g.get("class") or "").split()[:1] == ["node"]}
    assert set(drawn) == {n["id"] for n in on_screen}
    assert any(n["group"] for n in on_screen), "group_by=organisation drew no boxes"
    offset = None
    for n in sorted(on_screen, key=lambda n: n["group"]):
        g = drawn[n["id"]]
        shapes = [e for e in g if e.get("class") == "shape"]
        assert len(shapes) == 1, n["id"]
        x, y = _shape_centre(shapes[0])
        offset = offset or (x - n["x"], y - n["y"])
        if n["group"]:  # a box around its members (checked above to be drawn), not a point
            continue
        assert abs(x - n["x"] - offset[0]) < 2 and abs(y - n["y"] - offset[1]) < 2, (n["id"], x, y, n)
        # the name is literal text: parsing the file gives back exactly the data
        assert g.find(SVG + "title").text == n["label"]
        text = g.find(SVG + "text")
        if text is not None:  # the drawn label: the name, maybe wrapped and shortened
            drawn_text = " ".join(text.itertext()).removesuffix("…")
            assert n["label"].startswith(drawn_text.split(",")[0]), (drawn_text, n["label"])
    assert drawn["xss"].find(SVG + "title").text == XSS
    assert not [e for e in root.iter() if e.tag.removeprefix(SVG) in ("img", "script")]
    # a highlighted node carries its halo into the file, others do not
    halos = {i for i, g in drawn.items() if any(e.get("class") == "underlay" for e in g)}
    assert halos == {"kahvila"}
    # edges: one path each, arrows for directed links
    edges = [g for g in root.iter(SVG + "g") if g.get("class") == "edge"]
    assert len(edges) == page.evaluate("window.graphmapCy.edges(':visible').length")
    assert all(len(g.findall(SVG + "path")) == 1 for g in edges)
    assert any(g.find(SVG + "polygon") is not None for g in edges)
    assert page.problems() == []


def test_markup_in_a_name_is_only_text_on_the_map(page):
    page.goto("/areas/koivula?lang=fi")
    wait_for_map(page)
    assert page.evaluate("window.graphmapCy.getElementById('xss').data('label')") == XSS
    click_node(page, "xss")
    page.wait_for_selector("#node-info h2")
    assert page.text_content("#node-info h2") == XSS
    # nothing became an element: no <img src=x> anywhere, no dialog opened
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], #node-info img').length") == 0
    page.check("#show-roles")
    wait_for_map(page)
    page.wait_for_function("() => !window.graphmapCy.getElementById('xss-role').empty()")
    click_node(page, "xss-role")
    page.wait_for_function("() => document.querySelector('#node-info h2').textContent.includes('<script>')")
    page.wait_for_timeout(300)  # an injected handler would fire by now
    assert page.dialogs == []
    save_screenshot(page, "map-xss")
    assert page.problems() == []


def test_suggested_missing_links_are_dashed_ghost_edges_with_a_reason(page):
    page.goto("/areas/koivula?lang=fi")
    wait_for_map(page)
    assert page.evaluate("window.graphmapCy.edges('.ghost').length") == 0
    page.check("#show-suggested")
    wait_for_map(page)
    ghosts = page.evaluate("""() => window.graphmapCy.edges('.ghost').map(e => ({
        ends: [e.source().id(), e.target().id()], style: e.style('line-style')}))""")
    assert {"ends": ["paivakoti2", "perheohjaus"], "style": "dashed"} in ghosts
    # clicking the ghost edge tells why it is suggested
    point = page.evaluate("""() => {
        const e = window.graphmapCy.edges('.ghost').first(), m = e.renderedMidpoint();
        const r = document.getElementById('cy').getBoundingClientRect();
        window.scrollBy(0, r.top + m.y - window.innerHeight / 2);
        const r2 = document.getElementById('cy').getBoundingClientRect();
        return {x: r2.left + m.x, y: r2.top + m.y};
    }""")
    page.wait_for_timeout(100)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#node-info .edge-reason")
    assert "Päiväkoti Kuusi" in page.text_content("#node-info .edge-reason")
    assert page.problems() == []


def test_group_by_organisation_boxes_units_in_their_organisation(page):
    page.goto("/areas/koivula")
    wait_for_map(page)
    before = drawn(page)
    page.select_option("#group-by", "organisation")
    wait_for_map(page)
    page.wait_for_function("() => window.graphmapCy.nodes('.group').length > 0")
    parents = page.evaluate("""() => Object.fromEntries(window.graphmapCy.nodes('[kind = "unit"]')
        .map(n => [n.id(), n.parent().id()]))""")
    assert parents["neuvola"] == parents["perheohjaus"] == "group:org:hyva"
    assert parents["kahvila"] == "group:org:mll"
    assert drawn(page) == before  # grouping adds boxes, never drops a node
    page.select_option("#group-by", "level")
    page.wait_for_function("() => window.graphmapCy.getElementById('neuvola').parent().id()"
                           " === 'group:level:universal'")
    assert page.problems() == []


def test_finding_button_highlights_its_nodes(page):
    page.goto("/areas/koivula")
    wait_for_map(page)
    button = page.locator("#finding-list button[data-nodes='perheohjaus']").first
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    marked = page.evaluate("window.graphmapCy.nodes('.highlighted').map(n => n.id())")
    assert marked == ["perheohjaus"]
    # the gateway is also marked on the map by its finding class
    assert page.evaluate("window.graphmapCy.getElementById('perheohjaus').hasClass('finding-gateway')")
    assert page.problems() == []


def test_finding_button_about_roles_shows_roles_and_highlights_them(page):
    """A finding about roles (data-roles="1") highlights the roles it names too: the button
    turns "show roles" on, the map is drawn again with them, and every node the finding
    is about is marked — as the findings page's links do with roles=1."""
    page.goto("/areas/koivula")
    wait_for_map(page)
    assert not page.is_checked("#show-roles")
    button = page.locator("#finding-list button[data-roles='1']").first
    wanted = set(button.get_attribute("data-nodes").split())
    assert not wanted <= drawn(page)  # its roles are not on the map yet
    button.click()
    wait_for_map(page)
    assert page.is_checked("#show-roles")
    assert "roles=1" in page.url  # the address keeps the view, as for the checkbox
    assert button.get_attribute("aria-pressed") == "true"
    marked = set(page.evaluate("window.graphmapCy.nodes('.highlighted').map(n => n.id())"))
    assert marked == wanted
    assert page.problems() == []


def test_clicking_an_area_in_the_county_view_opens_its_map(page):
    page.goto("/areas/hva")
    wait_for_map(page)
    with page.expect_navigation():
        click_node(page, "koivula")
    assert page.url.endswith("/areas/koivula")
    wait_for_map(page)
    assert "neuvola" in drawn(page)
    assert page.problems() == []


def test_size_by_metric_resizes_nodes_by_that_metric(page):
    page.goto("/areas/koivula")
    wait_for_map(page)

    def sizes():
        return page.evaluate("""() => Object.fromEntries(window.graphmapCy.nodes('[kind = "unit"]')
            .map(n => [n.id(), [n.width(), n.data('degree'), n.data('in_volume')]]))""")

    by_degree = sizes()
    where = "() => window.graphmapCy.getElementById('neuvola').position()"
    before = page.evaluate(where)
    page.select_option("#size-by", "in_volume")
    page.wait_for_function("() => document.getElementById('legend').dataset.sizeBy === 'in_volume'")
    wait_for_map(page)
    by_volume = sizes()
    # perheohjaus receives the most referrals (30 + 2 + 3 a year): the biggest node now
    biggest = max(by_volume, key=lambda n: by_volume[n][0])
    assert biggest == max(by_volume, key=lambda n: by_volume[n][2]) == "perheohjaus"
    # a unit nobody refers to shrinks to the minimum, whatever its degree
    assert by_volume["paivakoti2"][0] == min(w for w, _, _ in by_volume.values())
    assert by_degree != by_volume
    assert page.evaluate(where) == before  # resizing keeps the layout the user was reading
    assert page.problems() == []


def test_unticking_every_sector_shows_an_empty_map_and_says_why(page):
    page.goto("/areas/koivula")
    wait_for_map(page)
    # all at once (one change event), as "select none" would; ticking them off one by one
    # passes through views with no unit left, which the server answered with a 500 when
    # this was written (reported to the back end: area_metrics on an empty view)
    page.evaluate("""() => {
        const boxes = document.querySelectorAll('input[name=sector]');
        boxes.forEach(b => { b.checked = false; });
        boxes[0].dispatchEvent(new Event('change', {bubbles: true}));
    }""")
    wait_for_map(page)
    assert page.evaluate("window.graphmapCy.elements().length") == 0
    assert page.text_content("#map-status").strip() != ""
    page.check("input[name=sector][value=parish]")
    wait_for_map(page)
    assert drawn(page) >= {"diakonia"}
    assert page.evaluate("window.graphmapCy.nodes('[kind = \"unit\"]').map(n => n.data('sector'))") \
        == ["parish"]
    assert page.problems() == []


def test_controls_work_from_the_keyboard(page):
    page.goto("/areas/koivula")
    wait_for_map(page)
    assert page.evaluate("window.graphmapCy.nodes('[kind = \"role\"]').length") == 0
    page.focus("#show-roles")
    page.keyboard.press("Space")
    wait_for_map(page)
    assert page.evaluate("window.graphmapCy.nodes('[kind = \"role\"]').length") > 0
    # a finding button is a real button: Enter highlights its nodes
    page.focus("#finding-list button[data-nodes='diakonia']")
    page.keyboard.press("Enter")
    assert page.evaluate("window.graphmapCy.nodes('.highlighted').map(n => n.id())") == ["diakonia"]
    assert page.problems() == []


def test_the_view_survives_a_reload(page):
    page.goto("/areas/koivula")
    wait_for_map(page)
    page.uncheck("input[name=kind][value=member]")
    wait_for_map(page)
    page.select_option("#group-by", "level")
    wait_for_map(page)
    assert "kind=" in page.url and "group=level" in page.url
    page.reload()
    wait_for_map(page)
    assert not page.is_checked("input[name=kind][value=member]")
    assert page.input_value("#group-by") == "level"
    assert page.evaluate("window.graphmapCy.edges('[kind = \"member\"]').length") == 0
    assert page.evaluate("window.graphmapCy.nodes('.group').length") > 0
    page.click("nav.lang-switch a[hreflang=en]")  # switching language keeps the view
    wait_for_map(page)
    assert page.get_attribute("html", "lang") == "en"
    assert page.input_value("#group-by") == "level"
    assert page.problems() == []


def test_a_map_answered_from_the_previous_revision_says_updating_and_asks_again(page):
    """After a write the server may answer the written area's map from the previous
    revision while it recomputes it ("updating": true, issue 13): the map says so
    instead of passing the old network off as current, and fetches it again."""
    answers = []

    def first_answer_updating(route):
        if answers:
            answers.append(False)
            route.continue_()
            return
        response = route.fetch()
        body = response.json()
        answers.append(True)
        route.fulfill(response=response, json={**body, "updating": True})

    page.route("**/api/areas/koivula/graph*", first_answer_updating)
    page.goto("/areas/koivula")
    wait_for_map(page)
    status = page.locator("#map-status")
    assert "päivittyy" in status.text_content()
    # then the ordinary description of the map, from the second answer
    page.wait_for_function("() => { const t = document.getElementById('map-status')"
                           ".textContent; return t.includes('solmua') && "
                           "!t.includes('päivittyy'); }", timeout=10_000)
    assert answers[:2] == [True, False]
    assert page.problems() == []
