// Seeded random Kconfig fragments for the differential test: mostly plausible assignments, plus the
// malformed lines real fragments contain (wrong types, unknown symbols, duplicates, CRLF, garbage).
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NumericRange, SymbolKind } from './symbolScan';

// ---------------------------------------------------------------------------------------------
// PRNG

export interface Rng {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `weighted([['y', 3], ['n', 1]])`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T;
}

/** mulberry32: 32-bit state, good enough spread for test inputs, identical on every platform. */
export function makeRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    seed: seed >>> 0,
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('Rng.pick: empty list');
      return items[Math.floor(next() * items.length)];
    },
    weighted: (choices) => {
      const total = choices.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [v, w] of choices) {
        if ((x -= w) < 0) return v;
      }
      return choices[choices.length - 1][0];
    },
  };
  return rng;
}

/** A seed for case `index` of series `seed`, so one case can be replayed without generating the others. */
export function caseSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Seeds

/** Always run, so a regression on a known input shows up on every run. */
export const FIXED_SEEDS: readonly number[] = [1, 2, 3, 42, 1337, 65537, 20240601, 0xc0ffee];

export interface SeedPlan {
  seed: number;
  /** Only this case index of the series (KCONFIG_FUZZ_SEED=<seed>:<index>). */
  only?: number;
}

export interface SeedOptions {
  /** The environment variable that replays a seed (default KCONFIG_FUZZ_SEED). */
  readonly variable?: string;
  /** What the seeds are for, at the start of the printed line (default "random fragments"). */
  readonly what?: string;
  /** The seeds run every time (default FIXED_SEEDS). */
  readonly fixed?: readonly number[];
}

/**
 * KCONFIG_FUZZ_SEED=<seed> replays that series alone, KCONFIG_FUZZ_SEED=<seed>:<index> one case;
 * otherwise the fixed seeds plus one fresh seed, which is printed so a failure can be replayed.
 * Other suites name their own variable and fixed seeds through `options`.
 */
export function fuzzSeeds(env: NodeJS.ProcessEnv = process.env, log: (m: string) => void = console.log, options: SeedOptions = {}): SeedPlan[] {
  const variable = options.variable ?? 'KCONFIG_FUZZ_SEED';
  const what = options.what ?? 'random fragments';
  const fixed = options.fixed ?? FIXED_SEEDS;
  const given = env[variable]?.trim();
  if (given) {
    const m = /^(\d+|0x[0-9a-fA-F]+)(?::(\d+))?$/.exec(given);
    if (!m) throw new Error(`${variable}=${given} is not <seed> or <seed>:<case index> (decimal or 0x hex seed)`);
    const seed = Number(m[1]) >>> 0;
    log(`${what}: seed=${seed}${m[2] !== undefined ? ` case=${m[2]}` : ''} (from ${variable})`);
    return [{ seed, ...(m[2] !== undefined ? { only: Number(m[2]) } : {}) }];
  }
  const fresh = randomInt(0, 2 ** 32 - 1);
  log(`${what}: seed=${fresh} (replay with ${variable}=${fresh}${fixed.length > 0 ? `; fixed seeds ${fixed.join(',')} also run` : ''})`);
  return [...fixed.map((seed) => ({ seed })), { seed: fresh }];
}

// ---------------------------------------------------------------------------------------------
// Fragments

export interface FragmentSymbol {
  name: string;
  type: SymbolKind;
  choiceOf?: string;
  ranges?: NumericRange[];
}

export interface FragmentOptions {
  /** How many assignments (valid or not) to write; default 5..40. */
  lines?: [number, number];
  /** Share of assignments that are deliberately wrong; default 0.15. */
  invalidRate?: number;
  /** Names to pick more often (e.g. symbols the base fragments set), so merges redefine values. */
  preferred?: readonly string[];
  /** Share of picks taken from `preferred` when it is not empty; default 0.3. */
  preferredRate?: number;
  /** Chance that the whole file uses CRLF line ends; default 0.05. Single CRLF lines appear among the invalid lines. */
  crlfRate?: number;
  /** Chance that the file lacks its final newline; default 0.15. */
  missingNewlineRate?: number;
}

const UNKNOWN_PREFIX = 'KATA_FUZZ_UNKNOWN_';

/**
 * Fragment text over `symbols`. Valid lines follow kconfig's fragment syntax for the symbol's type;
 * invalid ones are the mistakes people make. Values and line kinds are chosen only through `rng`,
 * so the same seed and symbol list give the same text.
 */
