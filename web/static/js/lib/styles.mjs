/**
 * The map's Cytoscape stylesheet at a label font size.  Colours, shapes, dash patterns
 * and arrowheads come from lib/legend-model.mjs (one table for the map, its legend and
 * the exports); this module says how the classes the map sets (focused, highlighted,
 * faded, ghost, lost, label placements, what-if marks) look.  Pure: tested with
 * `node --test` (tests/js/).
 */
import { GHOST_COLOUR, LINK_STYLES, LOST_COLOUR, SUGGESTED_STYLE } from "./legend-model.mjs";

/** Labels keep this size on screen at every zoom (model size = LABEL_PX / zoom), so
 *  zooming in frees room and more labels appear: the level of detail follows the zoom. */
export const LABEL_PX = 12;

/** The stylesheet (a list of {selector, style}) with labels of fontSize model pixels. */
export function stylesheet(fontSize) {
  const fs = fontSize || 11;
  const s = [
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
      "border-width": 4, "border-color": LOST_COLOUR, "border-style": "dashed" } },
    { selector: "edge", style: {
      "width": "data(_width)", "curve-style": "bezier", "line-color": "#555555",
      "target-arrow-color": "#555555", "arrow-scale": 0.9, "opacity": 0.85 } }
  ];
  // per link kind, before the classes below so ghost/lost/stub styles win
  Object.keys(LINK_STYLES).forEach((kind) => {
    const st = LINK_STYLES[kind];
    const style = { "line-style": st.dash ? "dashed" : "solid", "target-arrow-shape": st.arrow,
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
      "line-style": "dashed", "line-dash-pattern": SUGGESTED_STYLE.dash, "line-color": GHOST_COLOUR,
      "target-arrow-shape": "none", "opacity": 0.75, "width": 2 } },
    { selector: "edge.lost", style: {
      "line-style": "dashed", "line-color": LOST_COLOUR, "target-arrow-color": LOST_COLOUR,
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
      "background-color": "#ffffff", "border-style": "dashed", "border-color": LOST_COLOUR,
      "border-width": 3, "opacity": 0.7 } },
    { selector: "node.new-isolated", style: {
      "border-width": 5, "border-color": LOST_COLOUR, "border-style": "double" } },
    { selector: "node.new-gateway", style: {
      "border-width": 5, "border-color": "#000000", "border-style": "double" } }
  ]);
}
