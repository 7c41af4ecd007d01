"""Missing links: reference-model rules first, then resource-allocation prediction."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphmap.analysis import analyze
from graphmap.analysis.missing_links import resource_allocation

from .conftest import TODAY, kinds


def run(t, area="A", **kw):
    return analyze(t.graph(), area, today=TODAY, **kw)["findings"]


def test_rule_daycare_without_family_work(tiny):
    tiny.unit("pk", name="Päiväkoti Pihlaja", services=["varhaiskasvatus"])
    tiny.unit("po", "early", name="Perheohjaus").unit("u").link("u", "po")
    (f,) = kinds(run(tiny, lang="fi"), "missing_link", rule="daycare_family_work")
    assert f["evidence"]["source"] == "pk" and f["evidence"]["target"] == "po"
    assert f["evidence"]["suggested_kind"] == "consults" and f["severity"] == "medium"
    assert f["message"].startswith("Päiväkoti Pihlaja ja Perheohjaus eivät ole yhteydessä "
                                   "toisiinsa. Ehdotus: sovittu konsultaatiokäytäntö.")


def test_rule_near_miss_named_contact_through_roles(tiny):
    tiny.unit("pk", name="Päiväkoti Pihlaja").role("pk-r", "pk")
    tiny.unit("po", "early", name="Perheohjaus").role("po-r", "po")
    tiny.link("pk-r", "po-r", "contact")
    assert kinds(run(tiny), "missing_link", rule="daycare_family_work") == []


def test_rule_is_low_when_other_daycares_are_linked(tiny):
    tiny.unit("pk1", name="Päiväkoti Yksi").unit("pk2", name="Päiväkoti Kaksi")
    tiny.unit("po", "early", name="Perheohjaus").link("pk1", "po", "consults")
    (f,) = kinds(run(tiny), "missing_link", rule="daycare_family_work")
    assert f["nodes"] == ["pk2", "po"] and f["severity"] == "low"


def test_rule_adult_services_to_child_services(tiny):
    tiny.unit("tyo", "special", name="Työllisyyspalvelut").unit("aso", "special",
                                                                name="Aikuissosiaalityö")
    tiny.link("tyo", "aso", "works_with").unit("nv", name="Lastenneuvola")
    # both adult services lack the same partner: one finding listing both
    (f,) = kinds(run(tiny), "missing_link", rule="adult_services_child_services")
    assert f["evidence"]["sources"] == ["aso", "tyo"] and f["evidence"]["target"] == "nv"
    assert f["nodes"] == ["aso", "tyo", "nv"]


def test_rule_groups_every_unit_missing_the_same_partner(tiny):
    """27 daycares without Perheohjaus are one finding with its list, not 27."""
    tiny.unit("po", "early", name="Perheohjaus").unit("nv").link("nv", "po")
    for i in range(1, 6):
        tiny.unit(f"pk{i}", name=f"Päiväkoti {i}", services=["varhaiskasvatus"])
    (f,) = kinds(run(tiny, lang="fi"), "missing_link", rule="daycare_family_work")
    assert f["evidence"]["sources"] == [f"pk{i}" for i in range(1, 6)]
    assert f["severity"] == "medium" and f["impact"] == 3 * 6  # medium × 5 daycares + po
    assert f["message"].startswith("5 palvelua ei ole yhteydessä palveluun Perheohjaus: "
                                   "Päiväkoti 1, Päiväkoti 2, Päiväkoti 3, Päiväkoti 4 ja "
                                   "Päiväkoti 5. Ehdotus: sovittu konsultaatiokäytäntö.")
    # a what-if linking one daycare changes the group's size: the same finding, not new
    from graphmap.analysis.findings import identity
    tiny.link("pk1", "po", "consults")
    (g,) = kinds(run(tiny), "missing_link", rule="daycare_family_work")
    assert g["evidence"]["sources"] == [f"pk{i}" for i in range(2, 6)]
    assert identity(g) == identity(f) and g["severity"] == "low"


def collaboration(t, common):
    """u (universal) and e (early) share ``common`` partners; no link between them."""
    t.unit("u").unit("e", "early")
    for i in range(common):
        t.unit(f"p{i}").link("u", f"p{i}", "works_with").link(f"p{i}", "e", "works_with")
    return t


def test_prediction_two_common_partners(tiny):
    (f,) = kinds(run(collaboration(tiny, 2)), "missing_link")
    assert f["nodes"] == ["u", "e"] and "score" in f["evidence"] and f["severity"] == "low"
    # resource allocation: each common partner has degree 2 → 1/2 + 1/2
    assert f["evidence"]["score"] == pytest.approx(1.0)
    assert f["evidence"]["common"] == ["p0", "p1"]


def test_prediction_near_miss_one_common_partner(tiny):
    assert kinds(run(collaboration(tiny, 1)), "missing_link") == []


def test_prediction_near_miss_same_level(tiny):
    tiny.units("u", "v")
    for i in range(3):
        tiny.unit(f"p{i}").link("u", f"p{i}", "works_with").link(f"p{i}", "v", "works_with")
    assert kinds(run(tiny), "missing_link") == []


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 25), st.floats(0.05, 0.6), st.integers(0, 10_000))
def test_resource_allocation_equals_networkx(n, p, seed):
    g = nx.gnp_random_graph(n, p, seed=seed)
    adj = {v: set(g[v]) for v in g}
    pairs = list(nx.non_edges(g))
    ours = {(a, b): s for a, b, s in resource_allocation(adj, pairs)}
    for a, b, s in nx.resource_allocation_index(g, pairs):
        assert ours[(a, b)] == pytest.approx(s)


def test_prediction_counts_shared_forum(tiny):
    tiny.unit("u").unit("e", "early").unit("p").unit("f", type="forum")
    tiny.link("u", "p", "works_with").link("p", "e", "works_with")
    tiny.link("u", "f", "member").link("e", "f", "member")
    # u and e now share a forum: they are linked in the projection, no suggestion
    assert kinds(run(tiny), "missing_link") == []
