// node --test: the map's encodings and legend model (web/static/js/lib/legend-model.mjs)
import { test } from "node:test";
import assert from "node:assert/strict";
import { LINK_STYLES, TYPE_SHAPES, ROLE_SHAPE, legendModel, samplePrimitives, shapeOf }
  from "../../web/static/js/lib/legend-model.mjs";

const kinds = Object.keys(LINK_STYLES).filter((k) => k !== "role_of");

test("every link kind has its own dash pattern and its own arrowhead (directed kinds)", () => {
  const looks = kinds.map((k) => JSON.stringify([LINK_STYLES[k].dash, LINK_STYLES[k].arrow]));
  assert.equal(new Set(looks).size, kinds.length);
  const dashes = kinds.map((k) => JSON.stringify(LINK_STYLES[k].dash));
  assert.equal(new Set(dashes).size, kinds.length - 1, "only refers and works_with are solid");
  const directed = kinds.filter((k) => LINK_STYLES[k].arrow !== "none");
  assert.equal(new Set(directed.map((k) => LINK_STYLES[k].arrow)).size, directed.length);
  // symmetric kinds (model.SYMMETRIC_KINDS) have no arrowhead
  assert.equal(LINK_STYLES.works_with.arrow, "none");
  assert.equal(LINK_STYLES.co_located.arrow, "none");
});

test("every unit type and the role have their own shape", () => {
  const shapes = Object.values(TYPE_SHAPES).concat([ROLE_SHAPE]);
  assert.equal(new Set(shapes).size, shapes.length);
  assert.equal(shapeOf({ kind: "unit", type: "site" }), TYPE_SHAPES.site);
  assert.equal(shapeOf({ kind: "role" }), ROLE_SHAPE);
});

const graph = {
  aggregate: false,
  nodes: [{ data: { kind: "unit", type: "team", sector: "municipal" } },
          { data: { kind: "unit", type: "site", sector: "ngo" } },
          { data: { kind: "role", sector: "municipal" } }],
  edges: [{ data: { kind: "consults" } }, { data: { kind: "informs" } }, { data: { kind: "suggested" } }],
};

test("the legend lists exactly what the map draws", () => {
  const model = legendModel(graph);
  const by = Object.fromEntries(model.map((s) => [s.key, s.items]));
  assert.deepEqual(by.sector.map((i) => i.value), ["municipal", "ngo"]);
  assert.deepEqual(by.type.map((i) => i.value), ["team", "site", "role"]);
  assert.deepEqual(by.kind.map((i) => i.value ?? i.key), ["consults", "informs", "map.legend.suggested"]);
  // the sample of a kind IS the map's style
  const consults = by.kind[0].sample;
  assert.deepEqual([consults.dash, consults.arrow, consults.colour],
                   [LINK_STYLES.consults.dash, LINK_STYLES.consults.arrow, LINK_STYLES.consults.colour]);
});

test("a line sample draws the kind's dash pattern and arrowhead", () => {
  const prims = samplePrimitives({ type: "line", ...LINK_STYLES.informs }, 0, 0, 40, 16);
  assert.equal(prims[0].tag, "line");
  assert.equal(prims[0].attrs["stroke-dasharray"], LINK_STYLES.informs.dash.join(" "));
  assert.equal(prims.length, 2, "line and tee");
  const plain = samplePrimitives({ type: "line", ...LINK_STYLES.works_with }, 0, 0, 40, 16);
  assert.equal(plain.length, 1, "no arrowhead on a symmetric kind");
  const heads = new Set(kinds.filter((k) => LINK_STYLES[k].arrow !== "none").map((k) =>
    JSON.stringify(samplePrimitives({ type: "line", ...LINK_STYLES[k] }, 0, 0, 40, 16)[1])));
  assert.equal(heads.size, kinds.filter((k) => LINK_STYLES[k].arrow !== "none").length);
});
