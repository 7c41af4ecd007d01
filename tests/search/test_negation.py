"""A negation fused with a conjunction ("ettei", "etteivät", "ellei") is a negation:
workers write "sanoi ettei halua elää" far more often than "sanoi että ei halua elää",
and a lost negation lost the need — a 14-year-old's suicidal words were answered with
youth employment services."""
from __future__ import annotations

import pytest

from graphmap.search.text import FUSED_NEGATIONS, default_lemmatiser, negates
from tests.search.conftest import ask


@pytest.mark.parametrize("fused, plain", [
    ("14-vuotias sanoi ettei halua elää", "14-vuotias sanoi että ei halua elää"),
    ("nuori sanoi ettei jaksa elää", "nuori sanoi että ei jaksa elää"),
    ("poika sanoi ettei mene enää kouluun", "poika sanoi että ei mene enää kouluun"),
    ("nuori kertoi etteivät vanhemmat anna ruokaa", "nuori kertoi että vanhemmat eivät anna ruokaa"),
    ("lapsi pelkää, jottei isä suutu", "lapsi pelkää, jotta isä ei suutu"),
    ("vaikkei sano sitä, ei halua elää", "vaikka ei sano sitä, ei halua elää"),
])
def test_a_fused_negation_answers_as_the_plain_one(demo, fused, plain):
    got, want = ask(demo, fused, area="sotesi"), ask(demo, plain, area="sotesi")
    assert [n["id"] for n in got["needs"]] == [n["id"] for n in want["needs"]]
    assert got["urgent"] == want["urgent"]
    assert [r["unit"] for r in got["results"][:3]] == [r["unit"] for r in want["results"][:3]]
    assert not set(got["unrecognised"]) & FUSED_NEGATIONS


@pytest.mark.parametrize("text", [
    "14-vuotias sanoi ettei halua elää",
    "nuori kertoi etteivät vanhemmat anna ruokaa",
    "lapsi ei saa kotona ruokaa",
    "barnet får ingen mat hemma",
    "the parents don't feed the kids",
])
def test_a_childs_words_of_danger_bring_the_urgent_door_first(demo, text):
    answer = ask(demo, text, area="sotesi")
    assert answer["urgent"], answer["needs"]
    assert answer["results"][0]["section"] == "urgent"


def test_the_fused_forms_are_negations_and_a_name_is_not():
    lemmatiser = default_lemmatiser()
    for word in ("ettei", "etten", "etteivät", "jottei", "muttei", "miksei", "ellei", "jollei"):
        assert negates(word, lemmatiser.analyse(word).bases), word
    for word in ("ellen", "että", "jotta", "mutta", "miksi", "vaikka"):
        assert not negates(word, lemmatiser.analyse(word).bases), word
