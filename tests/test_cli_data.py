"""The data commands as a coordinator runs them: template, import, info, export."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from graphmap.cli import main
from graphmap.importers.export import export_workbook
from graphmap.store import open_store


@pytest.fixture
def run(store_url):
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [*args, "--store", store_url] if args[0] != "template"
                             else list(args), catch_exceptions=False)
    return invoke


@pytest.fixture
def book(tmp_path, network):
    export_workbook(network, tmp_path / "book")
    return tmp_path / "book"


def info(run) -> dict:
    result = run("info", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_import_then_info_gives_exact_counts(run, book, network):
    result = run("import", str(book), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"units {len(network.units)} added" in result.output
    assert info(run) == network.counts()


def test_import_json_reports_counts_and_reimport_changes_nothing(run, book, network):
    first = json.loads(run("import", str(book), "--output", "json").output)
    assert first["ok"] is True and first["added"] == sum(
        len(getattr(network, s)) for s in ("areas", "organisations", "units", "roles", "links"))
    second = json.loads(run("import", str(book), "--output", "json").output)
    assert (second["added"], second["changed"]) == (0, 0)
    assert second["unchanged"] == first["added"]
    assert info(run) == network.counts()


def test_dry_run_reports_and_writes_nothing(run, book, store_url, network):
    with open_store(store_url) as store:
        revision = store.revision()
    result = run("import", str(book), "--dry-run", "--output", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["dry_run"] is True and data["sheets"]["links"]["added"] == len(network.links)
    assert sum(info(run)["nodes"].values()) == 0
    text = run("import", str(book), "--dry-run", "--lang", "en")
    assert "dry run: nothing written" in text.output
    with open_store(store_url) as store:
        assert store.revision() == revision


def test_bad_workbook_exits_non_zero_lists_problems_and_keeps_the_store(run, book, tmp_path,
                                                                       network):
    assert run("import", str(book)).exit_code == 0
    before = info(run)
    bad = tmp_path / "bad"
    shutil.copytree(book, bad)
    text = (bad / "links.csv").read_text(encoding="utf-8")
    (bad / "links.csv").write_text(text + "neuvola,neuvola,refers,abc,,,,,,\r\n",
                                   encoding="utf-8")
    rows = len(text.strip().splitlines()) + 1
    result = run("import", str(bad), "--lang", "en")
    assert result.exit_code == 1
    assert f'links.csv, row {rows}, column "volume": expected a whole number' in result.output
    finnish = run("import", str(bad))  # Finnish first
    assert f'links.csv, rivi {rows}, sarake "volume": ' in finnish.output
    as_json = run("import", str(bad), "--output", "json")
    assert as_json.exit_code == 1
    problems = json.loads(as_json.output)["problems"]
    assert {(p["file"], p["row"], p["column"]) for p in problems} == {
        ("links.csv", rows, "volume"), ("links.csv", rows, "target")}
    assert info(run) == before


def test_template_fill_import_export(run, tmp_path):
    path = tmp_path / "pohja.xlsx"
    assert run("template", str(path)).exit_code == 0
    wb = openpyxl.load_workbook(path)
    wb["areas"].append(["alue1", "Alue", "perhekeskusalue"])
    wb["organisations"].append(["org1", "Kunta", "kunta"])
    wb["units"].append(["u1", "Neuvola", "org1", "alue1"])
    wb["units"].append(["u2", "Perheohjaus", "org1", "alue1", None, "varhainen"])
    wb["links"].append(["u1", "u2", "ohjaa", 12])
    wb.save(path)
    assert run("import", str(path)).exit_code == 0
    counts = info(run)
    assert counts["nodes"] == {"area": 1, "organisation": 1, "unit": 2, "role": 0}
    assert counts["links"]["refers"] == 1 and sum(counts["links"].values()) == 1
    out = tmp_path / "vienti.xlsx"
    assert run("export", str(out)).exit_code == 0
    assert openpyxl.load_workbook(out)["links"]["D2"].value == 12


def test_export_to_an_existing_file_is_a_clean_error(run, tmp_path):
    (tmp_path / "taken").write_text("x")
    result = CliRunner().invoke(main, ["export", str(tmp_path / "taken"), "--store",
                                       f"sqlite:///{tmp_path}/s.db"])
    assert result.exit_code == 1 and "on tiedosto; vie kansion nimeen tai .xlsx-tiedostoon" in result.output


def test_the_installed_graphmap_command(tmp_path, book, network):
    """Once through the real entry point, as a user types it."""
    exe = Path(sys.executable).parent / "graphmap"
    if not exe.exists():
        pytest.fail(f"{exe} missing: run .venv/bin/pip install -e '.[test]'")
    env = {**os.environ, "GRAPHMAP_STORE": f"sqlite:///{tmp_path}/cli.db"}
    done = subprocess.run([str(exe), "import", str(book)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    shown = subprocess.run([str(exe), "info", "--format", "json"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert json.loads(shown.stdout) == network.counts()
    missing = subprocess.run([str(exe), "import", str(tmp_path / "nowhere")], env=env,
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode != 0 and "nowhere" in missing.stderr


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_import_while_another_process_writes_says_busy_and_writes_nothing(
        tmp_path, book, lang, monkeypatch):
    """Another process holds the SQLite store's write lock longer than a write waits:
    the import stops with the catalogue's "busy, try again" in the user's language (no
    traceback) and the store is as before."""
    import sqlite3

    from graphmap.web.i18n import catalogue
    monkeypatch.setenv("GRAPHMAP_STORE_BUSY_SECONDS", "0.3")
    url = f"sqlite:///{tmp_path}/busy.db"
    store = open_store(url)
    before = store.read(), store.revision()
    other = sqlite3.connect(str(tmp_path / "busy.db"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(main, ["import", str(book), "--store", url],
                                    env={"GRAPHMAP_LANG": lang})
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 1, result.output
    assert catalogue(lang)["error.store_busy"] in result.output
    assert "Traceback" not in result.output
    assert (store.read(), store.revision()) == before
