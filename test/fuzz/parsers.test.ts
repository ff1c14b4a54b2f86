// Property-based fuzzing of the engines on hostile input: the Kata TOML reader and analysis, the ptp4l parser
// and analysis, and for Kconfig what test/unit/kconfig-robustness.test.ts leaves out (source and macro loops,
// 10 MB files). For every input: no throw, an answer within a bound, spans inside the document; for input
// built to be wrong, at least one problem. Fixed seeds plus one fresh seed per run (FUZZ_SEED replays one).

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Problem } from '../../server/src/common/problem';
import type { CompletionEntry, HoverResult } from '../../server/src/services';
import { analyzeKata, type KataFiles } from '../../server/src/languages/kata/analysis';
import { kataCompletion } from '../../server/src/languages/kata/features/completion';
import { kataHover } from '../../server/src/languages/kata/features/hover';
import { readToml } from '../../server/src/languages/kata/toml';
import { analyzeFragmentSet } from '../../server/src/languages/kconfig/analysis';
import { checkFragmentAlone } from '../../server/src/languages/kconfig/checks/fragmentAlone';
import { fragmentOutline, kconfigOutline } from '../../server/src/languages/kconfig/features/outline';
import { parseFragment } from '../../server/src/languages/kconfig/fragment';
import { parseKconfig } from '../../server/src/languages/kconfig/parser';
import type { KconfigModel } from '../../server/src/languages/kconfig/model';
import { analyzePtp4l } from '../../server/src/languages/ptp4l/analysis';
import { ptp4lCompletion } from '../../server/src/languages/ptp4l/features/completion';
import { ptp4lHover } from '../../server/src/languages/ptp4l/features/hover';
import { findInvocations } from '../../server/src/languages/ptp4l/invocations';
import { parsePtp4l } from '../../server/src/languages/ptp4l/parser';
import { caseSeed, makeRng, type Rng } from '../conformance/randomFragments';
import {
  assertProblemsSane,
  assertSpanInside,
  deepNesting,
  describeText,
  engineLines,
  fuzzPlan,
  hugeLines,
  mutate,
  piecesOf,
  randomText,
  runsCase,
  seedDocuments,
  tenMegabytes,
  unterminated,
  withinBound,
  type HostileCase,
  type Language,
} from './generators';

const plans = fuzzPlan('fuzz (parsers)', [1, 2, 3, 42, 1337]);
/**
 * Hang detectors, not benchmarks: far above what any of these takes, far below what a quadratic step takes on
 * the same input (minutes for 10 MB). The 10 MB files carry up to half a million problems each, and the
 * slowest call on them takes 6 to 15 s on this shared 2-core machine.
 */
const NORMAL_MS = 2000;
const HUGE_MS = 10_000;
const TEN_MB_MS = 30_000;
/** Cases per seed and language. */
const CASES = 120;

// ---- one call per engine, checked ----

/** Files beside a Kata configuration, in memory: a base file and drop-ins that may be hostile too. */
function memoryFiles(files: Record<string, string>): KataFiles {
  return {
    read: (p) => files[p],
    exists: (p) => p in files,
    list: (dir) => {
      const names = Object.keys(files).filter((f) => path.dirname(f) === dir).map((f) => path.basename(f));
      const subdirs = Object.keys(files).filter((f) => path.dirname(path.dirname(f)) === dir).map((f) => path.basename(path.dirname(f)));
      return names.length + subdirs.length > 0 ? [...new Set([...names, ...subdirs])] : undefined;
    },
  };
}

const KATA_PLACES = {
  config: '/fz/etc/kata-containers/configuration.toml',
  template: '/fz/src/runtime/config/configuration-qemu.toml.in',
  dropin: '/fz/etc/kata-containers/config.d/50-fuzz.toml',
} as const;

