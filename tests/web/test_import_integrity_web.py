"""The web's side of issue 10's import fixes: the API and the upload refuse what the
model refuses (located, never a 500, the store unchanged), show problems with the file
as the uploader named it and in the page's language, capped like the CLI; Excel
"Unicode text" and Finnish sheet file names upload as they import on the command line."""
from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from tests.web.accounts import add_users, login


@pytest.fixture
def editor(web_store, client):
    add_users(web_store)
    return login(client, "koivu-ed")


def _state(store):
    return store.read(), store.revision()


def _upload(client, csrf, name, data, url="/api/import"):
    return client.post(url, data={"file": (io.BytesIO(data), name)},
                       headers={"X-CSRF-Token": csrf}, content_type="multipart/form-data")


UNIT = {"id": "uusi", "name": "Uusi", "organisation": "hyva", "area": "koivula"}


@pytest.mark.parametrize("field, value, text", [
    ("capacity", 10**23, "the number 100000000000000000000000 is too large"),
    ("name", "Nimi\ud800", "the invalid character U+D800"),
    ("name", "Ni\x00mi", "the control character U+0000"),
    ("description", "a\x07b", "the control character U+0007")])
def test_api_refuses_what_cannot_be_stored_with_the_field(editor, client, web_store, field,
                                                          value, text):
    before = _state(web_store)
    import json
    # ensure_ascii: a lone surrogate travels as the JSON escape \ud800, as a browser sends it
    r = client.post("/api/units?lang=en", data=json.dumps({**UNIT, field: value}),
                    content_type="application/json", headers={"X-CSRF-Token": editor})
    assert r.status_code == 400
    problems = r.get_json()["problems"]
    assert [p["field"] for p in problems] == [field]
    assert text in problems[0]["message"]
    assert _state(web_store) == before


def test_api_problem_speaks_finnish_by_default(editor, client, web_store):
    r = client.post("/api/units", json={**UNIT, "capacity": 10**23},
                    headers={"X-CSRF-Token": editor})
    assert r.status_code == 400
    assert r.get_json()["problems"][0]["message"].startswith(
        "luku 100000000000000000000000 on liian suuri")


def test_api_patch_with_a_huge_number_is_a_400_not_a_500(editor, client, web_store):
    before = _state(web_store)
    r = client.patch("/api/units/perheohjaus", json={"capacity": 10**23},
                     headers={"X-CSRF-Token": editor})
    assert r.status_code == 400
    assert _state(web_store) == before


def test_zip_problems_name_the_file_inside(editor, client, web_store):
    before = _state(web_store)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Yksiköt kevät.csv", "id,name,organisation,area\nu1,Nimi,hyva,koivula\n")
        zf.writestr("tehtävät.csv", b"id,title,unit\nr1,Ohjaaja\x00,u1\n")
    r = _upload(client, editor, "sheets.zip", buf.getvalue(), "/api/import?lang=en")
    assert r.status_code == 400
    problems = r.get_json()["problems"]
    assert [(p["file"], p["row"], p["column"]) for p in problems] == [
        ("tehtävät.csv", 2, "title")]
    assert problems[0]["message"].startswith("the file holds a NUL byte")
    assert _state(web_store) == before


def test_upload_page_lists_file_row_column_in_finnish(editor, client):
    import re
    page = client.get("/import")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/import", data={"csrf_token": csrf, "file": (io.BytesIO(
        "id,name,organisation,area,capacity\nu1,Nimi,hyva,koivula,1e30x\n"
        "u2,Nimi,hyva,koivula,100000000000000000000000\n".encode()), "yksiköt.csv")},
        content_type="multipart/form-data")
    assert r.status_code == 400
    assert 'id="upload-problems"' in r.text
    assert "yksiköt.csv" in r.text
    assert "luku 100000000000000000000000 on liian suuri" in r.text


def test_finnish_sheet_name_and_unicode_text_upload_as_on_the_cli(editor, client, web_store):
    r = _upload(client, editor, "tehtävät.csv",
                "id,title,unit\nuusi-rooli,kuraattori,kahvila\n".encode())
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["preview"]["sheets"] == {"roles": {"added": 1, "changed": 0,
                                                           "unchanged": 0}}
    text = "id\tname\torganisation\tarea\nkerho-ä\tPerhekerho Äimä\tmll\tkoivula\n"
    r = _upload(client, editor, "yksiköt.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["preview"]["details"]["added"]["units"] == ["kerho-ä"]
    r = client.post(body["commit_url"], headers={"X-CSRF-Token": editor})
    assert r.status_code == 200
    assert web_store.read().units["kerho-ä"].name == "Perhekerho Äimä"


def test_upload_problem_list_is_capped_like_the_cli(editor, client, web_store):
    from graphmap.importers.problems import MAX_PROBLEMS
    rows = "".join(f"u{i},Nimi,hyva,koivula,x\n" for i in range(MAX_PROBLEMS + 50))
    r = _upload(client, editor, "units.csv",
                ("id,name,organisation,area,capacity\n" + rows).encode(), "/api/import?lang=en")
    assert r.status_code == 400
    problems = r.get_json()["problems"]
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1]["message"] == "… and 50 more problems"


def test_two_zip_members_with_one_safe_name_are_refused_not_overwritten(editor, client,
                                                                         web_store):
    before = _state(web_store)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("yksiköt.csv", "id,name,organisation,area\nu1,Yksi,hyva,koivula\n")
        zf.writestr("yksikot.csv", "id,name,organisation,area\nu2,Kaksi,hyva,koivula\n")
    r = _upload(client, editor, "sheets.zip", buf.getvalue())
    assert r.status_code == 400
    assert "yksiköt.csv" in r.get_data(as_text=True)
    assert _state(web_store) == before


def test_an_id_with_finnish_letters_works_through_the_api(editor, client, web_store):
    from urllib.parse import quote
    r = client.post("/api/units", json={**UNIT, "id": "kerho-äijä"},
                    headers={"X-CSRF-Token": editor})
    assert r.status_code == 201, r.get_json()
    got = client.get(f"/api/units/{quote('kerho-äijä')}")
    assert got.status_code == 200 and got.get_json()["unit"]["id"] == "kerho-äijä"
    assert client.get(f"/units/{quote('kerho-äijä')}").status_code == 200


def test_an_uploaded_bomb_is_refused_unread(editor, client, web_store, tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "units"
    wb.active.append(["id", "name", "organisation", "area"])
    path = tmp_path / "pommi.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/sharedStrings.xml", "<sst>" + "A" * 20_000_000 + "</sst>")
    before = _state(web_store)
    r = _upload(client, editor, "pommi.xlsx", path.read_bytes(), "/api/import?lang=sv")
    assert r.status_code == 400
    (problem,) = r.get_json()["problems"]
    assert problem["file"] == "pommi.xlsx"
    assert problem["message"].startswith("filens del xl/sharedStrings.xml skulle packas upp "
                                         "till 20 MB")
    assert _state(web_store) == before
