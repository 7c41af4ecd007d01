"""Reorganisation what-if: before/after on tiny graphs and the scenario errors."""
from __future__ import annotations

import pytest

from graphmap.analysis import whatif
from graphmap.model import ValidationError

from .conftest import TODAY


def chain(t):
    """u → e → s → p referral chain in area A, and a unit in area B."""
    t.unit("u", name="Neuvola").unit("e", "early", name="Perheohjaus")
    t.unit("s", "special", name="Sosiaalityö").unit("p", "protection", name="Lastensuojelu")
    t.chain("u", "e", "s", "p").unit("bx", area="B", name="B:n neuvola")
    return t


def test_removing_a_unit_loses_paths_through_it(tiny):
    r = whatif(chain(tiny).graph(), {"name": "pois", "changes": [{"op": "remove_unit", "unit": "e"}]},
               today=TODAY)
    assert r["scenario"] == "pois" and r["areas"] == ["A"]
    # u reached s and p only through e; pairs with e itself vanish with it
    assert {(p["source"], p["target"]) for p in r["lost_paths"]} == {("u", "s"), ("u", "p")}
    assert {p["source_name"] for p in r["lost_paths"]} == {"Neuvola"}


def test_removing_a_link_lists_lost_paths_and_new_isolated(tiny):
    g = chain(tiny).graph()
    r = whatif(g, {"name": "x", "changes": [{"op": "remove_link", "source": "s", "target": "p",
                                             "kind": "refers"}]}, today=TODAY, lang="fi")
    assert {(p["source"], p["target"]) for p in r["lost_paths"]} == {("u", "p"), ("e", "p"),
                                                                     ("s", "p")}
    assert [f["nodes"] for f in r["new_isolated"]] == [["p"]]
    assert r["metrics"]["A"]["before"]["links"] == 3 and r["metrics"]["A"]["after"]["links"] == 2


def test_remove_unit_loses_reachability_of_the_others(tiny):
    g = chain(tiny).unit("e2", "early", name="Perhetyö").link("u", "e2").graph()
    r = whatif(g, {"name": "x", "changes": [{"op": "remove_unit", "unit": "e"}]}, today=TODAY)
    assert {(p["source"], p["target"]) for p in r["lost_paths"]} == {("u", "s"), ("u", "p")}
    assert any(f["kind"] == "level_disconnected" for f in r["new_findings"]) is False


def test_merge_keeps_paths_and_resolves_findings_of_merged_units(tiny):
    chain(tiny).unit("e2", "early", name="Perhetyö", capacity=5).link("u", "e2", volume=9)
    tiny.net.units["e"].capacity = 10
    r = whatif(tiny.graph(), {"name": "yhdistys", "changes": [
        {"op": "merge_units", "units": ["e", "e2"], "into": "team", "name": "Perhetyön tiimi"}]},
        today=TODAY)
    assert r["lost_paths"] == []
    resolved = {(f["kind"], tuple(f["nodes"])) for f in r["resolved_findings"]}
    assert ("overload", ("e2",)) in resolved  # 9 referrals: over 5, not over 5 + 10
    assert r["metrics"]["A"]["after"]["units"] == r["metrics"]["A"]["before"]["units"] - 1


def test_move_unit_to_another_area_breaks_the_chain_in_both(tiny):
    r = whatif(chain(tiny).graph(), {"name": "siirto", "changes": [
        {"op": "move_unit", "unit": "e", "area": "B"}]}, today=TODAY)
    assert r["areas"] == ["A", "B"]
    assert ("u", "s") in {(p["source"], p["target"]) for p in r["lost_paths"]}
    assert any(f["kind"] == "missing_level" and f["area"] == "A" for f in r["new_findings"])


def test_add_link_resolves_a_missing_link(tiny):
    tiny.unit("pk", name="Päiväkoti").unit("po", "early", name="Perheohjaus").link("pk", "po", "informs")
    tiny.unit("pk2", name="Päiväkoti Kaksi")
    r = whatif(tiny.graph(), {"name": "uusi", "changes": [
        {"op": "add_link", "source": "pk2", "target": "po", "kind": "konsultoi"}]}, today=TODAY)
    assert any(f["kind"] == "missing_link" and f["nodes"] == ["pk2", "po"]
               for f in r["resolved_findings"])


def test_bad_scenario_names_change_index_and_field(tiny):
    g = chain(tiny).graph()
    with pytest.raises(ValidationError) as err:
        whatif(g, {"name": "huono", "changes": [
            {"op": "remove_unit", "unit": "e"},
            {"op": "remove_unit", "unit": "e"},           # already removed
            {"op": "move_unit", "unit": "u", "area": "nowhere"},
            {"op": "add_link", "source": "u", "target": "s", "kind": "likes"},
            {"op": "explode"}]})
    fields = [(p.field, p.message) for p in err.value.problems]
    assert fields[0] == ("changes[1].unit", "no unit with id 'e'")
    assert fields[1][0] == "changes[2].area"
    assert fields[2][0] == "changes[3].kind" and "likes" in fields[2][1]
    assert fields[3][0] == "changes[4].op"
    assert len(fields) == 4


