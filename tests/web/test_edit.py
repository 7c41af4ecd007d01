"""Editing through the web app (issue 5 item 2): the write API for units, roles and
links, "contact verified", the edit forms, and workbook upload with a preview — on
the real app and SQLite store; every write shows up in the next read and in history."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from urllib.parse import quote

import pytest

from graphmap.importers.export import export_workbook
from graphmap.model import Network
from tests.web.accounts import add_users, login


@pytest.fixture
def editor(web_store, client):
    add_users(web_store)
    return login(client, "koivu-ed")


def _h(csrf):
    return {"X-CSRF-Token": csrf}


def test_create_change_delete_unit(editor, client, web_store):
    body = {"id": "uusi", "name": "Uusi perhetyö", "organisation": "hyva", "area": "koivula",
            "level": "early", "services": ["perhetyö", "kotipalvelu"], "phone": "040 000 2001",
            "self_referral": True, "ages": [0, 6]}
    r = client.post("/api/units", json=body, headers=_h(editor))
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["result"]["added"] == 1
    got = client.get("/api/units/uusi").get_json()["unit"]
    assert got["name"] == "Uusi perhetyö" and got["services"] == ["perhetyö", "kotipalvelu"]
    assert got["ages"] == [0, 6] and got["self_referral"] is True

    r = client.patch("/api/units/uusi", json={"phone": None, "capacity": 40},
                     headers=_h(editor))
    assert r.status_code == 200, r.get_json()
    got = client.get("/api/units/uusi").get_json()["unit"]
    assert got["phone"] is None and got["capacity"] == 40 and got["name"] == "Uusi perhetyö"

    r = client.delete("/api/units/uusi", headers=_h(editor))
    assert r.status_code == 200
    assert client.get("/api/units/uusi").status_code == 404
    ops = [(e["op"], e["actor"]) for e in web_store.history(key="uusi")]
    assert ops == [("remove", "koivu-ed"), ("change", "koivu-ed"), ("add", "koivu-ed")]


def test_bad_values_answer_400_with_the_field(editor, client, web_store):
    before = web_store.revision()
    r = client.post("/api/units", json={"id": "x1", "name": "X", "organisation": "hyva",
                                        "area": "koivula", "phone": "not a phone",
                                        "level": "kolmas", "colour": "red"},
                    headers=_h(editor))
    assert r.status_code == 400
    fields = {p["field"] for p in r.get_json()["problems"]}
    assert fields == {"phone", "level", "colour"}
    r = client.post("/api/units", json={"id": "x2", "name": "X", "organisation": "eiole",
                                        "area": "koivula"}, headers=_h(editor))
    assert r.status_code == 400 and "eiole" in r.get_json()["problems"][0]["message"]
    r = client.post("/api/units", data="not json", headers=_h(editor))
    assert r.status_code == 400 and r.get_json()["param"] == "body"
    assert web_store.revision() == before


def test_existing_missing_and_key_change(editor, client):
    r = client.post("/api/units", json={"id": "neuvola", "name": "N", "organisation": "hyva",
                                        "area": "koivula"}, headers=_h(editor))
    assert r.status_code == 409
    assert client.patch("/api/units/eiole", json={"name": "x"},
                        headers=_h(editor)).status_code == 404
    r = client.patch("/api/units/neuvola", json={"id": "toinen"}, headers=_h(editor))
    assert r.status_code == 400 and r.get_json()["problems"][0]["field"] == "id"


def test_roles_and_verified(editor, client):
    r = client.post("/api/roles", json={"id": "th-uusi", "title": "terveydenhoitaja",
                                        "unit": "neuvola", "person": "Ville Keksitty",
                                        "public": False}, headers=_h(editor))
    assert r.status_code == 201, r.get_json()
    r = client.post("/api/roles/th-uusi/verified", headers=_h(editor))
    assert r.status_code == 200
    assert r.get_json()["role"]["verified"] == dt.date.today().isoformat()
    assert client.get("/api/roles/th-uusi").get_json()["role"]["verified"] == \
        dt.date.today().isoformat()


def test_links_by_url_encoded_id(editor, client):
    body = {"source": "neuvola", "target": "perheneuvola", "kind": "consults", "volume": 12}
    r = client.post("/api/links", json=body, headers=_h(editor))
    assert r.status_code == 201, r.get_json()
    link_id = "neuvola>perheneuvola:consults"
    r = client.patch("/api/links/" + quote(link_id, safe=""), json={"volume": 20,
                                                                   "frequency": "monthly"},
                     headers=_h(editor))
    assert r.status_code == 200, r.get_json()
    out = client.get("/api/units/neuvola").get_json()["links_out"]
    assert [l["volume"] for l in out if l["id"] == link_id] == [20]
    assert client.delete("/api/links/" + quote(link_id, safe=""),
                         headers=_h(editor)).status_code == 200
    out = client.get("/api/units/neuvola").get_json()["links_out"]
    assert link_id not in [l["id"] for l in out]
    assert client.delete("/api/links/nonsense", headers=_h(editor)).status_code == 400


def test_deleting_a_unit_takes_its_roles_and_links(editor, client):
    assert client.delete("/api/units/perheneuvola", headers=_h(editor)).status_code == 200
    assert client.get("/api/roles/psy-liisa").status_code == 404
    graph = client.get("/api/areas/koivula/graph").get_json()
    assert all("perheneuvola" not in (e["data"]["source"], e["data"]["target"])
               for e in graph["edges"])


def _csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_edit_form_page(editor, client):
    page = client.get("/units/perheohjaus/edit")
    assert page.status_code == 200 and 'value="Perheohjaus"' in page.text
    r = client.post("/units/perheohjaus/edit", data={"csrf_token": _csrf(page.text),
                                                     "name": "Perheohjaus ja -tuki",
                                                     "phone": "040 000 3000"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/units/perheohjaus")
    profile = client.get("/units/perheohjaus").text
    assert "Perheohjaus ja -tuki" in profile and "040 000 3000" in profile
    r = client.post("/units/perheohjaus/edit", data={"csrf_token": _csrf(page.text),
                                                     "email": "ei-osoite"})
    assert r.status_code == 400 and 'id="edit-problems"' in r.text and "email" in r.text


def test_new_and_delete_forms_and_verified_button(editor, client):
    page = client.get("/roles/new?unit=kahvila")
    assert page.status_code == 200 and 'value="kahvila"' in page.text
    r = client.post("/roles/new", data={"csrf_token": _csrf(page.text), "id": "kahv-ohjaaja",
                                        "title": "ohjaaja", "unit": "kahvila"})
    assert r.status_code == 303
    role_page = client.get("/roles/kahv-ohjaaja").text
    assert 'id="verify-role"' in role_page
    client.post("/roles/kahv-ohjaaja/verified", data={"csrf_token": _csrf(role_page)})
    today = dt.date.today()  # written as the page's language writes dates (fi: 26.11.2026)
    assert f"{today.day}.{today.month}.{today.year}" in client.get("/roles/kahv-ohjaaja").text
    r = client.post("/roles/kahv-ohjaaja/delete", data={"csrf_token": _csrf(role_page)})
    assert r.status_code == 303 and r.headers["Location"].endswith("/units/kahvila")
    assert client.get("/roles/kahv-ohjaaja").status_code == 404


def _upload(client, csrf, name, data, url="/api/import"):
    return client.post(url, data={"file": (io.BytesIO(data), name)},
                       headers=_h(csrf), content_type="multipart/form-data")


def test_upload_preview_then_commit_csv(editor, client, web_store):
    csv = ("id,name,organisation,area\n"
           "kerho,Perhekerho,mll,koivula\n"
           "perheohjaus,Perheohjaus (uusi nimi),hyva,koivula\n").encode()
    r = _upload(client, editor, "units.csv", csv)
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["preview"]["sheets"]["units"] == {"added": 1, "changed": 1, "unchanged": 0}
    details = body["preview"]["details"]
    assert details["added"]["units"] == ["kerho"]
    # only the name changes: the columns the sheet lacks (phone, level …) keep their values
    assert details["changed"]["units"] == [
        {"key": "perheohjaus", "fields": {"name": ["Perheohjaus", "Perheohjaus (uusi nimi)"]}}]
    assert details["removed"]["units"] == []
    assert client.get("/api/units/kerho").status_code == 404  # a preview writes nothing
    r = client.post(body["commit_url"], headers=_h(editor))
    assert r.status_code == 200 and r.get_json()["result"]["written"] is True
    assert client.get("/api/units/kerho").get_json()["unit"]["name"] == "Perhekerho"
    assert client.post(body["commit_url"], headers=_h(editor)).status_code == 404  # once
    # the history names the uploader, not a system account
    assert {e["actor"] for e in web_store.history(key="kerho")} == {"koivu-ed"}


def test_upload_xlsx_and_zip(editor, client, tmp_path, web_store):
    net = Network()
    unit = web_store.read().units["kahvila"]
    unit.name = "Perhekahvila Kohtaamo ja Olohuone"
    net.add(unit)
    path = export_workbook(net, tmp_path / "muutos.xlsx")
    r = _upload(client, editor, "muutos.xlsx", path.read_bytes())
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["preview"]["sheets"]["units"]["changed"] == 1
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("units.csv", "id,name,organisation,area\nkerho2,Kerho,mll,koivula\n")
    r = _upload(client, editor, "sheets.zip", buf.getvalue())
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["preview"]["sheets"]["units"]["added"] == 1


def test_upload_with_problems_lists_them(editor, client):
    r = _upload(client, editor, "units.csv",
                b"id,name,organisation,area\nx,X,hyva,koivula,extra\nbad id,Y,hyva,koivula\n")
    assert r.status_code == 400
    assert r.get_json()["ok"] is False and r.get_json()["problems"]


def test_upload_page_preview_and_commit(editor, client):
    page = client.get("/import")
    assert page.status_code == 200 and 'id="upload-form"' in page.text
    r = client.post("/import", data={"csrf_token": _csrf(page.text), "file": (io.BytesIO(
        b"id,name,organisation,area\nkerho3,Kerho 3,mll,koivula\n"), "units.csv")},
        content_type="multipart/form-data")
    assert r.status_code == 200 and 'id="upload-preview"' in r.text
    assert 'data-kind="added" data-sheet="units">kerho3<' in r.text
    action = re.search(r'action="(/import/[^"]+/commit)"', r.text).group(1)
    done = client.post(action, data={"csrf_token": _csrf(r.text)})
    assert done.status_code == 200 and 'id="upload-done"' in done.text
    assert client.get("/api/units/kerho3").status_code == 200


# ------------------------------------------------------------- for coordinators (issue 15)


def test_edit_form_speaks_finnish_with_pickers_not_ids(editor, client, web_store):
    page = client.get("/units/perheohjaus/edit").text
    assert "<h1>Muokkaa yksikköä: Perheohjaus</h1>" in page or ": Perheohjaus</h1>" in page
    options = re.findall(r"<option value=\"([^\"]*)\"[^>]*>([^<]*)</option>", page)
    # every choice is shown in Finnish: no option reads as its English value
    english = {v for v, text in options if v and text == v and re.fullmatch(r"[a-z_]+", v)}
    assert not english, english
    assert ("early", "varhainen tuki") in options or any(v == "early" and t != "early"
                                                         for v, t in options)
    # organisation and area by name, chosen from lists
    org = page[page.index('id="f-organisation"'):]
    org = org[:org.index("</select>")]
    unit = web_store.read().units["perheohjaus"]
    org_name = web_store.read().organisations[unit.organisation].name
    assert f'<option value="{unit.organisation}" selected>{org_name}</option>' in org
    area = page[page.index('id="f-area"'):]
    assert '<option value="koivula" selected>Koivulan perhekeskus</option>' in area
    # channels as translated checkboxes
    channels = page[page.index('id="f-channels"'):page.index("</fieldset>")]
    assert 'value="phone"' in channels and "puhelin" in channels.lower()
    assert 'name="id"' in page and 'id="f-id"' not in page  # the key is not a text box


def test_channels_checkboxes_are_saved(editor, client, web_store):
    page = client.get("/units/perheohjaus/edit").text
    r = client.post("/units/perheohjaus/edit", data={
        "csrf_token": _csrf(page), "channels-sent": "1", "channels": ["phone", "walk_in"]})
    assert r.status_code == 303
    assert [str(c) for c in web_store.read().units["perheohjaus"].channels] == ["phone",
                                                                                 "walk_in"]
    page = client.get("/units/perheohjaus/edit").text
    r = client.post("/units/perheohjaus/edit", data={"csrf_token": _csrf(page),
                                                     "channels-sent": "1"})
    assert r.status_code == 303 and web_store.read().units["perheohjaus"].channels == []


def test_area_export_re_imports_for_the_same_editor(editor, client, web_store):
    r = client.get("/areas/koivula/export.xlsx")
    assert r.status_code == 200 and r.data[:2] == b"PK"
    assert "graphmap-koivula-" in r.headers["Content-Disposition"]
    before = web_store.read()
    # the editor changes one of their units in Excel and imports the file back
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(r.data))
    units = book["units"] if "units" in book.sheetnames else book[book.sheetnames[2]]
    header = [c.value for c in units[1]]
    ids = {row[header.index("id")].value: row for row in units.iter_rows(min_row=2)}
    assert set(ids) >= {u for u, x in before.units.items() if x.area == "koivula"}
    ids["kahvila"][header.index("name")].value = "Perhekahvila (muokattu)"
    out = io.BytesIO()
    book.save(out)
    up = _upload(client, editor, "koivula.xlsx", out.getvalue())
    assert up.status_code == 200, up.get_json()
    assert up.get_json()["preview"]["sheets"]["units"]["changed"] == 1
    assert client.post(up.get_json()["commit_url"], headers=_h(editor)).status_code == 200
    assert web_store.read().units["kahvila"].name == "Perhekahvila (muokattu)"
    # the upload page offers the editor's own areas only
    page = client.get("/import").text
    assert 'href="/areas/koivula/export.xlsx"' in page
    assert "/areas/haapala/export.xlsx" not in page


def test_forbidden_page_says_what_is_allowed(editor, client):
    r = client.get("/areas/haapala/export.xlsx")
    assert r.status_code == 403
    assert "<h1>Ei oikeutta</h1>" in r.text
    assert "Voit muokata näiden alueiden ja niiden osa-alueiden tietoja: Koivulan " \
           "perhekeskus." in r.text
    assert "Virheellinen" not in r.text


def test_forbidden_page_for_a_viewer(web_store, client):
    add_users(web_store)
    login(client, "katsoja")
    r = client.get("/units/perheohjaus/edit")
    assert r.status_code == 403 and "<h1>Ei oikeutta</h1>" in r.text
    assert "voi katsoa tietoja mutta ei muuttaa" in r.text
