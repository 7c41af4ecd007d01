"""HSDS 3.0: the official examples import, graphmap → HSDS → graphmap keeps everything,
exported JSON validates against the official schemas, bad input is located."""
from __future__ import annotations

import json

import pytest

from graphmap.importers import hsds
from graphmap.importers.formats import export_any, import_any
from graphmap.importers.problems import WorkbookError
from graphmap.model import Level, Sector
from tests.data import small_network

from .conftest import snapshot

SHEETS = ("areas", "organisations", "units", "roles", "links")


def _expected_after_public_export(net):
    """The only loss: a non-public role holder's name is not exported."""
    for role in net.roles.values():
        if not role.public:
            role.person = None
    return net


@pytest.mark.parametrize("form", ["json", "csv"])
def test_round_trip_keeps_every_record(tmp_path, store, form):
    out = tmp_path / ("net.json" if form == "json" else "net")
    export_any(small_network(), out, "hsds" if form == "json" else "hsds-csv")
    result = import_any(out, store, "hsds")
    assert result.written
    back = store.read()
    expected = _expected_after_public_export(small_network())
    for sheet in SHEETS:
        assert getattr(back, sheet) == getattr(expected, sheet), sheet


def test_private_role_name_is_not_exported(tmp_path):
    net = small_network()
    private = [r.person for r in net.roles.values() if not r.public and r.person]
    assert private  # the fixture has one
    for fmt, name in (("hsds", "a.json"), ("hsds-csv", "pkg")):
        export_any(net, tmp_path / name, fmt)
    text = (tmp_path / "a.json").read_text(encoding="utf-8")
    text += "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "pkg").glob("*.csv"))
    for person in private:
        assert person not in text
    assert "Aino Esimerkki" in text  # public names are exported


def test_export_validates_against_official_schemas(tmp_path, hsds_dir):
    doc = hsds.export_json(small_network(), tmp_path / "x.json")
    assert hsds.validate_hsds(doc, hsds_dir) == []
    assert len(doc["services"]) == 10 and len(doc["links"]) == 11


def test_services_carry_the_last_check_as_assured_date(tmp_path, hsds_dir):
    doc = hsds.export_json(small_network(), tmp_path / "x.json")
    by_name = {s["name"]: s for s in doc["services"]}
    # veo-mika, the daycare's only contact, was checked 2024-05-01
    assert by_name["Päiväkoti Pihlaja"]["assured_date"] == "2024-05-01"
    assert by_name["Koivulan lastenneuvola"]["assured_date"] == "2026-11-01"
    assert "assured_date" not in by_name["Diakoniatyö"]  # no contact, never checked
    export_any(small_network(), tmp_path / "pkg", "hsds-csv")
    assert "2024-05-01" in (tmp_path / "pkg" / "services.csv").read_text(encoding="utf-8")


def test_validation_catches_a_broken_document(hsds_dir):
    doc = hsds.network_to_json(small_network())
    del doc["services"][0]["status"]
    doc["organizations"][1]["id"] = "not-a-uuid"
    errors = hsds.validate_hsds(doc, hsds_dir)
    assert any("/services/0/" in e and "status" in e for e in errors)
    assert any("/organizations/1/id" in e and "uuid" in e for e in errors)


@pytest.mark.parametrize("name", ["service_full.json", "organization_full.json",
                                  "service_at_location_full.json", "tabular.json", "csv"])
def test_official_examples_import(hsds_dir, store, name):
    import_any(hsds_dir / "examples" / name, store, "hsds")
    net = store.read()
    (unit,) = net.units.values()
    assert unit.name == "Community Counselling"
    assert unit.id == "hsds:ac148810-d857-441c-9679-408f346de14b"
    assert unit.ages == (12, 100)
    (org,) = net.organisations.values()
    assert org.name == "Example Organization Inc."
    (role,) = net.roles.values()
    assert (role.person, role.title) == ("Ann Persona", "Reception Manager")
    assert role.phone == "+44 1234 234567"  # the examples wrap the number in quotes


@pytest.mark.parametrize("name", ["service_list.json", "organization_list.json"])
def test_official_list_examples_import(hsds_dir, store, name):
    result = import_any(hsds_dir / "examples" / name, store, "hsds")
    assert store.read().organisations
    assert any("sector" in w for w in result.warnings)


