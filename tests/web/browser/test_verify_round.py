"""A verification round end to end on the demo network in real Chromium (issue 14,
"done when"): the coordinator sees the queue ordered by importance, starts a round,
checks a contact, issues links; a provider without an account confirms one unit and
corrects another; the coordinator accepts the correction; history shows all of it.
The token pages, the queue and the review page pass axe-core (WCAG 2.1 AA)."""
from __future__ import annotations

import re

import pytest
from werkzeug.security import generate_password_hash

from graphmap.demo import demo_network
from graphmap.model import User, UserRole
from graphmap.store import open_store

from .conftest import LiveServer
from .helpers import save_screenshot
from .test_accessibility import STRUCTURE_RULES, WCAG_TAGS, describe, run_axe

AREA = "asikkala"
PASSWORD = "salasana-123"
#: the queue's "why" labels (Finnish) and the importance tier each stands for
TIER = {"pullonkaula": 3, "avainhenkilöriippuvuus": 2, "ainoa yhteys": 1}


@pytest.fixture(scope="module")
def round_server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-verify')}/graphmap.db"
    store = open_store(url)
    store.write(demo_network(), actor="loader")
    store.put_user(User("koordinaattori", generate_password_hash(
        PASSWORD, method="pbkdf2:sha256:1000"), UserRole.EDITOR, [AREA]))
    store.close()
    server = LiveServer(url)
    yield server
    server.stop()


def _axe_clean(pg, what):
    found = run_axe(pg, {"type": "tag", "values": WCAG_TAGS})
    found += run_axe(pg, {"type": "rule", "values": STRUCTURE_RULES})
    assert not found, f"{what} breaks WCAG 2.1 AA:\n{describe(found)}"


def _tier(why: str) -> int:
    return max([t for label, t in TIER.items() if label in why] or [0])


def test_a_round_runs_end_to_end_on_the_demo(page, browser, round_server):
    base = round_server.url
    page.goto(f"{base}/login?next=/verify?area={AREA}")
    page.fill("#username", "koordinaattori")
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"**/verify?area={AREA}")

    # the queue: ordered by importance (tier never rises down the list), then age
    rows = page.locator("#verify-table tbody tr")
    n = rows.count()
    assert n >= 5
    whys = [rows.nth(i).locator("td").nth(2).inner_text() for i in range(n)]
    tiers = [_tier(w) for w in whys]
    assert tiers[0] > 0, whys
    assert tiers == sorted(tiers, reverse=True), whys
    _axe_clean(page, "verification queue")
    save_screenshot(page, "verify-queue", full_page=True)

    page.click("#verify-start")
    page.wait_for_selector("#verify-progress strong")
    assert page.inner_text("#verify-progress strong") == f"0 / {n} tarkistettu tällä kierroksella"
    first_role = rows.first.get_attribute("data-role")
    rows.first.locator("button").click()
    page.wait_for_selector(f"#verify-progress strong:has-text('1 / {n}')")
    assert page.locator(f"tr[data-role='{first_role}']").count() == 0

    page.click("#verify-issue-links")
    page.wait_for_selector("#verify-links-table")
    _axe_clean(page, "confirmation links")
    save_screenshot(page, "verify-links", full_page=True)
    link_rows = page.locator("#verify-links-table tbody tr")
    assert link_rows.count() >= 2
    units = [link_rows.nth(i).get_attribute("data-unit") for i in range(2)]
    urls = [link_rows.nth(i).locator("a.confirm-link").get_attribute("href") for i in range(2)]
    assert all(re.match(r"https?://127\.0\.0\.1:\d+/confirm/[\w.\-]+$", u) for u in urls)

    # the provider: a fresh browser, no account
    provider = browser.new_context(locale="fi-FI", viewport={"width": 1000, "height": 900})
    pp = provider.new_page()
    try:
        pp.goto(urls[0])
        assert pp.locator("#confirm-form").count() == 1
        _axe_clean(pp, "provider page (fi)")
        save_screenshot(pp, "verify-provider-page", full_page=True)
        pp.click("#confirm-ok")
        pp.wait_for_selector("#confirm-done")
        assert "tarkistetuiksi" in pp.inner_text("#confirm-done")
        pp.goto(urls[0])  # once only
        assert "jo käytetty" in pp.inner_text("#confirm-error")
        _axe_clean(pp, "used link page")

        pp.goto(urls[1] + "?lang=sv")
        _axe_clean(pp, "provider page (sv)")
        pp.fill("#unit-phone", "040 000 7777")
        pp.fill("#confirm-message", "Nytt nummer från januari")
        pp.click("#confirm-correct")
        pp.wait_for_selector("#confirm-done")
        save_screenshot(pp, "verify-provider-corrected")
    finally:
        provider.close()

    # the coordinator reviews and accepts
    page.goto(f"{base}/review?area={AREA}&lang=fi")
    item = page.locator(".review-item").first
    assert "040 000 7777" in item.inner_html()
    assert "Nytt nummer från januari" in item.inner_text()
    _axe_clean(page, "review queue")
    save_screenshot(page, "verify-review", full_page=True)
    item.locator("button.review-accept").click()
    page.wait_for_selector("#review-decided")
    assert "hyväksytty" in page.inner_text("#review-decided")

    # history: the coordinator's check, the provider's confirmation, the accepted correction
    page.goto(f"{base}/history")
    text = page.inner_text("main")
    assert "provider" in text and "koordinaattori" in text and "040 000 7777" in text
    save_screenshot(page, "verify-history", full_page=True)
    page.goto(f"{base}/units/{units[1]}")
    assert "040 000 7777" in page.inner_text("main")
    page.goto(f"{base}/units/{units[0]}")
    assert "tarkistettu tänään" in page.inner_text("main")
    assert page.problems() == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_report_a_problem_page_passes_axe(page, round_server, lang):
    page.goto(f"{round_server.url}/report?unit=asikkala-neuvola-1&lang={lang}")
    if page.locator("#report-form").count() == 0:  # the demo's unit ids may differ
        page.goto(f"{round_server.url}/search?q=univaikeudet&area={AREA}&lang={lang}")
        page.locator("a.card-report").first.click()
    page.wait_for_selector("#report-form")
    _axe_clean(page, f"report form ({lang})")
    page.fill("#report-message", "Numero ei vastaa")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#report-done")
    _axe_clean(page, f"report sent ({lang})")
