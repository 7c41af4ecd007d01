"""The national-scale benchmark generator (benchmarks/national.py): valid, deterministic,
and its counts follow the documented scaling."""
from __future__ import annotations

import re

import pytest

from benchmarks.national import expected_counts, national_network
from graphmap.model import AreaKind, LinkKind, UnitType, check_network
from graphmap.network_view import AreaTree


@pytest.fixture(scope="module")
def small():
    return national_network(0.02)


def test_small_scale_is_valid(small):
    assert check_network(small) == []


def test_deterministic(small):
    assert national_network(0.02) == small
    assert national_network(0.02, seed=1) != small


@pytest.mark.parametrize("scale", [0.02, 0.05])
def test_counts_scale_as_documented(scale):
    net = national_network(scale)
    want = expected_counts(scale)
    kinds = [a.kind for a in net.areas.values()]
    assert kinds.count(AreaKind.COUNTY) == want["counties"]
    assert kinds.count(AreaKind.FAMILY_CENTRE_AREA) == want["fc_areas"]
    assert kinds.count(AreaKind.MUNICIPALITY) == want["municipalities"]
    assert len(net.units) == want["units"]
    assert len(net.roles) == want["roles"]
    assert len(net.links) == want["links"]


def test_full_scale_targets_are_the_national_ones():
    assert expected_counts(1.0) == {"counties": 22, "fc_areas": 150, "municipalities": 300,
                                    "units": 15000, "roles": 60000, "links": 250000}
    with pytest.raises(ValueError, match="scale"):
        expected_counts(0)


def test_shape_every_kind_and_fictional_contacts(small):
    assert all(n > 0 for n in small.counts()["links"].values())
    forums = {u.id for u in small.units.values() if u.type == UnitType.FORUM}
    assert all(link.target in forums for link in small.links.values()
               if link.kind == LinkKind.MEMBER)
    phone = re.compile(r"^0[45]0 000 \d{4}$")
    assert all(phone.match(r.phone) for r in list(small.roles.values())
               + list(small.units.values()) if r.phone)
    assert all(r.email.endswith("@example.invalid") for r in small.roles.values() if r.email)
    # most links stay inside one family-centre area
    area_of = {r.id: AreaTree(small.areas).family_centre_area_of(small.units[r.unit].area)
               for r in small.roles.values()}
    area_of.update({u.id: AreaTree(small.areas).family_centre_area_of(u.area) for u in small.units.values()})
    inside = sum(area_of[link.source] == area_of[link.target] for link in small.links.values())
    assert inside > 0.8 * len(small.links)


def test_import_benchmark_runs_end_to_end_at_tiny_scale():
    """Not a timing test: the benchmark must keep working as the importer changes."""
    from benchmarks.bench_import import CHANGE_EVERY, report, run
    result = run(0.01, rounds=1, profile=False, keep=False)
    want = expected_counts(0.01)
    assert result["links"] == want["links"]
    assert result["import"]["seconds"] > 0 and result["floor_s"] > 0 and result["store_mb"] > 0
    assert result["import"]["totals"]["added"] > sum(want[s] for s in ("units", "roles", "links"))
    # the second import changes every CHANGE_EVERY-th unit, role and link, nothing else
    changed = sum(-(-want[s] // CHANGE_EVERY) for s in ("units", "roles", "links"))
    assert result["reimport"]["totals"] == {"added": 0, "changed": changed,
                                            "unchanged": result["import"]["totals"]["added"]
                                            - changed}
    for run_ in (result["import"], result["reimport"]):
        assert 0 < run_["peak_mb"] < 2048
    text = report(result, "bench_import.py --scale 0.01")
    for row in ("import_workbook", "floor", "1 % changed", "CPU / floor", "peak memory",
                "store file"):
        assert row in text
