""""Who do I call": ranked answers a front-line worker would accept (issue 3 item 6,
DOMAIN.md §3, §7, §8).  Built from the real store where the data is the shared
small network, and from tiny hand-built networks where one rule is isolated."""
import datetime as dt
import json

import pytest

from graphmap.graph import build_graph
from graphmap.model import (Area, AreaKind, Level, Link, LinkKind, Network, Organisation, Role,
                            Sector, Unit)
from graphmap.search import SearchError, build_index

TODAY = dt.date(2026, 11, 24)
LEMMATISERS = ["voikko", "simplemma"]


@pytest.fixture(scope="module")
def small_graph():
    from tests.data import small_network
    return build_graph(small_network())


@pytest.fixture(scope="module", params=LEMMATISERS)
def index(request, small_graph):
    return build_index(small_graph, lemmatiser=request.param)


@pytest.fixture(scope="module")
def no_needs(tmp_path_factory):
    path = tmp_path_factory.mktemp("needs") / "empty.toml"
    path.write_text("# no needs\n", encoding="utf-8")
    return path


def tiny(units, roles=(), links=(), areas=None):
    """A network of one county with areas a1, a2 (same county) and b1 (another)."""
    n = Network()
    for a in areas or [Area("hva", "HVA", AreaKind.COUNTY), Area("hvb", "HVB", AreaKind.COUNTY),
                       Area("a1", "Alue A1", AreaKind.FAMILY_CENTRE_AREA, "hva"),
                       Area("a2", "Alue A2", AreaKind.FAMILY_CENTRE_AREA, "hva"),
                       Area("b1", "Alue B1", AreaKind.FAMILY_CENTRE_AREA, "hvb")]:
        n.add(a)
    n.add(Organisation("org", "Org", Sector.COUNTY))
    for u in units:
        n.add(u)
    for r in roles:
        n.add(r)
    for link in links:
        n.add(link)
    return build_graph(n)


def unit(uid, services, area="a1", **kw):
    return Unit(uid, uid.capitalize(), "org", area, services=services, **kw)


def results(idx, *args, **kwargs):
    """The ranked answers of ``who_to_call`` (its "results" list)."""
    return idx.who_to_call(*args, **kwargs)["results"]


def ids(answers):
    return [a["unit"] for a in answers]


# ------------------------------------------------------------ Finnish matching

def test_inflected_query_finds_the_service(index):
    answers = results(index, "univaikeuksiin", today=TODAY)
    assert ids(answers)[0] == "neuvola"
    assert "univaikeudet" in answers[0]["matched"]


@pytest.mark.parametrize("lemmatiser", LEMMATISERS)
def test_compound_part_finds_the_service_without_needs(lemmatiser, no_needs):
    g = tiny([unit("ero", ["eroauttaminen"]), unit("koulu", ["opetus"]),
              unit("tila", ["tilavuokraus"])])
    idx = build_index(g, lemmatiser=lemmatiser, needs=no_needs)
    assert ids(results(idx, "erotilanteessa", today=TODAY)) == ["ero"]


@pytest.mark.parametrize("query, expected", [
    ("perheneuvolaan", "perheneuvola"),
    ("psykologille", "perheneuvola"),
    ("kohtaamispaikkaan", "kahvila"),
    ("lastensuojeluilmoitus", "lastensuojelu"),
])
def test_own_inflection_examples(index, query, expected):
    assert ids(results(index, query, today=TODAY))[0] == expected


def test_unrelated_query_finds_nothing(index):
    assert results(index, "autokorjaamo", today=TODAY) == []


def test_long_typo_is_forgiven_short_one_is_not(small_graph):
    idx = build_index(small_graph, lemmatiser="voikko")
    assert ids(results(idx, "kohtaamispaika", today=TODAY))[0] == "kahvila"
    assert results(idx, "unii", today=TODAY) == []


# ----------------------------------------------------------- Swedish, English

