"""Helpers for the browser tests: wait for the map, click a node, check pictures."""
from __future__ import annotations

import base64
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
XSS = "<img src=x onerror=alert(1)>"


def wait_for_map(pg, timeout=20_000):
    """Wait until map.js has drawn and laid out the graph (``#map-page[data-state=ready]``)."""
    pg.wait_for_selector("#map-page[data-state=ready], #map-page[data-state=error]",
                         timeout=timeout, state="attached")
    state = pg.get_attribute("#map-page", "data-state")
    assert state == "ready", f"map failed: {pg.text_content('#map-status')}"


def click_node(pg, node_id: str):
    """Click a Cytoscape node with the real mouse: at a point of the node that no other
    node covers (random layouts can overlap), panning first when it is out of view."""
    pos = pg.evaluate("""id => {
        const cy = window.graphmapCy, n = cy.getElementById(id);
        if (n.empty()) return null;
        const inView = p => p.x > 5 && p.y > 5 && p.x < cy.width() - 5 && p.y < cy.height() - 5;
        if (!inView(n.renderedPosition())) cy.center(n);
        const others = cy.nodes().not(n).not(n.ancestors()).not('.group')
            .map(o => o.renderedBoundingBox({includeLabels: false}));
        const bb = n.renderedBoundingBox({includeLabels: false});
        const c = n.renderedPosition();
        const points = [c];
        for (const fx of [0.5, 0.3, 0.7, 0.4, 0.6]) for (const fy of [0.5, 0.3, 0.7, 0.4, 0.6])
            points.push({x: bb.x1 + fx * bb.w, y: bb.y1 + fy * bb.h});
        const free = points.find(p => inView(p) && !others.some(
            o => p.x >= o.x1 && p.x <= o.x2 && p.y >= o.y1 && p.y <= o.y2)) || c;
        let r = document.getElementById('cy').getBoundingClientRect();
        if (r.top + free.y > window.innerHeight - 5 || r.top + free.y < 5) {
            window.scrollBy(0, r.top + free.y - window.innerHeight / 2);  // as a user scrolls
            r = document.getElementById('cy').getBoundingClientRect();
        }
        return new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(
            () => ok({x: r.left + free.x, y: r.top + free.y}))));
    }""", node_id)
    assert pos is not None, f"node {node_id!r} is not on the map"
    pg.mouse.click(pos["x"], pos["y"])


def save_screenshot(pg, name: str, **kwargs) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), **kwargs)
    return path


def png_colours(browser, path: Path) -> dict:
    """Decode a PNG in Chromium (no imaging library needed) and count its distinct
    colours: ``{"width", "height", "colours"}``.  A blank or broken capture has 1."""
    data = base64.b64encode(path.read_bytes()).decode()
    pg = browser.new_page()
    try:
        return pg.evaluate("""async src => {
            const img = new Image();
            img.src = src;
            await img.decode();
            const c = document.createElement('canvas');
            c.width = img.naturalWidth; c.height = img.naturalHeight;
            const ctx = c.getContext('2d');
            ctx.drawImage(img, 0, 0);
            const px = ctx.getImageData(0, 0, c.width, c.height).data;
            const seen = new Set();
            for (let i = 0; i < px.length && seen.size < 1000; i += 4) {
                seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
            }
            return {width: c.width, height: c.height, colours: seen.size};
        }""", "data:image/png;base64," + data)
    finally:
        pg.close()


def assert_picture(browser, path: Path, *, min_colours: int = 8):
    """The file is a real, non-blank PNG."""
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    info = png_colours(browser, path)
    assert info["width"] > 100 and info["height"] > 100, info
    assert info["colours"] >= min_colours, f"{path} looks blank: {info}"


def login(page, next_path: str, username: str = "koivu-ed") -> None:
    """Log in through the form as a user of tests/web/accounts.py, landing on ``next_path``."""
    from tests.web.accounts import PASSWORD
    page.goto(f"/login?next={next_path}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"**{next_path}")
