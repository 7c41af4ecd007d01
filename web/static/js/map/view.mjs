/**
 * A map view: the one Cytoscape instance of a container with the graphmap styles, and
 * everything that changes its picture (draw a graph answer, resize nodes, fit labels to
 * the zoom, focus a node's neighbourhood, highlight nodes).  The map page (page.mjs) and
 * the what-if (whatif.js) each create one with createMap(container).
 */
import { buildElements, sizer } from "../lib/elements.mjs";
import { otherPlaces, visibleLabels } from "../lib/labels.mjs";
import { layoutSeed } from "../lib/layout-seed.mjs";
import { LABEL_PX, stylesheet } from "../lib/styles.mjs";
import { el, enumLabel, nextFrame } from "./dom.mjs";
import { loadVendor } from "./data.mjs";
import { fitNoCloser, runLayout } from "./layout.mjs";

// Cytoscape injects a <style> for its container unless an element with this id exists;
// the strict CSP forbids inline styles, and app.css carries the rule.
const CYTOSCAPE_STYLESHEET_ID = "__________cytoscape_stylesheet";

const LABEL_BOX = { includeNodes: false, includeEdges: false, includeLabels: true,
                    includeOverlays: false, includeUnderlays: false };
const BODY_BOX = { includeNodes: true, includeEdges: false, includeLabels: false,
                   includeOverlays: false, includeUnderlays: false };

export class MapView {
  constructor(cy, container) {
    this.cy = cy;
    this.graph = null;
    this.fontSize = LABEL_PX;
    this.labelZoom = null;
    this.labelsShown = 0;
    this.timings = null;
    this.listen(container);
  }

  /** Replace the elements by a graph answer's and lay them out (resolves when painted).
   *  opts: {groupBy, sizeBy, layout (the layout number)}. */
  async render(graph, opts = {}) {
    const cy = this.cy;
    const t0 = performance.now();
    this.graph = graph;
    // the layout makes room for labels: measure them at the base size, as on a first
    // load, so the same network always gives the same picture
    if (this.fontSize !== LABEL_PX) { this.fontSize = LABEL_PX; cy.style(stylesheet(LABEL_PX)); }
    cy.startBatch();
    cy.elements().remove();
    cy.viewport({ zoom: 1, pan: { x: 0, y: 0 } });  // as on a first load, likewise
    cy.add(buildElements(graph, opts, enumLabel));
    cy.endBatch();
    // sizes and labels must be styled before fcose reads them (a stylesheet set just
    // before is applied lazily otherwise, and the nodes would count as 30 px)
    cy.elements().updateStyle();
    // the page around the map may have moved since the last draw; Cytoscape caches its
    // container's offset for mouse hits, so renew it
    cy.resize();
    const t1 = performance.now();
    await runLayout(cy, layoutSeed((graph.area && graph.area.id) || "", opts.layout, opts.groupBy));
    const t2 = performance.now();
    this.fitLabels(true);
    await nextFrame();
    this.timings = { addMs: t1 - t0, layoutMs: t2 - t1, frameMs: performance.now() - t2 };
  }

  /** Size the nodes by another metric, keeping the layout. */
  resize(sizeBy) {
    const nodes = this.dataNodes();
    const sizeOf = sizer(nodes.map((n) => n.data()), sizeBy);
    this.cy.batch(() => { nodes.forEach((n) => { n.data("_size", sizeOf(n.data())); }); });
  }

