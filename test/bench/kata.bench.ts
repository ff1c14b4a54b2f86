// Benchmarks of the Kata configuration.toml engine against @iarna/toml parsing the same text, in the same
// process: our position-keeping TOML reader (readToml) and the whole Kata analysis (analyzeKata, which itself
// runs @iarna/toml once for the syntax verdict), on Kata's installed configuration files and a large
// generated one; and the language server's time to first diagnostics and memory for a configuration.toml.
//
// Kata's configuration files are rebuilt from server/data/kata-schema.json, which records for each of
// Kata's configuration*.toml.in templates the values its build writes (per architecture; x86_64 here).
// Kata's long comments are not recorded there, so those files are smaller than the installed ones; the
// large file adds comment paragraphs above every key. Before timing, every value our reader reads must
// equal @iarna/toml's; otherwise the run exits non-zero.

import TOML from '@iarna/toml';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeKata, type KataFiles } from '../../server/src/languages/kata/analysis';
import { kataSchema, keyOf, placeOf, runtimeArch, tableOf } from '../../server/src/languages/kata/schema';
import type { KataTemplate } from '../../server/src/languages/kata/schema/types';
import { isBigInteger } from '../../server/src/languages/kata/schema/templates';
import { allEntries, readToml, type TomlValue } from '../../server/src/languages/kata/toml';
import { repoRoot } from '../protocol/harness';
import { benchRuns, fixed, mb, median, mismatch, record, timed, freshServerFirstDiagnostics } from './common';

const BENCH = 'kata';
const ARCH = 'x86_64';

interface Sample {
  readonly file: string;
  readonly text: string;
}

function tomlValue(v: unknown, float: boolean): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  // Integers beyond a double's precision (mem_agent's compact_force_times) are kept as their digits.
  if (isBigInteger(v)) return v.bigInteger;
  if (typeof v === 'number') return float && Number.isInteger(v) ? `${v}.0` : String(v);
  if (Array.isArray(v)) return `[${v.map((x) => tomlValue(x, float)).join(', ')}]`;
  throw new Error(`no TOML form for ${JSON.stringify(v)}`);
}

/** The values a template's build writes for an architecture, grouped by table, in the template's order. */
function tablesOf(t: KataTemplate): Map<string, Map<string, unknown>> {
  const arch = runtimeArch(t.runtime, ARCH);
  const values = { ...t.values, ...(t.archValues[arch] ?? t.archValues[t.arches[0]] ?? {}) };
  const tables = new Map<string, Map<string, unknown>>();
  for (const [dotted, value] of Object.entries(values)) {
    const cut = dotted.lastIndexOf('.');
    const table = dotted.slice(0, cut);
    if (!tables.has(table)) tables.set(table, new Map());
    tables.get(table)!.set(dotted.slice(cut + 1), value);
  }
  return tables;
}

function isFloatKey(t: KataTemplate, table: string, key: string): boolean {
  const place = placeOf(t.runtime, table.split('.'));
  return keyOf(tableOf(t.runtime, place.id), key)?.key.type === 'float';
}

const COMMENT = [
  'What this setting changes in the sandbox, in the words a Kata configuration file uses to explain it:',
  'the default, the unit, the hypervisors that read it, and what happens when it is left out or empty.',
  'Kata documents nearly every key of configuration.toml with a paragraph of this length above it,',
  'often with an example value that is itself commented out:',
  '#',
  '# key = "example"',
  '#',
  'See the Kata Containers documentation for the details of each hypervisor.',
];

function render(tables: Map<string, Map<string, unknown>>, t: (table: string) => KataTemplate, comments: boolean): string {
  const out: string[] = [];
  for (const [table, keys] of tables) {
    out.push('', `[${table}]`);
    for (const [key, value] of keys) {
      if (comments) out.push(...COMMENT.map((c) => `# ${c}`.trimEnd()));
      out.push(`${key} = ${tomlValue(value, isFloatKey(t(table), table, key))}`);
      if (comments) out.push('');
    }
  }
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}

/** Kata's installed configuration files, as their templates' values say (comments not recorded). */
function installedFiles(dir: string): Sample[] {
  return kataSchema.templates
    .filter((t) => t.arches.includes(runtimeArch(t.runtime, ARCH)))
    .map((t) => {
      // runtime-rs files are installed in a folder of their own; the name alone tells the runtime too.
      const file = path.join(dir, t.runtime === 'rs' ? 'runtime-rs' : '', t.installedName);
      const text = render(tablesOf(t), () => t, false);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return { file, text };
    });
}

