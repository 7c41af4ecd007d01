"""Near-misses of urgent phrases raise no urgent alarm, and the urgent phrases next to
them still do (session 8): a worker who types "I don't want to live here" about a
family's flat, "lapsi satuttaa muita lapsia" about daycare, or "ei ole itsetuhoinen mutta
masentunut" must not be sent to the emergency service first; "doesn't want to live",
"äiti satuttaa itseään" and "lapsi ei ole turvassa kotona" must be."""
from __future__ import annotations

import pytest

from tests.search.conftest import ask

EMERGENCY = {"sosiaalipäivystys", "päivystys", "lastensuojelu"}


def services_of(net, uid: str) -> set[str]:
    return {s.lower() for s in net.units[uid].services}


def first(answer) -> str:
    return answer["results"][0]["unit"]


@pytest.mark.parametrize("text, lang", [
    ("I don't want to live here", "en"),
    ("we don't want to live in this town", "en"),
    ("the family doesn't want to live with grandma", "en"),
    ("en halua asua täällä", "fi"),
    ("vill inte bo här", "sv"),
])
def test_living_somewhere_is_no_suicide_alarm(demo, net, text, lang):
    answer = ask(demo, text, area="sotesi", lang=lang)
    assert not answer["urgent"], answer["needs"]
    assert "suicide" not in [n["id"] for n in answer["needs"]]
    assert answer["results"] and not services_of(net, first(answer)) & EMERGENCY


@pytest.mark.parametrize("text, lang", [
    ("en halua elää", "fi"),
    ("doesn't want to live", "en"),
    ("she doesn't want to live anymore", "en"),
    ("doesn't want to live in this world", "en"),
    ("vill inte leva", "sv"),
])
def test_not_wanting_to_be_alive_stays_urgent(demo, net, text, lang):
    answer = ask(demo, text, area="sotesi", lang=lang)
    assert "suicide" in [n["id"] for n in answer["needs"]]
    assert answer["results"][0]["section"] == "urgent"
    assert "päivystys" in services_of(net, first(answer))


@pytest.mark.parametrize("text, lang", [
    ("äiti satuttaa itseään", "fi"),
    ("isä viiltelee", "fi"),
    ("äiti on itsetuhoinen", "fi"),
    ("mum hurts herself", "en"),
    ("mamma skadar sig själv", "sv"),
])
def test_a_parent_harming_herself_gets_her_emergency_first_and_the_childs_after(
        demo, net, text, lang):
    answer = ask(demo, text, area="sotesi", lang=lang)
    needs = [n["id"] for n in answer["needs"]]
    assert needs == ["parent-self-harm"], needs  # not child abuse: she hurts herself
    assert answer["urgent"] and answer["results"][0]["section"] == "urgent"
    assert "päivystys" in services_of(net, first(answer))  # acute psychiatric help
    top3 = set().union(*(services_of(net, r["unit"]) for r in answer["results"][:3]))
    assert {"sosiaalipäivystys", "lastensuojelu"} & top3  # the child at home


@pytest.mark.parametrize("text, lang, age, need", [
    ("lapsi satuttaa muita lapsia", "fi", 4, "child-aggression"),
    ("lapsi satuttaa pikkusiskoa", "fi", 6, "child-aggression"),
    ("he hits other kids at daycare", "en", 5, "child-aggression"),
    ("barnet gör illa andra barn", "sv", 4, "child-aggression"),
    ("lapsi hakkaa päätään lattiaan", "fi", 2, "tantrums"),
    ("lapsi heitetty ulos luokasta", "fi", 10, "school-welfare"),
    ("he got thrown out of class", "en", 12, "school-welfare"),
    ("lapsi karkailee päiväkodista", "fi", 4, "child-behaviour"),
    ("lapsi uhkailee kavereita", "fi", 8, "child-aggression"),
    ("he threatens other kids at school", "en", 10, "child-aggression"),
    ("lapsi leikkii leikkiaseella", "fi", 5, "child-aggression"),
    ("the toddler hits his head on the floor", "en", 2, "tantrums"),
])
def test_a_childs_behaviour_is_no_urgent_alarm(demo, net, text, lang, age, need):
    answer = ask(demo, text, area="sotesi", lang=lang, age=age)
    assert not answer["urgent"], answer["needs"]
    assert [n["id"] for n in answer["needs"]] == [need]
    assert not services_of(net, first(answer)) & EMERGENCY


