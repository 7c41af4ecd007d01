/**
 * The map's visual encodings and the legend drawn from them (issue 15 item 1).
 *
 * Why one module: the legend used to draw consults / outreach / informs alike while the
 * map gave them different arrowheads, and contact / member / co-located were all dotted.
 * Now every link kind has its own dash pattern AND arrowhead, every unit type its own
 * shape, and both the Cytoscape stylesheet (map.js) and the legend samples (on the page
 * and in the SVG/PNG export) are made from these tables, so the legend draws exactly
 * what the map draws.  Pure data and geometry: tested with `node --test` (tests/js/).
 */

/** Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008) per sector. */
export const SECTOR_COLOURS = {
  municipal: "#0072B2", county: "#E69F00", specialised: "#CC79A7", ngo: "#009E73",
  parish: "#F0E442", state: "#56B4E9", private: "#D55E00",
};
export const UNKNOWN_COLOUR = "#BBBBBB";
export const AREA_COLOUR = "#56B4E9";
export const GHOST_COLOUR = "#7B3294";
export const LOST_COLOUR = "#C0392B";

/** Unit type → Cytoscape node shape; all different (team and site used to look alike). */
export const TYPE_SHAPES = {
  service: "ellipse", team: "round-rectangle", meeting_place: "diamond",
  forum: "hexagon", site: "tag",
};
export const ROLE_SHAPE = "round-triangle";
export const STUB_SHAPE = "round-rectangle";
export const AREA_SHAPE = "round-octagon";

/**
 * Link kind → {dash, arrow, colour}: dash is the line-dash-pattern in px (null = solid),
 * arrow the target-arrow-shape ("none" for kinds symmetric in meaning,
 * model.SYMMETRIC_KINDS).  No two kinds share a dash pattern and an arrowhead.
 */
export const LINK_STYLES = {
  refers: { dash: null, arrow: "triangle", colour: "#222222" },
  consults: { dash: [8, 4], arrow: "vee", colour: "#222222" },
  outreach: { dash: [12, 3, 3, 3], arrow: "diamond", colour: "#444444" },
  contact: { dash: [2, 3], arrow: "circle", colour: "#444444" },
  member: { dash: [12, 3, 3, 3, 3, 3], arrow: "square", colour: "#666666" },
  informs: { dash: [4, 7], arrow: "tee", colour: "#666666" },
  works_with: { dash: null, arrow: "none", colour: "#8a8a8a" },
  co_located: { dash: [1, 4], arrow: "none", colour: "#6e6e6e" },
  role_of: { dash: null, arrow: "none", colour: "#AAAAAA" },  // a role hangs on its unit
};
export const SUGGESTED_STYLE = { dash: [8, 5], arrow: "none", colour: GHOST_COLOUR };
export const AGGREGATE_STYLE = { dash: null, arrow: "triangle", colour: "#555555" };

/** The node shape of an element's data (kind, type). */
export function shapeOf(d) {
  if (d.kind === "role") return ROLE_SHAPE;
  if (d.kind === "stub") return STUB_SHAPE;
  if (d.kind === "area") return AREA_SHAPE;
  return TYPE_SHAPES[d.type] || "ellipse";
}

/**
 * What the legend shows for a graph answer: sections {key, items}, each item
 * {key, value, sample} where sample is {type: "swatch"|"shape"|"line"|"marker", …}.
 * Only what the map draws is listed (a kind with no link on the map is left out).
 */
export function legendModel(graph) {
  const present = { sector: new Set(), type: new Set(), kind: new Set(), node: new Set() };
  for (const n of graph.nodes || []) {
    const d = n.data || {};
    if (d.sector) present.sector.add(d.sector);
    if (d.kind === "unit") present.type.add(d.type);
    present.node.add(d.kind);
  }
  for (const e of graph.edges || []) present.kind.add((e.data || {}).kind);
  const sections = [];
  const add = (key, items) => { if (items.length) sections.push({ key, items }); };
  add("sector", Object.keys(SECTOR_COLOURS).filter((k) => present.sector.has(k))
    .map((k) => ({ key: "sector", value: k, sample: { type: "swatch", colour: SECTOR_COLOURS[k] } })));
  const shapes = Object.keys(TYPE_SHAPES).filter((k) => present.type.has(k))
    .map((k) => ({ key: "unit_type", value: k, sample: { type: "shape", shape: TYPE_SHAPES[k] } }));
  if (present.node.has("role")) shapes.push({ key: "node_kind", value: "role", sample: { type: "shape", shape: ROLE_SHAPE } });
  if (present.node.has("area")) shapes.push({ key: "node_kind", value: "area", sample: { type: "shape", shape: AREA_SHAPE, colour: AREA_COLOUR } });
  if (present.node.has("stub")) shapes.push({ key: "node_kind", value: "stub", sample: { type: "shape", shape: STUB_SHAPE, colour: "#ffffff", dashed: true } });
  add("type", shapes);
  const lines = Object.keys(LINK_STYLES).filter((k) => k !== "role_of" && present.kind.has(k))
    .map((k) => ({ key: "kind", value: k, sample: { type: "line", ...LINK_STYLES[k] } }));
  if (present.kind.has("suggested")) lines.push({ key: "map.legend.suggested", value: null, sample: { type: "line", ...SUGGESTED_STYLE } });
  if (graph.aggregate) lines.push({ key: "kind", value: "aggregate", sample: { type: "line", ...AGGREGATE_STYLE } });
  add("kind", lines);
  if (!graph.aggregate && (graph.nodes || []).length) {
    add("findings", [
      { key: "finding", value: "gateway", sample: { type: "marker", marker: "gateway" } },
      { key: "finding", value: "isolated", sample: { type: "marker", marker: "isolated" } },
    ]);
  }
  return sections;
}

