"""The embeddable who-to-call search on another site (issue 16 item 5), in real Chromium.

A municipality's page — served here from a second local port, so another origin — holds
``<iframe src="…/embed/search?area=koivula">`` as the documented snippet says.  With the
origin in the ``embed_origins`` setting, a worker searches inside the frame and gets the
main search's answers, the urgent section and the 112 line first; without it the browser
refuses to show the frame (CSP ``frame-ancestors``).
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .helpers import save_screenshot


class _Site:
    """A stand-in for the municipality's web site: one page holding the iframe."""

    def __init__(self, app_url: str):
        snippet = (f'<iframe id="gm" src="{app_url}/embed/search?area=koivula" '
                   'title="Kenelle soitan? – perhekeskuksen palvelut" '
                   'style="width:100%;height:640px;border:1px solid #ccc"></iframe>')
        body = ("<!doctype html><html lang=fi><head><meta charset=utf-8><title>Kunta</title>"
                f"</head><body><h1>Koivulan kunta</h1>{snippet}</body></html>").encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


@pytest.fixture
def site(live_server):
    s = _Site(live_server.url)
    yield s
    s.stop()


@pytest.fixture
def allow(live_server):
    store = live_server.app.extensions["graphmap.store"]

    def set_origins(value: str):
        store.set_setting("embed_origins", value)
    yield set_origins
    store.set_setting("embed_origins", "")


def test_a_worker_searches_inside_the_frame_on_another_site(page, site, allow, live_server):
    allow(site.url)
    assert site.url != live_server.url  # another origin: another port
    page.goto(site.url)
    frame = page.frame_locator("#gm")
    frame.locator("h1").wait_for()
    assert "Koivulan perhekeskus" in frame.locator(".embed-area").inner_text()
    # no area to choose: it is fixed by the snippet
    assert frame.locator("select[name=area]").count() == 0
    frame.get_by_label("Mihin perhe tarvitsee apua?").fill("isä lyö äitiä")
    frame.get_by_role("button", name="Hae").click()
    frame.locator("#answers").wait_for()
    # the urgent section and the 112 line come before every other answer
    order = frame.locator("#urgent-answers, #embed-form, #answers").evaluate_all(
        "els => els.map(e => e.id)")
    assert order == ["urgent-answers", "embed-form", "answers"]
    assert "112" in frame.locator("#emergency-line").inner_text()
    urgent = frame.locator("#urgent-results .card h3").all_inner_texts()
    assert "Lastensuojelu" in urgent
    # the same answers as the main search page for the same question and area
    main = page.context.new_page()
    main.goto(f"{live_server.url}/search?q=is%C3%A4+ly%C3%B6+%C3%A4iti%C3%A4&area=koivula")
    assert main.locator(".card h3").all_inner_texts() == frame.locator(".card h3").all_inner_texts()
    main.close()
    # a card's link opens the full app in a new tab, never inside the frame
    assert frame.locator("#urgent-results .card h3 a").first.evaluate(
        "a => a.target || document.querySelector('base').target") == "_blank"
    save_screenshot(page, "embed-search-fi", full_page=True)
    assert page.problems() == []


def test_the_frame_speaks_swedish_and_english(page, site, allow):
    allow(site.url)
    page.goto(site.url)
    frame = page.frame_locator("#gm")
    frame.get_by_role("link", name="på svenska").click()
    frame.get_by_label("Vad behöver familjen hjälp med?").wait_for()
    frame.get_by_label("Vad behöver familjen hjälp med?").fill("sömnproblem")
    frame.get_by_role("button", name="Sök").click()
    frame.locator("#answers").wait_for()
    assert frame.locator("html").get_attribute("lang") == "sv"
    assert frame.locator("#results .card").count() >= 1
    frame.get_by_role("link", name="in English").click()
    frame.get_by_role("button", name="Search").wait_for()
    assert page.problems() == []


def test_a_site_not_in_the_setting_cannot_frame_it(page, site, allow):
    allow("https://www.example.invalid")
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
    page.goto(site.url)
    page.wait_for_timeout(500)
    frame = page.frames[1] if len(page.frames) > 1 else None
    assert frame is None or frame.locator("#embed-form").count() == 0
    assert blocked, "Chromium should report the frame-ancestors refusal"
