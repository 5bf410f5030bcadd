#!/usr/bin/env node
// Lints Cypher statements with Neo4j's official linter
// (@neo4j-cypher/language-support, pinned in package.json) for the Python
// test suite (tests/cypherlint.py).
//
// stdin:  JSON array of {"name": str, "cypher": str, "parameters": {name: sampleValue, ...}}
// stdout: JSON array of {"name": str, "diagnostics": [{"severity", "message", "line", "character"}]}
//         in input order; severity is "error" | "warning" | "information" | "hint";
//         line and character are 0-based (LSP positions) into that statement's text.
// exit:   0 when every statement was linted (whatever the diagnostics),
//         non-zero when this tool itself failed (bad input, linter crash).
//
// Setup: npm ci --prefix tools/cypher-lint

import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

// We target Neo4j 5 with Cypher 5. This package version already falls back to
// 'CYPHER 5' when no defaultLanguage is given, but we say so explicitly.
const CYPHER_VERSION = 'CYPHER 5';

// Procedures a statement may CALL. Once DbSchema.procedures is given, the
// linter reports every procedure not in it as an error ("Procedure X is not
// present in the database") and checks calls against the declared signature
// (argument count, YIELD columns). Add names here when the project starts
// using another procedure.
const PROCEDURES = ['db.index.fulltext.queryNodes', 'db.awaitIndexes'];

// Signatures come from the Neo4j 5 procedure/function catalogue that this
// package ships (testData.mockSchema, dumped from a real Neo4j 5 server).
const catalogue = testData?.mockSchema;

function fail(message) {
  process.stderr.write(`cypher-lint: ${message}\n`);
  process.exitCode = 2;
}

function buildRegistry(kind, version, pick) {
  const all = catalogue?.[kind]?.[version];
  if (!all || typeof all !== 'object') {
    throw new Error(
      `the ${kind} catalogue for ${version} is missing from @neo4j-cypher/language-support`,
    );
  }
  const registry = {};
  for (const [name, entry] of Object.entries(all)) {
    if (pick(name, entry)) registry[name] = entry;
  }
  return registry;
}

function buildBaseSchema() {
  const procedures = {};
  const functions = {};
  // Both versions are filled so that a statement that selects another version
  // with a `CYPHER 25` prefix still gets meaningful procedure/function checks.
  for (const version of ['CYPHER 5', 'CYPHER 25']) {
    procedures[version] = buildRegistry('procedures', version, (name) =>
      PROCEDURES.includes(name),
    );
    const missing = PROCEDURES.filter((p) => !(p in procedures[version]));
    if (missing.length > 0) {
      throw new Error(`unknown procedure(s) in PROCEDURES: ${missing.join(', ')}`);
    }
    // All built-in Cypher functions (no APOC / GDS plugin functions), so a
    // misspelt function name is an error ("Function X is not present ...").
    functions[version] = buildRegistry(
      'functions',
      version,
      (_name, fn) => fn.isBuiltIn === true,
    );
  }
  return { defaultLanguage: CYPHER_VERSION, procedures, functions };
}

const SEVERITIES = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

// The linter accepts a `CYPHER 25` prefix and then lints as Cypher 25, which a
// Neo4j 5 server does not run. Flag it (at the start of the text or after a ';').
const CYPHER_25_PREFIX =
  /(^|;)((?:\s|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*)CYPHER\s+25(?![0-9])/gi;

function versionDiagnostics(cypher) {
  const out = [];
  for (const match of cypher.matchAll(CYPHER_25_PREFIX)) {
    const offset = match.index + match[1].length + match[2].length;
    const before = cypher.slice(0, offset).split('\n');
    out.push({
      severity: 'error',
      message:
        'cypher-lint: statement selects CYPHER 25, but this project targets Neo4j 5 with Cypher 5',
      line: before.length - 1,
      character: before[before.length - 1].length,
    });
  }
  return out;
}

function toDiagnostic(d) {
  return {
    // LSP: a missing severity is up to the client; treat it as an error.
    severity: SEVERITIES[d.severity ?? 1] ?? `unknown(${d.severity})`,
    message: String(d.message),
    line: d.range?.start?.line ?? 0,
    character: d.range?.start?.character ?? 0,
  };
}

function validate(input) {
  if (!Array.isArray(input)) {
    throw new Error('stdin must be a JSON array of {name, cypher, parameters}');
  }
  input.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new Error(`item ${i} is not an object`);
    }
    if (typeof item.name !== 'string') {
      throw new Error(`item ${i}: "name" must be a string`);
    }
    if (typeof item.cypher !== 'string') {
      throw new Error(`item ${i} (${item.name}): "cypher" must be a string`);
    }
    const p = item.parameters;
    if (p !== undefined && (p === null || typeof p !== 'object' || Array.isArray(p))) {
      throw new Error(`item ${i} (${item.name}): "parameters" must be an object`);
    }
  });
  return input;
}

async function readStdin() {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

async function main() {
  let items;
  try {
    items = validate(JSON.parse(await readStdin()));
  } catch (e) {
    fail(`bad input: ${e instanceof Error ? e.message : e}`);
    return;
  }

  let base;
  try {
    base = buildBaseSchema();
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
    return;
  }

  const results = [];
  for (const item of items) {
    // Null prototype, so that e.g. $constructor is not "declared" by Object.prototype.
    // The linter only checks that a parameter is declared (value !== undefined).
    const parameters = Object.assign(Object.create(null), item.parameters ?? {});
    const schema = { ...base, parameters };
    let diagnostics;
    try {
      diagnostics = lintCypherQuery(item.cypher, schema, {
        consoleCommandsEnabled: false,
      }).diagnostics.map(toDiagnostic);
    } catch (e) {
      fail(`the linter crashed on "${item.name}": ${e instanceof Error ? e.stack : e}`);
      return;
    }
    diagnostics.push(...versionDiagnostics(item.cypher));
    diagnostics.sort((a, b) => a.line - b.line || a.character - b.character);
    results.push({ name: item.name, diagnostics });
  }
  process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch((e) => {
  fail(e instanceof Error ? e.stack : String(e));
});
