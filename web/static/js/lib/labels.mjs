/**
 * Label fitting for the area map (issue 15 item 1: labels that fit).
 *
 * Why: at the default fit a third of the labels were cut at ~20 characters, so three
 * schools read "Peruskoulu, Sastamala …", and 74 label boxes overlapped.  Here:
 *  - shortLabels(names): drop a ", tail" that several names share (the area or
 *    service region, already said by the page title) when the rest stays unique;
 *  - wrapLabel(text): break at spaces and hyphens into at most `lines` lines of
 *    `width` characters, with "…" only when it still does not fit;
 *  - visibleLabels(boxes): greedy choice of the labels to draw, most important
 *    first, so no two drawn labels overlap (the others appear on zooming in, and the
 *    full name is in the tooltip, the focused label and the info panel).
 * Pure functions: tested with `node --test` (tests/js/).
 */

/** Short labels for a list of names: {name → short}.  A tail after the last ", " is
 *  dropped when at least `minShared` names share it and the heads stay distinct. */
export function shortLabels(names, { minShared = 2 } = {}) {
  const split = names.map((n) => {
    const s = String(n ?? "");
    const i = s.lastIndexOf(", ");
    return i > 0 ? [s, s.slice(0, i), s.slice(i + 2)] : [s, s, null];
  });
  const tails = new Map();
  for (const [, , tail] of split) if (tail) tails.set(tail, (tails.get(tail) || 0) + 1);
  const heads = new Map();
  const proposed = split.map(([full, head, tail]) =>
    tail && tails.get(tail) >= minShared ? head : full);
  for (const p of proposed) heads.set(p, (heads.get(p) || 0) + 1);
  const out = new Map();
  split.forEach(([full], i) => {
    // two different names must never share a short label: keep both in full then
    out.set(full, heads.get(proposed[i]) > 1 && proposed[i] !== full ? full : proposed[i]);
  });
  return out;
}

/** text broken into at most `lines` lines of about `width` characters ("\n" between);
 *  words longer than a line are cut, and a text that does not fit ends in "…". */
export function wrapLabel(text, { width = 18, lines = 2 } = {}) {
  const words = String(text ?? "").trim().split(/\s+/).filter(Boolean);
  const out = [];
  let line = "";
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i];
    const candidate = line ? `${line} ${w}` : w;
    if ([...candidate].length <= width) { line = candidate; continue; }
    if (line) { out.push(line); line = ""; }
    if (out.length === lines) break;
    if ([...w].length <= width) { line = w; continue; }
    // a long compound word: break after a hyphen when there is one, else cut
    const hy = w.indexOf("-");
    if (hy > 0 && hy < width) { out.push(w.slice(0, hy + 1)); words.splice(i + 1, 0, w.slice(hy + 1)); }
    else { out.push([...w].slice(0, width - 1).join("") + "…"); }
    if (out.length === lines) { i++; break; }
  }
  if (line && out.length < lines) { out.push(line); line = ""; i = words.length; }
  const cut = i < words.length || line !== "";
  if (cut && out.length) {
    const last = [...out[out.length - 1].replace(/…$/, "")];
    const kept = (last.length >= width ? last.slice(0, width - 1) : last).join("");
    out[out.length - 1] = kept.replace(/[\s,;:]+$/, "") + "…";
  }
  return out.join("\n");
}

/** Whether two boxes {x1, y1, x2, y2} overlap (touching edges do not count). */
export function overlaps(a, b, gap = 0) {
  return a.x1 < b.x2 + gap && b.x1 < a.x2 + gap && a.y1 < b.y2 + gap && b.y1 < a.y2 + gap;
}

/**
 * Where each label goes: a Map id → place for the labels to draw.  Items
 * {id, box, priority, places?} come in order of priority (higher first, ties by id so
 * the choice is stable); `places` are other candidate positions [{place, box}] tried
 * after the default `box` (place "bottom").  A label is kept at the first place whose
 * box overlaps no label kept before it, nor any obstacle {id, box} but its own (node
 * bodies: a label drawn over another node hides it).  Items with `force` (the focused
 * node) are always kept, at their default place; `important` ones (the biggest nodes)
 * may cross another node when no place is free of them.  With `bounds`, a label must
 * lie inside it (the visible part of the map).
 */
export function visibleLabels(items, { gap = 1, obstacles = [], bounds = null } = {}) {
  const order = [...items].sort((a, b) =>
    (b.force ? 1 : 0) - (a.force ? 1 : 0) || (b.priority - a.priority) ||
    (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
  const kept = [];
  const placed = new Map();
  const inside = (box) => !bounds ||
    (box.x1 >= bounds.x1 && box.x2 <= bounds.x2 && box.y1 >= bounds.y1 && box.y2 <= bounds.y2);
  const clear = (box) => inside(box) && !kept.some((k) => overlaps(k, box, gap));
  const free = (item, box) =>
    clear(box) && !obstacles.some((o) => o.id !== item.id && overlaps(o.box, box, 0));
  for (const item of order) {
    if (!item.box || !(item.box.x2 > item.box.x1)) continue;
    const candidates = [{ place: "bottom", box: item.box }].concat(item.places || []);
    const spot = item.force ? candidates[0]
      : candidates.find((c) => free(item, c.box)) ||
        (item.important ? candidates.find((c) => clear(c.box)) : undefined);
    if (!spot) continue;
    kept.push(spot.box);
    placed.set(item.id, spot.place);
  }
  return placed;
}

/** The candidate places of a label measured below its node: above, right and left of
 *  the node body `body` ({x1, y1, x2, y2}), the same size, `margin` away. */
export function otherPlaces(label, body, margin = 3) {
  const w = label.x2 - label.x1; const h = label.y2 - label.y1;
  const cy = (body.y1 + body.y2) / 2;
  return [
    { place: "top", box: { x1: label.x1, x2: label.x2, y1: body.y1 - margin - h, y2: body.y1 - margin } },
    { place: "right", box: { x1: body.x2 + margin, x2: body.x2 + margin + w, y1: cy - h / 2, y2: cy + h / 2 } },
    { place: "left", box: { x1: body.x1 - margin - w, x2: body.x1 - margin, y1: cy - h / 2, y2: cy + h / 2 } },
  ];
}