def test_scenario_must_have_changes(tiny):
    with pytest.raises(ValidationError, match="changes"):
        whatif(chain(tiny).graph(), {"name": "tyhjä", "changes": []})


def test_whatif_leaves_the_input_graph_alone(tiny):
    g = chain(tiny).graph()
    before = (sorted(g.nodes), sorted(g.edges(keys=True)))
    whatif(g, {"name": "x", "changes": [{"op": "merge_units", "units": ["e", "s"], "into": "es"},
                                        {"op": "remove_unit", "unit": "u"}]})
    assert (sorted(g.nodes), sorted(g.edges(keys=True))) == before


def test_a_funnel_that_loses_one_of_its_teachers_is_changed_not_resolved_and_new(tiny):
    """Perheohjaus gets every daycare referral through three special-needs teachers;
    one teacher goes: the same funnel through two, reported once as changed."""
    tiny.unit("po", "early", name="Perheohjaus")
    tiny.unit("veo", name="Varhaiskasvatuksen erityisopettajat")
    for i in (1, 2, 3):
        tiny.role(f"veo-{i}", "veo", "varhaiskasvatuksen erityisopettaja")
        tiny.link(f"veo-{i}", "po", volume=1)
    for i in range(5):
        tiny.unit(f"pk{i}", name=f"Päiväkoti {i}").link(f"pk{i}", "veo", "consults")
    r = whatif(tiny.graph(), {"name": "yksi pois", "changes": [
        {"op": "remove_role", "role": "veo-3"}]}, today=TODAY, lang="fi")
    funnels = lambda fs: [f for f in fs if f["kind"] == "gateway"]  # noqa: E731
    assert funnels(r["resolved_findings"]) == [] and funnels(r["new_findings"]) == []
    assert r["new_gateways"] == []
    (ch,) = [c for c in r["changed_findings"] if c["kind"] == "gateway"]
    assert ch["before"]["nodes"] == ["po", "veo-1", "veo-2", "veo-3"]
    assert ch["after"]["nodes"] == ["po", "veo-1", "veo-2"]
    assert ch["nodes_removed"] == ["veo-3"] and ch["nodes_added"] == []
    assert "2 työntekijän" in ch["after"]["message"] and "3 työntekijän" in ch["before"]["message"]


def test_a_finding_about_another_subject_is_still_resolved_and_new(tiny):
    """Removing the only link of one unit and adding one to another: two different
    isolated units, not one changed finding."""
    g = chain(tiny).unit("x", name="Erillinen").unit("y", name="Toinen").link("y", "u").graph()
    r = whatif(g, {"name": "vaihto", "changes": [
        {"op": "remove_link", "source": "y", "target": "u", "kind": "refers"},
        {"op": "add_link", "source": "x", "target": "u", "kind": "refers"}]}, today=TODAY)
    assert [f["nodes"] for f in r["new_isolated"]] == [["y"]]
    assert ["x"] in [f["nodes"] for f in r["resolved_findings"]]
    assert [c for c in r["changed_findings"] if c["kind"] == "isolated"] == []


def test_tornio_2017_merger_before_and_after():
    """The demo's Tornio merger (T:990) replayed on the network of 2016: the three
    services' unreachable and hanging findings go, no referral path is lost (the
    neuvola's referrals move to the team), and the key player's cut disappears."""
    import datetime as dt
    from pathlib import Path

    import yaml

    from graphmap.demo import demo_network
    from graphmap.graph import build_graph

    path = Path(__file__).resolve().parents[2] / "docs" / "examples" / "tornio-2017-merger.yaml"
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    r = whatif(build_graph(demo_network()), scenario, today=dt.date(2016, 6, 1), lang="fi")
    assert r["areas"] == ["tornio"] and r["lost_paths"] == [] and r["new_findings"] == []
    merged = {"tornio-ls-perhetyo", "tornio-neuvolan-perhetyo", "tornio-kotihoito"}
    resolved = {(f["kind"], n) for f in r["resolved_findings"] for n in f["nodes"]}
    assert {("no_contact", u) for u in merged} <= resolved
    before, after = r["metrics"]["tornio"]["before"], r["metrics"]["tornio"]["after"]
    assert before["units"] - after["units"] == 3
    assert before["key_player_fragmentation"] > after["key_player_fragmentation"]
