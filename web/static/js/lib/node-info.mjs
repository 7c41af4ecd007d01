/**
 * What the map's info panel (#node-info) says about a clicked node or link: rows of
 * [catalogue key, text] and the profile page a node links to.  Pure: the words come
 * from the translator passed in (lib/i18n.mjs), so this is tested with `node --test`
 * (tests/js/); map/panel.mjs writes the rows into the page as text.
 */

const given = (value) => value !== null && value !== undefined && value !== "";

/** The profile page of a node: a unit's or role's page, an area's map; null for others. */
export function profileHref(d) {
  if (d.kind === "unit") return "/units/" + encodeURIComponent(d.id);
  if (d.kind === "role") return "/roles/" + encodeURIComponent(d.id);
  if (d.kind === "stub") return "/areas/" + encodeURIComponent(d.area || String(d.id).replace(/^stub:/, ""));
  if (d.kind === "area") return "/areas/" + encodeURIComponent(d.id);
  return null;
}

/** Rows [key, text] for a node's data; words = {enumLabel, fmt}.  Empty values are left out. */
export function nodeRows(d, { enumLabel, fmt }) {
  const rows = [];
  const row = (key, value) => { if (given(value)) rows.push([key, value]); };
  if (d.kind === "unit") row("col.kind", enumLabel("unit_type", d.type));
  else row("col.kind", enumLabel("node_kind", d.kind));
  row("col.organisation", d.organisation_name || d.organisation);
  row("col.sector", enumLabel("sector", d.sector));
  row("col.level", enumLabel("level", d.level));
  if (d.kind === "unit" || d.kind === "role") {
    row("metric.degree", fmt(d.degree));
    row("metric.betweenness", fmt(d.betweenness));
    row("metric.in_volume", fmt(d.in_volume));
    if (d.capacity !== null && d.capacity !== undefined) row(["col.capacity", "unit.capacity"], fmt(d.capacity));
  }
  if (d.count !== null && d.count !== undefined) row("col.count", fmt(d.count));
  return rows;
}

/** Rows [key, text] for a link's data: kind (and a suggestion's kind), volume,
 *  frequency, count, and a note when the link is known only from cases. */
export function edgeRows(d, { enumLabel, fmt, t }) {
  const rows = [];
  const row = (key, value) => { if (given(value)) rows.push([key, value]); };
  const number = (v) => (v === null || v === undefined ? "" : fmt(v));
  row("col.link_kind", enumLabel("kind", d.kind) +
      (d.suggested_kind ? " (" + enumLabel("kind", d.suggested_kind) + ")" : ""));
  row("col.volume", number(d.volume));
  row("col.frequency", enumLabel("frequency", d.frequency));
  row("col.count", number(d.count));
  if (d.structural === false && d.kind !== "suggested") row("col.note", t("link.case_only"));
  return rows;
}