def test_reimport_changes_nothing(hsds_dir, store):
    import_any(hsds_dir / "examples" / "csv", store)
    before = snapshot(store)
    result = import_any(hsds_dir / "examples" / "csv", store)
    assert not result.written
    assert result.totals()["added"] == 0 and result.totals()["changed"] == 0
    assert snapshot(store) == before


def test_dry_run_counts_but_writes_nothing(tmp_path, store):
    export_any(small_network(), tmp_path / "n.json", "hsds")
    before = snapshot(store)
    result = import_any(tmp_path / "n.json", store, dry_run=True)
    assert result.sheets["units"]["added"] == 10 and result.sheets["links"]["added"] == 11
    assert snapshot(store) == before


def _write(path, doc):
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_bad_json_is_reported_with_line(tmp_path, loaded_store):
    bad = tmp_path / "bad.json"
    bad.write_text('{"services": [\n {"id": "x",}\n]}', encoding="utf-8")
    before = snapshot(loaded_store)
    with pytest.raises(WorkbookError) as err:
        import_any(bad, loaded_store, "hsds")
    assert "bad.json, row 2" in str(err.value) and "not valid JSON" in str(err.value)
    assert snapshot(loaded_store) == before


def test_bad_values_are_located_by_json_pointer(tmp_path, loaded_store):
    doc = hsds.network_to_json(small_network())
    doc["services"][2]["email"] = "no-at-sign"
    doc["services"][3]["organization_id"] = "11111111-1111-4111-8111-111111111111"
    doc["links"][0]["kind"] = "refferss"
    path = _write(tmp_path / "n.json", doc)
    before = snapshot(loaded_store)
    with pytest.raises(WorkbookError) as err:
        import_any(path, loaded_store, "hsds")
    text = str(err.value)
    assert 'column "/services/2/email": expected an e-mail address' in text
    assert 'column "/services/3/organization_id"' in text
    assert 'column "/links/0/kind"' in text and "did you mean 'refers'" in text
    assert snapshot(loaded_store) == before


def test_link_to_missing_contact_is_located(tmp_path, store):
    doc = hsds.network_to_json(small_network())
    doc["services"] = [s for s in doc["services"] if s["name"] != "Perheohjaus"]
    path = _write(tmp_path / "n.json", doc)
    with pytest.raises(WorkbookError) as err:
        import_any(path, store, "hsds")
    assert "/links/" in str(err.value) and "no service or contact" in str(err.value)
    assert store.counts()["nodes"]["unit"] == 0


def test_csv_package_rows_are_located(tmp_path, store):
    export_any(small_network(), tmp_path / "pkg", "hsds-csv")
    services = (tmp_path / "pkg" / "services.csv")
    lines = services.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("email")] = "broken"
    lines[3] = ",".join(cells)
    services.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as err:
        import_any(tmp_path / "pkg", store)
    assert 'services.csv, row 4, column "email"' in str(err.value)


def test_taxonomy_file_is_not_a_directory(hsds_dir, store):
    with pytest.raises(WorkbookError) as err:
        import_any(hsds_dir / "examples" / "taxonomy.json", store, "hsds")
    assert "taxonomies alone hold no services" in str(err.value)


def test_reimport_keeps_what_hsds_does_not_describe(hsds_dir, store):
    import_any(hsds_dir / "examples" / "csv", store)
    net = store.read()
    (org,) = net.organisations.values()
    (unit,) = net.units.values()
    org.sector = Sector.MUNICIPAL
    unit.level, unit.self_referral = Level.SPECIAL, True
    store.write(net)
    import_any(hsds_dir / "examples" / "csv", store)
    again = store.read()
    assert again.organisations[org.id].sector == Sector.MUNICIPAL
    assert (again.units[unit.id].level, again.units[unit.id].self_referral) == (Level.SPECIAL,
                                                                                 True)


