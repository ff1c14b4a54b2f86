// conf's "unmet direct dependencies detected for X" warning against ours (kconfig-select-unmet-dependency
// and the condition behind it), with the kernel's own conf binary as the judge: small Kconfig trees,
// generated at random (bool and tristate symbols, depends on, select, imply, if blocks, modules), each
// read by the real `conf --allnoconfig` with a random fragment as KCONFIG_ALLCONFIG. The set of symbols
// conf warns about must equal the set whose dependencies our engine finds below their selects, and
// the .config files must be identical. A fixed seed plus a fresh one, printed.

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

const fresh = Number(process.env.KCONFIG_UNMET_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SEEDS = [11, fresh];
const CASES_PER_SEED = 200;

interface Case {
  readonly kconfig: string;
  readonly fragment: string;
}

/**
 * A small tree in which selects often reach symbols whose dependencies are off. Without loops (which
 * make conf stop): a symbol depends only on symbols before it and selects or implies only those after it.
 */
function randomCase(rng: Rng): Case {
  const n = rng.int(6, 14);
  const names = Array.from({ length: n }, (_, i) => `S${i}`);
  const before = (i: number) => names[rng.int(0, i - 1)];
  const after = (i: number) => names[rng.int(i + 1, n - 1)];
  const lines = ['config MODULES', '\tbool "modules"', '\tmodules'];
  for (let i = 0; i < n; i++) {
    const type = rng.chance(0.4) ? 'tristate' : 'bool';
    const inIf = i > 0 && rng.chance(0.15) ? before(i) : undefined;
    if (inIf) lines.push(`if ${inIf}`);
    lines.push(`config ${names[i]}`);
    lines.push(rng.chance(0.75) ? `\t${type} "s${i}"` : `\t${type}`);
    if (i > 0 && rng.chance(0.6)) {
      lines.push(`\tdepends on ${rng.chance(0.2) ? '!' : ''}${before(i)}${rng.chance(0.3) ? ` ${rng.pick(['&&', '||'])} ${before(i)}` : ''}`);
    }
    if (i < n - 1) {
      for (let k = rng.int(0, 2); k > 0; k--) lines.push(`\tselect ${after(i)}${i > 0 && rng.chance(0.3) ? ` if ${before(i)}` : ''}`);
      if (rng.chance(0.2)) lines.push(`\timply ${after(i)}`);
    }
    if (rng.chance(0.2)) lines.push(`\tdefault ${i > 0 && rng.chance(0.5) ? before(i) : rng.pick(['y', 'm'])}`);
    if (inIf) lines.push('endif');
  }
  const fragment: string[] = [];
  if (rng.chance(0.5)) fragment.push('CONFIG_MODULES=y');
  for (let k = rng.int(1, 6); k > 0; k--) fragment.push(`CONFIG_${rng.pick(names)}=${rng.pick(['y', 'y', 'm', 'n'])}`);
  return { kconfig: lines.join('\n') + '\n', fragment: fragment.join('\n') + '\n' };
}

/** Symbols conf warns about, and the .config it writes. */
function realRun(conf: string, c: Case): { warned: string[]; config: string; ok: boolean; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-unmet-'));
  try {
    fs.writeFileSync(path.join(dir, 'Kconfig'), c.kconfig);
    fs.writeFileSync(path.join(dir, 'frag.conf'), c.fragment);
    const r = spawnSync(conf, ['--allnoconfig', 'Kconfig'], { cwd: dir, env: { PATH: process.env.PATH ?? '', KCONFIG_ALLCONFIG: 'frag.conf', srctree: dir }, encoding: 'utf8' });
    const warned = [...(r.stderr ?? '').matchAll(/^WARNING: unmet direct dependencies detected for (\S+)$/gm)].map((m) => m[1]);
    const config = fs.existsSync(path.join(dir, '.config')) ? fs.readFileSync(path.join(dir, '.config'), 'utf8') : '';
    return { warned: [...new Set(warned)].sort(), config, ok: r.status === 0, stderr: r.stderr ?? '' };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function ourRun(c: Case): { warned: string[]; config: string; fatal: boolean } {
  const model = parseKconfig({ srctree: '/t', env: {}, fs: { read: (p) => (p === '/t/Kconfig' ? c.kconfig : undefined), list: () => [] }, shell: () => undefined });
  const run = runConf(model, 'allnoconfig', c.fragment);
  const ev = run.evaluation;
  // What the evaluation recorded as it computed values, as conf prints its warning when it does.
  const warned = [...ev.unmet.values()].map((u) => u.sym.name ?? '').sort();
  return { warned, config: run.configText, fatal: model.fatal };
}

test("conf's unmet-dependency warnings, on random small trees", async (t) => {
  const tree = await ensureKernelTree();
  if ('skipped' in tree) {
    console.log(`SKIPPED: unmet-dependency conformance: ${tree.skipped}`);
    t.skip(tree.skipped);
    return;
  }
  const conf = path.join(await ensureConfBuild(tree, 'x86_64'), 'scripts', 'kconfig', 'conf');
  console.log(`unmet-dependency conformance: seeds ${SEEDS.join(', ')} (replay with KCONFIG_UNMET_SEED=<seed>)`);
  let compared = 0;
  let warnings = 0;
  let skippedRecursive = 0;
  const differences: string[] = [];
  for (const seed of SEEDS) {
    const rng = makeRng(seed);
    for (let i = 0; i < CASES_PER_SEED; i++) {
      const c = randomCase(rng);
      const real = realRun(conf, c);
      const ours = ourRun(c);
      // Trees with dependency loops make conf stop with an error; the parser's own tests cover those.
      if (!real.ok || ours.fatal || /recursive dependency/.test(real.stderr)) {
        skippedRecursive++;
        continue;
      }
      compared++;
      warnings += real.warned.length;
      if (real.warned.join(' ') !== ours.warned.join(' ') || real.config.replace(/^#.*\n/gm, '') !== ours.config.replace(/^#.*\n/gm, '')) {
        differences.push(`seed ${seed} case ${i}: conf warns [${real.warned.join(' ')}], we find [${ours.warned.join(' ')}]\n${c.kconfig}---\n${c.fragment}`);
      }
    }
  }
  console.log(`unmet-dependency conformance: ${compared} trees compared, ${warnings} warnings from conf, ${differences.length} differing, ${skippedRecursive} skipped (conf stopped: dependency loops)`);
  assert.ok(warnings > 0, 'the generator must produce cases where conf warns, or the comparison proves nothing');
  assert.deepEqual(differences.slice(0, 3), []);
});
