// Input for the fuzz suite, per language: random bytes, mutations of documents shipped in this repository,
// huge lines, deep nesting, unterminated strings and blocks, 10 MB files; and the checks every result must pass.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { fuzzSeeds, type Rng, type SeedPlan } from '../conformance/randomFragments';
import ptp4lData from '../../server/data/ptp4l-options.json';
import kataData from '../../server/data/kata-schema.json';

/** The repository root, from out/test/fuzz/ where this file runs. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export type Language = 'toml' | 'ptp4l' | 'fragment' | 'kconfig';

/** FUZZ_SEED=<seed> (or <seed>:<case>) replays one series; otherwise these plus one fresh seed, printed. */
export function fuzzPlan(what: string, fixed: readonly number[]): SeedPlan[] {
  return fuzzSeeds(process.env, console.log, { variable: 'FUZZ_SEED', what, fixed });
}

/** Whether case `index` of a series runs (FUZZ_SEED=<seed>:<index> runs one). */
export const runsCase = (plan: SeedPlan, index: number): boolean => plan.only === undefined || plan.only === index;

// ---------------------------------------------------------------------------------------------
// Realistic documents: the repository's own fixtures and examples, and documents made from the data tables

function readAll(dir: string, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (accept(e.name)) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

const ptp4lOptions = ptp4lData.options as Record<string, { versions: Record<string, { scope?: string; default?: unknown }> }>;
/** Every ptp4l option name linuxptp 3.1.1 or 4.2 knows. */
export const PTP4L_OPTION_NAMES: readonly string[] = Object.keys(ptp4lOptions).sort();

type KataTables = Record<string, { keys: Record<string, unknown> }>;
const kataRuntimes = kataData.runtimes as unknown as Record<string, { tables: KataTables }>;
/** Every key either Kata runtime reads, and the tables they live in. */
export const KATA_KEYS: readonly string[] = [...new Set(Object.values(kataRuntimes).flatMap((r) => Object.values(r.tables).flatMap((t) => Object.keys(t.keys))))].sort();
export const KATA_TABLES: readonly string[] = [...new Set(Object.values(kataRuntimes).flatMap((r) => Object.keys(r.tables)))].sort();

function tomlValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  return String(v);
}

/** A configuration.toml as Kata ships it: the values of one of the templates in kata-schema.json. */
function kataTemplateDocument(values: Record<string, unknown>): string {
  const byTable = new Map<string, string[]>();
  for (const [full, v] of Object.entries(values)) {
    const parts = full.split('.');
    const table = parts.slice(0, -1).join('.');
    const lines = byTable.get(table) ?? [];
    lines.push(`# ${parts[parts.length - 1]}: set by the template\n${parts[parts.length - 1]} = ${tomlValue(v)}`);
    byTable.set(table, lines);
  }
  return [...byTable].map(([table, lines]) => `${table ? `[${table}]\n` : ''}${lines.join('\n')}\n`).join('\n');
}

/** A ptp4l.cfg setting every option of one scope to its default, as linuxptp's default.cfg does. */
function ptp4lDefaultsDocument(version: string): string {
  const global: string[] = [];
  const port: string[] = [];
  for (const name of PTP4L_OPTION_NAMES) {
    const o = ptp4lOptions[name].versions[version];
    if (!o || o.default === undefined || o.default === null) continue;
    (o.scope === 'port' ? port : global).push(`${name} ${String(o.default)}`);
  }
  return `# defaults of linuxptp ${version}\n[global]\n${global.join('\n')}\n${port.join('\n')}\n[eth0]\n${port.slice(0, 8).join('\n')}\n[unicast_master_table]\ntable_id 1\nlogQueryInterval 2\nUDPv4 192.168.1.1\nL2 00:11:22:33:44:55\n`;
}

let seedCache: Record<Language, string[]> | undefined;