/** Reads and analyses `text` as one kind of Kata file, with hover and completion at a few places. */
function checkKata(rng: Rng, text: string, what: string, bound: number, other = ''): Problem[] {
  const kind = rng.pick(['config', 'template', 'dropin'] as const);
  const file = KATA_PLACES[kind];
  const files = memoryFiles({ [KATA_PLACES.config]: kind === 'config' ? text : other, [KATA_PLACES.dropin]: kind === 'dropin' ? text : other });
  const lines = engineLines(text);
  const label = `${what} as a Kata ${kind} (${describeText(text)})`;
  const { value: doc } = withinBound(`readToml on ${label}`, bound, () => readToml(text, { placeholders: kind === 'template' }));
  for (const p of doc.problems) assertSpanInside(lines, p.span, `readToml on ${label}: '${p.message}'`);
  for (const t of doc.tables) {
    assertSpanInside(lines, t.headerSpan, `readToml on ${label}: header of [${t.path.join('.')}]`);
    for (const e of t.entries) {
      assertSpanInside(lines, e.keySpan, `readToml on ${label}: key ${e.key.join('.')}`);
      assertSpanInside(lines, e.value.span, `readToml on ${label}: value of ${e.key.join('.')}`);
    }
  }
  const { value: analysis } = withinBound(`analyzeKata on ${label}`, bound, () =>
    analyzeKata({ file, text, runtime: rng.pick(['auto', 'go', 'runtime-rs'] as const), arch: rng.pick(['x86_64', 'arm64', 's390x']), files, checkPaths: rng.chance(0.5) }),
  );
  assertProblemsSane(text, analysis.problems.filter((p) => p.file === file), `analyzeKata on ${label}`);
  withinBound(`hover and completion on ${label}`, bound, () => {
    for (let k = 0; k < 6; k++) {
      const position = randomPosition(rng, lines);
      assertFeatureSpans(lines, position, kataHover(analysis.context, position), kataCompletion(analysis.context, position), `Kata hover and completion at ${position.line}:${position.column} on ${label}`);
    }
  });
  return analysis.problems.filter((p) => p.file === file);
}

/** Analyses `text` as a node's ptp4l.cfg beside a switch's file, with commands from a script; hover and completion too. */
function checkPtp4l(rng: Rng, text: string, what: string, bound: number, other = '[global]\n'): Problem[] {
  const file = '/fz/ptp4l-node.cfg';
  const lines = engineLines(text);
  const label = `${what} as ptp4l.cfg (${describeText(text)})`;
  const version = rng.pick(['3.1.1', '4.2', undefined]);
  const script = rng.chance(0.5) ? `ptp4l -f ptp4l-node.cfg -i eth0 -i ${rng.pick(['eth1', '$IF', '"eth 2"'])}\n` : mutate(rng, 'ptp4l \\\n -f ptp4l-node.cfg \\\n -i eth0 &\n', piecesOf('ptp4l'));
  const { value: parsed } = withinBound(`parsePtp4l on ${label}`, bound, () => parsePtp4l(text));
  for (const s of parsed.sections) {
    assertSpanInside(lines, s.headerSpan, `parsePtp4l on ${label}: header of [${s.name}]`);
    assertSpanInside(lines, s.nameSpan, `parsePtp4l on ${label}: name of [${s.name}]`);
    for (const st of s.settings) {
      assertSpanInside(lines, st.optionSpan, `parsePtp4l on ${label}: option ${st.option}`);
      assertSpanInside(lines, st.valueSpan, `parsePtp4l on ${label}: value of ${st.option}`);
    }
  }
  const { value: analysis } = withinBound(`analyzePtp4l on ${label}`, bound, () =>
    analyzePtp4l(file, text, version, { peers: [{ file: '/fz/ptp4l-switch.cfg', text: other }], commands: findInvocations('/fz/run.sh', script) }),
  );
  const own = analysis.problems.filter((p) => p.file === file);
  assertProblemsSane(text, own, `analyzePtp4l on ${label}`);
  withinBound(`hover and completion on ${label}`, bound, () => {
    for (let k = 0; k < 6; k++) {
      const position = randomPosition(rng, lines);
      assertFeatureSpans(lines, position, ptp4lHover(parsed, position, analysis.version, () => undefined), ptp4lCompletion(parsed, text, position, analysis.version), `ptp4l hover and completion at ${position.line}:${position.column} on ${label}`);
    }
  });
  return own;
}

