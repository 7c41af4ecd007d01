"""The who-do-I-call form and answer page in real Chromium on the demo network (issue 9
items 3–5): age and area on the home box, the area remembered, the "my unit" picker
following the area and filtered by typing (with and without JavaScript), and the answer
page's urgent section, 112 line and divider — checked by axe and looked at in
screenshots (tests/artifacts/search-*.png)."""
from __future__ import annotations

import pytest
from flask import render_template

from .helpers import save_screenshot
from .test_accessibility import STRUCTURE_RULES, WCAG_TAGS, describe, run_axe


def _units(pg, select="#home-from") -> list[str]:
    return pg.eval_on_selector_all(f"{select} option:not([hidden])",
                                   "os => os.filter(o => o.value).map(o => o.textContent)")


def _no_violations(pg, what):
    found = run_axe(pg, {"type": "tag", "values": WCAG_TAGS})
    found += run_axe(pg, {"type": "rule", "values": STRUCTURE_RULES})
    assert not found, f"{what} breaks WCAG 2.1 AA:\n{describe(found)}"


def test_home_box_picks_age_area_and_a_unit_of_that_area(page, demo_server):
    from graphmap.demo import demo_network
    from graphmap.graph import build_graph
    net = demo_network()
    fc = build_graph(net).nodes
    above = {"pirkanmaa"}  # county-wide services serve Sotesi too, so a worker may be there
    sotesi = sorted(f"{u.name} ({net.areas[u.area].name})" for u in net.units.values()
                    if fc[u.id]["fc_area"] == "sotesi" or u.area in above)
    page.goto(demo_server.url + "/")
    assert page.is_visible("#home-age") and page.is_visible("#home-area")
    assert _units(page) == []  # no area yet: nothing to pick from
    page.select_option("#home-area", "sotesi")
    page.wait_for_selector("#home-from optgroup", state="attached")
    names = _units(page)
    assert sorted(names) == sotesi  # only Sotesi's units, each with its own area
    assert page.text_content("#home-from-status") == f"{len(sotesi)} yksikköä valittavana"
    # type to narrow the list, then choose from it with the keyboard
    page.fill("#home-from-filter", "neuvola")
    narrowed = _units(page)
    assert narrowed and len(narrowed) < len(names)
    assert all("neuvola" in n.lower() for n in narrowed)
    page.press("#home-from-filter", "Enter")
    assert page.evaluate("document.activeElement.id") == "home-from"
    chosen = page.eval_on_selector("#home-from", "s => s.options[s.selectedIndex].text")
    assert chosen == narrowed[0]
    save_screenshot(page, "search-home-form-fi", full_page=False)
    _no_violations(page, "home page with the unit picker filtered")
    page.fill("#home-q", "univaikeudet")
    page.fill("#home-age", "3")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search?*")
    assert "units=" not in page.url  # Enter searches; it never presses "show units"
    page.wait_for_selector("#results .card")
    assert page.input_value("#age") == "3"
    assert page.input_value("#area") == "sotesi"
    assert page.input_value("#from") != ""
    page.goto(demo_server.url + "/")  # the next visit starts in the same area
    assert page.input_value("#home-area") == "sotesi"
    assert page.problems() == []


def test_picker_works_without_javascript(browser, demo_server):
    context = browser.new_context(java_script_enabled=False, locale="fi-FI")
    pg = context.new_page()
    try:
        pg.goto(demo_server.url + "/search")
        assert pg.is_hidden("#from-filter")  # the filter needs JavaScript
        pg.select_option("#area", "tornio")
        pg.click("button.units-refresh")  # the server renders Tornio's units
        pg.wait_for_url("**units=1*")
        names = _units(pg, "#from")
        assert len(names) > 10 and all(n.endswith(")") for n in names)
        assert not pg.is_visible("#results-heading")
    finally:
        context.close()


