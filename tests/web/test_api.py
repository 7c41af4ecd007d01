"""The JSON API against the real app and store: shapes, filters, metrics and every
bad-parameter case (status, JSON body naming the parameter, never a 500)."""
from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from .conftest import XSS


def get_json(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.get_data(as_text=True)[:500])
    assert r.mimetype == "application/json"
    return r.get_json()


def ids(elements, kind=None):
    return {n["data"]["id"] for n in elements["nodes"] if kind is None
            or n["data"]["kind"] == kind}


# ----------------------------------------------------------------- areas


def test_areas_tree_has_hierarchy_and_counts(client):
    data = get_json(client, "/api/areas")
    (county,) = data["areas"]
    assert county["id"] == "hva"
    children = {c["id"]: c for c in county["children"]}
    assert set(children) == {"koivula", "haapala"}
    # koivula: 9 units of small_network + the xss unit; roles from tests.data
    assert children["koivula"]["counts"]["units"] == 10
    assert children["koivula"]["counts"]["roles"] == 7
    # haapala's one link goes to koivula: it leaves the area (links counts those inside)
    assert children["haapala"]["counts"] == {"units": 1, "roles": 0, "links": 0,
                                             "links_out": 1}
    assert children["koivula"]["children"][0]["id"] == "koivula-kk"


def test_area_search_twin(client):
    data = get_json(client, "/api/areas?q=keskusta")
    (county,) = data["areas"]
    (koivula,) = county["children"]
    assert [c["id"] for c in koivula["children"]] == ["koivula-kk"]
    assert get_json(client, "/api/areas?q=nothing-like-this")["areas"] == []
    assert get_json(client, "/api/areas?q=" + "x" * 101, 400)["param"] == "q"


def test_area_twin(client):
    data = get_json(client, "/api/areas/koivula")
    assert data["area"]["name"] == "Koivulan perhekeskus"
    assert [a["id"] for a in data["path"]] == ["hva", "koivula"]
    assert "neuvola" in {u["id"] for u in data["units"]}  # unit of a district below
    assert data["graph_url"] == "/api/areas/koivula/graph"


def test_unknown_area_is_json_404(client):
    for url in ("/api/areas/nowhere", "/api/areas/nowhere/graph"):
        body = get_json(client, url, 404)
        assert "nowhere" in body["error"]
        assert body["param"] == "id"


# ----------------------------------------------------------------- graph


def test_graph_units_links_and_stub(client):
    g = get_json(client, "/api/areas/koivula/graph")
    assert g["aggregate"] is False
    assert g["area"] == {"id": "koivula", "name": "Koivulan perhekeskus",
                         "kind": "family_centre_area"}
    units = ids(g, "unit")
    assert "neuvola" in units and "xss" in units and "haapala-neuvola" not in units
    assert not ids(g, "role")  # roles only on demand
    # the consults link to Haapala collapses into one stub node with a count
    stub = next(n["data"] for n in g["nodes"] if n["data"]["id"] == "stub:haapala")
    assert stub["label"] == "Haapalan perhekeskus" and stub["count"] == 1
    stub_edges = [e["data"] for e in g["edges"] if "stub" in e["classes"]]
    assert [(e["source"], e["target"], e["kind"]) for e in stub_edges] == \
        [("neuvola", "stub:haapala", "consults")]
    # a role's link is lifted to its unit when roles are hidden
    lifted = [e["data"] for e in g["edges"] if e["data"]["id"] == "veo-mika>perheohjaus:refers"]
    assert lifted[0]["source"] == "paivakoti"
    node_ids = ids(g)
    for e in g["edges"]:
        assert e["data"]["source"] in node_ids and e["data"]["target"] in node_ids


