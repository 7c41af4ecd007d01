"""graphmap.history: diffing two networks and comparing a store at two dates, and the
SQLite store's history surviving an upgrade of an older file (issue 5, item 3)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import pytest

from graphmap.history import compare, diff_networks, finding_key
from graphmap.model import Link, LinkKind, Network, Unit, UnitType, ValidationError
from graphmap.store import open_store

from .data import small_network

DAY = dt.date(2026, 3, 2)


def test_diff_of_a_network_with_itself_is_empty(network):
    d = diff_networks(network, small_network())
    assert all(v == [] for part in d.values() for v in part.values())
    assert set(d["added"]) == {"areas", "organisations", "units", "roles", "links"}


def test_diff_lists_added_removed_and_changed_fields(network):
    after = small_network()
    after.units["kahvila"].name = "Perhekahvila Pesä"
    after.units["kahvila"].capacity = 40
    del after.links[("neuvola", "haapala-neuvola", "consults")]
    after.add(Link("kahvila", "neuvola", LinkKind.INFORMS))
    after.add(Unit("uusi", "Uusi palvelu", "kunta", "koivula", UnitType.SERVICE))
    d = diff_networks(network, after)
    assert d["added"]["units"] == ["uusi"]
    assert d["added"]["links"] == ["kahvila>neuvola:informs"]
    assert d["removed"]["links"] == ["neuvola>haapala-neuvola:consults"]
    assert d["changed"]["units"] == [{"key": "kahvila", "fields": {
        "name": [network.units["kahvila"].name, "Perhekahvila Pesä"],
        "capacity": [network.units["kahvila"].capacity, 40]}}]
    assert d["changed"]["links"] == [] and d["removed"]["units"] == []


def test_finding_key_ignores_numbers_that_move():
    a = {"kind": "gateway", "area": "x", "nodes": ["b", "a"], "message": "51% pass",
         "evidence": {"type": "broker", "share": 0.51}}
    b = dict(a, nodes=["a", "b"], message="48% pass", evidence={"type": "broker", "share": 0.48})
    assert finding_key(a) == finding_key(b)
    assert finding_key(a) != finding_key(dict(b, area="y"))


@pytest.fixture
def dated_store(store):
    """small_network written on DAY, then on DAY+10 the family guidance unit removed
    (with its role and links) and a new link from the clinic to the family café."""
    now = [dt.datetime.combine(DAY, dt.time(9), dt.timezone.utc)]
    store.clock = lambda: now[0]
    store.write(small_network(), actor="coordinator")
    now[0] += dt.timedelta(days=10)
    store.delete("units", ["perheohjaus"], actor="coordinator", note="merged into social work")
    store.write(Network(links={("neuvola", "kahvila", "outreach"):
                               Link("neuvola", "kahvila", LinkKind.OUTREACH)}),
                actor="coordinator")
    return store


def test_compare_reports_links_metrics_and_findings_between_two_dates(dated_store):
    result = compare(dated_store, DAY, DAY + dt.timedelta(days=10), area="koivula")
    assert (result["from"], result["to"], result["area"]) == (
        "2026-03-02", "2026-03-12", "koivula")
    removed = {(link["source"], link["target"], link["kind"]) for link in result["links_removed"]}
    assert ("neuvola", "perheohjaus", "refers") in removed
    assert all("perheohjaus" in (s, t) or "po-sari" in (s, t) for s, t, _ in removed)
    assert [(link["source"], link["target"]) for link in result["links_added"]] == [
        ("neuvola", "kahvila")]
    assert result["diff"]["removed"]["units"] == ["perheohjaus"]
    assert result["diff"]["removed"]["roles"] == ["po-sari"]
    m = result["metrics"]["koivula"]
    assert m["from"]["units"] == 9 and m["to"]["units"] == 8
    assert "haapala" not in result["metrics"]  # a neighbour, not part of the comparison
    # perheohjaus was the gateway of the area's referral paths; removing it resolves that
    gateway = [f for f in result["findings_resolved"] if f["kind"] == "gateway"]
    assert gateway and gateway[0]["nodes"] == ["perheohjaus"]
    assert not any(finding_key(f) in {finding_key(g) for g in result["findings_resolved"]}
                   for f in result["findings_added"])


def test_compare_of_the_same_day_changes_nothing(dated_store):
    result = compare(dated_store, DAY, DAY)
    assert result["links_added"] == result["links_removed"] == []
    assert result["findings_added"] == result["findings_resolved"] == []
    assert all(m["from"] == m["to"] for m in result["metrics"].values())


def test_compare_before_anything_was_written_adds_everything(dated_store):
    result = compare(dated_store, DAY - dt.timedelta(days=1), DAY)
    assert len(result["diff"]["added"]["units"]) == len(small_network().units)
    assert result["metrics"]["koivula"]["from"] is None


@pytest.mark.parametrize("kwargs, message", [
    ({"date_from": "2026-13-01", "date_to": "2026-03-02"}, "expected a date"),
    ({"date_from": "2026-03-05", "date_to": "2026-03-02"}, "is after"),
    ({"date_from": "2026-03-01", "date_to": "2026-03-02", "area": "atlantis"}, "atlantis"),
])
def test_compare_rejects_bad_parameters_clearly(dated_store, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        compare(dated_store, **kwargs)


def test_an_older_store_file_is_upgraded_and_keeps_its_data(tmp_path, network):
    """A file made before issue 5 (no validity columns, no history tables) opens,
    keeps every record, and records history from then on."""
    path = tmp_path / "old.db"
    store = open_store(f"sqlite:///{path}")
    store.write(network)
    store.close()
    db = sqlite3.connect(path)
    for table in ("revisions", "changes", "users", "settings"):
        db.execute(f"DROP TABLE {table}")
    for table in ("units", "roles"):
        for column in ("valid_from", "valid_to"):
            db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    db.commit()
    db.close()
    upgraded = open_store(f"sqlite:///{path}")
    assert upgraded.read() == network and upgraded.history() == []
    changed = Network()
    changed.add(dataclasses.replace(network.units["kahvila"], valid_to=dt.date(2026, 1, 1)))
    assert upgraded.write(changed, actor="admin")["changed"] == 1
    assert upgraded.history()[0]["after"]["valid_to"] == "2026-01-01"
    today = dt.datetime.now(dt.timezone.utc).date()  # the write above is stamped now
    assert "kahvila" not in upgraded.read(as_of=today).units  # its validity has ended
    assert "kahvila" in upgraded.read(as_of=today - dt.timedelta(days=400)).units
