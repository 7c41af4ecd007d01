/**
 * Laying the map out with fcose (cose when the extension is missing), seeded so the same
 * network and layout number always give the same picture (lib/layout-seed.mjs), and
 * fitting the view to what the user asked to see.
 */
import { withSeededRandom } from "../lib/layout-seed.mjs";
import { MANY_NODES } from "../lib/elements.mjs";

/** fcose's options for cy's size: the spectral start plus the full force-directed
 *  polish (2,500 iterations) for small maps; fewer iterations from 600 elements and the
 *  spectral draft alone from 2,500 (benchmarks/bench_browser.py: ≤ 2 s for 1,000). */
function layoutOptions(cy, hasFcose) {
  const n = cy.nodes().length, size = n + cy.edges().length;
  if (!hasFcose) return { name: "cose", animate: false, fit: true, padding: 30 };
  return {
    name: "fcose", quality: (size > 2500 || n > 800) ? "draft" : "default", randomize: true,
    // room for the labels in the layout itself (small maps: the label pass then has
    // little to leave out); big maps keep the faster node-only sizes
    animate: false, fit: true, padding: 30, nodeDimensionsIncludeLabels: n <= MANY_NODES,
    idealEdgeLength: 110, nodeRepulsion: 9000, packComponents: true,
    numIter: size > 600 ? 1000 : 2500,
  };
}

/**
 * fcose keeps state from one run to the next in module constants: the ideal edge length
 * of the LAST run is read before this run sets its own, and layout-base's RandomSeed
 * counter goes on counting.  Set both as a run leaves them, so the first draw and every
 * redraw of the same network give the same picture.  (layoutBase and coseBase are the
 * globals of their vendor bundles.)
 */
function resetFcoseState(options, hasFcose) {
  const base = window.layoutBase, cose = window.coseBase;
  if (base && base.RandomSeed) { base.RandomSeed.seed = 1; base.RandomSeed.x = 0; }
  if (hasFcose && base && base.FDLayoutConstants && cose && cose.CoSEConstants) {
    [base.LayoutConstants, base.FDLayoutConstants, cose.CoSEConstants].forEach((c) => {
      c.NODE_DIMENSIONS_INCLUDE_LABELS = options.nodeDimensionsIncludeLabels;
      c.DEFAULT_INCREMENTAL = true;  // fcose's own setting after its first run
      c.ANIMATE = false;
    });
    [base.FDLayoutConstants, cose.CoSEConstants].forEach((c) => {
      c.DEFAULT_EDGE_LENGTH = options.idealEdgeLength;
      c.MIN_REPULSION_DIST = options.idealEdgeLength / 10;
      c.DEFAULT_GRAVITY_STRENGTH = 0.25;  // fcose's default gravity
    });
    cose.CoSEConstants.DEFAULT_RADIAL_SEPARATION = options.idealEdgeLength;
    base.LayoutConstants.QUALITY = 0;
  }
}

/** Lay cy out; resolves when the layout has stopped. */
export function runLayout(cy, seed) {
  const hasFcose = !!window.cytoscapeFcose;
  const options = layoutOptions(cy, hasFcose);
  return new Promise((resolve) => {
    const layout = cy.layout(options);
    layout.one("layoutstop", () => resolve());
    // fcose draws its start from Math.random: seeded, the same network and seed give
    // the same picture on every load
    resetFcoseState(options, hasFcose);
    withSeededRandom(seed >>> 0, () => { layout.run(); });
  });
}

/** Fit the view to eles, but never zoom in beyond 1.5× (a lone node would fill the map). */
export function fitNoCloser(cy, eles, padding) {
  cy.fit(eles, padding);
  if (cy.zoom() > 1.5) {
    cy.zoom(1.5);
    cy.center(eles);
  }
}
