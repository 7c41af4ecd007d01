/*
 * The geographic view (issue 16): the area's network at its places, drawn with Leaflet.
 *
 * The page (templates/geo.html) already holds the same data as tables — the map's
 * accessible twin; this script only adds the picture.  It loads Leaflet and its
 * stylesheet through the /vendor whitelist (web/vendor.py), fetches the page's JSON twin
 * (/api/areas/<id>/geo with the same filters), and draws each place as a circle coloured
 * by sector — the network map's own Okabe–Ito palette, imported from
 * static/js/lib/legend-model.mjs (one palette for both views) — and each link as a line
 * styled by kind.  Names reach the
 * page only as text (textContent), never as markup.  Tiles come from the page's
 * data-tile-url (a setting; OpenStreetMap by default, a local stub in the tests).
 */
(function () {
  "use strict";

  // filled from lib/legend-model.mjs before the first draw (see start())
  var SECTOR_COLOURS = {};
  var UNKNOWN_COLOUR = null;
  // kind → [dash pattern (null: solid), colour]; as map.js LINK_STYLES
  var LINK_STYLES = {
    refers: [null, "#333333"], consults: ["6 4", "#333333"], works_with: [null, "#777777"],
    co_located: ["2 4", "#777777"], outreach: ["6 4", "#555555"], contact: ["2 4", "#555555"],
    member: ["2 4", "#999999"], informs: ["6 4", "#777777"], aggregate: [null, "#555555"]
  };

  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
      el.onload = resolve;
      el.onerror = function () { reject(new Error("cannot load " + (attrs.src || attrs.href))); };
      document.head.appendChild(el);
    });
  }

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value == null ? "" : String(value);
    if (cls) el.className = cls;
    return el;
  }

  function popup(p) {
    var box = document.createElement("div");
    box.appendChild(text("strong", p.label));
    if (p.organisation) box.appendChild(text("div", p.organisation));
    if (p.address) box.appendChild(text("div", p.address));
    return box;
  }

  function draw(el, data) {
    var map = L.map(el, { scrollWheelZoom: false });
    L.tileLayer(el.dataset.tileUrl, {
      maxZoom: 18, attribution: el.dataset.attribution
    }).addTo(map);
    var byId = {};
    data.places.forEach(function (p) { byId[p.id] = p; });
    data.links.forEach(function (l) {
      var a = byId[l.source], b = byId[l.target];
      if (!a || !b) return;
      var style = LINK_STYLES[l.kind] || [null, "#555555"];
      var v = l.volume || l.count || 0;
      var line = L.polyline([[a.lat, a.lon], [b.lat, b.lon]], {
        color: style[1], dashArray: style[0], opacity: 0.75,
        weight: v > 0 ? Math.min(7, 1.5 + 1.5 * Math.log10(1 + v)) : 1.5
      }).addTo(map);
      line.bindTooltip(text("span", a.label + " → " + b.label));
    });
    var bounds = [];
    data.places.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: p.kind === "area" ? 11 : (p.kind === "role" ? 4 : 7),
        fillColor: SECTOR_COLOURS[p.sector] || UNKNOWN_COLOUR, fillOpacity: 0.9,
        color: "#333333", weight: 1, className: "geo-place geo-" + p.kind
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
    el.dataset.places = String(data.places.length);
    el.dataset.links = String(data.links.length);
    el.dataset.ready = "1";
  }

  function start() {
    var el = document.getElementById("geo-map");
    if (!el) return;
    Promise.all([
      load("link", { rel: "stylesheet", href: "/vendor/leaflet.css" }),
      load("link", { rel: "stylesheet", href: "/static/css/geo.css" }),
      window.L ? Promise.resolve() : load("script", { src: "/vendor/leaflet.js" }),
      import("/static/js/lib/legend-model.mjs").then(function (m) {
        SECTOR_COLOURS = m.SECTOR_COLOURS;
        UNKNOWN_COLOUR = m.UNKNOWN_COLOUR;
      })
    ]).then(function () {
      return fetch(el.dataset.geoUrl, { headers: { Accept: "application/json" } });
    }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) { draw(el, data); })
      .catch(function (err) {
        el.dataset.error = String(err && err.message || err);
        el.classList.add("geo-failed");
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
