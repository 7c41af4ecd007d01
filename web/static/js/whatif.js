/*
 * graphmap what-if: the planner picks units of the area's table to remove, merge or move,
 * the scenario goes to POST /api/whatif (graphmap.analysis.whatif), and the answer is drawn
 * on the area map (lost links red dashed, removed units hollow, new isolated units and new
 * gateways marked) and listed as text — the list is the accessible twin of the picture.
 *
 * Why before/after on one map: a reorganisation "moves units and breaks links" (DOMAIN.md
 * §5, T:990, S:1566); the planner must see which ties go, not only the metrics.
 * Every operation of a scenario file is in the form (remove / merge / move units,
 * remove roles, add / remove links); results are grouped by consequence, and the
 * address holds the plan (?s=base64url JSON) so it can be reloaded and shared.
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
    checked(form, "remove_role").forEach(function (r) { changes.push({ op: "remove_role", role: r }); });
    checked(form, "remove_link").forEach(function (v) {
      var p = v.split("|");
      changes.push({ op: "remove_link", source: p[0], target: p[1], kind: p[2] });
    });
    var src = (form.querySelector("#add-source") || {}).value, dst = (form.querySelector("#add-target") || {}).value;
    if (src && dst) {
      changes.push({ op: "add_link", source: src, target: dst,
                     kind: (form.querySelector("#add-kind") || {}).value || "refers" });
    }
    var name = (form.querySelector("#whatif-name") || {}).value || "";
    return { name: name.trim() || "what-if", changes: changes };
  }

  /** Put a scenario back into the form (a shared link): the inverse of scenarioOf. */
  function restoreForm(form, scenario) {
    function tick(name, value) {
      var boxes = form.querySelectorAll('input[name="' + name + '"]');
      for (var i = 0; i < boxes.length; i++) if (boxes[i].value === value) boxes[i].checked = true;
    }
    function choose(sel, value) {
      var c = form.querySelector(sel);
      if (c && value !== undefined && c.querySelector('option[value="' + String(value).replace(/["\\]/g, "") + '"]')) c.value = value;
    }
    var nameBox = form.querySelector("#whatif-name");
    if (nameBox && scenario.name) nameBox.value = scenario.name;
    (scenario.changes || []).forEach(function (c) {
      if (c.op === "remove_unit") tick("remove", c.unit);
      else if (c.op === "merge_units") { (c.units || []).forEach(function (u) { tick("merge", u); }); choose("#merge-into", c.into); }
      else if (c.op === "move_unit") { tick("move", c.unit); choose("#move-to", c.area); }
      else if (c.op === "remove_role") tick("remove_role", c.role);
      else if (c.op === "remove_link") tick("remove_link", [c.source, c.target, c.kind].join("|"));
      else if (c.op === "add_link") { choose("#add-source", c.source); choose("#add-target", c.target); choose("#add-kind", c.kind); }
    });
    var details = form.querySelector("#whatif-links");
    if (details && (scenario.changes || []).some(function (c) { return c.op === "remove_link"; })) details.open = true;
  }

  /** A scenario as URL-safe text (base64url of its JSON, UTF-8) and back: the address
   *  of a what-if holds the whole plan, so it can be bookmarked and shared. */
  function encodeScenario(scenario) {
    var bytes = new TextEncoder().encode(JSON.stringify(scenario));
    var bin = "";
    bytes.forEach(function (b) { bin += String.fromCharCode(b); });
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function decodeScenario(text) {
    try {
      var bin = atob(String(text).replace(/-/g, "+").replace(/_/g, "/"));
      var bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      var s = JSON.parse(new TextDecoder().decode(bytes));
      return s && typeof s === "object" && Array.isArray(s.changes) ? s : null;
    } catch (e) { return null; }
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

    // role titles from the form's roles table (a role is named by its title and unit)
    var roleNames = {};
    Array.prototype.forEach.call(document.querySelectorAll("#whatif-roles tr[data-role]"), function (tr) {
      var cells = tr.querySelectorAll("th, td");
      roleNames[tr.getAttribute("data-role")] = cells[0].textContent + " (" + cells[1].textContent + ")";
    });

    var params = new URLSearchParams(window.location.search);
    var shared = params.get("s") ? decodeScenario(params.get("s")) : null;
    if (shared) restoreForm(form, shared);

    function nameOf(id) {
      if (view) {
        var n = view.cy.getElementById(id);
        if (n && n.nonempty() && n.data("label") && n.data("kind") !== "role") return n.data("label");
      }
      return roleNames[id] || id;
    }

    setState("loading");
    api.ready = (graphUrl && cyBox
      ? Promise.all([gm.getJSON(graphUrl + (graphUrl.indexOf("?") >= 0 ? "&" : "?") + "roles=1"),
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
        cy.elements().removeClass("removed lost lost-by-target new-isolated new-gateway");
      });
      var gone = [];
      scenario.changes.forEach(function (c) {
        if (c.op === "remove_unit") gone.push(c.unit);
        if (c.op === "remove_role") gone.push(c.role);
        if (c.op === "merge_units") c.units.forEach(function (u) { if (u !== c.into) gone.push(u); });
      });
      var lost = [];
      cy.batch(function () {
        gone.forEach(function (id) {
          var n = cy.getElementById(id);
          if (n.empty()) return;
          n.addClass("removed");
          // a merged unit's ties move to the unit it merges into; a removed unit's are lost
          var removedOnly = scenario.changes.some(function (c) {
            return (c.op === "remove_unit" && c.unit === id) || (c.op === "remove_role" && c.role === id);
          });
          if (removedOnly) {
            n.connectedEdges().forEach(function (e) {
              if (e.hasClass("lost")) return;
              e.addClass("lost");
              if (e.data("target") === id) e.addClass("lost-by-target");
              lost.push(e);
            });
          }
        });
        scenario.changes.forEach(function (c) {
          if (c.op !== "remove_link") return;
          cy.edges().filter(function (e) {
            return e.data("source") === c.source && e.data("target") === c.target && e.data("kind") === c.kind;
          }).forEach(function (e) { if (!e.hasClass("lost")) { e.addClass("lost"); lost.push(e); } });
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

    /** A <details> group: the summary sentence, then the list of what it is about. */
    function group(summary, items, cls) {
      var d = el("details", { "class": "whatif-group" + (cls ? " " + cls : "") });
      d.appendChild(el("summary", null, summary));
      var ul = el("ul");
      items.forEach(function (text) { ul.appendChild(el("li", null, text)); });
      d.appendChild(ul);
      return d;
    }

    function section(title, count, cls) {
      var sec = el("section", { "class": cls || null });
      sec.appendChild(el("h3", null, title + " (" + count + ")"));
      if (!count) sec.appendChild(el("p", null, t("whatif.nothing")));
      return sec;
    }

    /** Lost referral paths grouped by consequence: the units that lose the SAME set of
     *  destinations form one line ("18 units lose 5 referral destinations"). */
    function lostPathGroups(paths) {
      var bySource = {};
      paths.forEach(function (p) {
        (bySource[p.source] = bySource[p.source] || { name: p.source_name || nameOf(p.source), targets: {} })
          .targets[p.target] = p.target_name || nameOf(p.target);
      });
      var groups = {};
      Object.keys(bySource).forEach(function (s) {
        var targets = Object.keys(bySource[s].targets).sort();
        var key = targets.join("|");
        var g = groups[key] = groups[key] || { targets: targets.map(function (x) { return bySource[s].targets[x]; }), sources: [] };
        g.sources.push(bySource[s].name);
      });
      return Object.keys(groups).map(function (k) { return groups[k]; })
        .sort(function (a, b) { return b.sources.length * b.targets.length - a.sources.length * a.targets.length; });
    }

    function findingText(f) { return f.message || gm.enumLabel("finding", f.kind); }

    /** Findings grouped by kind: "Pullonkaula: 3" with the messages under it. */
    function findingGroups(title, findings, cls) {
      var sec = section(title, findings.length, cls);
      var byKind = {};
      findings.forEach(function (f) { (byKind[f.kind] = byKind[f.kind] || []).push(findingText(f)); });
      Object.keys(byKind).sort().forEach(function (k) {
        sec.appendChild(group(t("whatif.group_findings", { kind: gm.enumLabel("finding", k), n: byKind[k].length }), byKind[k]));
      });
      return sec;
    }

    function showReport(scenario, report) {
      gm.clear(out);
      out.appendChild(el("h2", null, t("whatif.scenario") + ": " + (report.scenario || scenario.name)));
      var lost = drawDifference(scenario, report);
      var kindName = function (k) { return gm.enumLabel("kind", k); };
      var changes = scenario.changes.map(function (c) {
        if (c.op === "remove_unit") return t("whatif.remove_unit", { unit: nameOf(c.unit) });
        if (c.op === "merge_units") {
          return t("whatif.merge_unit", { unit: c.units.map(nameOf).join(", ") }) + " → " + nameOf(c.into);
        }
        if (c.op === "remove_role") return t("whatif.remove_role", { role: roleNames[c.role] || c.role, unit: "" }).replace(/ \(\)$/, "");
        if (c.op === "remove_link") return t("whatif.remove_link", { source: nameOf(c.source), target: nameOf(c.target), kind: kindName(c.kind) });
        if (c.op === "add_link") return t("whatif.add_link_change", { source: nameOf(c.source), target: nameOf(c.target), kind: kindName(c.kind) });
        return t("whatif.move_unit", { unit: nameOf(c.unit) }) + " → " + (areaNames[c.area] || c.area);
      });
      var scen = section(t("whatif.scenario"), changes.length);
      var ul = el("ul");
      changes.forEach(function (text) { ul.appendChild(el("li", null, text)); });
      scen.appendChild(ul);
      out.appendChild(scen);
      // lost links, grouped by the unit or role whose removal cuts them
      var byEnd = {};
      lost.forEach(function (e) {
        var gone = e.hasClass("lost-by-target") ? e.data("target") : e.data("source");
        (byEnd[gone] = byEnd[gone] || []).push(nameOf(e.data("source")) + " → " + nameOf(e.data("target")) +
                                                " (" + kindName(e.data("kind")) + ")");
      });
      var links = section(t("whatif.lost_links"), lost.length, "lost");
      Object.keys(byEnd).forEach(function (id) {
        links.appendChild(group(t("whatif.group_lost_links", { name: nameOf(id), n: byEnd[id].length }), byEnd[id]));
      });
      out.appendChild(links);
      var paths = report.lost_paths || [];
      var pathSec = section(t("whatif.lost_paths"), paths.length, "lost");
      lostPathGroups(paths).forEach(function (g) {
        var d = group(t("whatif.group_lost_paths", { n: g.sources.length, m: g.targets.length }), [], "lost-paths");
        d.appendChild(el("h4", null, t("whatif.targets_in_group")));
        var tl = el("ul"); g.targets.forEach(function (x) { tl.appendChild(el("li", null, x)); }); d.appendChild(tl);
        d.appendChild(el("h4", null, t("whatif.units_in_group")));
        var sl = el("ul"); g.sources.forEach(function (x) { sl.appendChild(el("li", null, x)); }); d.appendChild(sl);
        d.removeChild(d.querySelector("ul"));  // the empty list group() made
        pathSec.appendChild(d);
      });
      out.appendChild(pathSec);
      var changed = report.changed_findings || [];
      var chSec = section(t("whatif.changed_findings"), changed.length, "changed");
      changed.forEach(function (c) {
        chSec.appendChild(group(gm.enumLabel("finding", c.kind) + ": " + findingText(c.after),
                                [t("whatif.before") + ": " + findingText(c.before),
                                 t("whatif.after") + ": " + findingText(c.after)]));
      });
      out.appendChild(chSec);
      out.appendChild(findingGroups(t("whatif.new_findings"), report.new_findings || [], "new"));
      out.appendChild(findingGroups(t("whatif.resolved_findings"), report.resolved_findings || [], "resolved"));
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

    function share(scenario) {
      if (!window.history || !window.history.replaceState) return;
      var url = new URLSearchParams(window.location.search);
      url.set("area", page.getAttribute("data-area") || url.get("area") || "");
      url.set("s", encodeScenario(scenario));
      var href = window.location.pathname + "?" + url.toString();
      window.history.replaceState(null, "", href);
      var link = document.getElementById("whatif-share"), line = document.getElementById("whatif-share-line");
      if (link && line) { link.setAttribute("href", href); line.hidden = false; }
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      run();
    });

    function run() {
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
        share(scenario);
        setState("done");
      }).catch(function (err) {
        showError(err);
        setState("error");
      });
    }

    if (shared) run();
  }

  function start() { ready(boot); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
