"""The printable area directory in Chromium (issue 16 item 6): what a coordinator sees on
screen, what the browser prints (the print stylesheet hides the site's menus and the PDF
link), and the PDF link answering a PDF.  Screenshots go to tests/artifacts/."""
from __future__ import annotations

from .helpers import save_screenshot


def test_the_directory_on_screen_and_in_print(page, demo_server):
    from graphmap.demo import demo_network
    net = demo_network()
    area = min(a.id for a in net.areas.values() if a.kind.value == "family_centre_area")
    page.goto(f"{demo_server.url}/areas/{area}")
    page.locator("#directory-link").click()
    page.locator("#directory h1").wait_for()
    assert page.locator("#directory h1").inner_text().startswith("Palveluhakemisto: ")
    assert page.locator(".dir-entry").count() >= 5
    assert page.locator("#dir-emergency").is_visible()
    save_screenshot(page, "directory-fi", full_page=False)
    pdf = page.request.get(demo_server.url + page.locator("#dir-pdf").get_attribute("href"))
    assert pdf.status == 200 and pdf.body()[:5] == b"%PDF-"
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("#dir-pdf").is_visible()
    assert page.locator(".dir-entry").first.is_visible()
    save_screenshot(page, "directory-fi-print", full_page=False)
    assert page.problems() == []
