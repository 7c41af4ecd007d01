"""The Open Referral read API under /hsds/ (issue 16 item 4).

What a directory tool would notice: every answer validates against the official HSDS
3.0 schemas (the same jsonschema + referencing check as the export, tests/interop); the
lists page as the specification says; the filters return what they name; any web page
may read it (``Access-Control-Allow-Origin: *``); a hidden person's name never appears,
not even for a logged-in user; an unknown id or a bad parameter is a JSON 4xx naming it;
and fuzzing the API against its own OpenAPI description (schemathesis) finds no 5xx.
"""
from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from graphmap.importers.hsds import schema_validator
from graphmap.model import Level, Unit
from graphmap.web import create_app
from tests.interop.conftest import hsds_dir  # noqa: F401  (the fixture)
from tests.web.accounts import add_users, login
from tests.web.conftest import HIDDEN_PERSON, web_network

LISTS = {"/hsds/services": "compiled/service_list.json",
         "/hsds/services?full=true": "service.json",
         "/hsds/services?minimal=true": "compiled/service_list.json",
         "/hsds/organizations": "compiled/organization_list.json",
         "/hsds/organizations?full_service=true": "organization.json",
         "/hsds/service_at_locations": "compiled/service_at_location_list.json",
         "/hsds/taxonomies": "taxonomy.json",
         "/hsds/taxonomy_terms": "taxonomy_term.json"}
ONE = {"services": "service.json", "organizations": "organization.json",
       "taxonomies": "taxonomy.json", "taxonomy_terms": "taxonomy_term.json",
       "service_at_locations": "service_at_location.json"}


@pytest.fixture(scope="module")
def api_app(tmp_path_factory):
    from graphmap.store import open_store
    url = f"sqlite:///{tmp_path_factory.mktemp('hsds-api')}/graphmap.db"
    store = open_store(url)
    store.write(web_network())
    add_users(store)
    store.close()
    return create_app(url, config={"TESTING": True})


@pytest.fixture
def api(api_app):
    return api_app.test_client()


def _all(client, path: str) -> list[dict]:
    r = client.get(path + ("&" if "?" in path else "?") + "per_page=1000")
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()["contents"]


def _errors(folder, schema: str, item: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in schema_validator(folder, schema).iter_errors(item)]


def test_every_answer_validates_against_the_hsds_schemas(api, hsds_dir):  # noqa: F811
    for path, schema in LISTS.items():
        for item in _all(api, path):
            assert _errors(hsds_dir, schema, item) == [], (path, item.get("id"))
    seen = 0
    for kind, schema in ONE.items():
        for item in _all(api, f"/hsds/{kind}"):
            r = api.get(f"/hsds/{kind}/{item['id']}")
            assert r.status_code == 200
            assert _errors(hsds_dir, schema, r.get_json()) == [], (kind, item["id"])
            seen += 1
    # 11 units, 4 organisations, 3 taxonomies and their terms: all were looked at
    assert seen > 11 + 4 + 3
    root = api.get("/hsds/").get_json()
    assert root["version"] == "3.0" and root["openapi_url"].endswith("/hsds/openapi.json")


def test_a_service_carries_its_contacts_and_organisation(api):
    services = {s["name"]: s for s in _all(api, "/hsds/services")}
    full = api.get(f"/hsds/services/{services['Perheohjaus']['id']}").get_json()
    assert full["organization"]["name"] == "Testin hyvinvointialue"
    assert [p["number"] for p in full["phones"]] == ["040 000 0103"]
    contacts = {c["title"]: c for c in full["contacts"]}
    assert contacts["perheohjaaja"]["name"] == "Sari Testinen"
    assert contacts["perheohjaaja"]["email"] == "sari.testinen@example.invalid"
    org = api.get(f"/hsds/organizations/{full['organization']['id']}").get_json()
    assert "Perheohjaus" in {s["name"] for s in org["services"]}


def test_lists_page_as_the_specification_says(api):
    everything = _all(api, "/hsds/services")
    assert len(everything) == len(web_network().units)
    seen, page = [], 1
    while True:
        body = api.get(f"/hsds/services?per_page=4&page={page}").get_json()
        assert body["total_items"] == len(everything)
        assert body["total_pages"] == 3 and body["page_number"] == page
        assert body["size"] == len(body["contents"]) and body["first_page"] == (page == 1)
        seen += [s["id"] for s in body["contents"]]
        if body["last_page"]:
            break
        page += 1
    assert page == 3 and sorted(seen) == sorted(s["id"] for s in everything)
    beyond = api.get("/hsds/services?per_page=4&page=9").get_json()
    assert beyond["contents"] == [] and beyond["empty"] is True and beyond["last_page"] is True
    lines = api.get("/hsds/services?format=ndjson").get_data(as_text=True).splitlines()
    assert sorted(json.loads(x)["id"] for x in lines) == sorted(seen)


