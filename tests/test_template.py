"""``graphmap template``: the empty workbook people fill in must read back, carry its
drop-downs and instructions, and import once filled."""
from __future__ import annotations

import openpyxl
import pytest

from graphmap.importers.template import EXAMPLE, write_template
from graphmap.importers.workbook import WorkbookError, import_workbook
from graphmap.model import FIELDS


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "pohja.xlsx"
    write_template(path)
    return path


def test_sheets_and_headers_match_the_model(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["ohjeet", *FIELDS]
    for sheet, specs in FIELDS.items():
        ws = wb[sheet]
        assert [c.value for c in ws[1]] == [spec.name for spec in specs]
        assert ws.max_row == 1  # no data rows: nothing gets imported by accident


def test_every_enum_and_yes_no_column_has_a_drop_down(template):
    wb = openpyxl.load_workbook(template)
    for sheet, specs in FIELDS.items():
        ws = wb[sheet]
        found = {}
        for dv in ws.data_validations.dataValidation:
            assert dv.type == "list"
            for cell_range in dv.sqref.ranges:
                found[cell_range.min_col] = (dv.formula1.strip('"').split(","), cell_range)
        expected = {i: list(spec.choices) for i, spec in enumerate(specs, start=1)
                    if spec.choices}
        assert expected, sheet  # every sheet has at least one enum column
        assert {col: values for col, (values, _) in found.items()} == expected
        for _, cell_range in found.values():
            assert cell_range.min_row == 2  # the header itself is not validated


def test_instructions_explain_every_sheet_and_column_in_finnish_and_english(template):
    ws = openpyxl.load_workbook(template)["ohjeet"]
    text = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    flat = "\n".join(" ".join(map(str, row)) for row in text)
    assert "Täytä välilehdet" in flat and "Fill in the sheets" in flat
    for sheet, specs in FIELDS.items():
        assert any(row and str(row[0]).startswith(sheet + " (") for row in text), sheet
        for spec in specs:
            assert any(row and row[0] == spec.name for row in text), (sheet, spec.name)
            # every column is explained in both languages, not only listed
            assert spec.help_fi and spec.help_en, (sheet, spec.name)
            assert spec.help_fi in flat and spec.help_en in flat


def test_header_cells_carry_help_comments(template):
    ws = openpyxl.load_workbook(template)["units"]
    level = [c for c in ws[1] if c.value == "level"][0]
    assert "tuen taso" in level.comment.text and "support level" in level.comment.text
    ident = [c for c in ws[1] if c.value == "id"][0]
    assert "PAKOLLINEN / REQUIRED" in ident.comment.text


def test_the_template_is_the_same_every_time(tmp_path, template):
    write_template(tmp_path / "again.xlsx")
    assert (tmp_path / "again.xlsx").read_bytes() == template.read_bytes()


def test_a_filled_in_template_imports(template, store):
    wb = openpyxl.load_workbook(template)
    for sheet, example in EXAMPLE.items():
        ws = wb[sheet]
        ws.append([example.get(c.value) for c in ws[1]])
    # a second unit typed the Finnish way, as a coordinator would
    units = wb["units"]
    header = [c.value for c in units[1]]
    row = dict(zip(header, [None] * len(header)))
    row.update(id="esim-perheohjaus", name="Perheohjaus", organisation="esim-hyva",
               area="esim-hva", level="varhainen", self_referral="kyllä")
    units.append(list(row.values()))
    wb.save(template)
    result = import_workbook(template, store)
    assert result.warnings == []
    counts = store.counts()
    assert counts["nodes"] == {"area": 1, "organisation": 1, "unit": 2, "role": 1}
    assert counts["links"]["works_with"] == 1
    assert str(store.read().units["esim-perheohjaus"].level) == "early"


def test_the_unfilled_template_is_refused_as_empty(template, store):
    revision = store.revision()
    with pytest.raises(WorkbookError, match="holds no data rows"):
        import_workbook(template, store)
    assert store.revision() == revision


def test_template_needs_an_xlsx_name(tmp_path):
    with pytest.raises(ValueError, match=r"\.xlsx"):
        write_template(tmp_path / "pohja.csv")
