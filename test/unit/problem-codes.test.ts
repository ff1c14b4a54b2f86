// The README's Problem codes tables against the code base: every code the engines can emit has a row, every
// row names a code that is still emitted, a severity written in the source is one the row names, and
// server/data/problem-codes.json is what `npm run gen:problem-codes` makes of the tables today.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '..', '..', '..');
const DATA = 'server/data/problem-codes.json';
const SOURCES = 'server/src';

/** A string literal that has the shape of one of our codes. */
const CODE_LIKE = /^(kconfig|kata|ptp4l)-[a-z0-9]+(-[a-z0-9]+)*$/;
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

/** String literals in server/src that look like codes but name something else. */
const NOT_CODES = new Map<string, string>([
  ['kconfig-fragment', 'a language id (client/src/languageClient.ts, package.json contributes.languages)'],
  ['kata-toml', 'a language id'],
  ['kata-kernel-whitelist', 'a language id'],
  ['kata-config', "the name of the configuration.toml language service (languages/kata/index.ts)"],
  ['kconfig-macro', "a prefix: check.ts drops every kconfig-macro-* problem of a Kconfig file with startsWith"],
  ['kconfig-probes', "the process name ($0) of the helper shells that run $(shell,...) probes (kconfig/shell.ts)"],
  ['kata-deploy-tarball', 'a build step id (tasks/steps.ts, package.json taskDefinitions)'],
  ['kata-runtime', "the program Kata installs, which the sandbox steps run"],
  ['kata-toolkit', "the diagnostic source, the LSP server's name and the problem matcher's prefix"],
  ['kata-toolkit-smoke', "the name of the smoke step's container"],
  ['kata-guest-toolkit', "the package's name, and the cache folder's"],
  ['kata-kconfig', "the command line's name (the SARIF driver)"],
]);

/** Calls that take a code and a severity, and where: problem(code, severity, ...) and the helpers shaped like it. */
const CODE_AND_SEVERITY: Record<string, { code: number; severity: number }> = {
  problem: { code: 0, severity: 1 },
  add: { code: 0, severity: 1 }, // kconfig/analysis.ts
  report: { code: 0, severity: 1 }, // kconfig/parser.ts, kata/checks/rules.ts
  annotation: { code: 5, severity: 3 }, // tasks/annotate.ts: the task and run layer's output lines
};

interface Emitted {
  /** Where each code is written, file:line, first place only. */
  readonly codes: Map<string, string>;
  /** Severities each code is given as a literal next to it. */
  readonly severities: Map<string, Set<string>>;
  /** Every code-like literal, codes or not. */
  readonly literals: Set<string>;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  return e;
}

/** The strings an expression can be when it is a literal or a choice between literals; undefined otherwise. */
function literalValues(e: ts.Expression): string[] | undefined {
  e = unwrap(e);
  if (ts.isStringLiteralLike(e)) return [e.text];
  if (ts.isConditionalExpression(e)) {
    const a = literalValues(e.whenTrue);
    const b = literalValues(e.whenFalse);
    return a && b ? [...a, ...b] : undefined;
  }
  return undefined;
}

/**
 * (code, severity) pairs of one call. Choices on the same condition go together branch by branch
 * (`k === 'error' ? 'x-error' : 'x-warning'` with `k === 'error' ? 'error' : 'warning'`); otherwise each code may
 * have each severity.
 */