/** Every Go-runtime template's tables in one file (the first value of each key wins), with a comment paragraph above every key. */
function largeFile(dir: string): Sample {
  const from = new Map<string, KataTemplate>();
  const tables = new Map<string, Map<string, unknown>>();
  for (const t of kataSchema.templates.filter((x) => x.runtime === 'go' && x.arches.includes(runtimeArch('go', ARCH)))) {
    for (const [table, keys] of tablesOf(t)) {
      if (!tables.has(table)) {
        tables.set(table, new Map());
        from.set(table, t);
      }
      for (const [k, v] of keys) if (!tables.get(table)!.has(k)) tables.get(table)!.set(k, v);
    }
  }
  const file = path.join(dir, 'large', 'configuration.toml');
  const text = render(tables, (table) => from.get(table)!, true);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return { file, text };
}

function plain(v: TomlValue): unknown {
  if (v.kind === 'array') return (v.items ?? []).map(plain);
  if (v.kind === 'inline-table') return Object.fromEntries((v.entries ?? []).map((e) => [e.key.join('.'), plain(e.value)]));
  return v.value;
}

function at(obj: unknown, keys: readonly string[]): unknown {
  let node = obj;
  for (const k of keys) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[k] : undefined;
  return node;
}

/** Values our reader reads that @iarna/toml reads differently (or not at all), and how many were compared. */
function disagreements(sample: Sample): { compared: number; differing: string[] } {
  // @iarna/toml gives integers beyond 2^53 as BigInt; our reader keeps numbers, so they are compared as numbers.
  const asNumber = (_k: string, v: unknown) => (typeof v === 'bigint' ? Number(v) : v);
  const theirs = JSON.parse(JSON.stringify(TOML.parse(sample.text), asNumber)) as unknown;
  const doc = readToml(sample.text);
  const differing = doc.problems.map((p) => `our reader: ${p.message} at line ${p.span.start.line + 1}`);
  let compared = 0;
  for (const { entry } of allEntries(doc)) {
    compared++;
    const ours = JSON.stringify(plain(entry.value));
    const their = JSON.stringify(at(theirs, entry.path));
    if (ours !== their) differing.push(`${entry.path.join('.')} (line ${entry.line + 1}): ours ${ours}, @iarna/toml ${their}`);
  }
  return { compared, differing };
}

