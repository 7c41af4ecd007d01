"""PTV v11: fixture services, channels and organisations → units, roles, areas."""
from __future__ import annotations

import json
import shutil

import pytest

from graphmap.importers.formats import detect_format, import_any
from graphmap.importers.problems import WorkbookError
from graphmap.importers.ptv import municipalities
from graphmap.model import AreaKind, Channel, Level, Sector

from .conftest import FIXTURES, snapshot

PTV = FIXTURES / "ptv"
NEUVOLA = "ptv:0b000000-0000-4000-8000-000000000001"
KOHTAAMO = "ptv:0b000000-0000-4000-8000-000000000002"


def test_municipality_code_list():
    codes = municipalities()
    assert len(codes) >= 300
    assert codes["091"] == "Helsinki" and codes["790"] == "Sastamala"
    assert all(len(c) == 3 and c.isdigit() for c in codes)


def test_import_fixture(store):
    assert detect_format(PTV) == "ptv"
    result = import_any(PTV, store)
    net = store.read()
    area = net.areas["kunta-790"]
    assert (area.name, area.kind, area.code) == ("Sastamala", AreaKind.MUNICIPALITY, "790")
    unit = net.units[NEUVOLA]
    assert unit.name == "Lastenneuvola"  # Finnish first
    assert unit.description.startswith("Lastenneuvola seuraa")
    assert unit.area == "kunta-790" and unit.languages == ["fi", "sv"]
    assert "Äitiys- ja lastenneuvolapalvelut" in unit.services and "neuvola" in unit.services
    assert unit.address == "Esimerkkikatu 1, 38200 SASTAMALA"
    assert unit.phone == "+358 400003001" and unit.email == "neuvola@example.invalid"
    assert set(unit.channels) == {Channel.PHONE, Channel.WEB}
    assert net.organisations[unit.organisation].sector == Sector.COUNTY
    # the Responsible organisation wins over the Producer
    assert net.organisations[net.units[KOHTAAMO].organisation].sector == Sector.NGO
    roles = {r.title: r for r in net.roles.values()}
    assert roles["Lastenneuvolan ajanvaraus"].unit == NEUVOLA
    assert roles["Kohtaamon puhelin"].phone == "040 000 3004"
    assert len(net.roles) == 2  # one per phone channel; the printable form is no role
    assert "universal" in result.summary()


def test_reimport_changes_nothing(store):
    import_any(PTV, store)
    before = snapshot(store)
    result = import_any(PTV, store)
    assert not result.written and result.totals() == {"added": 0, "changed": 0,
                                                      "unchanged": 7}
    assert snapshot(store) == before


def _copy(tmp_path):
    folder = tmp_path / "ptv"
    shutil.copytree(PTV, folder)
    return folder


def _edit(path, change):
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_bad_input_is_located_and_nothing_written(tmp_path, loaded_store):
    folder = _copy(tmp_path)

    def break_services(doc):
        doc["itemList"][0]["areas"][0]["code"] = "999"
        doc["itemList"][1]["organizations"] = []

    _edit(folder / "services.json", break_services)
    _edit(folder / "channels.json",
          lambda doc: doc[0]["phoneNumbers"][0].update(number="soita", prefixNumber=""))
    before = snapshot(loaded_store)
    with pytest.raises(WorkbookError) as err:
        import_any(folder, loaded_store, "ptv")
    text = str(err.value)
    assert 'services.json, column "/itemList/0/areas/0/code": unknown municipality code' in text
    assert 'services.json, column "/itemList/1/organizations": no Responsible' in text
    assert 'channels.json, column "/0/phoneNumbers/0/number": expected a phone number' in text
    assert snapshot(loaded_store) == before


def test_not_ptv_objects_are_rejected(tmp_path, store):
    path = tmp_path / "x.json"
    path.write_text('{"itemList": [{"serviceNames": []}, {"foo": 1}]}', encoding="utf-8")
    with pytest.raises(WorkbookError) as err:
        import_any(path, store, "ptv")
    assert "/itemList/0" in str(err.value) and "/itemList/1" in str(err.value)


def test_reimport_keeps_what_ptv_does_not_describe(store):
    import_any(PTV, store)
    net = store.read()
    unit = net.units[NEUVOLA]
    unit.level, unit.ages, unit.self_referral = Level.EARLY, (0, 6), True
    store.write(net)
    result = import_any(PTV, store)
    again = store.read().units[NEUVOLA]
    assert (again.level, again.ages, again.self_referral) == (Level.EARLY, (0, 6), True)
    assert result.totals()["changed"] == 0


def test_invalid_json_names_file_and_line(tmp_path, store):
    folder = _copy(tmp_path)
    (folder / "channels.json").write_text('[\n {"id": "x"\n]', encoding="utf-8")
    with pytest.raises(WorkbookError) as err:
        import_any(folder, store, "ptv")
    assert "channels.json, row 3: not valid JSON" in str(err.value)
    assert store.counts()["nodes"]["unit"] == 0


def test_service_location_hours_and_coordinates(store):
    """A ServiceLocation channel's serviceHours and TM35FIN coordinates reach the unit:
    weekly hours with an extra evening span, a dated closure; the Special entry is
    reported as left out."""
    result = import_any(PTV, store)
    unit = store.read().units[NEUVOLA]
    assert unit.hours == "ma–pe 8–16; ke 8–16, 17–19; suljettu 24.12.2026–26.12.2026"
    # 6803612 N, 259710 E is in Sastamala (61.3° N, 22.5° E in WGS 84)
    assert 61.2 < unit.latitude < 61.4 and 22.4 < unit.longitude < 22.7
    assert any("serviceHours" in w for w in result.warnings)


def test_bad_service_hours_are_located(tmp_path, store):
    folder = tmp_path / "ptv"
    shutil.copytree(PTV, folder)
    channels = json.loads((folder / "channels.json").read_text(encoding="utf-8"))
    place = next(c for c in channels if c["serviceChannelType"] == "ServiceLocation")
    place["serviceHours"][0]["openingHour"][0]["to"] = "late"
    (folder / "channels.json").write_text(json.dumps(channels), encoding="utf-8")
    with pytest.raises(WorkbookError) as err:
        import_any(folder, store)
    assert "serviceHours" in str(err.value) and "late" in str(err.value)
    assert not store.read().units
