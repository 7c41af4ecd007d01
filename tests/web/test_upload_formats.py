"""The web upload is the same import as ``graphmap import`` (issue 12 item 4): every
format the command takes (HSDS JSON, a zip of PTV JSON files, a network survey),
the same counts as the command's dry run, problems located in the file as the
uploader named it — and one parse and one store read per preview.  On the real app
and SQLite store."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from graphmap.importers.formats import export_any, import_any
from graphmap.model import Unit
from graphmap.web import upload
from tests.web.accounts import add_users, login
from tests.web.conftest import web_network

FIXTURES = Path(__file__).parents[1] / "fixtures"
PTV = FIXTURES / "ptv"
SURVEY = FIXTURES / "survey" / "koivula_kysely.csv"
NEUVOLA = "ptv:0b000000-0000-4000-8000-000000000001"


@pytest.fixture
def admin(web_store, client):
    add_users(web_store)
    return login(client, "admin1")


@pytest.fixture
def app_store(app):
    """The store object the app itself reads and writes."""
    return app.extensions["graphmap.store"]


def _upload(client, csrf, name, data):
    return client.post("/api/import", data={"file": (io.BytesIO(data), name)},
                       headers={"X-CSRF-Token": csrf}, content_type="multipart/form-data")


def _commit(client, csrf, body):
    return client.post(body["commit_url"], headers={"X-CSRF-Token": csrf})


def _zip(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, path.name)
    return buf.getvalue()


def test_a_zip_of_ptv_files_previews_as_the_cli_dry_run_and_commits(admin, client, app_store):
    expected = import_any(PTV, app_store, dry_run=True)
    r = _upload(client, admin, "ptv-haku.zip", _zip(PTV))
    assert r.status_code == 200, r.get_json()
    preview = r.get_json()["preview"]
    assert preview["format"] == "ptv"
    assert preview["sheets"] == expected.sheets and preview["sheets"]["units"]["added"] >= 2
    assert NEUVOLA in preview["details"]["added"]["units"]
    assert client.get(f"/api/units/{quote(NEUVOLA)}").status_code == 404  # nothing yet
    done = _commit(client, admin, r.get_json())
    assert done.status_code == 200 and done.get_json()["result"]["written"] is True
    unit = client.get(f"/api/units/{quote(NEUVOLA)}").get_json()["unit"]
    assert unit["name"] == "Lastenneuvola"
    assert {e["actor"] for e in app_store.history(key=NEUVOLA)} == {"admin1"}


def test_a_survey_csv_previews_its_ties_and_report(admin, client, app_store):
    expected = import_any(SURVEY, app_store, dry_run=True)
    r = _upload(client, admin, SURVEY.name, SURVEY.read_bytes())
    assert r.status_code == 200, r.get_json()
    preview = r.get_json()["preview"]
    assert preview["format"] == "survey" and preview["sheets"] == expected.sheets
    assert preview["report"]["respondents"] == 4
    assert "po-sari>sos-olli:consults" in preview["details"]["added"]["links"]
    assert _commit(client, admin, r.get_json()).status_code == 200
    assert ("po-sari", "sos-olli", "consults") in app_store.read().links


def test_an_hsds_json_file_previews_as_the_cli_dry_run(admin, client, app_store, tmp_path):
    net = web_network()
    net.add(Unit("hsds-kerho", "Kerho HSDS:stä", "mll", "koivula"))
    path = export_any(net, tmp_path / "palvelut.json", "hsds")
    expected = import_any(path, app_store, dry_run=True)
    r = _upload(client, admin, "palvelut.json", path.read_bytes())
    assert r.status_code == 200, r.get_json()
    preview = r.get_json()["preview"]
    assert preview["format"] == "hsds" and preview["sheets"] == expected.sheets
    assert preview["sheets"]["units"]["added"] == 1
    assert _commit(client, admin, r.get_json()).status_code == 200
    assert [u.name for u in app_store.read().units.values()
            if u.name == "Kerho HSDS:stä"] == ["Kerho HSDS:stä"]


def test_a_broken_hsds_file_is_located_under_its_own_name(admin, client, app_store, tmp_path):
    before = app_store.revision()
    bad = b'{"id": "x", "name": "Palvelu", "organization": {"id": "o"}, "status": 5'
    r = _upload(client, admin, "rikki.json", bad)
    assert r.status_code == 400
    problems = r.get_json()["problems"]
    assert problems and {p["file"] for p in problems} == {"rikki.json"}
    assert app_store.revision() == before


def test_a_broken_hsds_file_is_explained_in_finnish(admin, client, app_store):
    before = app_store.revision()
    bad = b'{"services": [{"id": "s1", "name": "Perhekerho", "organization_id": "ei-ole"}]}'
    r = _upload(client, admin, "palvelut.json", bad)
    assert r.status_code == 400
    assert [p["message"] for p in r.get_json()["problems"]] == [
        "aineistossa ei ole organisaatiota, jonka tunniste on 'ei-ole'"]
    assert app_store.revision() == before


def test_only_a_workbook_may_replace_the_network(admin, client, app_store):
    before = app_store.revision()
    r = client.post("/api/import", data={"file": (io.BytesIO(SURVEY.read_bytes()),
                                                  SURVEY.name), "replace": "1"},
                    headers={"X-CSRF-Token": admin}, content_type="multipart/form-data")
    assert r.status_code == 400
    assert "vain työkirja voi korvata" in r.get_json()["problems"][0]["message"]
    assert app_store.revision() == before


def test_a_preview_parses_once_and_reads_the_store_once(web_store, client, app_store,
                                                          monkeypatch):
    add_users(web_store)
    editor = login(client, "koivu-ed")
    assert client.get("/import").status_code == 200  # the page's own reads come first
    reads, inside = [], []

    def counted(real):
        def counted_read(*args, **kwargs):
            if not inside:  # read_reusing may be read() itself (Neo4j)
                reads.append((real.__name__, args, kwargs))
            inside.append(1)
            try:
                return real(*args, **kwargs)
            finally:
                inside.pop()
        return counted_read

    # a whole read either way: plain, or comparing with the upload's records
    monkeypatch.setattr(app_store, "read", counted(app_store.read))
    monkeypatch.setattr(app_store, "read_reusing", counted(app_store.read_reusing))
    parses = []
    real_parse = upload.read_any
    monkeypatch.setattr(upload, "read_any", lambda *a, **k: parses.append(a) or real_parse(*a, **k))
    csv = b"id,name,organisation,area\nkerho9,Perhekerho 9,mll,koivula\n"
    r = _upload(client, editor, "units.csv", csv)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["preview"]["sheets"]["units"]["added"] == 1
    assert len(reads) == 1 and len(parses) == 1, (reads, parses)
    reads.clear()
    assert _commit(client, editor, r.get_json()).status_code == 200
    assert len(reads) == 1, reads  # the commit checks against one fresh read too
    assert app_store.read().units["kerho9"].name == "Perhekerho 9"
