"""The embeddable search's headers and answers through the app (issue 16 item 5); the
cross-origin frame itself is tested in Chromium (tests/web/browser/test_embed.py)."""
from __future__ import annotations

import re

from graphmap.web.security import CSP
from tests.web.conftest import HIDDEN_PERSON

CARD = re.compile(r'<li class="card[^"]*" data-unit="([^"]+)"')


def test_no_site_may_frame_it_until_an_origin_is_configured(client):
    r = client.get("/embed/search?area=koivula")
    assert r.status_code == 200
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Frame-Options"] == "DENY"


def test_only_configured_origins_may_frame_it_and_only_the_embed(client, web_store):
    web_store.set_setting("embed_origins", "https://www.koivula.example "
                                           "http://127.0.0.1:8080 'unsafe-inline';x")
    r = client.get("/embed/search?area=koivula")
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors https://www.koivula.example http://127.0.0.1:8080;" in csp
    assert "unsafe-inline" not in csp and "X-Frame-Options" not in r.headers
    for other in ("/search?q=neuvola", "/", "/areas/koivula", "/api/areas"):
        response = client.get(other)
        assert response.headers["Content-Security-Policy"] == CSP, other
        assert response.headers["X-Frame-Options"] == "DENY", other


def test_it_answers_as_the_search_page_for_its_area(client):
    for q in ("univaikeudet", "isä lyö äitiä", "eroauttaminen"):
        embed = client.get("/embed/search", query_string={"area": "koivula", "q": q})
        main = client.get("/search", query_string={"area": "koivula", "q": q})
        html = embed.get_data(as_text=True)
        assert CARD.findall(html) == CARD.findall(main.get_data(as_text=True)), q
        assert CARD.findall(html), q
        assert 'name="area" value="koivula"' in html and "<nav aria-label=\"Päävalikko\"" not in html
    urgent = client.get("/embed/search", query_string={"area": "koivula", "q": "isä lyö äitiä"})
    html = urgent.get_data(as_text=True)
    assert html.index('id="emergency-line"') < html.index('id="embed-form"') < html.index(
        'id="answers"')


def test_it_speaks_the_asked_language_and_hides_hidden_names(client):
    sv = client.get("/embed/search?area=koivula&q=psykologi&lang=sv").get_data(as_text=True)
    assert '<html lang="sv">' in sv and "Vem ringer jag?" in sv
    assert "psykologi" in sv and HIDDEN_PERSON not in sv


def test_an_unknown_or_missing_area_is_a_404_not_a_crash(client):
    assert client.get("/embed/search?area=no-such").status_code == 404
    assert client.get("/embed/search").status_code == 404
    assert client.get("/embed/search?area=koivula&age=200&q=x").status_code == 400
