// node --test: label fitting of the area map (web/static/js/lib/labels.mjs)
import { test } from "node:test";
import assert from "node:assert/strict";
import { shortLabels, wrapLabel, overlaps, visibleLabels, otherPlaces } from "../../web/static/js/lib/labels.mjs";

test("a tail several names share is dropped, distinct heads stay", () => {
  const m = shortLabels(["Neuvola, Lahden eteläinen palvelualue", "Koulu, Lahden eteläinen palvelualue",
                         "Perheohjaus"]);
  assert.equal(m.get("Neuvola, Lahden eteläinen palvelualue"), "Neuvola");
  assert.equal(m.get("Koulu, Lahden eteläinen palvelualue"), "Koulu");
  assert.equal(m.get("Perheohjaus"), "Perheohjaus");
});

test("names that differ only in the tail keep it", () => {
  const names = ["Peruskoulu, Sastamala A", "Peruskoulu, Sastamala B", "Peruskoulu, Sastamala A2"];
  const m = shortLabels(names);
  for (const n of names) assert.equal(m.get(n), n);
});

test("dropping a shared tail never makes two names read alike", () => {
  const m = shortLabels(["Neuvola, Alue X", "Neuvola, Alue Y", "Neuvola, Alue X ", "Koulu, Alue X"]);
  const values = [...m.values()];
  assert.equal(new Set(values).size, values.length);
});

test("wrapping keeps whole words on at most two lines", () => {
  assert.equal(wrapLabel("Varhaiskasvatuksen erityisopettajat"), "Varhaiskasvatuksen\nerityisopettajat");
  assert.equal(wrapLabel("Kasvatus- ja perheneuvola"), "Kasvatus- ja\nperheneuvola");
  assert.equal(wrapLabel("Neuvola"), "Neuvola");
});

test("a text that does not fit ends in an ellipsis, never past the width", () => {
  const out = wrapLabel("Perhekeskuksen palveluohjaus, Sotesin perhekeskusalue (Sastamala–Punkalaidun)");
  const lines = out.split("\n");
  assert.equal(lines.length, 2);
  assert.ok(out.endsWith("…"), out);
  assert.ok(!out.includes(",…"), out);
  for (const l of lines) assert.ok([...l].length <= 18, l);
  const long = wrapLabel("Lastensuojelunavohuollonsosiaalityöntekijät", { width: 12, lines: 2 });
  for (const l of long.split("\n")) assert.ok([...l].length <= 12, l);
});

test("overlap of boxes: touching is not overlapping", () => {
  const a = { x1: 0, y1: 0, x2: 10, y2: 10 };
  assert.ok(overlaps(a, { x1: 5, y1: 5, x2: 15, y2: 15 }));
  assert.ok(!overlaps(a, { x1: 10, y1: 0, x2: 20, y2: 10 }));
  assert.ok(overlaps(a, { x1: 10.5, y1: 0, x2: 20, y2: 10 }, 1));
});

test("the more important of two overlapping labels is kept, the other left out", () => {
  const box = (x) => ({ x1: x, y1: 0, x2: x + 10, y2: 5 });
  const kept = visibleLabels([
    { id: "small", box: box(5), priority: 1 },
    { id: "big", box: box(0), priority: 9 },
    { id: "far", box: box(40), priority: 0 },
  ]);
  assert.deepEqual([...kept.keys()].sort(), ["big", "far"]);
});

test("a forced label (the focused node) wins over any priority", () => {
  const box = { x1: 0, y1: 0, x2: 10, y2: 5 };
  const kept = visibleLabels([{ id: "a", box, priority: 100 }, { id: "b", box, priority: 0, force: true }]);
  assert.deepEqual([...kept.keys()], ["b"]);
});

test("no two kept labels overlap, whatever the input", () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const items = Array.from({ length: 300 }, (_, i) => {
    const x = rnd() * 500, y = rnd() * 500;
    return { id: `n${i}`, box: { x1: x, y1: y, x2: x + 20 + rnd() * 60, y2: y + 12 }, priority: rnd() };
  });
  const kept = items.filter((it) => visibleLabels(items).has(it.id));
  assert.ok(kept.length > 20);
  for (let i = 0; i < kept.length; i++)
    for (let j = i + 1; j < kept.length; j++) assert.ok(!overlaps(kept[i].box, kept[j].box), `${kept[i].id} ${kept[j].id}`);
});

test("a label over another node's body is left out, over its own node it stays", () => {
  const label = { x1: 0, y1: 10, x2: 30, y2: 16 };
  const items = [{ id: "a", box: label, priority: 5 }];
  assert.deepEqual([...visibleLabels(items, { obstacles: [{ id: "a", box: { x1: 5, y1: 0, x2: 25, y2: 12 } }] }).keys()], ["a"]);
  assert.deepEqual([...visibleLabels(items, { obstacles: [{ id: "b", box: { x1: 20, y1: 12, x2: 40, y2: 30 } }] }).keys()], []);
});

test("a label blocked below its node moves above or beside it", () => {
  const body = { x1: 0, y1: 0, x2: 20, y2: 20 };
  const below = { x1: -10, y1: 23, x2: 30, y2: 33 };
  const places = otherPlaces(below, body);
  assert.deepEqual(places.map((p) => p.place), ["top", "right", "left"]);
  assert.ok(places.every((p) => !overlaps(p.box, body)));
  const kept = visibleLabels([
    { id: "other", box: { x1: -10, y1: 22, x2: 30, y2: 40 }, priority: 9 },
    { id: "n", box: below, places, priority: 1 },
  ]);
  assert.equal(kept.get("n"), "top");
});

test("labels stay inside the bounds; an important one may cross a node body", () => {
  const box = { x1: 90, y1: 0, x2: 120, y2: 6 };
  assert.equal(visibleLabels([{ id: "a", box, priority: 1 }], { bounds: { x1: 0, y1: 0, x2: 100, y2: 100 } }).size, 0);
  const body = [{ id: "b", box: { x1: 95, y1: 0, x2: 110, y2: 10 } }];
  assert.equal(visibleLabels([{ id: "a", box, priority: 1 }], { obstacles: body }).size, 0);
  assert.equal(visibleLabels([{ id: "a", box, priority: 1, important: true }], { obstacles: body }).get("a"), "bottom");
});
