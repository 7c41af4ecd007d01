"""An import's notes read in the user's language too (Finnish first): the warnings a
reader leaves (HSDS has no sector, a column not known …), the names of the sheets in
the summary, and a format's own report (a survey's respondents, PTV's support level) —
on the command line in fi, sv and en and in its JSON (the web upload's preview:
tests/web/test_upload_notes_lang.py).  Through the real command and SQLite store."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmap.cli import main
from graphmap.i18n import LANGS, catalogue
from tests.data import small_network

FIXTURES = Path(__file__).parents[1] / "fixtures"
PTV = FIXTURES / "ptv"
SURVEY = FIXTURES / "survey" / "koivula_kysely.csv"
NO_LOCALE = {"GRAPHMAP_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}

#: what each language calls the same note (first words of the catalogue's text)
NO_SECTOR = {"fi": "HSDS:ssä ei ole sektoria", "sv": "HSDS har ingen sektor",
             "en": "HSDS has no sector"}


def _dry_run(store_url, path, *args, lang=None):
    extra = ["--lang", lang] if lang else []
    result = CliRunner().invoke(main, ["import", str(path), "--dry-run", "--store", store_url,
                                       *extra, *args], env=NO_LOCALE, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def hsds_file(hsds_dir):
    return hsds_dir / "examples" / "service_full.json"


@pytest.mark.parametrize("lang", [None, *LANGS])
def test_hsds_warnings_and_sheet_names_in_the_user_s_language(store_url, store, hsds_file,
                                                              lang):
    shown = _dry_run(store_url, hsds_file, "--format", "hsds", lang=lang)
    lang = lang or "fi"  # Finnish when nothing is asked
    assert NO_SECTOR[lang] in shown
    for other in set(NO_SECTOR) - {lang}:
        assert NO_SECTOR[other] not in shown
    words = catalogue(lang)
    assert f"{words['import.sheet_name.organisations']}" in shown
    if lang != "en":
        assert not re.search(r"\borganisations\b", shown), shown


def test_the_json_report_gives_warnings_in_the_asked_language(store_url, store, hsds_file):
    out = _dry_run(store_url, hsds_file, "--format", "hsds", "--output", "json", lang="sv")
    body = json.loads(out)
    assert any(w.startswith("organisationen ") and NO_SECTOR["sv"] in w for w in body["warnings"])
    assert set(body["sheets"]) >= {"organisations", "units"}  # keys stay names for programs


@pytest.fixture
def known_units(store):
    store.write(small_network())
    return store


@pytest.mark.parametrize("lang, respondents, absent", [
    ("fi", "vastaajia:", "respondents"), ("sv", "svarande:", "respondents"),
    ("en", "respondents:", "vastaajia")])
def test_a_survey_report_names_its_entries_in_the_user_s_language(store_url, known_units,
                                                                  lang, respondents, absent):
    shown = _dry_run(store_url, SURVEY, "--format", "survey", lang=lang)
    assert f"\n  {respondents} " in shown
    assert absent not in shown
    report = [line.strip().split(":")[0] for line in shown.splitlines()
              if line.startswith("  ")]
    names = {catalogue(lang)[k] for k in catalogue(lang) if k.startswith("import.report.")}
    assert report and set(report) <= names, report  # every entry named, none in English


def test_ptv_support_level_note_in_finnish(store_url, store):
    shown = _dry_run(store_url, PTV)
    assert "tuen taso: PTV:ssä ei ole tuen tasoa: 2 yksikön" in shown
    assert "support level" not in shown
