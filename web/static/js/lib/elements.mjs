/**
 * The API's graph answer (/api/areas/<id>/graph) as Cytoscape elements for the map:
 * the visual encodings are precomputed into data fields (cheaper than style functions
 * on 1,000 elements), labels shortened and wrapped, and the compound group boxes
 * ("group by organisation / level") added.  Pure: tested with `node --test` (tests/js/).
 */
import { shortLabels, wrapLabel } from "./labels.mjs";
import { AREA_COLOUR, SECTOR_COLOURS, UNKNOWN_COLOUR, shapeOf } from "./legend-model.mjs";

/** The metrics a node can be sized by (the #size-by choices). */
export const METRICS = ["degree", "betweenness", "in_volume"];
/** From these counts a view is "big": straight edges, and labels appear on zooming in. */
export const MANY_EDGES = 400;
export const MANY_NODES = 150;
const GATEWAY_KINDS = ["gateway", "bridge", "overload", "key_person"];
const ISOLATED_KINDS = ["isolated", "level_disconnected", "no_contact"];

/** Edge width by volume (log scale, 1.5–9 px); 1.5 px when there is no volume. */
export function edgeWidth(d) {
  const v = d.volume || d.count || 0;
  return v > 0 ? Math.min(9, 1.5 + 2 * Math.log10(1 + v)) : 1.5;
}

/** Node diameter by a metric: area ∝ value (sqrt scale) between 20 and 66 px over the
 *  values drawn, roles smaller; all equal values give one middle size. */
export function sizer(datas, sizeBy) {
  const metric = METRICS.includes(sizeBy) ? sizeBy : "degree";
  const values = datas.map((d) => Number(d[metric]) || 0);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  return (d) => {
    const v = Number(d[metric]) || 0;
    const size = 20 + 46 * (hi > lo ? Math.sqrt((v - lo) / (hi - lo)) : 0.4);
    return Math.round(d.kind === "role" ? size * 0.65 : size);
  };
}

/** The box a unit or role goes in when grouping ({key, label}), or null. */
function groupOf(d, groupBy, enumLabel) {
  if (d.kind !== "unit" && d.kind !== "role") return null;
  if (groupBy === "organisation" && d.organisation) {
    return { key: "org:" + d.organisation, label: d.organisation_name || d.organisation };
  }
  if (groupBy === "level" && d.level) return { key: "level:" + d.level, label: enumLabel("level", d.level) };
  return null;
}

function nodeClasses(n, d, many) {
  const classes = [n.classes || "", d.kind || "", many ? "many" : ""];
  (d.findings || []).forEach((k) => {
    classes.push("finding-" + k);
    if (GATEWAY_KINDS.includes(k)) classes.push("finding-gateway");
    if (ISOLATED_KINDS.includes(k)) classes.push("finding-isolated");
  });
  return classes;
}

/**
 * Cytoscape elements (nodes, then group boxes, then edges) for a graph answer.
 * opts: {groupBy: "none"|"organisation"|"level", sizeBy: a METRICS name};
 * enumLabel(group, value) names a level's box in the page's language.
 */
export function buildElements(graph, opts = {}, enumLabel = (g, v) => String(v)) {
  const groupBy = opts.groupBy || "none";
  const sizeOf = sizer(graph.nodes.map((n) => n.data), opts.sizeBy);
  const groups = new Map();
  const manyNodes = graph.nodes.length > MANY_NODES || graph.edges.length > MANY_EDGES;
  // a ", tail" many names share (the area, already in the page title) is left out
  const shorts = shortLabels(graph.nodes.map((n) => String(n.data.label || n.data.id)));
  const nodes = graph.nodes.map((n) => {
    const d = Object.assign({}, n.data);
    const full = String(d.label || d.id);
    d._size = sizeOf(d);
    d._label = d.kind === "stub" ? wrapLabel(full, { width: 24, lines: 1 })
      : wrapLabel(shorts.get(full) || full, { width: 18, lines: 2 });
    d._full = wrapLabel(full, { width: 30, lines: 4 });
    if (d.kind === "stub") d._w = Math.min(220, 16 + 6.5 * d._label.length);
    d._shape = shapeOf(d);
    d._colour = d.kind === "stub" ? "#ffffff"
      : d.kind === "area" ? AREA_COLOUR
        : (SECTOR_COLOURS[d.sector] || UNKNOWN_COLOUR);
    const group = groupOf(d, groupBy, enumLabel);
    if (group) {
      groups.set(group.key, wrapLabel(group.label, { width: 34, lines: 2 }));
      d.parent = "group:" + group.key;
    }
    return { group: "nodes", data: d, classes: nodeClasses(n, d, manyNodes).join(" ").trim() };
  });
  groups.forEach((label, key) => {
    nodes.push({ group: "nodes", classes: "group",
                 data: { id: "group:" + key, label, _label: label, _full: label, kind: "group",
                         _colour: "#f2f2f2", _shape: "round-rectangle", _size: 10 } });
  });
  const many = graph.edges.length > MANY_EDGES;
  const edges = graph.edges.map((e) => {
    const d = Object.assign({}, e.data);
    d._width = edgeWidth(d);
    const classes = [e.classes || ""];
    if (many) classes.push("many");
    if (d.kind === "suggested") classes.push("ghost");
    if (graph.aggregate) classes.push("aggregate");
    return { group: "edges", data: d, classes: classes.join(" ").trim() };
  });
  return nodes.concat(edges);
}
