// node --test: graph answer → Cytoscape elements (web/static/js/lib/elements.mjs)
import { test } from "node:test";
import assert from "node:assert/strict";
import { MANY_EDGES, buildElements, edgeWidth, sizer } from "../../web/static/js/lib/elements.mjs";
import { SECTOR_COLOURS, UNKNOWN_COLOUR } from "../../web/static/js/lib/legend-model.mjs";

const unit = (id, more = {}) => ({ data: Object.assign({ id, label: id, kind: "unit", type: "service",
                                                         sector: "municipal", degree: 1 }, more) });
const graph = {
  area: { id: "koivula" }, aggregate: false,
  nodes: [
    unit("neuvola", { organisation: "hyva", organisation_name: "Hyvinvointialue", level: "universal",
                      degree: 9, findings: ["gateway"] }),
    unit("kahvila", { organisation: "mll", sector: "ngo", level: "universal", degree: 1,
                      findings: ["isolated"] }),
    unit("mystery", { sector: "martian" }),
    { data: { id: "th", label: "Terveydenhoitaja", kind: "role", unit: "neuvola", organisation: "hyva",
              organisation_name: "Hyvinvointialue", degree: 9 } },
  ],
  edges: [{ data: { id: "e1", source: "kahvila", target: "neuvola", kind: "refers", volume: 30 } },
          { data: { id: "e2", source: "mystery", target: "neuvola", kind: "suggested" } }],
};

test("nodes are sized by the chosen metric; roles smaller; equal values one size", () => {
  const size = sizer(graph.nodes.map((n) => n.data), "degree");
  assert.ok(size(graph.nodes[0].data) > size(graph.nodes[1].data));
  assert.equal(size(graph.nodes[0].data), 66);  // the biggest value: the biggest node
  assert.ok(size(graph.nodes[3].data) < size(graph.nodes[0].data));  // a role of the same degree
  const flat = sizer([{ degree: 0 }, { degree: 0 }], "degree");
  assert.equal(flat({ degree: 0 }), Math.round(20 + 46 * 0.4));
  // an unknown metric falls back to degree
  assert.equal(sizer(graph.nodes.map((n) => n.data), "bogus")(graph.nodes[0].data), 66);
});

test("edge width grows with volume and stays within 1.5–9 px", () => {
  assert.equal(edgeWidth({}), 1.5);
  assert.ok(edgeWidth({ volume: 30 }) > edgeWidth({ volume: 3 }));
  assert.equal(edgeWidth({ volume: 1e9 }), 9);
  assert.ok(edgeWidth({ count: 5 }) > 1.5);
});

test("colours by sector, finding classes and the ghost class for suggested links", () => {
  const els = buildElements(graph, { sizeBy: "degree" });
  const byId = Object.fromEntries(els.map((e) => [e.data.id, e]));
  assert.equal(byId.neuvola.data._colour, SECTOR_COLOURS.municipal);
  assert.equal(byId.mystery.data._colour, UNKNOWN_COLOUR);
  assert.match(byId.neuvola.classes, /\bfinding-gateway\b/);
  assert.match(byId.kahvila.classes, /\bfinding-isolated\b/);
  assert.match(byId.e2.classes, /\bghost\b/);
  assert.doesNotMatch(byId.e1.classes, /\bghost\b|\bmany\b/);
  assert.ok(!("parent" in byId.neuvola.data));  // no grouping asked
  // the answer is not changed (the map keeps it for redraws)
  assert.ok(!("_size" in graph.nodes[0].data));
});

test("grouping by organisation puts units and roles in one box per organisation", () => {
  const els = buildElements(graph, { groupBy: "organisation" });
  const boxes = els.filter((e) => e.classes === "group");
  assert.deepEqual(boxes.map((b) => b.data.id), ["group:org:hyva", "group:org:mll"]);
  assert.equal(boxes[0].data.label, "Hyvinvointialue");
  const parent = Object.fromEntries(els.filter((e) => e.group === "nodes").map((e) => [e.data.id, e.data.parent]));
  assert.equal(parent.neuvola, "group:org:hyva");
  assert.equal(parent.th, "group:org:hyva");
  assert.equal(parent.mystery, undefined);  // no organisation: no box
});

test("grouping by level names the boxes with the translator given", () => {
  const els = buildElements(graph, { groupBy: "level" }, (g, v) => g + ":" + v.toUpperCase());
  const box = els.find((e) => e.classes === "group");
  assert.equal(box.data.id, "group:level:universal");
  assert.equal(box.data.label, "level:UNIVERSAL");
});

test("a big view draws straight edges (class many)", () => {
  const edges = Array.from({ length: MANY_EDGES + 1 }, (_, i) => ({
    data: { id: "e" + i, source: "neuvola", target: "kahvila", kind: "refers" } }));
  const els = buildElements({ nodes: graph.nodes, edges }, {});
  assert.ok(els.filter((e) => e.group === "edges").every((e) => /\bmany\b/.test(e.classes)));
});
