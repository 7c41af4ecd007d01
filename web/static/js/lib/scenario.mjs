/**
 * A what-if scenario (graphmap.analysis.whatif's shape: {name, changes: [{op, …}]}) as
 * the planner's choices make it, as the address holds it, and the parts of an answer the
 * page groups.  Pure (no DOM): tested with `node --test` (tests/js/); whatif.js reads the
 * form into choices and draws the answer.
 */

/**
 * The scenario for the form's choices: {name, remove: [units], merge: [units], mergeInto,
 * move: [units], moveTo, removeRole: [roles], removeLink: ["source|target|kind"],
 * addSource, addTarget, addKind}.  Merging takes the chosen target unit along.
 */
export function scenarioOf(choices) {
  const changes = [];
  (choices.remove || []).forEach((u) => changes.push({ op: "remove_unit", unit: u }));
  const merge = [...(choices.merge || [])];
  if (merge.length) {
    const into = choices.mergeInto;
    if (into && !merge.includes(into)) merge.push(into);
    changes.push({ op: "merge_units", units: merge, into: into || merge[0] });
  }
  (choices.move || []).forEach((u) => changes.push({ op: "move_unit", unit: u, area: choices.moveTo }));
  (choices.removeRole || []).forEach((r) => changes.push({ op: "remove_role", role: r }));
  (choices.removeLink || []).forEach((v) => {
    const [source, target, kind] = v.split("|");
    changes.push({ op: "remove_link", source, target, kind });
  });
  if (choices.addSource && choices.addTarget) {
    changes.push({ op: "add_link", source: choices.addSource, target: choices.addTarget,
                   kind: choices.addKind || "refers" });
  }
  const name = (choices.name || "").trim();
  return { name: name || "what-if", changes };
}

/** A scenario as URL-safe text (base64url of its JSON, UTF-8): the address of a what-if
 *  holds the whole plan, so it can be bookmarked and shared. */
export function encodeScenario(scenario) {
  const bytes = new TextEncoder().encode(JSON.stringify(scenario));
  let bin = "";
  bytes.forEach((b) => { bin += String.fromCharCode(b); });
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The scenario of encodeScenario's text, or null for text that is not one. */
export function decodeScenario(text) {
  try {
    const bin = atob(String(text).replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const s = JSON.parse(new TextDecoder().decode(bytes));
    return s && typeof s === "object" && Array.isArray(s.changes) ? s : null;
  } catch {
    return null;
  }
}

/** The node ids an item of a what-if list names: a plain id, a finding ({nodes: […]})
 *  or a record ({node|unit|id|role: …}). */
export function idsOf(item) {
  if (item === null || item === undefined) return [];
  if (typeof item !== "object") return [String(item)];
  if (Array.isArray(item.nodes)) return item.nodes.map(String);
  const id = item.node || item.unit || item.id || item.role;
  return id ? [String(id)] : [];
}

/** The units and roles a scenario takes off the map (removed, or merged into another). */
export function goneIds(scenario) {
  const gone = [];
  scenario.changes.forEach((c) => {
    if (c.op === "remove_unit") gone.push(c.unit);
    if (c.op === "remove_role") gone.push(c.role);
    if (c.op === "merge_units") c.units.forEach((u) => { if (u !== c.into) gone.push(u); });
  });
  return gone;
}

/** Whether id is removed outright (its links are lost; a merged unit's move along). */
export function removedOutright(scenario, id) {
  return scenario.changes.some((c) => (c.op === "remove_unit" && c.unit === id) ||
                                      (c.op === "remove_role" && c.role === id));
}

/**
 * Lost referral paths grouped by consequence: the units that lose the SAME set of
 * destinations form one group ("18 units lose 5 referral destinations"), biggest first.
 * paths: [{source, target, source_name?, target_name?}]; nameOf(id) names the others.
 */
export function lostPathGroups(paths, nameOf) {
  const bySource = new Map();
  paths.forEach((p) => {
    if (!bySource.has(p.source)) bySource.set(p.source, { name: p.source_name || nameOf(p.source), targets: {} });
    bySource.get(p.source).targets[p.target] = p.target_name || nameOf(p.target);
  });
  const groups = new Map();
  bySource.forEach((s) => {
    const targets = Object.keys(s.targets).sort();
    const key = targets.join("|");
    if (!groups.has(key)) groups.set(key, { targets: targets.map((x) => s.targets[x]), sources: [] });
    groups.get(key).sources.push(s.name);
  });
  return [...groups.values()]
    .sort((a, b) => b.sources.length * b.targets.length - a.sources.length * a.targets.length);
}
