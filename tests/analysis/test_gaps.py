"""Gap findings: each kind's positive case and a near miss that must not fire."""
from __future__ import annotations

import datetime as dt

from graphmap.analysis import analyze

from .conftest import TODAY, kinds


def run(t, area="A", **kw):
    kw.setdefault("today", TODAY)
    return analyze(t.graph(), area, **kw)["findings"]


def full_levels(t):
    """One unit per level, linked in a referral chain (no level gap)."""
    return (t.unit("u", "universal").unit("e", "early", org="cty")
             .unit("s", "special", org="cty").unit("p", "protection", org="cty")
             .chain("u", "e", "s", "p"))


def test_missing_level_fires_for_the_absent_level_only(tiny):
    tiny.unit("u").unit("s", "special").unit("p", "protection").chain("u", "s", "p")
    found = kinds(run(tiny), "missing_level")
    assert [f["evidence"]["level"] for f in found] == ["early"]
    assert found[0]["severity"] == "high"


def test_missing_level_county_wide_unit_is_evidence_not_cover(tiny):
    tiny.unit("u").unit("s", "special").unit("p", "protection").chain("u", "s", "p")
    tiny.unit("cw", "early", area="mk", name="Maakunnallinen eroauttaminen")
    (f,) = kinds(run(tiny, lang="fi"), "missing_level")
    assert f["evidence"]["county_wide"] == ["cw"]
    assert "Maakunnallinen eroauttaminen" in f["message"]


def test_missing_level_near_miss_all_levels_present(tiny):
    assert kinds(run(full_levels(tiny)), "missing_level") == []


def test_level_disconnected_when_universal_reaches_only_special(tiny):
    tiny.unit("u").unit("e", "early").unit("s", "special").link("u", "s").link("e", "s")
    (f,) = kinds(run(tiny), "level_disconnected")
    assert f["severity"] == "high" and f["evidence"]["early"] == ["e"]


def test_level_disconnected_near_miss_path_through_another_unit(tiny):
    # u → s → e is a path (through special support) — still a path, no finding
    tiny.unit("u").unit("e", "early").unit("s", "special").link("u", "s").link("s", "e")
    assert kinds(run(tiny), "level_disconnected") == []


def test_level_disconnected_ignores_works_with(tiny):
    tiny.unit("u").unit("e", "early").link("u", "e", "works_with")
    assert len(kinds(run(tiny), "level_disconnected")) == 1


def test_isolated_unit(tiny):
    full_levels(tiny).unit("lonely", name="Yksinäinen palvelu")
    (f,) = kinds(run(tiny, lang="fi"), "isolated")
    assert f["nodes"] == ["lonely"]
    assert f["message"] == "Yksinäinen palvelu ei ole yhteydessä yhteenkään toiseen palveluun."


def test_isolated_near_miss_linked_only_through_its_role(tiny):
    full_levels(tiny).unit("x").role("x-r", "x").link("x-r", "e", "contact")
    assert kinds(run(tiny), "isolated") == []


def test_isolated_near_miss_linked_only_across_areas(tiny):
    full_levels(tiny).unit("x", area="B").link("x", "u", "consults")
    assert kinds(run(tiny, None), "isolated") == []


def test_silent_source_refers_nowhere(tiny):
    full_levels(tiny).unit("dc", name="Päiväkoti").link("dc", "u", "works_with")
    (f,) = kinds(run(tiny), "silent_source")
    assert f["nodes"] == ["dc"] and f["evidence"]["volume"] == 0


def test_silent_source_near_miss_consults_without_known_volume(tiny):
    full_levels(tiny).unit("dc").link("dc", "e", "consults")
    assert kinds(run(tiny), "silent_source") == []


def test_silent_source_low_volume_fires_at_two_not_three(tiny):
    full_levels(tiny).unit("dc").role("veo", "dc").link("veo", "e", volume=2)
    assert [f["nodes"] for f in kinds(run(tiny), "silent_source")] == [["dc"]]
    tiny.link("veo", "e", volume=3)  # same key: replaces the link
    assert kinds(run(tiny), "silent_source") == []


def daycares_and_neuvola(t, neuvola_volume):
    t.unit("neuvola", name="Lastenneuvola").unit("po", "early", name="Perheohjaus")
    for i, vol in enumerate((1, 1, 0)):
        t.unit(f"pk{i}", name=f"Päiväkoti {i}").link(f"pk{i}", "po", volume=vol)
    t.link("neuvola", "po", volume=neuvola_volume)
    return t