@pytest.mark.parametrize("query, lang", [("sömnproblem", "sv"), ("sleep problems", "en"),
                                         ("sömnproblem", None), ("sleep problems", None),
                                         # lang is the answer language; the query may differ
                                         ("sömnproblem", "fi"), ("univaikeuksiin", "en")])
def test_swedish_and_english_reach_finnish_keywords(index, query, lang):
    assert ids(results(index, query, lang=lang, today=TODAY))[0] == "neuvola"


def test_divorce_reaches_eroauttaminen_with_english_reasons(index):
    answers = results(index, "divorce", lang="en", today=TODAY)
    assert set(ids(answers)[:2]) == {"perheohjaus", "perheneuvola"}
    assert any(w.startswith("matches: ") and "eroauttaminen" in w for w in answers[0]["why"])
    assert "the family can get in touch directly" in answers[0]["why"]


def test_reasons_are_finnish_by_default_and_swedish_on_request(index):
    fi = results(index, "perheohjaus", today=TODAY)[0]["why"]
    sv = results(index, "perheohjaus", lang="sv", today=TODAY)[0]["why"]
    assert "varhainen tuki, matala kynnys" in fi
    assert "tidigt stöd, låg tröskel" in sv


# --------------------------------------------------------------- the filters

def test_age_filter_excludes_units_that_do_not_serve_the_age(index):
    assert "neuvola" in ids(results(index, "lastenneuvola", age=3, today=TODAY))
    older = ids(results(index, "lastenneuvola", age=10, today=TODAY))
    assert "neuvola" not in older and "haapala-neuvola" not in older


def test_same_area_ranks_first(index):
    assert ids(results(index, "lastenneuvola", area="haapala", today=TODAY))[0] == "haapala-neuvola"
    assert ids(results(index, "lastenneuvola", area="koivula", today=TODAY))[0] == "neuvola"
    # a district inside Koivula counts as Koivula
    assert ids(results(index, "lastenneuvola", area="koivula-kk", today=TODAY))[0] == "neuvola"


def test_area_order_same_countywide_then_elsewhere_only_for_what_the_area_lacks():
    g = tiny([unit("near", ["perhetyö"], area="a2"), unit("far", ["perhetyö"], area="b1"),
              unit("wide", ["perhetyö"], area="hva"), unit("same", ["perhetyö"], area="a1"),
              unit("far-kp", ["kotipalvelu"], area="b1")])
    idx = build_index(g)
    answers = results(idx, "perhetyö", area="a1", today=TODAY)
    # the area (and the county-wide unit above it) has perhetyö: no other area is shown
    assert ids(answers) == ["same", "wide"]
    assert [a["section"] for a in answers] == ["area", "area"]
    assert "palvelee koko aluetta (HVA)" in answers[1]["why"]
    # kotipalvelu is missing in A1: it comes from B1, after the area's own, named
    answers = results(idx, "perhetyö kotipalvelu", area="a1", today=TODAY)
    assert ids(answers) == ["same", "wide", "far-kp"]
    assert answers[-1]["section"] == "elsewhere" and answers[-1]["area_name"] == "Alue B1"
    assert "toisella alueella (Alue B1)" in answers[-1]["why"]
    # asking for the whole county: every unit in it is in the area
    assert set(ids(results(idx, "perhetyö", area="hva", today=TODAY))) == {"same", "near", "wide"}


def test_early_support_outranks_child_protection_for_a_mild_worry():
    g = tiny([unit("ls", ["perhetyö"], level=Level.PROTECTION),
              unit("po", ["perhetyö"], level=Level.EARLY),
              unit("sos", ["perhetyö"], level=Level.SPECIAL)])
    idx = build_index(g)
    assert ids(results(idx, "perhetyö", today=TODAY)) == ["po", "sos", "ls"]


