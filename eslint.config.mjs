// ESLint (flat config) for graphmap's JavaScript: the browser modules of web/static/js,
// their node unit tests (tests/js) and the tool scripts (scripts/*.mjs).  Run by
// tests/test_js_lint.py (so `make test` fails on any error) or `npm run lint:js`.
//
// Why these rules beyond the recommended set: no `var` and const where nothing is
// reassigned (the map used to be one `var`-only closure), and our own modules share
// state by import, never through window: the only window.graphmap* names are the hooks
// the entry points publish for the browser tests and benchmarks, written, never read.
import js from "@eslint/js";
import globals from "globals";

const HOOK = "MemberExpression[object.name='window'][property.name=/^graphmap/]";

export default [
  { ignores: ["**/node_modules/**", "**/.venv/**", "build/**", "dist/**", "graphmap.egg-info/**"] },
  js.configs.recommended,
  {
    files: ["web/static/js/**/*.js", "web/static/js/**/*.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: {
        ...globals.browser,
        // vendor UMD bundles served from /vendor (web/vendor.py), not our code
        L: "readonly",
      },
    },
    rules: {
      "no-var": "error",
      "prefer-const": "error",
      "eqeqeq": ["error", "always", { null: "ignore" }],
      "no-restricted-syntax": ["error", {
        selector: `${HOOK}:not(AssignmentExpression > ${HOOK}.left)`,
        message: "Import what you need; window.graphmap* are test hooks, written by entry points only.",
      }],
    },
  },
  {
    // the pure modules run under node too (tests/js): no DOM at all
    files: ["web/static/js/lib/**/*.mjs"],
    languageOptions: { globals: { ...globals["shared-node-browser"] } },
  },
  {
    files: ["tests/js/**/*.mjs", "scripts/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
