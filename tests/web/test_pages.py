"""Server-rendered pages: each works without JavaScript, carries the DOM the front end
drives (docs/web-contract.md) and shows the same facts as its JSON twin."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest


class Page(HTMLParser):
    """Collects ids, attributes by id, labels' targets, and the visible text."""

    def __init__(self, html: str):
        super().__init__()
        self.by_id: dict[str, dict] = {}
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.by_id[a["id"]] = {"tag": tag, **a}

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag):
        return [a for t, a in self.tags if t == tag]


def page(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code)
    assert r.mimetype == "text/html"
    return r.get_data(as_text=True)


def test_home_lists_areas_with_counts_and_boxes(client):
    html = page(client, "/")
    p = Page(html)
    assert 'href="/areas/koivula"' in html and 'href="/areas/haapala"' in html
    assert "10 yksikköä · 7 tehtävää" in html  # koivula, from the store
    assert p.by_id["home-q"]["tag"] == "input" and p.by_id["area-q"]["tag"] == "input"
    found = page(client, "/?q=haapa")
    assert 'href="/areas/haapala"' in found and 'href="/areas/koivula"' not in found


def test_map_page_dom_contract(client):
    html = page(client, "/areas/koivula?focus=neuvola&highlight=perheohjaus,kahvila")
    p = Page(html)
    main = p.by_id["map-page"]
    assert main["tag"] == "main"
    assert main["data-area"] == "koivula" and main["data-lang"] == "fi"
    assert main["data-graph-url"] == "/api/areas/koivula/graph"
    assert main["data-analysis-url"] == "/api/analysis?area=koivula"
    assert main["data-focus"] == "neuvola"
    assert main["data-highlight"] == "perheohjaus,kahvila"
    assert p.by_id["cy"]["role"] == "img" and p.by_id["cy"]["aria-label"]
    assert p.by_id["map-controls"]["tag"] == "form"
    for select, options in (("group-by", {"organisation", "level", "none"}),
                            ("size-by", {"degree", "betweenness", "in_volume"}),
                            ("focus-radius", {"1", "2"})):
        assert p.by_id[select]["tag"] == "select"
        block = html[html.index(f'id="{select}"'):]
        block = block[:block.index("</select>")]
        assert set(re.findall(r'value="([^"]+)"', block)) == options
    for box in ("show-roles", "show-suggested"):
        assert p.by_id[box]["type"] == "checkbox"
    names = {a.get("name") for a in p.all("input") if a.get("type") == "checkbox"}
    assert {"sector", "level", "kind"} <= names
    kinds = {a["value"] for a in p.all("input") if a.get("name") == "kind"}
    assert kinds == {"refers", "consults", "works_with", "co_located", "outreach", "contact",
                     "member", "informs"}
    for button in ("export-png", "export-svg", "reset-view"):
        assert p.by_id[button]["tag"] == "button"
    assert p.by_id["legend"]["tag"] == "div"
    assert p.by_id["node-info"]["aria-live"] == "polite"
    assert p.by_id["node-table"]["tag"] == "table" and p.by_id["link-table"]["tag"] == "table"
    assert p.by_id["finding-list"]["tag"] == "ul"


def test_map_tables_hold_every_fact_of_the_graph(client):
    html = page(client, "/areas/koivula")
    graph = client.get("/api/areas/koivula/graph").get_json()
    nodes = html[html.index('id="node-table"'):html.index('id="link-table"')]
    links = html[html.index('id="link-table"'):]
    links = links[:links.index("</table>")]
    assert nodes.count("<tr data-id=") == len(graph["nodes"])
    assert links.count("<tr data-id=") == len(graph["edges"])
    assert "Haapalan perhekeskus" in nodes  # the stub
    assert "<caption>" in nodes and 'scope="col"' in nodes and 'scope="row"' in nodes


def test_finding_buttons_name_nodes_to_highlight(client):
    html = page(client, "/areas/koivula")
    analysis = client.get("/api/analysis?area=koivula").get_json()
    # every button highlights what its finding is about: its nodes and the units its
    # evidence lists (a cut point's cut-off units), named for the finding it is about
    expected = {" ".join(f["map_nodes"]) for f in analysis["findings"] if f["map_nodes"]}
    shown = set(re.findall(r'data-nodes="([^"]*)"', html))
    assert shown == expected
    for f in analysis["findings"]:
        assert set(f["nodes"]) <= set(f["map_nodes"])
    (stale,) = [f for f in analysis["findings"] if f["kind"] == "stale_contact"]
    assert "veo-mika" in stale["map_nodes"] and stale["map_roles"]
    assert "roles=1" in stale["map_url"] and "veo-mika" in stale["map_url"]
    # the accessible name: "Näytä kartalla" shown, the finding's summary for screen readers
    # (text, not an attribute: a name may hold anything)
    labels = re.findall(r'class="highlight"[^>]*><span aria-hidden="true">Näytä kartalla</span>'
                        r'<span class="visually-hidden">([^<]*)</span>', html)
    assert len(labels) == len(set(labels)) == sum(1 for f in analysis["findings"]
                                                  if f["map_nodes"])
    assert all(label.startswith("Näytä kartalla: ") for label in labels)