def test_an_urgent_worry_drops_the_low_level_preference():
    g = tiny([unit("ls", ["perhetyö"], level=Level.PROTECTION),
              unit("po", ["perhetyö"], level=Level.EARLY)])
    idx = build_index(g)
    mild = {a["unit"]: a["score"] for a in results(idx, "perhetyö", today=TODAY)}
    urgent = {a["unit"]: a["score"] for a in results(idx, "perhetyö väkivalta", today=TODAY)}
    assert mild["po"] - mild["ls"] > 0
    # "väkivalta" matches no service here, so only the level term can differ
    assert urgent["po"] == urgent["ls"]
    why = results(idx, "perhetyö väkivalta", today=TODAY)[0]["why"]
    assert any(w.startswith("vakava huoli") for w in why)
    assert not any(w.startswith("vakava huoli")
                   for w in results(idx, "perhetyö", today=TODAY)[0]["why"])


def test_self_referral_ranks_higher():
    g = tiny([unit("a", ["perhetyö"]), unit("b", ["perhetyö"], self_referral=True)])
    answers = results(build_index(g), "perhetyö", today=TODAY)
    assert ids(answers) == ["b", "a"]
    assert answers[0]["self_referral"] is True


# ---------------------------------------------------------------- from my unit

def test_path_from_my_unit(index):
    answers = results(index, "eroauttaminen", from_unit="paivakoti", today=TODAY)
    by_id = {a["unit"]: a for a in answers}
    # the special-needs teacher's referrals lift to the daycare (DOMAIN.md §5, S:3729)
    assert by_id["perheohjaus"]["path"] == ["paivakoti", "perheohjaus"]
    assert by_id["perheohjaus"]["path"][0] == "paivakoti"
    assert "yksiköllänne on jo suora yhteys tänne" in by_id["perheohjaus"]["why"]
    assert ids(answers)[0] == "perheohjaus"


def test_path_is_none_without_from_unit_and_my_unit_is_not_an_answer(index):
    assert all(a["path"] is None for a in results(index, "lastenneuvola", today=TODAY))
    assert "neuvola" not in ids(results(index, "lastenneuvola", from_unit="neuvola", today=TODAY))


def test_a_role_can_be_my_unit(index):
    answers = results(index, "eroauttaminen", from_unit="veo-mika", today=TODAY)
    assert {a["unit"]: a["path"] for a in answers}["perheohjaus"] == ["paivakoti", "perheohjaus"]


def test_existing_link_from_my_unit_decides_between_equals():
    units = [unit("me", ["varhaiskasvatus"]), unit("a", ["perhetyö"]), unit("b", ["perhetyö"])]
    for linked in ("a", "b"):
        g = tiny(units, links=[Link("me", linked, LinkKind.REFERS)])
        answers = results(build_index(g), "perhetyö", from_unit="me", today=TODAY)
        assert ids(answers)[0] == linked
        assert answers[0]["path"] == ["me", linked]


# ----------------------------------------------------------- contacts, capacity

@pytest.mark.parametrize("fresh_one", ["a", "b"])
def test_stale_contact_ranks_lower(fresh_one):
    stale_one = "b" if fresh_one == "a" else "a"
    g = tiny([unit("a", ["perhetyö"]), unit("b", ["perhetyö"])],
             roles=[Role(f"r-{fresh_one}", "perhetyöntekijä", fresh_one, "Testi Henkilö",
                         "040 000 0001", verified=dt.date(2026, 9, 1)),
                    Role(f"r-{stale_one}", "perhetyöntekijä", stale_one, "Malli Henkilö",
                         "040 000 0002", verified=dt.date(2023, 1, 1))])
    answers = results(build_index(g), "perhetyö", today=TODAY)
    assert ids(answers) == [fresh_one, stale_one]
    assert any("vanhentunut" in w for w in answers[1]["why"])


def test_overloaded_unit_ranks_lower():
    g = tiny([unit("busy", ["perhetyö"], capacity=10), unit("calm", ["perhetyö"], capacity=100),
              unit("src", ["neuvola"])],
             links=[Link("src", "busy", LinkKind.REFERS, volume=25),
                    Link("src", "calm", LinkKind.REFERS, volume=25)])
    answers = results(build_index(g), "perhetyö", today=TODAY)
    assert ids(answers) == ["calm", "busy"]
    assert any("ylikuormittunut" in w for w in answers[1]["why"])


