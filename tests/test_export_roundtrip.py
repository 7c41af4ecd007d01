"""Export → import → export is lossless and byte-identical (issue 2 item 6)."""
from __future__ import annotations

import copy
import csv
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmap.importers.export import export_workbook
from graphmap.importers.workbook import import_workbook, read_workbook
from graphmap.model import FIELDS, MAX_TEXT
from graphmap.store import open_store

SHEETS = tuple(FIELDS)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("target", ["book", "book.xlsx"])
def test_export_import_export_is_byte_identical(tmp_path, loaded_store, network, target):
    first = tmp_path / "first" / target
    first.parent.mkdir()
    export_workbook(loaded_store.read(), first)
    again = open_store(f"sqlite:///{tmp_path}/again.db")
    import_workbook(first, again)
    assert again.read() == network
    second = tmp_path / "second" / target
    second.parent.mkdir()
    export_workbook(again.read(), second)
    if first.is_dir():
        assert files(first) == files(second)
        assert sorted(files(first)) == [f"{s}.csv" for s in sorted(SHEETS)]
    else:
        assert first.read_bytes() == second.read_bytes()


def test_csv_layout_is_fixed_columns_sorted_rows_utf8(tmp_path, network):
    export_workbook(network, tmp_path / "out")
    for sheet in SHEETS:
        raw = (tmp_path / "out" / f"{sheet}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(raw.decode("utf-8").splitlines()))
        assert rows[0] == [f.name for f in FIELDS[sheet]]
        keys = [tuple(r[:3]) if sheet == "links" else r[0] for r in rows[1:]]
        assert keys == sorted(keys) and len(keys) == len(getattr(network, sheet))
    units = (tmp_path / "out" / "units.csv").read_text(encoding="utf-8")
    assert "Päiväkoti Pihlaja" in units


def test_xlsx_sheets_and_text_cells(tmp_path, network):
    network.units["kahvila"].description = "=KAHVILA()"
    network.roles["po-sari"].phone = "+358 40 000 1003"
    path = tmp_path / "out.xlsx"
    export_workbook(network, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(SHEETS)
    units = wb["units"]
    header = [c.value for c in units[1]]
    assert header == [f.name for f in FIELDS["units"]]
    row = next(r for r in units.iter_rows(min_row=2) if r[0].value == "kahvila")
    cell = row[header.index("description")]
    assert cell.value == "=KAHVILA()" and cell.data_type == "s"
    assert read_workbook(path) == network


def test_export_into_a_file_that_is_not_a_folder_is_refused(tmp_path, network):
    (tmp_path / "taken").write_text("x")
    with pytest.raises(ValueError, match="is a file"):
        export_workbook(network, tmp_path / "taken")
    with pytest.raises(ValueError, match="give a folder name"):
        export_workbook(network, tmp_path / "verkosto.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


# Any text a person might type into a name or note: quotes, delimiters, newlines,
# Finnish and Sámi letters, formula-like starts.  Import trims surrounding spaces, so
# the generated text is trimmed too; cells are at most MAX_TEXT long.
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from(list(",;\"'=+-@\n\tåäöÅÄÖšžŋ")),
    min_size=1, max_size=60,
).map(str.strip).filter(lambda s: 0 < len(s) <= MAX_TEXT)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_text, note=_text, person=_text, fmt=st.sampled_from(["csv", "xlsx"]))
def test_free_text_survives_the_round_trip(network, name, note, person, fmt):
    net = copy.deepcopy(network)
    net.units["kahvila"].name = name
    net.roles["sos-olli"].person = person
    next(iter(net.links.values())).note = note
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("book.xlsx" if fmt == "xlsx" else "book")
        export_workbook(net, path)
        assert read_workbook(path) == net


@pytest.mark.parametrize("target", ["demo", "demo.xlsx"])
def test_the_demo_network_round_trips(tmp_path, target):
    """The committed demo (issue 2 item 5) through the workbook and back, exactly."""
    from graphmap.demo import demo_network
    net = demo_network()
    store = open_store(f"sqlite:///{tmp_path}/demo.db")
    export_workbook(net, tmp_path / target)
    import_workbook(tmp_path / target, store)
    assert store.counts() == net.counts()
    assert store.read() == net
    again = tmp_path / "again"
    again.mkdir()
    export_workbook(store.read(), again / target)
    if target.endswith(".xlsx"):
        assert (again / target).read_bytes() == (tmp_path / target).read_bytes()
    else:
        assert files(again / target) == files(tmp_path / target)


# CSV formula injection (OWASP "CSV Injection"): a spreadsheet opening the CSV must not
# evaluate a name, note or phone, and the round trip must still give back every byte.
_FORMULAS = {"=HYPERLINK(\"http://example.invalid\",\"x\")", "@SUM(A1:A9)", "+A1+B2",
             "-2+3", "=1+1", "'=already quoted", "-"}


def _csv_cells(folder: Path, sheet: str) -> list[list[str]]:
    raw = (folder / f"{sheet}.csv").read_bytes().decode("utf-8")
    return list(csv.reader(raw.splitlines(keepends=True)))


def _formula_network(network):
    net = copy.deepcopy(network)
    texts = sorted(_FORMULAS)
    for unit, text in zip(sorted(net.units.values(), key=lambda u: u.id), texts):
        unit.name = text
    net.roles["po-sari"].phone = "+358 40 000 1003"
    net.roles["sos-olli"].person = "'Olli' Esimerkki"  # a quote a person typed stays
    return net


def test_csv_cells_a_spreadsheet_would_evaluate_start_with_a_quote(tmp_path, network):
    net = _formula_network(network)
    export_workbook(net, tmp_path / "out")
    names = {row[0]: row[1] for row in _csv_cells(tmp_path / "out", "units")[1:]}
    for unit in net.units.values():
        cell = names[unit.id]
        if unit.name in _FORMULAS:
            assert cell == "'" + unit.name, (unit.name, cell)
        else:
            assert cell == unit.name
        assert cell[:1] not in "=+-@\t\r", cell  # nothing a spreadsheet evaluates
    roles = _csv_cells(tmp_path / "out", "roles")
    header = roles[0]
    by_id = {row[0]: row for row in roles[1:]}
    assert by_id["po-sari"][header.index("phone")] == "+358 40 000 1003"  # unchanged
    assert by_id["sos-olli"][header.index("person")] == "'Olli' Esimerkki"


def test_quoted_formula_cells_round_trip_byte_identical(tmp_path, network):
    net = _formula_network(network)
    export_workbook(net, tmp_path / "first")
    back = read_workbook(tmp_path / "first")
    assert back == net
    assert {u.name for u in back.units.values()} >= _FORMULAS
    export_workbook(back, tmp_path / "second")
    assert files(tmp_path / "first") == files(tmp_path / "second")


def test_xlsx_formula_like_name_is_a_text_cell_not_a_formula(tmp_path, network):
    net = copy.deepcopy(network)
    link = "=HYPERLINK(\"http://example.invalid\",\"klikkaa\")"
    net.units["kahvila"].name = link
    path = tmp_path / "out.xlsx"
    export_workbook(net, path)
    units = openpyxl.load_workbook(path)["units"]
    row = next(r for r in units.iter_rows(min_row=2) if r[0].value == "kahvila")
    cell = row[[c.value for c in units[1]].index("name")]
    assert cell.value == link and cell.data_type == "s"  # "f" would be a formula
    import zipfile
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    assert read_workbook(path).units["kahvila"].name == link


@pytest.mark.parametrize("text, cell", [
    ("\t=cmd", "'\t=cmd"), ("\r=cmd", "'\r=cmd"), ("=x", "'=x"), ("'=x", "''=x"),
    ("+358 40 000 0000", "+358 40 000 0000"), ("-1.5", "-1.5"), ("+A1", "'+A1"),
    ("'Olli'", "'Olli'"), ("'", "'"), ("", "")])
def test_csv_quote_is_added_only_where_needed_and_removed_exactly(text, cell):
    from graphmap.importers.export import csv_cell, csv_text
    assert csv_cell(text) == cell
    assert csv_text(cell) == text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_survey_answers_and_hub_survive_the_round_trip(network, fmt):
    """Issue 15: a link's cooperation, trust, value, round and date, and a unit's hub
    flag, are exported and read back exactly."""
    import datetime as dt

    from graphmap.model import Cooperation
    net = copy.deepcopy(network)
    link = next(iter(net.links.values()))
    link.cooperation, link.trust, link.value = Cooperation.COORDINATION, 3.5, 4
    link.survey_round, link.survey_date = "2026-kevät", dt.date(2026, 4, 1)
    net.units["kahvila"].hub = True
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("book.xlsx" if fmt == "xlsx" else "book")
        export_workbook(net, path)
        back = read_workbook(path)
    assert back == net
    again = back.links[link.key]
    assert (again.cooperation, again.trust, again.value) == (Cooperation.COORDINATION, 3.5, 4)
    assert back.units["kahvila"].hub is True
