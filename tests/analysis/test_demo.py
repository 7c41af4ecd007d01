"""The demo network's planted problems (graphmap/demo.py docstring, DOMAIN.md §5) are found,
and the healthy areas stay quiet on them."""
from __future__ import annotations

import pytest

from graphmap.analysis import analyze
from graphmap.demo import DEMO_TODAY, demo_network
from graphmap.graph import build_graph

from .conftest import kinds


@pytest.fixture(scope="module")
def demo():
    return analyze(build_graph(demo_network()), today=DEMO_TODAY, lang="fi")["findings"]


def where(found, area):
    return [f for f in found if f["area"] == area]


def test_sastamala_veo_funnel(demo):
    (f,) = kinds(where(demo, "sotesi"), "gateway", type="funnel")
    assert f["nodes"][0] == "sotesi-perheohjaus" and len(f["evidence"]["roles"]) == 4
    assert all(r.startswith("sotesi-veo") for r in f["evidence"]["roles"])
    assert "4 työntekijän kautta" in f["message"]


def test_sastamala_silent_daycares(demo):
    (f,) = kinds(where(demo, "sotesi"), "silent_source", type="group", function="varhaiskasvatus")
    assert f["nodes"] == ["sotesi-perheohjaus"] and f["evidence"]["volume"] == 2


def test_sastamala_veo_social_work_missing_link(demo):
    found = kinds(where(demo, "sotesi"), "missing_link", rule="veo_family_social_work")
    assert [(f["evidence"]["source"], f["evidence"]["target"]) for f in found] == [
        ("sotesi-veo", "sotesi-sosiaalityo")]


@pytest.mark.parametrize("area", ["heinola", "hollola"])
def test_school_gap(demo, area):
    found = kinds(where(demo, area), "missing_link", rule="school_family_services")
    assert found and all(f["severity"] == "medium" for f in found)


def test_sysma_overload(demo):
    (f,) = kinds(where(demo, "sysma"), "overload", type="capacity")
    assert f["nodes"] == ["sysma-perheohjaus"] and f["evidence"]["capacity"] == 20


def test_hollola_orphan_meeting_place(demo):
    assert [f["nodes"] for f in kinds(where(demo, "hollola"), "isolated")] == [
        ["hollola-kohtaamispaikka"]]


def test_orimattila_ngo_island(demo):
    (f,) = kinds(where(demo, "orimattila"), "sector_unlinked")
    assert f["severity"] == "high"


def test_hartola_missing_early_level(demo):
    (f,) = kinds(where(demo, "hartola"), "missing_level")
    assert f["evidence"]["level"] == "early" and f["severity"] == "high"


def test_asikkala_long_chain(demo):
    assert any(f["evidence"]["hops"] >= 4 for f in kinds(where(demo, "asikkala"), "long_chain"))


def test_kaakkuri_adult_gap(demo):
    found = kinds(where(demo, "oulu-kaakkuri"), "missing_link", rule="adult_services_child_services")
    assert len(found) == 3 and all(f["severity"] == "medium" for f in found)


def test_stale_and_unreachable(demo):
    stale = {f["nodes"][0] for f in kinds(demo, "stale_contact")}
    assert any(r.startswith("heinola-perheneuvola") for r in stale)
    assert ["orimattila-erityisnuorisotyo"] in [f["nodes"] for f in kinds(demo, "no_contact")]


@pytest.mark.parametrize("area", ["lahti-pohjoinen", "oulu-tuira"])
def test_healthy_areas_stay_quiet(demo, area):
    mine = where(demo, area)
    for kind in ("missing_level", "level_disconnected", "isolated", "sector_unlinked",
                 "long_chain", "key_person"):
        assert kinds(mine, kind) == [], kind
    assert kinds(mine, "gateway", type="funnel") == []
    assert [f for f in kinds(mine, "missing_link") if f["severity"] != "low"
            and f["evidence"].get("rule") != "veo_family_social_work"] == []