def test_csv_package_saved_by_finnish_excel(tmp_path, store):
    """cp1252 bytes and a cell with a line break inside quotes still import."""
    net = small_network()
    net.units["perheohjaus"].description = "Tukea arkeen.\nMyös iltaisin."
    export_any(net, tmp_path / "pkg", "hsds-csv")
    services = tmp_path / "pkg" / "services.csv"
    services.write_bytes(services.read_text(encoding="utf-8").encode("cp1252"))
    import_any(tmp_path / "pkg", store, "hsds")
    units = store.read().units
    assert units["perheohjaus"].description == "Tukea arkeen.\nMyös iltaisin."
    assert units["paivakoti"].name == "Päiväkoti Pihlaja"


def test_hsds_ids_are_rfc4122_uuid5():
    import uuid
    for key in ("neuvola", "po-sari", "ä ö:å>x"):
        assert hsds.hsds_id("units", key) == str(uuid.uuid5(hsds.GRAPHMAP_NS, f"units:{key}"))


def test_hours_eligibility_and_place_are_native_hsds(tmp_path, hsds_dir):
    """Another HSDS reader finds the unit's hours as weekly schedules, its eligibility and
    its coordinates and address on a physical location."""
    doc = hsds.export_json(small_network(), tmp_path / "x.json")
    assert hsds.validate_hsds(doc, hsds_dir) == []
    service = next(s for s in doc["services"] if s["name"] == "Koivulan lastenneuvola")
    assert service["eligibility_description"].startswith("Koivulassa asuvat")
    weekly = {(s["byday"], s["opens_at"], s["closes_at"]) for s in service["schedules"]
              if s.get("freq") == "WEEKLY"}
    assert weekly == {("MO,TU,TH,FR", "08:00", "16:00"), ("WE", "12:00", "18:00")}
    dated = [s for s in service["schedules"] if s.get("dtstart")]
    assert [(s["dtstart"], s["opens_at"]) for s in dated] == [("2026-12-31", "08:00")]
    location = service["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (61.337201, 22.929)
    assert location["addresses"][0]["postal_code"] == "38200"


def test_foreign_schedules_and_location_become_hours_and_coordinates(tmp_path, store):
    org = "00000000-0000-4000-8000-00000000000a"
    sid = "00000000-0000-4000-8000-00000000000b"
    doc = {"id": sid, "name": "Perheneuvonta", "organization": {"id": org, "name": "Yhdistys"},
           "eligibility_description": "Kaikki lapsiperheet",
           "schedules": [{"id": "s1", "freq": "WEEKLY", "byday": "MO,WE", "opens_at": "09:00",
                          "closes_at": "15:30", "valid_from": "2026-01-01"},
                         {"id": "s2", "dtstart": "2026-12-24", "until": "2026-12-24"},
                         {"id": "s3", "freq": "MONTHLY", "byday": "1MO", "opens_at": "10:00",
                          "closes_at": "11:00"}],
           "service_at_locations": [{"id": "l1", "location": {
               "id": "loc1", "location_type": "physical", "latitude": 61.5, "longitude": 23.7}}]}
    (tmp_path / "s.json").write_text(json.dumps(doc), encoding="utf-8")
    result = import_any(tmp_path / "s.json", store, "hsds")
    unit = store.read().units[f"hsds:{sid}"]
    assert unit.hours == "ma, ke 9–15.30; suljettu 24.12.2026; alkaen 1.1.2026"
    assert unit.eligibility == "Kaikki lapsiperheet"
    assert (unit.latitude, unit.longitude) == (61.5, 23.7)
    assert any("1 schedule(s)" in w for w in result.warnings)


def test_unreadable_schedule_times_are_located(tmp_path, store):
    doc = {"id": "00000000-0000-4000-8000-00000000000b", "name": "Palvelu", "status": "active",
           "organization": {"id": "00000000-0000-4000-8000-00000000000a", "name": "Yhdistys"},
           "schedules": [{"id": "s1", "freq": "WEEKLY", "byday": "MO", "opens_at": "aamulla",
                          "closes_at": "16:00"}]}
    (tmp_path / "s.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(WorkbookError) as err:
        import_any(tmp_path / "s.json", store, "hsds")
    assert "/schedules/0/opens_at" in str(err.value) and "aamulla" in str(err.value)
    assert not store.read().units
