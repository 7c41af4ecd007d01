// node --test: the page's words (web/static/js/lib/i18n.mjs)
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatValue, translator } from "../../web/static/js/lib/i18n.mjs";

const { t, enumLabel } = translator({
  "map.focused": "Valittu: {name}", "unit.capacity": "Kapasiteetti",
  "sector.ngo": "Järjestö", "levels.universal": "Kaikille", "enum.kind.refers": "ohjaa",
});

test("the first key the catalogue has wins; an unknown key is shown as itself", () => {
  assert.equal(t(["col.capacity", "unit.capacity"]), "Kapasiteetti");
  assert.equal(t("no.such.key"), "no.such.key");
  assert.equal(t(["no.a", "no.b"]), "no.a");
});

test("placeholders are filled from vars, unknown ones stay", () => {
  assert.equal(t("map.focused", { name: "Neuvola" }), "Valittu: Neuvola");
  assert.equal(t("map.focused", { other: 1 }), "Valittu: {name}");
  // a value that looks like a placeholder is not filled again
  assert.equal(t("map.focused", { name: "{name}" }), "Valittu: {name}");
});

test("enum values are looked up as group.value, groups.value or enum.group.value", () => {
  assert.equal(enumLabel("sector", "ngo"), "Järjestö");
  assert.equal(enumLabel("level", "universal"), "Kaikille");
  assert.equal(enumLabel("kind", "refers"), "ohjaa");
  assert.equal(enumLabel("sector", "martian"), "martian");  // no word: the value itself
  assert.equal(enumLabel("sector", null), "");
});

test("a catalogue that is not an object gives keys, not an error", () => {
  assert.equal(translator(null).t("map.legend"), "map.legend");
});

test("numbers are written in the page's language, at most three decimals", () => {
  assert.equal(formatValue(0.12345, "fi"), "0,123");
  assert.equal(formatValue(0.12345, "en"), "0.123");
  assert.equal(formatValue(12, "fi"), "12");
  assert.equal(formatValue(null, "fi"), "–");
  assert.equal(formatValue("", "fi"), "–");
});
