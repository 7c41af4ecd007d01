/*
 * graphmap SVG export: the Cytoscape view as the user sees it, as a standalone SVG file.
 *
 * Why our own: the npm package cytoscape-svg is GPL-3.0 and graphmap is MIT (issue 4
 * item 9 asks for PNG and SVG export of the current view).  The map uses a small set of
 * styles (web/static/js/lib/styles.mjs): node shapes, fills, borders, underlays,
 * edge lines with dashes and arrows, labels with an outline.  Those are walked here from
 * Cytoscape's public API (rendered positions and sizes, ele.pstyle(), effectiveOpacity();
 * https://js.cytoscape.org/#collection/style) and written as SVG elements.
 *
 * Safety: every piece of data (names, ids) goes in through DOM APIs (createElementNS,
 * setAttribute, textContent) and XMLSerializer escapes it; no markup is ever built by
 * string concatenation, so a unit called "<img src=x>" is literal text in the file.
 *
 * Use: toSvg(cy, { bg: "#ffffff" }) → SVG document text (map/export.mjs).
 */
const NS = "http://www.w3.org/2000/svg";

function r2(x) { return Math.round(x * 100) / 100; }

function node(tag, attrs, parent) {
  const e = document.createElementNS(NS, tag);
  Object.keys(attrs || {}).forEach(function (k) {
    const v = attrs[k];
    if (v !== null && v !== undefined) e.setAttribute(k, typeof v === "number" ? String(r2(v)) : v);
  });
  if (parent) parent.appendChild(e);
  return e;
}

function str(ele, name) { const p = ele.pstyle(name); return p ? p.strValue : ""; }
function num(ele, name) { const p = ele.pstyle(name); return p ? Number(p.pfValue) || 0 : 0; }

// ------------------------------------------------------------------ node shapes
/** Unit polygon (points in [-1, 1]) of a Cytoscape node shape, or null for curves. */
function ngon(sides, rotation) {
  const pts = [], step = 2 * Math.PI / sides, start = (rotation || 0) - Math.PI / 2;
  for (let i = 0; i < sides; i++) {
    pts.push([Math.cos(start + i * step), Math.sin(start + i * step)]);
  }
  // stretch to fill the box as Cytoscape's fitPolygonToSquare does
  let minX = 1, maxX = -1, minY = 1, maxY = -1;
  pts.forEach(function (p) {
    minX = Math.min(minX, p[0]); maxX = Math.max(maxX, p[0]);
    minY = Math.min(minY, p[1]); maxY = Math.max(maxY, p[1]);
  });
  return pts.map(function (p) {
    return [2 * (p[0] - minX) / (maxX - minX) - 1, 2 * (p[1] - minY) / (maxY - minY) - 1];
  });
}

const POLYGONS = {
  "triangle": function () { return ngon(3); },
  "round-triangle": function () { return ngon(3); },
  "diamond": function () { return [[0, -1], [1, 0], [0, 1], [-1, 0]]; },
  "round-diamond": function () { return [[0, -1], [1, 0], [0, 1], [-1, 0]]; },
  "pentagon": function () { return ngon(5); },
  "round-pentagon": function () { return ngon(5); },
  "hexagon": function () { return ngon(6, Math.PI / 6); },
  "round-hexagon": function () { return ngon(6, Math.PI / 6); },
  "heptagon": function () { return ngon(7); },
  "round-heptagon": function () { return ngon(7); },
  "octagon": function () { return ngon(8, Math.PI / 8); },
  "round-octagon": function () { return ngon(8, Math.PI / 8); },
  "rhomboid": function () { return [[-1, -1], [0.333, -1], [1, 1], [-0.333, 1]]; },
  "vee": function () { return [[-1, -1], [0, -0.333], [1, -1], [0, 1]]; },
  "tag": function () { return [[-1, -1], [0.333, -1], [1, 0], [0.333, 1], [-1, 1]]; },
  "star": function () {
    const pts = [];
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + i * Math.PI / 5, rad = i % 2 ? 0.382 : 1;
      pts.push([rad * Math.cos(a), rad * Math.sin(a)]);
    }
    return pts;
  }
};