def test_graph_metrics_follow_the_visible_graph(client):
    full = get_json(client, "/api/areas/koivula/graph")
    by_id = {n["data"]["id"]: n["data"] for n in full["nodes"]}
    # neuvola refers 30 to perheohjaus, veo-mika 2, xss 3: in-volume 35
    assert by_id["perheohjaus"]["in_volume"] == 35
    assert by_id["perheohjaus"]["betweenness"] > 0
    assert by_id["diakonia"]["degree"] == 0
    # filtering to referrals only removes the outreach/member links of perheohjaus
    refers = get_json(client, "/api/areas/koivula/graph?kind=refers")
    assert {e["data"]["kind"] for e in refers["edges"]} == {"refers"}
    r_by_id = {n["data"]["id"]: n["data"] for n in refers["nodes"]}
    assert r_by_id["perheohjaus"]["degree"] < by_id["perheohjaus"]["degree"]
    assert refers["metrics"]["links"] < full["metrics"]["links"]
    # without the county's units, perheohjaus (county) is gone and nothing points at it
    no_county = get_json(client, "/api/areas/koivula/graph?sector=municipal,ngo,parish")
    assert "perheohjaus" not in ids(no_county)
    assert all(n["data"]["sector"] in {"municipal", "ngo", "parish"}
               for n in no_county["nodes"] if n["data"]["kind"] == "unit")
    level = get_json(client, "/api/areas/koivula/graph?level=early")
    assert {n["data"]["level"] for n in level["nodes"] if n["data"]["kind"] == "unit"} == {"early"}


def test_filters_that_hide_every_unit_give_an_empty_map_not_an_error(client):
    # a coordinator unticking sectors one by one reaches a view with nothing in it
    data = get_json(client, "/api/areas/koivula/graph?sector=state,private")
    assert ids(data, "unit") == set()
    assert data["metrics"]["units"] == 0 and data["metrics"]["density"] == 0


def test_graph_roles_on_demand_hide_private_names(client):
    g = get_json(client, "/api/areas/koivula/graph?roles=1")
    roles = {n["data"]["id"]: n["data"] for n in g["nodes"] if n["data"]["kind"] == "role"}
    assert roles["po-sari"]["unit"] == "perheohjaus"
    assert roles["po-sari"]["person"] == "Sari Testinen"
    assert "person" not in roles["psy-liisa"]
    assert "Liisa" not in json.dumps(g)
    # with roles shown the role's own link starts at the role
    edge = next(e["data"] for e in g["edges"] if e["data"]["id"] == "po-sari>kahvila:outreach")
    assert edge["source"] == "po-sari"


def test_district_map_has_stubs_to_the_rest(client):
    g = get_json(client, "/api/areas/koivula-kk/graph")
    assert g["aggregate"] is False and ids(g, "unit") == {"neuvola"}
    stubs = {n["data"]["id"]: n["data"]["count"] for n in g["nodes"]
             if n["data"]["kind"] == "stub"}
    # neuvola refers to two units and works with one in the rest of Koivula; consults Haapala
    assert stubs == {"stub:koivula": 3, "stub:haapala": 1}
    refers = next(e["data"] for e in g["edges"] if e["data"]["kind"] == "refers")
    assert (refers["source"], refers["target"], refers["count"]) == ("neuvola",
                                                                     "stub:koivula", 2)


def test_graph_aggregates_a_county(client):
    g = get_json(client, "/api/areas/hva/graph")
    assert g["aggregate"] is True
    assert ids(g) == {"koivula", "haapala"}
    (edge,) = [e["data"] for e in g["edges"]]
    assert (edge["source"], edge["target"], edge["count"]) == ("koivula", "haapala", 1)
    detail = get_json(client, "/api/areas/hva/graph?aggregate=0")
    assert "neuvola" in ids(detail) and "haapala-neuvola" in ids(detail)


