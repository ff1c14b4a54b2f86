// Differential test: the real merge_config.sh against an engine passed in as a function, case by case,
// comparing every .config symbol and the list of values that did not make it.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Arch, KernelTree, realKernelEnv, resolveCacheRoot } from './kernelTree';
import { diffConfigs, parseConfig } from './parseConfig';
import { LostReport, Mode, RealMergeResult, realMergeConfig } from './realKconfig';
import { FIXED_SEEDS, SeedPlan, writeRandomCases } from './randomFragments';
import { SymbolKind, scanKconfigSymbols } from './symbolScan';

// ---------------------------------------------------------------------------------------------
// False alarms of merge_config.sh's final check
//
// After conf has run, merge_config.sh takes every symbol that sed finds in the merged file as
// `^CONFIG_X=...` or exactly `^# CONFIG_X is not set$`, and compares two texts:
//     grep -w CONFIG_X <merged file>    with    grep -w CONFIG_X .config
// Any difference is printed as "Value requested for CONFIG_X not in final .config". Text is not
// value, so the script also complains when the symbol ended up exactly as asked:
//
//  absent-means-n            `# CONFIG_X is not set` (or `CONFIG_X=n`) was asked and .config has no
//                            line for X at all: X is invisible (unmet `depends on`, no prompt and no
//                            default), or does not exist in this tree or arch. conf only writes symbols
//                            it can show, and a missing symbol is n. Kata-like evidence: CMDLINE_BOOL=n
//                            on arm64, where the symbol does not exist.
//  n-spelled-differently     `CONFIG_X=n` was asked; conf reads it as n and writes
//                            `# CONFIG_X is not set`. Evidence: CMDLINE_BOOL=n and RANDOMIZE_BASE=n
//                            on x86_64.
//  several-lines-requested   grep -w matched more than one line of the merged file: a comment that
//                            names the symbol (`# CONFIG_X: needed for ...`, `#CONFIG_X is not set`),
//                            the same symbol twice in one fragment (the merge only removes earlier
//                            fragments' lines), or another symbol's string value that mentions it.
//                            conf used the last assignment, and that is what .config holds.
//                            Evidence: VFIO_NOIOMMU in kata-like/common/vfio.conf (comment above it);
//                            random `# CONFIG_TMPFS is not set` then `CONFIG_TMPFS=y` in one fragment.
//  several-lines-in-config   the same on the .config side: another symbol's string value names X.
//                            A string set by the fragments shows up on the requested side too, so
//                            only a Kconfig default naming X gets here; kept for completeness.
//  crlf                      the requested line ends in '\r' (CRLF fragment); conf drops one '\r'
//                            before the newline, grep keeps it. Evidence: `CONFIG_LOG_BUF_SHIFT=13\r`
//                            reported with actual `CONFIG_LOG_BUF_SHIFT=13`. (conf keeps the '\r' of a
//                            last line without newline, so `CONFIG_I=5\r` at the very end is invalid.)
//  same-value-other-spelling conf reads more leniently than the script compares: only the first
//                            character of a bool/tristate value counts (`=yes`, `=y # comment`,
//                            `=y ` read as y), and text after a string's closing quote is ignored.
//                            Evidence: `CONFIG_NET_CORE=yes` and `CONFIG_MULTIUSER=y  ` reported with
//                            actual `=y`.
//
// A report is a false alarm when the value conf took from the merged file (the last line for X that
// actually sets a value, see effectiveRequest) equals the value in .config, where a symbol with no
// .config line counts as n (bool/tristate) or not set (int/hex/string, then only `is not set` matches).
// Everything else is a real loss: unmet dependencies, removed symbols, out-of-range numbers, and
// requests conf rejected (`=m` on a bool, `=y` on an int, unquoted or unterminated strings).
//
// Conversely, the script never checks a symbol whose only lines sed does not match although conf
// reads them (`# CONFIG_X is not set, really`, `# CONFIG_X is not set\r`): see checkedSymbols.

export type FalseAlarmKind =
  | 'absent-means-n'
  | 'n-spelled-differently'
  | 'several-lines-requested'
  | 'several-lines-in-config'
  | 'crlf'
  | 'same-value-other-spelling';

export type ReportClass =
  | { falseAlarm: true; kind: FalseAlarmKind; requested: string | undefined; actual: string | undefined }
  | { falseAlarm: false; requested: string | undefined; actual: string | undefined };