/** One SVG element for the node body: ellipse, (rounded) rectangle or polygon. */
function bodyShape(shape, cx, cy, w, h, zoom, attrs, parent) {
  const a = Object.assign({}, attrs);
  if (shape === "rectangle" || shape === "round-rectangle" || shape === "cut-rectangle"
      || shape === "bottom-round-rectangle" || shape === "barrel" || shape === "concave-hexagon") {
    a.x = cx - w / 2; a.y = cy - h / 2; a.width = w; a.height = h;
    // Cytoscape's automatic corner radius: a quarter of the side, at most 8 px (model)
    if (shape !== "rectangle") { a.rx = Math.min(w / 4, h / 4, 8 * zoom); a.ry = a.rx; }
    return node("rect", a, parent);
  }
  const poly = POLYGONS[shape];
  if (poly) {
    a.points = poly().map(function (p) {
      return r2(cx + p[0] * w / 2) + "," + r2(cy + p[1] * h / 2);
    }).join(" ");
    if (shape.indexOf("round-") === 0) a["stroke-linejoin"] = "round";
    return node("polygon", a, parent);
  }
  a.cx = cx; a.cy = cy; a.rx = w / 2; a.ry = h / 2;
  return node("ellipse", a, parent);
}

function dashArray(style, width, pattern, zoom) {
  if (style === "dashed") {
    const p = (pattern && pattern.length ? pattern : [6, 3]).map(function (x) { return r2(x * zoom); });
    return p.join(" ");
  }
  if (style === "dotted") return r2(Math.max(1, width)) + " " + r2(Math.max(2, 2 * width));
  return null;
}

// ------------------------------------------------------------------ labels
let measureCtx = null;
function textWidth(text, font) {
  if (!measureCtx) measureCtx = document.createElement("canvas").getContext("2d");
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

/** The label as Cytoscape shows it: cut with "…" past text-max-width (text-wrap ellipsis). */
function fitLabel(text, font, maxWidth) {
  if (!(maxWidth > 0) || textWidth(text, font) <= maxWidth) return text;
  const chars = Array.from(text);
  let lo = 0, hi = chars.length;
  while (lo < hi) {  // longest prefix that fits with the ellipsis
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(chars.slice(0, mid).join("") + "…", font) <= maxWidth) lo = mid; else hi = mid - 1;
  }
  return chars.slice(0, lo).join("") + "…";
}

/** A <text> for ele's label at (x, y), or nothing when Cytoscape would not draw it. */
function label(ele, x, y, valign, zoom, parent, anchor) {
  let text = str(ele, "label");
  if (!text) return;
  const size = num(ele, "font-size") * zoom;
  if (size < num(ele, "min-zoomed-font-size")) return;  // hidden when zoomed out, as on screen
  const weight = str(ele, "font-weight") || "normal";
  const family = str(ele, "font-family") || "Helvetica Neue, Helvetica, sans-serif";
  const font = weight + " " + size + "px " + family;
  if (str(ele, "text-wrap") === "ellipsis") {
    text = fitLabel(text, font, num(ele, "text-max-width") * zoom);
  }
  const opacity = ele.effectiveOpacity() * num(ele, "text-opacity");
  if (opacity <= 0) return;
  const baseline = valign === "top" ? "text-after-edge"
    : valign === "bottom" ? "text-before-edge" : "central";
  const outline = num(ele, "text-outline-width") * zoom;
  const attrs = {
    "class": "label", x: x, y: y, "text-anchor": anchor || "middle", "dominant-baseline": baseline,
    "font-family": family, "font-size": size, "font-weight": weight,
    fill: str(ele, "color"), opacity: opacity < 1 ? opacity : null
  };
  if (ele.isEdge() && num(ele, "text-background-opacity") > 0) {
    const pad = num(ele, "text-background-padding") * zoom + 1;
    const w = textWidth(text, font);
    node("rect", { x: x - w / 2 - pad, y: y - size / 2 - pad, width: w + 2 * pad,
                   height: size + 2 * pad, fill: str(ele, "text-background-color"),
                   "fill-opacity": num(ele, "text-background-opacity") }, parent);
  }
  if (outline > 0) {
    attrs.stroke = str(ele, "text-outline-color");
    attrs["stroke-width"] = 2 * outline;
    attrs["stroke-linejoin"] = "round";
    attrs["paint-order"] = "stroke";
  }
  // a wrapped label (text-wrap: wrap, "\n" between lines): one <tspan> per line
  const lines = String(text).split("\n");
  const lh = size * (num(ele, "line-height") || 1.1);
  if (lines.length === 1) { node("text", attrs, parent).textContent = text; return; }
  if (valign === "top") attrs.y = y - (lines.length - 1) * lh;
  else if (valign !== "bottom") attrs.y = y - (lines.length - 1) * lh / 2;
  const te = node("text", attrs, parent);
  lines.forEach(function (line, i) {
    node("tspan", { x: x, dy: i ? lh : null }, te).textContent = line;
  });
}

