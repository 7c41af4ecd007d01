/*
 * graphmap area map: draws /api/areas/<id>/graph with Cytoscape.js + fcose and drives
 * the controls of the map page (docs/web-contract.md, "Map page DOM").
 *
 * Why this shape: the server owns every fact and metric (filters refetch so metrics are
 * recomputed on what is visible); this file only turns the Cytoscape elements JSON into
 * a picture, keeps the DOM ids of the contract, and never writes data into the page as
 * HTML (textContent only; Cytoscape draws labels on a canvas, so a unit called
 * "<img src=x onerror=…>" stays text).  No build step: one IIFE that exposes
 * window.graphmap (shared with whatif.js) and boots itself on #map-page.
 *
 * Colours are the Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008, "Color
 * Universal Design"); sector is never shown by colour alone (the node table and the
 * info panel name it).
 *
 * Hooks for tests and benchmarks: #map-page[data-state] is "loading", "ready" (drawn,
 * laid out and painted) or "error"; window.graphmapCy is the Cytoscape instance;
 * window.graphmapMap holds lastUrl (the graph JSON asked for), timings, focus(id),
 * highlight(ids) and render().
 */
(function () {
  "use strict";

  var VENDOR_MANIFEST = "/vendor/manifest.json";
  var CYTOSCAPE_STYLESHEET_ID = "__________cytoscape_stylesheet";

  // ------------------------------------------------------------------ i18n
  var catalogue = null;

  function readCatalogue() {
    if (catalogue) return catalogue;
    var block = document.getElementById("i18n");
    catalogue = {};
    if (block) {
      try { catalogue = JSON.parse(block.textContent || "{}") || {}; } catch (e) { catalogue = {}; }
    }
    return catalogue;
  }

  function pageLang() {
    var el = document.querySelector("[data-lang]");
    return (el && el.getAttribute("data-lang")) || document.documentElement.lang || "fi";
  }

  /** The UI string for key (first key found of a list), with {name} placeholders filled. */
  function t(keys, vars) {
    var cat = readCatalogue();
    var list = Array.isArray(keys) ? keys : [keys];
    var text = null;
    for (var i = 0; i < list.length && text === null; i++) {
      if (Object.prototype.hasOwnProperty.call(cat, list[i])) text = String(cat[list[i]]);
    }
    if (text === null) text = list[0];
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, function (m, name) {
        return Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : m;
      });
    }
    return text;
  }

  /** A translated enum value (sector, level, unit type, link kind, finding kind). */
  function enumLabel(group, value) {
    if (value === null || value === undefined || value === "") return "";
    var key = group + "." + value;
    var text = t([key, group + "s." + value, "enum." + key]);
    return text === key ? String(value) : text;
  }

  // --------------------------------------------------------------- helpers
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
      });
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node && node.firstChild) node.removeChild(node.firstChild);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.async = false;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  /** Resolves after the browser has painted the next frame (Cytoscape draws on rAF). */
  function nextFrame() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () { requestAnimationFrame(function () { resolve(); }); });
    });
  }

  var vendorReady = null;
  /** The ES modules of web/static/js/lib/, filled by loadVendor(). */
  var mods = { labels: null, legend: null, seed: null };
  var SVG_EXPORT_SCRIPT = "/static/js/svg-export.js";

  /** Load Cytoscape and its extensions from /vendor/ unless the page already did. */
  function loadVendor() {
    if (vendorReady) return vendorReady;
    var chain;
    if (window.cytoscape && window.cytoscapeFcose) {
      chain = Promise.resolve();
    } else {
      chain = fetch(VENDOR_MANIFEST, { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) throw new Error(t("map.load_error"));
          return r.json();
        })
        .then(function (manifest) {
          return manifest.scripts.reduce(function (p, name) {
            var global = manifest.globals && manifest.globals[name];
            if (global && window[global]) return p;
            return p.then(function () { return loadScript("/vendor/" + encodeURIComponent(name)); });
          }, Promise.resolve());
        });
    }
    // our own SVG exporter (MIT, like graphmap; the npm cytoscape-svg is GPL-3.0)
    chain = chain.then(function () {
      return window.graphmapSvgExport ? null : loadScript(SVG_EXPORT_SCRIPT);
    });
    // the pure parts (label fitting, legend model, layout seed) are ES modules
    chain = chain.then(function () {
      return Promise.all([import("/static/js/lib/labels.mjs"), import("/static/js/lib/legend-model.mjs"),
                          import("/static/js/lib/layout-seed.mjs")]);
    }).then(function (m) { mods.labels = m[0]; mods.legend = m[1]; mods.seed = m[2]; });
    vendorReady = chain.then(function () {
      var cy = window.cytoscape;
      // the UMD bundles register themselves when they find the global; only fill gaps
      if (window.cytoscapeFcose && !cy("layout", "fcose")) cy.use(window.cytoscapeFcose);
      return cy;
    });
    return vendorReady;
  }

  function getJSON(url, options) {
    return fetch(url, Object.assign({ credentials: "same-origin",
                                      headers: { "Accept": "application/json" } }, options || {}))
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          if (!r.ok) {
            var err = new Error(body.error || (r.status + " " + r.statusText));
            err.status = r.status; err.body = body;
            throw err;
          }
          return body;
        });
      });
  }

  // ---------------------------------------------------------------- visual encodings
  // Colours, shapes, dash patterns and arrowheads live in lib/legend-model.mjs (one table
  // for the map, its legend and the exports).
  var METRICS = ["degree", "betweenness", "in_volume"];
  var MANY_EDGES = 400, MANY_NODES = 150;
  var UPDATING_RETRY_MS = 1500;
  var GATEWAY_KINDS = ["gateway", "bridge", "overload", "key_person"];
  var ISOLATED_KINDS = ["isolated", "level_disconnected", "no_contact"];
  // labels keep this size on screen at every zoom (model size = LABEL_PX / zoom), so
  // zooming in frees room and more labels appear: the level of detail follows the zoom
  var LABEL_PX = 12;

  function edgeWidth(d) {
    var v = d.volume || d.count || 0;
    return v > 0 ? Math.min(9, 1.5 + 2 * Math.log10(1 + v)) : 1.5;
  }

  function stylesheet(fontSize) {
    var L = mods.legend, fs = fontSize || 11;
    var s = [
      { selector: "node", style: {
        "background-color": "data(_colour)", "shape": "data(_shape)",
        "width": "data(_size)", "height": "data(_size)",
        "label": "data(_label)", "font-size": fs, "color": "#1a1a1a",
        "text-valign": "bottom", "text-halign": "center", "text-margin-y": 3,
        "text-wrap": "wrap", "text-max-width": "1000px", "line-height": 1.1,
        "text-outline-color": "#ffffff", "text-outline-width": 2,
        "text-background-color": "#ffffff", "text-background-opacity": 0.75,
        "text-background-padding": "1px",
        "border-width": 1, "border-color": "#333333" } },
      // big views: labels appear on zooming in, so the first draw stays fast and legible
      { selector: "node.role", style: { "font-size": fs * 0.9, "border-style": "dotted" } },
      { selector: "node.stub", style: {
        "background-color": "#ffffff", "border-style": "dashed", "border-width": 2,
        "border-color": "#555555", "text-valign": "center", "text-margin-y": 0,
        "width": "data(_w)", "height": 24 } },
      { selector: "node.area", style: { "text-valign": "center", "text-margin-y": 0 } },
      { selector: "node.group", style: {
        "background-color": "#f2f2f2", "background-opacity": 0.7, "shape": "round-rectangle",
        "border-color": "#8a8a8a", "border-width": 1, "padding": "14px",
        "label": "data(label)", "text-valign": "top", "text-halign": "center",
        "font-size": fs * 1.1, "font-weight": "bold", "color": "#333333", "text-margin-y": -4,
        "text-wrap": "wrap" } },
      { selector: "node.finding-gateway", style: {
        "border-width": 5, "border-color": "#000000", "border-style": "double" } },
      { selector: "node.finding-isolated", style: {
        "border-width": 4, "border-color": L.LOST_COLOUR, "border-style": "dashed" } },
      { selector: "edge", style: {
        "width": "data(_width)", "curve-style": "bezier", "line-color": "#555555",
        "target-arrow-color": "#555555", "arrow-scale": 0.9, "opacity": 0.85 } }
    ];
    // per link kind, before the classes below so ghost/lost/stub styles win
    Object.keys(L.LINK_STYLES).forEach(function (kind) {
      var st = L.LINK_STYLES[kind];
      var style = { "line-style": st.dash ? "dashed" : "solid", "target-arrow-shape": st.arrow,
                    "line-color": st.colour, "target-arrow-color": st.colour };
      if (st.dash) style["line-dash-pattern"] = st.dash;
      s.push({ selector: 'edge[kind = "' + kind + '"]', style: style });
    });
    return s.concat([
      // big views: straight edges skip bezier bundling (arrows stay, direction matters)
      { selector: "edge.many", style: { "curve-style": "straight" } },
      { selector: "edge.stub", style: { "line-style": "dotted", "line-color": "#888888",
                                        "target-arrow-shape": "none" } },
      { selector: "edge.aggregate", style: {
        "label": "data(count)", "font-size": 9, "text-background-color": "#ffffff",
        "text-background-opacity": 0.9, "text-background-padding": "1px" } },
      { selector: "edge.ghost", style: {
        "line-style": "dashed", "line-dash-pattern": L.SUGGESTED_STYLE.dash, "line-color": L.GHOST_COLOUR,
        "target-arrow-shape": "none", "opacity": 0.75, "width": 2 } },
      { selector: "edge.lost", style: {
        "line-style": "dashed", "line-color": L.LOST_COLOUR, "target-arrow-color": L.LOST_COLOUR,
        "width": 3, "opacity": 1 } },
      // labels the fitting pass moves above or beside their node, or leaves out
      { selector: "node.lbl-top", style: { "text-valign": "top", "text-margin-y": -3 } },
      { selector: "node.lbl-right", style: { "text-valign": "center", "text-halign": "right",
                                             "text-margin-y": 0, "text-margin-x": 3,
                                             "text-justification": "left" } },
      { selector: "node.lbl-left", style: { "text-valign": "center", "text-halign": "left",
                                            "text-margin-y": 0, "text-margin-x": -3,
                                            "text-justification": "right" } },
      { selector: "node.nolabel", style: { "label": "" } },
      // the full name of a focused or hovered node, above the others
      { selector: "node.focused, node.hover", style: {
        "label": "data(_full)", "text-background-color": "#ffffff", "text-background-opacity": 0.92,
        "text-background-padding": "2px", "text-background-shape": "round-rectangle",
        "z-index": 40, "font-weight": "bold" } },
      { selector: ".faded", style: { "opacity": 0.15, "text-opacity": 0.1 } },
      { selector: "node.group.faded", style: { "opacity": 0.4, "text-opacity": 0.5 } },
      { selector: ".dimmed", style: { "opacity": 0.35 } },
      { selector: "node.highlighted", style: {
        "underlay-color": "#000000", "underlay-padding": 7, "underlay-opacity": 0.35,
        "underlay-shape": "ellipse", "border-width": 4, "border-color": "#000000",
        "z-index": 20 } },
      { selector: "node.focused", style: {
        "underlay-color": "#0072B2", "underlay-padding": 8, "underlay-opacity": 0.4,
        "z-index": 30 } },
      { selector: "node.removed", style: {
        "background-color": "#ffffff", "border-style": "dashed", "border-color": L.LOST_COLOUR,
        "border-width": 3, "opacity": 0.7 } },
      { selector: "node.new-isolated", style: {
        "border-width": 5, "border-color": L.LOST_COLOUR, "border-style": "double" } },
      { selector: "node.new-gateway", style: {
        "border-width": 5, "border-color": "#000000", "border-style": "double" } }
    ]);
  }

  // ---------------------------------------------------------------- elements
  /** Node diameter by a metric: area ∝ value (sqrt scale) between 20 and 66 px over the
   *  values drawn, roles smaller; all equal values give one middle size. */
  function sizer(datas, sizeBy) {
    var metric = METRICS.indexOf(sizeBy) >= 0 ? sizeBy : "degree";
    var values = datas.map(function (d) { return Number(d[metric]) || 0; });
    var lo = Math.min.apply(null, values.concat([0]));
    var hi = Math.max.apply(null, values.concat([0]));
    return function (d) {
      var v = Number(d[metric]) || 0;
      var size = 20 + 46 * (hi > lo ? Math.sqrt((v - lo) / (hi - lo)) : 0.4);
      return Math.round(d.kind === "role" ? size * 0.65 : size);
    };
  }

  /** Cytoscape elements for the API answer: encodings precomputed into data fields
   *  (cheaper than style functions on 1,000 elements) and compound group nodes added. */
  function buildElements(graph, opts) {
    var groupBy = opts.groupBy || "none";
    var sizeOf = sizer(graph.nodes.map(function (n) { return n.data; }), opts.sizeBy);
    var groups = {};
    var manyNodes = graph.nodes.length > MANY_NODES || graph.edges.length > MANY_EDGES;
    var L = mods.legend, LB = mods.labels;
    // a ", tail" many names share (the area, already in the page title) is left out
    var shorts = LB.shortLabels(graph.nodes.map(function (n) { return String(n.data.label || n.data.id); }));
    var nodes = graph.nodes.map(function (n) {
      var d = Object.assign({}, n.data);
      var full = String(d.label || d.id);
      d._size = sizeOf(d);
      d._label = d.kind === "stub" ? LB.wrapLabel(full, { width: 24, lines: 1 })
        : LB.wrapLabel(shorts.get(full) || full, { width: 18, lines: 2 });
      d._full = LB.wrapLabel(full, { width: 30, lines: 4 });
      if (d.kind === "stub") d._w = Math.min(220, 16 + 6.5 * d._label.length);
      d._shape = L.shapeOf(d);
      d._colour = d.kind === "stub" ? "#ffffff"
        : d.kind === "area" ? L.AREA_COLOUR
        : (L.SECTOR_COLOURS[d.sector] || L.UNKNOWN_COLOUR);
      var classes = [n.classes || "", d.kind || "", manyNodes ? "many" : ""];
      (d.findings || []).forEach(function (k) {
        classes.push("finding-" + k);
        if (GATEWAY_KINDS.indexOf(k) >= 0) classes.push("finding-gateway");
        if (ISOLATED_KINDS.indexOf(k) >= 0) classes.push("finding-isolated");
      });
      if (d.kind === "unit" || d.kind === "role") {
        var key = null, label = null;
        if (groupBy === "organisation" && d.organisation) {
          key = "org:" + d.organisation; label = d.organisation_name || d.organisation;
        } else if (groupBy === "level" && d.level) {
          key = "level:" + d.level; label = enumLabel("level", d.level);
        }
        if (key) {
          groups[key] = LB.wrapLabel(label, { width: 34, lines: 2 });
          d.parent = "group:" + key;
        }
      }
      return { group: "nodes", data: d, classes: classes.join(" ").trim() };
    });
    Object.keys(groups).forEach(function (key) {
      nodes.push({ group: "nodes", classes: "group",
                   data: { id: "group:" + key, label: groups[key], _label: groups[key], _full: groups[key], kind: "group",
                           _colour: "#f2f2f2", _shape: "round-rectangle", _size: 10 } });
    });
    var many = graph.edges.length > MANY_EDGES;
    var edges = graph.edges.map(function (e) {
      var d = Object.assign({}, e.data);
      d._width = edgeWidth(d);
      var classes = [e.classes || ""];
      if (many) classes.push("many");
      if (d.kind === "suggested") classes.push("ghost");
      if (graph.aggregate) classes.push("aggregate");
      return { group: "edges", data: d, classes: classes.join(" ").trim() };
    });
    return nodes.concat(edges);
  }

  /** fcose's effort scaled to the view: the spectral start plus the full force-directed
   *  polish (2,500 iterations) for small maps; fewer iterations from 600 elements and the
   *  spectral draft alone from 2,500 (benchmarks/bench_browser.py: ≤ 2 s for 1,000). */
  function runLayout(cy, seed) {
    var n = cy.nodes().length, size = n + cy.edges().length;
    var hasFcose = !!window.cytoscapeFcose;
    var options = hasFcose ? {
      name: "fcose", quality: (size > 2500 || n > 800) ? "draft" : "default", randomize: true,
      // room for the labels in the layout itself (small maps: the label pass then has
      // little to leave out); big maps keep the faster node-only sizes
      animate: false, fit: true, padding: 30, nodeDimensionsIncludeLabels: n <= MANY_NODES,
      idealEdgeLength: 110, nodeRepulsion: 9000, packComponents: true,
      numIter: size > 600 ? 1000 : 2500
    } : { name: "cose", animate: false, fit: true, padding: 30 };
    return new Promise(function (resolve) {
      var layout = cy.layout(options);
      layout.one("layoutstop", function () { resolve(); });
      // fcose draws its start from Math.random: seeded, the same network and seed give
      // the same picture on every load (lib/layout-seed.mjs)
      // fcose keeps state from one run to the next in module constants: the ideal edge
      // length of the LAST run is read before this run sets its own, and layout-base's
      // RandomSeed counter goes on counting.  Set both as a run leaves them, so the
      // first draw and every redraw of the same network give the same picture.
      var base = window.layoutBase, cose = window.coseBase;
      if (base && base.RandomSeed) { base.RandomSeed.seed = 1; base.RandomSeed.x = 0; }
      if (hasFcose && base && base.FDLayoutConstants && cose && cose.CoSEConstants) {
        [base.LayoutConstants, base.FDLayoutConstants, cose.CoSEConstants].forEach(function (c) {
          c.NODE_DIMENSIONS_INCLUDE_LABELS = options.nodeDimensionsIncludeLabels;
          c.DEFAULT_INCREMENTAL = true;  // fcose's own setting after its first run
          c.ANIMATE = false;
        });
        [base.FDLayoutConstants, cose.CoSEConstants].forEach(function (c) {
          c.DEFAULT_EDGE_LENGTH = options.idealEdgeLength;
          c.MIN_REPULSION_DIST = options.idealEdgeLength / 10;
          c.DEFAULT_GRAVITY_STRENGTH = 0.25;  // fcose's default gravity
        });
        cose.CoSEConstants.DEFAULT_RADIAL_SEPARATION = options.idealEdgeLength;
        base.LayoutConstants.QUALITY = 0;
      }
      mods.seed.withSeededRandom(seed >>> 0, function () { layout.run(); });
    });
  }

  /**
   * A map view: a Cytoscape instance in container with the graphmap styles.
   * render(graph, opts) replaces the elements and lays them out (returns a Promise).
   */
  function createMap(container) {
    return loadVendor().then(function (cytoscape) {
      // Cytoscape injects a <style> for its container unless an element with this id
      // exists; the strict CSP forbids inline styles, and app.css carries the rule.
      if (!document.getElementById(CYTOSCAPE_STYLESHEET_ID)) {
        document.head.appendChild(el("meta", { id: CYTOSCAPE_STYLESHEET_ID,
                                               name: "cytoscape-container-style",
                                               content: "static/css/app.css" }));
      }
      var cy = cytoscape({
        container: container, style: stylesheet(LABEL_PX), elements: [],
        minZoom: 0.1, maxZoom: 4, boxSelectionEnabled: false, selectionType: "single"
      });
      var view = {
        cy: cy, graph: null, fontSize: LABEL_PX, labelZoom: null,
        render: function (graph, opts) {
          var t0 = performance.now(), t1, t2;
          view.graph = graph;
          // the layout makes room for labels: measure them at the base size, as on a
          // first load, so the same network always gives the same picture
          if (view.fontSize !== LABEL_PX) { view.fontSize = LABEL_PX; cy.style(stylesheet(LABEL_PX)); }
          cy.startBatch();
          cy.elements().remove();
          cy.viewport({ zoom: 1, pan: { x: 0, y: 0 } });  // as on a first load, likewise
          cy.add(buildElements(graph, opts || {}));
          cy.endBatch();
          // sizes and labels must be styled before fcose reads them (a stylesheet set
          // just before is applied lazily otherwise, and the nodes would count as 30 px)
          cy.elements().updateStyle();
          // the page around the map may have moved since the last draw; Cytoscape caches
          // its container's offset for mouse hits, so renew it
          cy.resize();
          t1 = performance.now();
          var seed = mods.seed.layoutSeed((graph.area && graph.area.id) || "", (opts || {}).layout,
                                          (opts || {}).groupBy);
          return runLayout(cy, seed).then(function () {
            t2 = performance.now(); view.fitLabels(true); return nextFrame();
          })
            .then(function () {
              view.timings = { addMs: t1 - t0, layoutMs: t2 - t1, frameMs: performance.now() - t2 };
            });
        },
        /** Size the nodes by another metric, keeping the layout. */
        resize: function (sizeBy) {
          var nodes = cy.nodes().not(".group");
          var sizeOf = sizer(nodes.map(function (n) { return n.data(); }), sizeBy);
          cy.batch(function () { nodes.forEach(function (n) { n.data("_size", sizeOf(n.data())); }); });
        },
        /**
         * Label fitting for the current zoom: labels keep LABEL_PX on screen, and the
         * labels that would overlap a more important one (bigger node; the focused,
         * hovered and highlighted first) are left out until the user zooms in.
         */
        fitLabels: function (force, whole) {
          var z = cy.zoom();
          if (!force && view.labelZoom && Math.abs(z / view.labelZoom - 1) < 0.05) return;
          view.labelZoom = z;
          var fs = Math.max(4, Math.min(48, LABEL_PX / z));
          cy.startBatch();
          if (Math.abs(fs - view.fontSize) > 0.01) { view.fontSize = fs; cy.style(stylesheet(fs)); }
          cy.nodes().removeClass("nolabel lbl-top lbl-right lbl-left");
          cy.endBatch();
          var bbOpts = { includeNodes: false, includeEdges: false, includeLabels: true,
                         includeOverlays: false, includeUnderlays: false };
          var bodyOpts = { includeNodes: true, includeEdges: false, includeLabels: false,
                           includeOverlays: false, includeUnderlays: false };
          var items = cy.nodes().map(function (n) {
            var d = n.data(), box = n.boundingBox(bbOpts);
            var movable = d.kind === "unit" || d.kind === "role";
            return { id: n.id(), box: box,
                     places: movable ? mods.labels.otherPlaces(box, n.boundingBox(bodyOpts), 3) : [],
                     force: n.hasClass("focused") || n.hasClass("hover"),
                     priority: (d.kind === "group" ? 1e6 : 0) + (n.hasClass("highlighted") ? 1e5 : 0)
                       + (d.kind === "stub" || d.kind === "area" ? 500 : 0) + (d._size || 0)
                       + (Number(d.degree) || 0) / 1000 };
          });
          // a label may cross the rim of another node, not its middle half
          var obstacles = cy.nodes().not(".group").map(function (n) {
            var b = n.boundingBox(bodyOpts), qx = b.w / 4, qy = b.h / 4;
            return { id: n.id(), box: { x1: b.x1 + qx, x2: b.x2 - qx, y1: b.y1 + qy, y2: b.y2 - qy } };
          });
          // the five biggest nodes keep a label even across another node's rim
          var ranked = items.filter(function (it) { return it.places.length; })
            .sort(function (a, b) { return b.priority - a.priority; });
          ranked.slice(0, 5).forEach(function (it) { it.important = true; });
          var keep = mods.labels.visibleLabels(items, { obstacles: obstacles,
                                                          bounds: whole ? null : cy.extent() });
          cy.batch(function () {
            cy.nodes().forEach(function (n) {
              var place = keep.get(n.id());
              if (!place) n.addClass("nolabel");
              else if (place !== "bottom") n.addClass("lbl-" + place);
            });
          });
          view.labelsShown = keep.size;
        },
        /** Nodes that stand for data (not the client-side group boxes). */
        dataNodes: function () { return cy.nodes().not(".group"); }
      };
      var pendingFit = null;
      cy.on("zoom", function () {
        if (pendingFit) return;
        pendingFit = requestAnimationFrame(function () { pendingFit = null; view.fitLabels(false); });
      });
      cy.on("mouseover", "node", function (ev) {
        if (ev.target.hasClass("group")) return;
        ev.target.addClass("hover"); ev.target.removeClass("nolabel");
        container.setAttribute("title", String(ev.target.data("label") || ""));
      });
      cy.on("mouseout", "node", function (ev) {
        ev.target.removeClass("hover");
        container.removeAttribute("title");
        view.fitLabels(true);
      });
      return view;
    });
  }

  // ---------------------------------------------------------------- legend
  var SVG_NS = "http://www.w3.org/2000/svg";

  /** An inline SVG drawing of primitives [{tag, attrs}] (from lib/legend-model.mjs). */
  function svgOf(primitives, w, h, cls) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", String(w)); svg.setAttribute("height", String(h));
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("aria-hidden", "true"); svg.setAttribute("class", cls);
    primitives.forEach(function (p) {
      var e = document.createElementNS(SVG_NS, p.tag);
      Object.keys(p.attrs).forEach(function (k) { e.setAttribute(k, String(p.attrs[k])); });
      svg.appendChild(e);
    });
    return svg;
  }

  var LEGEND_TITLES = { sector: "map.sector", type: "unit.type", kind: "map.kind", findings: "col.findings" };

  /** The legend of a graph answer as text: [{title, items: [{text, sample}]}] — the
   *  model of lib/legend-model.mjs with its words translated (page and exports share it). */
  function legendSections(graph) {
    return mods.legend.legendModel(graph).map(function (section) {
      return { title: t(LEGEND_TITLES[section.key]), key: section.key,
               items: section.items.map(function (item) {
                 return { text: item.value === null ? t(item.key) : enumLabel(item.key, item.value),
                          sample: item.sample };
               }) };
    });
  }

  function fillLegend(legend, graph) {
    if (!legend || legend.getAttribute("data-static") === "1" || !mods.legend) return;
    clear(legend);
    legend.appendChild(el("h2", null, t("map.legend")));
    legendSections(graph).forEach(function (section) {
      var box = el("div", { "class": "legend-group", "data-section": section.key });
      box.appendChild(el("h3", null, section.title));
      var ul = el("ul");
      section.items.forEach(function (item) {
        var li = el("li");
        var wide = item.sample.type === "line";
        li.appendChild(svgOf(mods.legend.samplePrimitives(item.sample, 0, 0, wide ? 40 : 16, 16),
                             wide ? 40 : 16, 16, "legend-sample legend-" + item.sample.type));
        li.appendChild(el("span", null, item.text));
        ul.appendChild(li);
      });
      box.appendChild(ul);
      legend.appendChild(box);
    });
    legend.appendChild(el("p", { "class": "legend-note" }, t("map.size_by") + ": " + t("metric." + (legend.getAttribute("data-size-by") || "degree"))));
  }

  // ---------------------------------------------------------------- node info
  function fmt(value) {
    if (value === null || value === undefined || value === "") return "–";
    if (typeof value === "number" && !Number.isInteger(value)) {
      return new Intl.NumberFormat(pageLang(), { maximumFractionDigits: 3 }).format(value);
    }
    return String(value);
  }

  function profileHref(d) {
    if (d.kind === "unit") return "/units/" + encodeURIComponent(d.id);
    if (d.kind === "role") return "/roles/" + encodeURIComponent(d.id);
    if (d.kind === "stub") return "/areas/" + encodeURIComponent(d.area || String(d.id).replace(/^stub:/, ""));
    if (d.kind === "area") return "/areas/" + encodeURIComponent(d.id);
    return null;
  }

  function fillNodeInfo(box, d) {
    if (!box) return;
    clear(box);
    box.appendChild(el("h2", null, d.label));
    var dl = el("dl");
    function row(key, value) {
      if (value === null || value === undefined || value === "") return;
      dl.appendChild(el("dt", null, t(key)));
      dl.appendChild(el("dd", null, value));
    }
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
    box.appendChild(dl);
    if (d.findings && d.findings.length) {
      box.appendChild(el("h3", null, t("col.findings")));
      var ul = el("ul");
      d.findings.forEach(function (k) { ul.appendChild(el("li", null, enumLabel("finding", k))); });
      box.appendChild(ul);
    }
    var href = profileHref(d);
    if (href) {
      var text = (d.kind === "stub" || d.kind === "area") ? t("map.open_area") : t("map.open_profile");
      box.appendChild(el("p")).appendChild(el("a", { href: href, "class": "profile-link" }, text));
    }
  }

  /** Details of a clicked link: its ends, kind, volume and, for a suggested link, why. */
  function fillEdgeInfo(box, edge) {
    if (!box) return;
    var d = edge.data();
    clear(box);
    box.appendChild(el("h2", null, edge.source().data("label") + " → " + edge.target().data("label")));
    var dl = el("dl");
    function row(key, value) {
      if (value === null || value === undefined || value === "") return;
      dl.appendChild(el("dt", null, t(key)));
      dl.appendChild(el("dd", null, value));
    }
    row("col.link_kind", enumLabel("kind", d.kind) +
        (d.suggested_kind ? " (" + enumLabel("kind", d.suggested_kind) + ")" : ""));
    row("col.volume", d.volume === null || d.volume === undefined ? "" : fmt(d.volume));
    row("col.frequency", enumLabel("frequency", d.frequency));
    row("col.count", d.count === null || d.count === undefined ? "" : fmt(d.count));
    if (d.structural === false && d.kind !== "suggested") row("col.note", t("link.case_only"));
    box.appendChild(dl);
    if (d.reason) box.appendChild(el("p", { "class": "edge-reason" }, d.reason));
  }

  /** Fit the view to eles, but never zoom in beyond 1.5× (a lone node would fill the map). */
  function fitNoCloser(cy, eles, padding) {
    cy.fit(eles, padding);
    if (cy.zoom() > 1.5) {
      cy.zoom(1.5);
      cy.center(eles);
    }
  }

  // ---------------------------------------------------------------- map page
  function checkedValues(form, name) {
    var boxes = form ? form.querySelectorAll('input[name="' + name + '"]') : [];
    var all = boxes.length, on = [];
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) on.push(boxes[i].value);
    return { all: all, on: on };
  }

  function controlValue(form, selector, fallback) {
    var c = form && form.querySelector(selector);
    return c ? c.value : fallback;
  }

  function controlChecked(form, selector, fallback) {
    var c = form && form.querySelector(selector);
    return c ? c.checked : fallback;
  }

  function statusBox(page, cyBox) {
    var box = document.getElementById("map-status");
    if (!box) {
      // after the map, so a status line that wraps never shifts the map under the mouse
      box = el("p", { id: "map-status", role: "status", "class": "map-status" });
      cyBox.parentNode.insertBefore(box, cyBox.nextSibling);
    }
    return box;
  }

  function download(blob, filename) {
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: filename, "class": "visually-hidden" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }

  /**
   * The WHOLE area (not the viewport) as SVG text, with a heading (title, area, date)
   * and the legend of lib/legend-model.mjs below the map.  Drawn at zoom 1 (labels at
   * LABEL_PX, fitted again for that zoom), then the view the user had is put back.
   */
  function exportSvg(view) {
    var cy = view.cy, graph = view.graph || { nodes: [], edges: [], area: {} };
    var saved = { zoom: cy.zoom(), pan: Object.assign({}, cy.pan()) };
    var pad = 24, headH = 64;
    cy.viewport({ zoom: 1, pan: { x: 0, y: 0 } });
    view.fitLabels(true, true);  // the whole area is in the picture, not only the view
    var eles = cy.elements(":visible");
    var bb = eles.nonempty() ? eles.boundingBox() : { x1: 0, y1: 0, w: 200, h: 100 };
    cy.pan({ x: pad - bb.x1, y: pad + headH - bb.y1 });
    // the legend: one column per section, below the map
    var sections = legendSections(graph);
    var colW = 230, rowH = 20, legendTop = headH + bb.h + 2 * pad;
    var rows = sections.reduce(function (m, s) { return Math.max(m, s.items.length); }, 0);
    var width = Math.max(bb.w + 2 * pad, sections.length * colW + 2 * pad, 520);
    var height = legendTop + 34 + (rows + 1) * rowH + pad;
    var header = [
      { tag: "text", attrs: { x: pad, y: pad + 8, "font-size": 20, "font-weight": "bold", "class": "export-title" },
        text: t("map.export_title", { area: (graph.area && graph.area.name) || area_of(graph) }) },
      { tag: "text", attrs: { x: pad, y: pad + 34, "font-size": 13, "class": "export-date" },
        text: t("map.export_date", { date: new Intl.DateTimeFormat(pageLang()).format(new Date()),
                                      nodes: graph.nodes.length, edges: graph.edges.length }) }
    ];
    var legendItems = [{ tag: "text", attrs: { x: pad, y: legendTop + 6, "font-size": 15, "font-weight": "bold",
                                               "class": "legend-title" }, text: t("map.legend") }];
    sections.forEach(function (section, i) {
      var x = pad + i * colW, y = legendTop + 18;
      legendItems.push({ tag: "text", attrs: { x: x, y: y + 12, "font-size": 12, "font-weight": "bold" },
                         text: section.title });
      section.items.forEach(function (item, j) {
        var top = y + (j + 1) * rowH + 4, wide = item.sample.type === "line";
        mods.legend.samplePrimitives(item.sample, x, top, wide ? 40 : 16, 16)
          .forEach(function (p) { legendItems.push(p); });
        legendItems.push({ tag: "text", attrs: { x: x + (wide ? 48 : 24), y: top + 12, "font-size": 12 },
                           text: item.text });
      });
    });
    var svg = window.graphmapSvgExport.toSvg(cy, {
      bg: "#ffffff", width: width, height: height, title: header[0].text,
      layers: [{ cls: "export-header", items: header }, { cls: "legend", items: legendItems }]
    });
    cy.viewport(saved);
    view.fitLabels(true);
    return svg;
  }

  function area_of(graph) { return (graph.area && graph.area.id) || ""; }

  /** The export SVG drawn on a canvas at twice its size: the PNG file (same content). */
  function exportPng(view, svgText) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml;charset=utf-8" }));
      var img = new Image();
      img.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = img.naturalWidth * 2; canvas.height = img.naturalHeight * 2;
        var ctx = canvas.getContext("2d");
        ctx.scale(2, 2);
        ctx.drawImage(img, 0, 0);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) { if (blob) resolve(blob); else reject(new Error("png")); }, "image/png");
      };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("png")); };
      img.src = url;
    });
  }

  function bootMapPage(page) {
    var cyBox = document.getElementById("cy");
    if (!cyBox) return;
    var form = document.getElementById("map-controls");
    var info = document.getElementById("node-info");
    var legend = document.getElementById("legend");
    var status = statusBox(page, cyBox);
    var area = page.getAttribute("data-area") || "";
    var graphUrl = page.getAttribute("data-graph-url") || ("/api/areas/" + encodeURIComponent(area) + "/graph");
    var params = new URLSearchParams(window.location.search);
    var pending = { focus: params.get("focus"),
                    highlight: (params.get("highlight") || "").split(/[,\s]+/).filter(Boolean) };
    var view = null, focusedId = null, requestNo = 0;
    var api = window.graphmapMap = { ready: null, apiNodeCount: null, area: area };

    function setState(state) { page.setAttribute("data-state", state); }

    function query() {
      var q = new URLSearchParams();
      q.set("roles", controlChecked(form, "#show-roles", false) ? "1" : "0");
      q.set("suggested", controlChecked(form, "#show-suggested", false) ? "1" : "0");
      var empty = null;
      ["sector", "level", "kind"].forEach(function (name) {
        var v = checkedValues(form, name);
        if (v.all && !v.on.length) empty = name;
        else if (v.on.length && v.on.length < v.all) q.set(name, v.on.join(","));
      });
      return { params: q, empty: empty };
    }

    // the layout number: the same number gives the same picture ("re-arrange" takes the
    // next one); kept per area in this browser and in the address, so a shared link or a
    // reload shows the same picture
    var LAYOUT_KEY = "graphmap.layout." + area;
    var layoutNo = parseInt(params.get("layout") || "", 10);
    if (!(layoutNo > 0)) {
      try { layoutNo = parseInt(window.localStorage.getItem(LAYOUT_KEY) || "1", 10); } catch (e) { layoutNo = 1; }
    }
    if (!(layoutNo > 0)) layoutNo = 1;

    function options() {
      return { groupBy: controlValue(form, "#group-by", "none"),
               sizeBy: controlValue(form, "#size-by", "degree"), layout: layoutNo };
    }

    function unfocus() {
      focusedId = null;
      if (!view) return;
      view.cy.elements().removeClass("faded focused");
      view.fitLabels(true);
    }

    function focus(id) {
      var node = view.cy.getElementById(id);
      if (!node || node.empty() || node.hasClass("group")) return false;
      var radius = parseInt(controlValue(form, "#focus-radius", "1"), 10) === 2 ? 2 : 1;
      var hood = node.closedNeighborhood();
      if (radius === 2) hood = hood.union(hood.nodes().closedNeighborhood());
      hood = hood.union(hood.nodes().ancestors());
      view.cy.batch(function () {
        view.cy.elements().addClass("faded").removeClass("focused");
        hood.removeClass("faded");
        node.addClass("focused");
      });
      fitNoCloser(view.cy, hood, 40);
      view.fitLabels(true);
      focusedId = id;
      status.textContent = t("map.focused", { name: node.data("label") });
      fillNodeInfo(info, node.data());
      return true;
    }

    function highlight(ids) {
      if (!view) return;
      var cy = view.cy;
      var found = cy.collection();
      ids.forEach(function (id) {
        var n = cy.getElementById(id);
        if (n && n.nonempty()) found = found.union(n);
      });
      cy.batch(function () {
        cy.elements().removeClass("highlighted dimmed faded focused");
        if (found.nonempty()) {
          cy.elements().not(found).not(found.ancestors()).not(found.connectedEdges()).addClass("dimmed");
          found.addClass("highlighted");
        }
      });
      if (found.nonempty()) fitNoCloser(cy, found.union(found.neighborhood()), 50);
      view.fitLabels(true);
      status.textContent = found.nonempty()
        ? t("col.nodes") + ": " + found.map(function (n) { return n.data("label"); }).join(", ")
        : t("map.empty");
      return found.length;
    }

    var viewPromise = null;

    /** The one Cytoscape view of the page, created on first use with its tap handlers. */
    function ensureView() {
      if (!viewPromise) {
        viewPromise = createMap(cyBox).then(function (v) {
          view = v;
          window.graphmapCy = v.cy;
          v.cy.on("tap", "node", function (ev) {
            var d = ev.target.data();
            if (d.kind === "group") return;
            if (d.kind === "stub" || d.kind === "area") {
              fillNodeInfo(info, d);
              window.location.assign(profileHref(d));
              return;
            }
            focus(d.id);
          });
          v.cy.on("tap", "edge", function (ev) { fillEdgeInfo(info, ev.target); });
          v.cy.on("tap", function (ev) {
            if (ev.target === v.cy) { unfocus(); v.cy.elements().removeClass("highlighted dimmed"); }
          });
          return v;
        });
      }
      return viewPromise;
    }

    function render() {
      var q = query();
      var mine = ++requestNo;
      setState("loading");
      status.textContent = t("map.loading");
      var load;
      if (q.empty) {
        load = Promise.resolve({ area: { id: area }, aggregate: false, nodes: [], edges: [],
                                 metrics: {}, _empty: q.empty });
      } else {
        var sep = graphUrl.indexOf("?") >= 0 ? "&" : "?";
        api.lastUrl = graphUrl + sep + q.params.toString();
        load = getJSON(api.lastUrl);
      }
      var t0 = performance.now();
      api.ready = Promise.all([load, ensureView()]).then(function (res) {
        var graph = res[0];
        var t1 = performance.now();
        if (mine !== requestNo) return null; // a newer request won
        api.apiNodeCount = graph.nodes.length;
        api.graph = graph;
        return view.render(graph, options()).then(function () {
          if (mine !== requestNo) return null;
          // for benchmarks/bench_browser.py: where the time of a draw goes
          api.timings = Object.assign({ fetchMs: t1 - t0, drawMs: performance.now() - t1 }, view.timings, {
                          elements: graph.nodes.length + graph.edges.length,
                          readyAt: performance.now() });
          if (legend) legend.setAttribute("data-size-by", options().sizeBy);
          fillLegend(legend, graph);
          status.textContent = graph.nodes.length ? t("map.aria", {
            area: (graph.area && graph.area.name) || area, nodes: graph.nodes.length,
            edges: graph.edges.length }) : t("map.empty");
          if (graph.updating) {
            // the server answered with the previous revision while it recomputes this
            // area after a write: say so, and ask again shortly (issue 13)
            status.textContent = t("map.updating") + " " + status.textContent;
            setTimeout(function () { if (mine === requestNo) render(); }, UPDATING_RETRY_MS);
          }
          if (pending.focus) { focus(pending.focus) || (status.textContent = t("map.empty")); pending.focus = null; }
          else if (focusedId) focus(focusedId);
          if (pending.highlight.length) { highlight(pending.highlight); pending.highlight = []; }
          setState("ready");
          page.dispatchEvent(new CustomEvent("graphmap:ready", { bubbles: true }));
          return view;
        });
      }).catch(function (err) {
        if (mine !== requestNo) return null;
        status.textContent = t("map.load_error") + " " + err.message;
        setState("error");
        if (window.console) console.warn("graphmap map:", err.message);
        return null;
      });
      return api.ready;
    }

    function relayout() {
      if (!view || !view.graph) return;
      setState("loading");
      view.render(view.graph, options()).then(function () {
        if (legend) legend.setAttribute("data-size-by", options().sizeBy);
        fillLegend(legend, view.graph);
        if (focusedId) focus(focusedId);
        setState("ready");
      });
    }

    /** Restore the controls from the URL (?sector=a,b&kind=…&roles=1&group=…), the names
     *  the form itself submits without JavaScript, so a view can be linked and shared. */
    function restoreControls() {
      if (!form) return;
      ["sector", "level", "kind"].forEach(function (name) {
        var wanted = [];
        params.getAll(name).forEach(function (v) { wanted = wanted.concat(v.split(",")); });
        wanted = wanted.map(function (v) { return v.trim(); }).filter(Boolean);
        if (!wanted.length) return;
        var boxes = form.querySelectorAll('input[name="' + name + '"]');
        for (var i = 0; i < boxes.length; i++) boxes[i].checked = wanted.indexOf(boxes[i].value) >= 0;
      });
      [["roles", "#show-roles"], ["suggested", "#show-suggested"]].forEach(function (p) {
        var c = form.querySelector(p[1]);
        if (c && params.has(p[0])) c.checked = params.get(p[0]) === "1";
      });
      [["group", "#group-by"], ["size", "#size-by"], ["radius", "#focus-radius"]].forEach(function (p) {
        var c = form.querySelector(p[1]);
        var v = params.get(p[0]);
        if (c && v && c.querySelector('option[value="' + v.replace(/["\\]/g, "") + '"]')) c.value = v;
      });
    }

    /** Keep the address in step with the controls (replaceState: no history entries), so
     *  reloading or sharing the link gives the same view; the server reads the same names. */
    function rememberControls() {
      if (!form || !window.history || !window.history.replaceState) return;
      var url = new URLSearchParams(window.location.search);
      ["sector", "level", "kind", "roles", "suggested", "group", "size", "radius", "layout"]
        .forEach(function (k) { url.delete(k); });
      var q = query().params;
      ["sector", "level", "kind"].forEach(function (k) { if (q.has(k)) url.set(k, q.get(k)); });
      if (q.get("roles") === "1") url.set("roles", "1");
      if (q.get("suggested") === "1") url.set("suggested", "1");
      var o = options();
      if (o.groupBy !== "none") url.set("group", o.groupBy);
      if (o.sizeBy !== "degree") url.set("size", o.sizeBy);
      var radius = controlValue(form, "#focus-radius", "1");
      if (radius !== "1") url.set("radius", radius);
      url.delete("layout");
      if (layoutNo !== 1) url.set("layout", String(layoutNo));
      var text = url.toString();
      window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : ""));
      // the language links keep the view too
      var links = document.querySelectorAll("a[hreflang]");
      for (var i = 0; i < links.length; i++) {
        var withLang = new URLSearchParams(url);
        withLang.set("lang", links[i].getAttribute("hreflang"));
        links[i].setAttribute("href", window.location.pathname + "?" + withLang.toString());
      }
    }

    api.render = render;
    api.exportSvg = function () { return exportSvg(view); };
    api.focus = function (id) { return view ? focus(id) : false; };
    api.highlight = function (ids) { return highlight(ids); };

    if (form) {
      form.addEventListener("submit", function (ev) { ev.preventDefault(); render(); });
      form.addEventListener("change", function (ev) {
        var id = ev.target && ev.target.id;
        rememberControls();
        if (id === "group-by") relayout();
        else if (id === "size-by") {
          if (view) view.resize(options().sizeBy);
          if (legend && view && view.graph) {
            legend.setAttribute("data-size-by", options().sizeBy);
            fillLegend(legend, view.graph);
          }
        }
        else if (id === "focus-radius") { if (focusedId && view) focus(focusedId); }
        else render();
      });
      form.addEventListener("click", function (ev) {
        var b = ev.target && ev.target.closest && ev.target.closest("button");
        if (!b || !view) return;
        if (b.id === "export-png") {
          ev.preventDefault();
          exportPng(view, exportSvg(view)).then(function (blob) {
            download(blob, "graphmap-" + area + ".png");
          });
        } else if (b.id === "export-svg") {
          ev.preventDefault();
          download(new Blob([exportSvg(view)], { type: "image/svg+xml;charset=utf-8" }),
                   "graphmap-" + area + ".svg");
        } else if (b.id === "export-pdf") {
          // the server lays the same SVG out on an A4 page (web/map_pdf.py)
          ev.preventDefault();
          fetch("/areas/" + encodeURIComponent(area) + "/map.pdf", {
            method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "image/svg+xml" }, body: exportSvg(view)
          }).then(function (r) {
            if (!r.ok) throw new Error("pdf " + r.status);
            return r.blob();
          }).then(function (blob) {
            download(blob, "graphmap-" + area + ".pdf");
          }).catch(function () {
            status.textContent = t("map.export_pdf_failed");
          });
        } else if (b.id === "rearrange") {
          ev.preventDefault();
          layoutNo += 1;
          try { window.localStorage.setItem(LAYOUT_KEY, String(layoutNo)); } catch (e) { /* private mode */ }
          rememberControls();
          relayout();
        } else if (b.id === "reset-view") {
          ev.preventDefault();
          unfocus();
          view.cy.elements().removeClass("highlighted dimmed");
          clear(info);
          view.cy.fit(undefined, 30);
        }
      });
    }

    var findings = document.getElementById("finding-list");
    if (findings) {
      findings.addEventListener("click", function (ev) {
        var b = ev.target && ev.target.closest && ev.target.closest("[data-nodes]");
        if (!b) return;
        ev.preventDefault();
        var all = findings.querySelectorAll("[data-nodes]");
        for (var i = 0; i < all.length; i++) all[i].setAttribute("aria-pressed", "false");
        b.setAttribute("aria-pressed", "true");
        highlight((b.getAttribute("data-nodes") || "").split(/[,\s]+/).filter(Boolean));
        cyBox.scrollIntoView({ block: "nearest" });
      });
    }

    restoreControls();
    render();
  }

  window.graphmap = {
    t: t, enumLabel: enumLabel, el: el, clear: clear, getJSON: getJSON, fmt: fmt,
    loadVendor: loadVendor, createMap: createMap, fillLegend: fillLegend,
    fillNodeInfo: fillNodeInfo, modules: mods
  };

  function boot() {
    var page = document.getElementById("map-page");
    if (page) bootMapPage(page);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
