"""Bad workbooks: every problem is reported at once with file, row and column, and
the store is left exactly as it was (issue 2 item 4, "Done when").

Workbooks are the exporter's output for ``tests/data.py``'s network with one thing
broken, so each test states only what it breaks."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from graphmap.importers.export import export_workbook
from graphmap.importers.workbook import WorkbookError, import_workbook, read_workbook
from graphmap.model import MAX_TEXT

FIXTURES = Path(__file__).parent / "fixtures" / "workbooks"


# ---------------------------------------------------------------- helpers


def read_rows(folder: Path, sheet: str) -> list[list[str]]:
    with open(folder / f"{sheet}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write_rows(folder: Path, sheet: str, rows) -> None:
    with open(folder / f"{sheet}.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def set_cell(folder: Path, sheet: str, key: str, column: str, value: str) -> int:
    """Change one cell of the row whose first cell is ``key``; the spreadsheet row."""
    rows = read_rows(folder, sheet)
    col = rows[0].index(column)
    for number, row in enumerate(rows, start=1):
        if row[0] == key:
            row[col] = value
            write_rows(folder, sheet, rows)
            return number
    raise KeyError(key)


def append_row(folder: Path, sheet: str, values: dict) -> int:
    rows = read_rows(folder, sheet)
    rows.append([values.get(name, "") for name in rows[0]])
    write_rows(folder, sheet, rows)
    return len(rows)


@pytest.fixture
def book(tmp_path, network):
    folder = tmp_path / "book"
    export_workbook(network, folder)
    return folder


@pytest.fixture
def snapshot(loaded_store):
    """The store's state, compared after every rejected import."""
    return lambda: (loaded_store.read(), loaded_store.counts(), loaded_store.revision())


def rejected(path, store, snapshot) -> list[str]:
    """Import ``path``; it must fail and change nothing.  The problem lines."""
    before = snapshot()
    with pytest.raises(WorkbookError) as info:
        import_workbook(path, store)
    assert snapshot() == before
    with pytest.raises(WorkbookError):  # a dry run finds the same and writes nothing either
        import_workbook(path, store, dry_run=True)
    assert snapshot() == before
    lines = str(info.value).splitlines()
    assert lines[1:] == [str(p) for p in info.value.problems]
    return lines[1:]


# ------------------------------------------------------------------- cases


def test_missing_required_column_names_file_header_row_and_column(book, loaded_store, snapshot):
    rows = read_rows(book, "units")
    col = rows[0].index("area")
    write_rows(book, "units", [r[:col] + r[col + 1:] for r in rows])
    lines = rejected(book, loaded_store, snapshot)
    assert lines == ['units.csv, row 1, column "area": required column \'area\' '
                     '(or alue, område) is missing']


def test_unknown_enum_value_suggests_the_closest(book, loaded_store, snapshot):
    row = set_cell(book, "units", "perheohjaus", "level", "erityis")
    lines = rejected(book, loaded_store, snapshot)
    assert lines == [f'units.csv, row {row}, column "level": unknown value \'erityis\'; expected '
                     f"one of universal, early, special, protection (did you mean 'special'?)"]


def test_duplicate_id_within_a_sheet_points_at_both_rows(book, loaded_store, snapshot):
    first = set_cell(book, "roles", "po-sari", "title", "perheohjaaja")
    row = append_row(book, "roles", {"id": "po-sari", "title": "kopio", "unit": "neuvola"})
    lines = rejected(book, loaded_store, snapshot)
    assert lines == [f'roles.csv, row {row}, column "id": duplicate id \'po-sari\': '
                     f"already on row {first}"]


def test_duplicate_link_within_the_links_sheet(book, loaded_store, snapshot):
    row = append_row(book, "links", {"source": "neuvola", "target": "perheohjaus",
                                     "kind": "ohjaa", "volume": "3"})
    lines = rejected(book, loaded_store, snapshot)
    assert len(lines) == 1
    assert lines[0].startswith(f'links.csv, row {row}, column "source": duplicate link')


def test_duplicate_id_across_sheets(book, loaded_store, snapshot):
    area_row = append_row(book, "areas", {"id": "neuvola", "name": "Neuvolan alue",
                                          "kind": "district", "parent": "koivula"})
    unit_row = [n for n, r in enumerate(read_rows(book, "units"), 1) if r[0] == "neuvola"][0]
    lines = rejected(book, loaded_store, snapshot)
    assert lines == [f'units.csv, row {unit_row}, column "id": id \'neuvola\' is already used '
                     f"on the areas sheet (areas.csv, row {area_row}); ids must be unique across "
                     f"areas, organisations, units and roles"]