/** A fragment on its own: its parse, the checks that need no tree, and its outline. */
function checkFragment(text: string, what: string, bound: number): Problem[] {
  const label = `${what} as a fragment (${describeText(text)})`;
  const { value: problems } = withinBound(`fragment checks on ${label}`, bound, () => checkFragmentAlone(parseFragment('/fz/a.conf', text)));
  assertProblemsSane(text, problems, `fragment checks on ${label}`);
  const { value: outline } = withinBound(`fragment outline on ${label}`, bound, () => fragmentOutline(text));
  const lines = engineLines(text);
  for (const s of outline.flatMap((g) => [g, ...(g.children ?? [])])) {
    assertSpanInside(lines, s.span, `fragment outline on ${label}: ${s.name}`);
    assertSpanInside(lines, s.selectionSpan, `fragment outline on ${label}: selection of ${s.name}`);
  }
  return problems;
}

/** A Kconfig tree in memory, parsed from its top file `Kconfig`. */
function parseTree(files: Record<string, string>, env: Record<string, string> = {}): KconfigModel {
  return parseKconfig({
    srctree: '/t',
    env: { ARCH: 'x86_64', SRCARCH: 'x86', ...env },
    fs: { read: (p) => files[path.relative('/t', p)], list: (d) => Object.keys(files).filter((f) => path.dirname(path.join('/t', f)) === d).map((f) => path.basename(f)) },
    shell: () => undefined,
  });
}

/** Parses a Kconfig tree; every problem sits inside its file; the parser's last line of defence never fires. */
function checkKconfig(files: Record<string, string>, what: string, bound: number, env: Record<string, string> = {}): KconfigModel {
  const { value: model } = withinBound(`parseKconfig on ${what}`, bound, () => parseTree(files, env));
  assert.ok(!model.problems.some((p) => p.code === 'kconfig-internal-error'), `parseKconfig on ${what} failed inside: ${model.problems.find((p) => p.code === 'kconfig-internal-error')?.message}`);
  for (const [name, text] of Object.entries(files)) {
    assertProblemsSane(text, model.problems.filter((p) => p.file === path.join('/t', name)), `parseKconfig on ${what}, file ${name}`);
  }
  return model;
}

/**
 * For a place inside the document, a hover's span and each completion's replaced span lie inside it too. (A
 * place past the end, which no editor sends, must only be answered without a throw, in time.)
 */
function assertFeatureSpans(lines: readonly string[], at: { line: number; column: number }, hover: HoverResult | undefined, completion: readonly CompletionEntry[], what: string): void {
  const lengthOf = (l: string) => (l.endsWith('\r') ? l.length - 1 : l.length);
  if (at.line >= lines.length || at.column > lengthOf(lines[at.line])) return;
  if (hover?.span) assertSpanInside(lines, hover.span, `${what}: hover`);
  for (const c of completion) if (c.replace) assertSpanInside(lines, c.replace, `${what}: completion ${c.label}`);
}

function randomPosition(rng: Rng, lines: readonly string[]): { line: number; column: number } {
  // Mostly inside the text, sometimes past its last line or its line's end.
  const line = rng.chance(0.85) ? rng.int(0, lines.length - 1) : lines.length + rng.int(0, 3);
  const length = lines[line]?.length ?? 0;
  return { line, column: rng.chance(0.85) ? rng.int(0, length) : length + rng.int(1, 10) };
}