function pairs(code: ts.Expression, severity: ts.Expression, file: ts.SourceFile): [string, string][] {
  code = unwrap(code);
  severity = unwrap(severity);
  if (ts.isConditionalExpression(code) && ts.isConditionalExpression(severity) && code.condition.getText(file) === severity.condition.getText(file)) {
    return [...pairs(code.whenTrue, severity.whenTrue, file), ...pairs(code.whenFalse, severity.whenFalse, file)];
  }
  const codes = literalValues(code);
  const severities = literalValues(severity);
  if (!codes || !severities || !severities.every((s) => SEVERITIES.has(s))) return [];
  return codes.flatMap((c) => severities.map((s): [string, string] => [c, s]));
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** Reads server/src with TypeScript's parser: literals in comments or inside longer strings do not count. */
function scanSources(): Emitted {
  const emitted: Emitted = { codes: new Map(), severities: new Map(), literals: new Set() };
  for (const file of sourceFiles(path.join(root, SOURCES))) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) => `${path.relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
    const addCode = (code: string, node: ts.Node) => {
      if (!emitted.codes.has(code)) emitted.codes.set(code, where(node));
    };
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteralLike(node) && CODE_LIKE.test(node.text)) {
        emitted.literals.add(node.text);
        if (!NOT_CODES.has(node.text)) addCode(node.text, node);
      }
      if (ts.isCallExpression(node)) {
        const name = calleeName(node);
        const at = name !== undefined && Object.hasOwn(CODE_AND_SEVERITY, name) ? CODE_AND_SEVERITY[name] : undefined;
        const codeArg = at && node.arguments[at.code];
        const severityArg = at && node.arguments[at.severity];
        if (codeArg && severityArg) {
          for (const [code, severity] of pairs(codeArg, severityArg, source)) {
            // The task layer's codes need not look like the engines' (`compiler`).
            if (name === 'annotation') addCode(code, codeArg);
            if (!emitted.severities.has(code)) emitted.severities.set(code, new Set());
            emitted.severities.get(code)!.add(severity);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return emitted;
}

interface ProblemCodes {
  readonly $source: string;
  readonly codes: Record<string, { readonly severity: string; readonly meaning: string }>;
}

const documented = (JSON.parse(fs.readFileSync(path.join(root, DATA), 'utf8')) as ProblemCodes).codes;
const emitted = scanSources();

describe('problem codes', () => {
  it(`${DATA} is what npm run gen:problem-codes makes of the README`, () => {
    const generated = spawnSync(process.execPath, [path.join(root, 'scripts', 'problem-codes.mjs'), '--stdout'], { cwd: root, encoding: 'utf8' });
    assert.equal(generated.status, 0, `scripts/problem-codes.mjs cannot read the README's Problem codes tables:\n${generated.stderr}`);
    assert.ok(
      generated.stdout === fs.readFileSync(path.join(root, DATA), 'utf8'),
      `${DATA} does not match README.md's Problem codes tables: run \`npm run gen:problem-codes\` and commit both files`,
    );
  });

  it('finds the codes of every layer (the scan itself works)', () => {
    for (const code of ['kconfig-value-lost', 'kconfig-macro-warning', 'kata-fragment-missing-dir', 'kata-unknown-key', 'ptp4l-line-too-long', 'compiler', 'kata-prerequisite']) {
      assert.ok(emitted.codes.has(code), `the scan of ${SOURCES} no longer finds ${code}`);
    }
    assert.deepEqual([...emitted.severities.get('kconfig-macro-info')!], ['information'], 'choices on one condition go together');
  });

  it('has a README row for every code server/src can emit', () => {
    const missing = [...emitted.codes].filter(([code]) => !(code in documented)).map(([code, at]) => `${code} (${at})`);
    assert.deepEqual(missing, [], 'add a row to the Problem codes tables in README.md, then run npm run gen:problem-codes; or, if the string is not a code, add it to NOT_CODES here with the reason');
  });

  it('has no README row for a code nothing emits', () => {
    const stale = Object.keys(documented).filter((code) => !emitted.codes.has(code));
    assert.deepEqual(stale, [], 'remove the row from README.md (or find where the code went), then run npm run gen:problem-codes');
  });

  it('names in the severity column every severity the source gives a code literally', () => {
    const wrong: string[] = [];
    for (const [code, severities] of emitted.severities) {
      const row = documented[code];
      if (!row) continue; // reported above
      const listed = row.severity.split('/').map((s) => s.trim());
      for (const s of severities) if (!listed.includes(s)) wrong.push(`${code}: emitted as ${s}, documented as "${row.severity}" (${emitted.codes.get(code)})`);
    }
    assert.deepEqual(wrong, []);
  });

  it('keeps NOT_CODES to strings that are still in the source and are not codes', () => {
    for (const [text, why] of NOT_CODES) {
      assert.ok(emitted.literals.has(text), `NOT_CODES lists '${text}' (${why}), which ${SOURCES} no longer has; drop it from the list`);
      assert.ok(!(text in documented), `'${text}' is in NOT_CODES and has a README row`);
    }
  });
});