def test_findings_page_puts_each_areas_top_five_first(client):
    html = page(client, "/findings?area=koivula")
    analysis = client.get("/api/analysis?area=koivula").get_json()
    top = html[html.index('id="top-findings"'):html.index('id="findings-table"')]
    ranked = sorted((f for f in analysis["findings"] if f["top"]), key=lambda f: f["rank"])
    assert len(ranked) == 5
    kinds = re.findall(r'<li class="finding[^"]*" data-kind="([^"]*)"', top)
    assert kinds == [f["kind"] for f in ranked]
    # the table's default order is the same: top five first, by impact
    assert [f["kind"] for f in analysis["findings"][:5]] == kinds
    links = re.findall(r'<a class="show-on-map" href="([^"]*)"[^>]*><span aria-hidden="true">'
                       r'[^<]*</span><span class="visually-hidden">([^<]*)</span>', html)
    assert links and all(label.startswith("Näytä kartalla: ") for _, label in links)


def test_county_map_is_aggregated(client):
    html = page(client, "/areas/hva")
    p = Page(html)
    assert p.by_id["map-page"]["data-aggregate"] == "1"
    assert "Koivulan perhekeskus" in html and "Haapalan perhekeskus" in html


def test_search_cards_without_javascript(client):
    html = page(client, "/search?q=univaikeuksiin&age=3&from=paivakoti&area=koivula")
    card = html[html.index('class="card" data-unit="neuvola"'):]
    card = card[:card.index("</li>\n")]
    assert "Koivulan lastenneuvola" in card
    assert 'href="tel:0400001001"' in card  # the named role's phone
    assert "Aino Esimerkki" in card
    assert "Perhe voi ottaa yhteyttä suoraan" in card and "kyllä" in card
    assert 'href="/areas/koivula?focus=neuvola"' in card
    assert "Päiväkoti Pihlaja → Perheohjaus → Koivulan lastenneuvola" in card


def test_search_remembers_area(client):
    r = client.get("/search?q=uni&area=koivula")
    assert "area=koivula" in r.headers.get("Set-Cookie", "")
    html = page(client, "/search")
    assert '<option value="koivula" selected>' in html
    assert '<option value="koivula" selected>' in page(client, "/")
    page(client, "/search?q=uni&area=")  # "all areas" chosen explicitly
    assert '<option value="koivula" selected>' not in page(client, "/search")


def test_search_page_empty_and_bad_age(client):
    p = Page(page(client, "/search"))
    assert p.by_id["q"]["tag"] == "input" and "results" not in p.by_id
    assert page(client, "/search?q=uni&age=99", 400)


def test_simplemma_notice(client, monkeypatch):
    from graphmap.web import reports  # imports graphmap.search's lemmatiser_name
    monkeypatch.setattr(reports, "lemmatiser_name", lambda: "simplemma")
    assert 'id="lemmatiser-notice"' in page(client, "/search?q=uni")
    monkeypatch.setattr(reports, "lemmatiser_name", lambda: "voikko")
    assert 'id="lemmatiser-notice"' not in page(client, "/search?q=uni")


def test_findings_table_sorts_and_links_to_map(client):
    html = page(client, "/findings?area=koivula&sort=kind")
    table = html[html.index('id="findings-table"'):]
    kinds = re.findall(r'<th scope="row">([^<]+)</th>', table)
    api = client.get("/api/analysis?area=koivula&sort=kind").get_json()["findings"]
    assert len(kinds) == len(api)
    assert 'aria-sort="ascending"' in table
    first = api[0]
    assert f'href="{first["map_url"]}"' in table
    assert 'aria-sort="descending"' in page(client, "/findings?area=koivula&sort=-kind")
    assert page(client, "/findings?area=nowhere", 404)
    assert page(client, "/findings?sort=nonsense", 400)


def test_compare_table_and_small_multiples(client):
    html = page(client, "/compare")
    table = html[html.index('id="compare-table"'):html.index("</table>")]
    assert table.count('<th scope="row">') == 2
    assert "<svg" in html and "<rect" in html
    assert "<script>" not in html
    # every bar is labelled with its area's name and value, also for screen readers
    charts = html[html.index('class="small-multiples"'):]
    names = re.findall(r'<text [^>]*class="bar-name"[^>]*>([^<]*)</text>', charts)
    values = re.findall(r'<text [^>]*class="bar-value"[^>]*>([^<]*)</text>', charts)
    assert {"Koivulan perhekeskus", "Haapalan perhekeskus"} <= set(names)
    assert len(values) == len(names) and all(v.strip() for v in values)
    labels = re.findall(r'<svg [^>]*aria-label="([^"]*)"', charts)
    assert labels and all("Koivulan perhekeskus" in x for x in labels)


