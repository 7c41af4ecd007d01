"""analyze(): shape, sorting, languages, area handling, cross-area findings."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graphmap.analysis import FINDING_KINDS, analyze
from graphmap.analysis.findings import SEVERITY_ORDER
from graphmap.graph import build_graph
from graphmap.model import ValidationError

from .conftest import TODAY, kinds

DOCS = Path(__file__).resolve().parents[2] / "docs" / "findings.md"


def test_result_shape_and_order(network):
    r = analyze(build_graph(network), today=TODAY)
    assert sorted(r["areas"]) == ["haapala", "koivula"]
    assert r["areas"]["koivula"]["name"] == "Koivulan perhekeskus"
    json.dumps(r)  # JSON-able throughout
    keys = [(SEVERITY_ORDER[f["severity"]], -f["impact"], f["kind"], f["area"])
            for f in r["findings"]]
    assert keys == sorted(keys)
    for f in r["findings"]:
        assert set(f) == {"kind", "area", "nodes", "severity", "message", "evidence",
                          "impact", "rank", "top"}
        assert f["kind"] in FINDING_KINDS and f["message"]
    for area in ("haapala", "koivula"):  # ranks 1..n per area, the first five on top
        mine = sorted((f for f in r["findings"] if f["area"] == area), key=lambda f: f["rank"])
        assert [f["rank"] for f in mine] == list(range(1, len(mine) + 1))
        assert [f["top"] for f in mine] == [i < 5 for i in range(len(mine))]
        assert [f["impact"] for f in mine] == sorted((f["impact"] for f in mine), reverse=True)


def test_messages_use_names_not_ids_in_every_language(network):
    g = build_graph(network)
    for lang in ("fi", "sv", "en"):
        r = analyze(g, "koivula", today=TODAY, lang=lang)
        (iso,) = kinds(r["findings"], "isolated")
        assert "Diakoniatyö" in iso["message"] and "diakonia " not in iso["message"]
    fi = analyze(g, "koivula", today=TODAY, lang="fi")["findings"]
    (stale,) = kinds(fi, "stale_contact")  # one finding listing the area's contacts
    assert stale["message"] == ("Koivulan perhekeskus: 1 yhteyshenkilön tiedot on tarkistettu "
                                "yli 12 kuukautta sitten ja 1 yhteyshenkilön tietoja ei ole "
                                "koskaan tarkistettu (varhaiskasvatuksen erityisopettaja – "
                                "Päiväkoti Pihlaja (1.5.2024) ja sosiaalityöntekijä – "
                                "Lastensuojelu).")


def test_unknown_area_is_a_validation_error_with_a_hint(network):
    with pytest.raises(ValidationError, match="koivula") as err:
        analyze(build_graph(network), "koivla")
    assert err.value.problems[0].field == "area"


def test_district_points_to_its_family_centre_area(network):
    with pytest.raises(ValidationError, match="part of family-centre area 'koivula'"):
        analyze(build_graph(network), "koivula-kk")


def test_county_without_units_lists_its_family_centre_areas(network):
    with pytest.raises(ValidationError, match="holds family-centre areas .haapala, koivula"):
        analyze(build_graph(network), "hva")


@pytest.mark.parametrize("kw,field", [({"lang": "de"}, "lang"), ({"stale_months": 0}, "stale_months"),
                                      ({"today": "2026-01-01"}, "today")])
def test_bad_parameters(network, kw, field):
    with pytest.raises(ValidationError) as err:
        analyze(build_graph(network), **kw)
    assert err.value.problems[0].field == field


def test_one_area_has_no_cross_area_findings(tiny):
    tiny.unit("hub", "special", name="Lastenpsykiatria")
    for area in ("B", "D", "G"):
        tiny.unit(f"n{area}", area=area).link(f"n{area}", "hub")
    everything = analyze(tiny.graph(), today=TODAY)["findings"]
    (f,) = kinds(everything, "shared_gateway")
    assert f["nodes"] == ["hub"] and f["evidence"]["areas"] == ["B", "D", "G"]
    assert kinds(analyze(tiny.graph(), "A", today=TODAY)["findings"], "shared_gateway") == []


def test_shared_gateway_near_miss_two_areas(tiny):
    tiny.unit("hub", "special")
    for area in ("B", "D"):
        tiny.unit(f"n{area}", area=area).link(f"n{area}", "hub")
    assert kinds(analyze(tiny.graph(), today=TODAY)["findings"], "shared_gateway") == []


def test_links_ended_before_today_are_not_counted(tiny):
    import datetime as dt
    tiny.unit("u").unit("e", "early").link("u", "e", valid_to=dt.date(2016, 12, 31))
    found = analyze(tiny.graph(), "A", today=TODAY)["findings"]
    assert kinds(found, "level_disconnected")
    assert not kinds(analyze(tiny.graph(), "A", today=dt.date(2016, 6, 1))["findings"],
                     "level_disconnected")


def test_every_kind_is_documented():
    text = DOCS.read_text("utf-8")
    documented = set(re.findall(r"^### `(\w+)`", text, re.M))
    assert documented == set(FINDING_KINDS)
