"""Properties every answer list keeps, whatever the worker types (hypothesis)."""
import datetime as dt
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from graphmap.graph import build_graph
from graphmap.search import build_index
from tests.data import small_network

NET = small_network()
WORDS = ["univaikeuksiin", "erotilanteessa", "psykologille", "perheohjaus", "sleep", "divorce",
         "sömnproblem", "väkivalta", "lastenneuvola", "vertaistukea", "ja", "kenelle", "äää",
         "kohtaamispaika", "diakoniatyö"]

#: Pairs of units joined by a link, roles lifted to their units.
LINKED_UNITS = [{NET.roles[x].unit if x in NET.roles else x for x in (link.source, link.target)}
                for link in NET.links.values()]


@lru_cache(maxsize=None)
def index():
    return build_index(build_graph(NET))


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
       age=st.none() | st.integers(0, 25),
       area=st.none() | st.sampled_from(sorted(NET.areas)),
       from_unit=st.none() | st.sampled_from(sorted(NET.units)),
       lang=st.none() | st.sampled_from(["fi", "sv", "en"]))
def test_answers_are_ranked_filtered_and_private(words, age, area, from_unit, lang):
    result = index().who_to_call(" ".join(words), age=age, area=area, from_unit=from_unit,
                                 lang=lang, today=dt.date(2026, 11, 24))
    answers = result["results"]
    sections = [a["section"] for a in answers]
    # urgent doors, then the area, then elsewhere; by score within the area's sections
    assert sections == sorted(sections, key=["urgent", "area", "elsewhere"].index)
    for name in ("area", "elsewhere"):
        scores = [a["score"] for a in answers if a["section"] == name]
        assert scores == sorted(scores, reverse=True)
    assert len({a["unit"] for a in answers}) == len(answers) <= 10
    assert answers or result["notice"]  # never a silent empty answer
    for_parent = any(n["concerns"] != "child" for n in result["needs"])
    for a in answers:
        unit = NET.units[a["unit"]]
        adult = unit.ages is not None and unit.ages[0] >= 18
        assert unit.serves_age(age) or (adult and for_parent)
        assert unit.type.value != "forum" and a["unit"] != from_unit
        if a["role"] is not None and not NET.roles[a["role"]["id"]].public:
            assert a["role"]["person"] is None and a["role"]["phone"] is None
        if from_unit is None:
            assert a["path"] is None
        elif a["path"] is not None:
            assert a["path"][0] == from_unit and a["path"][-1] == a["unit"]
            for step, nxt in zip(a["path"], a["path"][1:]):
                assert {step, nxt} in LINKED_UNITS