/**
 * True when merge_config.sh reported `report` but the symbol's final value is what was asked.
 * `realConfigMap` is parseConfig(real .config); `mergedFragmentText` is the merged file conf read
 * (RealMergeResult.mergedText). `types` (e.g. from symbolScan) makes bool-vs-tristate and
 * int-vs-string exact; without it the type is guessed from the .config value.
 */
export function isFalseAlarm(
  report: LostReport,
  realConfigMap: ReadonlyMap<string, string>,
  mergedFragmentText: string,
  types?: ReadonlyMap<string, SymbolKind>,
): boolean {
  return classifyLostReport(report, realConfigMap, mergedFragmentText, types).falseAlarm;
}

export function classifyLostReport(
  report: LostReport,
  realConfigMap: ReadonlyMap<string, string>,
  mergedFragmentText: string,
  types?: ReadonlyMap<string, SymbolKind>,
): ReportClass {
  const symbol = report.symbol.replace(/^CONFIG_/, '');
  const final = realConfigMap.get(symbol);
  const type = types?.get(symbol) ?? guessType(final);
  const lines = requestLines(symbol, mergedFragmentText);
  const requested = effectiveRequest(lines, type);
  const tristateLike = type === 'bool' || type === 'tristate' || type === 'unknown';
  let same: boolean;
  if (final === undefined) {
    // conf reads `# CONFIG_X is not set` only for bool and tristate symbols: for the others, an earlier
    // `CONFIG_X=value` that the merge kept (the not-set line may carry extra words, so sed did not match it and
    // merge_config.sh dropped nothing) is still the request, and absent means it was lost.
    same = tristateLike ? requested === 'n' : lines.length > 0 && lines[lines.length - 1].notSet && requested === undefined;
  } else if (type === 'string') {
    same = requested !== undefined && requested === unescapeString(final);
  } else {
    same = requested !== undefined && requested === final;
  }
  const shownFinal = final === undefined ? undefined : type === 'string' ? unescapeString(final) : final;
  if (!same) return { falseAlarm: false, requested, actual: shownFinal };
  let kind: FalseAlarmKind;
  if (final === undefined) kind = 'absent-means-n';
  else if (report.requested.includes('\n')) kind = 'several-lines-requested';
  else if (report.actual.includes('\n')) kind = 'several-lines-in-config';
  else if (report.requested.endsWith('\r')) kind = 'crlf';
  else if (final === 'n' && /^CONFIG_[A-Za-z0-9_]*=n$/.test(report.requested)) kind = 'n-spelled-differently';
  else kind = 'same-value-other-spelling';
  return { falseAlarm: true, kind, requested, actual: shownFinal };
}

interface RequestLine {
  /** 0-based line in the merged file. */
  index: number;
  /** Text after `CONFIG_X=` (one '\r' before the newline dropped, as conf does), or 'n' for `# CONFIG_X is not set`. */
  value: string;
  notSet: boolean;
}

/** Lines conf_read_simple attributes to `symbol`, in order. */
function requestLines(symbol: string, merged: string): RequestLine[] {
  const lines = merged.split('\n');
  const endsWithNewline = merged.endsWith('\n');
  if (endsWithNewline) lines.pop();
  const out: RequestLine[] = [];
  lines.forEach((line, index) => {
    if (line.startsWith('# CONFIG_')) {
      const rest = line.slice('# CONFIG_'.length);
      const sp = rest.indexOf(' ');
      if (sp < 0 || rest.slice(0, sp) !== symbol || !rest.startsWith('is not set', sp + 1)) return;
      out.push({ index, value: 'n', notSet: true });
    } else if (line.startsWith('CONFIG_')) {
      const eq = line.indexOf('=');
      if (eq < 0 || line.slice('CONFIG_'.length, eq) !== symbol) return;
      let value = line.slice(eq + 1);
      const hasNewline = index < lines.length - 1 || endsWithNewline;
      if (hasNewline && value.endsWith('\r')) value = value.slice(0, -1);
      out.push({ index, value, notSet: false });
    }
  });
  return out;
}

/**
 * The value conf keeps: the last line that sets one. Lines conf rejects (with a warning) or
 * ignores (a string without an opening quote, `is not set` on a string) leave the earlier value.
 */
function effectiveRequest(lines: readonly RequestLine[], type: SymbolKind): string | undefined {
  let value: string | undefined;
  for (const l of lines) {
    const v = readValue(type, l.value);
    if (v !== undefined) value = v;
  }
  return value;
}

