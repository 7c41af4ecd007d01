"""One rule for who may change what (issue 10 item 5): the write API and the web import
refuse and allow the same changes (web/permissions.py).  An editor changes an
organisation only when every unit it runs is in their areas."""
from __future__ import annotations

import io
import zipfile

import pytest

from tests.web.accounts import add_users, login


@pytest.fixture
def users(web_store):
    add_users(web_store)
    return web_store


def _zip(**sheets) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in sheets.items():
            zf.writestr(f"{name}.csv", text)
    buf.seek(0)
    return buf


def _upload(client, csrf, **sheets):
    return client.post("/api/import", headers={"X-CSRF-Token": csrf},
                       data={"file": (_zip(**sheets), "upload.zip")},
                       content_type="multipart/form-data")


def _commit(client, csrf, preview):
    return client.post(preview.get_json()["commit_url"], headers={"X-CSRF-Token": csrf})


RENAME_MLL = "id,name,sector\nmll,Vallattu yhdistys,parish\n"   # runs units in Koivula only
RENAME_HYVA = "id,name,sector\nhyva,Vallattu alue,ngo\n"        # Koivula and Haapala


@pytest.mark.parametrize("who,sheet", [("haapa-ed", RENAME_MLL), ("koivu-ed", RENAME_HYVA),
                                       ("haapa-ed", RENAME_HYVA)])
def test_editor_cannot_rename_an_organisation_outside_their_areas(users, client, who, sheet):
    before, revision = users.read().organisations, users.revision()
    csrf = login(client, who)
    r = _upload(client, csrf, organisations=sheet)
    # the refusal's reason in the user's language (Finnish), naming the organisation
    error = r.get_json()["error"]
    assert r.status_code == 403 and "Vain ylläpitäjä voi muuttaa organisaatiota" in error
    assert sheet.split("\n")[1].split(",")[0] in error
    assert users.read().organisations == before and users.revision() == revision


def test_editor_cannot_add_an_organisation_that_runs_nothing(users, client):
    csrf = login(client, "koivu-ed")
    r = _upload(client, csrf, organisations="id,name,sector\nuusi,Uusi ry,ngo\n")
    assert r.status_code == 403
    assert "uusi" not in users.read().organisations


def test_editor_adds_an_organisation_with_its_unit_in_their_area(users, client):
    csrf = login(client, "koivu-ed")
    r = _upload(client, csrf, organisations="id,name,sector\nuusi,Uusi ry,ngo\n",
                units="id,name,organisation,area\nuusi-kerho,Kerho,uusi,koivula-kk\n")
    assert r.status_code == 200, r.get_json()
    assert _commit(client, csrf, r).status_code == 200
    net = users.read()
    assert net.organisations["uusi"].name == "Uusi ry" and net.units["uusi-kerho"]


def test_editor_renames_an_organisation_wholly_in_their_area(users, client):
    csrf = login(client, "koivu-ed")
    r = _upload(client, csrf, organisations=RENAME_MLL)
    assert r.status_code == 200, r.get_json()
    assert _commit(client, csrf, r).status_code == 200
    assert users.read().organisations["mll"].name == "Vallattu yhdistys"


def test_admin_renames_any_organisation(users, client):
    csrf = login(client, "admin1")
    r = _upload(client, csrf, organisations=RENAME_HYVA)
    assert r.status_code == 200 and _commit(client, csrf, r).status_code == 200
    assert users.read().organisations["hyva"].name == "Vallattu alue"


def test_api_and_import_refuse_the_same_unit_change(users, client):
    revision = users.revision()
    csrf = login(client, "koivu-ed")
    r = client.patch("/api/units/haapala-neuvola", json={"name": "X"},
                     headers={"X-CSRF-Token": csrf})
    assert r.status_code == 403
    r = _upload(client, csrf, units="id,name,organisation,area\n"
                                    "haapala-neuvola,X,hyva,haapala\n")
    assert r.status_code == 403
    assert users.revision() == revision


def test_unchanged_records_of_other_areas_need_no_right(users, client):
    """A coordinator re-uploads a whole export with their own change in it."""
    csrf = login(client, "koivu-ed")
    r = _upload(client, csrf,
                organisations="id,name,sector\nhyva,Testin hyvinvointialue,county\n",
                units="id,name,organisation,area\n"
                      "haapala-neuvola,Haapalan neuvola,hyva,haapala\n"
                      "kahvila,Kohtaamo,mll,koivula\n")
    assert r.status_code == 200, r.get_json()
    assert _commit(client, csrf, r).status_code == 200
    assert users.read().units["kahvila"].name == "Kohtaamo"


def test_commit_checks_the_rule_again(users, client):
    """The rule looks at what changes; a unit moved away after the preview makes the
    organisation another area's, so the commit is refused."""
    csrf = login(client, "koivu-ed")
    r = _upload(client, csrf, organisations=RENAME_MLL)
    assert r.status_code == 200
    admin = client.application.test_client()
    admin_csrf = login(admin, "admin1")
    assert admin.patch("/api/units/kahvila", json={"area": "haapala"},
                       headers={"X-CSRF-Token": admin_csrf}).status_code == 200
    assert _commit(client, csrf, r).status_code == 403
    assert users.read().organisations["mll"].name == "Koivulan perheyhdistys ry"


def test_refusal_page_says_why_in_finnish(users, client):
    csrf = login(client, "haapa-ed")
    r = client.post("/import", headers={"X-CSRF-Token": csrf},
                    data={"file": (_zip(organisations=RENAME_MLL), "upload.zip")},
                    content_type="multipart/form-data")
    assert r.status_code == 403
    assert "organisaatiota vain, jos kaikki sen yksiköt ovat hänen alueillaan" in r.text