/** Runs one language's engine on `text`. */
function checkAny(lang: Language, rng: Rng, text: string, what: string, bound: number, other?: string): Problem[] {
  switch (lang) {
    case 'toml':
      return checkKata(rng, text, what, bound, other);
    case 'ptp4l':
      return checkPtp4l(rng, text, what, bound, other);
    case 'fragment':
      return checkFragment(text, what, bound);
    case 'kconfig': {
      const model = checkKconfig({ Kconfig: text }, what, bound);
      const { value: outline } = withinBound(`Kconfig outline on ${what}`, bound, () => kconfigOutline(text));
      const lines = engineLines(text);
      // Without recursion: an outline may nest as deep as the file does.
      const pending = [...outline];
      for (let s = pending.pop(); s; s = pending.pop()) {
        assertSpanInside(lines, s.span, `Kconfig outline on ${what}: ${s.name}`);
        assertSpanInside(lines, s.selectionSpan, `Kconfig outline on ${what}: selection of ${s.name}`);
        pending.push(...(s.children ?? []));
      }
      return model.problems as Problem[];
    }
  }
}

function checkHostile(lang: Language, rng: Rng, c: HostileCase, bound: number): void {
  const problems = checkAny(lang, rng, c.text, c.name, bound);
  if (c.wrong) assert.ok(problems.length > 0, `${lang}: '${c.name}' is wrong, but no problem was reported (${describeText(c.text)})`);
}

// ---- the properties ----

describe('fuzz: the engines on hostile input', () => {
  for (const lang of ['toml', 'ptp4l', 'fragment'] as const) {
    for (const plan of plans) {
      test(`${lang}: random bytes and mutated documents, seed ${plan.seed}`, () => {
        const seeds = seedDocuments()[lang];
        for (let i = 0; i < CASES; i++) {
          if (!runsCase(plan, i)) continue;
          const rng = makeRng(caseSeed(plan.seed, i));
          const text = rng.chance(0.2) ? randomText(rng, rng.int(0, 4000)) : mutate(rng, rng.pick(seeds), piecesOf(lang));
          const other = mutate(rng, rng.pick(seeds), piecesOf(lang));
          checkAny(lang, rng, text, `case ${i} of seed ${plan.seed} (FUZZ_SEED=${plan.seed}:${i})`, NORMAL_MS, other);
        }
      });
    }
  }

  for (const lang of ['toml', 'ptp4l', 'fragment', 'kconfig'] as const) {
    test(`${lang}: huge lines, deep nesting and unterminated constructs`, () => {
      const rng = makeRng(plans[0].seed);
      for (const c of unterminated(lang)) checkHostile(lang, rng, c, NORMAL_MS);
      for (const c of deepNesting(lang)) checkHostile(lang, rng, c, HUGE_MS);
      for (const c of hugeLines(rng, lang)) checkHostile(lang, rng, c, HUGE_MS);
    });
  }

  for (const lang of ['toml', 'ptp4l', 'fragment', 'kconfig'] as const) {
    test(`${lang}: a 10 MB file`, () => {
      // One seed is enough for size: the fresh one when FUZZ_SEED is not set, else the one given.
      const plan = plans[plans.length - 1];
      const rng = makeRng(caseSeed(plan.seed, 10_000));
      const c = tenMegabytes(rng, lang);
      const started = performance.now();
      checkAny(lang, rng, c.text, `${c.name} of seed ${plan.seed}`, TEN_MB_MS);
      console.log(`${lang}: ${(c.text.length / 1024 / 1024).toFixed(1)} MB, ${engineLines(c.text).length} lines, checked in ${(performance.now() - started).toFixed(0)} ms`);
    });
  }
});

