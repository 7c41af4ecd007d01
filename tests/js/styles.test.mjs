// node --test: the map's Cytoscape stylesheet (web/static/js/lib/styles.mjs)
import { test } from "node:test";
import assert from "node:assert/strict";
import { LABEL_PX, stylesheet } from "../../web/static/js/lib/styles.mjs";
import { LINK_STYLES, LOST_COLOUR } from "../../web/static/js/lib/legend-model.mjs";

const at = (sheet, selector) => sheet.findIndex((r) => r.selector === selector);

test("every link kind has its own rule with its dash pattern and arrowhead", () => {
  const sheet = stylesheet(LABEL_PX);
  Object.entries(LINK_STYLES).forEach(([kind, look]) => {
    const rule = sheet[at(sheet, `edge[kind = "${kind}"]`)];
    assert.ok(rule, kind);
    assert.equal(rule.style["target-arrow-shape"], look.arrow);
    assert.equal(rule.style["line-style"], look.dash ? "dashed" : "solid");
    if (look.dash) assert.deepEqual(rule.style["line-dash-pattern"], look.dash);
  });
});

test("the what-if and suggestion marks come after the link kinds, so they win", () => {
  const sheet = stylesheet(LABEL_PX);
  const lastKind = Math.max(...Object.keys(LINK_STYLES).map((k) => at(sheet, `edge[kind = "${k}"]`)));
  for (const sel of ["edge.ghost", "edge.lost", "node.removed", "node.highlighted", ".faded", "node.nolabel"]) {
    assert.ok(at(sheet, sel) > lastKind, sel);
  }
  assert.equal(sheet[at(sheet, "edge.lost")].style["line-color"], LOST_COLOUR);
  assert.equal(sheet[at(sheet, "node.nolabel")].style.label, "");
});

test("labels follow the font size asked for (the zoom keeps them LABEL_PX on screen)", () => {
  const small = stylesheet(6), big = stylesheet(24);
  assert.equal(small[at(small, "node")].style["font-size"], 6);
  assert.equal(big[at(big, "node")].style["font-size"], 24);
  assert.ok(big[at(big, "node.role")].style["font-size"] < 24);
  assert.equal(stylesheet()[0].style["font-size"], 11);
});