def test_national_overview_is_aggregated(client):
    g = get_json(client, "/api/graph")
    assert g["aggregate"] is True and g["area"]["kind"] == "national"
    nodes = {n["data"]["id"]: n["data"] for n in g["nodes"]}
    assert set(nodes) == {"koivula", "haapala"}
    assert nodes["koivula"]["units"] == 10 and nodes["haapala"]["units"] == 1
    assert [(e["data"]["source"], e["data"]["target"], e["data"]["count"])
            for e in g["edges"]] == [("koivula", "haapala", 1)]
    assert get_json(client, "/api/graph?kind=refers")["edges"] == []
    assert get_json(client, "/api/graph?aggregate=0", 400)["param"] == "aggregate"
    assert get_json(client, "/api/graph?level=nope", 400)["param"] == "level"


def test_graph_suggested_links_come_from_missing_link_findings(client, web_store):
    from graphmap.model import Network, Unit
    extra = Network()  # a second daycare with no tie to family work: a reference-rule gap
    extra.add(Unit("paivakoti-2", "Päiväkoti Kuusi", "kunta", "koivula",
                   services=["varhaiskasvatus"], ages=(1, 6)))
    web_store.write(extra)
    analysis = get_json(client, "/api/analysis?area=koivula")
    missing = {(f["evidence"]["source"], f["evidence"]["target"]): f
               for f in analysis["findings"] if f["kind"] == "missing_link"}
    assert any("paivakoti-2" in pair for pair in missing)
    g = get_json(client, "/api/areas/koivula/graph?suggested=1")
    ghosts = {(e["data"]["source"], e["data"]["target"]): e for e in g["edges"]
              if e["data"]["kind"] == "suggested"}
    assert set(ghosts) == set(missing)
    for pair, e in ghosts.items():
        assert e["classes"] == "ghost"
        assert e["data"]["reason"] == missing[pair]["message"]
    plain = get_json(client, "/api/areas/koivula/graph")
    assert not [e for e in plain["edges"] if e["data"]["kind"] == "suggested"]


def test_graph_keeps_markup_as_data(client):
    g = get_json(client, "/api/areas/koivula/graph")
    assert any(n["data"]["label"] == XSS for n in g["nodes"])


@pytest.mark.parametrize("query,param", [
    ("sector=ngo,nope", "sector"), ("level=high", "level"), ("kind=refers,calls", "kind"),
    ("roles=maybe", "roles"), ("suggested=2", "suggested"), ("aggregate=x", "aggregate"),
    ("lang=de", "lang"),
])
def test_graph_bad_filters_are_400(client, query, param):
    body = get_json(client, f"/api/areas/koivula/graph?{query}", 400)
    assert body["param"] == param
    assert body["error"]


# ----------------------------------------------------------------- search


def test_search_finds_inflected_finnish(client):
    data = get_json(client, "/api/search?q=univaikeuksiin&age=3&from=paivakoti")
    first = data["results"][0]
    assert first["unit"] == "neuvola"
    assert first["map_url"] == "/areas/koivula?focus=neuvola"
    assert first["path"][0] == "paivakoti" and first["path"][-1] == "neuvola"
    assert data["lemmatiser"] in ("voikko", "simplemma")


def test_search_hides_private_person(client):
    data = get_json(client, "/api/search?q=psykologi")
    assert any(r["unit"] == "perheneuvola" for r in data["results"])
    assert "Liisa" not in json.dumps(data)


@pytest.mark.parametrize("query,status,param", [
    ("", 400, "q"), ("q=", 400, "q"), ("q=%20%20", 400, "q"),
    ("q=uni&age=x", 400, "age"), ("q=uni&age=26", 400, "age"), ("q=uni&age=-1", 400, "age"),
    ("q=uni&age=2.5", 400, "age"), ("q=uni&area=nowhere", 404, "area"),
    ("q=uni&from=nowhere", 404, "from"), ("q=uni&limit=0", 400, "limit"),
    ("q=" + "a" * 1001, 400, "q"), ("q=uni&lang=xx", 400, "lang"), ("q=uni&limit=51", 400, "limit"),
])
def test_search_bad_parameters(client, query, status, param):
    body = get_json(client, f"/api/search?{query}", status)
    assert body["param"] == param and body["error"]


# ----------------------------------------------------------------- analysis, compare


