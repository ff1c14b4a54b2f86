// The engine against the real kernel: merge_config.sh -r -n on Debian's linux-source-6.1, for x86_64
// and arm64, on the TSN fragment, a Kata-like fragment set and at least 200 random fragments per
// architecture. Every .config symbol and the list of lost values must agree; differences are printed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { analyzeFragmentSet } from '../../server/src/languages/kconfig/analysis';
import { assignedSymbols, mergeFragments, splitLines } from '../../server/src/languages/kconfig/mergeScript';
import type { KconfigModel } from '../../server/src/languages/kconfig/model';
import { createShellRunner } from '../../server/src/languages/kconfig/shell';
import { loadKconfig, runConf } from '../../server/src/languages/kconfig/tree';
import { buildConformanceCases, runDifferential, type Engine } from './differential';
import { ensureKernelTree, realKernelEnv, resolveCacheRoot, type Arch, type KernelTree } from './kernelTree';
import { diffConfigs, parseConfig } from './parseConfig';
import { ensureConfBuild } from './realKconfig';
import { fuzzSeeds } from './randomFragments';

const models = new Map<string, KconfigModel>();

/** The engine's model of the real tree for an architecture, loaded once per run. */
function modelFor(tree: KernelTree, arch: Arch, env: Record<string, string>): KconfigModel {
  const key = `${tree.dir}\0${arch}`;
  let model = models.get(key);
  if (!model) {
    const shell = createShellRunner({ cwd: tree.dir, env, allowed: true, cacheFile: path.join(resolveCacheRoot(), 'shell', `conformance-${arch}.json`) });
    model = loadKconfig({ srctree: tree.dir, env, shell });
    shell.flush();
    assert.equal(model.fatal, false, `the engine could not read ${tree.dir}: ${model.problems.filter((p) => p.severity === 'error').map((p) => p.message).slice(0, 5).join('; ')}`);
    models.set(key, model);
  }
  return model;
}

/** Our side: the same merge, conf run and lost-value list the editor shows, on the same environment. */
const engine: Engine = async ({ tree, arch, fragments, mode, env }) => {
  const model = modelFor(tree, arch, env);
  const analysis = analyzeFragmentSet({
    model,
    srctree: tree.dir,
    fragments: fragments.map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') })),
    mode,
  });
  // merge_config.sh only checks the names its sed extracts; the rest it never reports.
  const checked = new Set(assignedSymbols(splitLines(analysis.merged.text)));
  const lost = analysis.lost.map((l) => `CONFIG_${l.request.name}`).filter((s) => checked.has(s));
  return { configText: analysis.run.configText, lost: [...new Set(lost)].map((symbol) => ({ symbol })) };
};

const seeds = fuzzSeeds();

