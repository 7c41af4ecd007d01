"""WCAG 2.1 AA in real Chromium (issue 4 item 7): every page type checked by axe-core in
Finnish and Swedish, plus the keyboard paths a sighted keyboard or screen-reader user takes.

Why axe in the browser: contrast, names of controls and landmark structure depend on the
CSS and on what map.js/whatif.js add after load — only a rendered page shows them.  axe-core
comes from ``web/node_modules`` (a devDependency, never served to users).  The page's CSP
forbids inline script, so ``add_script_tag`` would be blocked; the library's source is run
with ``page.evaluate`` instead (DevTools evaluation is outside the page's CSP), which leaves
the CSP watch of the ``page`` fixture meaningful.
Reference: https://github.com/dequelabs/axe-core/blob/develop/doc/API.md#api-name-axerun
"""
from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import click_node, wait_for_map

AXE = Path(__file__).resolve().parents[3] / "web" / "node_modules" / "axe-core" / "axe.min.js"

#: WCAG 2.0 and 2.1, levels A and AA (what Finnish public-sector services must meet)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: structure rules axe files under best practice that the brief names: landmarks, one
#: main and h1, heading order, unique landmarks, everything inside a landmark
STRUCTURE_RULES = ["landmark-one-main", "landmark-unique", "landmark-no-duplicate-banner",
                   "landmark-no-duplicate-contentinfo", "page-has-heading-one",
                   "heading-order", "region", "skip-link", "empty-heading", "empty-table-header"]


def _ready_map(pg):
    wait_for_map(pg)


def _ready_whatif(pg):
    pg.wait_for_selector("#whatif-page[data-state=ready]", state="attached")


#: (name, path, status, wait) — one of each page type, with content (results, findings)
PAGES = [
    ("home", "/", 200, None),
    ("area-map", "/areas/koivula", 200, _ready_map),
    ("area-map-roles-grouped", "/areas/koivula?roles=1&group=organisation&suggested=1", 200,
     _ready_map),
    ("county-map", "/areas/hva", 200, _ready_map),
    ("search-results", "/search?q=univaikeudet&area=koivula", 200, None),
    ("embed-search", "/embed/search?area=koivula&q=isä+lyö+äitiä", 200, None),
    ("area-directory", "/areas/koivula/directory", 200, None),
    ("findings", "/findings", 200, None),
    ("compare", "/compare", 200, None),
    ("unit", "/units/neuvola", 200, None),
    ("role", "/roles/th-aino", 200, None),
    ("whatif", "/whatif?area=koivula", 200, _ready_whatif),
    ("error-404", "/units/no-such-unit", 404, None),
    ("login", "/login", 200, None),
    ("history", "/history", 200, None),
    ("compare-dates", "/compare-dates", 200, None),
]


#: rules whose "needs review" answer is, for this site, a violation: a name on an element
#: that may not have one is silently dropped by screen readers (the map legend once was)
STRICT_REVIEW = ["aria-prohibited-attr"]