describe('fuzz: Kconfig source and macro loops', () => {
  test('a file that sources itself, two files that source each other, and loops through macros are reported, not followed', () => {
    const cases: { what: string; files: Record<string, string>; code: string }[] = [
      { what: 'self-source', files: { Kconfig: 'config A\n\tbool "a"\nsource "Kconfig"\n' }, code: 'kconfig-recursive-source' },
      { what: 'a sources b sources a', files: { Kconfig: 'source "b/Kconfig"\n', 'b/Kconfig': 'config B\n\tbool "b"\nsource "Kconfig"\n' }, code: 'kconfig-recursive-source' },
      { what: 'a loop through a variable', files: { Kconfig: 'F := Kconfig\nsource "$(F)"\n' }, code: 'kconfig-recursive-source' },
      { what: 'a recursive variable in a source line', files: { Kconfig: 'FOO = $(FOO)\nsource "$(FOO)"\n' }, code: 'kconfig-macro-error' },
      { what: 'two variables naming each other in a source line', files: { Kconfig: 'FOO = $(BAR)x\nBAR = $(FOO)y\nsource "$(FOO)"\n' }, code: 'kconfig-macro-error' },
      { what: 'a recursive function', files: { Kconfig: 'f = $(f,$(1))\nsource "$(f,a)"\n' }, code: 'kconfig-macro-error' },
      { what: 'a variable that grows by appending itself', files: { Kconfig: 'X := a\nX += $(X) $(X)\nX += $(X) $(X)\nY = $(Y)$(X)\nsource "$(Y)"\n' }, code: 'kconfig-macro-error' },
      { what: 'a Kconfiglib glob that finds itself', files: { Kconfig: 'orsource "Kconfig*"\n', 'Kconfig.a': 'orsource "Kconfig*"\n' }, code: 'kconfig-recursive-source' },
      { what: 'an environment variable naming the file itself', files: { Kconfig: 'source "$(SELF)"\n' }, code: 'kconfig-recursive-source' },
    ];
    for (const c of cases) {
      const model = checkKconfig(c.files, c.what, NORMAL_MS, { SELF: 'Kconfig' });
      assert.ok(model.problems.some((p) => p.code === c.code), `${c.what}: expected ${c.code}, got ${model.problems.map((p) => `${p.code}: ${p.message}`).join('; ') || 'no problem'}`);
    }
  });

  for (const plan of plans) {
    test(`random source graphs: recursion is reported exactly when a loop is reachable, seed ${plan.seed}`, () => {
      for (let i = 0; i < 60; i++) {
        if (!runsCase(plan, i)) continue;
        const rng = makeRng(caseSeed(plan.seed, i));
        const n = rng.int(1, 6);
        const name = (k: number) => (k === 0 ? 'Kconfig' : `d${k}/Kconfig`);
        const edges: number[][] = [];
        const files: Record<string, string> = {};
        for (let k = 0; k < n; k++) {
          const targets = Array.from({ length: rng.int(0, 2) }, () => rng.int(0, n - 1));
          edges.push(targets);
          // Sourced directly, through a variable, or from inside a block: the kernel reads all alike.
          const lines = [`config S${k}`, '\tbool "s"'];
          for (const t of targets) {
            const form = rng.int(0, 2);
            if (form === 0) lines.push(`source "${name(t)}"`);
            else if (form === 1) lines.push(`V${k}_${t} := ${name(t)}`, `source "$(V${k}_${t})"`);
            else lines.push(`if S${k}`, `source "${name(t)}"`, 'endif');
          }
          files[name(k)] = lines.join('\n') + '\n';
        }
        const loop = reachableLoop(edges);
        const model = checkKconfig(files, `source graph ${JSON.stringify(edges)} (FUZZ_SEED=${plan.seed}:${i})`, NORMAL_MS);
        const reported = model.problems.some((p) => p.code === 'kconfig-recursive-source');
        assert.equal(reported, loop, `source graph ${JSON.stringify(edges)}: a loop is ${loop ? '' : 'not '}reachable, but recursion was ${reported ? '' : 'not '}reported`);
      }
    });
  }
});

