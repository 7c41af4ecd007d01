"""Every map of the demo network draws in Chromium: all its nodes, no script or CSP error.

The demo (graphmap.demo) carries the real-world shapes the small fixture lacks: long
Finnish names, forums with many members, county views, planted findings."""
from __future__ import annotations

import json
import urllib.request

import pytest

from graphmap.demo import demo_network
from graphmap.model import AreaKind

from .helpers import wait_for_map

DEMO = demo_network()
MAPPED = sorted(a.id for a in DEMO.areas.values()
                if a.kind in (AreaKind.FAMILY_CENTRE_AREA, AreaKind.COUNTY))


@pytest.mark.parametrize("area", MAPPED)
def test_demo_area_map_draws_everything_the_api_sends(page, demo_server, area):
    page.goto(demo_server.url + f"/areas/{area}?roles=1&group=organisation&suggested=1")
    wait_for_map(page)
    with urllib.request.urlopen(demo_server.url + page.evaluate("window.graphmapMap.lastUrl")) as r:
        graph = json.load(r)
    drawn = set(page.evaluate("window.graphmapCy.nodes().not('.group').map(n => n.id())"))
    assert drawn == {n["data"]["id"] for n in graph["nodes"]}
    assert page.evaluate("window.graphmapCy.edges().length") == len(graph["edges"])
    if not graph["aggregate"]:  # grouped by organisation: every unit sits in a box
        orphans = page.evaluate("""() => window.graphmapCy.nodes('[kind = "unit"]')
            .filter(n => n.parent().empty()).map(n => n.id())""")
        assert orphans == []
    assert page.problems() == []