#: an urgent danger the text denies (a 15-year-old)
DENIED = [
    ("nuori ei ole itsetuhoinen mutta masentunut", "fi"),
    ("lapsi ei ole vaarassa", "fi"),
    ("isä ei lyö lasta", "fi"),
    ("äiti ei ole humalassa", "fi"),
    ("pappa slår inte barnen", "sv"),
    ("pappa har aldrig slagit barnen", "sv"),
    ("dad has never hit him", "en"),
    ("she is not suicidal but depressed", "en"),
    ("inget våld hemma men mycket bråk", "sv"),
    ("barnet är inte i fara", "sv"),
    ("no signs of abuse", "en"),
    ("she's not being abused", "en"),
    ("ei merkkejä väkivallasta", "fi"),
]


@pytest.mark.parametrize("text, lang", [
    ("lasta ei haettu päiväkodista", "fi"),      # "ei haettu" is "hakematta"
    ("lapsi ei ole turvassa kotona", "fi"),
    ("the child is not safe at home", "en"),
    ("barnet är inte tryggt hemma", "sv"),
    ("en 15-åring skadar sig själv", "sv"),      # Swedish "en" is no Finnish "ei"
    ("isä ei vain lyö vaan myös uhkailee", "fi"),
    ("nuori ei ole tullut kotiin", "fi"),
    ("poika lyö itseään", "fi"),
    ("lapsi jäi hakematta", "fi"),
    ("ingen vuxen hemma", "sv"),
    ("barnet får ingen mat hemma", "sv"),
    ("he doesn't want to live. Here at school he cries", "en"),  # two clauses
    ("barnet blev inte hämtat från dagis", "sv"),
    ("nobody picked the child up from daycare", "en"),
    ("the kids aren't safe with him", "en"),
    ("isä ei ole selvin päin", "fi"),
    ("vanhemmat eivät ole hakeneet lasta", "fi"),
    ("en tiedä lyökö isä", "fi"),              # the negation is the knowing, not the hitting
    ("lapsi ei uskalla kertoa että isä lyö", "fi"),
])
def test_a_danger_said_with_a_negation_stays_urgent(demo, text, lang):
    answer = ask(demo, text, area="sotesi", lang=lang)
    assert answer["urgent"], answer["needs"]
    assert answer["results"][0]["section"] == "urgent"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("text", ["nuori ei ole itsetuhoinen mutta masentunut",
                                  "ei ole itsetuhoinen"])
def test_a_denied_danger_says_the_answer_is_unsure_and_why(demo, text, lang):
    """Reading a worry as not urgent is a judgement the worker must see: the answer is
    not confident, and its notice names the urgent need it did not report — the
    denied word was read, so it is not also listed as a word not recognised."""
    answer = ask(demo, text, area="sotesi", age=15, lang=lang)
    assert not answer["urgent"] and not answer["confident"]
    assert "itsetuhoinen" not in answer["unrecognised"]
    assert demo.needs.needs["self-harm"].name[lang] in answer["notice"]


def test_an_urgent_worry_without_a_denial_has_no_such_notice(demo):
    answer = ask(demo, "nuori on itsetuhoinen", area="sotesi", age=15, lang="en")
    assert answer["urgent"]
    assert demo.needs.needs["self-harm"].name["en"] not in (answer["notice"] or "")


