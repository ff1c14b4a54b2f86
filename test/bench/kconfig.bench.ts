// Benchmarks of the Kconfig engine against the kernel's own conf on the same machine in the same run:
// loading and evaluating the whole linux-6.1 x86_64 tree (cold, with $(shell) results cached, and with the
// parsed model cached too), re-checking a fragment set after a one-line edit, and the language server's time
// to first diagnostics (cold, with the $(shell) cache warm, with the model snapshot warm too, and in a server
// that has the tree) and memory. Prints figures and ratios; it asserts nothing about speed (that would make
// tests flaky), but exits non-zero when our .config differs from conf's.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeFragmentSet } from '../../server/src/languages/kconfig/analysis';
import { openKernelTree } from '../../server/src/languages/kconfig/kernelTree';
import { fixturesDir } from '../conformance/differential';
import { ensureKernelTree, realKernelEnv } from '../conformance/kernelTree';
import { ensureConfBuild } from '../conformance/realKconfig';
import { LspClient } from '../protocol/harness';
import { benchRuns, fixed, median, mismatch, msSince, percentile, processMemory, record, skipped, timeCommand, timeToFirstDiagnostics, type Memory } from './common';

const BENCH = 'kconfig';
const ARCH = 'x86_64' as const;
const cli = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const plainEnv = () => ({ PATH: process.env.PATH ?? '', HOME: os.homedir() });

/**
 * Our load + allnoconfig as a user runs it: the bundled CLI in a fresh process, merging an empty
 * fragment (what merge_config.sh does for allnoconfig), with a given cache directory for $(shell) and the
 * model snapshot (`model: false` parses the Kconfig files whatever the cache holds).
 */
function timeOurs(tree: string, cacheDir: string, emptyFragment: string, out: string, model = true): number {
  const args = [cli, 'merge', '--tree', tree, '--arch', ARCH, '--allnoconfig', '--cache-dir', cacheDir, ...(model ? [] : ['--no-model-cache']), '-o', out, emptyFragment];
  return timeCommand(process.execPath, args, { cwd: tree, env: plainEnv() });
}

/** The model snapshots a cache directory holds (see snapshot.ts), with their sizes. */
function snapshotsIn(cacheDir: string): { file: string; bytes: number }[] {
  const dir = path.join(cacheDir, 'models');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.bin'))
    .map((n) => ({ file: path.join(dir, n), bytes: fs.statSync(path.join(dir, n)).size }));
}

interface ServerSession {
  readonly client: LspClient;
  readonly firstMs: number;
}

/** A fresh server with the tree and cache directory set, which has published the first diagnostics for `fragment`. */
async function serverWithFragment(tree: string, cacheDir: string, root: string, fragment: string): Promise<ServerSession> {
  const client = LspClient.spawn();
  try {
    await client.initialize({
      rootUri: pathToFileURL(root).href,
      initializationOptions: { trusted: true },
      settings: { kataToolkit: { kernelTree: tree, arch: ARCH, cacheDirectory: cacheDir } },
    });
    const { ms } = await timeToFirstDiagnostics(client, fragment, 'kconfig-fragment', fs.readFileSync(fragment, 'utf8'));
    return { client, firstMs: ms };
  } catch (e) {
    client.dispose();
    throw e;
  }
}

async function closeSession(s: ServerSession): Promise<Memory> {
  try {
    const memory = processMemory(s.client.pid!);
    await s.client.shutdown();
    return memory;
  } finally {
    s.client.dispose();
  }
}

