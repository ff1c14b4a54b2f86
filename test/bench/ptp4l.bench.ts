// Benchmarks of the ptp4l.cfg engine against linuxptp's own ptp4l (3.1.1 and 4.2, Debian's amd64 builds)
// reading the same large files, on the same machine in the same run; and the language server's time to
// first diagnostics and memory for a ptp4l.cfg.
//
// ptp4l has no parse-only mode. Each generated file is valid to its last line, which is an unknown option:
// ptp4l reads the whole file, stops there with a configuration error and exits before it touches any
// interface. The same invocation on a two-line file ([global] and that bad line) gives the cost of starting
// the process, which is subtracted. Before timing, ptp4l must refuse the file at its last line and nowhere
// else, and so must our engine; otherwise the run exits non-zero.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzePtp4l } from '../../server/src/languages/ptp4l/analysis';
import { checkOptions } from '../../server/src/languages/ptp4l/checks/options';
import { checkUnicastTables } from '../../server/src/languages/ptp4l/checks/unicast';
import { ptp4lOptions, type Ptp4lOptionVersion } from '../../server/src/languages/ptp4l/options';
import { parsePtp4l } from '../../server/src/languages/ptp4l/parser';
import { defaultCacheDirectory } from '../../server/src/settings';
import { LINUXPTP_SOURCES, linuxptpSourceDir, ptp4lBinary } from '../../server/tools/ptp4lOptions/debian';
import { benchRuns, fixed, mb, median, mismatch, record, skipped, timed, timeProcess, freshServerFirstDiagnostics } from './common';

const BENCH = 'ptp4l';
const BAD_OPTION = 'kgt_bench_end';
const cli = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

/** A value ptp4l accepts for the option, chosen by `k` among its default, bounds and enum values. */
function legalValue(d: Ptp4lOptionVersion, k: number): string | undefined {
  if (d.type === 'enum') return d.values && d.values.length > 0 ? d.values[k % d.values.length] : undefined;
  // Strings without a default (leapfile, userDescription, ...) would need a value we make up: left out.
  if (d.type === 'string') return typeof d.default === 'string' && d.default !== '' ? d.default : undefined;
  const inRange = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && (d.min === undefined || x >= d.min) && (d.max === undefined || x <= d.max);
  const candidates = [d.default, d.min, d.max].filter(inRange);
  return candidates.length > 0 ? String(candidates[k % candidates.length]) : undefined;
}

/** The version's options under their current names (deprecated spellings make ptp4l print a warning). */
function optionsOf(version: string): [string, Ptp4lOptionVersion][] {
  const deprecated = new Set((ptp4lOptions.deprecated[version] ?? []).map((d) => d.from));
  return Object.entries(ptp4lOptions.options)
    .filter(([name, o]) => o.versions[version] !== undefined && !deprecated.has(name))
    .map(([name, o]) => [name, o.versions[version]]);
}

interface Generated {
  readonly shape: string;
  readonly description: string;
  readonly text: string;
  /** 1-based line of the bad last line. */
  readonly badLine: number;
  /** The section ptp4l names in its complaint about the last line. */
  readonly lastSection: string;
}

/** [global] written again and again, each time with every option (global and port ones) at another legal value. */
function globalShape(version: string, blocks: number): Generated {
  const options = optionsOf(version);
  const lines: string[] = [];
  for (let b = 0; b < blocks; b++) {
    lines.push(`# block ${b}`, '[global]');
    for (const [name, d] of options) {
      const v = legalValue(d, b);
      if (v !== undefined) lines.push(`${name} ${v}`);
    }
    lines.push('');
  }
  lines.push(`${BAD_OPTION} 1`);
  return { shape: 'global', description: `[global] ${blocks} times, each with every option`, text: `${lines.join('\n')}\n`, badLine: lines.length, lastSection: 'global' };
}

