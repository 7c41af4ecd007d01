"""The who-do-I-call pages (issue 9 items 3–5, web side): the form on every search box,
the remembered area, the "my unit" picker limited to the area, the answer page in the
order the search contract promises, unmet queries counted for the area's coordinators,
and the warm start.  Real app, real SQLite store (tests/web/conftest.py)."""
from __future__ import annotations

import re

from flask import render_template

from graphmap.web import create_app
from tests.web.conftest import web_network

from .accounts import add_users, login
from .test_pages import Page, page

KOIVULA_UNITS = {u.id for u in web_network().units.values()
                 if u.area in ("koivula", "koivula-kk")}


def _options(html: str, select_id: str) -> dict[str, str]:
    """value → text of the options of ``select#select_id``."""
    block = re.search(rf'<select id="{select_id}".*?</select>', html, re.S).group(0)
    return {v: re.sub(r"\s+", " ", t).strip()
            for v, t in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', block, re.S)}


def _selected(html: str, select_id: str) -> str | None:
    block = re.search(rf'<select id="{select_id}".*?</select>', html, re.S).group(0)
    found = re.search(r'<option value="([^"]*)" selected', block)
    return found.group(1) if found else None


# ------------------------------------------------------------------ the form


def test_home_box_asks_age_area_and_unit_and_remembers_the_area(client):
    html = page(client, "/")
    p = Page(html)
    for field in ("home-q", "home-age", "home-area", "home-from"):
        assert field in p.by_id, field
    assert _selected(html, "home-area") is None
    client.get("/search?q=univaikeudet&area=koivula")  # the worker searched in Koivula once
    html = page(client, "/")
    assert _selected(html, "home-area") == "koivula"
    assert set(_options(html, "home-from")) - {""} == KOIVULA_UNITS


def test_search_page_remembers_the_area_until_all_areas_is_chosen(client):
    first = client.get("/search?q=univaikeudet&area=haapala")
    assert "area=haapala" in first.headers["Set-Cookie"]
    html = page(client, "/search")
    assert _selected(html, "area") == "haapala"
    client.get("/search?q=univaikeudet&area=")
    assert _selected(page(client, "/search"), "area") is None


def test_unit_picker_holds_only_the_areas_units_each_with_its_area(client):
    html = page(client, "/search?area=koivula")
    units = _options(html, "from")
    assert set(units) - {""} == KOIVULA_UNITS  # not Haapala's clinic, not 385 of them
    assert units["neuvola"] == "Koivulan lastenneuvola (Koivulan keskusta)"
    assert units["perheohjaus"] == "Perheohjaus (Koivulan perhekeskus)"
    assert f"{len(KOIVULA_UNITS)} yksikköä valittavana" in html
    none = page(client, "/search?area=")
    assert set(_options(none, "from")) == {""}
    assert "Valitse ensin alue" in none


def test_a_unit_outside_the_area_stays_visible_when_chosen(client):
    html = page(client, "/search?q=univaikeudet&area=koivula&from=haapala-neuvola")
    assert _selected(html, "from") == "haapala-neuvola"
    assert "Valittu yksikkö toiselta alueelta" in html


def test_show_units_button_refreshes_the_picker_without_searching(client):
    html = page(client, "/search?q=univaikeudet&area=haapala&units=1")
    assert 'id="results-heading"' not in html
    assert 'value="univaikeudet"' in html
    assert set(_options(html, "from")) - {""} == {"haapala-neuvola"}


def test_units_api_is_the_pickers_json_twin(client):
    body = client.get("/api/search/units?area=koivula").get_json()
    assert body["area"] == {"id": "koivula", "name": "Koivulan perhekeskus"}
    assert {u["id"] for u in body["units"]} == KOIVULA_UNITS
    assert all(u["area_name"] and u["group"] == "inside" for u in body["units"])
    names = [u["name"].lower() for u in body["units"]]
    assert names == sorted(names)
    missing = client.get("/api/search/units?area=nowhere")
    assert missing.status_code == 404 and missing.get_json()["param"] == "area"


def test_search_help_explains_understanding_and_ranking_in_each_language(client):
    for lang, words in (("fi", "Mitä haku ymmärtää"), ("sv", "Vad sökningen förstår"),
                        ("en", "What the search understands")):
        html = page(client, f"/search?lang={lang}")
        main = html[html.index("<main"):html.index("</main>")]
        assert words in main and "112" in main


# ------------------------------------------------------------------ the answer page


def _card(unit, name, section, area_name="Koivulan perhekeskus"):
    return {"unit": unit, "unit_name": name, "area": "koivula", "area_name": area_name,
            "organisation": "Testin hyvinvointialue", "level": "protection",
            "self_referral": True, "role": None, "channel": None, "why": [],
            "unit_url": f"/units/{unit}", "map_url": None, "section": section}


def _render(app, result: dict, lang: str = "fi") -> str:
    """search.html rendering ``result`` (the dict of docs/search.md, "The answer") in a real request."""
    with app.test_request_context(f"/search?q=x&area=koivula&lang={lang}"):
        app.preprocess_request()
        form = {"q": result["query"], "age": "", "area": "koivula", "area_name": "Koivula",
                "from": None, "units": []}
        html = render_template("search.html", result=result, form=form, error=None,
                               areas=[("koivula", "Koivulan perhekeskus")], scripts=[])
    return html[html.index("<main"):html.index("</main>")]  # not the embedded catalogue


CONTRACT = {
    "query": "isä lyö äitiä", "area": {"id": "koivula", "name": "Koivulan perhekeskus"},
    "age": 6, "from": None, "lemmatiser": "voikko", "understood": True, "confident": True,
    "needs": [{"id": "family-violence", "name": "Väkivalta perheessä", "urgency": "urgent",
               "concerns": "family"}],
    "urgent": True, "emergency": "Hätätilanteessa soita 112.", "notice": None,
    "unrecognised": [], "front_door": None,
    "results": [_card("lastensuojelu", "Lastensuojelu", "urgent"),
                _card("perheohjaus", "Perheohjaus", "area"),
                _card("turvakoti", "Turvakoti Majakka", "elsewhere", "Haapalan perhekeskus")],
}


def test_urgent_answers_and_112_come_first_then_area_then_divider(app):
    html = _render(app, CONTRACT)
    at = {k: html.index(s) for k, s in {
        "urgent": 'id="urgent-answers"', "112": "Hätätilanteessa soita 112.",
        "urgent_card": 'data-unit="lastensuojelu"', "form": 'class="who-form"',
        "area_card": 'data-unit="perheohjaus"', "divider": 'id="elsewhere-heading"',
        "elsewhere_card": 'data-unit="turvakoti"'}.items()}
    assert (at["urgent"] < at["112"] < at["urgent_card"] < at["form"] < at["area_card"]
            < at["divider"] < at["elsewhere_card"])
    divider = re.search(r'id="elsewhere-heading"[^>]*>(.*?)</h2>', html).group(1)
    assert divider.startswith("Muilta alueilta") and "Koivulan perhekeskus" in divider
    assert "Toinen alue: Haapalan perhekeskus" in html  # the card says where it is
    assert "Väkivalta perheessä" in html and 'id="unsure-note"' not in html


def test_nothing_understood_shows_the_notice_and_the_front_door(app):
    result = {**CONTRACT, "query": "mummo huolestunut", "understood": False,
              "confident": False, "needs": [], "urgent": False, "emergency": None,
              "notice": "Sanoja ei tunnistettu: tässä alueen yhteinen numero.",
              "unrecognised": ["mummo", "huolestunut"], "results": [],
              "front_door": _card("perheohjaus", "Perhekeskuksen palveluohjaus", None)}
    html = _render(app, result)
    assert "Sanoja ei tunnistettu: tässä alueen yhteinen numero." in html
    assert html.index('id="search-notice"') < html.index('id="front-door"')
    assert 'data-unit="perheohjaus"' in html.split('id="front-door"')[1]
    assert "<q>mummo</q>" in html
    assert "Ei osumia" not in html and 'id="urgent-answers"' not in html


def test_an_unsure_answer_says_so(app):
    html = _render(app, {**CONTRACT, "confident": False, "urgent": False,
                         "results": [_card("perheohjaus", "Perheohjaus", "area")]})
    assert 'id="unsure-note"' in html and "ei ole varma" in html


def test_the_answer_count_agrees_with_the_number_in_each_language(app):
    """"1 ehdotus", not "1 ehdotusta": Finnish puts a noun after 1 in the nominative."""
    one = {**CONTRACT, "urgent": False, "results": [_card("perheohjaus", "Perheohjaus", "area")]}
    two = {**one, "results": one["results"] + [_card("neuvola", "Neuvola", "area")]}
    for lang, singular, plural in (("fi", "1 ehdotus haulle", "2 ehdotusta haulle"),
                                   ("sv", "1 förslag för", "2 förslag för"),
                                   ("en", "1 suggestion for", "2 suggestions for")):
        assert singular in _render(app, one, lang=lang)
        assert plural in _render(app, two, lang=lang)


def test_page_without_the_new_keys_still_lists_the_answers(client):
    html = page(client, "/search?q=univaikeudet&area=koivula")
    assert 'id="results"' in html and 'class="card' in html
    assert 'id="elsewhere-heading"' not in html and 'id="unsure-note"' not in html


# ------------------------------------------------------------------ unmet queries


def test_unmet_queries_are_counted_without_contact_details(client, web_store):
    client.get("/search?q=xyzzy+soita+040+000+1234&area=koivula&age=4")
    client.get("/search?q=XYZZY  soita 040 000 1234&area=koivula&age=5")
    client.get("/search?q=univaikeudet&area=koivula")  # answered: not counted
    client.get("/api/search?q=qwerty&area=koivula")  # the API is not counted
    rows = web_store.unmet_queries("koivula")
    assert [(r["text"], r["age_band"], r["reason"], r["count"]) for r in rows] == [
        ("xyzzy soita [numero]", "3-6", "not_understood", 2)]


def test_unmet_counts_are_shown_to_the_areas_editors_only(client, web_store):
    add_users(web_store)
    client.get("/search?q=xyzzy&area=koivula&age=15")
    assert client.get("/api/unmet?area=koivula").status_code == 401
    assert "unmet-table" not in page(client, "/findings?area=koivula")
    login(client, "haapa-ed")
    assert client.get("/api/unmet?area=koivula").status_code == 403
    assert "unmet-table" not in page(client, "/findings?area=koivula")
    client.post("/logout", data={"csrf_token": client.get("/api/session").get_json()
                                 ["csrf_token"]})
    login(client, "koivu-ed")
    body = client.get("/api/unmet?area=koivula").get_json()
    assert body["total"] == 1 and body["queries"][0]["text"] == "xyzzy"
    assert body["queries"][0]["age_bands"] == ["13-17"]
    html = page(client, "/findings?area=koivula")
    table = html.split('id="unmet-table"')[1]
    assert "xyzzy" in table and "sanoja ei tunnistettu" in table
    assert client.get("/api/unmet?area=koivula&since=eilen").status_code == 400


# ------------------------------------------------------------------ warm start


def test_warm_start_builds_the_index_before_the_first_request(web_store, store_url):
    app = create_app(store_url, config={"TESTING": True, "WARM_START": True})
    source = app.extensions["graphmap.snapshots"]
    source.wait_warm(30)
    snap = source._current
    assert snap is not None and snap._index is not None
    assert app.test_client().get("/search?q=univaikeudet").status_code == 200
    assert source.get() is snap  # the request used the warmed snapshot


def test_the_age_read_from_the_question_is_in_the_json_and_on_the_page(client):
    q = "/search?q=2-vuotiaan+univaikeudet&area=koivula"
    data = client.get("/api" + q).get_json()
    assert (data["age"], data["age_from_text"]) == (2, True)
    assert data["results"] and "vuotiaan" not in data["unrecognised"]
    for lang, words in (("fi", "Haku luki lapsen iäksi 2 v."),
                        ("sv", "Sökningen läste barnets ålder som 2 år."),
                        ("en", "The search read the child's age as 2.")):
        html = page(client, f"{q}&lang={lang}")
        line = re.search(r'<p id="age-from-text">(.*?)</p>', html, re.S)
        assert line and words in line.group(1).replace("&#39;", "'")
    # the same question with the age given: that age, and no line about reading it
    data = client.get("/api" + q + "&age=5").get_json()
    assert (data["age"], data["age_from_text"], data["age_note"]) == (5, False, None)
    assert "age-from-text" not in Page(page(client, q + "&age=5")).by_id