def _contract_page(app, lang: str) -> str:
    """search.html rendering the search contract's dict over demo units (the engine
    of branch `search` returns it; this branch renders it through the real template)."""
    from graphmap.web.search_form import area_choices, form_values
    from graphmap.web.snapshot import current_snapshot

    def card(snap, unit, section, why):
        u = snap.net.units[unit]
        return {"unit": unit, "unit_name": u.name, "area": u.area,
                "area_name": snap.net.areas[u.area].name,
                "organisation": snap.net.organisations[u.organisation].name,
                "level": getattr(u.level, "value", u.level), "self_referral": u.self_referral, "role": None,
                "channel": {"phone": u.phone, "email": u.email,
                            "channels": [getattr(c, "value", c) for c in u.channels]},
                "why": why, "unit_url": f"/units/{unit}", "map_url": None, "section": section}
    with app.test_request_context(f"/search?q=x&lang={lang}"):
        app.preprocess_request()
        snap = current_snapshot()
        units = {u.id: u for u in snap.net.units.values()}
        sotesi = [i for i, u in units.items() if snap.g.nodes[i].get("fc_area") == "sotesi"]
        child_protection = next(i for i in sotesi if "lastensuojelu" in units[i].services)
        family_work = next(i for i in sotesi if "perheohjaus" in units[i].services)
        elsewhere = next(i for i, u in units.items()
                         if snap.g.nodes[i].get("fc_area") == "tornio"
                         and "perheneuvola" in u.services)
        text = {"fi": ("isä lyö äitiä", "Hätätilanteessa soita 112.", "Väkivalta perheessä"),
                "sv": ("pappa slår mamma", "I en nödsituation, ring 112.", "Våld i familjen")}
        q, emergency, need = text[lang]
        result = {"query": q, "area": {"id": "sotesi", "name": snap.net.areas["sotesi"].name},
                  "age": 6, "from": None, "lemmatiser": "voikko", "understood": True,
                  "confident": False, "urgent": True, "emergency": emergency,
                  "needs": [{"id": "family-violence", "name": need, "urgency": "urgent",
                             "concerns": "family"}],
                  "notice": None, "unrecognised": [], "front_door": None,
                  "results": [card(snap, child_protection, "urgent", []),
                              card(snap, family_work, "area", []),
                              card(snap, elsewhere, "elsewhere", [])]}
        form = form_values(snap, {"q": q, "age": "6", "area": "sotesi"}, {})
        return render_template("search.html", result=result, form=form, error=None,
                               areas=area_choices(snap), scripts=["/static/js/search.js"])


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_answer_page_urgent_first_then_area_then_divider(page, demo_server, lang):
    html = _contract_page(demo_server.app, lang)
    url = demo_server.url + f"/search?q=contract&lang={lang}"
    page.route(url, lambda route: route.fulfill(status=200, body=html,
                                                content_type="text/html; charset=utf-8"))
    page.goto(url)
    order = page.evaluate("""() => ['#urgent-answers', '#emergency-line', '.who-form',
        '#results', '#elsewhere-heading', '#elsewhere-results'].map(s => {
            const e = document.querySelector(s); return e ? e.getBoundingClientRect().top
                                                          + window.scrollY : null; })""")
    assert None not in order and order == sorted(order), order
    line = page.locator("#emergency-line")
    assert "112" in line.text_content() and line.is_visible()
    # the 112 line is on the first screen and larger than the body text
    box = line.bounding_box()
    assert box["y"] + box["height"] < 900
    sizes = page.evaluate("""() => [getComputedStyle(document.querySelector('#emergency-line')).fontSize,
                                    getComputedStyle(document.body).fontSize].map(parseFloat)""")
    assert sizes[0] > sizes[1]
    divider = page.text_content("#elsewhere-heading")
    assert divider.startswith({"fi": "Muilta alueilta", "sv": "Från andra områden"}[lang])
    assert "Sotesi" in divider
    assert page.is_visible("#unsure-note")
    save_screenshot(page, f"search-answer-{lang}", full_page=True)
    _no_violations(page, f"answer page ({lang})")
    assert page.problems() == []


def test_real_urgent_query_shows_112_first_when_the_engine_gives_the_contract(page,
                                                                              demo_server):
    """Runs for real once branch `search` (the contract's engine) is merged."""
    api = page.request.get(demo_server.url + "/api/search?q=is%C3%A4+ly%C3%B6+%C3%A4iti%C3%A4"
                           "&area=sotesi&age=6").json()
    if "urgent" not in api:
        pytest.skip("the search engine on this branch does not return the contract's dict")
    assert api["urgent"] is True
    page.goto(demo_server.url + "/search?q=is%C3%A4+ly%C3%B6+%C3%A4iti%C3%A4&area=sotesi&age=6")
    assert "112" in page.text_content("#emergency-line")
    first = page.locator("#urgent-results li.card").first
    assert first.get_attribute("data-section") == "urgent"
    save_screenshot(page, "search-real-urgent-fi", full_page=True)


def test_editor_sees_the_areas_unmet_queries_on_the_findings_page(browser, tmp_path_factory):
    """A worker's unanswered query reaches the area's editor as a table row (axe-checked);
    an anonymous visitor of the same page sees no such table."""
    from graphmap.store import open_store
    from tests.web.accounts import PASSWORD, add_users

    from .conftest import LiveServer, browser_network
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-unmet')}/graphmap.db"
    with open_store(url) as store:
        store.write(browser_network())
        add_users(store)
    server = LiveServer(url)
    context = browser.new_context(base_url=server.url, locale="fi-FI")
    pg = context.new_page()
    try:
        pg.goto("/search?q=passin+uusiminen&area=koivula&age=9")
        pg.goto("/findings?area=koivula")
        assert pg.locator("#unmet-table").count() == 0
        pg.goto("/login?next=/findings?area=koivula")
        pg.fill("#username", "koivu-ed")
        pg.fill("#password", PASSWORD)
        pg.click("#login-form button[type=submit]")
        pg.wait_for_url("**/findings?area=koivula")
        row = pg.locator("#unmet-table tbody tr").first
        assert row.locator("th").text_content() == "passin uusiminen"
        assert "7-12" in row.text_content() and "sanoja ei tunnistettu" in row.text_content()
        pg.locator("#unmet-queries").scroll_into_view_if_needed()
        save_screenshot(pg, "search-unmet-findings-fi")
        _no_violations(pg, "findings page with unmet queries")
    finally:
        context.close()
        server.stop()