/** Realistic documents per language, to mutate. */
export function seedDocuments(): Record<Language, string[]> {
  if (seedCache) return seedCache;
  const templates = (kataData.templates as { values: Record<string, unknown> }[]).map((t) => kataTemplateDocument(t.values));
  const toml = [
    ...readAll(path.join(repoRoot, 'test', 'fixtures', 'kata-mini'), (n) => /\.toml(\.in)?$/.test(n)),
    ...readAll(path.join(repoRoot, 'test', 'e2e', 'fixtures', 'kata'), (n) => n.endsWith('.toml')),
    ...templates.filter((_, i) => i % 4 === 0),
  ];
  const ptp4l = [...readAll(path.join(repoRoot, 'test', 'e2e', 'workspace', 'linuxptp'), (n) => n.endsWith('.cfg')), ...ptp4lData.versions.map(ptp4lDefaultsDocument)];
  const fragment = [
    ...readAll(path.join(repoRoot, 'examples', 'kata-workspace', 'kata-containers'), (n) => n.endsWith('.conf') && !n.startsWith('whitelist')),
    ...readAll(path.join(repoRoot, 'test', 'conformance', 'fixtures'), (n) => n.endsWith('.conf')),
  ];
  const kconfig = readAll(path.join(repoRoot, 'examples', 'kata-workspace', 'linux'), (n) => n.startsWith('Kconfig'));
  for (const [lang, docs] of Object.entries({ toml, ptp4l, fragment, kconfig })) {
    assert.ok(docs.length > 0, `no ${lang} documents found in the repository to start from`);
  }
  seedCache = { toml, ptp4l, fragment, kconfig };
  return seedCache;
}

/** Kconfig symbol names written in the example fragments (without CONFIG_). */
export function kconfigNames(): string[] {
  const names = new Set<string>();
  for (const doc of seedDocuments().fragment) for (const m of doc.matchAll(/CONFIG_([A-Za-z0-9_]+)/g)) names.add(m[1]);
  return [...names].sort();
}

// ---------------------------------------------------------------------------------------------
// Random and mutated text

/** Pieces of each language's syntax, spliced in by `mutate`. */
export function piecesOf(lang: Language): readonly string[] {
  switch (lang) {
    case 'toml':
      return ['[', ']', '[[', ']]', '{', '}', '"', "'", '"""', "'''", ' = ', '=', ',', '.', '#', '\n', '\\', '\\u', '\\U0011FFFF', '\\uD800', '@X@', 'true', 'false', 'inf', '-nan', '0x', '0o8', '1979-05-27T07:32:00Z', '1e999', '_', '1_000', '+', '\t', 'a."b.c"', ...KATA_KEYS.slice(0, 40), ...KATA_TABLES.map((t) => `[${t}]\n`)];
    case 'ptp4l':
      return ['[global]\n', '[unicast_master_table]\n', '[eth0]\n', '[', ']', '#', ' ', '\t', '\n', '\r', 'table_id 1\n', 'UDPv4 ', 'L2 ', 'UDPv6 ', '0x', '-1', '99999999999999999999', '1e3', 'E2E', 'P2P', 'ptp4l -f ptp4l.cfg -i eth0', ...PTP4L_OPTION_NAMES.slice(0, 60).map((n) => `${n} `)];
    case 'fragment':
      return ['CONFIG_', '=', '"', '\\"', '# CONFIG_', ' is not set', 'y', 'm', 'n', '0x', '-', '\\', '\n', '\r\n', '#', ' ', ...kconfigNames().slice(0, 30).map((n) => `CONFIG_${n}=`)];
    case 'kconfig':
      return ['config ', 'menuconfig ', 'choice', 'endchoice', 'menu "', 'endmenu', 'if ', 'endif', 'source "', 'help', '\t', '  ', '\n', '"', "'", '$(', ')', '(', '&&', '||', '!', '=', '!=', '<=', 'depends on ', 'select ', 'default ', 'range ', 'bool', 'tristate', '\\\n', '#', '$(info,', 'A = $(A)', ':=', '+='];
  }
}

