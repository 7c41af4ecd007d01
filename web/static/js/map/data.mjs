/**
 * What the map loads: JSON from the API, and Cytoscape with its layout extension from
 * /vendor/ (web/vendor.py) when the page has not loaded them itself.
 *
 * The vendor bundles are UMD scripts that set globals (cytoscape, layoutBase, coseBase,
 * cytoscapeFcose); they are not ours, so they stay classic scripts and are read from
 * window.  Everything of our own is imported.
 */
import { t } from "./dom.mjs";

const VENDOR_MANIFEST = "/vendor/manifest.json";

/** GET (or options.method) url as JSON; a non-2xx answer rejects with an Error whose
 *  message is the answer's "error" and with .status and .body. */
export async function getJSON(url, options) {
  const r = await fetch(url, Object.assign({ credentials: "same-origin",
                                             headers: { "Accept": "application/json" } }, options || {}));
  const body = await r.json().catch(() => ({}));
  if (!r.ok) {
    const err = new Error(body.error || (r.status + " " + r.statusText));
    err.status = r.status; err.body = body;
    throw err;
  }
  return body;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.async = false;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error("could not load " + src));
    document.head.appendChild(s);
  });
}

async function loadManifestScripts() {
  const r = await fetch(VENDOR_MANIFEST, { credentials: "same-origin" });
  if (!r.ok) throw new Error(t("map.load_error"));
  const manifest = await r.json();
  for (const name of manifest.scripts) {
    const global = manifest.globals && manifest.globals[name];
    if (!(global && window[global])) await loadScript("/vendor/" + encodeURIComponent(name));
  }
}

let vendorReady = null;

/** Cytoscape with fcose registered (loaded from /vendor/ unless the page already did). */
export function loadVendor() {
  if (!vendorReady) {
    const loaded = window.cytoscape && window.cytoscapeFcose ? Promise.resolve() : loadManifestScripts();
    vendorReady = loaded.then(() => {
      const cy = window.cytoscape;
      // the UMD bundles register themselves when they find the global; only fill gaps
      if (window.cytoscapeFcose && !cy("layout", "fcose")) cy.use(window.cytoscapeFcose);
      return cy;
    });
  }
  return vendorReady;
}