export function randomFragment(rng: Rng, symbols: readonly FragmentSymbol[], opts: FragmentOptions = {}): string {
  if (symbols.length === 0) throw new Error('randomFragment: no symbols to choose from');
  const [lo, hi] = opts.lines ?? [5, 40];
  const invalidRate = opts.invalidRate ?? 0.15;
  const byName = new Map(symbols.map((s) => [s.name, s]));
  const preferred = (opts.preferred ?? []).map((n) => byName.get(n)).filter((s): s is FragmentSymbol => s !== undefined);
  const choose = (): FragmentSymbol =>
    preferred.length > 0 && rng.chance(opts.preferredRate ?? 0.3) ? rng.pick(preferred) : rng.pick(symbols);

  const out: string[] = [];
  const written: FragmentSymbol[] = [];
  if (rng.chance(0.5)) out.push(rng.pick(HEADER_COMMENTS));
  const n = rng.int(lo, hi);
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.08)) out.push('');
    if (rng.chance(0.05)) out.push(rng.pick(HEADER_COMMENTS));
    if (rng.chance(invalidRate)) {
      out.push(...invalidLines(rng, choose(), written));
      continue;
    }
    const sym = choose();
    // Choice members: usually pick one, sometimes a second member of the same choice as well.
    out.push(validLine(rng, sym));
    written.push(sym);
    if (sym.choiceOf && rng.chance(0.15)) {
      const sibling = symbols.filter((s) => s.choiceOf === sym.choiceOf && s.name !== sym.name);
      if (sibling.length > 0) out.push(`CONFIG_${rng.pick(sibling).name}=y`);
    }
  }
  const crlf = rng.chance(opts.crlfRate ?? 0.05);
  let text = out.join(crlf ? '\r\n' : '\n');
  if (!rng.chance(opts.missingNewlineRate ?? 0.15)) text += crlf ? '\r\n' : '\n';
  return text;
}

const HEADER_COMMENTS = [
  '# SPDX-License-Identifier: Apache-2.0',
  '# generated by the kata-guest-toolkit random fragment generator',
  '#',
  '# Networking bits',
  '#   indented comment',
  '## double hash comment',
];

function validLine(rng: Rng, sym: FragmentSymbol): string {
  const c = `CONFIG_${sym.name}`;
  const notSet = `# ${c} is not set`;
  switch (sym.type) {
    case 'bool':
      return rng.weighted([[`${c}=y`, 6], [notSet, 3], [`${c}=n`, 1]]);
    case 'tristate':
      return rng.weighted([[`${c}=y`, 4], [`${c}=m`, 3], [notSet, 2], [`${c}=n`, 1]]);
    case 'int':
      return `${c}=${intValue(rng, sym.ranges)}`;
    case 'hex':
      return `${c}=${hexValue(rng, sym.ranges)}`;
    case 'string':
      return `${c}=${quote(rng.pick(STRINGS))}`;
    case 'unknown':
      return rng.chance(0.8) ? `${c}=y` : notSet;
  }
}

const STRINGS = ['', 'kata', 'console=hvc0', 'with spaces', 'a "quoted" word', 'back\\slash', 'lsm,landlock,yama', 'tab\there', 'ünïcödé', 'mentions CONFIG_NET here'];

/** kconfig's own escaping: backslash and double quote get a backslash. */
function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

function parseBound(s: string): number {
  return s.startsWith('-') ? -parseBound(s.slice(1)) : s.toLowerCase().startsWith('0x') ? parseInt(s.slice(2), 16) : parseInt(s, 10);
}

function intValue(rng: Rng, ranges: readonly NumericRange[] | undefined): string {
  if (ranges && ranges.length > 0 && rng.chance(0.85)) {
    const r = rng.pick(ranges);
    const min = parseBound(r.min);
    const max = parseBound(r.max);
    const v = rng.weighted<number>([
      [min + Math.floor(rng.next() * (max - min + 1)), 5],
      [min, 1],
      [max, 1],
      [max + 1, 1],
      [min - 1, 1],
    ]);
    return String(v);
  }
  return String(rng.pick([0, 1, 2, 8, 16, 32, 64, 100, 1024, 4096, 65536, -1, 2147483647]));
}

function hexValue(rng: Rng, ranges: readonly NumericRange[] | undefined): string {
  let v: number;
  if (ranges && ranges.length > 0 && rng.chance(0.85)) {
    const r = rng.pick(ranges);
    const min = parseBound(r.min);
    const max = parseBound(r.max);
    v = rng.weighted<number>([
      [min + Math.floor(rng.next() * Math.max(1, Math.min(max - min + 1, 2 ** 31))), 5],
      [min, 1],
      [max, 1],
      [max + 1, 1],
    ]);
  } else {
    v = rng.pick([0, 0x1, 0x10, 0x1000, 0x100000, 0x1000000, 0xffffffff]);
  }
  const digits = Math.max(0, v).toString(16);
  return rng.weighted([[`0x${digits}`, 8], [`0x${digits.toUpperCase()}`, 1], [`0X${digits}`, 1], [digits, 1]]);
}

