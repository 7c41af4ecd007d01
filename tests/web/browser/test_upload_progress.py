"""The web import shows progress for large uploads (issue 13 item 5), in real Chromium.

The upload is throttled (Chromium's own network emulation, as on a slow office line),
so a file of a few megabytes takes seconds to send: the page must say how much is
sent, then what the server is doing, keep the buttons from a second submit, and end
in the same preview the plain form shows — which still works with JavaScript off."""
from __future__ import annotations

import re

import pytest


from .conftest import CHROMIUM_ARGS, browser_network, serve_network  # noqa: F401
from .helpers import login, save_screenshot

#: bytes per second the browser may send: a 2 MB upload takes ~4 s
UPLOAD_RATE = 500_000

#: every text the status line shows, with the bar and the submit buttons at that moment
WATCH = """() => {
  window.__uploadSeen = [];
  const record = () => {
    const text = document.getElementById('upload-status-text');
    const box = document.getElementById('upload-status');
    if (!text || !box || box.hidden || !text.textContent) return;
    const seen = window.__uploadSeen, last = seen[seen.length - 1];
    if (last && last.text === text.textContent) return;
    const bar = document.getElementById('upload-bar');
    seen.push({text: text.textContent, value: bar.getAttribute('value'),
               max: bar.getAttribute('max'),
               enabled: Array.from(document.querySelectorAll('main button[type=submit]'))
                             .filter(b => !b.disabled).length});
  };
  new MutationObserver(record).observe(document.body,
      {subtree: true, childList: true, characterData: true, attributes: true});
}"""


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """Its own store: these tests write."""
    yield from serve_network(tmp_path_factory, "browser-upload", browser_network(), users=True)


def _login(page, username="koivu-ed"):
    login(page, "/import", username)


def _units_csv(first: int, n: int) -> bytes:
    rows = "".join(f"kerho{i},Perhekerho {i},mll,koivula\n" for i in range(first, first + n))
    return ("id,name,organisation,area\n" + rows).encode()


def test_a_large_upload_shows_progress_and_ends_in_the_preview(page):
    _login(page)
    n = 50_000
    data = _units_csv(0, n)
    assert len(data) > 1_500_000
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1,
        "uploadThroughput": UPLOAD_RATE})
    page.evaluate(WATCH)
    page.set_input_files("#file", files=[{"name": "yksiköt.csv", "mimeType": "text/csv",
                                          "buffer": data}])
    page.click("#upload-form button[type=submit]")
    # part-way through sending: bytes of the whole, with the bar at the same point
    page.wait_for_function("""() => /Lähetetään tiedostoa… .+ \\(([1-9]\\d?) %\\)/.test(
        document.getElementById('upload-status-text').textContent)""", timeout=60_000)
    shot = save_screenshot(page, "upload-progress-sending-fi")
    assert shot.stat().st_size > 0
    # sent: the server's stage (or, on a fast machine, already the preview)
    page.wait_for_function("""() => document.getElementById('upload-preview') ||
        /^(Luetaan|Tarkistetaan)/.test(document.getElementById('upload-status-text').textContent)""",
                           timeout=120_000)
    if page.locator("#upload-preview").count() == 0:
        save_screenshot(page, "upload-progress-server-fi")
    page.wait_for_selector("#upload-preview", timeout=180_000)
    seen = page.evaluate("window.__uploadSeen || []")
    # the MutationObserver was on the old <main>'s document; it survives the swap
    texts = [s["text"] for s in seen]
    sending = [s for s in seen if s["text"].startswith("Lähetetään tiedostoa…")]
    assert sending, texts
    for s in sending:
        value, total = int(s["value"]), int(s["max"])
        assert 0 <= value <= total and total >= len(data)
    assert any(0 < int(s["value"]) < int(s["max"]) for s in sending), texts
    server_side = texts[texts.index(sending[-1]["text"]) + 1:]
    assert server_side and all(t.startswith(("Luetaan tiedostoa…", "Tarkistetaan…"))
                               for t in server_side), texts
    # nothing could be sent twice while it ran
    assert all(s["enabled"] == 0 for s in seen), seen
    # the same preview the plain form shows, in place of the form
    row = page.locator("#upload-preview tbody tr").filter(has_text=re.compile("units|yksik"))
    assert row.locator("td").first.inner_text().replace("\u00a0", "").replace(" ", "") == str(n)
    assert page.locator("#upload-form").count() == 0
    assert page.locator("#upload-status").is_hidden()
    save_screenshot(page, "upload-progress-preview-fi")

    # saving: the button goes off at once and the page says so, then the done notice
    page.evaluate(WATCH)
    page.click("#upload-commit button[type=submit]")
    page.wait_for_selector("#upload-done", timeout=180_000)
    seen = page.evaluate("window.__uploadSeen || []")
    assert seen and seen[0]["text"] == "Tallennetaan…" and seen[0]["enabled"] == 0, seen
    assert all(s["text"] in ("Tallennetaan…", "Tarkistetaan…", "Luetaan tiedostoa…")
               or s["text"].startswith("Luetaan tiedostoa… ") for s in seen), seen
    assert page.problems() == []


def test_the_upload_form_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fi-FI",
                                  java_script_enabled=False)
    pg = context.new_page()
    try:
        _login(pg)
        pg.set_input_files("#file", files=[{"name": "yksiköt.csv", "mimeType": "text/csv",
                                            "buffer": _units_csv(90_000, 3)}])
        pg.click("#upload-form button[type=submit]")
        pg.wait_for_selector("#upload-preview")
        assert pg.locator("#upload-status").is_hidden()
        pg.click("#upload-commit button[type=submit]")
        pg.wait_for_selector("#upload-done")
        assert "/commit" in pg.url  # the browser's own form post, no script
    finally:
        context.close()


def test_a_file_over_the_limit_is_refused_before_it_is_sent(page, live_server):
    """The server could refuse it only after it had been sent (and the browser would
    see a broken connection); the page says so at once, in Finnish, and sends nothing."""
    limit = 100_000
    live_server.app.config["UPLOAD_MAX_CONTENT_LENGTH"] = limit
    try:
        _login(page)
        posts = []
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
        page.set_input_files("#file", files=[{"name": "yksiköt.csv", "mimeType": "text/csv",
                                              "buffer": _units_csv(0, 5_000)}])
        page.click("#upload-form button[type=submit]")
        text = page.locator("#upload-status-text")
        text.wait_for()
        assert text.inner_text().startswith("Tiedosto on liian suuri (")
        assert "100 kB" in text.inner_text()
        assert posts == [] and page.locator("#upload-form button[type=submit]").is_enabled()
        # the status line and its bar pass axe-core as the rest of the page does
        from .test_accessibility import WCAG_TAGS, describe, run_axe
        found = run_axe(page, {"type": "tag", "values": WCAG_TAGS})
        assert not found, describe(found)
        assert page.problems() == []
    finally:
        live_server.app.config.pop("UPLOAD_MAX_CONTENT_LENGTH", None)
