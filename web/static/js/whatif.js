/*
 * graphmap what-if (the entry point of the what-if page, a <script type="module">): the
 * planner picks units of the area's table to remove, merge or move, the scenario goes to
 * POST /api/whatif (graphmap.analysis.whatif), and the answer is drawn on the area map
 * (lost links red dashed, removed units hollow, new isolated units and new gateways
 * marked) and listed as text by map/whatif-report.mjs — the list is the accessible twin
 * of the picture.
 *
 * Why before/after on one map: a reorganisation "moves units and breaks links" (DOMAIN.md
 * §5, T:990, S:1566); the planner must see which ties go, not only the metrics.
 * Every operation of a scenario file is in the form (remove / merge / move units,
 * remove roles, add / remove links); results are grouped by consequence, and the
 * address holds the plan (?s=base64url JSON, lib/scenario.mjs) so it can be reloaded
 * and shared.  The map is a MapView of map/view.mjs, imported like any module.
 *
 * Hooks for tests (written here, read by no module): #whatif-page[data-state] is
 * "loading", "ready", "done" or "error"; window.graphmapWhatif holds ready and result
 * (the last answer); window.graphmapCy is the map's Cytoscape instance.
 */
import { decodeScenario, encodeScenario, goneIds, idsOf, removedOutright, scenarioOf }
  from "./lib/scenario.mjs";
import { getJSON } from "./map/data.mjs";
import { clear, el, t } from "./map/dom.mjs";
import { createMap } from "./map/view.mjs";
import { showError, showReport } from "./map/whatif-report.mjs";

function checked(form, name) {
  return [...form.querySelectorAll('input[name="' + name + '"]:checked')].map((c) => c.value);
}

function valueOf(form, selector) {
  const c = form.querySelector(selector);
  return c ? c.value : undefined;
}

/** The form's choices (lib/scenario.mjs scenarioOf makes the scenario of them). */
function choicesOf(form) {
  return {
    name: valueOf(form, "#whatif-name") || "",
    remove: checked(form, "remove"), merge: checked(form, "merge"), mergeInto: valueOf(form, "#merge-into"),
    move: checked(form, "move"), moveTo: valueOf(form, "#move-to"),
    removeRole: checked(form, "remove_role"), removeLink: checked(form, "remove_link"),
    addSource: valueOf(form, "#add-source"), addTarget: valueOf(form, "#add-target"),
    addKind: valueOf(form, "#add-kind"),
  };
}