/** conf_set_sym_val: the value a line sets for a symbol of `type`, or undefined if it sets none. */
export function confLineValue(type: SymbolKind, raw: string): string | undefined {
  return readValue(type, raw);
}

function readValue(type: SymbolKind, raw: string): string | undefined {
  switch (type) {
    case 'bool':
      return raw[0] === 'y' || raw[0] === 'n' ? raw[0] : undefined;
    case 'tristate':
    case 'unknown':
      return raw[0] === 'y' || raw[0] === 'm' || raw[0] === 'n' ? raw[0] : undefined;
    case 'int':
      return /^-?(0|[1-9][0-9]*)$/.test(raw) ? raw : undefined;
    case 'hex':
      return /^(0[xX])?[0-9a-fA-F]+$/.test(raw) ? raw : undefined;
    case 'string':
      return raw.startsWith('"') ? unescapeString(raw) : undefined;
  }
}

/** conf's reading of `"..."`: a backslash keeps the next character, the first bare quote ends the value, the rest is ignored. undefined when unterminated. */
function unescapeString(raw: string): string | undefined {
  if (!raw.startsWith('"')) return undefined;
  let out = '';
  for (let i = 1; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '"') return out;
    if (ch === '\\') {
      if (i + 1 >= raw.length) return undefined;
      out += raw[++i];
    } else {
      out += ch;
    }
  }
  return undefined;
}

function guessType(final: string | undefined): SymbolKind {
  if (final === undefined || final === 'y' || final === 'm' || final === 'n') return 'unknown';
  if (final.startsWith('"')) return 'string';
  if (/^-?[0-9]+$/.test(final)) return 'int';
  return 'hex';
}

/**
 * The symbols merge_config.sh checks after conf ran: sed's `^CONFIG_[a-zA-Z0-9_]*=` and
 * `^# CONFIG_[a-zA-Z0-9_]* is not set$` over the merged file. An engine listing lost values should
 * only consider these; a symbol set only by a line sed misses is never reported by the script.
 */
export function checkedSymbols(mergedText: string): Set<string> {
  // Line by line on '\n' only, like sed: a '\r' is an ordinary character there (JS's multiline ^ and $ would treat it as a line end).
  const out = new Set<string>();
  for (const line of mergedText.split('\n')) {
    const m = /^CONFIG_([a-zA-Z0-9_]*)=/.exec(line) ?? /^# CONFIG_([a-zA-Z0-9_]*) is not set$/.exec(line);
    if (m) out.add(m[1]);
  }
  return out;
}

/**
 * The lost list an engine should produce, computed from the real .config rather than from the
 * script's text: every symbol merge_config.sh checks whose final value is not the one conf took from
 * the merged file. Equals the script's reports minus false alarms (the self-test checks this).
 */
export function expectedLost(mergedText: string, realConfigMap: ReadonlyMap<string, string>, types?: ReadonlyMap<string, SymbolKind>): string[] {
  return [...checkedSymbols(mergedText)]
    .filter((symbol) => !classifyLostReport({ symbol, requested: '', actual: '' }, realConfigMap, mergedText, types).falseAlarm)
    .sort();
}

// ---------------------------------------------------------------------------------------------
// Cache of real results

/** Bump when the oracle's behaviour or result shape changes, so old cached results are not reused. */
const ORACLE_CACHE_VERSION = 1;

/**
 * Real merge results on disk, keyed by tree, arch, mode and the fragments' contents (not their
 * paths): re-running the suite after an engine change does not re-run the kernel's tools.
 * Cached results keep the original run's `output` (with its temp paths) and `ms`.
 */
export class OracleCache {
  constructor(readonly dir: string = path.join(resolveCacheRoot(), 'oracle-results')) {}

  key(tree: KernelTree, arch: Arch, mode: Mode, fragments: readonly string[]): string {
    const h = createHash('sha256');
    h.update(JSON.stringify({ v: ORACLE_CACHE_VERSION, tree: tree.dir, version: tree.version, arch, mode }));
    for (const f of fragments) h.update('\0fragment\0').update(fs.readFileSync(f));
    return h.digest('hex');
  }

