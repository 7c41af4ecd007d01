// node --test: the deterministic layout seed (web/static/js/lib/layout-seed.mjs)
import { test } from "node:test";
import assert from "node:assert/strict";
import { hashSeed, mulberry32, layoutSeed, withSeededRandom } from "../../web/static/js/lib/layout-seed.mjs";

test("the same area and number give the same seed; another number another seed", () => {
  assert.equal(layoutSeed("sotesi", 1, "none"), layoutSeed("sotesi", 1, "none"));
  assert.notEqual(layoutSeed("sotesi", 1, "none"), layoutSeed("sotesi", 2, "none"));
  assert.notEqual(layoutSeed("sotesi", 1, "none"), layoutSeed("tornio", 1, "none"));
  assert.equal(hashSeed("a"), hashSeed("a"));
});

test("seeded draws repeat exactly and stay in [0, 1)", () => {
  const a = mulberry32(42), b = mulberry32(42);
  const xs = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(xs, Array.from({ length: 1000 }, () => b()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.ok(new Set(xs).size > 990);
});

test("Math.random is seeded inside and restored afterwards, even on error", () => {
  const original = Math.random;
  const first = withSeededRandom(5, () => [Math.random(), Math.random()]);
  const again = withSeededRandom(5, () => [Math.random(), Math.random()]);
  assert.deepEqual(first, again);
  assert.equal(Math.random, original);
  assert.throws(() => withSeededRandom(5, () => { throw new Error("x"); }));
  assert.equal(Math.random, original);
});