/** Put a scenario back into the form (a shared link): the inverse of choicesOf. */
function restoreForm(form, scenario) {
  function tick(name, value) {
    form.querySelectorAll('input[name="' + name + '"]').forEach((box) => { if (box.value === value) box.checked = true; });
  }
  function choose(sel, value) {
    const c = form.querySelector(sel);
    if (c && value !== undefined && c.querySelector('option[value="' + String(value).replace(/["\\]/g, "") + '"]')) c.value = value;
  }
  const nameBox = form.querySelector("#whatif-name");
  if (nameBox && scenario.name) nameBox.value = scenario.name;
  (scenario.changes || []).forEach((c) => {
    if (c.op === "remove_unit") tick("remove", c.unit);
    else if (c.op === "merge_units") { (c.units || []).forEach((u) => tick("merge", u)); choose("#merge-into", c.into); }
    else if (c.op === "move_unit") { tick("move", c.unit); choose("#move-to", c.area); }
    else if (c.op === "remove_role") tick("remove_role", c.role);
    else if (c.op === "remove_link") tick("remove_link", [c.source, c.target, c.kind].join("|"));
    else if (c.op === "add_link") { choose("#add-source", c.source); choose("#add-target", c.target); choose("#add-kind", c.kind); }
  });
  const details = form.querySelector("#whatif-links");
  if (details && (scenario.changes || []).some((c) => c.op === "remove_link")) details.open = true;
}

/** Mark the scenario on the map; returns the map's links that the scenario cuts. */
function drawDifference(view, scenario, report) {
  if (!view) return [];
  const cy = view.cy;
  cy.batch(() => {
    cy.elements(".whatif-added").remove();
    cy.elements().removeClass("removed lost lost-by-target new-isolated new-gateway");
  });
  const lost = [];
  cy.batch(() => {
    goneIds(scenario).forEach((id) => {
      const n = cy.getElementById(id);
      if (n.empty()) return;
      n.addClass("removed");
      // a merged unit's ties move to the unit it merges into; a removed unit's are lost
      if (!removedOutright(scenario, id)) return;
      n.connectedEdges().forEach((e) => {
        if (e.hasClass("lost")) return;
        e.addClass("lost");
        if (e.data("target") === id) e.addClass("lost-by-target");
        lost.push(e);
      });
    });
    scenario.changes.forEach((c) => {
      if (c.op !== "remove_link") return;
      cy.edges().filter((e) => e.data("source") === c.source && e.data("target") === c.target && e.data("kind") === c.kind)
        .forEach((e) => { if (!e.hasClass("lost")) { e.addClass("lost"); lost.push(e); } });
    });
    // lost paths are reachability, not links: listed, not drawn as edges
    (report.new_isolated || []).forEach((item) => {
      idsOf(item).forEach((id) => { cy.getElementById(id).addClass("new-isolated"); });
    });
    (report.new_gateways || []).forEach((item) => {
      idsOf(item).forEach((id) => { cy.getElementById(id).addClass("new-gateway"); });
    });
  });
  return lost;
}

function boot(page, form, out, hooks) {
  const cyBox = document.getElementById("cy");
  const graphUrl = page.getAttribute("data-graph-url");
  const postUrl = page.getAttribute("data-whatif-url") || "/api/whatif";
  let view = null;
  const setState = (s) => page.setAttribute("data-state", s);

  // area names for the move target and metric rows, from the page's own select
  const areaNames = {};
  document.querySelectorAll("#move-to option, #whatif-area option").forEach((o) => { areaNames[o.value] = o.textContent; });
  // role titles from the form's roles table (a role is named by its title and unit)
  const roleNames = {};
  document.querySelectorAll("#whatif-roles tr[data-role]").forEach((tr) => {
    const cells = tr.querySelectorAll("th, td");
    roleNames[tr.getAttribute("data-role")] = cells[0].textContent + " (" + cells[1].textContent + ")";
  });
  function nameOf(id) {
    if (view) {
      const n = view.cy.getElementById(id);
      if (n && n.nonempty() && n.data("label") && n.data("kind") !== "role") return n.data("label");
    }
    return roleNames[id] || id;
  }
  const names = { nameOf, role: (id) => roleNames[id] || id, area: (id) => areaNames[id] || id, areaNames };

  const params = new URLSearchParams(window.location.search);
  const shared = params.get("s") ? decodeScenario(params.get("s")) : null;
  if (shared) restoreForm(form, shared);

  setState("loading");
  hooks.ready = (graphUrl && cyBox
    ? Promise.all([getJSON(graphUrl + (graphUrl.includes("?") ? "&" : "?") + "roles=1"), createMap(cyBox)])
      .then(([graph, v]) => {
        view = v;
        window.graphmapCy = view.cy;
        return view.render(graph, { groupBy: "none", sizeBy: "degree" });
      })
    : Promise.resolve())
    .then(() => { setState("ready"); })
    .catch((err) => {
      setState("error");
      out.textContent = t("map.load_error") + " " + err.message;
    });

  /** The address holds the plan, and the page shows the link to share. */
  function share(scenario) {
    if (!window.history || !window.history.replaceState) return;
    const url = new URLSearchParams(window.location.search);
    url.set("area", page.getAttribute("data-area") || url.get("area") || "");
    url.set("s", encodeScenario(scenario));
    const href = window.location.pathname + "?" + url.toString();
    window.history.replaceState(null, "", href);
    const link = document.getElementById("whatif-share"), line = document.getElementById("whatif-share-line");
    if (link && line) { link.setAttribute("href", href); line.hidden = false; }
  }

  function run() {
    const scenario = scenarioOf(choicesOf(form));
    if (!scenario.changes.length) {
      clear(out);
      out.appendChild(el("p", { role: "alert" }, t("whatif.no_changes")));
      return;
    }
    setState("loading");
    hooks.ready = (hooks.ready || Promise.resolve())
      .then(() => getJSON(postUrl, { method: "POST", body: JSON.stringify(scenario),
                                     headers: { "Content-Type": "application/json", "Accept": "application/json" } }))
      .then((report) => {
        hooks.result = report;
        showReport(out, scenario, report, drawDifference(view, scenario, report), names);
        share(scenario);
        setState("done");
      })
      .catch((err) => {
        showError(out, err);
        setState("error");
      });
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    run();
  });
  if (shared) run();
}

const page = document.getElementById("whatif-page");
const form = document.getElementById("whatif-form");
const out = document.getElementById("whatif-result");
if (page && form && out) {
  const hooks = { ready: null, result: null };
  window.graphmapWhatif = hooks;
  boot(page, form, out, hooks);
}
