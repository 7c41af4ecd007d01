#!/usr/bin/env node
// Lints every named statement in cypher/*.cypher with Neo4j's own Cypher linter
// (@neo4j-cypher/language-support, lintCypherQuery), without a Neo4j server.
//
// Usage: node scripts/lint_cypher.mjs [--labels A,B,...] [--types R1,R2,...] [files...]
//   files     default: every cypher/*.cypher next to this script's folder
//   --labels  node labels the graph model uses; with --types, any other label or
//             relationship type in a statement is an error (a typo there would make a
//             MATCH silently find nothing).  tests/test_cypher.py passes the lists
//             from graphmap/store/neo4j.py, so they are written down once.
//
// Each statement is linted on its own with exactly the parameters its `// params:`
// line declares, so an undeclared $parameter is an error.  The named-statement format
// is documented in cypher/schema.cypher and parsed the same way as
// graphmap/store/cypher_files.py.  Prints file:line:column, statement name and message
// for every error; exits 1 if there is any, 2 on bad usage or a malformed file.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package's ESM build uses extensionless imports that Node cannot resolve; its
// CommonJS build works.
const require = createRequire(import.meta.url);
let lintCypherQuery;
try {
  ({ lintCypherQuery } = require('@neo4j-cypher/language-support'));
} catch (err) {
  console.error('lint_cypher: @neo4j-cypher/language-support is not installed; run `npm ci` ' +
    'in the repository root (scripts/setup.sh does it).\n' + err.message);
  process.exit(2);
}

const ERROR = 1; // LSP DiagnosticSeverity.Error
const NAME = /^\/\/\s*name:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;
const PARAMS = /^\/\/\s*params:\s*(.*)$/;
const isNote = (line) => line.trim() === '' || line.trim().startsWith('//');

export function parseStatements(source, file) {
  const lines = source.split(/\r?\n/);
  const headers = [];
  lines.forEach((line, i) => { if (NAME.test(line.trim())) headers.push(i); });
  const problems = [];
  const firstHeader = headers.length ? headers[0] : lines.length;
  for (let i = 0; i < firstHeader; i++) {
    if (!isNote(lines[i])) problems.push(`${file}:${i + 1}: Cypher outside a named statement`);
  }
  const statements = [];
  const seen = new Set();
  headers.forEach((start, n) => {
    const name = NAME.exec(lines[start].trim())[1];
    if (seen.has(name)) problems.push(`${file}:${start + 1}: statement ${name} is named twice`);
    seen.add(name);
    const end = n + 1 < headers.length ? headers[n + 1] : lines.length;
    let bodyStart = start + 1;
    let params = [];
    if (bodyStart < end && PARAMS.test(lines[bodyStart].trim())) {
      params = PARAMS.exec(lines[bodyStart].trim())[1].split(',')
        .map((p) => p.trim().replace(/^\$/, '')).filter(Boolean);
      bodyStart += 1;
    }
    while (bodyStart < end && isNote(lines[bodyStart])) bodyStart += 1;
    let bodyEnd = end;
    while (bodyEnd > bodyStart && isNote(lines[bodyEnd - 1])) bodyEnd -= 1;
    const text = lines.slice(bodyStart, bodyEnd).join('\n');
    if (!text.trim()) problems.push(`${file}:${start + 1}: statement ${name} is empty`);
    statements.push({ name, params, text, line: bodyStart + 1 });
  });
  return { statements, problems };
}

function option(args, flag) {
  const i = args.indexOf(flag);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`lint_cypher: ${flag} needs a comma-separated list`);
    process.exit(2);
  }
  args.splice(i, 2);
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function main(argv) {
  const args = [...argv];
  const labels = option(args, '--labels');
  const types = option(args, '--types');
  const unknown = args.filter((a) => a.startsWith('--'));
  if (unknown.length) {
    console.error(`lint_cypher: unknown option ${unknown[0]}; expected --labels or --types`);
    return 2;
  }
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const cypherDir = join(root, 'cypher');
  const files = args.length ? args.map((f) => resolve(f))
    : readdirSync(cypherDir).filter((f) => f.endsWith('.cypher')).sort()
      .map((f) => join(cypherDir, f));
  if (!files.length) {
    console.error(`lint_cypher: no .cypher files in ${cypherDir}`);
    return 2;
  }
  const strict = labels !== undefined && types !== undefined;
  let errors = 0;
  let count = 0;
  let malformed = false;
  for (const path of files) {
    const file = relative(process.cwd(), path) || path;
    let source;
    try {
      source = readFileSync(path, 'utf8');
    } catch (err) {
      console.error(`lint_cypher: cannot read ${file}: ${err.message}`);
      return 2;
    }
    const { statements, problems } = parseStatements(source, file);
    problems.forEach((p) => console.error(`${p} (format: see cypher/schema.cypher)`));
    if (problems.length) malformed = true;
    for (const st of statements) {
      count += 1;
      const schema = { parameters: Object.fromEntries(st.params.map((p) => [p, null])) };
      if (strict) Object.assign(schema, { labels, relationshipTypes: types });
      for (const d of lintCypherQuery(st.text, schema)) {
        const notDeclared = strict && /is not present in the database/.test(d.message) &&
          /^(Label|Relationship type) /.test(d.message);
        if (d.severity !== ERROR && !notDeclared) continue;
        errors += 1;
        const line = st.line + d.range.start.line;
        const column = d.range.start.character + 1;
        console.log(`${file}:${line}:${column}: statement ${st.name}: ${d.message}`);
      }
    }
  }
  if (malformed) return 2;
  console.log(`lint_cypher: ${count} statement(s) in ${files.length} file(s), ${errors} error(s)` +
    (strict ? '' : ' (labels and relationship types not checked: pass --labels and --types)'));
  return errors ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