for (const arch of ['x86_64', 'arm64'] as Arch[]) {
  test(`conformance with the kernel's merge_config.sh, ${arch}`, { timeout: 60 * 60 * 1000 }, async (t) => {
    const tree = await ensureKernelTree();
    if ('skipped' in tree) {
      console.log(`SKIPPED: conformance ${arch}: ${tree.skipped}`);
      t.skip(tree.skipped);
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kconfig-conformance-${arch}-`));
    try {
      const { fixtureCases, randomCases, types } = buildConformanceCases(tree, arch, { dir, seeds, randomCases: Number(process.env.KCONFIG_RANDOM_CASES ?? 200) });
      // A replay (KCONFIG_FUZZ_SEED) runs only the cases it names; a normal run must have them all.
      if (!process.env.KCONFIG_FUZZ_SEED) {
        assert.ok(randomCases.length >= Number(process.env.KCONFIG_RANDOM_CASES ?? 200), `only ${randomCases.length} random cases`);
      }
      const summary = await runDifferential({ tree, arch, cases: [...fixtureCases, ...randomCases], engine, types });
      assert.equal(summary.errors, 0, `${summary.errors} case(s) failed to run (see above)`);
      assert.equal(summary.differingSymbols, 0, `${summary.differingSymbols} .config symbol(s) differ from the kernel's (see above)`);
      assert.equal(summary.lostMismatches, 0, `${summary.lostMismatches} lost-value mismatch(es) (see above)`);
      assert.ok(summary.symbolsCompared > 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** One run of the tree's own conf with a given mode: the seed as .config (olddefconfig) or as KCONFIG_ALLCONFIG. */
async function realConfMode(conf: string, env: Record<string, string>, mode: 'olddefconfig' | 'alldefconfig', seed: string): Promise<string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `kconfig-${mode}-`));
  try {
    fs.writeFileSync(path.join(work, mode === 'olddefconfig' ? '.config' : 'seed.config'), seed);
    const runEnv = mode === 'alldefconfig' ? { ...env, KCONFIG_ALLCONFIG: path.join(work, 'seed.config') } : env;
    const r = spawnSync(conf, [`--${mode}`, 'Kconfig'], { cwd: work, env: runEnv, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${conf} --${mode} exited ${r.status}: ${r.stderr}`);
    return fs.readFileSync(path.join(work, '.config'), 'utf8');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

for (const arch of ['x86_64', 'arm64'] as Arch[]) {
  test(`conformance of olddefconfig and alldefconfig with the kernel's conf, ${arch}`, { timeout: 30 * 60 * 1000 }, async (t) => {
    const tree = await ensureKernelTree();
    if ('skipped' in tree) {
      console.log(`SKIPPED: olddefconfig conformance ${arch}: ${tree.skipped}`);
      t.skip(tree.skipped);
      return;
    }
    const env = realKernelEnv(tree, arch);
    const conf = path.join(await ensureConfBuild(tree, arch), 'scripts', 'kconfig', 'conf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kconfig-olddef-${arch}-`));
    try {
      const { fixtureCases, randomCases } = buildConformanceCases(tree, arch, { dir, seeds, randomCases: 30 });
      const cases = [...fixtureCases, ...randomCases.slice(0, 30)];
      let identical = 0;
      const different: string[] = [];
      await engine({ tree, arch, fragments: cases[0].fragments, mode: 'alldefconfig', env });
      const model = models.get(`${tree.dir}\0${arch}`)!;
      for (const c of cases) {
        const merged = mergeFragments(c.fragments.map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }))).text;
        for (const mode of ['olddefconfig', 'alldefconfig'] as const) {
          const real = await realConfMode(conf, env, mode, merged);
          const ours = runConf(model, mode, merged).configText;
          if (real === ours) identical++;
          else {
            const diff = diffConfigs(parseConfig(ours), parseConfig(real));
            different.push(`${c.name} ${mode}: ${diff.length} symbol(s) differ: ${diff.slice(0, 10).map((d) => `${d.symbol} ours=${d.ours ?? '(absent)'} real=${d.theirs ?? '(absent)'}`).join(', ')}`);
          }
        }
      }
      console.log(`conf --olddefconfig/--alldefconfig ${arch}: ${identical}/${cases.length * 2} byte-identical`);
      for (const d of different) console.log(`  ${d}`);
      assert.deepEqual(different, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

/**
 * The fragment snippets the extension ships (snippets/kconfig-fragment.json), added to the Kata-like set:
 * on the real tree, some way of filling in each snippet's choices must keep every value (the VFIO
 * snippet offers an IOMMU per architecture; the user picks theirs).
 */
for (const arch of ['x86_64', 'arm64'] as Arch[]) {
  test(`the shipped fragment snippets keep their values on the Kata-like set, ${arch}`, async (t) => {
    const tree = await ensureKernelTree();
    if ('skipped' in tree) {
      console.log(`SKIPPED: snippet check ${arch}: ${tree.skipped}`);
      t.skip(tree.skipped);
      return;
    }
    const model = modelFor(tree, arch, realKernelEnv(tree, arch));
    const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'conformance', 'fixtures', 'kata-like');
    const list = (sub: string) =>
      fs
        .readdirSync(path.join(fixtures, sub))
        .filter((f) => f.endsWith('.conf'))
        .sort()
        .map((f) => path.join(fixtures, sub, f));
    const base = [...list('common'), ...list(arch)].map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }));
    const snippets = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'snippets', 'kconfig-fragment.json'), 'utf8')) as Record<string, { body: string[] }>;
    /** Every way of filling in a snippet's choices (a few at most), with its other placeholders emptied. */
    const expansions = (body: string): string[] => {
      const choice = /\$\{\d+\|([^}]*)\|\}/.exec(body);
      if (!choice) return [body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '') + '\n'];
      return choice[1].split(',').flatMap((option) => expansions(body.slice(0, choice.index) + option + body.slice(choice.index + choice[0].length)));
    };
    let checked = 0;
    const failures: string[] = [];
    for (const [title, snippet] of Object.entries(snippets)) {
      const body = snippet.body.join('\n');
      if (!/CONFIG_[A-Z0-9_]+=/.test(body.replace(/\$\{[^}]*\}/g, ''))) continue; // the one-line templates
      const file = `/snippets/${title}.conf`;
      // The snippet works on this architecture when some way of filling it in keeps every value.
      let firstProblems: string[] | undefined;
      for (const text of expansions(body)) {
        const analysis = analyzeFragmentSet({ model, srctree: tree.dir, fragments: [...base, { file, text }], mode: 'allnoconfig' });
        const problems = analysis.problems.filter((p) => p.file === file && (p.code === 'kconfig-value-lost' || p.code === 'kconfig-unknown-symbol')).map((p) => `${title}: ${p.message}`);
        if (problems.length === 0) {
          firstProblems = undefined;
          break;
        }
        firstProblems ??= problems;
      }
      checked++;
      if (firstProblems) failures.push(...firstProblems);
    }
    console.log(`snippets on the Kata-like set, ${arch}: ${checked} checked, ${failures.length} lost or unknown value(s)`);
    assert.ok(checked >= 5);
    assert.deepEqual(failures, []);
  });
}
