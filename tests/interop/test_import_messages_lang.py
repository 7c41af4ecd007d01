"""A broken HSDS or PTV file is explained in the user's language (issue 12 item 3):
Finnish by default, English with ``--lang en`` or ``GRAPHMAP_LANG=en`` — the file,
the place in it and what is wrong, through the real command and SQLite store."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphmap.cli import main

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
