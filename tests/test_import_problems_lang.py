"""A workbook's or survey's structural problems — a required column missing, a column
given twice, an id used twice, a survey naming the same partner again — are explained
in the user's language (Finnish first), as the readers' cell problems already were.
The real ``graphmap import`` over files written here and the real SQLite store."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from graphmap.cli import main
from tests.data import small_network

NO_LOCALE = {"GRAPHMAP_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}

EXPECTED = {
    "missing column": ("units.csv", "id,name,organisation\nu1,Kerho,mll\n", {
        "fi": "units.csv, rivi 1, sarake \"area\": pakollinen sarake 'area' (tai alue, område) "
              "puuttuu",
        "sv": "units.csv, rad 1, kolumn \"area\": den obligatoriska kolumnen 'area' (eller alue, "
              "område) saknas",
        "en": "units.csv, row 1, column \"area\": required column 'area' (or alue, område) is "
              "missing"}),
    "column twice": ("units.csv", "id,name,nimi,organisation,area\nu1,A,B,mll,koivula\n", {
        "fi": "tämä on toinen sarake 'name' (sarake 'name' on jo sellainen); säilytä vain toinen",
        "sv": "detta är en andra kolumn 'name' (kolumnen 'name' är redan en sådan); behåll bara en",
        "en": "this column is a second 'name' column (column 'name' already is one); keep one"}),
    "id twice": ("units.csv", "id,name,organisation,area\nu1,A,mll,koivula\nu1,B,mll,koivula\n", {
        "fi": "units.csv, rivi 3, sarake \"id\": tunnus 'u1' on jo rivillä 2",
        "sv": "units.csv, rad 3, kolumn \"id\": id 'u1' finns redan på rad 2",
        "en": "units.csv, row 3, column \"id\": duplicate id 'u1': already on row 2"}),
    "partner again": ("kysely.csv", "respondent,partner\npo-sari,sos-olli\npo-sari,sos-olli\n", {
        "fi": "po-sari nimeää kumppanin sos-olli (works_with) uudelleen; ensimmäisen kerran rivillä 2",
        "sv": "po-sari nämner sos-olli (works_with) igen; första gången på rad 2",
        "en": "po-sari names sos-olli (works_with) again; first on row 2"}),
}


@pytest.fixture
def known(store):
    store.write(small_network())
    return store


@pytest.mark.parametrize("case", EXPECTED)
@pytest.mark.parametrize("lang", [None, "fi", "sv", "en"])
def test_structural_problems_read_in_the_user_s_language(store_url, known, tmp_path, case,
                                                         lang):
    name, text, said = EXPECTED[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = known.read()
    args = ["import", str(path), "--store", store_url] + (["--lang", lang] if lang else [])
    if name == "kysely.csv":
        args += ["--format", "survey"]
    result = CliRunner().invoke(main, args, env=NO_LOCALE, catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert said[lang or "fi"] in result.output, result.output
    for other in set(said) - {lang or "fi"}:
        assert said[other] not in result.output
    assert known.read() == before  # nothing written
