// node --test: what the upload page says while an import runs (web/static/js/lib/upload-status.mjs)
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatBytes, sendingStatus, serverStatus } from "../../web/static/js/lib/upload-status.mjs";
import { translator } from "../../web/static/js/lib/i18n.mjs";
import { readFileSync } from "node:fs";

const catalogue = (lang) => JSON.parse(readFileSync(new URL(`../../graphmap/i18n/${lang}.json`, import.meta.url)));
const fi = translator(catalogue("fi")).t;
const en = translator(catalogue("en")).t;

test("bytes read as people write them, in the page's language", () => {
  assert.equal(formatBytes(999, "en"), "999 B");
  assert.equal(formatBytes(1500, "en"), "1.5 kB");
  assert.equal(formatBytes(2_500_000, "fi"), "2,5 MB");
  assert.equal(formatBytes(123_000_000, "en"), "123 MB");
});

test("sending shows bytes sent of the whole and a bar with the same numbers", () => {
  const s = sendingStatus(fi, "fi", 1_000_000, 4_000_000);
  assert.equal(s.text, "Lähetetään tiedostoa… 1 MB / 4 MB (25 %)");
  assert.deepEqual([s.value, s.max], [1_000_000, 4_000_000]);
  // a browser that does not know the size: no number at all
  assert.equal(sendingStatus(fi, "fi", 10, 0).value, null);
});

test("the server's stages: rows when counted, else the plain stage and no number", () => {
  const rows = serverStatus(en, "en", { stage: "read", rows: 20000, total: 50000 }, false);
  assert.equal(rows.text, "Reading the file… 20,000 / 50,000 rows");
  assert.deepEqual([rows.value, rows.max], [20000, 50000]);
  const uncounted = serverStatus(fi, "fi", { stage: "read", rows: 0, total: 0 }, false);
  assert.equal(uncounted.text, "Luetaan tiedostoa…");
  assert.equal(uncounted.value, null);
  assert.equal(serverStatus(fi, "fi", { stage: "check" }, false).text, "Tarkistetaan…");
  assert.equal(serverStatus(fi, "fi", { stage: "write" }, true).text, "Tallennetaan…");
  // no answer from the server (another process, or not started yet)
  assert.equal(serverStatus(fi, "fi", null, true).text, "Tallennetaan…");
  assert.equal(serverStatus(fi, "fi", null, false).text, "Luetaan tiedostoa…");
});
