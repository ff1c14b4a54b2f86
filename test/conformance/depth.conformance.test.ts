// Two things conf decides that no small example shows, with the kernel's own conf binary as the judge.
//
// Dependency loops: small trees generated at random with dependencies in every direction (depends on, select,
// imply, defaults, prompt conditions, choices), so that many contain loops. conf stops with "recursive
// dependency detected!" exactly when we report kconfig-recursive-dependency, and describes each loop with the
// same lines (file:line and text) as our problem's related locations; trees without loops give the same .config;
// and the bools conf says it forced when tested for m are those we warn about.
//
// Depth: trees of a few thousand symbols, each reading the next (depends on, select, imply, default, range,
// menuconfig nesting, a choice), in both directions, plus one entry with thousands of `depends on` lines and one
// symbol selected thousands of times. conf goes through them; we must too, with the same .config.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { parseKconfig } from '../../server/src/languages/kconfig/parser';
import { runConf } from '../../server/src/languages/kconfig/tree';
import { ensureKernelTree } from './kernelTree';
import { makeRng, type Rng } from './randomFragments';
import { ensureConfBuild } from './realKconfig';

const fresh = Number(process.env.KCONFIG_LOOP_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SEEDS = [5, fresh];
const CASES_PER_SEED = 150;
const LINKS = 5000;

interface Case {
  readonly name: string;
  readonly kconfig: string;
  readonly fragment: string;
}

/** conf --allnoconfig on the tree with the fragment as KCONFIG_ALLCONFIG. */
function realRun(conf: string, c: Case): { ok: boolean; stdout: string; stderr: string; config: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-depth-'));
  try {
    fs.writeFileSync(path.join(dir, 'Kconfig'), c.kconfig);
    fs.writeFileSync(path.join(dir, 'frag.conf'), c.fragment);
    const r = spawnSync(conf, ['--allnoconfig', 'Kconfig'], { cwd: dir, env: { PATH: process.env.PATH ?? '', KCONFIG_ALLCONFIG: 'frag.conf', srctree: dir }, encoding: 'utf8', maxBuffer: 64 << 20 });
    const config = fs.existsSync(path.join(dir, '.config')) ? fs.readFileSync(path.join(dir, '.config'), 'utf8') : '';
    return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '', config };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function ourModel(c: Case) {
  return parseKconfig({ srctree: '/t', env: {}, fs: { read: (p) => (p === '/t/Kconfig' ? c.kconfig : undefined), list: () => [] }, shell: () => undefined });
}

/** The .config without its comment lines (the header carries a date-free but version-dependent title). */
const settings = (config: string) => config.replace(/^#.*\n/gm, '');

/** conf's description of each loop: the "error:" line and the indented steps, as `Kconfig:LINE: text`. */
function confLoopLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => /^(\S+?):(\d+):(?:error: (recursive dependency detected!)|\t(.*))$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => `${path.basename(m[1])}:${m[2]}: ${m[3] ?? m[4]}`);
}

/** The same lines made from our problems: the problem's own line, then each related location. */
function ourLoopLines(model: ReturnType<typeof parseKconfig>): string[] {
  return model.problems
    .filter((p) => p.code === 'kconfig-recursive-dependency')
    .flatMap((p) => [`${path.basename(p.file)}:${p.span.start.line + 1}: recursive dependency detected!`, ...(p.related ?? []).map((r) => `${path.basename(r.location.file)}:${r.location.span.start.line + 1}: ${r.message}`)]);
}

/** conf's notices that a bool was tested for m, as `X->n` (forced to n) or `X->y`, each once. */
function confForcedTests(stdout: string): string[] {
  return [...new Set([...stdout.matchAll(/^boolean symbol (\S+) tested for 'm'\? test forced to '([ny])'$/gm)].map((m) => `${m[1]}->${m[2]}`))].sort();
}

function ourForcedTests(model: ReturnType<typeof parseKconfig>): string[] {
  return [...new Set(model.problems.map((p) => /"boolean symbol (\S+) tested for 'm'\? test forced to '([ny])'"/.exec(p.message)).filter((m): m is RegExpExecArray => !!m).map((m) => `${m[1]}->${m[2]}`))].sort();
}

/** A small tree whose symbols read each other in any direction, so that many trees have loops. */
function loopyCase(rng: Rng, index: number): Case {
  const n = rng.int(3, 9);
  const names = Array.from({ length: n }, (_, i) => `S${i}`);
  const any = () => rng.pick(names);
  // Conditions in the shapes the kernel simplifies: repeats, negations, comparisons with y/m/n.
  const leaf = (): string => {
    const r = rng.int(0, 9);
    if (r < 5) return any();
    if (r < 7) return `!${any()}`;
    return `${any()} ${rng.pick(['=', '!='])} ${rng.pick(['y', 'm', 'n'])}`;
  };
  const condition = (depth = 0): string => {
    if (depth >= 2 || rng.chance(0.5)) return leaf();
    const repeat = rng.chance(0.3);
    const left = condition(depth + 1);
    const right = repeat ? (rng.chance(0.5) ? left : `!${left.replace(/^!/, '')}`) : condition(depth + 1);
    const text = `${left} ${rng.pick(['&&', '||'])} ${right}`;
    return rng.chance(0.3) ? `!(${text})` : depth > 0 ? `(${text})` : text;
  };
  const lines: string[] = [];
  const entry = (name: string, inChoice: boolean) => {
    const type = rng.chance(0.3) ? 'tristate' : 'bool';
    lines.push(`config ${name}`);
    lines.push(rng.chance(0.8) || inChoice ? `\t${type} "${name.toLowerCase()}"${!inChoice && rng.chance(0.15) ? ` if ${condition()}` : ''}` : `\t${type}`);
    if (rng.chance(0.35)) lines.push(`\tdepends on ${condition()}`);
    if (inChoice) return;
    if (rng.chance(0.3)) lines.push(`\tselect ${any()}${rng.chance(0.2) ? ` if ${condition()}` : ''}`);
    if (rng.chance(0.1)) lines.push(`\timply ${any()}`);
    if (rng.chance(0.2)) lines.push(`\tdefault ${rng.chance(0.6) ? any() : rng.pick(['y', 'm'])}${rng.chance(0.2) ? ` if ${condition()}` : ''}`);
  };
  let i = 0;
  while (i < n) {
    if (n - i >= 2 && rng.chance(0.15)) {
      lines.push('choice', `\tprompt "pick ${i}"`);
      if (rng.chance(0.4)) lines.push(`\tdepends on ${condition()}`);
      const values = rng.int(2, Math.min(3, n - i));
      for (let k = 0; k < values; k++) entry(names[i++], true);
      lines.push('endchoice');
    } else {
      entry(names[i++], false);
    }
  }
  const fragment: string[] = [];
  for (let k = rng.int(0, 4); k > 0; k--) fragment.push(`CONFIG_${any()}=${rng.pick(['y', 'm', 'n'])}`);
  return { name: `random tree ${index}`, kconfig: lines.join('\n') + '\n', fragment: fragment.join('\n') + '\n' };
}

/** Chains `LINKS` symbols long in each direction and for each kind of link, and two wide entries. */
function deepCases(): Case[] {
  const n = LINKS;
  const range = (count: number) => Array.from({ length: count }, (_, i) => i);
  const chain = (name: string, body: (i: number) => string, fragment: string): Case => ({ name, kconfig: range(n).map(body).join(''), fragment });
  const every = (prefix: string, skip: number) => range(n).filter((i) => i !== skip).map((i) => `CONFIG_${prefix}${i}=y\n`).join('');
  return [
    chain('depends on the one before', (i) => `config A${i}\n\tbool "a"\n${i ? `\tdepends on A${i - 1}\n` : ''}`, every('A', n >> 1)),
    chain('depends on the one after', (i) => `config B${i}\n\tbool "b"\n${i < n - 1 ? `\tdepends on B${i + 1}\n` : ''}`, every('B', n >> 1)),
    chain('selects the one after', (i) => `config C${i}\n\tbool "c"\n${i < n - 1 ? `\tselect C${i + 1}\n` : ''}`, `CONFIG_C0=y\n# CONFIG_C${n - 1} is not set\n`),
    chain('selects the one before', (i) => `config D${i}\n\tbool "d"\n${i ? `\tselect D${i - 1}\n` : ''}`, `CONFIG_D${n - 1}=y\n`),
    chain('promptless defaults, read backwards', (i) => `config E${i}\n\tbool\n\tdefault ${i < n - 1 ? `E${i + 1}` : 'y'}\n`, ''),
    chain('implies the one before', (i) => `config F${i}\n\ttristate "f"\n${i ? `\timply F${i - 1}\n` : ''}`, `CONFIG_F${n - 1}=y\n`),
    chain('int defaults and ranges', (i) => `config G${i}\n\tint "g"\n${i ? `\tdefault G${i - 1}\n\trange 0 G${i - 1}\n` : '\tdefault 3\n'}`, `CONFIG_G${n - 1}=5\n`),
    chain('menuconfig nesting', (i) => `menuconfig H${i}\n\tbool "h"\n${i ? `\tdepends on H${i - 1}\n` : ''}`, every('H', n / 3)),
    {
      name: 'a choice of chained values',
      kconfig: `choice\n\tprompt "pick"\n${range(n).map((i) => `config K${i}\n\tbool "k"\n${i ? `\tdepends on K${i - 1}\n` : ''}`).join('')}endchoice\n`,
      fragment: `CONFIG_K${n - 1}=y\n`,
    },
    {
      name: 'one entry with thousands of depends on lines',
      kconfig: range(2 * n).map((i) => `config L${i}\n\tbool "l"\n`).join('') + `config WIDE\n\tbool "wide"\n${range(2 * n).map((i) => `\tdepends on L${i}\n`).join('')}`,
      fragment: range(2 * n).map((i) => `CONFIG_L${i}=y\n`).join('') + 'CONFIG_WIDE=y\n',
    },
    {
      name: 'one symbol selected thousands of times',
      kconfig: `config T\n\tbool\n\tdepends on Z\nconfig Z\n\tbool "z"\n${range(2 * n).map((i) => `config M${i}\n\tbool "m"\n\tselect T\n`).join('')}`,
      fragment: range(2 * n).filter((i) => i % 7 === 0).map((i) => `CONFIG_M${i}=y\n`).join(''),
    },
  ];
}

test("dependency loops: conf stops exactly when we report one, and both describe it alike", async (t) => {
  const tree = await ensureKernelTree();
  if ('skipped' in tree) {
    console.log(`SKIPPED: dependency-loop conformance: ${tree.skipped}`);
    t.skip(tree.skipped);
    return;
  }
  const conf = path.join(await ensureConfBuild(tree, 'x86_64'), 'scripts', 'kconfig', 'conf');
  console.log(`dependency-loop conformance: seeds ${SEEDS.join(', ')} (replay with KCONFIG_LOOP_SEED=<seed>)`);
  let withLoops = 0;
  let withoutLoops = 0;
  let forcedTests = 0;
  const differences: string[] = [];
  for (const seed of SEEDS) {
    const rng = makeRng(seed);
    for (let i = 0; i < CASES_PER_SEED; i++) {
      const c = loopyCase(rng, i);
      const real = realRun(conf, c);
      const model = ourModel(c);
      const theirs = confLoopLines(real.stderr);
      const ours = ourLoopLines(model);
      const realLoop = /recursive dependency detected!/.test(real.stderr);
      const forced = confForcedTests(real.stdout);
      forcedTests += forced.length;
      if (forced.join(' ') !== ourForcedTests(model).join(' ')) differences.push(`seed ${seed} case ${i}: conf forces [${forced.join(' ')}], we warn about [${ourForcedTests(model).join(' ')}]\n${c.kconfig}`);
      if (realLoop) withLoops++;
      else withoutLoops++;
      const where = `seed ${seed} case ${i}:\n${c.kconfig}---\n${c.fragment}`;
      if (theirs.join('\n') !== ours.join('\n')) {
        differences.push(`${where}conf:\n  ${theirs.join('\n  ')}\nours:\n  ${ours.join('\n  ')}`);
        continue;
      }
      if (!realLoop && real.ok && !model.fatal) {
        const config = runConf(model, 'allnoconfig', c.fragment).configText;
        if (settings(config) !== settings(real.config)) differences.push(`${where}.config differs:\nconf:\n${settings(real.config)}ours:\n${settings(config)}`);
      }
    }
  }
  console.log(`dependency-loop conformance: ${withLoops} trees with loops, ${withoutLoops} without, ${forcedTests} bool-tested-for-m notices from conf, ${differences.length} differing`);
  assert.ok(forcedTests > 0, 'the generator must make conf force some tests of a bool for m');
  // Both kinds must be common, or one half of the comparison proves nothing.
  assert.ok(withLoops >= CASES_PER_SEED / 5 && withoutLoops >= CASES_PER_SEED / 5, `the generator made ${withLoops} trees with loops and ${withoutLoops} without`);
  assert.deepEqual(differences.slice(0, 3), []);
});

test(`chains ${LINKS} symbols deep and entries thousands of lines wide give conf's .config`, async (t) => {
  const tree = await ensureKernelTree();
  if ('skipped' in tree) {
    console.log(`SKIPPED: deep-tree conformance: ${tree.skipped}`);
    t.skip(tree.skipped);
    return;
  }
  const conf = path.join(await ensureConfBuild(tree, 'x86_64'), 'scripts', 'kconfig', 'conf');
  for (const c of deepCases()) {
    const real = realRun(conf, c);
    assert.ok(real.ok, `conf failed on '${c.name}': ${real.stderr.slice(0, 500)}`);
    const model = ourModel(c);
    assert.deepEqual(
      model.problems.filter((p) => p.severity === 'error').map((p) => `${p.code}: ${p.message}`),
      [],
      `'${c.name}' has no error for conf, so none for us`,
    );
    const ours = runConf(model, 'allnoconfig', c.fragment).configText;
    const lines = settings(real.config).split('\n').length - 1;
    assert.equal(settings(ours), settings(real.config), `'${c.name}': our .config differs from conf's`);
    console.log(`deep-tree conformance: '${c.name}': ${lines} settings, the same as conf's`);
  }
});
