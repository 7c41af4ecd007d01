"""The one network view: the area tree and the unit each node belongs to, the same
answers for analysis, search and the web (issue 12 item 2)."""
from __future__ import annotations

from graphmap.graph import build_graph, patch_graph
from graphmap.model import Area, AreaKind, Network
from graphmap.network_view import (AreaTree, NodeKind, area_tree, lifted_edges, roles_by_unit,
                                   roles_of, unit_of)


def test_family_centre_area_of_district_is_its_enclosing_area(network):
    tree = AreaTree(network.areas)
    assert tree.family_centre_area_of("koivula-kk") == "koivula"
    assert tree.family_centre_area_of("koivula") == "koivula"
    assert tree.family_centre_area_of("hva") == "hva"  # none above: its own id
    assert tree.family_centre_area_of(None) is None
    assert tree.descendants("hva") == {"hva", "koivula", "koivula-kk", "haapala"}
    assert tree.descendants("koivula-kk") == {"koivula-kk"}


def test_ancestors_county_and_family_centre_areas_under_an_area(network):
    tree = AreaTree(network.areas)
    assert tree.ancestors("koivula-kk") == ("koivula-kk", "koivula", "hva")
    assert tree.above("koivula-kk") == ("koivula", "hva")
    assert tree.ancestors("no-such-area") == ()
    assert tree.county_of("koivula-kk") == "hva"
    assert tree.is_within("koivula-kk", "hva") and not tree.is_within("haapala", "koivula")
    # sorted by name: Haapalan before Koivulan
    assert tree.family_centre_areas() == ["haapala", "koivula"]
    assert tree.family_centre_areas("koivula-kk") == []
    assert tree.children[None] == ["hva"]
    assert tree.children["hva"] == ["haapala", "koivula"]
    assert tree.kind("koivula") == AreaKind.FAMILY_CENTRE_AREA and tree.kind("nowhere") is None


def test_a_cycle_in_the_hierarchy_ends_the_walk():
    net = Network()
    net.add(Area("a", "A", AreaKind.DISTRICT, "b"))
    net.add(Area("b", "B", AreaKind.MUNICIPALITY, "a"))
    tree = AreaTree(net.areas)
    assert tree.ancestors("a") == ("a", "b")
    assert tree.family_centre_area_of("a") == "a"
    assert tree.descendants("a") == {"a", "b"}


def test_the_graph_carries_its_tree_and_a_patch_keeps_it_while_areas_stay(network):
    g = build_graph(network)
    tree = area_tree(g)
    assert tree.areas == network.areas and tree == AreaTree(network.areas)
    # a graph made without build_graph (a copy, an analysis slice) gets the same answers
    g2 = g.copy()
    del g2.graph["area_tree"]
    assert area_tree(g2).ancestors("koivula-kk") == tree.ancestors("koivula-kk")
    net = Network(**{s: dict(getattr(network, s)) for s in ("areas", "organisations", "units",
                                                           "roles", "links")})
    unit = net.units["diakonia"]
    net.units["diakonia"] = type(unit)(**{**unit.__dict__, "name": "Diakonia"})
    h = patch_graph(g, net, {"units": {"diakonia": net.units["diakonia"]}})
    assert area_tree(h) is tree
    net.areas["uusi"] = Area("uusi", "Uusi alue", AreaKind.DISTRICT, "haapala")
    h2 = patch_graph(h, net, {"areas": {"uusi": net.areas["uusi"]}})
    assert area_tree(h2).family_centre_area_of("uusi") == "haapala"
    assert "uusi" not in area_tree(h).areas


def test_a_role_belongs_to_its_unit_and_its_links_are_the_units_links(network):
    g = build_graph(network)
    assert g.nodes["veo-mika"]["kind"] == NodeKind.ROLE
    assert unit_of(g, "veo-mika") == "paivakoti"
    assert unit_of(g, "neuvola") == "neuvola"
    assert unit_of(g, "nobody") is None
    lifted = {(a, b, d["kind"]) for a, b, _u, _v, d in lifted_edges(g)}
    assert ("paivakoti", "perheohjaus", "refers") in lifted  # veo-mika's referral
    # po-sari's membership of the forum of another unit is kept, lifted to perheohjaus
    assert ("perheohjaus", "johtoryhma", "member") in lifted
    # the coordinator's membership of the forum of its own unit would be a self-loop
    assert not any(a == b for a, b, _k in lifted)
    assert ("johtoryhma", "johtoryhma", "member") not in lifted


def test_search_and_analysis_place_every_unit_in_the_same_family_centre_area(network):
    from graphmap.analysis.views import Views
    from graphmap.search import build_index
    g = build_graph(network)
    index, views, tree = build_index(g), Views(g), area_tree(g)
    placed = {u: a for a, view in views.by_area.items() for u in view.units}
    assert set(placed) == set(network.units)
    for uid, unit in network.units.items():
        assert placed[uid] == index.docs[uid].attrs["fc_area"] == \
            tree.family_centre_area_of(unit.area)
    assert placed["neuvola"] == "koivula"  # its district lies inside koivula


def test_a_units_roles_from_the_graph_and_from_the_records(network):
    g = build_graph(network)
    assert roles_of(g, ["paivakoti"]) == ["veo-mika"]
    assert set(roles_of(g, ["neuvola", "johtoryhma"])) == {"th-aino", "koord"}
    assert roles_of(g, ["kahvila"]) == []  # a unit without roles
    by_unit = roles_by_unit(network.roles.values())
    assert by_unit["perheohjaus"] == ["po-sari"]
    assert {u: set(rs) for u, rs in by_unit.items()} == \
        {u: set(roles_of(g, [u])) for u in network.units if roles_of(g, [u])}