  get(key: string): RealMergeResult | undefined {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dir, `${key}.json`), 'utf8')) as RealMergeResult;
    } catch {
      return undefined;
    }
  }

  put(key: string, result: RealMergeResult): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${key}.json`);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(result));
    fs.renameSync(temp, file);
  }
}

// ---------------------------------------------------------------------------------------------
// The comparison

export interface EngineInput {
  tree: KernelTree;
  arch: Arch;
  fragments: string[];
  mode: Mode;
  /**
   * realKernelEnv(tree, arch): what make gives conf. conf runs with its cwd in a fresh output
   * directory (srctree is absolute), and that is where its $(shell,...) probes run too.
   */
  env: Record<string, string>;
}

export interface EngineOutput {
  configText: string;
  /** Requested values that did not make it; `symbol` with or without CONFIG_. */
  lost: { symbol: string }[];
}

export type Engine = (input: EngineInput) => Promise<EngineOutput>;

export interface DifferentialCase {
  name: string;
  fragments: string[];
}

export interface DifferentialOptions {
  tree: KernelTree;
  arch: Arch;
  cases: readonly DifferentialCase[];
  engine: Engine;
  /** Default allnoconfig (merge_config.sh -n). */
  mode?: Mode;
  /** Real runs in parallel; default: number of CPUs. Engine calls always run one at a time, so engineMs is honest. */
  concurrency?: number;
  /** Symbol types (e.g. from scanKconfigSymbols) for exact false-alarm classification. */
  types?: ReadonlyMap<string, SymbolKind>;
  /** Real-result cache; default an OracleCache under $KATA_TOOLKIT_CACHE unless KCONFIG_ORACLE_CACHE=0. false: always run. */
  cache?: OracleCache | false;
  /** Where reports go; default console.log. */
  log?: (line: string) => void;
}

export interface CaseResult {
  name: string;
  fragments: string[];
  symbolsCompared: number;
  differences: { symbol: string; real: string | undefined; engine: string | undefined }[];
  /** Real losses (false alarms removed) the engine did not list. */
  missingLost: string[];
  /** Symbols the engine listed as lost that are not real losses. */
  extraLost: string[];
  falseAlarms: { symbol: string; kind: FalseAlarmKind }[];
  byteIdentical: boolean;
  realMs: number;
  engineMs: number;
  cached: boolean;
  /** Set when either side threw. */
  error?: string;
}

export interface DifferentialSummary {
  cases: number;
  symbolsCompared: number;
  differingSymbols: number;
  lostMismatches: number;
  realMs: number;
  engineMs: number;
  /** Cases whose .config text is byte for byte the real one. */
  byteIdentical: number;
  /** Cases whose real result came from the cache (their time is not in realMs). */
  realCached: number;
  /** Cases where a side threw (each also counts as failing). */
  errors: number;
  falseAlarms: Partial<Record<FalseAlarmKind, number>>;
  results: CaseResult[];
}

export async function runDifferential(opts: DifferentialOptions): Promise<DifferentialSummary> {
  const mode = opts.mode ?? 'allnoconfig';
  const log = opts.log ?? ((l: string) => console.log(l));
  const cache = opts.cache === undefined ? (process.env.KCONFIG_ORACLE_CACHE === '0' ? false : new OracleCache()) : opts.cache;
  const env = realKernelEnv(opts.tree, opts.arch);
  const results: CaseResult[] = new Array(opts.cases.length);

  let engineChain: Promise<unknown> = Promise.resolve();
  const runEngine = (fragments: string[]): Promise<{ out: EngineOutput; ms: number }> => {
    const next = engineChain.then(async () => {
      const t0 = performance.now();
      const out = await opts.engine({ tree: opts.tree, arch: opts.arch, fragments: [...fragments], mode, env: { ...env } });
      return { out, ms: performance.now() - t0 };
    });
    engineChain = next.catch(() => undefined);
    return next;
  };

  const runReal = async (fragments: string[]): Promise<{ real: RealMergeResult; cached: boolean }> => {
    const key = cache ? cache.key(opts.tree, opts.arch, mode, fragments) : '';
    const hit = cache ? cache.get(key) : undefined;
    if (hit) return { real: hit, cached: true };
    const real = await realMergeConfig(opts.tree, { arch: opts.arch, fragments, mode });
    if (cache) cache.put(key, real);
    return { real, cached: false };
  };

  const runCase = async (c: DifferentialCase, i: number): Promise<void> => {
    const base: CaseResult = {
      name: c.name, fragments: c.fragments, symbolsCompared: 0, differences: [], missingLost: [], extraLost: [],
      falseAlarms: [], byteIdentical: false, realMs: 0, engineMs: 0, cached: false,
    };
    const [realSide, engineSide] = await Promise.allSettled([runReal(c.fragments), runEngine(c.fragments)]);
    if (realSide.status === 'rejected' || engineSide.status === 'rejected') {
      const why = [realSide, engineSide].map((s, k) => (s.status === 'rejected' ? `${k === 0 ? 'real' : 'engine'}: ${(s.reason as Error)?.stack ?? s.reason}` : '')).filter(Boolean);
      results[i] = { ...base, error: why.join('\n') };
      return;
    }
    const { real, cached } = realSide.value;
    const { out, ms } = engineSide.value;
    const realMap = parseConfig(real.configText);
    const engineMap = parseConfig(out.configText);
    const diffs = diffConfigs(realMap, engineMap);

    const realLost = new Set<string>();
    const falseAlarms: CaseResult['falseAlarms'] = [];
    for (const r of real.lostReports) {
      const cls = classifyLostReport(r, realMap, real.mergedText, opts.types);
      if (cls.falseAlarm) falseAlarms.push({ symbol: r.symbol, kind: cls.kind });
      else realLost.add(r.symbol);
    }
    const engineLost = new Set(out.lost.map((l) => l.symbol.replace(/^CONFIG_/, '')));
    results[i] = {
      ...base,
      symbolsCompared: new Set([...realMap.keys(), ...engineMap.keys()]).size,
      differences: diffs.map((d) => ({ symbol: d.symbol, real: d.ours, engine: d.theirs })),
      missingLost: [...realLost].filter((s) => !engineLost.has(s)).sort(),
      extraLost: [...engineLost].filter((s) => !realLost.has(s)).sort(),
      falseAlarms,
      byteIdentical: real.configText === out.configText,
      realMs: cached ? 0 : real.ms,
      engineMs: ms,
      cached,
    };
    if (!results[i].byteIdentical || results[i].missingLost.length || results[i].extraLost.length) {
      log(describeCase(results[i], real));
    }
  };

  const workers = Math.max(1, opts.concurrency ?? os.cpus().length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, opts.cases.length) }, async () => {
      while (next < opts.cases.length) {
        const i = next++;
        await runCase(opts.cases[i], i);
      }
    }),
  );
  for (const r of results) if (r.error) log(`✗ ${r.name}: ${r.error}\n${fragmentListing(r.fragments)}`);

  const summary: DifferentialSummary = {
    cases: results.length,
    symbolsCompared: sum(results, (r) => r.symbolsCompared),
    differingSymbols: sum(results, (r) => r.differences.length),
    lostMismatches: sum(results, (r) => r.missingLost.length + r.extraLost.length),
    realMs: Math.round(sum(results, (r) => r.realMs)),
    engineMs: Math.round(sum(results, (r) => r.engineMs)),
    byteIdentical: results.filter((r) => r.byteIdentical).length,
    realCached: results.filter((r) => r.cached).length,
    errors: results.filter((r) => r.error).length,
    falseAlarms: {},
    results,
  };
  for (const r of results) for (const f of r.falseAlarms) summary.falseAlarms[f.kind] = (summary.falseAlarms[f.kind] ?? 0) + 1;
  const fa = Object.entries(summary.falseAlarms).map(([k, n]) => `${k}:${n}`).join(',') || 'none';
  log(
    `differential ${opts.arch} ${mode}: cases=${summary.cases} symbolsCompared=${summary.symbolsCompared} differingSymbols=${summary.differingSymbols} ` +
      `lostMismatches=${summary.lostMismatches} realMs=${summary.realMs} engineMs=${summary.engineMs} ` +
      `byteIdentical=${summary.byteIdentical}/${summary.cases} realCached=${summary.realCached} errors=${summary.errors} falseAlarms=${fa}`,
  );
  return summary;
}

function sum<T>(items: readonly T[], f: (t: T) => number): number {
  return items.reduce((s, t) => s + f(t), 0);
}

function describeCase(r: CaseResult, real: RealMergeResult): string {
  const out: string[] = [];
  out.push(`✗ ${r.name}: ${r.differences.length} differing symbol(s), ${r.missingLost.length + r.extraLost.length} lost-list mismatch(es)${r.byteIdentical ? '' : ', .config text differs'}`);
  for (const d of r.differences) out.push(`    CONFIG_${d.symbol}: real=${d.real ?? '(absent)'} engine=${d.engine ?? '(absent)'}`);
  if (r.differences.length === 0 && !r.byteIdentical) out.push('    (same symbols and values; header, order or formatting differs)');
  for (const s of r.missingLost) {
    const rep = real.lostReports.find((x) => x.symbol === s);
    out.push(`    lost, not listed by engine: CONFIG_${s} requested ${JSON.stringify(rep?.requested)} actual ${JSON.stringify(rep?.actual)}`);
  }
  for (const s of r.extraLost) {
    const fa = r.falseAlarms.find((f) => f.symbol === s);
    out.push(`    listed by engine, not lost: CONFIG_${s}${fa ? ` (merge_config.sh reported it, a false alarm: ${fa.kind})` : ''}`);
  }
  out.push(fragmentListing(r.fragments));
  return out.join('\n');
}

/** Fragment paths, and the full text of those outside this repo's fixtures (random ones), with '\r' and a missing final newline made visible. */
function fragmentListing(fragments: readonly string[]): string {
  const fixtures = fixturesDir();
  const out = ['    fragments (in merge order):'];
  for (const f of fragments) {
    const abs = path.resolve(f);
    if (fixtures && abs.startsWith(fixtures + path.sep)) {
      out.push(`      ${abs}`);
      continue;
    }
    let text: string;
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch {
      out.push(`      ${abs} (unreadable)`);
      continue;
    }
    out.push(`      --- ${abs}`);
    const lines = text.split('\n');
    const lastMissing = !text.endsWith('\n');
    if (!lastMissing) lines.pop();
    for (const l of lines) out.push(`      | ${l.replace(/\r/g, '\\r')}`);
    if (lastMissing) out.push('      (no newline at end of file)');
  }
  return out.join('\n');
}

/** test/conformance/fixtures of this repository, found from the compiled (out/test/conformance) or source location. */
export function fixturesDir(): string | undefined {
  for (const candidate of [path.resolve(__dirname, '..', '..', '..', 'test', 'conformance', 'fixtures'), path.resolve(__dirname, 'fixtures')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The standard case set

export interface ConformanceCaseOptions {
  /** Where the random fragments are written (created). */
  dir: string;
  /** At least this many random cases for the arch; default 200 (rounded up to whole seed series). */
  randomCases?: number;
  /** fuzzSeeds(), called once per run and shared by both arches (it prints the fresh seed). */
  seeds: readonly SeedPlan[];
}

/**
 * The fixtures (Kata-like set, with and without tsn.conf, tsn.conf alone) and the random cases for
 * one arch, plus the symbol types for the false-alarm classifier. Random cases sit on the Kata-like
 * set, on part of it, or on nothing, and favour the symbols it sets.
 */
export function buildConformanceCases(tree: KernelTree, arch: Arch, opts: ConformanceCaseOptions): {
  fixtureCases: DifferentialCase[];
  randomCases: DifferentialCase[];
  types: Map<string, SymbolKind>;
} {
  const fixtures = fixturesDir();
  if (!fixtures) throw new Error('buildConformanceCases: test/conformance/fixtures not found next to the compiled tests');
  const list = (sub: string) =>
    fs.readdirSync(path.join(fixtures, 'kata-like', sub)).filter((f) => f.endsWith('.conf')).sort().map((f) => path.join(fixtures, 'kata-like', sub, f));
  const common = list('common');
  const kata = [...common, ...list(arch)];
  const tsn = path.join(fixtures, 'tsn.conf');
  const fixtureCases: DifferentialCase[] = [
    { name: `${arch}/fixtures/kata-like`, fragments: kata },
    { name: `${arch}/fixtures/kata-like+tsn`, fragments: [...kata, tsn] },
    { name: `${arch}/fixtures/kata-like-common`, fragments: common },
    { name: `${arch}/fixtures/tsn-alone`, fragments: [tsn] },
  ];
  const symbols = scanKconfigSymbols(tree.dir, { arch });
  const preferred = [...new Set(kata.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/CONFIG_([A-Za-z0-9_]+)/g)].map((m) => m[1])))];
  // Series length depends only on the default seed count, so KCONFIG_FUZZ_SEED=<seed>:<i> names the same case.
  const casesPerSeed = Math.ceil((opts.randomCases ?? 200) / (FIXED_SEEDS.length + 1));
  const randomCases = writeRandomCases({
    seeds: opts.seeds,
    casesPerSeed,
    symbols,
    dir: opts.dir,
    bases: [kata, [], common.slice(0, 3)],
    preferred,
    label: arch,
  });
  return { fixtureCases, randomCases, types: new Map(symbols.map((s) => [s.name, s.type])) };
}
