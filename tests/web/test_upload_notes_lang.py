"""The web upload's preview speaks the page's language (Finnish first): the reader's
warnings (e.g. "HSDS has no sector") and the sheet names, in fi, sv and en, through the
real app and SQLite store (the command line: tests/interop/test_import_notes_lang.py)."""
from __future__ import annotations

import io
import re

import pytest

from graphmap.i18n import LANGS, catalogue
from tests.interop.conftest import hsds_dir  # noqa: F401 (the official HSDS examples)
from tests.interop.test_import_notes_lang import NO_SECTOR
from tests.web.accounts import add_users, login


@pytest.mark.parametrize("lang", LANGS)
def test_the_web_preview_shows_notes_and_sheets_in_the_page_s_language(
        web_store, client, hsds_dir, lang):  # noqa: F811 (the fixture imported above)
    example = hsds_dir / "examples" / "service_full.json"
    add_users(web_store)
    login(client, "admin1")
    page = client.get(f"/import?lang={lang}")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/import", data={"csrf_token": csrf, "file": (
        io.BytesIO(example.read_bytes()), "palvelu.json")}, content_type="multipart/form-data")
    assert r.status_code == 200, r.text[-2000:]
    warnings = re.search(r'<ul class="warnings" id="upload-warnings">(.*?)</ul>', r.text, re.S)
    assert warnings and NO_SECTOR[lang] in warnings.group(1)
    table = re.search(r'<table id="upload-preview">(.*?)</table>', r.text, re.S).group(1)
    assert f'<th scope="row">{catalogue(lang)["import.sheet_name.units"]}</th>' in table


ERRORS = {"fi": "Lähetä .xlsx-työkirja", "sv": "Skicka en .xlsx-arbetsbok",
          "en": "upload an .xlsx workbook"}


@pytest.mark.parametrize("lang", LANGS)
def test_an_upload_refused_says_why_in_the_page_s_language(web_store, client, lang):
    add_users(web_store)
    csrf = login(client, "koivu-ed")
    r = client.post(f"/api/import?lang={lang}", data={"file": (io.BytesIO(b"MZ"), "ohjelma.exe")},
                    headers={"X-CSRF-Token": csrf}, content_type="multipart/form-data")
    assert r.status_code == 400
    body = r.get_json()
    assert body["param"] == "file" and ERRORS[lang] in body["error"] and "'ohjelma.exe'" in body["error"]
    for other in set(ERRORS) - {lang}:
        assert ERRORS[other] not in body["error"]
    gone = client.get(f"/api/import/progress/{'x' * 20}?lang={lang}")
    assert gone.status_code == 404
    assert {"fi": "käynnissä", "sv": "pågående", "en": "running"}[lang] in gone.get_json()["error"]


def test_the_preview_names_a_single_sheet_as_its_uploader_did(web_store, client):
    add_users(web_store)
    csrf = login(client, "koivu-ed")
    r = client.post("/api/import", data={"file": (io.BytesIO(
        "id,name,organisation,area\nkerho1,Perhekerho,mll,koivula\n".encode()), "yksiköt.csv")},
        headers={"X-CSRF-Token": csrf}, content_type="multipart/form-data")
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["preview"]["path"] == "yksiköt.csv"


def test_a_survey_preview_names_its_report_in_finnish(web_store, client):
    from pathlib import Path
    survey = Path(__file__).parents[1] / "fixtures" / "survey" / "koivula_kysely.csv"
    add_users(web_store)
    login(client, "admin1")
    page = client.get("/import")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/import", data={"csrf_token": csrf, "file": (
        io.BytesIO(survey.read_bytes()), survey.name)}, content_type="multipart/form-data")
    assert r.status_code == 200, r.text[-2000:]
    report = re.search(r'<dl id="upload-report">(.*?)</dl>', r.text, re.S).group(1)
    assert "<dt>vastaajia</dt>" in report and "<dt>eivät vastanneet</dt>" in report
    assert "respondents" not in report
    assert '<th scope="row">yhteydet</th>' in r.text  # the links sheet, in Finnish


@pytest.mark.parametrize("lang", LANGS)
def test_an_upload_that_is_no_workbook_says_why_in_the_page_s_language(web_store, client, lang):
    """A text file named .xlsx: the reason is the catalogue's (graphmap.i18n.failure),
    not zipfile's English "BadZipFile: File is not a zip file"."""
    add_users(web_store)
    csrf = login(client, "koivu-ed")
    r = client.post(f"/api/import?lang={lang}", data={"file": (
        io.BytesIO(b"ei tyokirja\n"), "kartta.xlsx")},
        headers={"X-CSRF-Token": csrf}, content_type="multipart/form-data")
    assert r.status_code == 400, r.text[-2000:]
    body = r.get_json()
    assert body["ok"] is False
    text = str(body["problems"])
    assert catalogue(lang)["failure.not_zip"] in text and "kartta.xlsx" in text, text
    assert "BadZipFile" not in text and "zip file" not in text
