/**
 * The text beside the map: the info panel (#node-info) of a clicked node or link, the
 * legend (#legend) and the status line (#map-status).  Written as text only (textContent),
 * so a unit called "<img src=x onerror=…>" stays text.
 */
import { legendModel, samplePrimitives } from "../lib/legend-model.mjs";
import { edgeRows, nodeRows, profileHref } from "../lib/node-info.mjs";
import { clear, el, enumLabel, fmt, svgOf, t } from "./dom.mjs";

const LEGEND_TITLES = { sector: "map.sector", type: "unit.type", kind: "map.kind", findings: "col.findings" };

function definitions(rows) {
  const dl = el("dl");
  rows.forEach(([key, value]) => {
    dl.appendChild(el("dt", null, t(key)));
    dl.appendChild(el("dd", null, value));
  });
  return dl;
}

/** The details of a node's data in box, with a link to its profile (or area map). */
export function fillNodeInfo(box, d) {
  if (!box) return;
  clear(box);
  box.appendChild(el("h2", null, d.label));
  box.appendChild(definitions(nodeRows(d, { enumLabel, fmt })));
  if (d.findings && d.findings.length) {
    box.appendChild(el("h3", null, t("col.findings")));
    const ul = el("ul");
    d.findings.forEach((k) => { ul.appendChild(el("li", null, enumLabel("finding", k))); });
    box.appendChild(ul);
  }
  const href = profileHref(d);
  if (href) {
    const text = (d.kind === "stub" || d.kind === "area") ? t("map.open_area") : t("map.open_profile");
    box.appendChild(el("p")).appendChild(el("a", { href, "class": "profile-link" }, text));
  }
}

/** Details of a clicked link: its ends, kind, volume and, for a suggested link, why. */
export function fillEdgeInfo(box, edge) {
  if (!box) return;
  const d = edge.data();
  clear(box);
  box.appendChild(el("h2", null, edge.source().data("label") + " → " + edge.target().data("label")));
  box.appendChild(definitions(edgeRows(d, { enumLabel, fmt, t })));
  if (d.reason) box.appendChild(el("p", { "class": "edge-reason" }, d.reason));
}

/** The legend of a graph answer as text: [{title, key, items: [{text, sample}]}] — the
 *  model of lib/legend-model.mjs with its words translated (page and exports share it). */
export function legendSections(graph) {
  return legendModel(graph).map((section) => ({
    title: t(LEGEND_TITLES[section.key]), key: section.key,
    items: section.items.map((item) => ({
      text: item.value === null ? t(item.key) : enumLabel(item.key, item.value),
      sample: item.sample,
    })),
  }));
}

/** Draw the legend of graph into the #legend box (unless the page drew a static one). */
export function fillLegend(legend, graph) {
  if (!legend || legend.getAttribute("data-static") === "1") return;
  clear(legend);
  legend.appendChild(el("h2", null, t("map.legend")));
  legendSections(graph).forEach((section) => {
    const box = el("div", { "class": "legend-group", "data-section": section.key });
    box.appendChild(el("h3", null, section.title));
    const ul = el("ul");
    section.items.forEach((item) => {
      const li = el("li");
      const wide = item.sample.type === "line";
      li.appendChild(svgOf(samplePrimitives(item.sample, 0, 0, wide ? 40 : 16, 16),
                           wide ? 40 : 16, 16, "legend-sample legend-" + item.sample.type));
      li.appendChild(el("span", null, item.text));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    legend.appendChild(box);
  });
  legend.appendChild(el("p", { "class": "legend-note" },
                        t("map.size_by") + ": " + t("metric." + (legend.getAttribute("data-size-by") || "degree"))));
}

/** The map's status line (#map-status), made after the map when the page has none. */
export function statusBox(cyBox) {
  let box = document.getElementById("map-status");
  if (!box) {
    // after the map, so a status line that wraps never shifts the map under the mouse
    box = el("p", { id: "map-status", role: "status", "class": "map-status" });
    cyBox.parentNode.insertBefore(box, cyBox.nextSibling);
  }
  return box;
}