def test_reference_to_a_missing_id(book, loaded_store, snapshot):
    row = set_cell(book, "units", "kahvila", "area", "koivulaa")
    lines = rejected(book, loaded_store, snapshot)
    assert lines == [f'units.csv, row {row}, column "area": no area with id \'koivulaa\' '
                     f"(did you mean 'koivula'?)"]


def test_cycle_in_the_area_hierarchy(book, loaded_store, snapshot):
    set_cell(book, "areas", "hva", "parent", "koivula-kk")
    lines = rejected(book, loaded_store, snapshot)
    assert len(lines) == 1
    where, message = lines[0].split(": ", 1)
    assert message.startswith("the area hierarchy has a cycle: ")
    assert set(message.split(": ")[1].split(" → ")) == {"hva", "koivula", "koivula-kk"}
    # reported on the row of an area in the cycle, in its parent column
    assert where.startswith("areas.csv, row ") and where.endswith('column "parent"')
    number = int(where.split("row ")[1].split(",")[0])
    assert read_rows(book, "areas")[number - 1][0] in {"hva", "koivula", "koivula-kk"}


def test_self_link(book, loaded_store, snapshot):
    row = append_row(book, "links", {"source": "neuvola", "target": "neuvola",
                                     "kind": "consults"})
    lines = rejected(book, loaded_store, snapshot)
    assert lines == [f'links.csv, row {row}, column "target": a link cannot join a node '
                     f"to itself"]


def test_wrong_type(book, loaded_store, snapshot):
    row = append_row(book, "links", {"source": "perheneuvola", "target": "sosiaalityo",
                                     "kind": "refers", "volume": "abc"})
    lines = rejected(book, loaded_store, snapshot)
    assert lines == [f'links.csv, row {row}, column "volume": expected a whole number, '
                     f"got 'abc'"]


def test_oversized_cell(book, loaded_store, snapshot):
    row = set_cell(book, "units", "diakonia", "description", "x" * (MAX_TEXT + 1))
    lines = rejected(book, loaded_store, snapshot)
    assert lines == [f'units.csv, row {row}, column "description": the cell holds '
                     f"{MAX_TEXT + 1} characters; at most {MAX_TEXT} are allowed"]
    assert _in(book, loaded_store, "fi") == [
        f'units.csv, rivi {row}, sarake "description": solussa on '
        f"{MAX_TEXT + 1} merkkiä; enintään {MAX_TEXT} sallitaan"]


def test_missing_required_value(book, loaded_store, snapshot):
    row = set_cell(book, "organisations", "mll", "name", "  ")
    lines = rejected(book, loaded_store, snapshot)
    assert lines == [f'organisations.csv, row {row}, column "name": a value is required here']
    assert _in(book, loaded_store, "sv") == [
        f'organisations.csv, rad {row}, kolumn "name": här behövs ett värde']


def _in(book, store, lang: str) -> list[str]:
    """The problem lines as a coordinator reading ``lang`` sees them."""
    with pytest.raises(WorkbookError) as info:
        import_workbook(book, store)
    return [p.text(lang) for p in info.value.problems]


def test_empty_file(book, loaded_store, snapshot):
    (book / "roles.csv").write_bytes(b"")
    lines = rejected(book, loaded_store, snapshot)
    assert lines == ["roles.csv: the file is empty; expected at least a header row "
                     "(see `graphmap template`)"]


def test_header_only_workbook_is_refused(tmp_path, loaded_store, snapshot):
    """Headers and no rows is a template nobody filled in; importing it is a mistake."""
    from graphmap.model import Network
    export_workbook(Network(), tmp_path / "blank")
    lines = rejected(tmp_path / "blank", loaded_store, snapshot)
    assert lines == ["blank: the workbook holds no data rows (only headers); nothing to import"]


def test_missing_file(tmp_path, loaded_store, snapshot):
    lines = rejected(tmp_path / "nowhere.xlsx", loaded_store, snapshot)
    assert lines == ["nowhere.xlsx: no such file or folder"]


def test_folder_without_any_sheet(tmp_path, loaded_store, snapshot):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "budget.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    lines = rejected(folder, loaded_store, snapshot)
    assert len(lines) == 1 and lines[0].startswith("other: no sheets found; expected areas.csv")


def test_xlsx_without_any_sheet(tmp_path, loaded_store, snapshot):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "Taul1"
    wb.active.append(["id", "name"])
    wb.save(tmp_path / "väärä.xlsx")
    lines = rejected(tmp_path / "väärä.xlsx", loaded_store, snapshot)
    assert len(lines) == 1 and lines[0].startswith("väärä.xlsx: no sheets found")


