"""Browser benchmark (issue 4 "Performance"): first map render + layout in Chromium.

Target: ≤ 2 s for 1,000 elements (nodes + edges drawn).  One run: generate the national
network (benchmarks/national.py) → a fresh SQLite store → the real app on 127.0.0.1
(werkzeug in a thread) → Debian's Chromium through Playwright opens
``/areas/<id>?kind=…`` for the family-centre area and link-kind filter whose view is
nearest above 1,000 elements, and waits until map.js reports the map laid out
(``#map-page[data-state=ready]``).  Each round uses a fresh browser context, so the
vendor scripts and the graph JSON are fetched cold.  Reported per round:

* **first map** — navigation start → map drawn and laid out (what a user waits for:
  HTML, scripts, graph JSON, Cytoscape, fcose layout);
* **draw** — map.js's own share: elements added, fcose layout run, legend filled
  (``window.graphmapMap.timings.drawMs``);
* **fetch** — graph JSON request as seen by map.js.

    .venv/bin/python benchmarks/bench_browser.py                # national scale
    .venv/bin/python benchmarks/bench_browser.py --scale 0.1 --no-write
"""
from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere

from benchmarks._results import machine, update_section  # noqa: E402
from benchmarks.national import national_network  # noqa: E402

TARGET_MS = 2000.0
WANT_ELEMENTS = 1000
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
KINDS = ["refers", "consults", "works_with", "co_located", "outreach", "contact", "member",
         "informs"]


def choose_view(client, areas):
    """(area, kind filter, element count) of the view nearest above WANT_ELEMENTS."""
    best = None
    for area in areas:
        for n in range(1, len(KINDS) + 1):
            for kinds in itertools.islice(itertools.combinations(KINDS, n), 6):
                q = ",".join(kinds)
                r = client.get(f"/api/areas/{area}/graph?roles=0&kind={q}")
                data = r.get_json()
                size = len(data["nodes"]) + len(data["edges"])
                score = (size < WANT_ELEMENTS, abs(size - WANT_ELEMENTS))
                if best is None or score < best[0]:
                    best = (score, area, q, size)
        if best and best[0][1] <= 50:
            break
    return best[1], best[2], best[3]


def run(scale: float, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from graphmap.store import open_store
    from graphmap.web import create_app

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM}; run scripts/setup.sh")
    net = national_network(scale)
    tmp = tempfile.mkdtemp(prefix="graphmap-bench-browser-")
    url = f"sqlite:///{tmp}/national.db"
    store = open_store(url)
    store.write(net, replace=True)
    store.close()
    app = create_app(url, config={"TESTING": True})
    client = app.test_client()
    snap = app.extensions["graphmap.snapshots"].get()
    areas = sorted(snap.tree.family_centre_areas(), key=lambda a: -len(snap.units_in(a)))[:3]
    area, kinds, size = choose_view(client, areas)
    path = f"/areas/{area}?kind={kinds}"

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    results = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(rounds + 1):  # the first round warms the server's cache
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                response = page.goto(base + path)
                if response is None or response.status != 200:
                    raise SystemExit(f"{path} answered "
                                     f"{response.status if response else 'nothing'}")
                page.wait_for_selector("#map-page[data-state=ready], #map-page[data-state=error]",
                                       state="attached", timeout=60_000)
                if page.get_attribute("#map-page", "data-state") != "ready":
                    raise SystemExit("the map failed: " + (page.text_content("#map-status") or ""))
                results.append(page.evaluate("() => window.graphmapMap.timings"))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        thread.join(timeout=5)
    measured = results[1:]
    return {"scale": scale, "area": area, "kinds": kinds, "elements": size,
            "drawn": measured[0]["elements"], "rounds": len(measured),
            "first_ms": [r["readyAt"] for r in measured],
            "draw_ms": [r["drawMs"] for r in measured],
            "fetch_ms": [r["fetchMs"] for r in measured],
            "layout_ms": [r.get("layoutMs", 0) for r in measured],
            "frame_ms": [r.get("frameMs", 0) for r in measured],
            "load": os.getloadavg()[0]}


def report(res: dict) -> str:
    first = statistics.median(res["first_ms"])
    worst = max(res["first_ms"])
    draw = statistics.median(res["draw_ms"])
    fetch = statistics.median(res["fetch_ms"])
    met = "met" if draw <= TARGET_MS else "MISSED"
    return "\n".join([
        "## Browser: first map render and layout (issue 4)",
        "",
        f"{machine()}",
        "",
        f"National network at scale {res['scale']}; area `{res['area']}` with link kinds "
        f"`{res['kinds']}`, units only: **{res['drawn']} elements** drawn (nodes + edges). "
        f"Debian Chromium (headless, `--disable-gpu`) via Playwright, fresh browser context "
        f"per round, median of {res['rounds']} rounds; load average "
        f"{res['load']:.1f} at the end (the machine is shared: other jobs inflate these).",
        "",
        "| measure | median | worst | target |",
        "|---|---:|---:|---|",
        f"| map render + layout (map.js: elements, fcose, first frame, legend) | {draw:.0f} ms | "
        f"{max(res['draw_ms']):.0f} ms | ≤ {TARGET_MS:.0f} ms — {met} |",
        f"| whole first map: navigation → drawn and laid out (incl. the HTML page with its "
        f"accessible tables, the scripts, the graph JSON) | {first:.0f} ms | {worst:.0f} ms | "
        f"(context) |",
        f"| — of which fcose layout | {statistics.median(res['layout_ms']):.0f} ms | "
        f"{max(res['layout_ms']):.0f} ms | |",
        f"| — of which the first painted frame | {statistics.median(res['frame_ms']):.0f} ms | "
        f"{max(res['frame_ms']):.0f} ms | |",
        f"| graph JSON fetch (as seen by map.js) | {fetch:.0f} ms | "
        f"{max(res['fetch_ms']):.0f} ms | |",
        "",
        "fcose runs without animation, 1,000 iterations from 600 elements, the spectral "
        "draft alone from 2,500 elements or 800 nodes; the layout dominates the draw.",
    ])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    res = run(args.scale, args.rounds)
    text = report(res)
    print(text)
    print(f"(benchmark took {time.perf_counter() - t0:.1f} s)")
    if not args.no_write:
        update_section("browser", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
