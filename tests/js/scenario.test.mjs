// node --test: what-if scenarios (web/static/js/lib/scenario.mjs)
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeScenario, encodeScenario, goneIds, idsOf, lostPathGroups, removedOutright, scenarioOf }
  from "../../web/static/js/lib/scenario.mjs";

test("the form's choices make graphmap.analysis.whatif's scenario", () => {
  const s = scenarioOf({ name: "  Säästö ", remove: ["a"], merge: ["b", "c"], mergeInto: "d",
                         move: ["e"], moveTo: "tornio", removeRole: ["r1"], removeLink: ["x|y|refers"],
                         addSource: "p", addTarget: "q", addKind: "" });
  assert.equal(s.name, "Säästö");
  assert.deepEqual(s.changes, [
    { op: "remove_unit", unit: "a" },
    { op: "merge_units", units: ["b", "c", "d"], into: "d" },
    { op: "move_unit", unit: "e", area: "tornio" },
    { op: "remove_role", role: "r1" },
    { op: "remove_link", source: "x", target: "y", kind: "refers" },
    { op: "add_link", source: "p", target: "q", kind: "refers" },
  ]);
});

test("nothing chosen is an empty scenario with the default name; a merge without target merges into the first", () => {
  assert.deepEqual(scenarioOf({}), { name: "what-if", changes: [] });
  assert.deepEqual(scenarioOf({ merge: ["b", "c"], mergeInto: "" }).changes,
                   [{ op: "merge_units", units: ["b", "c"], into: "b" }]);
  // a link to add needs both ends
  assert.deepEqual(scenarioOf({ addSource: "p" }).changes, []);
});

test("a scenario survives the address (UTF-8 names included); other text is no scenario", () => {
  const s = { name: "Yhdistä äitiys- ja lastenneuvola ✓", changes: [{ op: "remove_unit", unit: "neuvola" }] };
  const text = encodeScenario(s);
  assert.match(text, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeScenario(text), s);
  assert.equal(decodeScenario("not base64 !"), null);
  assert.equal(decodeScenario(encodeScenario({ name: "x" })), null);  // no changes list
});

test("what the answer's lists name as node ids", () => {
  assert.deepEqual(idsOf("u1"), ["u1"]);
  assert.deepEqual(idsOf({ nodes: ["a", 2] }), ["a", "2"]);
  assert.deepEqual(idsOf({ unit: "u" }), ["u"]);
  assert.deepEqual(idsOf({ role: "r" }), ["r"]);
  assert.deepEqual(idsOf(null), []);
  assert.deepEqual(idsOf({}), []);
});

test("removed and merged-away nodes leave the map; only removed ones lose their links", () => {
  const s = { changes: [{ op: "remove_unit", unit: "a" }, { op: "merge_units", units: ["b", "c"], into: "c" },
                        { op: "remove_role", role: "r" }] };
  assert.deepEqual(goneIds(s), ["a", "b", "r"]);
  assert.equal(removedOutright(s, "a"), true);
  assert.equal(removedOutright(s, "r"), true);
  assert.equal(removedOutright(s, "b"), false);
});

test("units losing the same destinations are one group, the biggest group first", () => {
  const paths = [
    { source: "a", target: "x" }, { source: "a", target: "y" },
    { source: "b", target: "y" }, { source: "b", target: "x" },
    { source: "c", target: "z", source_name: "Cee", target_name: "Zed" },
  ];
  const groups = lostPathGroups(paths, (id) => id.toUpperCase());
  assert.deepEqual(groups, [{ targets: ["X", "Y"], sources: ["A", "B"] },
                            { targets: ["Zed"], sources: ["Cee"] }]);
});
