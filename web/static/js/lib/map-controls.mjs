/**
 * The map page's controls as address and API parameters: what the graph API is asked
 * for, what the address keeps so a view can be reloaded and shared, and what a shared
 * address asks of the controls.  The names are the ones the form itself submits without
 * JavaScript (docs/web-contract.md, "Map page DOM"), so the server reads the same.
 * Pure (no DOM): tested with `node --test` (tests/js/); map/page.mjs reads the form.
 */

/** The checkbox filters: each a list of values, all ticked = no filter. */
export const FILTERS = ["sector", "level", "kind"];
/** Address name → the control it sets. */
export const CHECKS = { roles: "#show-roles", suggested: "#show-suggested" };
export const SELECTS = { group: "#group-by", size: "#size-by", radius: "#focus-radius" };
const DEFAULTS = { group: "none", size: "degree", radius: "1" };
const OWN = [...FILTERS, ...Object.keys(CHECKS), ...Object.keys(SELECTS), "layout"];

/** Node ids of a data-nodes / ?highlight= list (commas or spaces between). */
export function idList(text) {
  return String(text || "").split(/[,\s]+/).filter(Boolean);
}

/**
 * The graph API query for the controls' state:
 * state = {roles, suggested, filters: {sector: {all: n, on: [values]}, …}}.
 * A filter with every box ticked is left out; one with none ticked makes `empty` its
 * name (nothing can match: the map is drawn empty without asking the server).
 */
export function viewQuery(state) {
  const params = new URLSearchParams();
  params.set("roles", state.roles ? "1" : "0");
  params.set("suggested", state.suggested ? "1" : "0");
  let empty = null;
  FILTERS.forEach((name) => {
    const v = (state.filters || {})[name] || { all: 0, on: [] };
    if (v.all && !v.on.length) empty = name;
    else if (v.on.length && v.on.length < v.all) params.set(name, v.on.join(","));
  });
  return { params, empty };
}

/**
 * What an address (?sector=a,b&kind=…&roles=1&group=…) asks of the controls:
 * {filters: {name: [values]} (only the filters it names), checks: {selector: bool},
 *  selects: {selector: value}}.
 */
export function controlsFromAddress(params) {
  const filters = {};
  FILTERS.forEach((name) => {
    const wanted = params.getAll(name).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
    if (wanted.length) filters[name] = wanted;
  });
  const checks = {};
  Object.entries(CHECKS).forEach(([name, selector]) => {
    if (params.has(name)) checks[selector] = params.get(name) === "1";
  });
  const selects = {};
  Object.entries(SELECTS).forEach(([name, selector]) => {
    const v = params.get(name);
    if (v) selects[selector] = v;
  });
  return { filters, checks, selects };
}

/**
 * The address for a view: search (the current query string) without the map's own
 * names, then the view's non-default choices.  view = {query (viewQuery's params),
 * group, size, radius, layout}.
 */
export function addressFor(search, view) {
  const url = new URLSearchParams(search);
  OWN.forEach((k) => url.delete(k));
  FILTERS.forEach((k) => { if (view.query.has(k)) url.set(k, view.query.get(k)); });
  Object.keys(CHECKS).forEach((k) => { if (view.query.get(k) === "1") url.set(k, "1"); });
  Object.keys(SELECTS).forEach((k) => {
    if (view[k] !== undefined && String(view[k]) !== DEFAULTS[k]) url.set(k, String(view[k]));
  });
  if (view.layout !== 1) url.set("layout", String(view.layout));
  return url;
}

/** The layout number: the address's, else the one this browser kept, else 1. */
export function layoutNumber(fromAddress, fromStorage) {
  for (const text of [fromAddress, fromStorage]) {
    const n = parseInt(text || "", 10);
    if (n > 0) return n;
  }
  return 1;
}
