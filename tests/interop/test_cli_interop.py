"""`graphmap import` / `graphmap export` with the interop formats, through click."""
from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from graphmap.cli import main
from graphmap.importers.formats import export_any
from tests.data import small_network

from .conftest import FIXTURES


@pytest.fixture
def run(store_url):
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [*args, "--store", store_url],
                                       catch_exceptions=False)


def test_import_detects_ptv_and_reports_json(run):
    result = run("import", str(FIXTURES / "ptv"), "--output", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ok"] and data["format"] == "ptv" and data["sheets"]["units"]["added"] == 2
    counts = json.loads(run("info", "--format", "json").output)
    assert counts["nodes"] == {"area": 1, "organisation": 2, "unit": 2, "role": 2}


def test_survey_dry_run_prints_the_report_and_writes_nothing(run, tmp_path, store):
    store.write(small_network())
    before = store.counts()
    result = run("import", str(FIXTURES / "survey" / "koivula_kysely.csv"), "--dry-run",
                 "--lang", "en")
    assert result.exit_code == 0
    assert "non-respondents: kahvila, ls-kaisa" in result.output
    assert "dry run: nothing written" in result.output
    assert store.counts() == before


def test_import_errors_exit_nonzero_with_locations(run, tmp_path):
    bad = tmp_path / "kysely.csv"
    bad.write_text("respondent,partner,trust\npo-sari,sos-olli,9\n", encoding="utf-8")
    result = run("import", str(bad), "--format", "survey", "--lang", "en")
    assert result.exit_code == 1
    assert 'kysely.csv, row 2, column "trust": expected a score 1-4' in result.output


def test_replace_is_refused_for_non_workbooks(run):
    result = run("import", str(FIXTURES / "ptv"), "--replace", "--lang", "en")
    assert result.exit_code == 2 and "workbooks only" in result.output
    finnish = run("import", str(FIXTURES / "ptv"), "--replace", "--lang", "fi")
    assert finnish.exit_code == 2 and "toimii vain työkirjoille" in finnish.output


def test_export_formats(run, tmp_path, store):
    store.write(small_network())
    out = tmp_path / "net.graphml"
    result = run("export", str(out), "--format", "graphml")
    assert result.exit_code == 0
    assert nx.read_graphml(out).number_of_nodes() == 17
    result = run("export", str(tmp_path / "hsds.json"), "--format", "hsds")
    doc = json.loads((tmp_path / "hsds.json").read_text(encoding="utf-8"))
    assert len(doc["services"]) == 10
    result = run("export", str(tmp_path), "--format", "cypher")
    assert result.exit_code == 1 and "on kansio; cypher-vienti kirjoittaa yhden tiedoston" in result.output


def test_hsds_round_trip_through_the_cli(run, tmp_path, store_url):
    export_any(small_network(), tmp_path / "n.json", "hsds")
    assert run("import", str(tmp_path / "n.json")).exit_code == 0
    again = run("import", str(tmp_path / "n.json"), "--output", "json")
    assert json.loads(again.output)["added"] == 0 and json.loads(again.output)["changed"] == 0


def test_history_names_who_imported_and_from_what(run, store_url):
    from graphmap.store import open_store
    assert run("import", str(FIXTURES / "ptv")).exit_code == 0
    entries = open_store(store_url).history(limit=5)
    assert entries and all(e["actor"].startswith("cli") for e in entries)
    assert all(e["note"].startswith("ptv import of") for e in entries)