/** [global] once with every option, unicast master tables, then many interface sections with every port option. */
function portsShape(version: string, ports: number, tables: number): Generated {
  const options = optionsOf(version);
  const lines: string[] = ['[global]'];
  for (const [name, d] of options) {
    const v = legalValue(d, 0);
    if (v !== undefined) lines.push(`${name} ${v}`);
  }
  for (let t = 1; t <= tables; t++) {
    lines.push('', '[unicast_master_table]', `table_id ${t}`, 'logQueryInterval 2');
    for (let a = 1; a <= 8; a++) lines.push(`UDPv4 10.${t}.0.${a}`);
  }
  let last = 'global';
  for (let p = 0; p < ports; p++) {
    last = `bench${String(p).padStart(4, '0')}`;
    lines.push('', `# port ${p}`, `[${last}]`);
    for (const [name, d] of options) {
      if (d.scope !== 'port') continue;
      const v = legalValue(d, p + 1);
      if (v !== undefined) lines.push(`${name} ${v}`);
    }
  }
  lines.push(`${BAD_OPTION} 1`);
  return {
    shape: 'ports',
    description: `[global] with every option, ${tables} unicast tables, ${ports} interface sections with every port option`,
    text: `${lines.join('\n')}\n`,
    badLine: lines.length,
    lastSection: last,
  };
}

/** Lines (1-based) where our engine reports what ptp4l refuses while reading (as the conformance test counts them). */
function ourRefusals(text: string, version: string): number[] {
  const f = parsePtp4l(text);
  return [
    ...f.problems.filter((p) => p.code !== 'ptp4l-line-too-long').map((p) => p.span.start.line + 1),
    ...checkUnicastTables('/b/ptp4l.cfg', f).map((p) => p.span.start.line + 1),
    ...checkOptions('/b/ptp4l.cfg', f, version)
      .filter((p) => p.severity === 'error')
      .map((p) => p.span.start.line + 1),
  ].sort((a, b) => a - b);
}

/** What ptp4l must print for the file: the last line refused, and nothing else. */
function expectedComplaint(g: Generated, file: string): string {
  return `unknown option ${BAD_OPTION} at line ${g.badLine} in ${g.lastSection} section\nfailed to parse configuration file ${file}\n`;
}

function writeIn(dir: string, text: string): string {
  fs.mkdirSync(dir, { recursive: true });
  // A ptp4l* name, so that the CLI takes it as a ptp4l configuration; alone in its folder (no peers, no scripts).
  const file = path.join(dir, 'ptp4l-bench.cfg');
  fs.writeFileSync(file, text);
  return file;
}

function ratio(ours: number, theirs: number): string {
  return theirs > 0 ? `${(ours / theirs).toFixed(2)}x` : 'n/a';
}

function perLine(ms: number, lines: number): string {
  return `${fixed((ms * 1000) / lines, 2)} µs/line`;
}

function perMb(ms: number, bytes: number): string {
  return `${fixed(ms / (bytes / (1024 * 1024)), 1)} ms/MB`;
}

