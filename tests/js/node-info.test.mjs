// node --test: the info panel's rows (web/static/js/lib/node-info.mjs)
import { test } from "node:test";
import assert from "node:assert/strict";
import { edgeRows, nodeRows, profileHref } from "../../web/static/js/lib/node-info.mjs";

const words = { enumLabel: (g, v) => (v ? g + ":" + v : ""), fmt: (v) => (v == null ? "–" : String(v)),
                t: (k) => "T(" + k + ")" };

test("each kind of node links to its own page; ids are escaped", () => {
  assert.equal(profileHref({ kind: "unit", id: "a b" }), "/units/a%20b");
  assert.equal(profileHref({ kind: "role", id: "r1" }), "/roles/r1");
  assert.equal(profileHref({ kind: "stub", id: "stub:tornio" }), "/areas/tornio");
  assert.equal(profileHref({ kind: "stub", id: "stub:x", area: "kemi" }), "/areas/kemi");
  assert.equal(profileHref({ kind: "area", id: "sotesi" }), "/areas/sotesi");
  assert.equal(profileHref({ kind: "group", id: "group:org:x" }), null);
});

test("a unit's rows: type, organisation, sector, level and its metrics; empty ones left out", () => {
  const rows = nodeRows({ kind: "unit", type: "team", organisation: "hyva", organisation_name: "Hyvinvointialue",
                          sector: "municipal", degree: 3, betweenness: 0.5, in_volume: 0 }, words);
  assert.deepEqual(rows.map((r) => r[0]), ["col.kind", "col.organisation", "col.sector",
                                           "metric.degree", "metric.betweenness", "metric.in_volume"]);
  assert.deepEqual(rows[0], ["col.kind", "unit_type:team"]);
  assert.deepEqual(rows[1], ["col.organisation", "Hyvinvointialue"]);
});

test("an area node shows its count, not unit metrics", () => {
  const rows = nodeRows({ kind: "area", count: 12, degree: 4 }, words);
  assert.deepEqual(rows, [["col.kind", "node_kind:area"], ["col.count", "12"]]);
});

test("a link's rows; a link known only from cases says so, a suggestion its kind", () => {
  const rows = edgeRows({ kind: "refers", volume: 30, structural: false }, words);
  assert.deepEqual(rows, [["col.link_kind", "kind:refers"], ["col.volume", "30"],
                          ["col.note", "T(link.case_only)"]]);
  const ghost = edgeRows({ kind: "suggested", suggested_kind: "informs", structural: false }, words);
  assert.deepEqual(ghost, [["col.link_kind", "kind:suggested (kind:informs)"]]);
});