// ------------------------------------------------------------------ nodes
function drawNode(n, zoom, parent) {
  const opacity = n.effectiveOpacity();
  if (opacity <= 0) return;
  const g = node("g", { "class": "node" + (n.isParent() ? " group" : ""), "data-id": n.id(),
                      opacity: opacity < 1 ? opacity : null }, parent);
  // the full name for readers and tools, even when the drawn label is cut short
  node("title", {}, g).textContent = n.data("label") || str(n, "label") || n.id();
  const pos = n.renderedPosition();
  const bw = num(n, "border-width") * zoom;
  const w = n.renderedOuterWidth() - bw, h = n.renderedOuterHeight() - bw;
  const under = num(n, "underlay-opacity");
  if (under > 0) {
    const pad = num(n, "underlay-padding") * zoom;
    bodyShape(str(n, "underlay-shape") || str(n, "shape"), pos.x, pos.y, w + bw + 2 * pad,
              h + bw + 2 * pad, zoom, { "class": "underlay", fill: str(n, "underlay-color"),
                                  "fill-opacity": under }, g);
  }
  bodyShape(str(n, "shape"), pos.x, pos.y, w, h, zoom, {
    "class": "shape", fill: str(n, "background-color"),
    "fill-opacity": num(n, "background-opacity"),
    stroke: bw > 0 ? str(n, "border-color") : "none",
    "stroke-width": bw > 0 ? bw : null,
    "stroke-opacity": bw > 0 ? num(n, "border-opacity") : null,
    "stroke-dasharray": bw > 0 ? dashArray(str(n, "border-style"), bw, null, zoom) : null
  }, g);
  const valign = str(n, "text-valign"), halign = str(n, "text-halign");
  const margin = num(n, "text-margin-y") * zoom;
  const y = valign === "top" ? pos.y - h / 2 - bw / 2 + margin
    : valign === "bottom" ? pos.y + h / 2 + bw / 2 + margin : pos.y + margin;
  let x = pos.x + num(n, "text-margin-x") * zoom;
  // a label beside its node (lib/labels.mjs label placement): anchored at the node's side
  let anchor = "middle";
  if (halign === "right" && valign === "center") { x += w / 2 + bw / 2; anchor = "start"; }
  if (halign === "left" && valign === "center") { x -= w / 2 + bw / 2; anchor = "end"; }
  label(n, x, y, valign, zoom, g, anchor);
}

// ------------------------------------------------------------------ edges
/** Path through Cytoscape's rendered endpoints and control points (quadratic pieces
 *  through the midpoints of consecutive control points, as Cytoscape draws bundles). */
function edgePath(e) {
  const s = e.renderedSourceEndpoint(), t = e.renderedTargetEndpoint();
  let cps = [];
  if (str(e, "curve-style") === "bezier" || str(e, "curve-style") === "unbundled-bezier") {
    // a lone bezier edge is drawn straight and has no control points: Cytoscape throws
    try { cps = e.renderedControlPoints() || []; } catch { cps = []; }
  }
  let d = "M " + r2(s.x) + " " + r2(s.y);
  if (!cps.length) return { d: d + " L " + r2(t.x) + " " + r2(t.y), before: s };
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    const end = i + 1 < cps.length
      ? { x: (c.x + cps[i + 1].x) / 2, y: (c.y + cps[i + 1].y) / 2 } : t;
    d += " Q " + r2(c.x) + " " + r2(c.y) + " " + r2(end.x) + " " + r2(end.y);
  }
  return { d: d, before: cps[cps.length - 1] };
}