async function benchVersion(version: string, exe: string, work: string, runs: number): Promise<void> {
  const baseline: Generated = { shape: 'baseline', description: '', text: `[global]\n${BAD_OPTION} 1\n`, badLine: 2, lastSection: 'global' };
  const baseFile = writeIn(path.join(work, version, 'baseline'), baseline.text);
  for (const g of [globalShape(version, 240), portsShape(version, 200, 10)]) {
    const file = writeIn(path.join(work, version, g.shape), g.text);
    const bytes = Buffer.byteLength(g.text);
    const lines = g.badLine;
    const label = `ptp4l ${version}, "${g.shape}" file (${lines} lines, ${mb(bytes)} MB: ${g.description}, then one unknown option)`;
    console.log(`\n${label}`);

    // The comparison only means something if both read the whole file and refuse exactly its last line.
    const first = timeProcess(exe, ['-f', file]);
    if (first.status === 0 || first.stderr !== expectedComplaint(g, file)) {
      mismatch(BENCH, `ptp4l ${version} ${g.shape}: the generated body`, `ptp4l should refuse only line ${g.badLine}; it exited ${first.status} saying: ${first.stderr.trim().slice(0, 400)}`);
      continue;
    }
    const base = timeProcess(exe, ['-f', baseFile]);
    if (base.stderr !== expectedComplaint(baseline, baseFile)) {
      mismatch(BENCH, `ptp4l ${version} baseline`, `unexpected complaint: ${base.stderr.trim().slice(0, 400)}`);
      continue;
    }
    const ours = ourRefusals(g.text, version);
    if (ours.length !== 1 || ours[0] !== g.badLine) {
      mismatch(BENCH, `ptp4l ${version} ${g.shape}: our engine`, `should refuse only line ${g.badLine} as ptp4l does; it refuses line(s) ${ours.slice(0, 10).join(', ') || 'none'}`);
      continue;
    }
    console.log(`  agreement: ptp4l ${version} and our engine both refuse line ${g.badLine} and nothing before it`);

    // ptp4l: the file, and the two-line file, interleaved; processes are short, so more of them.
    const bodyMs: number[] = [];
    const baseMs: number[] = [];
    for (let i = 0; i < runs * 6; i++) {
      bodyMs.push(timeProcess(exe, ['-f', file]).ms);
      baseMs.push(timeProcess(exe, ['-f', baseFile]).ms);
    }
    const theirWhole = median(bodyMs);
    const theirStart = median(baseMs);
    const theirParse = Math.max(theirWhole - theirStart, 0.001);
    console.log(
      `  ptp4l ${version} reading it: ${fixed(theirParse, 1)} ms (whole process ${fixed(theirWhole, 1)} ms minus ${fixed(theirStart, 1)} ms for the two-line file; medians of ${bodyMs.length}) = ${perLine(theirParse, lines)}, ${perMb(theirParse, bytes)}`,
    );

    // Our engine in this process, warmed up: parsing alone, and parsing with every check the editor runs.
    for (let i = 0; i < 3; i++) analyzePtp4l(file, g.text, version);
    const parseMs: number[] = [];
    const analyzeMs: number[] = [];
    for (let i = 0; i < runs * 4; i++) {
      parseMs.push(timed(() => parsePtp4l(g.text)));
      analyzeMs.push(timed(() => analyzePtp4l(file, g.text, version)));
    }
    const parse = median(parseMs);
    const analyze = median(analyzeMs);
    console.log(`  ours in-process, warm, parsePtp4l only: ${fixed(parse, 1)} ms = ${perLine(parse, lines)}, ${perMb(parse, bytes)} = ${ratio(parse, theirParse)} ptp4l's reading`);
    console.log(
      `  ours in-process, warm, analyzePtp4l (parse + every check, ${analyzePtp4l(file, g.text, version).problems.length} problems): ${fixed(analyze, 1)} ms = ${perLine(analyze, lines)}, ${perMb(analyze, bytes)} = ${ratio(analyze, theirParse)} ptp4l's reading`,
    );

    // Our CLI as a fresh process, as ptp4l is: the whole run, and the same difference against the two-line file.
    const cliArgs = (f: string) => [cli, 'check', '--format', 'json', '--ptp4l-version', version, f];
    const cliCheck = timeProcess(process.execPath, cliArgs(file));
    const reported = cliCheck.status === 1 ? (JSON.parse(cliCheck.stdout) as { line: number; severity: string; code: string }[]) : [];
    if (!reported.some((p) => p.line === g.badLine && p.severity === 'error')) {
      mismatch(BENCH, `ptp4l ${version} ${g.shape}: the CLI`, `exit ${cliCheck.status}; no error at line ${g.badLine}: ${cliCheck.stderr.trim().slice(0, 300)}`);
      continue;
    }
    const cliBody: number[] = [];
    const cliBase: number[] = [];
    for (let i = 0; i < runs; i++) {
      cliBody.push(timeProcess(process.execPath, cliArgs(file)).ms);
      cliBase.push(timeProcess(process.execPath, cliArgs(baseFile)).ms);
    }
    const ourWhole = median(cliBody);
    const ourStart = median(cliBase);
    const ourFile = Math.max(ourWhole - ourStart, 0.001);
    console.log(`  ours as a fresh process (node dist/cli.js check, whole process): ${fixed(ourWhole, 0)} ms against ptp4l's ${fixed(theirWhole, 1)} ms = ${ratio(ourWhole, theirWhole)}`);
    console.log(
      `  ours as a fresh process, minus the two-line file (${fixed(ourStart, 0)} ms, mostly Node starting): ${fixed(ourFile, 1)} ms = ${perLine(ourFile, lines)} = ${ratio(ourFile, theirParse)} ptp4l's reading (median of ${runs})`,
    );

    const what = `ptp4l ${version}, ${g.shape} file (${lines} lines)`;
    record({ bench: BENCH, measure: `${what}: ptp4l reading it`, result: `${fixed(theirParse, 1)} ms (${perLine(theirParse, lines)})` });
    record({ bench: BENCH, measure: `${what}: our parse + checks in-process vs ptp4l reading`, result: `${fixed(analyze, 1)} ms = ${ratio(analyze, theirParse)} (parse alone ${ratio(parse, theirParse)})` });
    record({ bench: BENCH, measure: `${what}: our CLI process vs ptp4l process`, result: `${fixed(ourWhole, 0)} ms vs ${fixed(theirWhole, 1)} ms = ${ratio(ourWhole, theirWhole)}; minus start-up ${ratio(ourFile, theirParse)}` });
  }
}

