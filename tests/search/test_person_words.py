"""A person named by another word than the need's own: the youth needs are written
with "nuori", and workers write "teini" as often ("teini polttaa kannabista" had been
answered as a parent's drug use)."""
from __future__ import annotations

import pytest

from tests.search.conftest import ask


@pytest.mark.parametrize("teen, young", [
    ("teini polttaa kannabista", "nuori polttaa kannabista"),
    ("teini käyttää huumeita", "nuori käyttää huumeita"),
])
def test_a_teen_is_a_young_person(demo, teen, young):
    got, want = ask(demo, teen, area="sotesi"), ask(demo, young, area="sotesi")
    assert [(n["id"], n["concerns"]) for n in got["needs"]] == \
        [(n["id"], n["concerns"]) for n in want["needs"]]
    assert [r["unit"] for r in got["results"][:3]] == [r["unit"] for r in want["results"][:3]]


def test_a_parents_drug_use_stays_the_parents(demo):
    needs = ask(demo, "isä polttaa kannabista", area="sotesi")["needs"]
    assert needs and all(n["concerns"] == "parent" for n in needs)