describe('fuzz: Kconfig dependency chains thousands of symbols long, with and without a loop', () => {
  // Each kind of link conf follows, a chain of them in either direction, perhaps closed into a loop by one more
  // link. conf reports the closed chains as recursive dependencies, except through `range` (its bounds are no
  // edge to conf's check); either way nothing may overflow, and the whole fragment-set analysis must run.
  const kinds: { name: string; entry: (i: number, other: string | undefined) => string; loops: boolean }[] = [
    { name: 'depends on', entry: (i, o) => `config X${i}\n\tbool "x"\n${o ? `\tdepends on ${o}\n` : ''}`, loops: true },
    { name: 'select', entry: (i, o) => `config X${i}\n\tbool "x"\n${o ? `\tselect ${o}\n` : ''}`, loops: true },
    { name: 'imply', entry: (i, o) => `config X${i}\n\ttristate "x"\n${o ? `\timply ${o}\n` : ''}`, loops: true },
    { name: 'promptless default', entry: (i, o) => `config X${i}\n\tbool\n\tdefault ${o ?? 'y'}\n`, loops: true },
    { name: 'prompt condition', entry: (i, o) => `config X${i}\n\tbool "x"${o ? ` if ${o}` : ''}\n`, loops: true },
    { name: 'menuconfig depends on', entry: (i, o) => `menuconfig X${i}\n\tbool "x"\n${o ? `\tdepends on ${o}\n` : ''}`, loops: true },
    { name: 'range bound', entry: (i, o) => `config X${i}\n\tint "x"\n\tdefault 1\n${o ? `\trange 0 ${o}\n` : ''}`, loops: false },
  ];
  for (const plan of plans) {
    test(`random chains, seed ${plan.seed}`, () => {
      for (let i = 0; i < 6; i++) {
        if (!runsCase(plan, i)) continue;
        const rng = makeRng(caseSeed(plan.seed, i));
        const kind = rng.pick(kinds);
        const n = rng.int(2000, 8000);
        const forward = rng.chance(0.5);
        const closed = rng.chance(0.5);
        // Link i reads i+1 (forward) or i-1; the closing link joins the two ends.
        const other = (k: number): string | undefined => {
          const j = forward ? k + 1 : k - 1;
          if (j >= 0 && j < n) return `X${j}`;
          return closed ? `X${forward ? 0 : n - 1}` : undefined;
        };
        const text = Array.from({ length: n }, (_, k) => kind.entry(k, other(k))).join('');
        const what = `${n} symbols, each ${kind.name} the ${forward ? 'next' : 'one before'}${closed ? ', closed into a loop' : ''} (FUZZ_SEED=${plan.seed}:${i})`;
        const model = checkKconfig({ Kconfig: text }, what, HUGE_MS);
        const loops = model.problems.filter((p) => p.code === 'kconfig-recursive-dependency');
        assert.equal(loops.length > 0, closed && kind.loops, `${what}: ${loops.length} loop(s) reported`);
        const fragment = Array.from({ length: n }, (_, k) => (rng.chance(0.5) ? `CONFIG_X${k}=${kind.name === 'range bound' ? rng.int(0, 3) : rng.pick(['y', 'n'])}\n` : '')).join('');
        const { value: analysis } = withinBound(`fragment-set analysis on ${what}`, HUGE_MS, () => analyzeFragmentSet({ model, srctree: '/t', fragments: [{ file: '/fz/a.conf', text: fragment }], mode: 'allnoconfig' }));
        assertProblemsSane(fragment, analysis.problems.filter((p) => p.file === '/fz/a.conf'), `fragment problems on ${what}`);
      }
    });
  }
});

/** Whether following the source edges from file 0 can come back to a file already being read. */
function reachableLoop(edges: readonly (readonly number[])[]): boolean {
  const onStack = new Set<number>();
  const visit = (k: number): boolean => {
    if (onStack.has(k)) return true;
    onStack.add(k);
    const found = edges[k].some(visit);
    onStack.delete(k);
    return found;
  };
  return visit(0);
}