def run_axe(pg, rules: dict) -> list[dict]:
    """Inject axe-core and run it on the whole document; the violations (and the
    ``STRICT_REVIEW`` items axe could not decide) as plain dicts."""
    if not pg.evaluate("typeof window.axe !== 'undefined'"):
        pg.evaluate(AXE.read_text(encoding="utf-8"))
    return pg.evaluate("""async ([only, strict]) => {
        const r = await axe.run(document, {runOnly: only,
                                           resultTypes: ['violations', 'incomplete']});
        const found = r.violations.concat(r.incomplete.filter(v => strict.includes(v.id)));
        return found.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                      summary: n.failureSummary ||
                                        n.any.concat(n.all, n.none).map(c => c.message).join('; ')}))}));
    }""", [rules, STRICT_REVIEW])


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:8]:
            summary = " ".join((n["summary"] or "").split())
            lines.append(f"    {n['target']}: {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.fixture(scope="module", autouse=True)
def _axe_installed():
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run scripts/setup.sh (npm ci in web/)", pytrace=False)


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("name,path,status,wait", PAGES, ids=[p[0] for p in PAGES])
def test_page_meets_wcag_21_aa(page, name, path, status, wait, lang):
    sep = "&" if "?" in path else "?"
    response = page.goto(f"{path}{sep}lang={lang}")
    assert response.status == status
    if wait:
        wait(page)
    assert page.get_attribute("html", "lang") == lang
    found = run_axe(page, {"type": "tag", "values": WCAG_TAGS})
    found += run_axe(page, {"type": "rule", "values": STRUCTURE_RULES})
    assert not found, f"{name} ({lang}) breaks WCAG 2.1 AA:\n{describe(found)}"
    problems = [p for p in page.problems() if "404" not in p or status != 404]
    assert problems == []


def _assert_no_violations(pg, what):
    found = run_axe(pg, {"type": "tag", "values": WCAG_TAGS})
    found += run_axe(pg, {"type": "rule", "values": STRUCTURE_RULES})
    assert not found, f"{what} breaks WCAG 2.1 AA:\n{describe(found)}"
    assert pg.problems() == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_map_after_clicking_a_node_and_highlighting_a_finding(page, lang):
    """What map.js writes into the page (node details, status, pressed finding button)
    must pass too."""
    page.goto(f"/areas/koivula?lang={lang}&suggested=1")
    wait_for_map(page)
    click_node(page, "neuvola")
    page.wait_for_selector("#node-info h2")
    _assert_no_violations(page, f"map with node details ({lang})")
    page.locator("#finding-list button.highlight").first.click()
    assert page.locator("#finding-list button[aria-pressed=true]").count() == 1
    _assert_no_violations(page, f"map with a finding highlighted ({lang})")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_whatif_result_and_its_error_message(page, lang):
    page.goto(f"/whatif?area=koivula&lang={lang}")
    page.wait_for_selector("#whatif-page[data-state=ready]", state="attached")
    page.click("#whatif-run")  # nothing chosen: an alert
    page.wait_for_selector("#whatif-result [role=alert]")
    _assert_no_violations(page, f"what-if with its error ({lang})")
    page.check("input[name=remove][value=perheohjaus]")
    page.click("#whatif-run")
    page.wait_for_selector("#whatif-page[data-state=done]", state="attached")
    _assert_no_violations(page, f"what-if result ({lang})")


@pytest.mark.parametrize("path", ["/", "/areas/lahti-etela",
                                  "/search?q=univaikeudet&area=lahti-etela",
                                  "/units/asikkala-kotipalvelu", "/findings?area=asikkala",
                                  "/whatif?area=asikkala"])
def test_phone_width_keeps_contrast_and_reflows(page, demo_server, path):
    """At 320 CSS px (WCAG 1.4.10 reflow) nothing but a table in its own scroll box and
    the map may be wider than the screen (the page never scrolls sideways), and axe passes —
    on the demo network, whose long area and unit names once pushed the area choice off the
    screen."""
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(demo_server.url + path)
    if path.startswith("/whatif"):
        _ready_whatif(page)
    if path.startswith("/areas/"):
        wait_for_map(page)
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => {
            if (e.closest('.table-scroll > table, #cy, svg')) return false;
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.right > document.documentElement.clientWidth + 1;
        }).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                  + (e.className && typeof e.className === 'string' ? '.' + e.className : ''))""")
    assert wide == [], f"{path} is wider than a 320 px phone: {wide[:10]}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    _assert_no_violations(page, f"{path} at 320 px")


#: the demo network's long names and full tables, at a desktop and a phone width
DEMO_PAGES = ["/", "/areas/lahti-etela", "/areas/ph", "/search?q=univaikeudet&area=lahti-etela",
              "/findings", "/compare", "/units/lahti-etela-neuvola-1", "/whatif?area=asikkala",
              "/history"]


@pytest.mark.parametrize("width", [1280, 390])
def test_demo_pages_meet_wcag_21_aa(page, demo_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    failures = []
    for path in DEMO_PAGES:
        page.goto(demo_server.url + path)
        if path.startswith("/areas/"):
            wait_for_map(page)
        elif path.startswith("/whatif"):
            _ready_whatif(page)
        found = run_axe(page, {"type": "tag", "values": WCAG_TAGS})
        found += run_axe(page, {"type": "rule", "values": STRUCTURE_RULES})
        if found:
            failures.append(f"{path}:\n{describe(found)}")
    assert not failures, f"demo pages at {width} px break WCAG 2.1 AA:\n" + "\n".join(failures)
    assert page.problems() == []


# ------------------------------------------------------------------ keyboard

def _active(pg) -> dict:
    return pg.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {id: e.id, tag: e.tagName.toLowerCase(), name: e.getAttribute('name'),
                text: (e.textContent || '').trim().slice(0, 60),
                inMain: !!e.closest('main'), inTable: e.closest('table') && e.closest('table').id,
                outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                shadow: s.boxShadow !== 'none'}; }""")


def test_skip_link_is_first_and_moves_focus_to_main(page):
    for path, ready in (("/search", None), ("/areas/koivula", wait_for_map)):
        page.goto(path)
        if ready:
            ready(page)
        page.keyboard.press("Tab")
        first = _active(page)
        assert first["tag"] == "a" and first["text"] == "Siirry sisältöön", first
        assert page.locator(".skip-link").bounding_box()["width"] > 20, "hidden while focused"
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#content"
        assert _active(page)["inMain"] or _active(page)["id"] == "content", _active(page)
        # the next Tab lands inside the main content, not back in the header
        page.keyboard.press("Tab")
        assert _active(page)["inMain"], (path, _active(page))