#: everyday words next to urgent ones (a 4-year-old)
EVERYDAY = [
    ("isä hakee lapsen päiväkodista", "fi"),   # "hakematta" is not any "hakea"
    ("äiti hakee lapsen aina myöhässä päiväkodista", "fi"),
    ("kuka hakee lapsen", "fi"),
    ("he wants to die of embarrassment", "en"),
    ("dying of laughter", "en"),
]


@pytest.mark.parametrize("text, lang, need", [
    ("äiti sanoi että heittää vauvan ikkunasta jos se ei lopeta itkemistä", "fi",
     "parent-fears-harming-child"),
    ("äiti sanoo että vauva olisi parempi ilman häntä", "fi", "suicide"),
    ("mum says the kids would be better off without her", "en", "suicide"),
    ("isä sanoi että tappaa koko perheen", "fi", "threat"),
    ("dad said he would kill us all", "en", "threat"),
    ("lapsi pelkää kotiin menoa", "fi", "child-in-danger"),
    ("nuori ei tule kotiin öisin", "fi", "running-away"),
    ("she stays out all night", "en", "running-away"),
    ("oppilaalla on viiltoja käsissä", "fi", "self-harm"),
    ("oppilas uhkasi opettajaa veitsellä", "fi", "threat"),
    ("äiti ei uskalla olla kotona miehen kanssa", "fi", "threat"),
    ("the pupil said her stepdad touches her", "en", "sexual-abuse"),
    ("isä kontrolloi rahoja", "fi", "family-violence"),
])
def test_a_danger_said_in_everyday_words_is_urgent(demo, text, lang, need):
    """Found by typing worries as workers do: these were answered as crying advice or
    not at all."""
    answer = ask(demo, text, area="sotesi", lang=lang, age=12)
    assert need in [n["id"] for n in answer["needs"]]
    assert answer["urgent"] and answer["results"][0]["section"] == "urgent"


#: figures of speech next to the dangers said in everyday words (a 3-year-old)
FIGURES = [
    ("lapset tappaa minut", "fi"),           # the kids are killing me
    ("tapan aikaa odotellessa", "fi"),
    ("I could kill for a coffee", "en"),
    ("vauva on parempi ilman tuttia", "fi"),
    ("lapsi ei halua lähteä päiväkodista kotiin", "fi"),
    ("isä leikkaa leipää veitsellä", "fi"),     # a knife, no threat
    ("äiti ottaa nuoren puhelimen pois", "fi"),
    ("äiti uhkaa erota", "fi"),
]


@pytest.mark.parametrize("text, lang, age", [(t, lg, 15) for t, lg in DENIED]
                         + [(t, lg, 4) for t, lg in EVERYDAY]
                         + [(t, lg, 3) for t, lg in FIGURES])
def test_a_denied_danger_everyday_words_or_a_figure_of_speech_raise_no_alarm(
        demo, text, lang, age):
    answer = ask(demo, text, area="sotesi", lang=lang, age=age)
    assert not answer["urgent"], answer["needs"]


@pytest.mark.parametrize("text, lang", [
    ("vauva ei hengitä kunnolla", "fi"),
    ("vauvalla korkea kuume", "fi"),
    ("vauva kuristuu syödessä", "fi"),       # choking, not strangling
    ("lapsi nielaisi pariston", "fi"),
    ("lapsi on tajuton", "fi"),
    ("the baby is not breathing", "en"),
    ("barnet har hög feber och kramper", "sv"),
])
def test_a_medical_emergency_puts_the_health_emergency_first(demo, net, text, lang):
    """These were answered by a family café (the word "vauva") or as violence at home."""
    answer = ask(demo, text, area="sotesi", lang=lang, age=1)
    assert [n["id"] for n in answer["needs"]] == ["acute-illness"]
    assert answer["urgent"] and answer["emergency"]
    assert "päivystys" in services_of(net, first(answer))


def test_an_unconscious_parent_is_still_the_carer_who_cannot_care(demo):
    answer = ask(demo, "äiti tajuton", area="sotesi", age=2)
    assert [n["id"] for n in answer["needs"]] == ["carer-intoxicated"]
