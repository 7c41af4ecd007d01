"""The child's age written in the worry ("16-vuotias …", "en 15-åring", "my 4 year old")
is read and answered as if it had been given (graphmap/search/age.py, docs/search.md).

The phrase reader is tested on its own; the answers on the real index over the demo
network, against the same question with the age given explicitly."""
from __future__ import annotations

import pytest

from benchmarks import eval_search as ev
from tests.search.conftest import ask
from graphmap.search.age import read_age


@pytest.mark.parametrize("text, age", [
    # Finnish: inflected forms, abbreviations, months, number words
    ("16-vuotias puhuu itsensä satuttamisesta", 16),
    ("14-vuotiaalla tytöllä on paniikkikohtauksia", 14),
    ("huoli 15-vuotiaasta pojasta", 15),
    ("harrastus 12-vuotiaalle", 12),
    ("vanhemmat heittivät 16-vuotiaan ulos", 16),
    ("3 -vuotiaat kaksoset", 3),
    ("5v poika lyö muita päiväkodissa", 5),
    ("lapsi 3 v. ei puhu", 3),
    ("5-v. tyttö pelkää", 5),
    ("8 kk vauva ei nuku", 0),
    ("18 kk:n ikäinen ei kävele", 1),
    ("3-kuukautinen itkee paljon", 0),
    ("vauva 3 kuukauden ikäinen", 0),
    ("poika on 7 vuotta vanha", 7),
    ("kaksivuotias puree", 2),
    ("kaksitoistavuotias ei mene kouluun", 12),
    ("1,5-vuotias ei syö", 1),
    ("16-vuotiaan äiti juo", 16),              # the child's mother (genitive)
    # Swedish
    ("en 15-åring skadar sig själv", 15),
    ("15-årig flicka", 15),
    ("pojken är 9 år gammal", 9),
    ("bebis 8 månader sover inte", 0),
    ("sömnproblem hos ettåring", 1),
    # English
    ("my 4 year old hits", 4),
    ("speech delay in a 3-year-old", 3),
    ("four-year-old bites", 4),
    ("a 6 yo who wets the bed", 6),
    ("baby 6 months old cries", 0),
])
def test_the_age_is_read_in_finnish_swedish_and_english(text, age):
    mention = read_age(text)
    assert mention.age == age
    # the phrase is out of the words the search reads; the rest is kept as typed
    assert mention.phrases and not any(p in mention.text for p in mention.phrases)


@pytest.mark.parametrize("text, read", [
    ("16-vuotias juo alkoholia", "nuori juo alkoholia"),
    ("isä lyö 5-vuotiasta", "isä lyö lasta"),
    ("huoli 14-vuotiaasta", "huoli nuoresta"),
    ("harrastus 12-vuotiaalle", "harrastus lapselle"),
    ("3-kuukautiselle ei maistu ruoka", "vauvalle ei maistu ruoka"),
    ("en 15-åring skadar sig själv", "en barn skadar sig själv"),
    ("my 4 year old bites", "my child bites"),
    ("äiti (35 v) juo", "äiti ( ) juo"),        # the parent's age: nothing
])
def test_the_phrase_is_read_as_the_child_it_names(text, read):
    assert read_age(text).text == read


def test_a_child_word_already_next_to_the_phrase_is_not_repeated():
    assert read_age("8 kk vauva ei nuku").text.split() == ["vauva", "ei", "nuku"]
    assert read_age("baby 6 months old cries").text.split() == ["baby", "cries"]


@pytest.mark.parametrize("text", [
    "soitin 2 kertaa perheneuvolaan",          # a count
    "soita numeroon 040 000 1234",            # a phone number
    "tapaaminen 16.5.2026 klo 14.30",         # a date and a time
    "lapsi 5 vuotta perheneuvolan asiakkaana",  # a duration without an age word
    "ero 2 v sitten, lapsi oireilee",         # a duration with one
    "itkenyt 3 kk ajan",
    "hon har grälat i 8 månader",
    "ångest hos tonåring",                    # "ton" is not a number
    "äiti (35 v) juo",                        # an adult's age
    "17-vuotias äiti ja vauva",               # the mother's age, not the child's
    "äiti (17 v) väsynyt",
    "30-vuotias isä masentunut",
    "ryhmä 13–17-vuotiaille",                 # a range
    "5- ja 8-vuotiaat riitelevät",            # two children
    "3v ja 7v riitelevät",
    "alle 3-vuotiaat",                        # a bound
])
def test_a_number_that_is_not_the_childs_age_is_not_read(text):
    assert read_age(text).age is None


# ------------------------------------------------------------------ the answers


def placed(answer):
    return [(r["unit"], r["section"]) for r in answer["results"]] + (
        [answer["front_door"]["unit"]] if answer["front_door"] else [])


