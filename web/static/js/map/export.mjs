/**
 * The map's exports: the WHOLE area (not the viewport) as SVG text with a heading
 * (title, area, print date) and the legend below the map (lib/export-layout.mjs), the
 * same picture as PNG at twice its size, and as an A4 PDF laid out by the server
 * (web/map_pdf.py).  Drawn at zoom 1 (labels at LABEL_PX, fitted again for that zoom),
 * then the view the user had is put back.
 */
import { exportPage } from "../lib/export-layout.mjs";
import { pageLang, t } from "./dom.mjs";
import { legendSections } from "./panel.mjs";
import { toSvg } from "./svg-export.mjs";

/** The whole map of view (a MapView) as SVG document text. */
export function exportSvg(view) {
  const cy = view.cy, graph = view.graph || { nodes: [], edges: [], area: {} };
  const saved = { zoom: cy.zoom(), pan: Object.assign({}, cy.pan()) };
  cy.viewport({ zoom: 1, pan: { x: 0, y: 0 } });
  view.fitLabels(true, true);  // the whole area is in the picture, not only the view
  const eles = cy.elements(":visible");
  const bb = eles.nonempty() ? eles.boundingBox() : { x1: 0, y1: 0, w: 200, h: 100 };
  const area = graph.area || {};
  const page = exportPage(bb, legendSections(graph), {
    title: t("map.export_title", { area: area.name || area.id || "" }),
    date: t("map.export_date", { date: new Intl.DateTimeFormat(pageLang()).format(new Date()),
                                 nodes: graph.nodes.length, edges: graph.edges.length }),
    legend: t("map.legend"),
  });
  cy.pan(page.pan);
  const svg = toSvg(cy, { bg: "#ffffff", width: page.width, height: page.height,
                          title: page.layers[0].items[0].text, layers: page.layers });
  cy.viewport(saved);
  view.fitLabels(true);
  return svg;
}

/** The export SVG drawn on a canvas at twice its size: the PNG file (same content). */
export function exportPng(svgText) {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml;charset=utf-8" }));
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth * 2; canvas.height = img.naturalHeight * 2;
      const ctx = canvas.getContext("2d");
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      canvas.toBlob((blob) => { if (blob) resolve(blob); else reject(new Error("png")); }, "image/png");
    };
    img.onerror = () => { URL.revokeObjectURL(url); reject(new Error("png")); };
    img.src = url;
  });
}

/** The export SVG laid out on an A4 page by the server (POST /areas/<id>/map.pdf). */
export async function exportPdf(area, svgText) {
  const r = await fetch("/areas/" + encodeURIComponent(area) + "/map.pdf", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "image/svg+xml" }, body: svgText,
  });
  if (!r.ok) throw new Error("pdf " + r.status);
  return r.blob();
}
