/*
 * graphmap what-if: the planner picks units of the area's table to remove, merge or move,
 * the scenario goes to POST /api/whatif (graphmap.analysis.whatif), and the answer is drawn
 * on the area map (lost links red dashed, removed units hollow, new isolated units and new
 * gateways marked) and listed as text — the list is the accessible twin of the picture.
 *
 * Why before/after on one map: a reorganisation "moves units and breaks links" (DOMAIN.md
 * §5, T:990, S:1566); the planner must see which ties go, not only the metrics.
 * Needs map.js (window.graphmap); loads it when the page has not.
 */
(function () {
  "use strict";

  function ready(fn) {
    if (window.graphmap) { fn(window.graphmap); return; }
    var s = document.createElement("script");
    s.src = "/static/js/map.js";
    s.onload = function () { fn(window.graphmap); };
    document.head.appendChild(s);
  }

  /** The node ids an item of a what-if list names: a plain id, a finding ({nodes: […]})
   *  or a record ({node|unit|id: …}). */
  function idsOf(item) {
    if (item === null || item === undefined) return [];
    if (typeof item !== "object") return [String(item)];
    if (Array.isArray(item.nodes)) return item.nodes.map(String);
    var id = item.node || item.unit || item.id || item.role;
    return id ? [String(id)] : [];
  }

  function checked(form, name) {
    return Array.prototype.map.call(form.querySelectorAll('input[name="' + name + '"]:checked'),
                                    function (c) { return c.value; });
  }

  /** The scenario of the form, in graphmap.analysis.whatif's shape. */
  function scenarioOf(form) {
    var changes = [];
    checked(form, "remove").forEach(function (u) { changes.push({ op: "remove_unit", unit: u }); });
    var merge = checked(form, "merge");
    if (merge.length) {
      var into = (form.querySelector("#merge-into") || {}).value;
      if (into && merge.indexOf(into) < 0) merge.push(into);
      changes.push({ op: "merge_units", units: merge, into: into || merge[0] });
    }
    var to = (form.querySelector("#move-to") || {}).value;
    checked(form, "move").forEach(function (u) { changes.push({ op: "move_unit", unit: u, area: to }); });
    var name = (form.querySelector("#whatif-name") || {}).value || "";
    return { name: name.trim() || "what-if", changes: changes };
  }

  function boot(gm) {
    var page = document.getElementById("whatif-page");
    var form = document.getElementById("whatif-form");
    var cyBox = document.getElementById("cy");
    var out = document.getElementById("whatif-result");
    if (!page || !form || !out) return;
    var t = gm.t, el = gm.el;
    var graphUrl = page.getAttribute("data-graph-url");
    var postUrl = page.getAttribute("data-whatif-url") || "/api/whatif";
    var view = null, graph = null;
    var api = window.graphmapWhatif = { ready: null, result: null };

    function setState(s) { page.setAttribute("data-state", s); }

    // area names for the move target and metric rows, from the page's own select
    var areaNames = {};
    Array.prototype.forEach.call(document.querySelectorAll("#move-to option, #whatif-area option"),
                                 function (o) { areaNames[o.value] = o.textContent; });

    function nameOf(id) {
      if (view) {
        var n = view.cy.getElementById(id);
        if (n && n.nonempty() && n.data("label")) return n.data("label");
      }
      return id;
    }

    setState("loading");
    api.ready = (graphUrl && cyBox
      ? Promise.all([gm.getJSON(graphUrl + (graphUrl.indexOf("?") >= 0 ? "&" : "?") + "roles=0"),
                     gm.createMap(cyBox)])
        .then(function (res) {
          graph = res[0]; view = res[1];
          window.graphmapCy = view.cy;
          return view.render(graph, { groupBy: "none", sizeBy: "degree" });
        })
      : Promise.resolve())
      .then(function () { setState("ready"); })
      .catch(function (err) {
        setState("error");
        out.textContent = t("map.load_error") + " " + err.message;
      });

    function list(title, items, cls) {
      var section = el("section", { "class": cls || null });
      section.appendChild(el("h3", null, title + " (" + items.length + ")"));
      if (!items.length) {
        section.appendChild(el("p", null, t("whatif.nothing")));
        return section;
      }
      var ul = el("ul");
      items.forEach(function (text) { ul.appendChild(el("li", null, text)); });
      section.appendChild(ul);
      return section;
    }

    function metricsTable(metrics) {
      var table = el("table", { "class": "whatif-metrics" });
      table.appendChild(el("caption", null, t("whatif.metrics")));
      var head = el("tr");
      [t("col.area"), t("whatif.metric"), t("whatif.before"), t("whatif.after")].forEach(function (h) {
        head.appendChild(el("th", { scope: "col" }, h));
      });
      table.appendChild(el("thead")).appendChild(head);
      var body = el("tbody");
      Object.keys(metrics || {}).forEach(function (areaId) {
        var m = metrics[areaId] || {}, before = m.before || {}, after = m.after || {};
        Object.keys(before).forEach(function (k) {
          if (typeof before[k] === "object" && before[k] !== null) return;
          if (before[k] === after[k]) return; // list what changes
          var tr = el("tr");
          tr.appendChild(el("th", { scope: "row" }, areaNames[areaId] || areaId));
          tr.appendChild(el("td", null, t(["metric." + k, "whatif.metric." + k])));
          tr.appendChild(el("td", { "class": "num" }, gm.fmt(before[k])));
          tr.appendChild(el("td", { "class": "num" }, gm.fmt(after[k])));
          body.appendChild(tr);
        });
      });
      table.appendChild(body);
      return table;
    }

    /** Mark the scenario on the map; returns the map's links that the scenario cuts. */
    function drawDifference(scenario, report) {
      if (!view) return [];
      var cy = view.cy;
      cy.batch(function () {
        cy.elements(".whatif-added").remove();
        cy.elements().removeClass("removed lost new-isolated new-gateway");
      });
      var gone = [];
      scenario.changes.forEach(function (c) {
        if (c.op === "remove_unit") gone.push(c.unit);
        if (c.op === "merge_units") c.units.forEach(function (u) { if (u !== c.into) gone.push(u); });
      });
      var lost = [];
      cy.batch(function () {
        gone.forEach(function (id) {
          var n = cy.getElementById(id);
          if (n.empty()) return;
          n.addClass("removed");
          // a merged unit's ties move to the unit it merges into; a removed unit's are lost
          var removedOnly = scenario.changes.some(function (c) { return c.op === "remove_unit" && c.unit === id; });
          if (removedOnly) {
            n.connectedEdges().forEach(function (e) { e.addClass("lost"); lost.push(e); });
          }
        });
        // lost paths are reachability, not links: listed below, not drawn as edges
        (report.new_isolated || []).forEach(function (item) {
          idsOf(item).forEach(function (id) { cy.getElementById(id).addClass("new-isolated"); });
        });
        (report.new_gateways || []).forEach(function (item) {
          idsOf(item).forEach(function (id) { cy.getElementById(id).addClass("new-gateway"); });
        });
      });
      return lost;
    }

    function showReport(scenario, report) {
      gm.clear(out);
      out.appendChild(el("h2", null, t("whatif.scenario") + ": " + (report.scenario || scenario.name)));
      var lost = drawDifference(scenario, report);
      var changes = scenario.changes.map(function (c) {
        if (c.op === "remove_unit") return t("whatif.remove_unit", { unit: nameOf(c.unit) });
        if (c.op === "merge_units") {
          return t("whatif.merge_unit", { unit: c.units.map(nameOf).join(", ") }) + " → " + nameOf(c.into);
        }
        return t("whatif.move_unit", { unit: nameOf(c.unit) }) + " → " + (areaNames[c.area] || c.area);
      });
      out.appendChild(list(t("whatif.scenario"), changes));
      out.appendChild(list(t("whatif.lost_links"), lost.map(function (e) {
        return nameOf(e.data("source")) + " → " + nameOf(e.data("target")) + " (" +
          gm.enumLabel("kind", e.data("kind")) + ")";
      }), "lost"));
      out.appendChild(list(t("whatif.lost_paths"), (report.lost_paths || []).map(function (p) {
        return (p.source_name || nameOf(p.source)) + " → " + (p.target_name || nameOf(p.target));
      }), "lost"));
      function described(item) {  // a finding reads best as its own sentence
        return (item && item.message) || idsOf(item).map(nameOf).join(", ");
      }
      out.appendChild(list(t("whatif.new_isolated"), (report.new_isolated || []).map(described)));
      out.appendChild(list(t("whatif.new_gateways"), (report.new_gateways || []).map(described)));
      out.appendChild(list(t("whatif.new_findings"), (report.new_findings || []).map(function (f) {
        return f.message || f.kind;
      })));
      out.appendChild(list(t("whatif.resolved_findings"), (report.resolved_findings || []).map(function (f) {
        return f.message || f.kind;
      })));
      out.appendChild(metricsTable(report.metrics));
    }

    function showError(err) {
      gm.clear(out);
      out.appendChild(el("p", { "class": "error", role: "alert" }, t("whatif.error") + " " + err.message));
      var problems = (err.body && err.body.problems) || [];
      if (problems.length) {
        var ul = el("ul");
        problems.forEach(function (p) { ul.appendChild(el("li", null, (p.where ? p.where + ": " : "") + p.message)); });
        out.appendChild(ul);
      }
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var scenario = scenarioOf(form);
      if (!scenario.changes.length) {
        gm.clear(out);
        out.appendChild(el("p", { role: "alert" }, t("whatif.no_changes")));
        return;
      }
      setState("loading");
      api.ready = (api.ready || Promise.resolve()).then(function () {
        return gm.getJSON(postUrl, { method: "POST", body: JSON.stringify(scenario),
                                     headers: { "Content-Type": "application/json",
                                                "Accept": "application/json" } });
      }).then(function (report) {
        api.result = report;
        showReport(scenario, report);
        setState("done");
      }).catch(function (err) {
        showError(err);
        setState("error");
      });
    });
  }

  function start() { ready(boot); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
