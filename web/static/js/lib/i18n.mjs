/**
 * UI strings from the page's catalogue (the flat key → string of graphmap/i18n/, which
 * base.html writes into <script id="i18n">).  Pure: the caller passes the catalogue, so
 * the lookup rules are tested with `node --test` (tests/js/) and the map, the what-if
 * and the exports all word things the same way.
 */

const own = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

/** {t, enumLabel} over one catalogue object. */
export function translator(catalogue) {
  const cat = catalogue && typeof catalogue === "object" ? catalogue : {};

  /** The string for key (the first key found of a list; else the first key itself),
   *  with {name} placeholders filled from vars (unknown placeholders stay). */
  function t(keys, vars) {
    const list = Array.isArray(keys) ? keys : [keys];
    const found = list.find((k) => own(cat, k));
    let text = found === undefined ? list[0] : String(cat[found]);
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, (m, name) => (own(vars, name) ? String(vars[name]) : m));
    }
    return text;
  }

  /** A translated enum value (sector, level, unit type, link kind, finding kind), or the
   *  value itself when the catalogue has no word for it. */
  function enumLabel(group, value) {
    if (value === null || value === undefined || value === "") return "";
    const key = group + "." + value;
    const text = t([key, group + "s." + value, "enum." + key]);
    return text === key ? String(value) : text;
  }

  return { t, enumLabel };
}

/** A number as the page's language writes it (at most 3 decimals); "–" for no value. */
export function formatValue(value, lang) {
  if (value === null || value === undefined || value === "") return "–";
  if (typeof value === "number" && !Number.isInteger(value)) {
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 3 }).format(value);
  }
  return String(value);
}
