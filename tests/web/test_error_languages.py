"""Finnish first for errors: every 4xx detail a page or the JSON API shows is said in
the reader's language (fi, sv, en), from the one catalogue, with the ``param`` field
and the status code unchanged — no English sentence reaches a Finnish or Swedish
user (the error page marks the detail with its language)."""
from __future__ import annotations

import html
import re

import pytest

from graphmap.i18n import LANGS
from graphmap.i18n.message import Text
from tests.web.accounts import add_users, login, token

#: (who is logged in, method, address, request options, status, param, key, values)
CASES = [
    # unknown things: 404 on the API (param "id") and on the pages (no param)
    (None, "GET", "/api/areas/nope", {}, 404, "id", "error.no_area", {"id": "'nope'"}),
    (None, "GET", "/api/units/nope", {}, 404, "id", "error.no_unit", {"id": "'nope'"}),
    (None, "GET", "/api/roles/nope", {}, 404, "id", "error.no_role", {"id": "'nope'"}),
    (None, "GET", "/areas/nope", {}, 404, None, "error.no_area", {"id": "'nope'"}),
    (None, "GET", "/units/nope", {}, 404, None, "error.no_unit", {"id": "'nope'"}),
    (None, "GET", "/roles/nope", {}, 404, None, "error.no_role", {"id": "'nope'"}),
    (None, "GET", "/api/unmet?area=nope", {}, 404, "area", "error.no_area", {"id": "'nope'"}),
    # bad parameters
    (None, "GET", "/api/search?lang=xx&q=neuvola", {}, 400, "lang", "error.one_of",
     {"param": "lang", "allowed": "fi, sv, en", "value": "'xx'"}),
    (None, "GET", "/api/areas?q=" + "x" * 101, {}, 400, "q", "error.too_long",
     {"param": "q", "most": 100}),
    (None, "GET", "/api/graph?aggregate=0", {}, 400, "aggregate", "error.aggregate_only", {}),
    (None, "GET", "/api/graph?aggregate=ehkä", {}, 400, "aggregate", "error.one_of",
     {"param": "aggregate", "allowed": "0, 1", "value": "'ehkä'"}),
    (None, "GET", "/areas/koivula?aggregate=ehkä", {}, 400, None, "error.one_of",
     {"param": "aggregate", "allowed": "0, 1", "value": "'ehkä'"}),
    # who may do what: 401 without a login, 403 with the refusal's reason
    (None, "GET", "/api/unmet?area=koivula", {}, 401, None, "error.login_required", {}),
    ("katsoja", "GET", "/units/neuvola/edit", {}, 403, None, "error.role_required",
     {"role": Text("admin.role.editor"), "you": Text("admin.role.viewer")}),
    ("koivu-ed", "GET", "/units/haapala-neuvola/edit", {}, 403, None, "error.refused.place",
     {"sheet": Text("sheet.units"), "area": "'haapala'"}),
    ("koivu-ed", "PATCH", "/api/units/haapala-neuvola", {"json": {"name": "Uusi nimi"}}, 403,
     None, "error.refused.place", {"sheet": Text("sheet.units"), "area": "'haapala'"}),
    ("koivu-ed", "GET", "/areas/haapala/export.xlsx", {}, 403, None, "error.export_forbidden",
     {"area": "'haapala'"}),
    ("koivu-ed", "GET", "/verify?area=haapala", {}, 403, None, "error.verify_forbidden",
     {"area": "'haapala'"}),
    # a change the model refuses: nothing written, the problems listed
    ("koivu-ed", "PATCH", "/api/units/neuvola", {"json": {"level": "ehkä"}}, 400, None,
     "error.change_invalid", {}),
    # a write without the session's CSRF token
    (None, "POST", "/api/login", {"json": {"username": "x", "password": "y"}}, 400,
     "csrf_token", "error.csrf", {}),
    ("koivu-ed", "PATCH", "/api/units/neuvola", {"json": {"name": "Uusi"}, "no_token": True},
     400, "csrf_token", "error.csrf", {}),
]


@pytest.fixture
def accounts(web_store):
    add_users(web_store)
    return web_store


def _ask(client, who, method, url, options):
    options = dict(options)
    headers = {}
    if method != "GET" and not options.pop("no_token", False):
        headers["X-CSRF-Token"] = login(client, who) if who else None
    elif who:
        login(client, who)
    headers = {k: v for k, v in headers.items() if v}
    return client.open(url, method=method, headers=headers, **options)


def _page_detail(text: str) -> tuple[str, str]:
    """(language, text) of the error page's detail."""
    found = re.search(r'class="error-detail"><code lang="([a-z]+)">(.*?)</code>', text, re.S)
    assert found, text[:500]
    return found.group(1), html.unescape(found.group(2))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("who,method,url,options,status,param,key,values", CASES,
                         ids=[f"{c[1]} {c[2][:40]}" for c in CASES])
def test_error_detail_is_in_the_readers_language(accounts, app, lang, who, method, url,
                                                  options, status, param, key, values):
    client = app.test_client()
    client.set_cookie("lang", lang)
    r = _ask(client, who, method, url, options)
    assert r.status_code == status, r.get_data(as_text=True)[:300]
    said, english = Text(key, **values).text(lang), Text(key, **values).text("en")
    if lang != "en":
        assert said != english  # the catalogue has this language's own words
    if r.is_json:
        body = r.get_json()
        assert body["error"] == said and body["status"] == status
        assert body.get("param") == param
    else:
        detail_lang, detail = _page_detail(r.get_data(as_text=True))
        assert (detail_lang, detail) == (lang, said)
        if lang != "en":
            assert english not in r.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_werkzeugs_own_errors_are_not_english(app, lang):
    """An unknown address or a wrong method (raised by Flask itself) says the
    catalogue's words, not werkzeug's English."""
    client = app.test_client()
    client.set_cookie("lang", lang)
    r = client.get("/api/no-such-thing")
    assert r.status_code == 404
    assert r.get_json()["error"] == Text("error.not_found").text(lang)
    assert "requested URL" not in r.get_data(as_text=True)
    r = client.get("/no-such-page")
    assert r.status_code == 404 and "requested URL" not in r.text
    r = client.delete("/api/areas", headers={"X-CSRF-Token": token(client)})
    assert r.status_code == 405
    assert r.get_json()["error"] == Text("error.method_not_allowed").text(lang)
    assert "Allow" in r.headers


def test_english_detail_is_still_english_for_english_readers(app):
    """The English text stays what API clients have read so far."""
    client = app.test_client()
    client.set_cookie("lang", "en")
    r = client.get("/api/areas/nope")
    assert r.get_json() == {"error": "no area with id 'nope'", "status": 404, "param": "id"}