/** One deliberately wrong entry (sometimes two lines: a duplicate needs the original). */
function invalidLines(rng: Rng, sym: FragmentSymbol, written: readonly FragmentSymbol[]): string[] {
  const c = `CONFIG_${sym.name}`;
  const kind = rng.weighted<string>([
    ['unknown', 4],
    ['wrongType', 4],
    ['duplicate', 3],
    ['commentMention', 2],
    ['trailingSpace', 1],
    ['crlfLine', 1],
    ['lenientTristate', 1],
    ['garbage', 3],
  ]);
  switch (kind) {
    case 'unknown': {
      const name = `${UNKNOWN_PREFIX}${rng.int(0, 9999)}`;
      return [rng.pick([`CONFIG_${name}=y`, `CONFIG_${name}=m`, `# CONFIG_${name} is not set`, `CONFIG_${name}="x"`, `CONFIG_${name}=12`])];
    }
    case 'wrongType':
      switch (sym.type) {
        case 'bool':
          return [`${c}=m`];
        case 'tristate':
          return [rng.pick([`${c}=2`, `${c}=Y`, `${c}=M`])];
        case 'int':
          return [rng.pick([`${c}=y`, `${c}=0x10`, `${c}=010`, `${c}=12abc`, `${c}=""`, `${c}=`])];
        case 'hex':
          return [rng.pick([`${c}=y`, `${c}=0xZZ`, `${c}=0x`, `${c}=-1`])];
        case 'string':
          return [rng.pick([`${c}=unquoted`, `${c}="unterminated`, `${c}=y`, `${c}='single'`])];
        default:
          return [`${c}=maybe`];
      }
    case 'duplicate': {
      const prev = written.length > 0 ? rng.pick(written) : sym;
      return [validLine(rng, prev)];
    }
    case 'commentMention':
      return [rng.pick([`# ${c}: needed by the guest agent`, `# enable ${c} for virtio`, `#${c} is not set`, `# ${c} is not set, on purpose`])];
    case 'trailingSpace':
      return [`${validLine(rng, sym)}${rng.pick([' ', '  ', '\t'])}`];
    case 'crlfLine':
      return [`${validLine(rng, sym)}\r`];
    case 'lenientTristate':
      return [rng.pick([`${c}=yes`, `${c}=no`, `${c}=y # inline comment`, `${c}=mod`])];
    default:
      return [
        rng.pick([
          'garbage',
          'CONFIG_',
          'CONFIG_=y',
          '=y',
          `${c}`,
          `${c} = y`,
          `config_${sym.name.toLowerCase()}=y`,
          ` ${c}=y`,
          `\t${c}=y`,
          `export ${c}=y`,
          '[section]',
          `${c}=y=y`,
        ]),
      ];
  }
}

// ---------------------------------------------------------------------------------------------
// Cases on disk

export interface RandomCase {
  name: string;
  fragments: string[];
}

export interface RandomCaseOptions extends FragmentOptions {
  seeds: readonly SeedPlan[];
  casesPerSeed: number;
  symbols: readonly FragmentSymbol[];
  /** Directory for the generated files (created). */
  dir: string;
  /** Fragment lists to put before the random ones; one is picked per case ([] = random fragments alone). */
  bases?: readonly (readonly string[])[];
  /** Symbols the bases set, picked more often so merges redefine them. */
  preferred?: readonly string[];
  /** Name prefix, e.g. the arch. */
  label?: string;
}

/**
 * Writes 1 to 3 random fragments per case after a randomly chosen base. A later random fragment
 * reuses the earlier ones' symbols at a high rate, so merge_config.sh's redefinition path is exercised.
 * Case names are `<label>/seed=<seed>/case=<index>`: KCONFIG_FUZZ_SEED=<seed>:<index> replays one.
 */
export function writeRandomCases(opts: RandomCaseOptions): RandomCase[] {
  fs.mkdirSync(opts.dir, { recursive: true });
  const bases = opts.bases && opts.bases.length > 0 ? opts.bases : [[]];
  const cases: RandomCase[] = [];
  for (const plan of opts.seeds) {
    for (let index = 0; index < opts.casesPerSeed; index++) {
      if (plan.only !== undefined && plan.only !== index) continue;
      const rng = makeRng(caseSeed(plan.seed, index));
      const base = rng.pick(bases);
      const count = rng.weighted([[1, 6], [2, 3], [3, 1]]);
      const files: string[] = [];
      let preferred = [...(opts.preferred ?? [])];
      for (let k = 0; k < count; k++) {
        const text = randomFragment(rng, opts.symbols, { ...opts, preferred, preferredRate: k === 0 ? opts.preferredRate : 0.6 });
        const file = path.join(opts.dir, `${opts.label ?? 'random'}-${plan.seed}-${index}-${k}.conf`);
        fs.writeFileSync(file, text);
        files.push(file);
        preferred = [...preferred, ...[...text.matchAll(/CONFIG_([A-Za-z0-9_]+)/g)].map((m) => m[1])];
      }
      cases.push({ name: `${opts.label ?? 'random'}/seed=${plan.seed}/case=${index}`, fragments: [...base, ...files] });
    }
  }
  return cases;
}
