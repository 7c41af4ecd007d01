"""The findings page on the demo: the top five first, and every "show on map" shows on the
map exactly the nodes its finding is about — roles included (issue 15 item 2)."""
from __future__ import annotations

import pytest

from .helpers import wait_for_map


@pytest.mark.parametrize("area", ["sotesi", "tornio"])
def test_every_show_on_map_highlights_its_nodes(page, demo_server, area):
    page.goto(demo_server.url + f"/findings?area={area}")
    assert page.locator("#top-findings ol.top-findings > li").count() == 5
    links = page.locator("#findings-table a.show-on-map")
    targets = [(links.nth(i).get_attribute("href"), links.nth(i).get_attribute("data-nodes"),
                links.nth(i).locator(".visually-hidden").text_content())
               for i in range(links.count())]
    assert targets, "the demo's areas have findings"
    assert len({label for _, _, label in targets}) == len(targets)  # told apart by name
    for href, nodes, label in targets:
        assert label.startswith("Näytä kartalla: ")
        page.goto(demo_server.url + href)
        wait_for_map(page)
        drawn = set(page.evaluate("window.graphmapCy.nodes().map(n => n.id())"))
        marked = set(page.evaluate("window.graphmapCy.nodes('.highlighted').map(n => n.id())"))
        wanted = set(nodes.split())
        assert wanted <= drawn, (href, wanted - drawn)
        assert marked == wanted, href
    assert page.problems() == []


def test_findings_page_screenshot(page, demo_server, tmp_path_factory):
    page.goto(demo_server.url + "/findings?area=sotesi")
    top = page.locator("#top-findings")
    assert top.locator("h3").inner_text().startswith("Sotesin perhekeskusalue")
    first = top.locator("li").first
    assert first.get_attribute("data-kind") == "gateway"  # the four teachers' funnel
    page.screenshot(path=str(tmp_path_factory.getbasetemp() / "findings-fi.png"), full_page=True)
    assert page.problems() == []
