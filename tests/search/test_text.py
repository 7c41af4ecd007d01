"""Finnish lemmas and compound parts: the words a worker types must meet the words a
service list uses (issue 3 item 6)."""
import pytest

from graphmap.search import lemmas, lemmatiser_name
from graphmap.search.text import SimplemmaLemmatiser, make_lemmatiser, parse_wordbases, tokens


def test_default_lemmatiser_is_voikko_here():
    # The machine has libvoikko and voikko-fi installed; the fallback must not be silent.
    assert lemmatiser_name() == "voikko"


@pytest.mark.parametrize("query, service", [
    ("univaikeuksiin", "univaikeudet"),
    ("perheneuvolaan", "perheneuvola"),
    ("kotipalvelusta", "kotipalvelu"),
    ("lapsiperheiden", "lapsiperhe"),
    ("kohtaamispaikoissa", "kohtaamispaikka"),
])
def test_inflected_forms_share_the_base_form(query, service):
    # Voikko may give several readings ("kotipalvelus"/"kotipalvelu"); the index keeps
    # them all, so the service's own base form must be among the query's.
    assert lemmas(service)[0] in lemmas(query)


def test_compounds_share_their_parts():
    assert "ero" in lemmas("erotilanteessa")
    assert "ero" in lemmas("eroauttaminen")
    assert {"uni", "vaikeus"} <= set(lemmas("univaikeuksiin"))
    assert {"lapsi", "suojelu"} <= set(lemmas("lastensuojelussa"))


def test_a_plain_word_has_no_parts():
    assert lemmas("masentunut") == ["masentunut"]
    assert lemmas("psykologille") == ["psykologi"]


def test_stop_words_are_dropped():
    found = lemmas("Kenelle soitan univaikeuksista?")
    assert "univaikeus" in found
    assert not {"kuka", "kenelle", "soittaa", "soitan"} & set(found)


def test_swedish_and_english_lemmas():
    assert lemmas("problems with sleeping", lang="en")[0] == "problem"
    assert "sömnproblem" in lemmas("sömnproblem och oro", lang="sv")
    with pytest.raises(ValueError, match="unknown language"):
        lemmas("x", lang="de")


def test_tokens_split_punctuation_and_digits():
    assert tokens("Kasvatus- ja perheneuvola, 0-6v!") == ["kasvatus", "ja", "perheneuvola", "v"]


@pytest.mark.parametrize("wordbases, baseform, parts", [
    ("+uni(uni)+vaike(vaikea)+us(+us)", "univaikeus", ["uni", "vaikeus"]),
    ("+lasten(lapsi)+suojel(suojella)+u(+u)", "lastensuojelu", ["lapsi", "suojelu"]),
    ("+sosiaali+työ(työ)", "sosiaalityö", ["sosiaali", "työ"]),
    ("+ero(ero)+auttaa(auttaa)", "eroauttaa", ["ero", "auttaa"]),
    ("+masen(masentaa)tu(+tua)+n+ut(+ut)", "masentunut", []),
    ("+psykologi(psykologi)", "psykologi", []),
])
def test_parse_wordbases(wordbases, baseform, parts):
    assert parse_wordbases(wordbases, baseform) == parts


def test_fallback_lemmatiser_splits_compounds():
    sm = SimplemmaLemmatiser()
    assert sm.name == "simplemma"
    assert "ero" in sm.analyse("erotilanteessa").parts
    assert "ero" in sm.analyse("eroauttaminen").parts
    assert set(sm.analyse("univaikeuksiin").parts) == set(sm.analyse("univaikeudet").parts)


def test_fallback_uses_the_callers_vocabulary():
    # "zorba" is no Finnish word; once it is in the index vocabulary (a service
    # keyword), a compound built on it splits.
    plain = SimplemmaLemmatiser()
    assert plain.split("zorbakeskus") is None
    taught = SimplemmaLemmatiser(vocab={"zorba"})
    assert taught.split("zorbakeskus") == ("zorba", "keskus")


def test_lemmatiser_can_be_forced_by_environment(monkeypatch):
    monkeypatch.setenv("GRAPHMAP_LEMMATISER", "simplemma")
    assert make_lemmatiser().name == "simplemma"
    monkeypatch.setenv("GRAPHMAP_LEMMATISER", "snowball")
    with pytest.raises(ValueError, match="unknown lemmatiser 'snowball'"):
        make_lemmatiser()


def test_missing_voikko_falls_back_to_simplemma(monkeypatch):
    import sys

    from graphmap.search import text
    monkeypatch.setitem(sys.modules, "libvoikko", None)  # import libvoikko → ImportError
    monkeypatch.delenv("GRAPHMAP_LEMMATISER", raising=False)
    monkeypatch.setattr(text, "_DEFAULT", None)
    assert text.make_lemmatiser().name == "simplemma"
    assert lemmatiser_name() == "simplemma"
    assert "ero" in lemmas("erotilanteessa")
    with pytest.raises(ImportError):
        text.make_lemmatiser("voikko")  # asked for by name: no silent substitute


def test_a_compound_of_three_parts_also_yields_its_last_parts_together():
    """Voikko splits "väkivalta" into väki + valta; the worry lives in the pair, so
    "seurusteluväkivalta" must still reach "väkivalta" (and a '=' base is one word)."""
    lem = make_lemmatiser("voikko")
    assert "väkivalta" in lem.analyse("seurusteluväkivalta").parts
    assert "hyväksikäyttö" in lem.analyse("hyväksikäyttöepäily").parts
    assert "pahoinpidellä" in lem.analyse("pahoinpidellyt").roots
    assert parse_wordbases("+perhe(perhe)+väki(väki)+valta(valta)", "perheväkivalta",
                           tails=True) == ["väkivalta"]
    assert parse_wordbases("+uni(uni)+vaike(vaikea)+us(+us)", "univaikeus", tails=True) == []
