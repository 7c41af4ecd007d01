/*
 * graphmap area map: the entry point of the map page (a <script type="module">).  It
 * boots map/page.mjs on #map-page; the page draws /api/areas/<id>/graph with
 * Cytoscape.js + fcose and drives the controls (docs/web-contract.md, "Map page DOM").
 *
 * The modules, by concern (no build step; each imports what it uses):
 *   map/page.mjs    the page's controller: controls, findings buttons, status, address
 *   map/view.mjs    MapView, the one Cytoscape instance: draw, resize, labels, focus, highlight
 *   map/data.mjs    JSON from the API, the vendor bundles from /vendor/
 *   map/layout.mjs  fcose, seeded (the same network gives the same picture)
 *   map/panel.mjs   info panel, legend, status line (text only, never HTML)
 *   map/export.mjs  SVG / PNG / PDF of the whole area (map/svg-export.mjs draws the SVG)
 *   map/dom.mjs     DOM helpers and the page's words
 *   lib/*.mjs       the pure parts (elements, styles, labels, legend, controls, i18n, …),
 *                   unit-tested with node --test (tests/js/)
 *
 * Colours are the Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008, "Color
 * Universal Design"); sector is never shown by colour alone (the node table and the
 * info panel name it).
 *
 * Hooks for tests and benchmarks (written here, read by no module): #map-page[data-state]
 * is "loading", "ready" (drawn, laid out and painted) or "error"; window.graphmapCy is
 * the Cytoscape instance; window.graphmapMap holds ready, lastUrl (the graph JSON asked
 * for), timings, focus(id), highlight(ids), exportSvg() and render().
 */
import { bootMapPage } from "./map/page.mjs";

const page = document.getElementById("map-page");
if (page) {
  const hooks = {};
  window.graphmapMap = hooks;
  bootMapPage(page, { hooks, onView: (view) => { window.graphmapCy = view.cy; } });
}
