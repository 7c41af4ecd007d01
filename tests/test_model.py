"""Domain rules of graphmap.model: parsers, enum aliases, whole-network checks."""
from __future__ import annotations

import datetime as dt

import pytest

from graphmap.model import (FIELDS, Area, AreaKind, Level, Link, LinkKind, Network, Role, Unit,
                            UnitType, ValidationError, check_network, parse_ages, parse_bool,
                            parse_date, parse_enum, parse_int, record_from_dict, record_to_dict,
                            validate)


@pytest.mark.parametrize("text, expected", [
    ("universal", Level.UNIVERSAL), ("Erityinen tuki", Level.SPECIAL),
    ("LASTENSUOJELU", Level.PROTECTION), (" varhainen ", Level.EARLY),
])
def test_levels_accept_english_and_finnish(text, expected):
    assert parse_enum(Level, text) is expected


def test_unknown_enum_value_names_choices_and_suggests_closest():
    with pytest.raises(ValueError) as err:
        parse_enum(Level, "speciall")
    message = str(err.value)
    assert "universal, early, special, protection" in message
    assert "did you mean 'special'" in message


def test_finnish_alias_typo_suggests_canonical_value():
    with pytest.raises(ValueError, match="did you mean 'family_centre_area'"):
        parse_enum(AreaKind, "perhekeskusalu")


@pytest.mark.parametrize("text, expected", [("kyllä", True), ("Ei", False), ("yes", True),
                                            ("0", False), ("x", True)])
def test_yes_no_in_finnish_and_english(text, expected):
    assert parse_bool(text) is expected


def test_bool_rejects_other_words():
    with pytest.raises(ValueError, match="kyllä/ei"):
        parse_bool("ehkä")


@pytest.mark.parametrize("text", ["31.12.2025", "2025-12-31", "31.12.25"])
def test_dates_in_finnish_and_iso_form(text):
    assert parse_date(text) == dt.date(2025, 12, 31)


def test_excel_float_counts_and_bad_numbers():
    assert parse_int("12.0") == 12
    assert parse_int("1 200") == 1200
    with pytest.raises(ValueError, match="whole number"):
        parse_int("abc")
    with pytest.raises(ValueError, match="≥ 0"):
        parse_int("-3")


def test_age_ranges():
    assert parse_ages("0-6") == (0, 6)
    assert parse_ages(" 7 – 12 ") == (7, 12)
    with pytest.raises(ValueError, match="backwards"):
        parse_ages("12-7")


def test_every_sheet_has_id_or_link_ends_required():
    for sheet, fields in FIELDS.items():
        required = {f.name for f in fields if f.required}
        assert required >= ({"source", "target", "kind"} if sheet == "links" else {"id"})


def test_records_round_trip_through_dicts(network):
    for sheet in ("areas", "organisations", "units", "roles", "links"):
        for record in getattr(network, sheet).values():
            assert record_from_dict(sheet, record_to_dict(record)) == record


def test_valid_network_has_no_problems(network):
    assert check_network(network) == []


def test_missing_reference_is_reported_with_suggestion(network):
    network.add(Role("x", "kuraattori", "perheohjaukset"))
    [problem] = check_network(network)
    assert (problem.entity, problem.key, problem.field) == ("roles", "x", "unit")
    assert "did you mean 'perheohjaus'" in problem.message


def test_ids_are_unique_across_kinds(network):
    network.add(Role("neuvola", "terveydenhoitaja", "neuvola"))
    problems = check_network(network)
    assert any("already used in units" in p.message for p in problems)


def test_area_cycle_is_reported_once(network):
    network.areas["hva"].parent = "koivula-kk"
    problems = [p for p in check_network(network) if "cycle" in p.message]
    assert len(problems) == 1
    assert "hva" in problems[0].message and "koivula" in problems[0].message


def test_self_link_and_member_of_non_forum(network):
    network.add(Link("neuvola", "neuvola", LinkKind.REFERS))
    network.add(Link("th-aino", "perheohjaus", LinkKind.MEMBER))
    messages = [p.message for p in check_network(network)]
    assert any("itself" in m for m in messages)
    assert any("point at a forum" in m for m in messages)


def test_validity_cannot_end_before_it_starts(network):
    network.add(Link("neuvola", "kahvila", LinkKind.OUTREACH, valid_from=dt.date(2025, 1, 1),
                     valid_to=dt.date(2024, 1, 1)))
    with pytest.raises(ValidationError, match="ends before it starts"):
        validate(network)


def test_counts_include_every_link_kind_even_when_zero(network):
    counts = network.counts()
    assert set(counts["links"]) == {k.value for k in LinkKind}
    assert counts["nodes"]["unit"] == len(network.units)
    assert sum(counts["links"].values()) == len(network.links)


def test_unit_age_filter():
    unit = Unit("u", "Neuvola", "o", "a", type=UnitType.SERVICE, ages=(0, 6))
    assert unit.serves_age(3) and not unit.serves_age(7) and unit.serves_age(None)


def test_merged_network_upserts_by_id(network):
    change = Network()
    change.add(Area("koivula", "Koivula (uusi nimi)", AreaKind.FAMILY_CENTRE_AREA, "hva"))
    merged = network.merged(change)
    assert merged.areas["koivula"].name == "Koivula (uusi nimi)"
    assert network.areas["koivula"].name == "Koivulan perhekeskus"  # original untouched
    assert len(merged.areas) == len(network.areas)