def test_unreadable_xlsx(tmp_path, loaded_store, snapshot):
    (tmp_path / "rikki.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook")
    lines = rejected(tmp_path / "rikki.xlsx", loaded_store, snapshot)
    assert len(lines) == 1
    assert lines[0].startswith("rikki.xlsx: cannot read this as an Excel workbook (.xlsx)")


def test_links_only_folder_to_missing_units(tmp_path, loaded_store, snapshot):
    shutil.copy(FIXTURES / "links_to_missing.csv", tmp_path / "links.csv")
    lines = rejected(tmp_path / "links.csv", loaded_store, snapshot)
    assert lines == [
        'links.csv, row 2, column "target": no unit or role with id \'perheohjaaus\' '
        "(did you mean 'perheohjaus'?)",
        'links.csv, row 3, column "source": no unit or role with id \'koulu\'',
    ]


def test_every_problem_is_reported_at_once_in_sheet_and_row_order(book, loaded_store, snapshot):
    level_row = set_cell(book, "units", "perheohjaus", "level", "erityis")
    phone_row = set_cell(book, "roles", "th-aino", "phone", "soita")
    (book / "links.csv").write_bytes(b"")
    ref_row = set_cell(book, "units", "kahvila", "organisation", "mlll")
    lines = rejected(book, loaded_store, snapshot)
    assert [line.split(":")[0] for line in lines] == [
        f'units.csv, row {ref_row}, column "organisation"',
        f'units.csv, row {level_row}, column "level"',
        f'roles.csv, row {phone_row}, column "phone"',
        "links.csv",
    ]


def test_a_broken_row_does_not_flood_rows_that_refer_to_it(book, loaded_store, snapshot):
    """A unit with one bad cell is still known: roles in it are not reported as orphans."""
    row = set_cell(book, "units", "perheohjaus", "capacity", "paljon")
    lines = rejected(book, loaded_store, snapshot)
    assert lines == [f'units.csv, row {row}, column "capacity": expected a whole number, '
                     f"got 'paljon'"]


def test_finnish_headers_are_named_as_written(tmp_path, loaded_store, snapshot):
    folder = tmp_path / "fi"
    folder.mkdir()
    (folder / "yksiköt.csv").write_text(
        "Tunnus;Nimi;Organisaatio;ALUE;Taso\n"
        "uusi;Uusi palvelu;kunta;koivula;erityis\n", encoding="utf-8")
    lines = rejected(folder, loaded_store, snapshot)
    assert lines == ['yksiköt.csv, row 2, column "Taso": unknown value \'erityis\'; expected one '
                     "of universal, early, special, protection (did you mean 'special'?)"]


