"""A broken HSDS or PTV file is explained in the user's language (issue 12 item 3):
Finnish by default, English with ``--lang en`` or ``GRAPHMAP_LANG=en`` — the file,
the place in it and what is wrong, through the real command and SQLite store."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmap.cli import main

PTV = Path(__file__).parents[1] / "fixtures" / "ptv"

#: the locale of the machine running the tests must not choose the language
NO_LOCALE = {"GRAPHMAP_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}

HSDS_BAD = {"id": "s1", "name": "Perhekerho", "organization_id": "ei-ole"}
PTV_BAD = {"id": "0b000000-0000-4000-8000-0000000000ff", "serviceNames": [],
           "serviceType": "Service"}


@pytest.fixture
def broken(tmp_path):
    hsds = tmp_path / "palvelut.json"
    hsds.write_text(json.dumps({"services": [HSDS_BAD]}), encoding="utf-8")
    ptv = tmp_path / "ptv"
    ptv.mkdir()
    (ptv / "services.json").write_text(json.dumps([PTV_BAD]), encoding="utf-8")
    return {"hsds": hsds, "ptv": ptv}


def _import(store_url, path, fmt, *args, env=None):
    result = CliRunner().invoke(main, ["import", str(path), "--format", fmt, "--store", store_url,
                                       *args], env={**NO_LOCALE, **(env or {})},
                                catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return result.output


@pytest.mark.parametrize("fmt, finnish, english", [
    ("hsds", "palvelut.json, sarake \"/services/0/organization_id\": aineistossa ei ole organisaatiota, "
             "jonka tunniste on 'ei-ole'",
     "palvelut.json, column \"/services/0/organization_id\": no organization with id 'ei-ole' in the input"),
    ("ptv", "services.json, sarake \"/0/serviceNames\": nimi puuttuu (fi, sv ja en)",
     "services.json, column \"/0/serviceNames\": no name in fi, sv or en"),
])
def test_a_broken_file_is_explained_in_finnish_unless_english_is_asked(
        store_url, store, broken, fmt, finnish, english):
    before = store.counts()
    assert finnish in _import(store_url, broken[fmt], fmt)
    assert english in _import(store_url, broken[fmt], fmt, "--lang", "en")
    assert english in _import(store_url, broken[fmt], fmt, env={"GRAPHMAP_LANG": "en"})
    assert store.counts() == before


def test_what_an_import_would_do_reads_in_finnish_by_default(store_url, store):
    args = ["import", str(PTV), "--dry-run", "--store", store_url]
    finnish = CliRunner().invoke(main, args, env=NO_LOCALE, catch_exceptions=False).output
    assert "yksiköt: 2 lisätty, 0 muutettu, 0 ennallaan" in finnish
    assert "(kokeilu: mitään ei tallennettu)" in finnish
    english = CliRunner().invoke(main, [*args, "--lang", "en"], env=NO_LOCALE).output
    assert "units 2 added, 0 changed, 0 unchanged" in english
    assert "(dry run: nothing written)" in english
    assert store.counts()["nodes"]["unit"] == 0
