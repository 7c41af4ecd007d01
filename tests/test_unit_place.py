"""Issue 16 item 1: hours, eligibility and coordinates in the workbook — Finnish column
names, located errors in the reader's language, the store untouched by a bad file, and
the workbook export reading back to the same units."""
from __future__ import annotations

import pytest

from graphmap.importers.export import export_workbook
from graphmap.importers.workbook import WorkbookError, import_workbook
from tests.test_import_errors import read_rows, rejected, set_cell, write_rows


@pytest.fixture
def book(tmp_path, network):
    folder = tmp_path / "book"
    export_workbook(network, folder)
    return folder


@pytest.fixture
def snapshot(loaded_store):
    return lambda: (loaded_store.read(), loaded_store.counts(), loaded_store.revision())


def _finnish_headers(folder):
    rows = read_rows(folder, "units")
    names = {"hours": "Aukioloajat", "eligibility": "Kenelle", "latitude": "Leveysaste",
             "longitude": "Pituusaste"}
    rows[0] = [names.get(c, c) for c in rows[0]]
    write_rows(folder, "units", rows)


def test_finnish_columns_and_spellings_are_read(book, store):
    _finnish_headers(book)
    set_cell(book, "units", "paivakoti", "Aukioloajat", "ma-pe 6.30-17;  suljettu 24.12.-26.12.")
    set_cell(book, "units", "paivakoti", "Leveysaste", "61,3391")  # Finnish Excel's comma
    set_cell(book, "units", "paivakoti", "Pituusaste", "22,9107")
    set_cell(book, "units", "paivakoti", "Kenelle", "Koivulan alle kouluikäiset lapset")
    import_workbook(book, store)
    unit = store.read().units["paivakoti"]
    assert unit.hours == "ma–pe 6.30–17; suljettu 24.12.–26.12."
    assert (unit.latitude, unit.longitude) == (61.3391, 22.9107)
    assert unit.eligibility == "Koivulan alle kouluikäiset lapset"


def test_the_workbook_round_trip_keeps_hours_and_place(tmp_path, loaded_store, network, store_url):
    export_workbook(loaded_store.read(), tmp_path / "again")
    assert "Koivukuja 1" in (tmp_path / "again" / "units.csv").read_text(encoding="utf-8")
    from graphmap.store import open_store
    other = open_store(store_url.replace(".db", "-2.db"))
    import_workbook(tmp_path / "again", other)
    assert other.read().units == network.units


@pytest.mark.parametrize("column, value, words", [
    ("hours", "ma-pe 8-16; ke 18-12", "“ke 18-12”: sulkeutumisaika on ennen avautumista"),
    ("hours", "arkisin 8-16", "“arkisin” ei ole viikonpäivä"),
    ("latitude", "161.2", "desimaalilukua väliltä -90…90"),
    ("longitude", "itä", "väliltä -180…180"),
])
def test_bad_hours_and_coordinates_are_located_and_change_nothing(
        book, loaded_store, snapshot, column, value, words):
    row = set_cell(book, "units", "perheohjaus", column, value)
    lines = rejected(book, loaded_store, snapshot)
    assert len(lines) == 1
    assert "units.csv" in lines[0] and f"row {row}" in lines[0] and column in lines[0]
    with pytest.raises(WorkbookError) as err:
        import_workbook(book, loaded_store)
    finnish = err.value.report("fi")
    assert words in finnish and f"rivi {row}" in finnish and f'sarake "{column}"' in finnish


def test_a_latitude_without_a_longitude_is_refused(book, loaded_store, snapshot):
    row = set_cell(book, "units", "perheohjaus", "latitude", "61.3")
    lines = rejected(book, loaded_store, snapshot)
    assert any(f"row {row}" in line and "longitude" in line for line in lines)


def test_the_command_line_card_says_open_now_for_whom_and_where(loaded_store):
    from click.testing import CliRunner

    from graphmap.cli import main
    result = CliRunner().invoke(main, ["who-to-call", "univaikeudet", "--area", "koivula",
                                       "--lang", "sv", "--store", loaded_store.url],
                                env={"GRAPHMAP_NOW": "2026-11-28T10:00:00"})
    assert result.exit_code == 0, result.output
    card = result.stdout.split("\n\n")[1]
    assert card.startswith("1. Koivulan lastenneuvola")
    assert "   öppnar på måndag kl. 8.00 (mån–fre 8–16; ons 12–18; stängt 24.12.; " in card
    assert "   för vem: Koivulassa asuvat" in card
    assert ("   adress: Koivukuja 1, 38200 Koivula <https://www.openstreetmap.org/?mlat=61.337201"
            in card)


def test_a_store_file_from_before_gets_the_new_columns(tmp_path, network):
    """A graphmap.db made before issue 16 opens: the four unit columns are added, and the
    units it held read back with no hours or place."""
    import sqlite3

    from graphmap.store.sqlite import SCHEMA, SQLiteStore
    path = tmp_path / "old.db"
    old = SCHEMA.replace(",\n    eligibility TEXT, hours TEXT, latitude REAL, longitude REAL", "")
    assert old != SCHEMA
    with sqlite3.connect(path) as db:
        db.executescript(old)
        db.execute("INSERT INTO units (id, name, organisation, area, type, level, services, "
                   "self_referral, languages, channels) VALUES ('u', 'Vanha', 'o', 'a', "
                   "'service', 'universal', '[]', 0, '[\"fi\"]', '[]')")
    store = SQLiteStore(f"sqlite:///{path}")
    unit = store.read().units["u"]
    assert (unit.hours, unit.eligibility, unit.latitude) == (None, None, None)
    store.write(network, replace=True)
    assert store.read().units == network.units
