"""Browser fixtures: the real Flask app on 127.0.0.1 (werkzeug server in a thread, real
SQLite store) driven by Debian's Chromium through Python Playwright.

Why real parts: the map is drawn by Cytoscape in a canvas, the page runs under a strict
CSP, and the XSS promise is about what a browser does — a test client cannot see any of
that.  ``playwright install`` cannot download browsers here, so the system Chromium is
used; without it the tests skip locally but FAIL in CI (env ``CI`` set), never silently.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from graphmap.model import Link, LinkKind, Role, Unit, UnitType, Level
from graphmap.store import open_store
from tests.data import small_network

from .helpers import XSS

CHROMIUM = os.environ.get("GRAPHMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def browser_network():
    """tests.data.small_network() plus a unit and a role whose names are markup, and a
    second daycare with no tie to family work (so the map has a suggested link)."""
    net = small_network()
    net.add(Unit("xss", XSS, "mll", "koivula", type=UnitType.MEETING_PLACE,
                 level=Level.UNIVERSAL, services=["vertaistuki"], self_referral=True))
    net.add(Role("xss-role", "<script>alert(2)</script>", "xss", "Eeva Esimerkki",
                 "040 000 1999"))
    net.add(Link("xss", "perheohjaus", LinkKind.REFERS, volume=3))
    # a daycare without a tie to family work: the reference model suggests one (ghost edge)
    net.add(Unit("paivakoti2", "Päiväkoti Kuusi", "kunta", "koivula", level=Level.UNIVERSAL,
                 services=["varhaiskasvatus"], ages=(1, 6)))
    net.add(Link("paivakoti2", "neuvola", LinkKind.INFORMS))
    return net


def _require_chromium():
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM} (install Debian's chromium: scripts/setup.sh)"
    if os.environ.get("CI"):
        pytest.fail(message + " — browser tests must run in CI", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    if not (Path(__file__).resolve().parents[3] / "web" / "node_modules" / "cytoscape").is_dir():
        message = "web/node_modules is missing (run scripts/setup.sh: npm ci in web/)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class LiveServer:
    """The app factory's app served by werkzeug on a free port in a daemon thread."""

    def __init__(self, store_url: str):
        from werkzeug.serving import make_server

        from graphmap.web import create_app
        self.app = create_app(store_url, config={"TESTING": True})
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)


def serve_network(tmp_path_factory, name: str, network, *, users: bool = False,
                  clock=None):
    """A live app on a fresh SQLite store holding ``network`` (written by "loader" at
    ``clock()`` when given; with the accounts of tests/web/accounts.py when ``users``);
    stopped when the fixture using it ends."""
    url = f"sqlite:///{tmp_path_factory.mktemp(name)}/graphmap.db"
    store = open_store(url)
    if clock is not None:
        store.clock = clock
    if users:
        from tests.web.accounts import add_users
        store.write(network, actor="loader")
        add_users(store)
    else:
        store.write(network)
    store.close()
    server = LiveServer(url)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    yield from serve_network(tmp_path_factory, "browser", browser_network())


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The app over the demo network (graphmap.demo): realistic names, sizes and findings."""
    from graphmap.demo import demo_network
    yield from serve_network(tmp_path_factory, "browser-demo", demo_network())


CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@pytest.fixture
def page(browser, live_server):
    """A fresh page (own cookies) that records console errors, page errors, CSP
    violations and dialogs; ``page.problems()`` lists them all."""
    context = browser.new_context(base_url=live_server.url, locale="fi-FI",
                                  viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    pg = context.new_page()
    errors, dialogs = [], []

    def on_console(msg):
        if msg.type == "error":
            errors.append(f"console.{msg.type}: {msg.text} ({msg.location.get('url')})")

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.add_init_script(CSP_WATCH)

    def problems():
        found = list(errors) + [f"dialog {d}" for d in dialogs]
        try:
            found += [f"CSP violation: {v}" for v in pg.evaluate("window.__cspViolations || []")]
        except Exception:  # page closed or navigating: the listeners above still counted
            pass
        return found

    pg.problems = problems
    pg.dialogs = dialogs
    yield pg
    context.close()