const diskFiles: KataFiles = {
  read: (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
  exists: (p) => fs.existsSync(p),
  list: (d) => {
    try {
      return fs.readdirSync(d);
    } catch {
      return undefined;
    }
  },
};

const analyze = (s: Sample) => analyzeKata({ file: s.file, text: s.text, runtime: 'auto', arch: ARCH, files: diskFiles, checkPaths: true });

/** Medians, over `iterations`, of the time each way of reading takes for all the samples together. */
function compare(label: string, samples: readonly Sample[], iterations: number): { iarna: number; reader: number; analysis: number } {
  const bytes = samples.reduce((n, s) => n + Buffer.byteLength(s.text), 0);
  const lines = samples.reduce((n, s) => n + s.text.split('\n').length - 1, 0);
  const each = (fn: (s: Sample) => unknown) => () => {
    for (const s of samples) fn(s);
  };
  const ways = { iarna: each((s) => TOML.parse(s.text)), reader: each((s) => readToml(s.text)), analysis: each(analyze) };
  for (let i = 0; i < 5; i++) for (const w of Object.values(ways)) w();
  const times = { iarna: [] as number[], reader: [] as number[], analysis: [] as number[] };
  for (let i = 0; i < iterations; i++) for (const [k, w] of Object.entries(ways)) times[k as keyof typeof times].push(timed(w));
  const r = { iarna: median(times.iarna), reader: median(times.reader), analysis: median(times.analysis) };
  const problems = samples.reduce((n, s) => n + analyze(s).problems.length, 0);
  console.log(`\n${label}: ${samples.length} file(s), ${lines} lines, ${mb(bytes)} MB (medians of ${iterations}, warm, in this process)`);
  console.log(`  @iarna/toml parse alone: ${fixed(r.iarna, 2)} ms = ${fixed(r.iarna / (bytes / 1048576), 1)} ms/MB`);
  console.log(`  our reader, readToml: ${fixed(r.reader, 2)} ms = ${fixed(r.reader / (bytes / 1048576), 1)} ms/MB = ${fixed(r.reader / r.iarna, 2)}x @iarna/toml`);
  console.log(
    `  the whole Kata analysis, analyzeKata (readToml + an @iarna/toml parse + every check, paths looked up on disk; ${problems} problems): ${fixed(r.analysis, 2)} ms = ${fixed(r.analysis / r.iarna, 2)}x @iarna/toml`,
  );
  return r;
}

async function firstDiagnostics(sample: Sample, runs: number): Promise<void> {
  const { ms, count, memory } = await freshServerFirstDiagnostics(
    runs,
    (client) => client.initialize({ rootUri: pathToFileURL(path.dirname(sample.file)).href, initializationOptions: { trusted: true }, settings: { kataToolkit: { arch: ARCH } } }),
    sample.file,
    'toml',
    sample.text,
  );
  const name = path.basename(sample.file);
  console.log(`\nlanguage server, fresh process, ${name} (Go runtime, QEMU) opened: first diagnostics (${count}) ${fixed(ms, 0)} ms after didOpen (median of ${runs}; target < 300 ms)`);
  console.log(`language server memory after it: RSS ${fixed(memory.rssMb)} MB, peak ${fixed(memory.peakMb)} MB`);
  record({ bench: BENCH, measure: `server: first diagnostics for ${name}, fresh server`, result: `${fixed(ms, 0)} ms`, target: '< 300 ms', met: ms < 300 });
  record({ bench: BENCH, measure: 'server memory, Kata session', result: `RSS ${fixed(memory.rssMb)} MB, peak ${fixed(memory.peakMb)} MB`, target: '< 300 MB', met: memory.peakMb < 300 });
}

async function main(): Promise<void> {
  const runs = benchRuns();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-bench-'));
  try {
    const installed = installedFiles(path.join(work, 'installed'));
    const fixture = path.join(repoRoot, 'test', 'e2e', 'fixtures', 'kata', 'configuration.toml');
    const fixtures: Sample[] = [{ file: path.join(work, 'fixture', 'configuration.toml'), text: fs.readFileSync(fixture, 'utf8') }];
    fs.mkdirSync(path.join(work, 'fixture'));
    fs.writeFileSync(fixtures[0].file, fixtures[0].text);
    const large = largeFile(work);
    console.log(
      `(the repository's own Kata files: test/e2e/fixtures/kata/configuration.toml, ${fixtures[0].text.split('\n').length - 1} lines, is included; the test/fixtures/kata-mini templates hold @PLACEHOLDERS@, which are not TOML, so @iarna/toml cannot read them)`,
    );

    let compared = 0;
    for (const s of [...installed, ...fixtures, large]) {
      const d = disagreements(s);
      compared += d.compared;
      if (d.differing.length > 0) mismatch(BENCH, `our TOML reader against @iarna/toml on ${path.relative(work, s.file)}`, d.differing.slice(0, 5).join('; '));
    }
    console.log(`agreement: our reader and @iarna/toml read the same ${compared} values`);

    const iterations = runs * 20;
    const real = compare(`Kata's installed configuration*.toml for ${ARCH}, rebuilt from kata-schema.json (Kata ${kataSchema.$source.version}), and the repository's fixture`, [...installed, ...fixtures], iterations);
    const big = compare('a large generated configuration.toml (every Go-runtime template\'s tables, a comment paragraph above every key)', [large], iterations);
    for (const [label, r] of [['installed files', real], ['large file', big]] as const) {
      record({ bench: BENCH, measure: `${label}: @iarna/toml parse`, result: `${fixed(r.iarna, 2)} ms` });
      record({ bench: BENCH, measure: `${label}: readToml vs @iarna/toml`, result: `${fixed(r.reader, 2)} ms = ${fixed(r.reader / r.iarna, 2)}x` });
      record({ bench: BENCH, measure: `${label}: analyzeKata (incl. an @iarna/toml parse) vs @iarna/toml`, result: `${fixed(r.analysis, 2)} ms = ${fixed(r.analysis / r.iarna, 2)}x` });
    }

    const qemu = installed.find((s) => path.basename(s.file) === 'configuration-qemu.toml') ?? installed[0];
    await firstDiagnostics(qemu, runs);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