/** Time to first diagnostics for a ptp4l.cfg in a fresh server, and the server's memory. */
async function firstDiagnostics(sample: { text: string; from: string }, work: string, runs: number): Promise<void> {
  const dir = path.join(work, 'server');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'ptp4l.cfg');
  fs.writeFileSync(file, sample.text);
  const { ms, count, memory } = await freshServerFirstDiagnostics(
    runs,
    // The version comes from the setting, so that no `ptp4l -v` runs.
    (client) => client.initialize({ rootUri: pathToFileURL(dir).href, initializationOptions: { trusted: true }, settings: { kataToolkit: { ptp4l: { version: '4.2' } } } }),
    file,
    'ptp4l',
    sample.text,
  );
  console.log(`\nlanguage server, fresh process, ${sample.from} opened: first diagnostics (${count}) ${fixed(ms, 0)} ms after didOpen (median of ${runs}; target < 300 ms)`);
  console.log(`language server memory after it: RSS ${fixed(memory.rssMb)} MB, peak ${fixed(memory.peakMb)} MB`);
  record({ bench: BENCH, measure: `server: first diagnostics for ${sample.from}, fresh server`, result: `${fixed(ms, 0)} ms`, target: '< 300 ms', met: ms < 300 });
  record({ bench: BENCH, measure: 'server memory, ptp4l session', result: `RSS ${fixed(memory.rssMb)} MB, peak ${fixed(memory.peakMb)} MB`, target: '< 300 MB', met: memory.peakMb < 300 });
}

async function main(): Promise<void> {
  const runs = benchRuns();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ptp4l-bench-'));
  const cache = defaultCacheDirectory();
  try {
    if (!fs.existsSync(cli)) throw new Error(`${cli} does not exist: run npm run build first`);
    if (process.arch !== 'x64') {
      skipped(BENCH, 'ptp4l against the real ptp4l', `Debian's ptp4l packages used here are amd64; this machine is ${process.arch}`);
    } else {
      for (const src of LINUXPTP_SOURCES) {
        let exe: string;
        try {
          exe = await ptp4lBinary(src, cache);
        } catch (e) {
          skipped(BENCH, `ptp4l ${src.version} against the real ptp4l`, e instanceof Error ? e.message : String(e));
          continue;
        }
        await benchVersion(src.version, exe, work, runs);
      }
    }

    // A real file for the editor measure: linuxptp's own default.cfg, else the generated [global] block.
    let sample: { text: string; from: string };
    try {
      const newest = LINUXPTP_SOURCES[LINUXPTP_SOURCES.length - 1];
      const dir = await linuxptpSourceDir(newest, cache);
      sample = { text: fs.readFileSync(path.join(dir, 'configs', 'default.cfg'), 'utf8'), from: `linuxptp ${newest.version}'s configs/default.cfg` };
    } catch (e) {
      console.log(`(linuxptp's default.cfg unavailable: ${e instanceof Error ? e.message : String(e)}; using a generated [global] block)`);
      const g = globalShape('4.2', 1);
      sample = { text: g.text.replace(new RegExp(`^${BAD_OPTION} 1\\n`, 'm'), ''), from: 'a generated [global] block' };
    }
    await firstDiagnostics(sample, work, runs);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