@pytest.mark.parametrize("text, bare, age, lang", [
    ("16-vuotias puhuu itsensä satuttamisesta", "nuori puhuu itsensä satuttamisesta", 16, "fi"),
    ("3-vuotias ei puhu vielä", "lapsi ei puhu vielä", 3, "fi"),
    ("8 kk vauva ei nuku", "vauva ei nuku", 0, "fi"),
    ("14-vuotiaalla tytöllä on paniikkikohtauksia", "nuorella tytöllä on paniikkikohtauksia",
     14, "fi"),
    ("16-vuotias juo alkoholia", "nuori juo alkoholia", 16, "fi"),
    ("en 15-åring skadar sig själv", "ett barn skadar sig själv", 15, "sv"),
    ("my 4 year old bites other children", "my child bites other children", 4, "en"),
])
def test_an_age_in_the_text_answers_as_the_age_given(demo, text, bare, age, lang):
    read = ask(demo, text, area="sotesi", lang=lang)
    given = ask(demo, bare, area="sotesi", lang=lang, age=age)
    assert read["age"] == age and read["age_from_text"] is True
    assert given["age"] == age and given["age_from_text"] is False
    assert placed(read) == placed(given) and read["results"]
    assert [n["id"] for n in read["needs"]] == [n["id"] for n in given["needs"]]
    assert read["unrecognised"] == given["unrecognised"]  # "vuotias", "year", "old": not listed
    assert read["confident"] == given["confident"] and read["notice"] == given["notice"]
    # the worker is told which age was read, in the answer's language
    note = read["age_note"]
    assert note and given["age_note"] is None
    if age == 0:  # a baby is "under 1 year old", not "0 years"
        assert {"fi": "alle 1-vuotiaaksi", "sv": "under 1 år",
                "en": "under 1 year old"}[lang] in note
    else:
        assert {"fi": f"Haku luki lapsen iäksi {age} v.",
                "sv": f"Sökningen läste barnets ålder som {age} år",
                "en": f"The search read the child's age as {age}."}[lang] in note


def test_the_read_age_filters_the_services_by_age(demo):
    text = "2-vuotias raivoaa"
    read = ask(demo, text, area="sotesi", limit=20)
    unfiltered = ask(demo, read_age(text).text, area="sotesi", limit=20)
    ages = {u: demo.static[u]["ages"] for u in demo.static}
    # without the age the school's pupil welfare (7–18) answers too; with it, it does not
    assert any(ages[r["unit"]] and not ages[r["unit"]][0] <= 2 <= ages[r["unit"]][1]
               for r in unfiltered["results"])
    for r in read["results"]:
        lo, hi = ages[r["unit"]] or (0, 99)
        assert lo <= 2 <= hi, r["unit"]


def test_an_explicit_age_always_wins(demo):
    text = "16-vuotias puhuu itsensä satuttamisesta"
    answer = ask(demo, text, area="sotesi", age=5)
    assert answer["age"] == 5 and answer["age_from_text"] is False
    assert answer["age_note"] is None
    assert placed(answer) == placed(ask(demo, "puhuu itsensä satuttamisesta", area="sotesi",
                                        age=5))
    assert "vuotias" not in answer["unrecognised"]


def test_a_young_persons_drinking_is_not_read_as_the_parents(demo):
    """"16-vuotias juo" names the young person: their substance use, not the parent's."""
    needs = [n["id"] for n in ask(demo, "16-vuotias juo alkoholia", area="sotesi")["needs"]]
    assert needs == [n["id"] for n in ask(demo, "nuori juo alkoholia", area="sotesi")["needs"]]
    assert needs != [n["id"] for n in ask(demo, "juo alkoholia", area="sotesi")["needs"]]


def test_a_parents_age_is_not_the_childs(demo):
    answer = ask(demo, "äiti (35 v) juo liikaa", area="sotesi")
    assert answer["age"] is None and answer["age_from_text"] is False
    assert answer["age_note"] is None and "v" not in answer["unrecognised"]


@pytest.mark.parametrize("text", [
    "isä lyö 5-vuotiasta", "isä lyö lasta",
    "14v karannut kotoa", "karannut kotoa",
    "16-vuotias puhuu itsensä satuttamisesta", "puhuu itsensä satuttamisesta",
    "en 15-åring skadar sig själv", "a 4-year-old has bruises, suspected abuse",
])
def test_urgent_worries_bring_the_urgent_door_first_with_or_without_an_age(demo, text):
    answer = ask(demo, text, area="sotesi")
    assert answer["urgent"] is True
    assert answer["results"][0]["section"] == "urgent"


def _sets():
    for path in (ev.EVAL_SET, ev.HERE / "data" / "who_to_call_heldout.toml"):
        for q in ev.load_set(path):
            if read_age(q["text"]).phrases:
                yield pytest.param(q, id=q["id"])


@pytest.mark.parametrize("q", list(_sets()))
def test_the_evaluation_sets_ages_are_read_and_answered_alike(demo, q):
    """The sets' queries that write the age also carry it in ``age``, written by hand:
    the reader agrees, and the search answers alike without the field."""
    assert read_age(q["text"]).age == q["age"]
    kw = {"area": q["area"], "from_unit": q.get("from"), "lang": q["lang"]}
    assert placed(ask(demo, q["text"], **kw)) == placed(ask(demo, q["text"], age=q["age"],
                                                              **kw))
