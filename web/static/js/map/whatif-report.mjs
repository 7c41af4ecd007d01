/**
 * The what-if answer as text (#whatif-result): the scenario, lost links grouped by the
 * unit whose removal cuts them, lost referral paths grouped by consequence, changed /
 * new / resolved findings and the metrics that change.  The list is the accessible twin
 * of the marks on the map (whatif.js); everything is written as text, never HTML.
 */
import { lostPathGroups } from "../lib/scenario.mjs";
import { clear, el, enumLabel, fmt, t } from "./dom.mjs";

/** A <details> group: the summary sentence, then the list of what it is about. */
function group(summary, items, cls) {
  const d = el("details", { "class": "whatif-group" + (cls ? " " + cls : "") });
  d.appendChild(el("summary", null, summary));
  if (items) d.appendChild(listOf(items));
  return d;
}

function listOf(items) {
  const ul = el("ul");
  items.forEach((text) => { ul.appendChild(el("li", null, text)); });
  return ul;
}

function section(title, count, cls) {
  const sec = el("section", { "class": cls || null });
  sec.appendChild(el("h3", null, title + " (" + count + ")"));
  if (!count) sec.appendChild(el("p", null, t("whatif.nothing")));
  return sec;
}

function findingText(f) { return f.message || enumLabel("finding", f.kind); }

/** Findings grouped by kind: "Pullonkaula: 3" with the messages under it. */
function findingGroups(title, findings, cls) {
  const sec = section(title, findings.length, cls);
  const byKind = {};
  findings.forEach((f) => { (byKind[f.kind] = byKind[f.kind] || []).push(findingText(f)); });
  Object.keys(byKind).sort().forEach((k) => {
    sec.appendChild(group(t("whatif.group_findings", { kind: enumLabel("finding", k), n: byKind[k].length }), byKind[k]));
  });
  return sec;
}

function metricsTable(metrics, areaNames) {
  const table = el("table", { "class": "whatif-metrics" });
  table.appendChild(el("caption", null, t("whatif.metrics")));
  const head = el("tr");
  [t("col.area"), t("whatif.metric"), t("whatif.before"), t("whatif.after")].forEach((h) => {
    head.appendChild(el("th", { scope: "col" }, h));
  });
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  Object.keys(metrics || {}).forEach((areaId) => {
    const m = metrics[areaId] || {}, before = m.before || {}, after = m.after || {};
    Object.keys(before).forEach((k) => {
      if (typeof before[k] === "object" && before[k] !== null) return;
      if (before[k] === after[k]) return; // list what changes
      const tr = el("tr");
      tr.appendChild(el("th", { scope: "row" }, areaNames[areaId] || areaId));
      tr.appendChild(el("td", null, t(["metric." + k, "whatif.metric." + k])));
      tr.appendChild(el("td", { "class": "num" }, fmt(before[k])));
      tr.appendChild(el("td", { "class": "num" }, fmt(after[k])));
      body.appendChild(tr);
    });
  });
  table.appendChild(body);
  return table;
}

/** One sentence per change of the scenario. names: {nameOf(id), role(id), area(id)}. */
function changeTexts(scenario, names) {
  const nameOf = names.nameOf;
  const kindName = (k) => enumLabel("kind", k);
  return scenario.changes.map((c) => {
    if (c.op === "remove_unit") return t("whatif.remove_unit", { unit: nameOf(c.unit) });
    if (c.op === "merge_units") {
      return t("whatif.merge_unit", { unit: c.units.map(nameOf).join(", ") }) + " → " + nameOf(c.into);
    }
    if (c.op === "remove_role") return t("whatif.remove_role", { role: names.role(c.role), unit: "" }).replace(/ \(\)$/, "");
    if (c.op === "remove_link") return t("whatif.remove_link", { source: nameOf(c.source), target: nameOf(c.target), kind: kindName(c.kind) });
    if (c.op === "add_link") return t("whatif.add_link_change", { source: nameOf(c.source), target: nameOf(c.target), kind: kindName(c.kind) });
    return t("whatif.move_unit", { unit: nameOf(c.unit) }) + " → " + names.area(c.area);
  });
}

/**
 * Write the answer for scenario into out.  lost: the map's edges the scenario cuts (the
 * ones marked "lost-by-target" are grouped under their target); names: {nameOf(id),
 * role(id), area(id), areaNames}.
 */
export function showReport(out, scenario, report, lost, names) {
  const nameOf = names.nameOf;
  clear(out);
  out.appendChild(el("h2", null, t("whatif.scenario") + ": " + (report.scenario || scenario.name)));
  const changes = changeTexts(scenario, names);
  const scen = section(t("whatif.scenario"), changes.length);
  scen.appendChild(listOf(changes));
  out.appendChild(scen);
  // lost links, grouped by the unit or role whose removal cuts them
  const byEnd = {};
  lost.forEach((e) => {
    const gone = e.hasClass("lost-by-target") ? e.data("target") : e.data("source");
    (byEnd[gone] = byEnd[gone] || []).push(nameOf(e.data("source")) + " → " + nameOf(e.data("target")) +
                                            " (" + enumLabel("kind", e.data("kind")) + ")");
  });
  const links = section(t("whatif.lost_links"), lost.length, "lost");
  Object.keys(byEnd).forEach((id) => {
    links.appendChild(group(t("whatif.group_lost_links", { name: nameOf(id), n: byEnd[id].length }), byEnd[id]));
  });
  out.appendChild(links);
  const paths = report.lost_paths || [];
  const pathSec = section(t("whatif.lost_paths"), paths.length, "lost");
  lostPathGroups(paths, nameOf).forEach((g) => {
    const d = group(t("whatif.group_lost_paths", { n: g.sources.length, m: g.targets.length }), null, "lost-paths");
    d.appendChild(el("h4", null, t("whatif.targets_in_group")));
    d.appendChild(listOf(g.targets));
    d.appendChild(el("h4", null, t("whatif.units_in_group")));
    d.appendChild(listOf(g.sources));
    pathSec.appendChild(d);
  });
  out.appendChild(pathSec);
  const changed = report.changed_findings || [];
  const chSec = section(t("whatif.changed_findings"), changed.length, "changed");
  changed.forEach((c) => {
    chSec.appendChild(group(enumLabel("finding", c.kind) + ": " + findingText(c.after),
                            [t("whatif.before") + ": " + findingText(c.before),
                             t("whatif.after") + ": " + findingText(c.after)]));
  });
  out.appendChild(chSec);
  out.appendChild(findingGroups(t("whatif.new_findings"), report.new_findings || [], "new"));
  out.appendChild(findingGroups(t("whatif.resolved_findings"), report.resolved_findings || [], "resolved"));
  out.appendChild(metricsTable(report.metrics, names.areaNames));
}

/** The server's refusal, with the problems it names (where: message). */
export function showError(out, err) {
  clear(out);
  out.appendChild(el("p", { "class": "error", role: "alert" }, t("whatif.error") + " " + err.message));
  const problems = (err.body && err.body.problems) || [];
  if (problems.length) {
    out.appendChild(listOf(problems.map((p) => (p.where ? p.where + ": " : "") + p.message)));
  }
}