def test_tab_reaches_every_map_control_and_then_the_node_table(page):
    """A keyboard user can work the whole map page: every control is in the tab order,
    each shows a visible focus ring (2.4.7), and the node table — the map's facts as
    text — is reached without getting stuck in the canvas."""
    page.goto("/areas/koivula")
    wait_for_map(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip link
    seen, no_ring = [], []
    for _ in range(200):
        page.keyboard.press("Tab")
        a = _active(page)
        seen.append(a["id"] or f"{a['tag']}[{a['name'] or a['text']}]")
        if not (a["outline"] or a["shadow"]):
            no_ring.append(seen[-1])
        if a["inTable"] == "node-table":
            break
    else:
        pytest.fail(f"the node table was not reached in 200 Tabs: {seen[-20:]}")
    for control in ("group-by", "size-by", "focus-radius", "show-roles", "show-suggested",
                    "sector-municipal", "kind-refers", "apply-view", "export-png",
                    "export-svg", "reset-view"):
        assert control in seen, f"{control} not in the tab order: {seen}"
    assert seen.index("group-by") < seen.index("apply-view")
    assert any(s.startswith("button[") for s in seen), "finding buttons not reachable"
    assert no_ring == [], f"no visible focus indicator on {no_ring}"
    assert page.problems() == []


def test_keyboard_user_can_focus_a_node_from_the_table(page):
    """Clicking a node is the map's one mouse-only act; each unit and role row of the node
    table has a link that opens the same view focused on it (filters kept)."""
    page.goto("/areas/koivula?kind=refers&kind=consults&roles=1")
    wait_for_map(page)
    link = page.locator("#node-table tr[data-id=neuvola] a.map-focus")
    link.focus()
    assert _active(page)["inTable"] == "node-table"
    page.keyboard.press("Enter")
    page.wait_for_url("**focus=neuvola**")
    wait_for_map(page)
    assert page.evaluate("window.graphmapCy.nodes('.focused').map(n => n.id())") == ["neuvola"]
    assert page.inner_text("#node-info h2") == "Koivulan lastenneuvola"
    assert page.is_checked("#show-roles") and not page.is_checked("#kind-works_with")
    assert page.evaluate("window.graphmapCy.edges('[kind = \"works_with\"]').length") == 0
    assert page.problems() == []


def test_suggested_links_are_in_the_link_table_with_their_kind(page, live_server):
    """The dashed ghost edges are facts of the map too: the link table lists each with the
    kind of tie suggested (not as a 'case by case' link, which it is not)."""
    page.goto("/areas/koivula?suggested=1")
    wait_for_map(page)
    ghosts = page.evaluate("window.graphmapCy.edges('[kind = \"suggested\"]').map(e => e.id())")
    assert ghosts, "the browser network has a suggested link"
    for ghost in ghosts:
        kind = page.evaluate("id => window.graphmapCy.getElementById(id).data('suggested_kind')",
                             ghost)
        row = page.locator(f'#link-table tr[data-id="{ghost}"]')
        cell = row.locator("td").first.inner_text()
        assert cell.startswith("ehdotettu yhteys"), cell
        assert "tapauskohtai" not in cell
        if kind:
            label = page.evaluate("k => JSON.parse(document.getElementById('i18n').textContent)"
                                  "['kind.' + k]", kind)
            assert f"({label})" in cell, cell


def test_language_links_say_their_language_in_it(page):
    page.goto("/findings")
    links = page.evaluate("""() => [...document.querySelectorAll('nav.lang-switch a')].map(a =>
        ({lang: a.getAttribute('lang'), hreflang: a.getAttribute('hreflang'),
          current: a.getAttribute('aria-current'), text: a.textContent.trim(),
          href: a.getAttribute('href')}))""")
    assert [(l["lang"], l["hreflang"]) for l in links] == [("fi", "fi"), ("sv", "sv"),
                                                           ("en", "en")]
    assert [l["current"] for l in links] == ["true", None, None]
    assert links[1]["text"] == "på svenska" and "lang=sv" in links[1]["href"]
    assert page.get_attribute("nav.lang-switch", "aria-label")
    # reachable and usable by keyboard: focus the Swedish link and press Enter
    page.focus("nav.lang-switch a[hreflang=sv]")
    page.keyboard.press("Enter")
    page.wait_for_url("**lang=sv**")
    assert page.get_attribute("html", "lang") == "sv"
    assert page.get_attribute("nav.lang-switch a[hreflang=sv]", "aria-current") == "true"