def test_analysis_of_area_links_findings_to_map(client):
    data = get_json(client, "/api/analysis?area=koivula")
    assert data["area"]["id"] == "koivula"
    assert data["findings"], "the small network has known gaps"
    assert {f["area"] for f in data["findings"]} == {"koivula"}
    gateway = next(f for f in data["findings"] if f["kind"] == "gateway")
    assert gateway["map_url"] == "/areas/koivula?highlight=" + ",".join(gateway["map_nodes"])
    # default order: the area's top five, then by impact
    order = [(not f["top"], -f["impact"]) for f in data["findings"]]
    assert order == sorted(order)
    by_severity = get_json(client, "/api/analysis?area=koivula&sort=severity")["findings"]
    ranks = [{"high": 0, "medium": 1, "low": 2}[f["severity"]] for f in by_severity]
    assert ranks == sorted(ranks)


def test_analysis_all_areas_and_sorting(client):
    everything = get_json(client, "/api/analysis")
    assert {f["area"] for f in everything["findings"]} >= {"koivula", "haapala"}
    by_kind = get_json(client, "/api/analysis?sort=kind")["findings"]
    assert [f["kind"] for f in by_kind] == sorted(f["kind"] for f in by_kind)
    desc = get_json(client, "/api/analysis?sort=-nodes")["findings"]
    sizes = [len(f["nodes"]) for f in desc]
    assert sizes == sorted(sizes, reverse=True)
    county = get_json(client, "/api/analysis?area=hva")
    assert {f["area"] for f in county["findings"]} <= {"koivula", "haapala", "hva"}


@pytest.mark.parametrize("url,status,param", [
    ("/api/analysis?area=nowhere", 404, "area"), ("/api/analysis?sort=colour", 400, "sort"),
    ("/api/analysis?lang=de", 400, "lang"), ("/api/compare?sort=nope", 400, "sort"),
])
def test_analysis_bad_parameters(client, url, status, param):
    body = get_json(client, url, status)
    assert body["param"] == param


def test_compare_lists_every_family_centre_area(client):
    data = get_json(client, "/api/compare")
    rows = {r["id"]: r for r in data["areas"]}
    assert set(rows) == {"koivula", "haapala"}
    assert rows["koivula"]["metrics"]["units"] == 10
    assert rows["koivula"]["findings_total"] == sum(rows["koivula"]["findings"].values())
    by_units = get_json(client, "/api/compare?sort=-units")["areas"]
    assert [r["id"] for r in by_units] == ["koivula", "haapala"]


# ----------------------------------------------------------------- profiles


def test_unit_profile(client):
    data = get_json(client, "/api/units/perheohjaus")
    assert data["unit"]["name"] == "Perheohjaus"
    assert data["organisation"]["sector"] == "county"
    assert {r["id"] for r in data["roles"]} == {"po-sari"}
    assert {l["to"]["id"] for l in data["links_out"]} >= {"sosiaalityo", "kahvila",
                                                           "johtoryhma"}
    assert {l["from"]["id"] for l in data["links_in"]} >= {"neuvola", "veo-mika"}
    assert data["forums"] == [{"id": "johtoryhma", "name": "Perhekeskuksen johtoryhmä"}]
    assert data["last_verified"] == "2026-11-01"
    assert data["map_url"] == "/areas/koivula?focus=perheohjaus"


def test_role_profiles_respect_privacy(client):
    public = get_json(client, "/api/roles/po-sari")
    assert public["role"]["person"] == "Sari Testinen"
    private = get_json(client, "/api/roles/psy-liisa")
    assert private["role"]["person"] is None
    assert private["role"]["title"] == "psykologi"
    assert "Liisa" not in json.dumps(get_json(client, "/api/units/perheneuvola"))


@pytest.mark.parametrize("url", ["/api/units/nope", "/api/roles/nope"])
def test_unknown_profile_404(client, url):
    assert get_json(client, url, 404)["param"] == "id"


