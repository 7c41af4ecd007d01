/**
 * What the upload page says while an import runs (issue 13 item 5): the bytes the
 * browser has sent, then the server's own stage as /api/import/progress/<id> reports
 * it (rows read of the rows expected, when the reader counts them).  Pure, so the
 * wording rules are tested under `node --test` (tests/js/upload-status.test.mjs).
 * No invented percentage: a stage without counts shows no number and an
 * indeterminate bar.
 */

const UNITS = ["B", "kB", "MB", "GB"];

/** A byte count as people read it, in the page's language: "1,5 MB" in Finnish. */
export function formatBytes(bytes, lang) {
  let value = Math.max(Number(bytes) || 0, 0);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value) + " " + UNITS[unit];
}

/** The status while sending: {text, value, max} for the bar (value null: indeterminate). */
export function sendingStatus(t, lang, loaded, total) {
  if (!total) return { text: t("upload.progress_reading"), value: null, max: null };
  const percent = Math.min(100, Math.floor((loaded / total) * 100));
  return {
    text: t("upload.progress_sending", {
      done: formatBytes(loaded, lang), total: formatBytes(total, lang), percent,
    }),
    value: loaded, max: total,
  };
}

/** The status for the server's state ({stage, rows, total}); ``saving``: the page is
 *  committing, so a stage the server has not reported yet reads "Saving…". */
export function serverStatus(t, lang, state, saving) {
  const stage = state && state.stage;
  const number = (n) => new Intl.NumberFormat(lang).format(n);
  if (stage === "read" && state.total > 0) {
    const rows = Math.min(state.rows, state.total);
    return { text: t("upload.progress_rows", { rows: number(rows), total: number(state.total) }),
             value: rows, max: state.total };
  }
  if (stage === "check") return { text: t("upload.progress_checking"), value: null, max: null };
  if (stage === "write" || (saving && !stage)) {
    return { text: t("upload.progress_saving"), value: null, max: null };
  }
  return { text: t(saving ? "upload.progress_saving" : "upload.progress_reading"), value: null, max: null };
}
