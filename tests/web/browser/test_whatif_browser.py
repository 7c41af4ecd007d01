"""What-if in the browser (issue 15 item 3), real Chromium over the demo network.

The coordinator's question: "what if one of Sotesi's special-needs teachers goes?" —
answered in the page, grouped by consequence, and shareable as a link."""
from __future__ import annotations

import base64
import json

from .helpers import save_screenshot


def _run_remove_teacher(page, demo_server):
    page.goto(demo_server.url + "/whatif?area=sotesi")
    page.wait_for_selector("#whatif-page[data-state=ready]", timeout=30_000)
    rows = page.locator("#whatif-roles tr[data-role]")
    teacher = next(r.get_attribute("data-role") for r in rows.all()
                   if "erityisopettaja" in r.inner_text())
    page.check(f'input[name="remove_role"][value="{teacher}"]')
    page.click("#whatif-run")
    page.wait_for_selector("#whatif-page[data-state=done]", timeout=60_000)
    return teacher


def test_a_role_can_be_removed_and_the_result_is_grouped_by_consequence(page, demo_server):
    teacher = _run_remove_teacher(page, demo_server)
    result = page.locator("#whatif-result")
    report = page.evaluate("window.graphmapWhatif.result")
    # grouped: the units losing the same destinations are ONE line saying how many
    paths = report["lost_paths"]
    assert paths, "removing the teacher cut no referral path"
    sources = {p["source"] for p in paths}
    groups = result.locator("details.lost-paths > summary").all_inner_texts()
    assert len(groups) < len(sources) and len(groups) < len(paths)
    assert any(f"{len(sources)} yksikköä menettää" in g for g in groups) or \
        sum(int(g.split()[0]) for g in groups) == len(sources), groups
    assert result.locator("section.lost li").count() < len(paths) + len(sources) + 20
    # the funnel through the teachers changed in size: shown as changed, not resolved + new
    changed = result.locator("section.changed details")
    assert changed.count() == 1
    assert "3 työntekijän" in changed.inner_text()
    assert not [f for f in report["new_findings"] + report["resolved_findings"]
                if f["kind"] == "gateway" and f["nodes"][:1] == report["changed_findings"][0]["after"]["nodes"][:1]]
    # on the map the role is marked removed and its links lost
    assert page.evaluate(f"window.graphmapCy.getElementById('{teacher}').hasClass('removed')")
    assert page.evaluate("window.graphmapCy.edges('.lost').length") > 0
    result.locator("details").first.evaluate("d => d.open = true")
    save_screenshot(page, "whatif-remove-teacher")
    assert page.problems() == []


def test_the_scenario_is_in_the_address_and_a_shared_link_runs_it(page, demo_server):
    teacher = _run_remove_teacher(page, demo_server)
    url = page.url
    code = url.split("s=")[1].split("&")[0]
    scenario = json.loads(base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)))
    assert scenario["changes"] == [{"op": "remove_role", "role": teacher}]
    assert page.get_attribute("#whatif-share", "href").endswith(code)
    first = page.evaluate("window.graphmapWhatif.result")
    other = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        pg = other.new_page()
        pg.goto(url)
        pg.wait_for_selector("#whatif-page[data-state=done]", timeout=60_000)
        assert pg.is_checked(f'input[name="remove_role"][value="{teacher}"]')
        assert pg.evaluate("window.graphmapWhatif.result") == first
    finally:
        other.close()
    assert page.problems() == []


def test_links_can_be_added_and_removed_in_the_form(page, demo_server):
    page.goto(demo_server.url + "/whatif?area=tornio")
    page.wait_for_selector("#whatif-page[data-state=ready]", timeout=30_000)
    page.click("#whatif-links summary")
    box = page.locator('input[name="remove_link"]').first
    source, target, kind = box.get_attribute("value").split("|")
    box.check()
    units = page.locator("#add-source option").all()
    page.select_option("#add-source", units[1].get_attribute("value"))
    page.select_option("#add-target", units[2].get_attribute("value"))
    page.select_option("#add-kind", "consults")
    page.click("#whatif-run")
    page.wait_for_selector("#whatif-page[data-state=done]", timeout=60_000)
    changes = page.locator("#whatif-result section").first.locator("li").all_inner_texts()
    assert len(changes) == 2
    assert any(t.startswith("Poista yhteys") for t in changes)
    assert any(t.startswith("Lisää yhteys") for t in changes)
    assert page.evaluate("window.graphmapWhatif.result.scenario")
    assert page.problems() == []