# ----------------------------------------------------------------- what-if


def post(client, body, *, raw=None):
    if raw is not None:
        return client.post("/api/whatif", data=raw, content_type="application/json")
    return client.post("/api/whatif", json=body)


def test_whatif_removing_the_gateway_loses_paths(client):
    r = post(client, {"name": "ilman perheohjausta",
                      "changes": [{"op": "remove_unit", "unit": "perheohjaus"}]})
    assert r.status_code == 200, r.get_data(as_text=True)
    report = r.get_json()
    assert report["scenario"] == "ilman perheohjausta"
    assert "koivula" in report["areas"]
    assert report["lost_paths"] or report["new_isolated"]


@pytest.mark.parametrize("raw,body,param", [
    ("not json", None, "body"), ("[1, 2]", None, "changes"), ("{}", None, "changes"),
    (None, {"changes": "remove everything"}, "changes"),
    (None, {"changes": [{"op": "remove_unit", "unit": "nope"}]}, "changes"),
    (None, {"changes": [{"op": "explode"}]}, "changes"),
])
def test_whatif_bad_scenarios_are_400(client, raw, body, param):
    r = post(client, body, raw=raw)
    assert r.status_code == 400, r.get_data(as_text=True)
    data = r.get_json()
    assert data["param"] == param and data["error"]


def test_whatif_validation_problems_are_listed(client):
    r = post(client, {"changes": [{"op": "remove_unit", "unit": "nope"}]})
    problems = r.get_json()["problems"]
    assert problems and "nope" in json.dumps(problems)


def test_wrong_method_and_unknown_route_are_json(client):
    r = client.get("/api/whatif")
    assert r.status_code == 405 and r.get_json()["error"]
    r = client.get("/api/no/such/thing")
    assert r.status_code == 404 and r.get_json()["error"]


def test_i18n_catalogue_served(client):
    assert get_json(client, "/api/i18n?lang=sv")["strings"]["nav.search"] == "Vem ringer jag?"
    assert get_json(client, "/api/i18n?lang=xx", 400)["param"] == "lang"


def test_page_embeds_the_catalogue_its_scripts_read_without_the_command_lines(client):
    """base.html hands the page's scripts the strings of the page's language (parsed
    by web/static/js/lib/i18n.mjs); the command line's help texts are not sent."""
    import json
    import re
    html = client.get("/?lang=sv").get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="i18n">(.*?)</script>', html, re.S)
    strings = json.loads(found.group(1))
    assert strings["nav.search"] == "Vem ringer jag?"
    assert not [k for k in strings if k.startswith("cli.")]
    assert get_json(client, "/api/i18n?lang=sv")["strings"]["nav.search"] == "Vem ringer jag?"


def test_json_twin_follows_store_writes(client, web_store, network):
    from graphmap.model import Unit
    before = get_json(client, "/api/areas/haapala/graph")
    web_store.write(_with_unit(Unit("haapala-kahvila", "Haapalan perhekahvila", "mll",
                                    "haapala")))
    after = get_json(client, "/api/areas/haapala/graph")
    assert ids(after, "unit") - ids(before, "unit") == {"haapala-kahvila"}


def test_background_rebuild_serves_previous_snapshot_until_ready(web_store, store_url):
    """A write too large to patch (here: any) makes the whole network be read again in
    the background; meanwhile answers come from the previous snapshot, saying so."""
    from graphmap.model import Unit
    from graphmap.web import create_app
    app = create_app(store_url, config={"TESTING": True, "SNAPSHOT_BACKGROUND": True})
    app.extensions["graphmap.snapshots"].change_limit = 0
    client = app.test_client()
    before = ids(get_json(client, "/api/areas/haapala/graph"), "unit")
    web_store.write(_with_unit(Unit("haapala-kahvila", "Haapalan perhekahvila", "mll",
                                    "haapala")))
    # the request that notices the write is answered from the previous snapshot at once
    response = client.get("/api/areas/haapala/graph")
    assert ids(response.get_json(), "unit") == before
    app.extensions["graphmap.snapshots"].wait(30)
    source = app.extensions["graphmap.snapshots"]
    # the map that was being looked at was recomputed before the new snapshot went live
    assert any(k[0] == "json" and k[1] == "haapala" for k in source._current.cache)
    response = client.get("/api/areas/haapala/graph")
    assert ids(response.get_json(), "unit") - before == {"haapala-kahvila"}
    assert "X-Graphmap-Updating" not in response.headers