def test_xlsx_problems_name_the_sheet(tmp_path, network, loaded_store, snapshot):
    import openpyxl
    path = tmp_path / "verkosto.xlsx"
    export_workbook(network, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["links"]
    ws.title = "yhteydet"
    ws.append(["perheneuvola", "sosiaalityo", "ohjaa", "abc"])
    wb.save(path)
    lines = rejected(path, loaded_store, snapshot)
    assert lines == [f'verkosto.xlsx, sheet "yhteydet", row {ws.max_row}, column "volume": '
                     f"expected a whole number, got 'abc'"]


def test_read_workbook_reports_like_import(book):
    set_cell(book, "units", "kahvila", "level", "erityis")
    with pytest.raises(WorkbookError) as info:
        read_workbook(book)
    assert [p.column for p in info.value.problems] == ["level"]
    assert info.value.as_dict()["problems"][0]["file"] == "units.csv"
    assert isinstance(info.value, ValueError)


def test_two_columns_for_one_field(book, loaded_store, snapshot):
    rows = read_rows(book, "areas")
    rows[0].append("Nimi")  # Finnish alias of name, next to the English column
    for row in rows[1:]:
        row.append("toinen nimi")
    write_rows(book, "areas", rows)
    lines = rejected(book, loaded_store, snapshot)
    assert lines == ['areas.csv, row 1, column "Nimi": this column is a second \'name\' column '
                     "(column 'name' already is one); keep one"]


def test_a_file_that_is_not_text(tmp_path, loaded_store, snapshot):
    folder = tmp_path / "nul"
    folder.mkdir()
    (folder / "areas.csv").write_bytes(b"id,name,kind\nx,Alue,county\ny,Al\x00\x00ue,county\n")
    lines = rejected(folder, loaded_store, snapshot)
    # located (issue 10 item 12): the row and column of the first NUL
    assert lines == ['areas.csv, row 3, column "name": the file holds a NUL byte, so it is not '
                     'a text CSV; save it from Excel as "CSV UTF-8" or "CSV (semicolon '
                     'delimited)"']


def test_a_cell_beyond_the_csv_reader_limit(book, loaded_store, snapshot):
    """Far past MAX_TEXT the csv module itself stops; the row is still named."""
    rows = read_rows(book, "organisations")
    rows.insert(2, ["big", "x" * 200_000, "ngo", ""])
    write_rows(book, "organisations", rows)
    lines = rejected(book, loaded_store, snapshot)
    assert len(lines) == 1
    assert lines[0] == ("organisations.csv, row 3: cannot read the CSV: a cell is too long "
                        "(over 128 kB) or lacks its closing quote")


def test_problems_with_records_already_in_the_store(tmp_path, loaded_store, snapshot):
    """An area whose id a stored unit already uses: blamed on the workbook row."""
    folder = tmp_path / "areas-only"
    folder.mkdir()
    (folder / "alueet.csv").write_text("tunnus,nimi,taso\nkahvila,Kahvilan alue,piiri\n",
                                       encoding="utf-8")
    lines = rejected(folder, loaded_store, snapshot)
    assert lines == ['alueet.csv, row 2, column "tunnus": id \'kahvila\' is already used in '
                     "areas (the other unit 'kahvila' is already in the store)"]


def test_replace_with_a_partial_workbook_is_refused(book, loaded_store, snapshot):
    """--replace with sheets missing would silently empty them."""
    (book / "roles.csv").unlink()
    (book / "links.csv").unlink()
    before = snapshot()
    with pytest.raises(WorkbookError) as info:
        import_workbook(book, loaded_store, replace=True)
    assert str(info.value).splitlines()[1:] == [
        "book: --replace makes the workbook the whole network, but it has no roles, links "
        "sheet(s); add them (an empty sheet with its header row is fine) or import without "
        "--replace"]
    assert snapshot() == before


def test_thousands_of_dangling_links_are_all_reported_with_a_few_hints(tmp_path, loaded_store,
                                                                      snapshot):
    """Links imported into the wrong store: every row is named; only the first few
    missing ids get a "did you mean" (each costs a scan of every id)."""
    from graphmap.model import MAX_HINTS
    rows = [["source", "target", "kind"]]
    rows += [[f"perheohjaus-{i}", "neuvola", "refers"] for i in range(3 * MAX_HINTS)]
    folder = tmp_path / "wrong-store"
    folder.mkdir()
    write_rows(folder, "links", rows)
    lines = rejected(folder, loaded_store, snapshot)
    assert [line.split(":")[0] for line in lines] == [
        f'links.csv, row {row}, column "source"' for row in range(2, len(rows) + 1)]
    assert sum("did you mean 'perheohjaus'" in line for line in lines) == MAX_HINTS


def test_each_bad_cell_is_reported_every_time_at_its_row_after_blank_rows(
        book, loaded_store, snapshot):
    # a bad text repeated: parsed once per distinct text, reported at every row it is in
    rows = read_rows(book, "links")
    kind = rows[0].index("kind")
    rows.insert(1, [""] * len(rows[0]))  # a blank row the importer skips
    rows.insert(3, ["  "] * len(rows[0]))  # and one of spaces
    data = [n for n, r in enumerate(rows, start=1) if n > 1 and "".join(r).strip()]
    bad = [data[0], data[-1]]
    for n in bad:
        rows[n - 1][kind] = "soittaa"
    rows[data[1] - 1][rows[0].index("volume")] = "paljon"
    write_rows(book, "links", rows)
    lines = rejected(book, loaded_store, snapshot)
    assert [line.split(":")[0] for line in lines] == [
        f'links.csv, row {bad[0]}, column "kind"',
        f'links.csv, row {data[1]}, column "volume"',
        f'links.csv, row {bad[1]}, column "kind"']
    assert all("soittaa" in line for line in (lines[0], lines[2]))


def test_a_formula_quote_is_taken_off_before_the_cell_is_checked(book, loaded_store, snapshot):
    row = set_cell(book, "units", "kahvila", "level", "'=erityis")
    lines = rejected(book, loaded_store, snapshot)
    assert len(lines) == 1
    assert lines[0].startswith(f'units.csv, row {row}, column "level": unknown value '
                               f"'=erityis'; expected one of universal")
