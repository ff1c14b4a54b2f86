// Benchmarks of the Kconfig engine against the kernel's own conf on the same machine in the same run:
// loading and evaluating the whole linux-6.1 x86_64 tree (cold and with $(shell) results cached),
// re-checking a fragment set after a one-line edit, and the language server's memory with the tree loaded.
// Prints figures and ratios; it asserts nothing about speed (that would make tests flaky).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeFragmentSet } from '../../server/src/languages/kconfig/analysis';
import { createShellRunner } from '../../server/src/languages/kconfig/shell';
import { loadKconfig } from '../../server/src/languages/kconfig/tree';
import { fixturesDir } from '../conformance/differential';
import { ensureKernelTree, realKernelEnv } from '../conformance/kernelTree';
import { ensureConfBuild } from '../conformance/realKconfig';
import { LspClient } from '../protocol/harness';

const ARCH = 'x86_64' as const;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

function timeCommand(cmd: string, args: string[], opts: { cwd: string; env: Record<string, string> }): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { ...opts, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const cli = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

/**
 * Our load + allnoconfig as a user runs it: the bundled CLI in a fresh process, merging an empty
 * fragment (what merge_config.sh does for allnoconfig), with a given cache directory for $(shell).
 */
function timeOurs(tree: string, cacheDir: string, emptyFragment: string, out: string): number {
  return timeCommand(process.execPath, [cli, 'merge', '--tree', tree, '--arch', ARCH, '--allnoconfig', '--cache-dir', cacheDir, '-o', out, emptyFragment], {
    cwd: tree,
    env: { PATH: process.env.PATH ?? '', HOME: os.homedir() },
  });
}

async function main(): Promise<void> {
  const tree = await ensureKernelTree();
  if ('skipped' in tree) {
    console.log(`SKIPPED: benchmark: ${tree.skipped}`);
    return;
  }
  const env = realKernelEnv(tree, ARCH);
  const build = await ensureConfBuild(tree, ARCH);
  const conf = path.join(build, 'scripts', 'kconfig', 'conf');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-bench-'));
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  try {
    // The kernel's conf alone, and make allnoconfig with conf already built.
    const confMs: number[] = [];
    const makeMs: number[] = [];
    const ourColdMs: number[] = [];
    const ourCachedMs: number[] = [];
    const warmCache = path.join(work, 'warm-cache');
    const empty = path.join(work, 'empty.conf');
    fs.writeFileSync(empty, '');
    const ourConfig = path.join(work, 'ours.config');
    timeOurs(tree.dir, warmCache, empty, ourConfig); // fills the cache
    for (let i = 0; i < runs; i++) {
      confMs.push(timeCommand(conf, ['--allnoconfig', 'Kconfig'], { cwd: work, env }));
      const out = path.join(work, `make-${i}`);
      fs.cpSync(build, out, { recursive: true, preserveTimestamps: true });
      makeMs.push(timeCommand('make', ['-s', '-C', tree.dir, `O=${out}`, `ARCH=${ARCH}`, 'allnoconfig'], { cwd: tree.dir, env: { PATH: process.env.PATH ?? '', HOME: os.homedir() } }));
      ourColdMs.push(timeOurs(tree.dir, path.join(work, `cold-cache-${i}`), empty, ourConfig));
      ourCachedMs.push(timeOurs(tree.dir, warmCache, empty, ourConfig));
    }
    // What was timed must be the same work: our .config against the one conf wrote.
    const same = fs.readFileSync(ourConfig, 'utf8') === fs.readFileSync(path.join(work, '.config'), 'utf8');
    console.log(`our .config ${same ? 'is byte-identical to' : 'DIFFERS from'} conf's`);
    if (!same) process.exitCode = 1;
    const c = median(confMs);
    const m = median(makeMs);
    const cold = median(ourColdMs);
    const cached = median(ourCachedMs);
    console.log(`kernel conf --allnoconfig (linux ${tree.version} ${ARCH}): median ${c.toFixed(0)} ms over ${runs} runs; make allnoconfig (conf prebuilt): ${m.toFixed(0)} ms`);
    console.log(`engine (kata-kconfig merge, bundled CLI) load+allnoconfig, cold $(shell): median ${cold.toFixed(0)} ms = ${(cold / c).toFixed(2)}x conf (target <= 1.0x), ${(cold / m).toFixed(2)}x make`);
    console.log(`engine (kata-kconfig merge, bundled CLI) load+allnoconfig, cached $(shell): median ${cached.toFixed(0)} ms = ${(cached / c).toFixed(2)}x conf (target <= 0.5x), ${(cached / m).toFixed(2)}x make`);

    // Re-check after a one-line edit, with the tree loaded (what the server does on each keystroke pause).
    const shell = createShellRunner({ cwd: tree.dir, env, allowed: true, cacheFile: warmCache });
    const model = loadKconfig({ srctree: tree.dir, env, shell });
    const fixtures = fixturesDir()!;
    const list = (sub: string) => fs.readdirSync(path.join(fixtures, 'kata-like', sub)).filter((f) => f.endsWith('.conf')).sort().map((f) => path.join(fixtures, 'kata-like', sub, f));
    const files = [...list('common'), ...list(ARCH), path.join(fixtures, 'tsn.conf')];
    const texts = files.map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }));
    const edits = ['CONFIG_NET_SCHED=y', 'CONFIG_NET_SCHED=n', 'CONFIG_IGB=m', 'CONFIG_VLAN_8021Q=n', 'CONFIG_PTP_1588_CLOCK=y'];
    const recheck: number[] = [];
    const fullRun: number[] = [];
    let previous: ReturnType<typeof analyzeFragmentSet> | undefined;
    for (let i = 0; i < 60; i++) {
      const edited = texts.map((t, k) => (k === texts.length - 1 ? { ...t, text: `${t.text}${edits[i % edits.length]}\n` } : t));
      // As the server does: the previous analysis of the set is handed in.
      let t0 = process.hrtime.bigint();
      previous = analyzeFragmentSet({ model, srctree: tree.dir, fragments: edited, mode: 'allnoconfig', previous });
      if (i >= 10) recheck.push(Number(process.hrtime.bigint() - t0) / 1e6);
      t0 = process.hrtime.bigint();
      analyzeFragmentSet({ model, srctree: tree.dir, fragments: edited, mode: 'allnoconfig' });
      if (i >= 10) fullRun.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    console.log(`(the same edits evaluated from scratch: p50 ${percentile(fullRun, 50).toFixed(1)} ms, p95 ${percentile(fullRun, 95).toFixed(1)} ms)`);
    console.log(
      `re-check of a ${files.length}-fragment set after a one-line edit (tree loaded): p50 ${percentile(recheck, 50).toFixed(1)} ms, p95 ${percentile(recheck, 95).toFixed(1)} ms over ${recheck.length} edits (target p95 < 50 ms)`,
    );

    // The language server's memory with the tree loaded and a fragment set checked.
    const client = LspClient.spawn();
    try {
      const frag = path.join(fixtures, 'tsn.conf');
      await client.initialize({
        rootUri: pathToFileURL(fixtures).href,
        initializationOptions: { trusted: true },
        settings: { kataToolkit: { kernelTree: tree.dir, arch: ARCH, cacheDirectory: path.join(work, 'server-cache') } },
      });
      const t0 = Date.now();
      await client.open(pathToFileURL(frag).href, 'kconfig-fragment', fs.readFileSync(frag, 'utf8'));
      await client.waitForDiagnostics(pathToFileURL(frag).href, (d) => d.length > 0, 120000);
      const firstMs = Date.now() - t0;
      // The next publication for the file after an edit (the server debounces edits by 150 ms).
      const published = client.published.length;
      const t1 = Date.now();
      await client.change(pathToFileURL(frag).href, fs.readFileSync(frag, 'utf8') + 'CONFIG_NET=y\n');
      while (!client.published.slice(published).some((p) => p.uri === pathToFileURL(frag).href)) {
        if (Date.now() - t1 > 120000) throw new Error('no diagnostics after the edit');
        await new Promise((r) => setTimeout(r, 2));
      }
      const secondMs = Date.now() - t1;
      const status = fs.readFileSync(`/proc/${client.pid}/status`, 'utf8');
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      console.log(`language server: first diagnostics ${firstMs} ms after opening (cold tree load, $(shell) run), next after an edit ${secondMs} ms (incl. 150 ms debounce)`);
      console.log(`language server memory with the tree loaded: RSS ${(rssKb / 1024).toFixed(0)} MB, peak ${(hwmKb / 1024).toFixed(0)} MB (target < 300 MB)`);
      await client.shutdown();
    } finally {
      client.dispose();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
