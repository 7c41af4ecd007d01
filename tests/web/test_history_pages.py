"""History in the web app (issue 5 item 3): the change log page and its JSON twin,
the map and its graph API as of a date, and two dates compared — on a store whose
first load happened 30 days ago (the store's clock), edited today through the app."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest

from graphmap.web import create_app
from tests.web.accounts import add_users, login
from tests.web.conftest import HIDDEN_PERSON, web_network

TODAY = dt.date.today()
BEFORE = TODAY - dt.timedelta(days=10)


@pytest.fixture
def past_app(store, store_url):
    """The web network loaded 30 days ago; today the editor of Koivula renames the
    family café, removes family guidance (and its links) and adds a link."""
    then = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=30)
    store.clock = lambda: then
    store.write(web_network(), actor="loader")
    add_users(store)
    app = create_app(store_url, config={"TESTING": True})
    client = app.test_client()
    csrf = login(client, "koivu-ed")
    h = {"X-CSRF-Token": csrf}
    assert client.patch("/api/units/kahvila", json={"name": "Perhekahvila Pesä"},
                        headers=h).status_code == 200
    assert client.delete("/api/units/perheohjaus", headers=h).status_code == 200
    assert client.post("/api/links", json={"source": "neuvola", "target": "kahvila",
                                           "kind": "informs"}, headers=h).status_code == 201
    client.post("/api/logout", headers=h)
    return app


def test_history_api_lists_who_changed_what(past_app):
    client = past_app.test_client()
    body = client.get("/api/history?since=" + TODAY.isoformat()).get_json()
    entries = body["entries"]
    assert {e["actor"] for e in entries} == {"koivu-ed"}
    change = [e for e in entries if e["key"] == "kahvila"]
    assert change[0]["op"] == "change"
    assert change[0]["before"]["name"] == "Perhekahvila Kohtaamo"
    assert change[0]["after"]["name"] == "Perhekahvila Pesä"
    removed = {(e["sheet"], e["key"]) for e in entries if e["op"] == "remove"}
    assert ("units", "perheohjaus") in removed and ("roles", "po-sari") in removed
    only_units = client.get("/api/history?sheet=units&actor=koivu-ed").get_json()["entries"]
    assert {e["sheet"] for e in only_units} == {"units"}
    loader = client.get("/api/history?actor=loader&limit=3").get_json()["entries"]
    assert len(loader) == 3


@pytest.mark.parametrize("query,param", [("since=eilen", "since"), ("sheet=users", "sheet"),
                                         ("limit=0", "limit"), ("limit=x", "limit")])
def test_history_bad_parameters_are_400(past_app, query, param):
    r = past_app.test_client().get("/api/history?" + query)
    assert r.status_code == 400 and r.get_json()["param"] == param


def test_history_page_shows_the_change_and_hides_private_names(past_app):
    client = past_app.test_client()
    page = client.get("/history")
    assert page.status_code == 200 and 'id="history-table"' in page.text
    assert "Perhekahvila Kohtaamo" in page.text and "Perhekahvila Pesä" in page.text
    assert "koivu-ed" in page.text
    assert HIDDEN_PERSON not in page.text  # the loader's add of her role is listed
    assert HIDDEN_PERSON not in client.get("/api/history?key=psy-liisa").text
    login(client, "katsoja")
    assert HIDDEN_PERSON in client.get("/api/history?key=psy-liisa").text


def test_map_as_of_a_date(past_app):
    client = past_app.test_client()
    now = client.get("/api/areas/koivula/graph").get_json()
    then = client.get(f"/api/areas/koivula/graph?as_of={BEFORE}").get_json()
    ids_now = {n["data"]["id"] for n in now["nodes"]}
    ids_then = {n["data"]["id"] for n in then["nodes"]}
    assert "perheohjaus" in ids_then and "perheohjaus" not in ids_now
    label = {n["data"]["id"]: n["data"]["label"] for n in then["nodes"]}
    assert label["kahvila"] == "Perhekahvila Kohtaamo"
    page = client.get(f"/areas/koivula?as_of={BEFORE}")
    assert page.status_code == 200 and 'id="as-of-notice"' in page.text
    assert f'data-graph-url="/api/areas/koivula/graph?as_of={BEFORE}"' in page.text
    assert "Perheohjaus" in page.text  # the node table shows that day's units
    assert "Perheohjaus" not in client.get("/areas/koivula").text.split('id="node-table"')[1]


def test_as_of_bad_date_is_400(past_app):
    r = past_app.test_client().get("/api/areas/koivula/graph?as_of=2025-13-01")
    assert r.status_code == 400 and r.get_json()["param"] == "as_of"


def test_compare_dates_api_and_page(past_app):
    client = past_app.test_client()
    body = client.get(f"/api/diff?from={BEFORE}&to={TODAY}&area=koivula").get_json()
    assert "perheohjaus" in body["diff"]["removed"]["units"]
    assert ["neuvola", "kahvila", "informs"] in [[l["source"], l["target"], l["kind"]]
                                                 for l in body["links_added"]]
    assert any(l["source"] == "perheohjaus" or l["target"] == "perheohjaus"
               for l in body["links_removed"])
    page = client.get(f"/compare-dates?from={BEFORE}&to={TODAY}&area=koivula")
    assert page.status_code == 200 and 'id="links-added"' in page.text
    assert "perheohjaus" in page.text.split('id="diff-table"')[1]


@pytest.mark.parametrize("query,param", [("from=x", "from"), (f"from={TODAY}&to={BEFORE}", "from"),
                                         (f"from={BEFORE}&area=eiole", "area"), ("", "from")])
def test_compare_dates_bad_parameters_are_400(past_app, query, param):
    r = past_app.test_client().get("/api/diff?" + query)
    assert r.status_code == 400 and r.get_json()["param"] == param, r.get_json()


def test_link_history_key_is_the_link_id(past_app):
    entries = past_app.test_client().get(
        "/api/history?key=" + quote("neuvola>kahvila:informs")).get_json()["entries"]
    assert [e["op"] for e in entries] == ["add"]


def test_history_page_reads_as_finnish_not_as_stored_values(past_app):
    client = past_app.test_client()
    page = client.get("/history?lang=fi&sheet=units").get_data(as_text=True)
    assert " klo " in page                      # Finnish time, not 2026-11-24T00:58:05+00:00
    assert not re.search(r">\d{4}-\d\d-\d\dT", page)  # ISO only in <time datetime=…>
    assert "<td>yksikkö</td>" in page           # the sheet's name, not "units"
    # a removed unit's fields by their form labels, enum values by their labels
    assert "varhainen tuki" in page and ">level<" not in page
    sv = client.get("/history?lang=sv&sheet=units").get_data(as_text=True)
    assert " kl. " in sv and "<td>enhet</td>" in sv
