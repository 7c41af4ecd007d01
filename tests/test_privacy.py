"""The one privacy rule (graphmap/privacy.py, issue 10 item 6) on its own: what spells a
hidden name, what a role shows to whom, and history/diff following the flag *now*."""
from __future__ import annotations

import pytest

from graphmap.model import Role
from graphmap.privacy import (HiddenNames, public_history, public_network, public_record,
                              public_view)
from tests.data import small_network

HIDDEN = HiddenNames(["Merja Kiviharju", "Anna-Liisa Mäki-Virtanen"])


@pytest.mark.parametrize("text", [
    "merja.kiviharju@example.invalid", "MERJA.KIVIHARJU@EXAMPLE.INVALID",
    "m.kiviharju@example.invalid", "kiviharju@example.invalid",
    "kiviharju.merja2@example.invalid", "anna-liisa.maki-virtanen@example.invalid",
    "al.maki-virtanen@example.invalid", "Soitto: Merja Kiviharju, psykologi"])
def test_text_that_spells_a_hidden_name(text):
    assert HIDDEN.spells(text)


@pytest.mark.parametrize("text", [
    "pekka.kiviharju@example.invalid",  # another person of the same surname
    "perheneuvola@example.invalid", "psykologi", "Kiviharjun koulu", "Merja", None, ""])
def test_text_that_does_not(text):
    assert not HIDDEN.spells(text)


def test_a_hidden_role_shows_its_title_only_to_anonymous_viewers():
    role = Role("r", "psykologi", "u", "Merja Kiviharju", "040 000 0001",
                "merja.kiviharju@example.invalid", public=False)
    shown = public_view(role)
    assert shown["title"] == "psykologi"
    assert shown["person"] is shown["phone"] is shown["email"] is None
    assert public_view(role, viewer="katsoja")["person"] == "Merja Kiviharju"
    public = Role("p", "terveydenhoitaja", "u", "Aino Esimerkki", "040 000 0002",
                  "aino.esimerkki@example.invalid")
    assert public_view(public, hidden=HIDDEN)["email"] == "aino.esimerkki@example.invalid"


def test_other_records_lose_only_the_text_that_spells_a_name():
    unit = {"id": "u", "name": "Perheneuvola", "email": "merja.kiviharju@example.invalid",
            "phone": "040 000 0003", "area": "koivula"}
    shown = public_record(unit, None, HIDDEN)
    assert shown == {**unit, "email": None}
    assert public_record(unit, "katsoja", HIDDEN) == unit


def test_history_follows_the_flag_now_on_both_sides():
    net = small_network()  # psy-liisa is not public now
    was_public = {"sheet": "roles", "key": "psy-liisa", "op": "change",
                  "before": {"id": "psy-liisa", "person": "Liisa Kuvitteellinen",
                             "public": True, "email": "liisa.k@example.invalid"},
                  "after": {"id": "psy-liisa", "person": "Liisa Kuvitteellinen",
                            "public": False}}
    unit = {"sheet": "units", "key": "perheneuvola", "op": "change",
            "before": {"id": "perheneuvola", "email": "liisa.kuvitteellinen@example.invalid"},
            "after": {"id": "perheneuvola", "email": "perheneuvola@example.invalid"}}
    (role_e, unit_e) = public_history([was_public, unit], net)
    assert role_e["before"]["person"] is None and role_e["after"]["person"] is None
    assert role_e["before"]["email"] is None
    assert unit_e["before"]["email"] is None
    assert unit_e["after"]["email"] == "perheneuvola@example.invalid"
    assert public_history([was_public], net, "katsoja")[0]["before"]["person"]


def test_public_network_keeps_everything_else():
    net = small_network()
    out = public_network(net)
    assert out.roles["psy-liisa"].person is None
    assert out.roles["po-sari"] == net.roles["po-sari"]
    for sheet in ("areas", "organisations", "units", "links"):
        assert getattr(out, sheet) == getattr(net, sheet)
    assert net.roles["psy-liisa"].person == "Liisa Kuvitteellinen"  # the input is unchanged


def test_diff_follows_the_flag_now():
    from graphmap.privacy import public_diff
    net = small_network()
    report = {"diff": {"added": {"roles": ["psy-liisa"]}, "changed": {
        "roles": [{"key": "psy-liisa", "fields": {"person": ["Liisa Kuvitteellinen", None],
                                                  "public": [True, False]}},
                  {"key": "po-sari", "fields": {"person": ["Sari Vanha", "Sari Testinen"]}}],
        "units": [{"key": "perheneuvola", "fields": {"email": [
            "liisa.kuvitteellinen@example.invalid", "perheneuvola@example.invalid"]}}]}},
        "links_added": [{"source": "a", "target": "b", "kind": "refers",
                         "note": "kysy Liisa Kuvitteellinen"}]}
    out = public_diff(report, net)
    roles = out["diff"]["changed"]["roles"]
    assert roles[0]["fields"]["person"] == [None, None]
    assert roles[0]["fields"]["public"] == [True, False]
    assert roles[1]["fields"]["person"] == ["Sari Vanha", "Sari Testinen"]
    assert out["diff"]["changed"]["units"][0]["fields"]["email"] == [
        None, "perheneuvola@example.invalid"]
    assert out["links_added"][0]["note"] is None
    assert "Liisa Kuvitteellinen" in str(public_diff(report, net, "katsoja"))
    assert report["links_added"][0]["note"]  # the report itself is left alone


def test_a_name_hidden_after_a_text_was_checked_is_caught_in_it():
    """The answers :meth:`HiddenNames.spells` remembers are those of its names: a text
    asked about before a person was added is asked again after."""
    names = HiddenNames(["Merja Kiviharju"])
    texts = ["pekka.lahtinen@example.invalid", "Pekka Lahtinen, terveydenhoitaja"]
    assert [names.spells(t) for t in texts] == [False, False]
    assert [names.spells(t) for t in texts] == [False, False]  # the remembered answer
    more = names.copy()
    more.add("Pekka Lahtinen")
    assert [more.spells(t) for t in texts] == [True, True]
    assert [names.spells(t) for t in texts] == [False, False]  # the snapshot's own, as was
    names.add("Pekka Lahtinen")
    assert [names.spells(t) for t in texts] == [True, True]