/** Random text of about `length` characters in one of several encodings of trouble. */
export function randomText(rng: Rng, length: number): string {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    bytes[i] = rng.weighted<() => number>([
      [() => rng.int(0x20, 0x7e), 6],
      [() => 0x0a, 1],
      [() => 0x0d, 1],
      [() => 0, 1],
      [() => rng.int(0x80, 0xff), 2],
      [() => rng.int(0, 0x1f), 1],
    ])();
  }
  switch (rng.int(0, 5)) {
    case 0:
      return bytes.toString('latin1');
    case 1:
      // Invalid UTF-8 becomes U+FFFD, as an editor shows a binary file.
      return bytes.toString('utf8');
    case 2: {
      // UTF-16 code units, lone surrogates included.
      let s = '';
      for (let i = 0; i < length; i++) s += String.fromCharCode(rng.chance(0.2) ? rng.int(0xd800, 0xdfff) : rng.int(0, 0xffff));
      return s;
    }
    case 3:
      return bytes.toString('latin1').replace(/\n/g, '\r');
    case 4:
      return '\ufeff' + bytes.toString('utf8');
    default:
      return '\0'.repeat(rng.int(1, 8)) + bytes.toString('latin1');
  }
}

/** A few random changes to `text`: pieces of syntax, deletions, odd characters, repeats, line shuffles, cuts. */
export function mutate(rng: Rng, text: string, pieces: readonly string[], changes = rng.int(1, 12)): string {
  let out = text;
  for (let i = 0; i < changes; i++) {
    const at = rng.int(0, out.length);
    switch (rng.int(0, 8)) {
      case 0:
      case 1:
        out = out.slice(0, at) + rng.pick(pieces) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + out.slice(Math.min(out.length, at + rng.int(1, 30)));
        break;
      case 3:
        // Any UTF-16 unit: NUL, controls, lone surrogates, BOM.
        out = out.slice(0, at) + String.fromCharCode(rng.pick([0, 0xfeff, 0xd800, 0xdfff, rng.int(0, 0xffff)])) + out.slice(at);
        break;
      case 4:
        out = out.slice(0, at) + out.slice(at, at + rng.int(1, 80)).repeat(rng.int(1, 5)) + out.slice(at);
        break;
      case 5: {
        const lines = out.split('\n');
        const a = rng.int(0, lines.length - 1);
        const b = rng.int(0, lines.length - 1);
        [lines[a], lines[b]] = [lines[b], lines[a]];
        out = lines.join('\n');
        break;
      }
      case 6:
        out = rng.chance(0.5) ? out.replace(/\n/g, rng.pick(['\r', '\r\n', '\n\r'])) : out.slice(0, at);
        break;
      default:
        out = out.slice(0, at) + '\n' + out.slice(at);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hostile documents built on purpose

export interface HostileCase {
  readonly name: string;
  readonly text: string;
  /** Built to be wrong: at least one problem must come back. */
  readonly wrong: boolean;
}

const MB = 1024 * 1024;

/** Single lines of at least 1 MB, some of them wrong. */
export function hugeLines(rng: Rng, lang: Language): HostileCase[] {
  const n = MB + rng.int(0, 4096);
  switch (lang) {
    case 'toml':
      return [
        { name: '1 MB unterminated string', text: '[runtime]\nenable_debug = "' + 'x'.repeat(n) + '\n', wrong: true },
        { name: '1 MB array on one line', text: '[agent.kata]\nkernel_modules = [' + '"m",'.repeat(n / 4) + ']\n', wrong: false },
        { name: '1 MB key', text: '[runtime]\n' + 'k'.repeat(n) + ' = 1\n', wrong: false },
        { name: '1 MB of values after a key', text: 'a = 1 ' + '2 '.repeat(n / 2) + '\n', wrong: true },
      ];
    case 'ptp4l':
      return [
        { name: '1 MB value', text: '[global]\npriority1 ' + '1'.repeat(n) + '\n', wrong: true },
        { name: '1 MB section name', text: '[' + 'e'.repeat(n) + ']\nlogSyncInterval 0\n', wrong: true },
        { name: '1 MB of blanks and words', text: '[global]\n' + 'a '.repeat(n / 2) + '\n', wrong: true },
      ];
    case 'fragment':
      return [
        { name: '1 MB unterminated string value', text: 'CONFIG_CMDLINE="' + 'x'.repeat(n) + '\n', wrong: false },
        { name: '1 MB garbage line', text: '\0'.repeat(n) + '\nCONFIG_A=y\n', wrong: true },
      ];
    case 'kconfig':
      return [
        { name: '1 MB prompt', text: 'config A\n\tbool "' + 'p'.repeat(n) + '"\n', wrong: false },
        { name: '1 MB unterminated prompt', text: 'config A\n\tbool "' + 'p'.repeat(n) + '\nconfig B\n\tbool "b"\n', wrong: true },
        { name: '1 MB expression', text: 'config A\n\tbool "a"\n\tdepends on ' + 'B && '.repeat(n / 5) + 'B\nconfig B\n\tbool "b"\n', wrong: false },
      ];
  }
}

/** Nesting 10,000 deep: far past any real file, and past every limit the readers set. */
export function deepNesting(lang: Language, depth = 10_000): HostileCase[] {
  switch (lang) {
    case 'toml':
      return [
        { name: `arrays ${depth} deep`, text: 'a = ' + '['.repeat(depth) + ']'.repeat(depth) + '\n', wrong: true },
        { name: `inline tables ${depth} deep`, text: 'a = ' + '{ b = '.repeat(depth) + '1' + ' }'.repeat(depth) + '\n', wrong: true },
        { name: `arrays ${depth} deep, unterminated`, text: 'a = ' + '[\n'.repeat(depth), wrong: true },
        { name: `dotted key ${depth} parts`, text: 'a' + '.a'.repeat(depth) + ' = 1\n', wrong: false },
        { name: `table header ${depth} parts`, text: '[' + Array(depth).fill('t').join('.') + ']\nx = 1\n', wrong: false },
      ];
    case 'ptp4l':
      return [
        { name: `brackets ${depth} deep`, text: '['.repeat(depth) + ']'.repeat(depth) + '\nlogSyncInterval 0\n', wrong: true },
        { name: `${depth} sections`, text: Array.from({ length: depth }, (_, i) => `[eth${i}]\nlogSyncInterval 0\n`).join(''), wrong: false },
      ];
    case 'fragment':
      return [{ name: `${depth} lines of quotes`, text: 'CONFIG_S="\\"'.repeat(depth) + '\n', wrong: false }];
    case 'kconfig':
      return [
        { name: `menus ${depth} deep`, text: 'menu "m"\n'.repeat(depth) + 'config A\n\tbool "a"\n' + 'endmenu\n'.repeat(depth), wrong: true },
        { name: `ifs ${depth} deep, never closed`, text: 'if A\n'.repeat(depth) + 'config A\n\tbool "a"\n', wrong: true },
        { name: `parentheses ${depth} deep`, text: 'config A\n\tbool "a"\n\tdepends on ' + '('.repeat(depth) + 'B' + ')'.repeat(depth) + '\nconfig B\n\tbool "b"\n', wrong: true },
        { name: `macro calls ${depth} deep`, text: 'X := ' + '$(if,'.repeat(depth) + 'y' + ')'.repeat(depth) + '\nconfig A\n\tbool "$(X)"\n', wrong: true },
      ];
  }
}

/** Strings, multi-line strings, help blocks and headers left open. */
export function unterminated(lang: Language): HostileCase[] {
  switch (lang) {
    case 'toml':
      return [
        { name: 'string', text: '[runtime]\nsandbox_cgroup_only = "true\nenable_debug = true\n', wrong: true },
        { name: 'literal string', text: "[runtime]\ninternetworking_model = 'tcfilter\n", wrong: true },
        { name: 'multi-line string', text: '[hypervisor.qemu]\nkernel_params = """\nquiet\n', wrong: true },
        { name: 'multi-line literal string', text: "[hypervisor.qemu]\nkernel_params = '''\nquiet", wrong: true },
        { name: 'multi-line string ending in a backslash', text: '[hypervisor.qemu]\nkernel_params = """ \\\n  \\\n', wrong: true },
        { name: 'array', text: '[agent.kata]\nkernel_modules = ["a",\n"b"\n', wrong: true },
        { name: 'inline table', text: 'a = { b = 1, c = "\n', wrong: true },
        { name: 'table header', text: '[hypervisor.qemu\npath = "/usr/bin/qemu"\n', wrong: true },
        { name: 'array of tables header', text: '[[a]\nb = 1\n', wrong: true },
        { name: 'escape', text: 'a = "\\', wrong: true },
      ];
    case 'ptp4l':
      return [
        { name: 'option without a value', text: '[global]\npriority1\n', wrong: true },
        { name: 'setting before any section', text: 'priority1 128\n[global]\n', wrong: true },
        { name: 'header of brackets only', text: '[]\nlogSyncInterval 0\n', wrong: true },
        { name: 'unicast table without an address', text: '[unicast_master_table]\ntable_id 1\nUDPv4\n[eth0]\nunicast_master_table 1\n', wrong: true },
      ];
    case 'fragment':
      return [
        { name: 'string value', text: 'CONFIG_CMDLINE="console=ttyS0\nCONFIG_A=y\n', wrong: false },
        { name: 'assignment without =', text: 'CONFIG_A\n', wrong: true },
        { name: 'indented assignment', text: '  CONFIG_A=y\n', wrong: true },
      ];
    case 'kconfig':
      return [
        { name: 'help block at the end of the file', text: 'config A\n\tbool "a"\n\thelp\n\t  text\n\t  more', wrong: false },
        { name: 'help block of nothing', text: 'config A\n\tbool "a"\n\thelp\n', wrong: false },
        { name: 'prompt', text: 'config A\n\tbool "a\nconfig B\n\tbool "b"\n', wrong: true },
        { name: 'menu', text: 'menu "m"\nconfig A\n\tbool "a"\n', wrong: true },
        { name: 'choice', text: 'choice\n\tprompt "c"\nconfig A\n\tbool "a"\n', wrong: true },
        { name: 'macro call', text: 'X := $(info,never closed\nconfig A\n\tbool "a"\n', wrong: true },
        { name: 'line continuation at the end', text: 'config A\n\tbool "a"\n\tdepends on B \\', wrong: false },
      ];
  }
}

/** A file of at least 10 MB: realistic documents one after another, lightly changed so that not every line repeats. */
export function tenMegabytes(rng: Rng, lang: Language): HostileCase {
  return { name: '10 MB file', text: realisticOfSize(rng, lang, 10 * MB), wrong: false };
}

/** Realistic documents of a language one after another up to `bytes`, some lightly changed, names kept apart. */
export function realisticOfSize(rng: Rng, lang: Language, bytes: number): string {
  const seeds = seedDocuments()[lang];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    let doc = rng.pick(seeds);
    // Different names per copy: tables, sections and symbols that are not all the same one.
    if (lang === 'kconfig') doc = doc.replace(/^(\s*(?:menu)?config\s+)(\w+)/gm, `$1$2_${i}`).replace(/^source .*$/gm, '');
    if (lang === 'ptp4l' && i > 0) doc = doc.replace(/^\[(global|unicast_master_table)\]$/gm, `[eth${i}]`);
    if (rng.chance(0.3)) doc = mutate(rng, doc, piecesOf(lang), rng.int(1, 3));
    parts.push(doc);
    size += doc.length + 1;
  }
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Checks

export interface SpanLike {
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
}

export interface ProblemLike {
  readonly code: string;
  readonly message: string;
  readonly span: SpanLike;
}

/** Lines as the engines count them: split at \n only (a \r before it stays on the line). */
export function engineLines(text: string): string[] {
  return text.split('\n');
}

/** A line's length without its line end: a \r before the \n belongs to the line end (as the protocol counts). */
const lengthOf = (line: string) => (line.endsWith('\r') ? line.length - 1 : line.length);

/** Asserts that a span lies inside the text: lines that exist, columns within their line, start before end. */
export function assertSpanInside(lines: readonly string[], s: SpanLike, what: string): void {
  const ok = (p: { line: number; column: number }) =>
    Number.isInteger(p.line) && Number.isInteger(p.column) && p.line >= 0 && p.line < lines.length && p.column >= 0 && p.column <= lengthOf(lines[p.line]);
  assert.ok(ok(s.start) && ok(s.end), `${what}: span ${fmt(s)} lies outside the document (${lines.length} lines${s.end.line < lines.length && s.end.line >= 0 ? `, line ${s.end.line} has ${lengthOf(lines[s.end.line])} characters` : ''})`);
  assert.ok(s.start.line < s.end.line || (s.start.line === s.end.line && s.start.column <= s.end.column), `${what}: span ${fmt(s)} ends before it starts`);
}

const fmt = (s: SpanLike) => `${s.start.line}:${s.start.column}-${s.end.line}:${s.end.column}`;

/** Every problem has a code, words, and a span inside the document it is about. */
export function assertProblemsSane(text: string, problems: readonly ProblemLike[], what: string, lines = engineLines(text)): void {
  for (const p of problems) {
    assert.match(p.code, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${what}: problem code ${JSON.stringify(p.code)} is not kebab-case`);
    assert.ok(p.message.trim().length > 0, `${what}: ${p.code} has no message`);
    assertSpanInside(lines, p.span, `${what}: ${p.code} (${p.message.slice(0, 120)})`);
  }
}

// A call that never returns blocks this thread, so no timer here could report it. A watchdog thread reads the
// call in progress and its deadline from shared memory; past the deadline it writes what hung to stderr and
// kills the process, which the test runner reports as a failed file with those words.
const watchMemory = new SharedArrayBuffer(16 + 4096);
const watchDeadline = new Float64Array(watchMemory, 0, 1);
const watchLength = new Int32Array(watchMemory, 8, 1);
const watchLabel = new Uint8Array(watchMemory, 16);
let watchdog: Worker | undefined;

const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const deadline = new Float64Array(workerData, 0, 1);
const length = new Int32Array(workerData, 8, 1);
const label = new Uint8Array(workerData, 16);
setInterval(() => {
  // Read once: the main thread may disarm (0) between two reads.
  const due = deadline[0];
  if (due > 0 && Date.now() > due) {
    const what = Buffer.from(label.slice(0, length[0])).toString();
    fs.writeSync(2, '\\nfuzz watchdog: ' + what + ' has not returned by its deadline; it hangs. Killing the test process.\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}, 200);
`;

/** Arms the watchdog for one call: `what` must not take longer than `ms`. */
export function watch(what: string, ms: number): void {
  if (!watchdog) {
    watchdog = new Worker(WATCHDOG, { eval: true, workerData: watchMemory });
    watchdog.unref();
  }
  const bytes = Buffer.from(what.slice(0, 1000));
  const n = Math.min(bytes.length, watchLabel.length);
  watchLabel.set(bytes.subarray(0, n));
  watchLength[0] = n;
  watchDeadline[0] = Date.now() + ms;
}

export function unwatch(): void {
  watchDeadline[0] = 0;
}

/**
 * Runs `fn`, failing when it throws or takes longer than `boundMs` (a hang detector, not a benchmark). A call
 * that runs three times its bound and more without returning is reported and ended by the watchdog.
 */
export function withinBound<T>(what: string, boundMs: number, fn: () => T): { value: T; ms: number } {
  const started = performance.now();
  let value: T;
  watch(what, boundMs * 3 + 10_000);
  try {
    value = fn();
  } catch (err) {
    throw new Error(`${what} threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    unwatch();
  }
  const ms = performance.now() - started;
  assert.ok(ms <= boundMs, `${what} took ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
  return { value, ms };
}

/** A short printable description of a text, for failure messages. */
export function describeText(text: string): string {
  const head = JSON.stringify(text.slice(0, 80));
  return `${text.length} characters, ${engineLines(text).length} lines, starting ${head}`;
}

/** One hostile document of a language: random bytes, a mutated realistic one, or one of the built cases. */
export function hostileDocument(rng: Rng, lang: Language, options: { huge?: boolean } = {}): string {
  switch (rng.weighted<string>([
    ['bytes', 2],
    ['mutated', 4],
    ['unterminated', 2],
    ['deep', 1],
    ['huge', options.huge ? 1 : 0],
  ])) {
    case 'bytes':
      return randomText(rng, rng.int(0, 3000));
    case 'mutated':
      return mutate(rng, rng.pick(seedDocuments()[lang]), piecesOf(lang));
    case 'unterminated':
      return rng.pick(unterminated(lang)).text;
    case 'deep':
      return rng.pick(deepNesting(lang)).text;
    default:
      return rng.pick(hugeLines(rng, lang)).text;
  }
}
