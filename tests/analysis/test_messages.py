"""Finnish finding messages agree in number with a unit named in the plural
("Varhaiskasvatuksen erityisopettajat eivät ole …"), and say the same as before."""
from __future__ import annotations

import pytest

from graphmap.analysis import analyze
from graphmap.analysis.messages import plural_fi

from .conftest import TODAY, kinds


def _voikko_works() -> bool:
    try:
        import libvoikko
        return bool(libvoikko.Voikko("fi").analyze("opettajat"))
    except Exception:
        return False


pytestmark = pytest.mark.skipif(not _voikko_works(),
                                reason="libvoikko with the Finnish dictionary is not installed")

PLURAL = "Varhaiskasvatuksen erityisopettajat"


def run(t, area="A"):
    return analyze(t.graph(), area, today=TODAY, lang="fi")["findings"]


def full_levels(t):
    return (t.unit("u", "universal").unit("e", "early", org="cty")
             .unit("s", "special", org="cty").unit("p", "protection", org="cty")
             .chain("u", "e", "s", "p"))


@pytest.mark.parametrize("name, plural", [
    (PLURAL, True), ("Koulukuraattorit (Koivula)", True), ("Psykologit, Haapala", True),
    ("Perheohjaus", False), ("Kasvatus- ja perheneuvola", False),
    ("Perhekahvila Kohtaamo", False), ("Nuoret vanhemmat -ryhmä", False), ("", False)])
def test_plural_is_read_from_the_head_word(name, plural):
    assert plural_fi(name) is plural


def test_isolated_plural_unit_takes_a_plural_verb(tiny):
    full_levels(tiny).unit("veo", "early", name=PLURAL).unit("lonely", name="Perheohjaus")
    messages = {f["nodes"][0]: f["message"] for f in kinds(run(tiny), "isolated")}
    assert messages == {
        "veo": f"{PLURAL} eivät ole yhteydessä yhteenkään toiseen palveluun.",
        "lonely": "Perheohjaus ei ole yhteydessä yhteenkään toiseen palveluun."}


def test_overloaded_plural_unit_agrees_in_verb_and_pronoun(tiny):
    full_levels(tiny).unit("veo", "early", name=PLURAL, capacity=10)
    tiny.link("u", "veo", volume=25)
    (f,) = kinds(run(tiny), "overload")
    assert f["message"].startswith(f"{PLURAL} saavat 25 ohjausta vuodessa, mutta niiden "
                                   f"kapasiteetti on 10 ")


def test_a_name_voikko_does_not_know_keeps_the_singular(tiny):
    full_levels(tiny).unit("kohtaamo", name="Perhekahvila Kohtaamo", capacity=10)
    tiny.link("u", "kohtaamo", volume=25)
    (f,) = kinds(run(tiny), "overload")
    assert f["message"].startswith("Perhekahvila Kohtaamo saa 25 ohjausta vuodessa, mutta sen ")
