// node --test: the map's controls as query and address (web/static/js/lib/map-controls.mjs)
import { test } from "node:test";
import assert from "node:assert/strict";
import { addressFor, controlsFromAddress, idList, layoutNumber, viewQuery }
  from "../../web/static/js/lib/map-controls.mjs";

const all = (n) => ({ all: n, on: Array.from({ length: n }, (_, i) => "v" + i) });

test("all boxes ticked asks for no filter; some ticked asks for those", () => {
  const q = viewQuery({ roles: false, suggested: true,
                        filters: { sector: all(3), level: { all: 3, on: ["universal", "targeted"] }, kind: all(2) } });
  assert.equal(q.empty, null);
  assert.equal(q.params.get("roles"), "0");
  assert.equal(q.params.get("suggested"), "1");
  assert.equal(q.params.has("sector"), false);
  assert.equal(q.params.get("level"), "universal,targeted");
});

test("no box of a filter ticked: nothing can match, said without asking the server", () => {
  const q = viewQuery({ filters: { sector: { all: 7, on: [] } } });
  assert.equal(q.empty, "sector");
});

test("a view's address reads back as the same controls, other parameters kept", () => {
  const query = viewQuery({ roles: true, suggested: false,
                            filters: { sector: { all: 7, on: ["ngo", "parish"] }, level: all(3), kind: all(9) } }).params;
  const url = addressFor("?lang=sv&sector=old&layout=9", { query, group: "organisation", size: "degree",
                                                           radius: "2", layout: 3 });
  assert.equal(url.get("lang"), "sv");
  assert.equal(url.has("size"), false);  // the default is left out
  assert.equal(url.get("layout"), "3");
  const back = controlsFromAddress(url);
  assert.deepEqual(back.filters, { sector: ["ngo", "parish"] });
  assert.deepEqual(back.checks, { "#show-roles": true });
  assert.deepEqual(back.selects, { "#group-by": "organisation", "#focus-radius": "2" });
});

test("the default view has a bare address; layout 1 is not written", () => {
  const query = viewQuery({ filters: {} }).params;
  const url = addressFor("", { query, group: "none", size: "degree", radius: "1", layout: 1 });
  assert.equal(url.toString(), "");
});

test("repeated and comma-separated filter values are read alike", () => {
  const back = controlsFromAddress(new URLSearchParams("kind=refers&kind=consults, informs&roles=0"));
  assert.deepEqual(back.filters.kind, ["refers", "consults", "informs"]);
  assert.deepEqual(back.checks, { "#show-roles": false });
});

test("layout number: the address's, else this browser's, else 1", () => {
  assert.equal(layoutNumber("4", "2"), 4);
  assert.equal(layoutNumber(null, "2"), 2);
  assert.equal(layoutNumber("zero", "-3"), 1);
  assert.equal(layoutNumber(null, null), 1);
});

test("node id lists take commas and spaces", () => {
  assert.deepEqual(idList("a, b  c,,d"), ["a", "b", "c", "d"]);
  assert.deepEqual(idList(null), []);
});
