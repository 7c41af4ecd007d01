"""The demo network: valid, big enough, deterministic, fictional, and its planted problems
(graphmap/demo.py docstring, DOMAIN.md §5) are really in the graph."""
from __future__ import annotations

import datetime as dt
import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from graphmap.cli import main
from graphmap.demo import DEMO_TODAY, STALE_AFTER_DAYS, demo_network
from graphmap.graph import build_graph, unit_graph
from graphmap.model import (PUBLIC_SECTORS, REFERRAL_KINDS, AreaKind, Level, LinkKind,
                            UnitType, check_network)
from graphmap.network_view import AreaTree

PHONE = re.compile(r"^0[45]0 000 \d{4}$")
EMAIL = re.compile(r"^[a-z0-9._-]+@example\.invalid$")


@pytest.fixture(scope="module")
def net():
    return demo_network()


@pytest.fixture(scope="module")
def g(net):
    return build_graph(net)


def _in_area(net, fc_area):
    """Units of a family-centre area and their roles."""
    units = {u.id for u in net.units.values() if AreaTree(net.areas).family_centre_area_of(u.area) == fc_area}
    return units | {r.id for r in net.roles.values() if r.unit in units}


def _with_roles(net, units):
    units = set(units)
    return units | {r.id for r in net.roles.values() if r.unit in units}


def _referral_graph(g):
    sub = nx.DiGraph()
    sub.add_nodes_from(g.nodes)
    sub.add_edges_from((a, b) for a, b, k in g.edges(keys=True) if k in REFERRAL_KINDS)
    return sub


def _linked(net, one, other):
    """Links with one end in ``one`` and the other in ``other``."""
    return [link for link in net.links.values()
            if (link.source in one and link.target in other)
            or (link.source in other and link.target in one)]


def test_valid_and_big_enough(net):
    assert check_network(net) == []
    counts = net.counts()
    assert counts["nodes"]["unit"] >= 300
    assert counts["nodes"]["role"] >= 600
    assert sum(counts["links"].values()) >= 1500
    assert all(n > 0 for n in counts["links"].values()), counts["links"]
    assert any(not link.structural for link in net.links.values())
    assert any(link.volume for link in net.links.values() if link.kind == LinkKind.REFERS)
    assert any(not r.public for r in net.roles.values())
    assert any("sv" in u.languages for u in net.units.values())
    assert any("en" in u.languages for u in net.units.values())
    assert any(u.capacity for u in net.units.values())


def test_deterministic():
    assert demo_network() == demo_network()


def test_only_fictional_contacts(net):
    records = list(net.units.values()) + list(net.roles.values())
    phones = [r.phone for r in records if r.phone]
    emails = [r.email for r in records if r.email]
    assert len(phones) > 600 and len(emails) > 400
    assert [p for p in phones if not PHONE.match(p)] == []
    assert [e for e in emails if not EMAIL.match(e)] == []
    assert len({r.phone for r in net.roles.values()}) == len(net.roles)


def test_sources_systems_present(net):
    names = {a.name for a in net.areas.values() if a.kind == AreaKind.FAMILY_CENTRE_AREA}
    ph = [a for a in net.areas.values() if a.kind == AreaKind.FAMILY_CENTRE_AREA
          and a.parent == "ph"]
    assert len(ph) >= 5
    for word in ("Lahden eteläinen", "Asikkala", "Hartola", "Heinola", "Sysmä", "Sastamala",
                 "Tornio", "Kaakkuri"):
        assert any(word in n for n in names), word
    unit_names = " | ".join(u.name for u in net.units.values())
    for word in ("Perheiden Talo", "Lapsiperhetyön tiimi", "Koulunuorisotyö",
                 "koordinaationumero", "Maakunnallinen lape-yhteistyöryhmä",
                 "Perhekeskuksen johtotiimi", "konsultaatiotiimi"):
        assert word in unit_names, word
    pph = [u.name for u in net.units.values() if u.name.startswith("Perhepäivähoito")]
    assert sorted(pph) == sorted(f"Perhepäivähoito, {p}"
                                 for p in ("etelä", "keskusta", "länsi", "pohjoinen"))
    # Tornio joint home visit at age 2: neuvola works with daycares
    assert any(link.kind == LinkKind.WORKS_WITH and "yhteiskotikäynti" in (link.note or "")
               for link in net.links.values())
    # Oulu: one coordination number that many units name as contact
    coord = "oulu-kaakkuri-koordinaatio"
    assert sum(1 for link in net.links.values()
               if link.target == coord and link.kind == LinkKind.CONTACT) >= 10


