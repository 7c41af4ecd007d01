"""Who-do-I-call, language switch and what-if in real Chromium (issue 4 items 2, 5, 6)."""
from __future__ import annotations

from .helpers import XSS, assert_picture, save_screenshot, wait_for_map


def test_search_card_opens_the_map_focused_on_that_unit(page):
    page.goto("/search")
    page.fill("#q", "univaikeudet")
    page.select_option("#area", "koivula")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#results .card")
    card = page.locator("#results .card").first
    unit = card.get_attribute("data-unit")
    name = card.locator("h3").inner_text()
    assert unit == "neuvola", "the lastenneuvola should answer 'univaikeudet' first"
    save_screenshot(page, "search-univaikeudet")
    card.locator("a.card-map").click()
    page.wait_for_url(f"**/areas/**focus={unit}**")
    wait_for_map(page)
    focused = page.evaluate("window.graphmapCy.nodes('.focused').map(n => n.id())")
    assert focused == [unit]
    assert page.text_content("#node-info h2") == name
    # the rest of the area fades, the unit's partners stay
    faded = set(page.evaluate("window.graphmapCy.nodes('.faded').map(n => n.id())"))
    assert "perheohjaus" not in faded and "lastensuojelu" in faded
    assert page.problems() == []


def test_language_switch_changes_page_and_map_strings(page):
    page.goto("/areas/koivula")
    wait_for_map(page)
    assert page.get_attribute("html", "lang") == "fi"
    fi_label = page.text_content("label[for=group-by]")
    fi_legend = page.text_content("#legend h2")
    page.click("nav.lang-switch a[hreflang=sv]")
    page.wait_for_url("**lang=sv**")
    wait_for_map(page)
    assert page.get_attribute("html", "lang") == "sv"
    assert page.text_content("label[for=group-by]") != fi_label
    assert page.text_content("#legend h2") != fi_legend  # drawn by map.js from the catalogue
    sv_status = page.text_content("#map-status")
    # the choice is remembered: a plain link now opens in Swedish
    page.goto("/areas/haapala")
    wait_for_map(page)
    assert page.get_attribute("html", "lang") == "sv"
    page.click("nav.lang-switch a[hreflang=en]")
    page.wait_for_url("**lang=en**")
    wait_for_map(page)
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("#map-status") != sv_status
    assert page.problems() == []


def test_whatif_remove_a_unit_lists_and_draws_the_difference(page):
    page.goto("/whatif?area=koivula")
    page.wait_for_selector("#whatif-page[data-state=ready]", state="attached")
    page.check("input[name=remove][value=perheohjaus]")
    page.click("#whatif-run")
    page.wait_for_selector("#whatif-page[data-state=done], #whatif-page[data-state=error]",
                           state="attached")
    assert page.get_attribute("#whatif-page", "data-state") == "done", \
        page.text_content("#whatif-result")
    result = page.text_content("#whatif-result")
    # perheohjaus carried neuvola's referrals on to social work: those paths are lost
    assert "Perheohjaus" in result
    # lost paths are grouped by consequence: the units that lose the same destinations
    groups = page.evaluate("""() => Array.from(document.querySelectorAll('details.lost-paths'),
        d => Array.from(d.querySelectorAll('ul'), ul => Array.from(ul.children, li => li.textContent)))""")
    assert any("Lapsiperheiden sosiaalityö" in targets and "Koivulan lastenneuvola" in units
               for targets, units in groups), groups
    cy = page.evaluate("""() => ({
        removed: window.graphmapCy.nodes('.removed').map(n => n.id()),
        lost: window.graphmapCy.edges('.lost').map(e => [e.source().id(), e.target().id()]),
        isolated: window.graphmapCy.nodes('.new-isolated').map(n => n.id())})""")
    assert cy["removed"] == ["perheohjaus"]
    assert ["neuvola", "perheohjaus"] in cy["lost"]
    assert all("perheohjaus" in pair for pair in cy["lost"])
    # names with markup stay text in the result list too
    assert XSS in result and page.locator("#whatif-result img").count() == 0
    assert_picture(page.context.browser, save_screenshot(page, "whatif-perheohjaus", full_page=True))
    assert page.problems() == []


def test_whatif_bad_scenario_shows_the_servers_problems(page):
    page.goto("/whatif?area=koivula")
    page.wait_for_selector("#whatif-page[data-state=ready]", state="attached")
    page.click("#whatif-run")  # nothing chosen: told so, no request
    assert page.locator("#whatif-result [role=alert]").count() == 1
    assert page.problems() == []


def test_whatif_merge_marks_the_merged_unit_and_keeps_its_links(page):
    page.goto("/whatif?area=koivula")
    page.wait_for_selector("#whatif-page[data-state=ready]", state="attached")
    page.check("input[name=merge][value=perheneuvola]")
    page.select_option("#merge-into", "perheohjaus")
    page.click("#whatif-run")
    page.wait_for_selector("#whatif-page[data-state=done], #whatif-page[data-state=error]",
                           state="attached")
    assert page.get_attribute("#whatif-page", "data-state") == "done", \
        page.text_content("#whatif-result")
    assert "Kasvatus- ja perheneuvola, Perheohjaus → Perheohjaus" in page.text_content(
        "#whatif-result")
    cy = page.evaluate("""() => ({removed: window.graphmapCy.nodes('.removed').map(n => n.id()),
                                  lost: window.graphmapCy.edges('.lost').length})""")
    assert cy == {"removed": ["perheneuvola"], "lost": 0}  # a merge moves ties, loses none
    assert page.problems() == []
