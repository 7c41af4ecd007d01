/**
 * The area map page (docs/web-contract.md, "Map page DOM"): the controls, the findings'
 * "show on map" buttons, the status line and the info panel around one MapView.
 *
 * Why the server is asked again on a filter change: the server owns every fact and
 * metric, so metrics are recomputed on what is visible; a grouping, sizing or radius
 * change only redraws.  The controls are kept in the address (replaceState), so a reload
 * or a shared link shows the same view.
 *
 * #map-page[data-state] is "loading", "ready" (drawn, laid out and painted) or "error";
 * the page fires "graphmap:ready" when a draw is done.
 */
import { addressFor, controlsFromAddress, idList, layoutNumber, viewQuery, FILTERS }
  from "../lib/map-controls.mjs";
import { profileHref } from "../lib/node-info.mjs";
import { clear, download, t } from "./dom.mjs";
import { getJSON } from "./data.mjs";
import { exportPdf, exportPng, exportSvg } from "./export.mjs";
import { fillEdgeInfo, fillLegend, fillNodeInfo, statusBox } from "./panel.mjs";
import { createMap } from "./view.mjs";

/** How long an answer marked "updating" (an earlier revision's map) is shown before the
 *  map asks again. */
const UPDATING_RETRY_MS = 1500;

function checkedValues(form, name) {
  const boxes = form ? [...form.querySelectorAll('input[name="' + name + '"]')] : [];
  return { all: boxes.length, on: boxes.filter((b) => b.checked).map((b) => b.value) };
}

function controlValue(form, selector, fallback) {
  const c = form && form.querySelector(selector);
  return c ? c.value : fallback;
}

function controlChecked(form, selector, fallback) {
  const c = form && form.querySelector(selector);
  return c ? c.checked : fallback;
}