/** The target arrow at tip, pointing away from `from` (Cytoscape's arrow sizes). */
function arrow(shape, tip, from, lineWidth, scale, colour, parent) {
  if (!shape || shape === "none") return;
  const dx = tip.x - from.x, dy = tip.y - from.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
  const ux = dx / len, uy = dy / len, px = -uy, py = ux;
  const size = Math.max(Math.pow(lineWidth * 13.37, 0.9), 29) * scale;
  function at(along, across) {  // unit arrow coordinates: along ≤ 0 goes back up the line
    return r2(tip.x + ux * along * size + px * across * size) + ","
      + r2(tip.y + uy * along * size + py * across * size);
  }
  let pts;
  if (shape === "triangle") pts = [at(0, 0), at(-0.3, 0.15), at(-0.3, -0.15)];
  else if (shape === "vee") pts = [at(0, 0), at(-0.3, 0.15), at(-0.15, 0), at(-0.3, -0.15)];
  else if (shape === "tee") pts = [at(-0.1, 0.15), at(-0.15, 0.15), at(-0.15, -0.15), at(-0.1, -0.15)];
  else if (shape === "square") pts = [at(0, 0.15), at(-0.3, 0.15), at(-0.3, -0.15), at(0, -0.15)];
  else if (shape === "diamond") pts = [at(0, 0), at(-0.15, 0.15), at(-0.3, 0), at(-0.15, -0.15)];
  if (pts) {
    node("polygon", { "class": "arrow", points: pts.join(" "), fill: colour }, parent);
  } else {  // circle and anything else
    node("circle", { "class": "arrow", cx: tip.x - ux * 0.15 * size, cy: tip.y - uy * 0.15 * size,
                     r: 0.15 * size, fill: colour }, parent);
  }
}

function drawEdge(e, zoom, parent) {
  const opacity = e.effectiveOpacity();
  if (opacity <= 0) return;
  const g = node("g", { "class": "edge", "data-id": e.id(), opacity: opacity < 1 ? opacity : null },
               parent);
  const width = num(e, "width") * zoom;
  const path = edgePath(e);
  node("path", {
    d: path.d, fill: "none", stroke: str(e, "line-color"), "stroke-width": width,
    "stroke-dasharray": dashArray(str(e, "line-style"), width,
                                  e.pstyle("line-dash-pattern").value, zoom)
  }, g);
  arrow(str(e, "target-arrow-shape"), e.renderedTargetEndpoint(), path.before,
        num(e, "width"), num(e, "arrow-scale") * zoom, str(e, "target-arrow-color"), g);
  const mid = e.renderedMidpoint();
  if (mid) label(e, mid.x, mid.y, "center", zoom, g);
}

// ------------------------------------------------------------------ document
function zOf(ele) { return num(ele, "z-index"); }

/**
 * The view at its current pan and zoom as SVG text, opts.width × opts.height (default:
 * the container's size; map/export.mjs pans and sizes it so the whole area fits), plus
 * opts.layers drawn on top in view pixels (heading and legend).
 * Drawing order follows Cytoscape's: compound boxes, then edges, then nodes by z-index.
 */
export function toSvg(cy, opts) {
  opts = opts || {};
  const w = opts.width || cy.width(), h = opts.height || cy.height(), zoom = cy.zoom();
  const svg = node("svg", { xmlns: NS, width: w, height: h, viewBox: "0 0 " + r2(w) + " " + r2(h) });
  node("title", {}, svg).textContent = opts.title || "graphmap";
  if (opts.bg) node("rect", { "class": "background", x: 0, y: 0, width: w, height: h, fill: opts.bg }, svg);
  const visible = cy.elements(":visible");
  const groups = visible.nodes().filter(function (n) { return n.isParent(); })
    .sort(function (a, b) { return a.ancestors().length - b.ancestors().length; });
  const nodes = visible.nodes().filter(function (n) { return !n.isParent(); })
    .sort(function (a, b) { return zOf(a) - zOf(b); });
  const layerG = node("g", { "class": "groups" }, svg);
  groups.forEach(function (n) { drawNode(n, zoom, layerG); });
  const layerE = node("g", { "class": "edges" }, svg);
  visible.edges().forEach(function (e) { drawEdge(e, zoom, layerE); });
  const layerN = node("g", { "class": "nodes" }, svg);
  nodes.forEach(function (n) { drawNode(n, zoom, layerN); });
  // extra layers in view pixels (the map's heading and legend): [{cls, items: [{tag, attrs, text}]}]
  (opts.layers || []).forEach(function (layer) {
    const g = node("g", { "class": layer.cls }, svg);
    layer.items.forEach(function (p) {
      const e = node(p.tag, Object.assign({ "font-family": p.tag === "text" ? "Helvetica Neue, Helvetica, sans-serif" : null,
                                          fill: p.tag === "text" ? "#1a1a1a" : null }, p.attrs), g);
      if (p.text !== undefined) e.textContent = String(p.text);
    });
  });
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
}
