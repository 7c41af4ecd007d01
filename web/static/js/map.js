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
  var SECTOR_COLOURS = {
    municipal: "#0072B2", county: "#E69F00", specialised: "#CC79A7", ngo: "#009E73",
    parish: "#F0E442", state: "#56B4E9", private: "#D55E00"
  };
  var UNKNOWN_COLOUR = "#BBBBBB";
  var TYPE_SHAPES = {
    service: "ellipse", team: "round-rectangle", meeting_place: "diamond",
    forum: "hexagon", site: "rectangle"
  };
  var ROLE_SHAPE = "round-triangle";
  // line style, arrow (none for kinds symmetric in meaning, model.SYMMETRIC_KINDS), colour
  var LINK_STYLES = {
    refers: ["solid", "triangle", "#333333"],
    consults: ["dashed", "triangle", "#333333"],
    works_with: ["solid", "none", "#777777"],
    co_located: ["dotted", "none", "#777777"],
    outreach: ["dashed", "vee", "#555555"],
    contact: ["dotted", "triangle", "#555555"],
    member: ["dotted", "circle", "#999999"],
    informs: ["dashed", "tee", "#777777"],
    role_of: ["solid", "none", "#AAAAAA"]   // a role hangs on its unit (not a link)
  };
  var GHOST_COLOUR = "#7B3294";
  var LOST_COLOUR = "#C0392B";
  var METRICS = ["degree", "betweenness", "in_volume"];
  var MANY_EDGES = 400, MANY_NODES = 150;
  var GATEWAY_KINDS = ["gateway", "bridge", "overload", "key_person"];
  var ISOLATED_KINDS = ["isolated", "level_disconnected", "no_contact"];

  function shapeOf(d) {
    if (d.kind === "role") return ROLE_SHAPE;
    if (d.kind === "stub") return "round-rectangle";
    if (d.kind === "area") return "round-octagon";
    return TYPE_SHAPES[d.type] || "ellipse";
  }

  function edgeWidth(d) {
    var v = d.volume || d.count || 0;
    return v > 0 ? Math.min(9, 1.5 + 2 * Math.log10(1 + v)) : 1.5;
  }

  function stylesheet() {
    var s = [
      { selector: "node", style: {
        "background-color": "data(_colour)", "shape": "data(_shape)",
        "width": "data(_size)", "height": "data(_size)",
        "label": "data(label)", "font-size": 10, "color": "#1a1a1a",
        "text-valign": "bottom", "text-halign": "center", "text-margin-y": 3,
        "text-wrap": "ellipsis", "text-max-width": "120px",
        "text-outline-color": "#ffffff", "text-outline-width": 2,
        "border-width": 1, "border-color": "#333333" } },
      // big views: labels appear on zooming in, so the first draw stays fast and legible
      { selector: "node.many", style: { "min-zoomed-font-size": 6 } },
      { selector: "node.role", style: { "font-size": 8, "border-style": "dotted" } },
      { selector: "node.stub", style: {
        "background-color": "#ffffff", "border-style": "dashed", "border-width": 2,
        "border-color": "#555555", "text-valign": "center", "text-margin-y": 0,
        "width": "data(_w)", "height": 24 } },
      { selector: "node.area", style: { "text-valign": "center", "text-margin-y": 0,
                                        "text-max-width": "90px", "font-size": 11 } },
      { selector: "node.group", style: {
        "background-color": "#f2f2f2", "background-opacity": 0.7, "shape": "round-rectangle",
        "border-color": "#8a8a8a", "border-width": 1, "padding": "14px",
        "label": "data(label)", "text-valign": "top", "text-halign": "center",
        "font-size": 14, "font-weight": "bold", "color": "#333333", "text-margin-y": -4,
        "text-wrap": "ellipsis", "text-max-width": "260px" } },
      { selector: "node.finding-gateway", style: {
        "border-width": 5, "border-color": "#000000", "border-style": "double" } },
      { selector: "node.finding-isolated", style: {
        "border-width": 4, "border-color": LOST_COLOUR, "border-style": "dashed" } },
      { selector: "edge", style: {
        "width": "data(_width)", "curve-style": "bezier", "line-color": "#555555",
        "target-arrow-color": "#555555", "arrow-scale": 0.9, "opacity": 0.85 } }
    ];
    // per link kind, before the classes below so ghost/lost/stub styles win
    Object.keys(LINK_STYLES).forEach(function (kind) {
      var st = LINK_STYLES[kind];
      s.push({ selector: 'edge[kind = "' + kind + '"]', style: {
        "line-style": st[0], "target-arrow-shape": st[1], "line-color": st[2],
        "target-arrow-color": st[2] } });
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
        "line-style": "dashed", "line-dash-pattern": [8, 5], "line-color": GHOST_COLOUR,
        "target-arrow-shape": "none", "opacity": 0.75, "width": 2 } },
      { selector: "edge.lost", style: {
        "line-style": "dashed", "line-color": LOST_COLOUR, "target-arrow-color": LOST_COLOUR,
        "width": 3, "opacity": 1 } },
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
        "background-color": "#ffffff", "border-style": "dashed", "border-color": LOST_COLOUR,
        "border-width": 3, "opacity": 0.7 } },
      { selector: "node.new-isolated", style: {
        "border-width": 5, "border-color": LOST_COLOUR, "border-style": "double" } },
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
    var nodes = graph.nodes.map(function (n) {
      var d = Object.assign({}, n.data);
      d._size = sizeOf(d);
      if (d.kind === "stub") d._w = Math.min(220, 16 + 6.5 * String(d.label || "").length);
      d._shape = shapeOf(d);
      d._colour = d.kind === "stub" ? "#ffffff"
        : d.kind === "area" ? "#56B4E9"
        : (SECTOR_COLOURS[d.sector] || UNKNOWN_COLOUR);
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
          groups[key] = label;
          d.parent = "group:" + key;
        }
      }
      return { group: "nodes", data: d, classes: classes.join(" ").trim() };
    });
    Object.keys(groups).forEach(function (key) {
      nodes.push({ group: "nodes", classes: "group",
                   data: { id: "group:" + key, label: groups[key], kind: "group",
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
  function runLayout(cy) {
    var n = cy.nodes().length, size = n + cy.edges().length;
    var hasFcose = !!window.cytoscapeFcose;
    var options = hasFcose ? {
      name: "fcose", quality: (size > 2500 || n > 800) ? "draft" : "default", randomize: true,
      animate: false, fit: true, padding: 30, nodeDimensionsIncludeLabels: false,
      idealEdgeLength: 90, nodeRepulsion: 6500, packComponents: true,
      numIter: size > 600 ? 1000 : 2500
    } : { name: "cose", animate: false, fit: true, padding: 30 };
    return new Promise(function (resolve) {
      var layout = cy.layout(options);
      layout.one("layoutstop", function () { resolve(); });
      layout.run();
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
        container: container, style: stylesheet(), elements: [],
        minZoom: 0.1, maxZoom: 4, boxSelectionEnabled: false, selectionType: "single"
      });
      var view = {
        cy: cy, graph: null,
        render: function (graph, opts) {
          var t0 = performance.now(), t1, t2;
          view.graph = graph;
          cy.startBatch();
          cy.elements().remove();
          cy.add(buildElements(graph, opts || {}));
          cy.endBatch();
          // the page around the map may have moved since the last draw; Cytoscape caches
          // its container's offset for mouse hits, so renew it
          cy.resize();
          t1 = performance.now();
          return runLayout(cy).then(function () { t2 = performance.now(); return nextFrame(); })
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
        /** Nodes that stand for data (not the client-side group boxes). */
        dataNodes: function () { return cy.nodes().not(".group"); }
      };
      return view;
    });
  }

  // ---------------------------------------------------------------- legend
  function swatch(colour) {
    var s = el("span", { "class": "legend-swatch", "aria-hidden": "true" });
    s.style.backgroundColor = colour; // CSSOM, allowed by the CSP (no style attribute)
    return s;
  }

  function lineSample(style) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "36"); svg.setAttribute("height", "10");
    svg.setAttribute("aria-hidden", "true"); svg.setAttribute("class", "legend-line");
    var line = document.createElementNS(ns, "line");
    line.setAttribute("x1", "2"); line.setAttribute("y1", "5");
    line.setAttribute("x2", "34"); line.setAttribute("y2", "5");
    line.setAttribute("stroke", style[2]); line.setAttribute("stroke-width", "2");
    if (style[0] === "dashed") line.setAttribute("stroke-dasharray", "6 3");
    if (style[0] === "dotted") line.setAttribute("stroke-dasharray", "2 3");
    svg.appendChild(line);
    if (style[1] !== "none") {
      var head = document.createElementNS(ns, "path");
      head.setAttribute("d", "M34 5 L27 1 L27 9 Z");
      head.setAttribute("fill", style[2]);
      svg.appendChild(head);
    }
    return svg;
  }

  function legendList(title, items) {
    if (!items.length) return document.createDocumentFragment();  // nothing of it drawn
    var section = el("div", { "class": "legend-group" });
    section.appendChild(el("h3", null, title));
    var ul = el("ul");
    items.forEach(function (item) {
      var li = el("li");
      li.appendChild(item[0]);
      li.appendChild(el("span", null, item[1]));
      ul.appendChild(li);
    });
    section.appendChild(ul);
    return section;
  }

  function fillLegend(legend, graph) {
    if (!legend || legend.getAttribute("data-static") === "1") return;
    clear(legend);
    legend.appendChild(el("h2", null, t("map.legend")));
    var present = { sector: {}, type: {}, kind: {}, node: {} };
    graph.nodes.forEach(function (n) {
      if (n.data.sector) present.sector[n.data.sector] = true;
      if (n.data.kind === "unit") present.type[n.data.type] = true;
      present.node[n.data.kind] = true;
    });
    graph.edges.forEach(function (e) { present.kind[e.data.kind] = true; });
    legend.appendChild(legendList(t("map.sector"), Object.keys(SECTOR_COLOURS)
      .filter(function (k) { return present.sector[k]; })
      .map(function (k) { return [swatch(SECTOR_COLOURS[k]), enumLabel("sector", k)]; })));
    legend.appendChild(legendList(t("unit.type"), Object.keys(TYPE_SHAPES)
      .filter(function (k) { return present.type[k]; })
      .map(function (k) {
        return [el("span", { "class": "legend-shape shape-" + TYPE_SHAPES[k], "aria-hidden": "true" }),
                enumLabel("unit_type", k)];
      }).concat(present.node.role ? [[el("span", { "class": "legend-shape shape-role", "aria-hidden": "true" }),
                                      enumLabel("node_kind", "role")]] : [])
        .concat(present.node.area ? [[swatch("#56B4E9"), enumLabel("node_kind", "area")]] : [])));
    var kinds = Object.keys(LINK_STYLES).filter(function (k) { return present.kind[k] && k !== "role_of"; })
      .map(function (k) { return [lineSample(LINK_STYLES[k]), enumLabel("kind", k)]; });
    if (present.kind.suggested) {
      kinds.push([lineSample(["dashed", "none", GHOST_COLOUR]), t("map.legend.suggested")]);
    }
    if (graph.aggregate) {
      kinds.push([lineSample(["solid", "triangle", "#555555"]), enumLabel("kind", "aggregate")]);
    }
    legend.appendChild(legendList(t("map.kind"), kinds));
    var gateway = swatch("#ffffff"); gateway.className += " legend-gateway";
    var isolated = swatch("#ffffff"); isolated.className += " legend-isolated";
    var stub = swatch("#ffffff"); stub.className += " legend-stub";
    if (!graph.aggregate) {
      legend.appendChild(legendList(t("col.findings"), [
        [gateway, enumLabel("finding", "gateway")], [isolated, enumLabel("finding", "isolated")]]));
    }
    legend.appendChild(legendList(t("col.area"), present.node.stub
      ? [[stub, enumLabel("node_kind", "stub")]] : []));
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

    function options() {
      return { groupBy: controlValue(form, "#group-by", "none"),
               sizeBy: controlValue(form, "#size-by", "degree") };
    }

    function unfocus() {
      focusedId = null;
      if (!view) return;
      view.cy.elements().removeClass("faded focused");
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
      ["sector", "level", "kind", "roles", "suggested", "group", "size", "radius"]
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
          // the view as the user sees it (zoom, focus, highlight), at twice the resolution
          view.cy.png({ output: "blob-promise", full: false, scale: 2, bg: "#ffffff" })
            .then(function (blob) { download(blob, "graphmap-" + area + ".png"); });
        } else if (b.id === "export-svg") {
          ev.preventDefault();
          var svg = window.graphmapSvgExport.toSvg(view.cy, { bg: "#ffffff",
                                                              title: "graphmap " + area });
          download(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }), "graphmap-" + area + ".svg");
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
    fillNodeInfo: fillNodeInfo, SECTOR_COLOURS: SECTOR_COLOURS, LINK_STYLES: LINK_STYLES
  };

  function boot() {
    var page = document.getElementById("map-page");
    if (page) bootMapPage(page);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
