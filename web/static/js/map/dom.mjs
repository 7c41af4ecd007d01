/**
 * Small DOM helpers shared by the map, the what-if and the exports, and the page's
 * words (the catalogue base.html writes into <script id="i18n">, read once).
 *
 * Why textContent only: names come from the data and must stay text; nothing here ever
 * writes data into the page as HTML.
 */
import { formatValue, translator } from "../lib/i18n.mjs";

const SVG_NS = "http://www.w3.org/2000/svg";

let words = null;

function readWords() {
  if (!words) {
    let catalogue = {};
    const block = document.getElementById("i18n");
    if (block) {
      try { catalogue = JSON.parse(block.textContent || "{}") || {}; } catch { catalogue = {}; }
    }
    words = translator(catalogue);
  }
  return words;
}

/** The UI string for key (first key found of a list), with {name} placeholders filled. */
export function t(keys, vars) { return readWords().t(keys, vars); }

/** A translated enum value (sector, level, unit type, link kind, finding kind). */
export function enumLabel(group, value) { return readWords().enumLabel(group, value); }

/** The page's language (the map page's data-lang, else <html lang>). */
export function pageLang() {
  const node = document.querySelector("[data-lang]");
  return (node && node.getAttribute("data-lang")) || document.documentElement.lang || "fi";
}

/** A number as the page's language writes it; "–" for no value. */
export function fmt(value) { return formatValue(value, pageLang()); }

/** A new element with attributes (null/undefined left out) and text. */
export function el(tag, attrs, text) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v !== null && v !== undefined) node.setAttribute(k, v);
  });
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function clear(node) {
  while (node && node.firstChild) node.removeChild(node.firstChild);
}

/** An inline SVG drawing of primitives [{tag, attrs}] (from lib/legend-model.mjs). */
export function svgOf(primitives, w, h, cls) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("width", String(w)); svg.setAttribute("height", String(h));
  svg.setAttribute("viewBox", "0 0 " + w + " " + h);
  svg.setAttribute("aria-hidden", "true"); svg.setAttribute("class", cls);
  primitives.forEach((p) => {
    const e = document.createElementNS(SVG_NS, p.tag);
    Object.keys(p.attrs).forEach((k) => { e.setAttribute(k, String(p.attrs[k])); });
    svg.appendChild(e);
  });
  return svg;
}

/** Resolves after the browser has painted the next frame (Cytoscape draws on rAF). */
export function nextFrame() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => { requestAnimationFrame(() => { resolve(); }); });
  });
}

/** Save blob as a file named filename (a hidden link, clicked). */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: filename, "class": "visually-hidden" });
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 1000);
}
