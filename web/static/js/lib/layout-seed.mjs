/**
 * Deterministic layout seed for the area map (issue 15 item 1: stable positions).
 *
 * Why: fcose starts from random positions (Math.random), so every load drew a new
 * picture and a coordinator's monthly pictures could not be compared.  The map runs
 * the layout with Math.random replaced by a small seeded generator whose seed comes
 * from the area id and a layout number ("re-arrange" moves to the next number), so the
 * same network, options and number always give the same positions, in every browser.
 */

/** 32-bit FNV-1a hash of a string: the same text always gives the same seed. */
export function hashSeed(text) {
  let h = 0x811c9dc5;
  for (const ch of String(text)) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a tiny, fast PRNG with a 32-bit state; returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of an area's layout: area id, layout number and the view options that
 *  change the picture (grouping), so each combination has its own stable picture. */
export function layoutSeed(area, number, variant) {
  return hashSeed(`${area}|${number || 1}|${variant || ""}`);
}

/**
 * Run fn with Math.random seeded; restores Math.random afterwards even when fn throws.
 * fn must do its random draws synchronously (fcose with animate: false does).
 */
export function withSeededRandom(seed, fn, host = Math) {
  const original = host.random;
  host.random = mulberry32(seed);
  try {
    return fn();
  } finally {
    host.random = original;
  }
}