def test_sastamala_every_ecec_referral_goes_through_four_veos(net, g):
    veos = [r.id for r in net.roles.values() if r.unit == "sotesi-veo"]
    assert len(veos) == 4
    sastamala = AreaTree(net.areas).descendants("sastamala")
    ecec = {u.id for u in net.units.values() if u.area in sastamala
            and any(s in u.services for s in ("varhaiskasvatus", "perhepäivähoito"))
            and u.type == UnitType.SERVICE}
    assert len(ecec) >= 15
    target = "sotesi-perheohjaus"
    ref = _referral_graph(g)
    reach = [d for d in ecec if nx.has_path(ref, d, target)]
    assert len(reach) == len(ecec)  # every daycare can reach it …
    cut = ref.copy()
    cut.remove_nodes_from(veos)
    assert [d for d in ecec if nx.has_path(cut, d, target)] == []  # … only through a VEO
    # silent source: the VEOs send ~2 families a year, the neuvola many more
    inflow = {}
    for link in net.links.values():
        if link.target == target and link.kind == LinkKind.REFERS:
            inflow[link.source] = link.volume or 0
    veo_total = sum(v for s, v in inflow.items() if s in veos)
    assert veo_total <= 3
    assert max(inflow.values()) >= 5 * max(veo_total, 1)


def test_sastamala_no_link_between_veo_and_family_social_work(net):
    veo = _with_roles(net, ["sotesi-veo"])
    social = _with_roles(net, ["sotesi-sosiaalityo"])
    assert _linked(net, veo, social) == []


@pytest.mark.parametrize("area", ["heinola", "hollola"])
def test_family_counsellors_never_linked_to_schools(net, area):
    units = [u for u in net.units.values() if AreaTree(net.areas).family_centre_area_of(u.area) == area]
    school = _with_roles(net, [u.id for u in units if "perusopetus" in u.services
                               or "opiskeluhuolto" in u.services])
    family = _with_roles(net, [u.id for u in units if "perheohjaus" in u.services
                               or "perheneuvola" in u.services])
    assert school and family
    assert _linked(net, school, family) == []


def test_healthy_area_does_link_schools_and_family_counselling(net):
    units = [u for u in net.units.values()
             if AreaTree(net.areas).family_centre_area_of(u.area) == "lahti-pohjoinen"]
    school = _with_roles(net, [u.id for u in units if "opiskeluhuolto" in u.services])
    family = _with_roles(net, [u.id for u in units if "perheohjaus" in u.services])
    assert _linked(net, school, family)


def _inflow(net, unit_id):
    return sum(link.volume or 0 for link in net.links.values()
               if link.kind == LinkKind.REFERS and link.valid_to is None
               and (link.target == unit_id or net.roles.get(link.target) is not None
                    and net.roles[link.target].unit == unit_id))


def test_sysma_work_piles_up_beyond_capacity_and_only_there(net):
    unit = net.units["sysma-perheohjaus"]
    assert unit.capacity and _inflow(net, unit.id) > 2 * unit.capacity
    over = [u.id for u in net.units.values() if u.capacity and _inflow(net, u.id) > u.capacity]
    assert over == ["sysma-perheohjaus"]


def test_orphan_meeting_place(net):
    orphans = [u for u in net.units.values() if u.type == UnitType.MEETING_PLACE
               and not _linked(net, _with_roles(net, [u.id]), set(net.units) | set(net.roles))]
    assert "hollola-kohtaamispaikka" in {u.id for u in orphans}


def test_orimattila_ngos_are_an_island(net):
    area = [u for u in net.units.values()
            if AreaTree(net.areas).family_centre_area_of(u.area) == "orimattila"]
    sector = {u.id: net.organisations[u.organisation].sector for u in net.units.values()}
    ngo = _with_roles(net, [u.id for u in area if sector[u.id] in ("ngo", "parish")])
    public = _with_roles(net, [u for u, s in sector.items() if s in PUBLIC_SECTORS])
    assert len(ngo) >= 3
    assert _linked(net, ngo, public) == []
    # elsewhere NGOs are linked in
    other = _with_roles(net, [u.id for u in net.units.values()
                              if AreaTree(net.areas).family_centre_area_of(u.area) == "lahti-pohjoinen"
                              and sector[u.id] in ("ngo", "parish")])
    assert _linked(net, other, public)


def test_hartola_lacks_early_support_and_jumps_to_child_protection(net):
    levels = {u.level for u in net.units.values()
              if AreaTree(net.areas).family_centre_area_of(u.area) == "hartola"}
    assert Level.EARLY not in levels and Level.PROTECTION in levels
    jumps = [link for link in net.links.values() if link.kind == LinkKind.REFERS
             and link.target == "hartola-lastensuojelu"
             and net.units.get(link.source) and net.units[link.source].level == Level.UNIVERSAL]
    assert len(jumps) >= 3