def test_a_small_write_is_seen_as_soon_as_its_area_is_recomputed(store_url):
    """A write is patched into the snapshot by the next request (issue 13), which does
    not wait for the written area's map to be recomputed: it gets the previous one,
    marked as updating (never silently stale), and the next request after the
    background recomputation has the new unit, unmarked.  On both stores (each lists
    what changed since a revision)."""
    from graphmap.model import Unit
    from graphmap.store import open_store
    from graphmap.web import create_app

    from .conftest import web_network
    web_store = open_store(store_url)
    web_store.write(web_network())
    app = create_app(store_url, config={"TESTING": True, "SNAPSHOT_BACKGROUND": True})
    client = app.test_client()
    old = get_json(client, "/api/areas/haapala/graph")
    web_store.write(_with_unit(Unit("haapala-kahvila", "Haapalan perhekahvila", "mll",
                                    "haapala")))
    response = client.get("/api/areas/haapala/graph")
    assert response.headers.get("X-Graphmap-Updating") == "1"
    assert response.get_json()["updating"] is True
    assert ids(response.get_json(), "unit") == ids(old, "unit")  # the old map, not an empty one
    source = app.extensions["graphmap.snapshots"]
    assert source._current.revision == web_store.revision()  # patched, not read again
    assert source.refresher.wait(30)
    response = client.get("/api/areas/haapala/graph")
    assert ids(response.get_json(), "unit") - ids(old, "unit") == {"haapala-kahvila"}
    assert "X-Graphmap-Updating" not in response.headers
    web_store.close()


def _with_unit(unit):
    from graphmap.model import Network
    net = Network()
    net.add(unit)
    return net


_PARAMS = st.sampled_from(["q", "area", "age", "from", "limit", "lang", "roles", "sector",
                           "level", "kind", "suggested", "aggregate", "sort"])
_VALUES = st.one_of(st.text(max_size=30), st.sampled_from(
    ["koivula", "hva", "neuvola", "1", "0", "-1", "25", "26", "refers", "ngo", "early", "sv",
     "-kind", "%", "<img src=x onerror=alert(1)>", "\x00", "ä" * 300]))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/api/search", "/api/areas/koivula/graph", "/api/areas/hva/graph",
                             "/api/graph", "/api/analysis", "/api/compare",
                             "/api/areas/koivula"]),
       params=st.lists(st.tuples(_PARAMS, _VALUES), max_size=4))
def test_any_parameters_get_json_and_never_500(client, path, params):
    r = client.get(path + "?" + urlencode(params))
    assert r.status_code < 500, (path, params, r.get_data(as_text=True)[:300])
    assert r.mimetype == "application/json"
    if r.status_code >= 400:
        body = r.get_json()
        assert body["error"] and "param" in body


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12)
                     | st.sampled_from(["remove_unit", "merge_units", "move_unit", "add_link",
                                        "neuvola", "koivula", "refers", "op", "unit"]),
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.sampled_from(["op", "unit", "units", "into", "area",
                                                        "source", "target", "kind", "role",
                                                        "name", "changes"]), inner, max_size=4),
                     max_leaves=12)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(_JSON, st.fixed_dictionaries({"changes": st.lists(_JSON, max_size=3)})))
def test_any_whatif_body_gets_json_and_never_500(client, body):
    r = client.post("/api/whatif", json=body)
    assert r.status_code in (200, 400), (body, r.get_data(as_text=True)[:300])
    assert r.mimetype == "application/json"