/** Set the form's controls as the address asks (the names the form submits itself). */
function restoreControls(form, params) {
  const wanted = controlsFromAddress(params);
  Object.entries(wanted.filters).forEach(([name, values]) => {
    form.querySelectorAll('input[name="' + name + '"]').forEach((box) => { box.checked = values.includes(box.value); });
  });
  Object.entries(wanted.checks).forEach(([selector, on]) => {
    const c = form.querySelector(selector);
    if (c) c.checked = on;
  });
  Object.entries(wanted.selects).forEach(([selector, v]) => {
    const c = form.querySelector(selector);
    if (c && c.querySelector('option[value="' + v.replace(/["\\]/g, "") + '"]')) c.value = v;
  });
}

/**
 * The page's controller: owns the map view of #cy and the state of the controls.
 * hooks: the object the entry point publishes for tests and benchmarks; it gets
 * ready (the Promise of the current draw), lastUrl, apiNodeCount, graph, timings,
 * render(), focus(id), highlight(ids), exportSvg().  onView(view) is called once the
 * map view exists.
 */
export class MapPage {
  constructor(page, { hooks = {}, onView = null } = {}) {
    this.onView = onView;
    this.page = page;
    this.cyBox = document.getElementById("cy");
    this.form = document.getElementById("map-controls");
    this.info = document.getElementById("node-info");
    this.legend = document.getElementById("legend");
    this.status = statusBox(this.cyBox);
    this.area = page.getAttribute("data-area") || "";
    this.graphUrl = page.getAttribute("data-graph-url") || ("/api/areas/" + encodeURIComponent(this.area) + "/graph");
    this.params = new URLSearchParams(window.location.search);
    this.pending = { focus: this.params.get("focus"), highlight: idList(this.params.get("highlight")) };
    this.view = null;
    this.viewPromise = null;
    this.focusedId = null;
    this.requestNo = 0;
    // the layout number: the same number gives the same picture ("re-arrange" takes the
    // next one); kept per area in this browser and in the address, so a shared link or a
    // reload shows the same picture
    this.layoutKey = "graphmap.layout." + this.area;
    let stored = null;
    try { stored = window.localStorage.getItem(this.layoutKey); } catch { /* private mode */ }
    this.layoutNo = layoutNumber(this.params.get("layout"), stored);
    this.hooks = Object.assign(hooks, {
      ready: null, apiNodeCount: null, area: this.area,
      render: () => this.render(),
      exportSvg: () => exportSvg(this.view),
      focus: (id) => (this.view ? this.focus(id) : false),
      highlight: (ids) => this.highlight(ids),
    });
  }

  setState(state) { this.page.setAttribute("data-state", state); }

  /** The controls' state as the graph API's query ({params, empty}). */
  query() {
    const filters = {};
    FILTERS.forEach((name) => { filters[name] = checkedValues(this.form, name); });
    return viewQuery({ roles: controlChecked(this.form, "#show-roles", false),
                       suggested: controlChecked(this.form, "#show-suggested", false), filters });
  }

  options() {
    return { groupBy: controlValue(this.form, "#group-by", "none"),
             sizeBy: controlValue(this.form, "#size-by", "degree"), layout: this.layoutNo };
  }

  radius() { return parseInt(controlValue(this.form, "#focus-radius", "1"), 10) === 2 ? 2 : 1; }

  unfocus() {
    this.focusedId = null;
    if (this.view) this.view.unfocus();
  }

  focus(id) {
    const node = this.view.focus(id, this.radius());
    if (!node) return false;
    this.focusedId = id;
    this.status.textContent = t("map.focused", { name: node.data("label") });
    fillNodeInfo(this.info, node.data());
    return true;
  }

  highlight(ids) {
    if (!this.view) return undefined;
    const found = this.view.highlight(ids);
    this.status.textContent = found.nonempty()
      ? t("col.nodes") + ": " + found.map((n) => n.data("label")).join(", ")
      : t("map.empty");
    return found.length;
  }

  /** The one Cytoscape view of the page, created on first use with its tap handlers. */
  ensureView() {
    if (!this.viewPromise) {
      this.viewPromise = createMap(this.cyBox).then((v) => {
        this.view = v;
        if (this.onView) this.onView(v);
        v.cy.on("tap", "node", (ev) => {
          const d = ev.target.data();
          if (d.kind === "group") return;
          if (d.kind === "stub" || d.kind === "area") {
            fillNodeInfo(this.info, d);
            window.location.assign(profileHref(d));
            return;
          }
          this.focus(d.id);
        });
        v.cy.on("tap", "edge", (ev) => { fillEdgeInfo(this.info, ev.target); });
        v.cy.on("tap", (ev) => {
          if (ev.target === v.cy) { this.unfocus(); v.unhighlight(); }
        });
        return v;
      });
    }
    return this.viewPromise;
  }

  refreshLegend(graph) {
    if (this.legend) this.legend.setAttribute("data-size-by", this.options().sizeBy);
    fillLegend(this.legend, graph);
  }

  /** Ask the server for the view the controls describe and draw it. */
  render() {
    const q = this.query();
    const mine = ++this.requestNo;
    const hooks = this.hooks;
    this.setState("loading");
    this.status.textContent = t("map.loading");
    let load;
    if (q.empty) {
      load = Promise.resolve({ area: { id: this.area }, aggregate: false, nodes: [], edges: [],
                               metrics: {}, _empty: q.empty });
    } else {
      const sep = this.graphUrl.includes("?") ? "&" : "?";
      hooks.lastUrl = this.graphUrl + sep + q.params.toString();
      load = getJSON(hooks.lastUrl);
    }
    const t0 = performance.now();
    hooks.ready = Promise.all([load, this.ensureView()]).then(async ([graph]) => {
      const t1 = performance.now();
      if (mine !== this.requestNo) return null; // a newer request won
      hooks.apiNodeCount = graph.nodes.length;
      hooks.graph = graph;
      const view = this.view;
      await view.render(graph, this.options());
      if (mine !== this.requestNo) return null;
      // for benchmarks/bench_browser.py: where the time of a draw goes
      hooks.timings = Object.assign({ fetchMs: t1 - t0, drawMs: performance.now() - t1 }, view.timings, {
        elements: graph.nodes.length + graph.edges.length, readyAt: performance.now() });
      this.refreshLegend(graph);
      this.status.textContent = graph.nodes.length ? t("map.aria", {
        area: (graph.area && graph.area.name) || this.area, nodes: graph.nodes.length,
        edges: graph.edges.length }) : t("map.empty");
      if (graph.updating) {
        // the server answered with the previous revision while it recomputes this area
        // after a write: say so, and ask again shortly (issue 13)
        this.status.textContent = t("map.updating") + " " + this.status.textContent;
        setTimeout(() => { if (mine === this.requestNo) this.render(); }, UPDATING_RETRY_MS);
      }
      if (this.pending.focus) {
        if (!this.focus(this.pending.focus)) this.status.textContent = t("map.empty");
        this.pending.focus = null;
      } else if (this.focusedId) {
        this.focus(this.focusedId);
      }
      if (this.pending.highlight.length) { this.highlight(this.pending.highlight); this.pending.highlight = []; }
      this.setState("ready");
      this.page.dispatchEvent(new CustomEvent("graphmap:ready", { bubbles: true }));
      return view;
    }).catch((err) => {
      if (mine !== this.requestNo) return null;
      this.status.textContent = t("map.load_error") + " " + err.message;
      this.setState("error");
      console.warn("graphmap map:", err.message);
      return null;
    });
    return hooks.ready;
  }

  /** Draw the same answer again (another grouping or layout number). */
  async relayout() {
    const view = this.view;
    if (!view || !view.graph) return;
    this.setState("loading");
    await view.render(view.graph, this.options());
    this.refreshLegend(view.graph);
    if (this.focusedId) this.focus(this.focusedId);
    this.setState("ready");
  }

  /** Keep the address in step with the controls (replaceState: no history entries), so
   *  reloading or sharing the link gives the same view; the server reads the same names. */
  rememberControls() {
    if (!this.form || !window.history || !window.history.replaceState) return;
    const o = this.options();
    const url = addressFor(window.location.search, {
      query: this.query().params, group: o.groupBy, size: o.sizeBy,
      radius: controlValue(this.form, "#focus-radius", "1"), layout: this.layoutNo });
    const text = url.toString();
    window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : ""));
    // the language links keep the view too
    document.querySelectorAll("a[hreflang]").forEach((link) => {
      const withLang = new URLSearchParams(url);
      withLang.set("lang", link.getAttribute("hreflang"));
      link.setAttribute("href", window.location.pathname + "?" + withLang.toString());
    });
  }

  onChange(ev) {
    const id = ev.target && ev.target.id;
    this.rememberControls();
    if (id === "group-by") this.relayout();
    else if (id === "size-by") {
      if (this.view) this.view.resize(this.options().sizeBy);
      if (this.legend && this.view && this.view.graph) this.refreshLegend(this.view.graph);
    } else if (id === "focus-radius") {
      if (this.focusedId && this.view) this.focus(this.focusedId);
    } else this.render();
  }

  onButton(ev) {
    const b = ev.target && ev.target.closest && ev.target.closest("button");
    const view = this.view;
    if (!b || !view) return;
    const area = this.area;
    if (b.id === "export-png") {
      ev.preventDefault();
      exportPng(exportSvg(view)).then((blob) => download(blob, "graphmap-" + area + ".png"));
    } else if (b.id === "export-svg") {
      ev.preventDefault();
      download(new Blob([exportSvg(view)], { type: "image/svg+xml;charset=utf-8" }), "graphmap-" + area + ".svg");
    } else if (b.id === "export-pdf") {
      ev.preventDefault();
      exportPdf(area, exportSvg(view))
        .then((blob) => download(blob, "graphmap-" + area + ".pdf"))
        .catch(() => { this.status.textContent = t("map.export_pdf_failed"); });
    } else if (b.id === "rearrange") {
      ev.preventDefault();
      this.layoutNo += 1;
      try { window.localStorage.setItem(this.layoutKey, String(this.layoutNo)); } catch { /* private mode */ }
      this.rememberControls();
      this.relayout();
    } else if (b.id === "reset-view") {
      ev.preventDefault();
      this.unfocus();
      view.unhighlight();
      clear(this.info);
      view.cy.fit(undefined, 30);
    }
  }

  /**
   * A finding's "show on map": highlight every node it is about.  When any of them is a
   * role (data-roles="1") and roles are not shown, turn "show roles" on first and
   * highlight once the map with roles is drawn, as the findings page's links do (roles=1).
   */
  showFinding(button, all) {
    all.forEach((b) => b.setAttribute("aria-pressed", "false"));
    button.setAttribute("aria-pressed", "true");
    const ids = idList(button.getAttribute("data-nodes"));
    const roles = this.form && this.form.querySelector("#show-roles");
    if (button.getAttribute("data-roles") === "1" && roles && !roles.checked) {
      roles.checked = true;
      this.rememberControls();
      this.pending.highlight = ids;
      this.render();
    } else {
      this.highlight(ids);
    }
    this.cyBox.scrollIntoView({ block: "nearest" });
  }

  start() {
    const form = this.form;
    if (form) {
      form.addEventListener("submit", (ev) => { ev.preventDefault(); this.render(); });
      form.addEventListener("change", (ev) => this.onChange(ev));
      form.addEventListener("click", (ev) => this.onButton(ev));
      restoreControls(form, this.params);
    }
    const findings = document.getElementById("finding-list");
    if (findings) {
      findings.addEventListener("click", (ev) => {
        const b = ev.target && ev.target.closest && ev.target.closest("[data-nodes]");
        if (!b) return;
        ev.preventDefault();
        this.showFinding(b, findings.querySelectorAll("[data-nodes]"));
      });
    }
    this.render();
  }
}

/** Boot the map page in page (#map-page); options as MapPage's. */
export function bootMapPage(page, options) {
  if (!document.getElementById("cy")) return null;
  const controller = new MapPage(page, options);
  controller.start();
  return controller;
}
