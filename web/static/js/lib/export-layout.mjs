/**
 * The page of an SVG/PNG/PDF export of the map: where the map goes, the heading (title,
 * print date and counts) above it and the legend below it, one column per section.
 * Pure geometry over the map's bounding box and the translated legend, so it is tested
 * with `node --test` (tests/js/); map/export.mjs draws the map into it (svg-export.mjs).
 */
import { samplePrimitives } from "./legend-model.mjs";

const PAD = 24;
const HEAD_H = 64;
const COL_W = 230;
const ROW_H = 20;
const MIN_WIDTH = 520;

/**
 * bb: the map's bounding box at zoom 1 ({x1, y1, w, h}); sections: the translated legend
 * ([{title, items: [{text, sample}]}], map/panel.mjs legendSections); texts: {title,
 * date, legend}.  Returns {pan, width, height, layers}: pan puts the map below the
 * heading, layers are svg-export's extra layers (heading, legend).
 */
export function exportPage(bb, sections, texts) {
  const legendTop = HEAD_H + bb.h + 2 * PAD;
  const rows = sections.reduce((m, s) => Math.max(m, s.items.length), 0);
  const width = Math.max(bb.w + 2 * PAD, sections.length * COL_W + 2 * PAD, MIN_WIDTH);
  const height = legendTop + 34 + (rows + 1) * ROW_H + PAD;
  const header = [
    { tag: "text", attrs: { x: PAD, y: PAD + 8, "font-size": 20, "font-weight": "bold", "class": "export-title" },
      text: texts.title },
    { tag: "text", attrs: { x: PAD, y: PAD + 34, "font-size": 13, "class": "export-date" }, text: texts.date },
  ];
  const legend = [{ tag: "text", attrs: { x: PAD, y: legendTop + 6, "font-size": 15, "font-weight": "bold",
                                          "class": "legend-title" }, text: texts.legend }];
  sections.forEach((section, i) => {
    const x = PAD + i * COL_W, y = legendTop + 18;
    legend.push({ tag: "text", attrs: { x, y: y + 12, "font-size": 12, "font-weight": "bold" },
                  text: section.title });
    section.items.forEach((item, j) => {
      const top = y + (j + 1) * ROW_H + 4, wide = item.sample.type === "line";
      legend.push(...samplePrimitives(item.sample, x, top, wide ? 40 : 16, 16));
      legend.push({ tag: "text", attrs: { x: x + (wide ? 48 : 24), y: top + 12, "font-size": 12 },
                    text: item.text });
    });
  });
  return { pan: { x: PAD - bb.x1, y: PAD + HEAD_H - bb.y1 }, width, height,
           layers: [{ cls: "export-header", items: header }, { cls: "legend", items: legend }] };
}
