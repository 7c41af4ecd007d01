"""The tune pass (issue 9): urgent worries in words the vocabulary partly knows, the
parent's own service, and the held-out query set (benchmarks/data/who_to_call_heldout.toml).

The held-out set was written before tuning; here it is only checked to be well formed and
answerable on the demo (its score is in benchmarks/RESULTS.md, like the main set's)."""
from __future__ import annotations

import pytest

from benchmarks import eval_search as ev
from tests.search.conftest import ask

HELDOUT = ev.HERE / "data" / "who_to_call_heldout.toml"


def urgent_doors(answer, net):
    return [r["unit"] for r in answer["results"] if r["section"] == "urgent"]


@pytest.mark.parametrize("text, area, age", [
    ("kaveri puhuu itsaripuheita", "sotesi", 15),          # slang inside an unknown word
    ("epäilen kotivakivaltatilannetta", "sotesi", 5),     # undotted, unknown compound
])
def test_a_danger_word_inside_an_unknown_word_brings_the_urgent_door_flagged_unsure(
        demo, text, area, age):
    answer = ask(demo, text, area=area, age=age)
    assert answer["urgent"] and answer["results"][0]["section"] == "urgent"
    assert not answer["confident"] and answer["notice"]


@pytest.mark.parametrize("text, need", [
    ("tyttöä uhataan pakkoavioliitolla", "honour-violence"),
    ("huoli ympärileikkauksesta", "honour-violence"),
    ("perheellä ei ole yöpaikkaa tänä yönä", "nowhere-to-sleep"),
    ("äiti pelkää vahingoittavansa vauvaa", "parent-fears-harming-child"),
    ("4-vuotias leikkii seksileikkejä", "sexualised-behaviour"),
    ("seurusteluväkivalta", "dating-violence"),
    ("isä uhkaa viedä lapset ulkomaille", "child-abduction"),
    ("vanhemmat heittivät 16-vuotiaan ulos kotoa", "minor-thrown-out"),
    ("poika kirjoitti että tappaa ittensä", "suicide"),
    ("pappan var full", "carer-intoxicated"),
])
def test_urgent_worries_the_vocabulary_lacked_are_urgent(demo, text, need):
    answer = ask(demo, text, area="jarvenpaa", lang="sv" if "pappan" in text else None)
    assert need in [n["id"] for n in answer["needs"]]
    assert answer["urgent"] and answer["results"][0]["section"] == "urgent"


@pytest.mark.parametrize("text", ["parisuhdekriisi", "puheterapiaa", "isä kuoli, perhe kriisissä"])
def test_a_whole_word_reading_beats_a_part_of_it(demo, text):
    """"parisuhdekriisi" is the couple's crisis, not the acute crisis its part names."""
    answer = ask(demo, text, area="asikkala")
    assert not answer["urgent"]


def test_a_parents_own_worry_never_goes_to_pupil_welfare(demo, net):
    answer = ask(demo, "aidin masennus", area="hollola", age=5)
    first = net.units[answer["results"][0]["unit"]]
    assert first.ages and first.ages[0] >= 18  # the parent's own (adult) service
    assert "hollola-opiskeluhuolto" not in [r["unit"] for r in answer["results"]]


def test_the_heldout_set_is_well_formed_and_answerable(net):
    queries = ev.load_set(HELDOUT)
    assert len(queries) >= 80
    main = {q["text"].casefold() for q in ev.load_set()}
    assert not {q["text"].casefold() for q in queries} & main  # held out
    judge = ev.Judge(net)
    for q in queries:
        assert any(judge.right(uid, q) for uid in net.units), q["id"]


@pytest.mark.parametrize("text, urgent", [
    ("isä lyö lasta", True), ("hakkaa lapsia", True),
    ("lapsi lyö sisarustaan", False),          # the child hits: behaviour, not abuse
    ("äiti pelkää miestään", True),
])
def test_a_general_word_in_a_term_keeps_its_role(demo, text, urgent):
    """"lyödä lasta" needs the child as the object: an inflected "lasta"/"lapsia" fills
    it, the nominative subject "lapsi" does not."""
    assert ask(demo, text, area="hollola", age=5)["urgent"] is urgent


@pytest.mark.parametrize("text", ["unirytmi on ihan sekaisin", "missing school a lot",
                                  "perhe tarvitsee kodinhoitoapua", "isä uhkaa viedä huoltajuuden"])
def test_everyday_routine_worries_are_not_read_as_urgent(demo, text):
    assert not ask(demo, text, area="sotesi")["urgent"]


@pytest.mark.parametrize("text, lang, urgent", [
    ("han vill inte leva längre", "sv", True),
    ("han vill leva med pappa", "sv", False),   # without "inte" it is no suicide talk
    ("my son didn't come home", "en", True),     # a contraction is "not"
])
def test_swedish_and_english_negation_stays_in_a_phrase(demo, text, lang, urgent):
    assert ask(demo, text, area="sysma", lang=lang)["urgent"] is urgent
