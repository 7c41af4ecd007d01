// node --test: the export page around the map (web/static/js/lib/export-layout.mjs)
import { test } from "node:test";
import assert from "node:assert/strict";
import { exportPage } from "../../web/static/js/lib/export-layout.mjs";

const sections = [
  { title: "Sektori", items: [{ text: "Kunta", sample: { type: "swatch", colour: "#0072B2" } },
                              { text: "Järjestö", sample: { type: "swatch", colour: "#009E73" } }] },
  { title: "Yhteys", items: [{ text: "ohjaa", sample: { type: "line", dash: null, arrow: "triangle", colour: "#222222" } }] },
];
const texts = { title: "Palveluverkosto: Koivula", date: "1.1.2026 · 5 / 7", legend: "Selite" };
const textsOf = (page) => page.layers.flatMap((l) => l.items).filter((p) => p.tag === "text");

test("the map goes below the heading, the legend below the map", () => {
  const bb = { x1: -300, y1: 50, w: 600, h: 400 };
  const page = exportPage(bb, sections, texts);
  // the map's top-left corner lands at (pad, pad + heading) on the page
  assert.equal(bb.x1 + page.pan.x, 24);
  assert.equal(bb.y1 + page.pan.y, 24 + 64);
  const legendTitle = textsOf(page).find((p) => p.attrs.class === "legend-title");
  assert.ok(legendTitle.attrs.y > 24 + 64 + bb.h, "legend under the map");
  assert.ok(page.height > legendTitle.attrs.y + 2 * 20, "the longest column fits");
  assert.equal(page.width, 600 + 2 * 24);
});

test("every word of the heading and the legend is on the page, as text", () => {
  const page = exportPage({ x1: 0, y1: 0, w: 100, h: 100 }, sections, texts);
  const words = textsOf(page).map((p) => p.text);
  for (const w of [texts.title, texts.date, texts.legend, "Sektori", "Kunta", "Järjestö", "Yhteys", "ohjaa"]) {
    assert.ok(words.includes(w), w);
  }
  assert.equal(page.layers[0].cls, "export-header");
  assert.equal(page.layers[1].cls, "legend");
  // each item has a drawn sample beside it
  assert.ok(page.layers[1].items.filter((p) => p.tag !== "text").length >= 3);
});

test("a small map is widened to hold the legend's columns", () => {
  const many = Array.from({ length: 4 }, (_, i) => ({ title: "S" + i, items: [] }));
  const page = exportPage({ x1: 0, y1: 0, w: 50, h: 50 }, many, texts);
  assert.equal(page.width, 4 * 230 + 2 * 24);
  assert.equal(exportPage({ x1: 0, y1: 0, w: 10, h: 10 }, [], texts).width, 520);
});