  /**
   * Label fitting for the current zoom: labels keep LABEL_PX on screen, and the labels
   * that would overlap a more important one (bigger node; the focused, hovered and
   * highlighted first) are left out until the user zooms in.  whole: fit for the whole
   * map, not only the part in view (the exports).
   */
  fitLabels(force, whole) {
    const cy = this.cy;
    const z = cy.zoom();
    if (!force && this.labelZoom && Math.abs(z / this.labelZoom - 1) < 0.05) return;
    this.labelZoom = z;
    const fs = Math.max(4, Math.min(48, LABEL_PX / z));
    cy.startBatch();
    if (Math.abs(fs - this.fontSize) > 0.01) { this.fontSize = fs; cy.style(stylesheet(fs)); }
    cy.nodes().removeClass("nolabel lbl-top lbl-right lbl-left");
    cy.endBatch();
    const items = cy.nodes().map((n) => {
      const d = n.data(), box = n.boundingBox(LABEL_BOX);
      const movable = d.kind === "unit" || d.kind === "role";
      return { id: n.id(), box,
               places: movable ? otherPlaces(box, n.boundingBox(BODY_BOX), 3) : [],
               force: n.hasClass("focused") || n.hasClass("hover"),
               priority: (d.kind === "group" ? 1e6 : 0) + (n.hasClass("highlighted") ? 1e5 : 0)
                 + (d.kind === "stub" || d.kind === "area" ? 500 : 0) + (d._size || 0)
                 + (Number(d.degree) || 0) / 1000 };
    });
    // a label may cross the rim of another node, not its middle half
    const obstacles = this.dataNodes().map((n) => {
      const b = n.boundingBox(BODY_BOX), qx = b.w / 4, qy = b.h / 4;
      return { id: n.id(), box: { x1: b.x1 + qx, x2: b.x2 - qx, y1: b.y1 + qy, y2: b.y2 - qy } };
    });
    // the five biggest nodes keep a label even across another node's rim
    items.filter((it) => it.places.length)
      .sort((a, b) => b.priority - a.priority)
      .slice(0, 5).forEach((it) => { it.important = true; });
    const keep = visibleLabels(items, { obstacles, bounds: whole ? null : cy.extent() });
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const place = keep.get(n.id());
        if (!place) n.addClass("nolabel");
        else if (place !== "bottom") n.addClass("lbl-" + place);
      });
    });
    this.labelsShown = keep.size;
  }

  /** Nodes that stand for data (not the client-side group boxes). */
  dataNodes() { return this.cy.nodes().not(".group"); }

  /** Fade all but node id's neighbourhood (radius 1 or 2) and zoom to it; returns the
   *  node, or null when id is not a data node on the map. */
  focus(id, radius) {
    const cy = this.cy;
    const node = cy.getElementById(id);
    if (!node || node.empty() || node.hasClass("group")) return null;
    let hood = node.closedNeighborhood();
    if (radius === 2) hood = hood.union(hood.nodes().closedNeighborhood());
    hood = hood.union(hood.nodes().ancestors());
    cy.batch(() => {
      cy.elements().addClass("faded").removeClass("focused");
      hood.removeClass("faded");
      node.addClass("focused");
    });
    fitNoCloser(cy, hood, 40);
    this.fitLabels(true);
    return node;
  }

  /** Undo focus(): nothing faded, labels fitted again. */
  unfocus() {
    this.cy.elements().removeClass("faded focused");
    this.fitLabels(true);
  }

  /** Mark the nodes of ids (those on the map), dim the rest and zoom to them; returns
   *  the nodes found.  No ids found: every mark is cleared. */
  highlight(ids) {
    const cy = this.cy;
    let found = cy.collection();
    ids.forEach((id) => {
      const n = cy.getElementById(id);
      if (n && n.nonempty()) found = found.union(n);
    });
    cy.batch(() => {
      cy.elements().removeClass("highlighted dimmed faded focused");
      if (found.nonempty()) {
        cy.elements().not(found).not(found.ancestors()).not(found.connectedEdges()).addClass("dimmed");
        found.addClass("highlighted");
      }
    });
    if (found.nonempty()) fitNoCloser(cy, found.union(found.neighborhood()), 50);
    this.fitLabels(true);
    return found;
  }

  /** Clear highlight marks (focus is undone by unfocus()). */
  unhighlight() { this.cy.elements().removeClass("highlighted dimmed"); }

  /** Labels follow the zoom; a hovered node shows its full name. */
  listen(container) {
    const cy = this.cy;
    let pendingFit = null;
    cy.on("zoom", () => {
      if (pendingFit) return;
      pendingFit = requestAnimationFrame(() => { pendingFit = null; this.fitLabels(false); });
    });
    cy.on("mouseover", "node", (ev) => {
      if (ev.target.hasClass("group")) return;
      ev.target.addClass("hover"); ev.target.removeClass("nolabel");
      container.setAttribute("title", String(ev.target.data("label") || ""));
    });
    cy.on("mouseout", "node", (ev) => {
      ev.target.removeClass("hover");
      container.removeAttribute("title");
      this.fitLabels(true);
    });
  }
}

/** A MapView in container (resolves once Cytoscape is loaded). */
export async function createMap(container) {
  const cytoscape = await loadVendor();
  if (!document.getElementById(CYTOSCAPE_STYLESHEET_ID)) {
    document.head.appendChild(el("meta", { id: CYTOSCAPE_STYLESHEET_ID,
                                           name: "cytoscape-container-style",
                                           content: "static/css/app.css" }));
  }
  const cy = cytoscape({
    container, style: stylesheet(LABEL_PX), elements: [],
    minZoom: 0.1, maxZoom: 4, boxSelectionEnabled: false, selectionType: "single",
  });
  return new MapView(cy, container);
}