def test_best_role_matches_the_need_and_has_a_phone():
    g = tiny([unit("po", ["perheohjaus", "psykologi"])],
             roles=[Role("r1", "toimistosihteeri", "po", "Eka Esimerkki", "040 000 0011",
                         verified=dt.date(2026, 11, 1)),
                    Role("r2", "psykologi", "po", "Toka Esimerkki", "040 000 0012",
                         verified=dt.date(2026, 10, 1))])
    idx = build_index(g)
    assert results(idx, "psykologi", today=TODAY)[0]["role"]["id"] == "r2"
    assert results(idx, "perheohjaus", today=TODAY)[0]["role"]["id"] == "r1"


def test_non_public_person_is_never_shown(index):
    answers = results(index, "psykologi", today=TODAY, limit=50)
    top = answers[0]
    assert top["unit"] == "perheneuvola"
    assert top["role"]["title"] == "psykologi"
    assert top["role"]["person"] is None and top["role"]["phone"] is None
    assert "Kuvitteellinen" not in json.dumps(answers, ensure_ascii=False)
    assert top["channel"]["email"] == "perheneuvola@example.invalid"


def test_answer_shape(index):
    a = results(index, "perheohjaus", area="koivula", today=TODAY)[0]
    assert a["unit"] == "perheohjaus" and a["unit_name"] == "Perheohjaus"
    assert a["area_name"] == "Koivulan perhekeskus" and a["organisation"] == "Testin hyvinvointialue"
    assert a["sector"] == "county" and a["level"] == "early" and a["self_referral"] is True
    assert a["role"] == {"id": "po-sari", "title": "perheohjaaja", "person": "Sari Testinen",
                         "phone": "040 000 1003", "email": "sari.testinen@example.invalid",
                         "verified": "2026-11-01"}
    assert a["channel"] == {"phone": "040 000 1003", "email": "sari.testinen@example.invalid",
                            "channels": ["phone", "anonymous_consultation"]}
    assert isinstance(a["score"], float) and a["matched"][0] == "perheohjaus"
    assert a["section"] == "area"


def test_limit(index):
    assert len(results(index, "lastenneuvola", today=TODAY, limit=1)) == 1


# -------------------------------------------------------------- bad parameters

@pytest.mark.parametrize("kwargs, param, status", [
    ({"area": "koivul"}, "area", 404),
    ({"from_unit": "paivakot"}, "from_unit", 404),
    ({"age": 26}, "age", 400),
    ({"age": -1}, "age", 400),
    ({"age": "kaksi"}, "age", 400),
    ({"age": True}, "age", 400),
    ({"age": 2.5}, "age", 400),
    ({"lang": "de"}, "lang", 400),
    ({"limit": 0}, "limit", 400),
    ({"today": "eilen"}, "today", 400),
])
def test_bad_parameters_raise_search_error(index, kwargs, param, status):
    with pytest.raises(SearchError) as err:
        results(index, "perheohjaus", **kwargs)
    assert err.value.param == param and err.value.status == status
    assert isinstance(err.value, ValueError)


def test_unknown_area_suggests_the_right_one(index):
    with pytest.raises(SearchError, match="did you mean 'koivula'"):
        results(index, "perheohjaus", area="koivul")


@pytest.mark.parametrize("text", ["   ", "univaikeus " * 200, None])
def test_empty_or_overlong_text_is_a_search_error(index, text):
    with pytest.raises(SearchError) as err:
        results(index, text)
    assert err.value.param == "text" and err.value.status == 400


def test_index_from_the_real_store(loaded_store):
    idx = build_index(build_graph(loaded_store.read()))
    assert ids(results(idx, "univaikeuksiin", area="koivula", age=2, today=TODAY))[0] == "neuvola"