async function main(): Promise<void> {
  const tree = await ensureKernelTree();
  if ('skipped' in tree) {
    skipped(BENCH, 'Kconfig against the kernel\'s conf', tree.skipped);
    return;
  }
  const env = realKernelEnv(tree, ARCH);
  const build = await ensureConfBuild(tree, ARCH);
  const conf = path.join(build, 'scripts', 'kconfig', 'conf');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-bench-'));
  const runs = benchRuns();
  const fixtures = fixturesDir()!;
  const tsn = path.join(fixtures, 'tsn.conf');
  try {
    const confMs: number[] = [];
    const makeMs: number[] = [];
    const ourColdMs: number[] = [];
    const ourParsedMs: number[] = [];
    const ourSnapshotMs: number[] = [];
    const serverColdMs: number[] = [];
    const serverShellCacheMs: number[] = [];
    const serverSnapshotMs: number[] = [];
    let coldMemory: Memory = { rssMb: 0, peakMb: 0 };
    const warmCache = path.join(work, 'warm-cache');
    const empty = path.join(work, 'empty.conf');
    fs.writeFileSync(empty, '');
    const ourConfig = path.join(work, 'ours.config');
    const ourColdConfig = path.join(work, 'ours-cold.config');
    const ourSnapshotConfig = path.join(work, 'ours-snapshot.config');
    // Fills the $(shell) cache the cached runs read (a run that ran the probes keeps no model), then the
    // model snapshot (the next run, answered from the cache, writes it).
    timeOurs(tree.dir, warmCache, empty, ourConfig);
    timeOurs(tree.dir, warmCache, empty, ourConfig);
    const cliSnapshots = snapshotsIn(warmCache);
    // And the server's own warm cache directory (its first session also warms the page cache for the bundle);
    // the server writes the model snapshot once its first diagnostics are out.
    const serverWarmCache = path.join(work, 'server-warm-cache');
    await closeSession(await serverWithFragment(tree.dir, serverWarmCache, fixtures, tsn));
    const serverSnapshots = snapshotsIn(serverWarmCache);
    // A cache directory with the $(shell) results only: its model snapshot is removed before each session.
    const serverShellCache = path.join(work, 'server-shell-cache');
    fs.cpSync(path.join(serverWarmCache, 'shell'), path.join(serverShellCache, 'shell'), { recursive: true });
    const snapshotSize = [...cliSnapshots, ...serverSnapshots].map((s) => `${(s.bytes / 1e6).toFixed(1)} MB`).join(', ');
    console.log(`model snapshots written: CLI ${cliSnapshots.length}, server ${serverSnapshots.length} (${snapshotSize || 'none'})`);
    if (cliSnapshots.length !== 1 || serverSnapshots.length !== 1) mismatch(BENCH, 'model snapshot', `expected one snapshot in each warm cache directory, found ${cliSnapshots.length} (CLI) and ${serverSnapshots.length} (server)`);
    record({ bench: BENCH, measure: 'model snapshot on disk (linux 6.1 x86_64)', result: snapshotSize || 'none' });
    // Each kind of run in turn, so that a noisy minute on the machine touches all of them alike.
    for (let i = 0; i < runs; i++) {
      confMs.push(timeCommand(conf, ['--allnoconfig', 'Kconfig'], { cwd: work, env }));
      const out = path.join(work, `make-${i}`);
      fs.cpSync(build, out, { recursive: true, preserveTimestamps: true });
      makeMs.push(timeCommand('make', ['-s', '-C', tree.dir, `O=${out}`, `ARCH=${ARCH}`, 'allnoconfig'], { cwd: tree.dir, env: plainEnv() }));
      fs.rmSync(out, { recursive: true, force: true });
      // A fresh cache directory: no $(shell) results and no model snapshot (a run that ran the probes writes none).
      ourColdMs.push(timeOurs(tree.dir, path.join(work, `cold-cache-${i}`), empty, ourColdConfig));
      ourParsedMs.push(timeOurs(tree.dir, warmCache, empty, ourConfig, false));
      ourSnapshotMs.push(timeOurs(tree.dir, warmCache, empty, ourSnapshotConfig));
      // The language server: a fresh process with an empty cache directory, then one whose cache holds the
      // $(shell) results only, then one whose cache holds the model snapshot too.
      const cold = await serverWithFragment(tree.dir, path.join(work, `server-cold-cache-${i}`), fixtures, tsn);
      serverColdMs.push(cold.firstMs);
      coldMemory = await closeSession(cold);
      fs.rmSync(path.join(serverShellCache, 'models'), { recursive: true, force: true });
      const shellOnly = await serverWithFragment(tree.dir, serverShellCache, fixtures, tsn);
      serverShellCacheMs.push(shellOnly.firstMs);
      await closeSession(shellOnly);
      const warm = await serverWithFragment(tree.dir, serverWarmCache, fixtures, tsn);
      serverSnapshotMs.push(warm.firstMs);
      await closeSession(warm);
    }
    // What was timed must be the same work: our .config against the one conf wrote.
    const theirs = fs.readFileSync(path.join(work, '.config'), 'utf8');
    const same = [ourConfig, ourColdConfig, ourSnapshotConfig].every((f) => fs.readFileSync(f, 'utf8') === theirs);
    console.log(`our .config (cold, parsed with $(shell) cached, and from the model snapshot) ${same ? 'is byte-identical to' : 'DIFFERS from'} conf's`);
    if (!same) mismatch(BENCH, 'kata-kconfig merge --allnoconfig against conf --allnoconfig', `our .config differs from conf's (linux ${tree.version} ${ARCH})`);
    const c = median(confMs);
    const m = median(makeMs);
    const cold = median(ourColdMs);
    const parsed = median(ourParsedMs);
    const fromSnapshot = median(ourSnapshotMs);
    console.log(`kernel conf --allnoconfig (linux ${tree.version} ${ARCH}): median ${fixed(c)} ms over ${runs} runs; make allnoconfig (conf prebuilt): ${fixed(m)} ms`);
    console.log(`engine (kata-kconfig merge, bundled CLI) load+allnoconfig, cold $(shell): median ${fixed(cold)} ms = ${(cold / c).toFixed(2)}x conf (target <= 1.0x), ${(cold / m).toFixed(2)}x make`);
    console.log(`engine (kata-kconfig merge, bundled CLI) load+allnoconfig, cached $(shell), Kconfig parsed (--no-model-cache): median ${fixed(parsed)} ms = ${(parsed / c).toFixed(2)}x conf (target <= 0.5x), ${(parsed / m).toFixed(2)}x make`);
    console.log(`engine (kata-kconfig merge, bundled CLI) load+allnoconfig, cached $(shell) and model snapshot: median ${fixed(fromSnapshot)} ms = ${(fromSnapshot / c).toFixed(2)}x conf, ${(fromSnapshot / m).toFixed(2)}x make`);
    record({ bench: BENCH, measure: `kernel conf --allnoconfig (linux ${tree.version} ${ARCH})`, result: `${fixed(c)} ms (make allnoconfig, conf prebuilt: ${fixed(m)} ms)` });
    record({ bench: BENCH, measure: 'CLI load + allnoconfig, $(shell) not cached, vs conf', result: `${fixed(cold)} ms = ${(cold / c).toFixed(2)}x`, target: '<= 1.0x', met: cold <= c });
    record({ bench: BENCH, measure: 'CLI load + allnoconfig, $(shell) cached, Kconfig parsed, vs conf', result: `${fixed(parsed)} ms = ${(parsed / c).toFixed(2)}x`, target: '<= 0.5x', met: parsed <= 0.5 * c });
    record({ bench: BENCH, measure: 'CLI load + allnoconfig, $(shell) cached and model snapshot, vs conf', result: `${fixed(fromSnapshot)} ms = ${(fromSnapshot / c).toFixed(2)}x` });

    const sc = median(serverColdMs);
    const ss = median(serverShellCacheMs);
    const sw = median(serverSnapshotMs);
    console.log(
      `language server, fresh process and empty cache directory, tsn.conf opened: first diagnostics ${fixed(sc)} ms after didOpen (median of ${runs}) = ${(sc / c).toFixed(2)}x conf --allnoconfig, ${(sc / m).toFixed(2)}x make allnoconfig (target: under conf's time)`,
    );
    console.log(`language server, fresh process, only $(shell) results cached on disk (cacheDirectory, no model snapshot), tsn.conf opened: first diagnostics ${fixed(ss)} ms (median of ${runs})`);
    console.log(
      `language server, fresh process, $(shell) results and model snapshot cached on disk (cacheDirectory), tsn.conf opened: first diagnostics ${fixed(sw)} ms (median of ${runs}, each ${serverSnapshotMs.map((x) => fixed(x)).join(', ')}; target < 300 ms)`,
    );
    console.log(`language server memory after the cold session: RSS ${fixed(coldMemory.rssMb)} MB, peak ${fixed(coldMemory.peakMb)} MB`);
    record({ bench: BENCH, measure: 'server: first diagnostics, fresh server, empty cache, vs conf --allnoconfig', result: `${fixed(sc)} ms = ${(sc / c).toFixed(2)}x conf, ${(sc / m).toFixed(2)}x make`, target: '< conf', met: sc < c });
    record({ bench: BENCH, measure: 'server: first diagnostics, fresh server, only $(shell) cache warm (model parsed)', result: `${fixed(ss)} ms` });
    record({ bench: BENCH, measure: 'server: first diagnostics, fresh server, $(shell) cache and model snapshot warm', result: `${fixed(sw)} ms`, target: '< 300 ms', met: sw < 300 });

    // Re-check after a one-line edit, with the tree loaded (what the server does on each keystroke pause).
    const model = openKernelTree({ tree: tree.dir, arch: ARCH, allowShell: true, cacheDir: warmCache }).model;
    const list = (sub: string) => fs.readdirSync(path.join(fixtures, 'kata-like', sub)).filter((f) => f.endsWith('.conf')).sort().map((f) => path.join(fixtures, 'kata-like', sub, f));
    const kataLike = [...list('common'), ...list(ARCH)];
    const files = [...kataLike, tsn];
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
      if (i >= 10) recheck.push(msSince(t0));
      t0 = process.hrtime.bigint();
      analyzeFragmentSet({ model, srctree: tree.dir, fragments: edited, mode: 'allnoconfig' });
      if (i >= 10) fullRun.push(msSince(t0));
    }
    const p95 = percentile(recheck, 95);
    console.log(`(the same edits evaluated from scratch: p50 ${fixed(percentile(fullRun, 50), 1)} ms, p95 ${fixed(percentile(fullRun, 95), 1)} ms)`);
    console.log(`re-check of a ${files.length}-fragment set after a one-line edit (tree loaded): p50 ${fixed(percentile(recheck, 50), 1)} ms, p95 ${fixed(p95, 1)} ms over ${recheck.length} edits (target p95 < 50 ms)`);
    record({ bench: BENCH, measure: `re-check of a ${files.length}-fragment set after a one-line edit, tree loaded (p95)`, result: `${fixed(p95, 1)} ms (p50 ${fixed(percentile(recheck, 50), 1)} ms)`, target: '< 50 ms', met: p95 < 50 });

    // One server that has loaded the tree: more fragments opened in it, then an edit; its memory.
    const session = await serverWithFragment(tree.dir, serverWarmCache, fixtures, tsn);
    try {
      const client = session.client;
      const secondMs: number[] = [];
      for (const f of kataLike) secondMs.push((await timeToFirstDiagnostics(client, f, 'kconfig-fragment', fs.readFileSync(f, 'utf8'))).ms);
      const second = median(secondMs);
      console.log(
        `language server with the tree loaded, another fragment opened: first diagnostics median ${fixed(second)} ms, max ${fixed(Math.max(...secondMs))} ms over ${secondMs.length} fragments (each a set of its own; target < 300 ms)`,
      );
      record({ bench: BENCH, measure: 'server: first diagnostics, another fragment in a server with the tree loaded (median)', result: `${fixed(second)} ms (max ${fixed(Math.max(...secondMs))} ms)`, target: '< 300 ms', met: second < 300 });
      // The next publication for the file after an edit (the server debounces edits by 150 ms).
      const uri = pathToFileURL(tsn).href;
      const t1 = process.hrtime.bigint();
      await client.change(uri, fs.readFileSync(tsn, 'utf8') + 'CONFIG_NET=y\n');
      await client.waitForVersion(uri, 2, 120000);
      console.log(`language server: diagnostics after an edit of tsn.conf ${fixed(msSince(t1))} ms (incl. the 150 ms debounce)`);
    } finally {
      const memory = await closeSession(session);
      console.log(`language server memory with the tree loaded and ${kataLike.length + 1} fragments checked: RSS ${fixed(memory.rssMb)} MB, peak ${fixed(memory.peakMb)} MB (target < 300 MB)`);
      record({ bench: BENCH, measure: 'server memory, Kconfig session (tree loaded, 10 fragments)', result: `RSS ${fixed(memory.rssMb)} MB, peak ${fixed(memory.peakMb)} MB`, target: '< 300 MB', met: memory.peakMb < 300 });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
