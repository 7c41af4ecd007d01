/*
 * The geographic view (issue 16): the area's network at its places, drawn with Leaflet
 * (a <script type="module">).
 *
 * The page (templates/geo.html) already holds the same data as tables — the map's
 * accessible twin; this script only adds the picture.  It loads Leaflet and its
 * stylesheet through the /vendor whitelist (web/vendor.py), fetches the page's JSON twin
 * (/api/areas/<id>/geo with the same filters), and draws each place as a circle coloured
 * by sector and each link as a line styled by kind — the network map's own Okabe–Ito
 * palette and link styles, imported from static/js/lib/legend-model.mjs (one table for
 * both views).  Names reach the page only as text (textContent), never as markup.  Tiles
 * come from the page's data-tile-url (a setting; OpenStreetMap by default, a local stub
 * in the tests).  L is the global of the Leaflet bundle.
 */
import { AGGREGATE_STYLE, LINK_STYLES, SECTOR_COLOURS, UNKNOWN_COLOUR } from "./lib/legend-model.mjs";

/** A link kind's Leaflet line look: [dashArray (null: solid), colour]. */
function lineStyle(kind) {
  const style = kind === "aggregate" ? AGGREGATE_STYLE : LINK_STYLES[kind];
  if (!style) return [null, "#555555"];
  return [style.dash ? style.dash.join(" ") : null, style.colour];
}

function load(tag, attrs) {
  return new Promise((resolve, reject) => {
    const node = document.createElement(tag);
    Object.assign(node, attrs);
    node.onload = resolve;
    node.onerror = () => { reject(new Error("cannot load " + (attrs.src || attrs.href))); };
    document.head.appendChild(node);
  });
}

function text(tag, value, cls) {
  const node = document.createElement(tag);
  node.textContent = value == null ? "" : String(value);
  if (cls) node.className = cls;
  return node;
}

function popup(p) {
  const box = document.createElement("div");
  box.appendChild(text("strong", p.label));
  if (p.organisation) box.appendChild(text("div", p.organisation));
  if (p.address) box.appendChild(text("div", p.address));
  return box;
}

function draw(box, data) {
  const map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer(box.dataset.tileUrl, {
    maxZoom: 18, attribution: box.dataset.attribution,
  }).addTo(map);
  const byId = {};
  data.places.forEach((p) => { byId[p.id] = p; });
  data.links.forEach((l) => {
    const a = byId[l.source], b = byId[l.target];
    if (!a || !b) return;
    const [dash, colour] = lineStyle(l.kind);
    const v = l.volume || l.count || 0;
    const line = L.polyline([[a.lat, a.lon], [b.lat, b.lon]], {
      color: colour, dashArray: dash, opacity: 0.75,
      weight: v > 0 ? Math.min(7, 1.5 + 1.5 * Math.log10(1 + v)) : 1.5,
    }).addTo(map);
    line.bindTooltip(text("span", a.label + " → " + b.label));
  });
  const bounds = [];
  data.places.forEach((p) => {
    const marker = L.circleMarker([p.lat, p.lon], {
      radius: p.kind === "area" ? 11 : (p.kind === "role" ? 4 : 7),
      fillColor: SECTOR_COLOURS[p.sector] || UNKNOWN_COLOUR, fillOpacity: 0.9,
      color: "#333333", weight: 1, className: "geo-place geo-" + p.kind,
    }).addTo(map);
    marker.bindPopup(popup(p));
    marker.bindTooltip(text("span", p.label));
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
  } else {
    map.setView([64.5, 26.0], 5);  // Finland
  }
  box.dataset.places = String(data.places.length);
  box.dataset.links = String(data.links.length);
  box.dataset.ready = "1";
}

async function start(box) {
  try {
    await Promise.all([
      load("link", { rel: "stylesheet", href: "/vendor/leaflet.css" }),
      load("link", { rel: "stylesheet", href: "/static/css/geo.css" }),
      window.L ? Promise.resolve() : load("script", { src: "/vendor/leaflet.js" }),
    ]);
    const r = await fetch(box.dataset.geoUrl, { headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error("HTTP " + r.status);
    draw(box, await r.json());
  } catch (err) {
    box.dataset.error = String((err && err.message) || err);
    box.classList.add("geo-failed");
  }
}

const box = document.getElementById("geo-map");
if (box) start(box);
