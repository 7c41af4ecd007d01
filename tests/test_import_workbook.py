"""Importing good workbooks: the exporter's output for tests/data.py, and the
workbooks people really send (Finnish Excel CSV, xlsx with floats and dates)."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from graphmap.importers.export import export_workbook
from graphmap.importers.workbook import import_workbook, read_workbook
from graphmap.model import Channel, Frequency, Level, LinkKind, Sector, UnitType
from tests.xlsx_parts import formula_with_value, set_cell_xml

SHEETS = ("areas", "organisations", "units", "roles", "links")


@pytest.fixture
def book(tmp_path, network):
    export_workbook(network, tmp_path / "book")
    return tmp_path / "book"


def state(store):
    return store.read(), store.counts(), store.revision()


@pytest.mark.parametrize("name", ["book", "book.xlsx"])
def test_import_into_an_empty_store_gives_the_exact_network(tmp_path, network, store, name):
    path = tmp_path / name
    export_workbook(network, path)
    result = import_workbook(path, store)
    assert store.read() == network
    assert store.counts() == network.counts()
    sizes = {s: len(getattr(network, s)) for s in SHEETS}
    assert result.sheets == {s: {"added": sizes[s], "changed": 0, "unchanged": 0} for s in SHEETS}
    assert result.as_dict()["added"] == sum(sizes.values())
    assert result.written and result.warnings == []
    assert f"units {sizes['units']} added" in result.summary()


def test_reimporting_the_same_workbook_changes_nothing(book, loaded_store):
    before = state(loaded_store)
    result = import_workbook(book, loaded_store)
    assert state(loaded_store) == before  # not even the revision moves
    assert result.totals() == {"added": 0, "changed": 0, "unchanged": result.totals()["unchanged"]}
    assert result.totals()["unchanged"] == sum(before[1]["nodes"].values()) + sum(
        before[1]["links"].values())
    assert not result.written


def test_dry_run_counts_but_writes_nothing(book, store, network):
    before = state(store)
    result = import_workbook(book, store, dry_run=True)
    assert state(store) == before
    assert result.sheets["links"]["added"] == len(network.links)
    assert result.dry_run and not result.written


def test_a_changed_row_is_counted_and_written(book, loaded_store):
    rows = list(csv.reader(open(book / "units.csv", newline="", encoding="utf-8")))
    name = rows[0].index("name")
    target = next(r for r in rows if r[0] == "kahvila")
    target[name] = "Perhekahvila Kohtaamo (uusi nimi)"
    with open(book / "units.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    revision = loaded_store.revision()
    result = import_workbook(book, loaded_store)
    assert result.sheets["units"]["changed"] == 1
    assert result.totals()["changed"] == 1 and result.totals()["added"] == 0
    assert loaded_store.read().units["kahvila"].name == "Perhekahvila Kohtaamo (uusi nimi)"
    assert loaded_store.revision() > revision


@pytest.mark.parametrize("order", ["as exported", "rows reversed"])
def test_a_reimport_changing_one_cell_records_one_history_entry(book, loaded_store, order):
    """Issue 13: re-importing the whole workbook with one link's volume changed writes
    that link and records exactly one history entry for it, whether the rows come in
    the store's own order (compared row by row) or not (looked up by key); the store
    then holds exactly the workbook."""
    path = book / "links.csv"
    rows = list(csv.reader(open(path, newline="", encoding="utf-8")))
    header, data = rows[0], rows[1:]
    volume = header.index("volume")
    target = next(r for r in data if r[:3] == ["neuvola", "perheohjaus", "refers"])
    target[volume] = str(int(target[volume] or 0) + 7)
    if order == "rows reversed":
        data.reverse()
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *data])
    before = loaded_store.read()
    seq = max((e["seq"] for e in loaded_store.history()), default=0)
    result = import_workbook(book, loaded_store, actor="yksi-solu")
    assert result.totals()["changed"] == 1 and result.totals()["added"] == 0
    entries = [e for e in loaded_store.history() if e["seq"] > seq]
    assert [(e["sheet"], e["key"], e["op"], e["actor"]) for e in entries] == \
        [("links", "neuvola>perheohjaus:refers", "change", "yksi-solu")]
    assert entries[0]["after"]["volume"] == entries[0]["before"]["volume"] + 7 == \
        int(target[volume])
    after = loaded_store.read()
    assert after == read_workbook(book) != before
    assert after.links[("neuvola", "perheohjaus", "refers")].volume == int(target[volume])


def test_a_folder_with_only_links_adds_to_the_stored_network(tmp_path, loaded_store):
    folder = tmp_path / "vain-yhteydet"
    folder.mkdir()
    (folder / "yhteydet.csv").write_text(
        "lähde;kohde;laji;määrä\nperheneuvola;sosiaalityo;ohjaa;7\ndiakonia;kahvila;jalkautuu;\n",
        encoding="utf-8")
    before = loaded_store.counts()
    result = import_workbook(folder, loaded_store)
    assert list(result.sheets) == ["links"]
    assert result.sheets["links"] == {"added": 2, "changed": 0, "unchanged": 0}
    after = loaded_store.counts()
    assert after["links"]["refers"] == before["links"]["refers"] + 1
    assert after["links"]["outreach"] == before["links"]["outreach"] + 1
    assert after["nodes"] == before["nodes"]
    link = loaded_store.read().links[("perheneuvola", "sosiaalityo", "refers")]
    assert link.volume == 7


def test_replace_removes_what_the_workbook_does_not_hold(book, loaded_store, network):
    rows = list(csv.reader(open(book / "links.csv", newline="", encoding="utf-8")))
    kept = [rows[0]] + [r for r in rows[1:] if r[2] != "member"]
    with open(book / "links.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(kept)
    members = sum(1 for link in network.links.values() if link.kind == LinkKind.MEMBER)
    result = import_workbook(book, loaded_store, replace=True)
    assert result.sheets["links"]["removed"] == members
    assert result.totals()["removed"] == members
    assert loaded_store.counts()["links"]["member"] == 0


FINNISH_EXCEL = {
    # Finnish file and column names, ";" delimiter, cp1252, kyllä/ei, 31.12.2025,
    # Excel floats, a blank row and trailing empty columns, mixed-case headers
    "alueet.csv": "Tunnus;Nimi;Tyyppi;Ylempi;;\r\n"
                  "pohjola;Pohjolan hyvinvointialue;hyvinvointialue;;;\r\n"
                  "pohjola-pk;Pohjolan perhekeskus;perhekeskusalue;pohjola;;\r\n"
                  ";;;;;\r\n",
    "organisaatiot.csv": "TUNNUS;NIMI;SEKTORI\r\n"
                         "pohjola-hva;Pohjolan hyvinvointialue;hyvinvointialue\r\n"
                         "pohjola-srk;Pohjolan seurakunta;seurakunta\r\n",
    "yksiköt.csv": "Tunnus;Nimi;Organisaatio;ALUE;Taso;Tyyppi;Suoraan;Ikä;Kielet;Kapasiteetti;"
                   "Kanavat;Palvelut;Koordinaationumero\r\n"
                   "pk-neuvola;Pohjolan neuvola;pohjola-hva;pohjola-pk;yleinen;palvelu;kyllä;0-6;"
                   "fi;sv;12.0;puhelin;takaisinsoitto;lastenneuvola;kyllä\r\n"
                   "pk-diakonia;Diakonia (Pohjola);pohjola-srk;pohjola-pk;varhainen;;ei;;;;;"
                   "diakonia; keskusteluapu;\r\n",
    "roolit.csv": "Tunnus;Nimike;Yksikkö;Henkilö;Puhelin;Tarkistettu;Julkinen\r\n"
                  "pk-th;terveydenhoitaja;pk-neuvola;Äijälä Öljynen;040 000 3001;31.12.2025;ei\r\n",
    "yhteydet.csv": "Lähde;Kohde;Laji;Määrä;Tiheys\r\n"
                    "pk-th;pk-diakonia;konsultoi;4.0;kuukausittain\r\n",
}


def test_finnish_excel_csv_in_cp1252_with_semicolons(tmp_path, store):
    folder = tmp_path / "pohjola"
    folder.mkdir()
    for name, text in FINNISH_EXCEL.items():
        # Excel quotes cells that contain the delimiter; the lists here use ";" too
        text = text.replace("fi;sv", '"fi;sv"').replace("puhelin;takaisinsoitto",
                                                        '"puhelin;takaisinsoitto"')
        text = text.replace("diakonia; keskusteluapu", '"diakonia; keskusteluapu"')
        (folder / name).write_bytes(text.encode("cp1252"))
    result = import_workbook(folder, store)
    assert result.warnings == []
    net = store.read()
    assert net.areas["pohjola-pk"].parent == "pohjola"
    assert net.organisations["pohjola-srk"].sector == Sector.PARISH
    unit = net.units["pk-neuvola"]
    assert (unit.level, unit.type, unit.self_referral, unit.ages) == (
        Level.UNIVERSAL, UnitType.SERVICE, True, (0, 6))
    assert unit.languages == ["fi", "sv"] and unit.capacity == 12
    assert unit.channels == [Channel.PHONE, Channel.CALLBACK]
    assert net.units["pk-diakonia"].services == ["diakonia", "keskusteluapu"]
    assert net.units["pk-diakonia"].self_referral is False
    # the designed-hub column by its Finnish name (a coordination number, issue 15)
    assert unit.hub is True and net.units["pk-diakonia"].hub is False
    export_workbook(net, tmp_path / "takaisin.xlsx")
    assert read_workbook(tmp_path / "takaisin.xlsx").units["pk-neuvola"].hub is True
    role = net.roles["pk-th"]
    assert role.person == "Äijälä Öljynen"
    assert role.verified == dt.date(2025, 12, 31) and role.public is False
    link = net.links[("pk-th", "pk-diakonia", "consults")]
    assert link.volume == 4 and link.frequency == Frequency.MONTHLY
    assert store.counts()["nodes"] == {"area": 2, "organisation": 2, "unit": 2, "role": 1}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "utf-16", "utf-16-le", "cp1252"])
def test_unicode_encodings_and_delimiters(tmp_path, store, encoding):
    folder = tmp_path / "enc"
    folder.mkdir()
    delimiter = "\t" if encoding.startswith("utf-16") else ","
    rows = [["id", "name", "kind"], ["aa-alue", "Äänekosken perhekeskus", "family_centre_area"]]
    with open(folder / "areas.csv", "w", newline="", encoding=encoding) as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    import_workbook(folder, store)
    assert store.read().areas["aa-alue"].name == "Äänekosken perhekeskus"


def test_unknown_columns_are_ignored_with_a_warning(book, store, network):
    rows = list(csv.reader(open(book / "areas.csv", newline="", encoding="utf-8")))
    rows[0].append("Muistiinpanot")
    for row in rows[1:]:
        row.append("ei tuoda")
    with open(book / "areas.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    result = import_workbook(book, store)
    assert result.warnings == ["areas.csv: column 'Muistiinpanot' is not known and was ignored"]
    assert "Muistiinpanot" in result.summary()
    assert store.read() == network


def test_xlsx_cells_typed_by_excel(tmp_path, store, network):
    """Excel gives numbers as floats, dates as datetimes, booleans; a formula gives the
    value Excel saved with it (issue 10 item 3), never its text."""
    path = tmp_path / "excel.xlsx"
    export_workbook(network, path)
    wb = openpyxl.load_workbook(path)
    roles = wb["roles"]
    header = [c.value for c in roles[1]]
    roles.append({header.index("id") + 1: "uusi-rooli", header.index("title") + 1: "kuraattori",
                  header.index("unit") + 1: "paivakoti",
                  header.index("verified") + 1: dt.datetime(2025, 12, 31),
                  header.index("public") + 1: False})
    links = wb["links"]
    header = [c.value for c in links[1]]
    links.append({1: "paivakoti", 2: "perheohjaus", 3: "consults",
                  header.index("volume") + 1: 12.0,
                  header.index("note") + 1: "=1+1"})  # openpyxl writes this as a formula
    note_ref = f"{openpyxl.utils.get_column_letter(header.index('note') + 1)}{links.max_row}"
    wb.save(path)
    # openpyxl saves no value with a formula; Excel does
    set_cell_xml(path, "links", note_ref, formula_with_value(note_ref, "1+1", "2"))
    import_workbook(path, store)
    net = store.read()
    assert net.roles["uusi-rooli"].verified == dt.date(2025, 12, 31)
    assert net.roles["uusi-rooli"].public is False
    link = net.links[("paivakoti", "perheohjaus", "consults")]
    assert link.volume == 12
    assert link.note == "2"  # the value, never the formula's text


def test_formula_like_text_is_kept_literally(tmp_path, store):
    folder = tmp_path / "kaavat"
    folder.mkdir()
    (folder / "areas.csv").write_text("id,name,kind\nx,=HYPERLINK(\"http://example.invalid\"),"
                                      "county\n", encoding="utf-8")
    (folder / "organisations.csv").write_text("id,name,sector\no,@SUM(A1),ngo\n", encoding="utf-8")
    (folder / "units.csv").write_text("id,name,organisation,area,phone,description\n"
                                      "u,-Perhetyö-,o,x,+358 40 000 0000,+1 päivä\n",
                                      encoding="utf-8")
    import_workbook(folder, store)
    net = store.read()
    assert net.areas["x"].name == '=HYPERLINK("http://example.invalid")'
    assert net.organisations["o"].name == "@SUM(A1)"
    assert net.units["u"].name == "-Perhetyö-"
    assert net.units["u"].phone == "+358 40 000 0000"
    assert net.units["u"].description == "+1 päivä"


def test_a_single_csv_file_is_a_one_sheet_workbook(tmp_path, loaded_store):
    path = tmp_path / "roles.csv"
    path.write_text("id,title,unit,phone\nuusi,kuraattori,paivakoti,040 000 4001\n",
                    encoding="utf-8")
    result = import_workbook(path, loaded_store)
    assert result.sheets == {"roles": {"added": 1, "changed": 0, "unchanged": 0}}
    assert loaded_store.read().roles["uusi"].phone == "040 000 4001"


def test_read_workbook_needs_no_store(book, network):
    assert read_workbook(book) == network


def test_instructions_sheet_and_empty_tabs_are_not_data(tmp_path, network, store):
    path = tmp_path / "with-help.xlsx"
    export_workbook(network, path)
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("ohjeet", 0).append(["Täytä välilehdet"])
    del wb["roles"]
    wb.create_sheet("roolit")  # an empty tab: nothing to import from it
    wb.save(path)
    links_to_roles = {k for k, link in network.links.items()
                      if link.source in network.roles or link.target in network.roles}
    for key in links_to_roles:
        del network.links[key]
    del wb["links"]
    ws = wb.create_sheet("links")
    ws.append(["source", "target", "kind", "volume"])
    for link in network.links.values():
        ws.append([link.source, link.target, str(link.kind), link.volume])
    wb.save(path)
    result = import_workbook(path, store)
    assert result.warnings == ["with-help.xlsx: sheet 'roolit' is empty"]
    assert store.counts()["nodes"]["role"] == 0
    assert store.counts()["links"] == network.counts()["links"]


def test_paths_are_accepted_as_strings(book, store):
    assert import_workbook(str(book), store).written
    assert Path(import_workbook(str(book), store).path) == book


def test_names_typed_on_a_mac_decomposed_unicode(tmp_path, loaded_store):
    """macOS stores ö as o + combining diaeresis in file names; headers pasted from
    such names follow.  Both still match."""
    import unicodedata
    folder = tmp_path / "mac"
    folder.mkdir()
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    (folder / nfd("yksiköt.csv")).write_text(
        nfd("Tunnus,Nimi,Järjestäjä,Alue\nkoulu,Koivulan koulu,kunta,koivula\n"),
        encoding="utf-8")
    (folder / nfd("roolit.csv")).write_text(
        nfd("Tunnus,Nimike,Yksikkö,Sähköposti\nuusi,kuraattori,koulu,k@example.invalid\n"),
        encoding="utf-8")
    result = import_workbook(folder, loaded_store)
    assert result.warnings == [] and set(result.sheets) == {"units", "roles"}
    net = loaded_store.read()
    assert net.units["koulu"].organisation == "kunta"
    assert (net.roles["uusi"].unit, net.roles["uusi"].email) == ("koulu", "k@example.invalid")


def test_a_column_left_out_keeps_stored_values_an_empty_cell_clears(tmp_path, loaded_store,
                                                                    network):
    folder = tmp_path / "osittain"
    folder.mkdir()
    # no phone column at all: neuvola keeps its phone; capacity column empty: cleared
    (folder / "units.csv").write_text(
        "id,name,organisation,area,level,self_referral,ages,capacity\n"
        "neuvola,Koivulan neuvola (uusi nimi),hyva,koivula-kk,universal,yes,0-6,\n"
        "perheohjaus,Perheohjaus,hyva,koivula,early,yes,0-17,\n", encoding="utf-8")
    result = import_workbook(folder, loaded_store)
    units = loaded_store.read().units
    assert units["neuvola"].name == "Koivulan neuvola (uusi nimi)"
    assert units["neuvola"].phone == network.units["neuvola"].phone == "040 000 0101"
    assert units["neuvola"].services == network.units["neuvola"].services
    assert network.units["perheohjaus"].capacity == 40
    assert units["perheohjaus"].capacity is None
    assert result.sheets["units"] == {"added": 0, "changed": 2, "unchanged": 0}


def test_a_phone_that_lost_its_leading_zero_is_warned_about(tmp_path, store, network):
    """Excel stores 040 000 0101 typed as a number as 400000101."""
    path = tmp_path / "numerot.xlsx"
    export_workbook(network, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["roles"]
    phone = [c.value for c in ws[1]].index("phone") + 1
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == "th-aino")
    ws.cell(row=row, column=phone).value = 400001001  # a number, not text
    wb.save(path)
    result = import_workbook(path, store)
    assert result.warnings == [
        f"numerot.xlsx, sheet 'roles', row {row}, column 'phone': phone '400001001' lacks its "
        f"leading 0 (Excel drops it from numbers; format the column as text and type "
        f"0400001001)"]
    assert store.read().roles["th-aino"].phone == "400001001"  # imported as given