def test_silent_group_daycares_send_two_while_neuvola_sends_many(tiny):
    found = kinds(run(daycares_and_neuvola(tiny, 30), lang="fi"), "silent_source", type="group")
    (f,) = found
    assert f["evidence"]["function"] == "varhaiskasvatus" and f["evidence"]["volume"] == 2
    assert f["message"] == ("Perheohjaus: varhaiskasvatuksen 3 yksiköstä tulee vain 2 "
                            "ohjausta vuodessa, muista palveluista 30.")


def test_silent_group_near_miss_no_contrast(tiny):
    assert kinds(run(daycares_and_neuvola(tiny, 5)), "silent_source", type="group") == []


def test_sector_unlinked_ngo_linked_only_to_parish(tiny):
    full_levels(tiny).unit("club", org="ngo").unit("srk", org="par").link("club", "srk", "works_with")
    (f,) = kinds(run(tiny), "sector_unlinked")
    assert f["nodes"] == ["club", "srk"] and f["severity"] == "high"


def test_sector_unlinked_near_miss_role_link_to_public_unit(tiny):
    full_levels(tiny).unit("club", org="ngo").role("club-r", "club").link("club-r", "u", "contact")
    assert kinds(run(tiny), "sector_unlinked") == []


def test_sector_unlinked_partial_is_medium(tiny):
    full_levels(tiny).unit("club", org="ngo").unit("srk", org="par").link("club", "u", "outreach")
    (f,) = kinds(run(tiny), "sector_unlinked")
    assert f["nodes"] == ["srk"] and f["severity"] == "medium"


def test_no_contact(tiny):
    full_levels(tiny).unit("x", phone=None, self_referral=True).role("x-r", "x").link("x", "u", "works_with")
    (f,) = kinds(run(tiny), "no_contact")
    assert f["nodes"] == ["x"] and f["severity"] == "high"


def test_no_contact_near_miss_role_has_email(tiny):
    full_levels(tiny).unit("x", phone=None).role("x-r", "x", email="x@example.invalid")
    assert kinds(run(tiny), "no_contact") == []


def test_stale_contact_thirteen_months_but_not_eleven(tiny):
    full_levels(tiny)
    tiny.role("old", "u", phone="040 000 0002", verified=dt.date(2025, 10, 1))
    tiny.role("new", "e", phone="040 000 0003", verified=dt.date(2025, 12, 1))
    tiny.role("never", "s", phone="040 000 0004")
    (f,) = kinds(run(tiny), "stale_contact")  # one finding per area with the list
    assert f["evidence"]["contacts"] == [{"role": "old", "unit": "u", "verified": "2025-10-01"},
                                         {"role": "never", "unit": "s", "verified": None}]
    assert (f["evidence"]["stale"], f["evidence"]["never"], f["severity"]) == (1, 1, "medium")
    assert f["nodes"] == ["old", "never", "s", "u"]


def test_stale_contact_only_never_checked_is_low(tiny):
    full_levels(tiny).role("never", "s", phone="040 000 0004")
    (f,) = kinds(run(tiny), "stale_contact")
    assert f["severity"] == "low" and f["evidence"]["never"] == 1


def test_stale_contact_respects_months_and_needs_today(tiny):
    full_levels(tiny).role("old", "u", phone="040 000 0002", verified=dt.date(2025, 10, 1))
    assert kinds(run(tiny, stale_months=24), "stale_contact") == []
    assert kinds(analyze(tiny.graph(), "A")["findings"], "stale_contact") == []


def test_missing_function_perheneuvola_is_not_a_neuvola(tiny):
    full_levels(tiny).unit("pn", "early", name="Kasvatus- ja perheneuvola").link("u", "pn")
    missing = {f["evidence"]["function"] for f in kinds(run(tiny), "missing_function")}
    assert "neuvola" in missing and "perheneuvola" not in missing


def test_missing_function_near_miss_found_by_inflected_name(tiny):
    full_levels(tiny).unit("dc", name="Varhaiskasvatuksen erityisopettajat")
    missing = {f["evidence"]["function"] for f in kinds(run(tiny), "missing_function")}
    assert "varhaiskasvatus" not in missing


def test_silent_group_near_miss_target_is_child_protection(tiny):
    tiny.unit("neuvola", name="Lastenneuvola").unit("ls", "protection", name="Lastensuojelu")
    for i in range(3):
        tiny.unit(f"pk{i}", name=f"Päiväkoti {i}").link(f"pk{i}", "ls", volume=0)
    tiny.link("neuvola", "ls", volume=30)
    assert kinds(run(tiny), "silent_source", type="group") == []
