"""Safety headers, markup in data shown as text, and the privacy rule (a person whose
role is not public appears in no page and no JSON)."""
from __future__ import annotations

import re

import pytest

from graphmap import i18n

from .conftest import HIDDEN_PERSON, XSS

PAGES = ["/", "/areas/koivula", "/areas/koivula?roles=1", "/areas/hva", "/search?q=psykologi",
         "/search?q=vertaistuki", "/findings", "/findings?area=koivula", "/compare",
         "/units/perheneuvola", "/units/xss", "/roles/psy-liisa", "/whatif?area=koivula"]
API = ["/api/areas", "/api/areas/koivula", "/api/areas/koivula/graph",
       "/api/areas/koivula/graph?roles=1", "/api/areas/hva/graph?aggregate=0&roles=1",
       "/api/search?q=psykologi", "/api/search?q=perheneuvola&area=koivula",
       "/api/analysis", "/api/analysis?area=koivula", "/api/compare",
       "/api/units/perheneuvola", "/api/roles/psy-liisa"]


@pytest.mark.parametrize("url", PAGES + API + ["/api/nope", "/nope"])
def test_headers_on_every_response(client, url):
    r = client.get(url)
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp and "img-src 'self' data: blob:" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"]


@pytest.mark.parametrize("url", PAGES)
def test_no_inline_script_or_handlers(client, url):
    html = client.get(url).get_data(as_text=True)
    for attrs in re.findall(r"<script([^>]*)>", html):
        assert 'src="' in attrs or 'type="application/json"' in attrs, attrs
    for body in re.findall(r"<script[^>]*>(.*?)</script>", html, re.S):
        assert "<" not in body  # a JSON block is escaped, so no tag can close it
    assert not re.search(r"<[^>]+\son\w+\s*=", html)


@pytest.mark.parametrize("url", ["/areas/koivula", "/units/xss", "/search?q=vertaistuki",
                                 "/whatif?area=koivula", "/units/perheohjaus"])
def test_markup_in_names_is_text(client, url):
    html = client.get(url).get_data(as_text=True)
    assert XSS not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_markup_in_json_stays_data(client):
    r = client.get("/api/units/xss")
    assert r.mimetype == "application/json"
    assert r.get_json()["unit"]["name"] == XSS


@pytest.mark.parametrize("url", PAGES + API)
def test_non_public_person_never_shown(client, url):
    r = client.get(url)
    assert r.status_code == 200, url
    assert HIDDEN_PERSON not in r.get_data(as_text=True)
    assert "Liisa" not in r.get_data(as_text=True)


def test_whatif_response_hides_private_person(client):
    r = client.post("/api/whatif", json={"changes": [{"op": "remove_unit",
                                                      "unit": "perheneuvola"}]})
    assert r.status_code == 200 and "Liisa" not in r.get_data(as_text=True)


def test_api_errors_never_html(client):
    for r in (client.get("/api/areas/x/graph?level=;drop"), client.delete("/api/areas"),
              client.post("/api/whatif", data="{", content_type="application/json"),
              client.post("/api/whatif", data=b"\xff\xfe", content_type="application/json")):
        assert r.status_code in (400, 404, 405)
        assert r.mimetype == "application/json" and "<html" not in r.get_data(as_text=True)


def test_unexpected_error_is_json_500_without_traceback(app):
    @app.get("/api/boom")
    def boom():
        raise RuntimeError("secret internals")
    r = app.test_client().get("/api/boom")
    assert r.status_code == 500 and r.get_json() == {"error": i18n.translate("error.internal", "fi"),
                                                   "status": 500}
    assert "secret" not in r.get_data(as_text=True)