// ------------------------------------------------------------------ geometry
function ngon(sides, rotation = 0) {
  const pts = [];
  const step = (2 * Math.PI) / sides;
  const start = rotation - Math.PI / 2;
  for (let i = 0; i < sides; i++) pts.push([Math.cos(start + i * step), Math.sin(start + i * step)]);
  const xs = pts.map((p) => p[0]); const ys = pts.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // stretched to fill the box, as Cytoscape's fitPolygonToSquare does
  return pts.map((p) => [2 * (p[0] - minX) / (maxX - minX) - 1, 2 * (p[1] - minY) / (maxY - minY) - 1]);
}

/** Unit polygons (points in [-1, 1]) of the node shapes the map uses. */
export const POLYGONS = {
  "diamond": [[0, -1], [1, 0], [0, 1], [-1, 0]],
  "hexagon": ngon(6, Math.PI / 6),
  "tag": [[-1, -1], [0.333, -1], [1, 0], [0.333, 1], [-1, 1]],
  "round-triangle": ngon(3),
  "round-octagon": ngon(8, Math.PI / 8),
};

const r2 = (x) => Math.round(x * 100) / 100;

/** SVG primitives [{tag, attrs}] of a node shape centred at (cx, cy), size w × h. */
export function shapePrimitives(shape, cx, cy, w, h, attrs = {}) {
  if (shape === "rectangle" || shape === "round-rectangle") {
    const a = { x: r2(cx - w / 2), y: r2(cy - h / 2), width: r2(w), height: r2(h), ...attrs };
    if (shape === "round-rectangle") { a.rx = r2(Math.min(w, h) / 4); a.ry = a.rx; }
    return [{ tag: "rect", attrs: a }];
  }
  const poly = POLYGONS[shape];
  if (poly) {
    const points = poly.map((p) => `${r2(cx + p[0] * w / 2)},${r2(cy + p[1] * h / 2)}`).join(" ");
    const a = { points, ...attrs };
    if (shape.startsWith("round-")) a["stroke-linejoin"] = "round";
    return [{ tag: "polygon", attrs: a }];
  }
  return [{ tag: "ellipse", attrs: { cx: r2(cx), cy: r2(cy), rx: r2(w / 2), ry: r2(h / 2), ...attrs } }];
}

/** SVG primitives of an arrowhead with its tip at (x, y) pointing right, of size s. */
export function arrowPrimitives(arrow, x, y, s, colour) {
  const at = (along, across) => `${r2(x + along * s)},${r2(y + across * s)}`;
  const poly = (pts) => [{ tag: "polygon", attrs: { points: pts.join(" "), fill: colour } }];
  switch (arrow) {
    case "triangle": return poly([at(0, 0), at(-1, 0.5), at(-1, -0.5)]);
    case "vee": return poly([at(0, 0), at(-1, 0.5), at(-0.5, 0), at(-1, -0.5)]);
    case "tee": return poly([at(-0.33, 0.5), at(-0.5, 0.5), at(-0.5, -0.5), at(-0.33, -0.5)]);
    case "square": return poly([at(0, 0.5), at(-1, 0.5), at(-1, -0.5), at(0, -0.5)]);
    case "diamond": return poly([at(0, 0), at(-0.5, 0.5), at(-1, 0), at(-0.5, -0.5)]);
    case "circle": return [{ tag: "circle", attrs: { cx: r2(x - 0.5 * s), cy: r2(y), r: r2(0.5 * s), fill: colour } }];
    default: return [];
  }
}

/** SVG primitives of a legend sample in a box w × h at (x, y), the sample's own look. */
export function samplePrimitives(sample, x, y, w, h) {
  const cy = y + h / 2;
  if (sample.type === "swatch") {
    return [{ tag: "rect", attrs: { x, y: r2(y + 1), width: h - 2, height: h - 2, fill: sample.colour, stroke: "#333333", "stroke-width": 1 } }];
  }
  if (sample.type === "shape") {
    const attrs = { fill: sample.colour || "#dddddd", stroke: "#333333", "stroke-width": 1 };
    if (sample.dashed) attrs["stroke-dasharray"] = "3 2";
    return shapePrimitives(sample.shape, x + h / 2 + 1, cy, h - 2, h - 2, attrs);
  }
  if (sample.type === "marker") {
    const attrs = sample.marker === "gateway"
      ? { fill: "#ffffff", stroke: "#000000", "stroke-width": 3 }
      : { fill: "#ffffff", stroke: LOST_COLOUR, "stroke-width": 2.5, "stroke-dasharray": "3 2" };
    return shapePrimitives("ellipse", x + h / 2 + 1, cy, h - 3, h - 3, attrs);
  }
  // a line sample: the dash pattern and arrowhead of the map
  const head = sample.arrow && sample.arrow !== "none" ? Math.min(9, h * 0.7) : 0;
  const line = { x1: x + 1, y1: r2(cy), x2: r2(x + w - 1 - head * 0.8), y2: r2(cy), stroke: sample.colour, "stroke-width": 2 };
  if (sample.dash) line["stroke-dasharray"] = sample.dash.join(" ");
  return [{ tag: "line", attrs: line }].concat(arrowPrimitives(sample.arrow, x + w - 1, cy, head, sample.colour));
}
