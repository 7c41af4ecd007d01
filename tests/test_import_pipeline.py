"""The one import pipeline (issue 12 item 4) on both stores: the planner's counts,
problems and details come from the store's own plan, and the store applies that plan
only while the network it was made on is still what is stored."""
from __future__ import annotations

import pytest

from graphmap.importers.export import export_workbook
from graphmap.importers.formats import import_any, read_any
from graphmap.importers.pipeline import details, plan_import, write_planned
from graphmap.importers.problems import WorkbookError
from graphmap.model import Network, Unit
from graphmap.store.base import plan_write

from .data import small_network


def test_a_plan_made_before_another_write_is_made_again(loaded_store):
    """Another writer between the plan and the write: the store plans again, so a
    replace still removes what the other writer added (a stale plan would keep it)."""
    current = loaded_store.read()
    incoming = small_network()
    incoming.units["neuvola"].name = "Neuvola (uusi)"
    plan = plan_write(current, incoming, replace=True)
    late = Network()
    late.add(Unit("myohainen", "Myöhäinen kerho", "mll", "koivula"))
    loaded_store.write(late, actor="toinen")
    loaded_store.write(incoming, replace=True, current=current, plan=plan, actor="tuonti")
    after = loaded_store.read()
    assert "myohainen" not in after.units
    assert after.units["neuvola"].name == "Neuvola (uusi)"


def test_the_preview_details_are_the_plans_changes(loaded_store, tmp_path):
    net = Network()
    unit = loaded_store.read().units["perheohjaus"]
    unit.name = "Perheohjaus ja -tuki"
    net.add(unit)
    net.add(Unit("kerho", "Perhekerho", "mll", "koivula"))
    export_workbook(net, tmp_path / "book")
    planned = plan_import(read_any(tmp_path / "book"), loaded_store.read(), dry_run=True)
    assert planned.result.sheets["units"] == {"added": 1, "changed": 1, "unchanged": 0}
    got = details(planned)
    assert got["added"]["units"] == ["kerho"]
    assert got["changed"]["units"] == [
        {"key": "perheohjaus", "fields": {"name": ["Perheohjaus", "Perheohjaus ja -tuki"]}}]
    assert got["removed"]["units"] == [] and got["more"] == {}
    revision = loaded_store.revision()
    result = write_planned(loaded_store, planned, actor="tuonti")
    assert result.written and loaded_store.revision() == revision + 1
    assert loaded_store.read().units["perheohjaus"].name == "Perheohjaus ja -tuki"


def test_a_rule_broken_by_the_store_is_located_in_the_input(loaded_store, tmp_path):
    """A unit pointing at an area the store lacks: the model's problem comes back at
    the file, row and column of the unit, and nothing is written."""
    (tmp_path / "units.csv").write_text(
        "id,name,organisation,area\nuusi,Uusi,mll,ei-ole\n", encoding="utf-8")
    before = loaded_store.revision()
    with pytest.raises(WorkbookError) as caught:
        import_any(tmp_path / "units.csv", loaded_store)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("units.csv", 2, "area")
    assert loaded_store.revision() == before