def test_filters_return_what_they_name(api):
    orgs = {o["name"]: o["id"] for o in _all(api, "/hsds/organizations")}
    ngo = _all(api, f"/hsds/services?organization_id={orgs['Koivulan perheyhdistys ry']}")
    assert {s["name"] for s in ngo} == {u.name for u in web_network().units.values()
                                        if u.organisation == "mll"}
    protection = next(t for t in _all(api, "/hsds/taxonomy_terms?search=lastensuojelu")
                      if t["taxonomy"] == "graphmap-level")
    found = _all(api, f"/hsds/services?taxonomy_term_id={protection['id']}")
    assert [s["name"] for s in found] == ["Lastensuojelu"]
    # accents folded: a Finnish name found without ä
    assert [s["name"] for s in _all(api, "/hsds/services?search=paivakoti pihlaja")] == [
        "Päiväkoti Pihlaja"]
    levels = next(t for t in _all(api, "/hsds/taxonomies") if t["name"] == "graphmap-level")
    terms = _all(api, f"/hsds/taxonomy_terms?taxonomy_id={levels['id']}")
    assert {t["code"] for t in terms} == {lv.value for lv in Level
                                          if any(u.level == lv for u in web_network().units.values())}
    assert _all(api, "/hsds/services?search=ei-tällaista-palvelua") == []


def test_any_origin_may_read_it_and_errors_are_json(api):
    ok = api.get("/hsds/services")
    assert ok.headers["Access-Control-Allow-Origin"] == "*"
    missing = api.get("/hsds/services/no-such-id")
    assert missing.status_code == 404 and missing.get_json()["param"] == "id"
    assert missing.headers["Access-Control-Allow-Origin"] == "*"
    for query, param in (("per_page=0", "per_page"), ("page=x", "page"), ("full=maybe", "full"),
                         ("modified_after=2026-01-01", "modified_after"),
                         ("postcode=00100", "postcode"), ("format=xml", "format")):
        r = api.get(f"/hsds/services?{query}")
        assert r.status_code == 400 and r.get_json()["param"] == param, query
    assert api.get("/hsds/no-such-list").is_json
    # the rest of the app keeps its own origin
    assert "Access-Control-Allow-Origin" not in api.get("/api/areas").headers


def _whole_api(client) -> str:
    paths = ["/hsds/services?full=true&format=ndjson", "/hsds/organizations?full_service=true"
             "&format=ndjson", "/hsds/taxonomy_terms?format=ndjson",
             "/hsds/service_at_locations?full=true&format=ndjson"]
    text = "".join(client.get(p).get_data(as_text=True) for p in paths)
    for s in _all(client, "/hsds/services"):
        text += client.get(f"/hsds/services/{s['id']}").get_data(as_text=True)
    return text


def test_no_hidden_name_even_for_a_logged_in_user(api_app):
    anonymous = api_app.test_client()
    text = _whole_api(anonymous)
    assert "psykologi" in text  # her role is there, by title
    assert HIDDEN_PERSON not in text
    viewer = api_app.test_client()
    login(viewer, "katsoja")
    assert HIDDEN_PERSON in viewer.get("/api/roles/psy-liisa").get_data(as_text=True)
    assert HIDDEN_PERSON not in _whole_api(viewer)


def test_a_new_service_is_served_after_the_store_changes(store, store_url):
    store.write(web_network())
    app = create_app(store_url, config={"TESTING": True})
    client = app.test_client()
    before = {s["name"] for s in _all(client, "/hsds/services")}
    net = web_network()
    net.add(Unit("uusi", "Uusi perhetyö", "kunta", "koivula", services=["perhetyö"]))
    store.write(net)
    after = {s["name"] for s in _all(client, "/hsds/services")}
    assert after - before == {"Uusi perhetyö"}


# ---------------------------------------------------------------- fuzzing

@pytest.fixture(scope="module")
def hsds_openapi(api_app):
    return schemathesis.openapi.from_wsgi("/hsds/openapi.json", api_app)


fuzzed = schemathesis.pytest.from_fixture("hsds_openapi")


@fuzzed.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_survives_fuzzing_against_its_own_description(case):
    """Bounded (15 examples per operation, fixed seed) so it runs in seconds."""
    case.call_and_validate(checks=[not_a_server_error])
