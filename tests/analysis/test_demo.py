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
    (f,) = kinds(where(demo, "oulu-kaakkuri"), "missing_link", rule="adult_services_child_services")
    assert len(f["evidence"]["sources"]) == 3 and f["severity"] == "medium"


def test_stale_and_unreachable(demo):
    (heinola,) = kinds(where(demo, "heinola"), "stale_contact")  # one per area, with the list
    assert any(c["role"].startswith("heinola-perheneuvola")
               for c in heinola["evidence"]["contacts"])
    per_area = [f["area"] for f in kinds(demo, "stale_contact")]
    assert len(per_area) == len(set(per_area))
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


def test_tornio_merged_services_are_not_findings(demo):
    """The three services merged in 2017 ended (valid_to): not isolated, not unreachable."""
    merged = {"tornio-ls-perhetyo", "tornio-neuvolan-perhetyo", "tornio-kotihoito"}
    about = {n for f in where(demo, "tornio") for n in f["nodes"]}
    assert not about & merged
    assert kinds(where(demo, "tornio"), "isolated") == []


def test_oulu_coordination_number_is_a_designed_hub_not_silent(demo):
    for area in ("oulu-kaakkuri", "oulu-tuira"):
        silent = [f["nodes"] for f in kinds(where(demo, area), "silent_source")]
        assert [f"{area}-koordinaatio"] not in silent


def test_sotesi_daycares_without_family_work_are_one_finding(demo):
    (f,) = kinds(where(demo, "sotesi"), "missing_link", rule="daycare_family_work",
                 target="sotesi-perheohjaus")
    assert len(f["evidence"]["sources"]) >= 10
    assert all(s in f["nodes"] for s in f["evidence"]["sources"])
    assert f["message"].startswith(f"{len(f['evidence']['sources'])} palvelua ei ole yhteydessä")


def test_every_area_has_at_most_five_top_findings_ranked_by_impact(demo):
    for area in {f["area"] for f in demo}:
        mine = sorted(where(demo, area), key=lambda f: f["rank"])
        assert sum(f["top"] for f in mine) == min(5, len(mine))
        assert all(f["top"] for f in mine[:5])
        assert [f["impact"] for f in mine] == sorted((f["impact"] for f in mine), reverse=True)