def test_profiles(client):
    html = page(client, "/units/perheohjaus")
    assert "Perheohjaus" in html and "Sari Testinen" in html
    assert 'href="tel:0400001003"' in html
    assert 'href="mailto:sari.testinen@example.invalid"' in html
    assert "Perhekeskuksen johtoryhmä" in html  # forum
    assert 'href="/areas/koivula?focus=perheohjaus"' in html
    assert "1.11.2026" in html  # last verified, as Finnish writes dates
    role = page(client, "/roles/psy-liisa")
    assert "psykologi" in role and "nimeä ei julkaista" in role
    assert page(client, "/units/nope", 404) and page(client, "/roles/nope", 404)


def test_whatif_page_offers_units_of_the_area(client):
    html = page(client, "/whatif?area=koivula")
    p = Page(html)
    assert p.by_id["whatif-page"]["data-whatif-url"] == "/api/whatif"
    removable = {a["value"] for a in p.all("input") if a.get("name") == "remove"}
    assert {"perheohjaus", "neuvola", "xss"} <= removable
    for a in p.all("input"):
        if a.get("type") == "checkbox":
            assert f'for="{a["id"]}"' in html  # every input has a label
    assert page(client, "/whatif?area=nowhere", 404)


@pytest.mark.parametrize("url", ["/", "/areas/koivula", "/search?q=uni", "/findings",
                                 "/compare", "/units/neuvola", "/roles/th-aino",
                                 "/whatif?area=koivula"])
def test_every_input_is_labelled_and_page_has_skip_link(client, url):
    html = page(client, url)
    p = Page(html)
    assert 'class="skip-link" href="#content"' in html and "content" in p.by_id
    for tag in ("input", "select"):
        for a in p.all(tag):
            if a.get("type") == "hidden":
                continue
            assert "id" in a and f'for="{a["id"]}"' in html, (url, a)


@pytest.mark.parametrize("url", ["/", "/?q=koi", "/areas/koivula", "/search?q=uni&age=3",
                                 "/findings?area=koivula", "/compare", "/units/neuvola",
                                 "/roles/th-aino"])
def test_every_page_names_its_json_twin(client, url):
    html = page(client, url)
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html)
    assert twin, url
    r = client.get(twin.group(1).replace("&amp;", "&"))
    assert r.status_code == 200 and r.mimetype == "application/json"


def test_map_controls_work_without_javascript(client):
    url = "/areas/koivula?sector=county&sector=ngo&kind=refers&roles=1&size=betweenness"
    html = page(client, url)
    p = Page(html)
    checked = {(a["name"], a["value"]) for a in p.all("input") if "checked" in a}
    assert ("sector", "county") in checked and ("sector", "ngo") in checked
    assert ("sector", "parish") not in checked and ("kind", "works_with") not in checked
    assert ("roles", "1") in checked and ("suggested", "1") not in checked
    assert '<option value="betweenness" selected>' in html
    api = client.get("/api/areas/koivula/graph?sector=county,ngo&kind=refers&roles=1").get_json()
    nodes = html[html.index('id="node-table"'):html.index('id="link-table"')]
    assert nodes.count("<tr data-id=") == len(api["nodes"])
    assert "Diakoniatyö" not in nodes and 'href="/roles/po-sari"' in nodes
    links = html[html.index('id="link-table"'):]
    links = links[:links.index("</table>")]
    assert "työpari" not in links and "ohjaa" in links
    assert page(client, "/areas/koivula?level=top", 400)


def test_api_accepts_repeated_filter_parameters(client):
    a = client.get("/api/areas/koivula/graph?sector=county&sector=ngo").get_json()
    b = client.get("/api/areas/koivula/graph?sector=county,ngo").get_json()
    assert a == b and {n["data"]["sector"] for n in a["nodes"]
                       if n["data"]["kind"] == "unit"} == {"county", "ngo"}


@pytest.mark.parametrize("lang, name", [("fi", "suomi"), ("sv", "finska"), ("en", "Finnish")])
def test_unit_profile_names_languages_in_the_page_language(client, lang, name):
    page = client.get(f"/units/neuvola?lang={lang}").get_data(as_text=True)
    assert f"<dd>{name}</dd>" in page


@pytest.mark.parametrize("url", ["/areas/koivula", "/search", "/whatif?area=koivula",
                                 "/areas/koivula/geo"])
def test_every_script_a_page_loads_is_there(client, url):
    """Pages name their scripts without checking the files exist (issue 12 item 6): a
    missing one must fail here, not be left out of the page silently."""
    scripts = [a["src"] for a in Page(page(client, url)).all("script") if a.get("src")]
    assert any(s.startswith("/static/js/") for s in scripts), scripts
    for src in scripts:
        r = client.get(src)
        assert r.status_code == 200, (url, src, r.status_code)
        assert "javascript" in r.mimetype, (src, r.mimetype)