def test_asikkala_long_chain_from_universal_to_special(net, g):
    ug = unit_graph(g)
    ref = nx.DiGraph()
    ref.add_nodes_from(ug.nodes)
    ref.add_edges_from((a, b) for a, b, kind in ug.edges(data="kind") if kind in REFERRAL_KINDS)
    daycares = [u.id for u in net.units.values() if AreaTree(net.areas).family_centre_area_of(u.area) ==
                "asikkala" and "varhaiskasvatus" in u.services]
    special = {u.id for u in net.units.values()
               if u.level in (Level.SPECIAL, Level.PROTECTION)}
    hops = []
    for d in daycares:
        dist = nx.single_source_shortest_path_length(ref, d)
        hops.append(min(n for node, n in dist.items() if node in special))
    assert daycares and min(hops) >= 4


def test_kaakkuri_adult_services_cut_off_from_child_services(net):
    area = [u for u in net.units.values()
            if AreaTree(net.areas).family_centre_area_of(u.area) == "oulu-kaakkuri"]
    adult = [u.id for u in area if u.ages and u.ages[0] >= 17]
    assert len(adult) >= 3
    rest = _with_roles(net, [u.id for u in net.units.values() if u.id not in adult])
    assert _linked(net, _with_roles(net, adult), rest) == []
    tuira = [u.id for u in net.units.values() if AreaTree(net.areas).family_centre_area_of(u.area) ==
             "oulu-tuira" and u.ages and u.ages[0] >= 17]
    rest = _with_roles(net, [u.id for u in net.units.values() if u.id not in tuira])
    assert _linked(net, _with_roles(net, tuira), rest)


def test_stale_and_unreachable_contacts(net):
    limit = DEMO_TODAY - dt.timedelta(days=STALE_AFTER_DAYS)
    stale = [r for r in net.roles.values() if r.verified and r.verified < limit]
    assert 0.05 * len(net.roles) < len(stale) < 0.4 * len(net.roles)
    assert all(r.verified is None or r.verified <= DEMO_TODAY for r in net.roles.values())
    unreachable = [u.id for u in net.units.values()
                   if u.type == UnitType.SERVICE and not u.phone and not u.email
                   and not any(r.unit == u.id and (r.phone or r.email)
                               for r in net.roles.values())]
    assert "orimattila-erityisnuorisotyo" in unreachable


def test_reorganisations_carry_validity_dates(net):
    merged = [link for link in net.links.values()
              if link.target == "tornio-lapsiperhetyo" and link.valid_from]
    ended = [link for link in net.links.values() if link.valid_to
             and link.valid_to < dt.date(2017, 1, 1)
             and link.target.startswith(("tornio-", "sotesi-"))]
    assert len(merged) >= 3 and len(ended) >= 3


def test_cli_demo_load_only_and_info(tmp_path):
    url = f"sqlite:///{tmp_path}/demo.db"
    runner = CliRunner()
    result = runner.invoke(main, ["demo", "--store", url, "--load-only"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["info", "--store", url, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == demo_network().counts()


def test_demo_survives_the_workbook_round_trip(net, tmp_path, store):
    """A coordinator can export the demo, edit it in a spreadsheet and import it back."""
    from graphmap.importers.export import export_workbook
    from graphmap.importers.workbook import import_workbook
    export_workbook(net, tmp_path / "demo")
    result = import_workbook(tmp_path / "demo", store)
    assert result.written and not result.warnings
    assert store.read() == net


def test_demo_units_have_places_hours_and_eligibility(net):
    """Issue 16: every unit has a pin in its own town, every service hours that read back
    and an eligibility text; round-the-clock doors are open at 3 a.m. on a Sunday."""
    import datetime as dt

    from graphmap import hours

    lahti = net.units["ph-kela"]
    assert 60.9 < lahti.latitude < 61.1 and 25.5 < lahti.longitude < 25.8
    tornio = [u for u in net.units.values() if u.area.startswith("tornio")]
    assert tornio and all(65.7 < u.latitude < 66.0 for u in tornio)
    services = [u for u in net.units.values() if u.type != "forum"]
    assert all(u.hours and hours.normalise(u.hours) == u.hours for u in services)
    assert all(u.eligibility for u in services)
    sunday_night = dt.datetime(2026, 11, 29, 3, 0, tzinfo=hours.HELSINKI)
    assert hours.status(hours.parse(net.units["ph-sospaivystys"].hours), sunday_night).open
    assert not hours.status(hours.parse(lahti.hours), sunday_night).open
