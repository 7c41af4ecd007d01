"""Editing in real Chromium (issue 5 items 2 and 6): an editor logs in through the form,
edits a unit with markup in its name and stamps a contact as checked; the markup shows
as text (no dialog, no CSP violation), and the map as of an earlier date still draws."""
from __future__ import annotations

import datetime as dt

import pytest


from .conftest import browser_network, serve_network
from .helpers import login, wait_for_map

PAYLOAD = '<img src=x onerror=alert("edit")><script>alert("edit")</script>'


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """Its own store (these tests write), loaded 30 days ago by the store's clock."""
    then = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=30)
    yield from serve_network(tmp_path_factory, "browser-edit", browser_network(), users=True,
                             clock=lambda: then)


def _login(page, username="koivu-ed"):
    login(page, "/units/perheohjaus", username)


def test_editor_edits_a_unit_and_markup_stays_text(page):
    _login(page)
    page.click("#edit-unit")
    page.wait_for_url("**/units/perheohjaus/edit")
    page.fill("#f-name", PAYLOAD)
    page.fill("#f-description", PAYLOAD)
    page.click("#edit-form button[type=submit]")
    page.wait_for_url("**/units/perheohjaus")
    assert page.text_content("h1") == PAYLOAD
    assert page.locator("img[src=x]").count() == 0
    page.goto("/areas/koivula")
    wait_for_map(page)
    labels = page.evaluate("window.graphmapCy.nodes().map(n => n.data('label'))")
    assert PAYLOAD in labels
    assert page.problems() == []


def test_contact_verified_button_stamps_today(page):
    _login(page)
    page.goto("/roles/po-sari")
    page.click("#verify-role button")
    page.wait_for_url("**/roles/po-sari")
    today = dt.date.today()  # as the page writes dates (fi: 26.11.2026)
    assert f"{today.day}.{today.month}.{today.year}" in page.text_content("dl.profile")
    assert page.problems() == []


def test_map_as_of_an_earlier_date(page):
    _login(page)
    page.goto("/units/kahvila/edit")
    page.fill("#f-name", "Perhekahvila Pesä")
    page.click("#edit-form button[type=submit]")
    page.wait_for_url("**/units/kahvila")
    earlier = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    page.goto("/areas/koivula")
    page.fill("#as-of", earlier)
    page.click("#as-of-form button[type=submit]")
    page.wait_for_url(f"**as_of={earlier}**")
    wait_for_map(page)
    labels = page.evaluate("window.graphmapCy.nodes().map(n => n.data('label'))")
    assert "Perhekahvila Kohtaamo" in labels and "Perhekahvila Pesä" not in labels
    assert page.problems() == []


def test_anonymous_visitor_sees_no_edit_controls(page):
    page.goto("/units/perheohjaus")
    assert page.locator("#unit-edit").count() == 0
    assert page.locator("#login-link").count() == 1


@pytest.mark.parametrize("path,ready", [
    ("/units/perheohjaus", "#unit-edit"), ("/roles/po-sari", "#role-edit"),
    ("/units/perheohjaus/edit", "#edit-form"), ("/links/new?source=neuvola", "#edit-form"),
    ("/import", "#upload-form"), ("/history", "#history-table"),
    (f"/areas/koivula?as_of={dt.date.today() - dt.timedelta(days=10)}", "#as-of-notice")])
def test_editor_pages_meet_wcag_21_aa(page, path, ready):
    """What only editors see (edit controls, forms, upload) passes axe-core too."""
    from .test_accessibility import STRUCTURE_RULES, WCAG_TAGS, describe, run_axe
    _login(page)
    page.goto(path)
    page.wait_for_selector(ready, state="attached")
    if "/areas/" in path:
        wait_for_map(page)
    found = run_axe(page, {"type": "tag", "values": WCAG_TAGS})
    found += run_axe(page, {"type": "rule", "values": STRUCTURE_RULES})
    assert not found, f"{path} breaks WCAG 2.1 AA:\n{describe(found)}"
    assert page.problems() == []


def test_edit_form_problems_are_announced_and_meet_wcag(page):
    from .test_accessibility import WCAG_TAGS, describe, run_axe
    _login(page)
    page.goto("/units/perheohjaus/edit")
    page.fill("#f-email", "ei-osoite")
    page.click("#edit-form button[type=submit]")
    page.wait_for_selector("#edit-problems[role=alert]")
    assert "Sähköposti" in page.text_content("#edit-problems")  # the field by its Finnish name
    found = run_axe(page, {"type": "tag", "values": WCAG_TAGS})
    assert not found, describe(found)


def test_admin_page_meets_wcag_21_aa(page):
    from .test_accessibility import STRUCTURE_RULES, WCAG_TAGS, describe, run_axe
    _login(page, "admin1")
    page.goto("/admin")
    page.wait_for_selector("#user-table")
    found = run_axe(page, {"type": "tag", "values": WCAG_TAGS})
    found += run_axe(page, {"type": "rule", "values": STRUCTURE_RULES})
    assert not found, describe(found)
    assert page.problems() == []


def test_edit_form_screenshot_fi(page, tmp_path_factory):
    """The form a coordinator sees (issue 15 item 4): Finnish choices, pickers, checkboxes."""
    _login(page)
    page.goto("/units/perheohjaus/edit")
    assert page.locator("#f-level option:checked").inner_text() != "early"
    assert page.locator("#f-area option:checked").inner_text() == "Koivulan perhekeskus"
    assert page.locator("#f-channels input[type=checkbox]").count() >= 5
    page.screenshot(path=str(tmp_path_factory.getbasetemp() / "edit-fi.png"), full_page=True)
    assert page.problems() == []
