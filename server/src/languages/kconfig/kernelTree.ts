// Opening a kernel tree for an architecture: environment, `$(shell,...)` policy and cache, the parsed
// model kept on disk between sessions (snapshot.ts), and a model cache so that editing a fragment does
// not re-read the Kconfig files.

import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { KconfigModel } from './model';
import type { KconfigFileSystem } from './parser';
import { createShellRunner, type CachingShellRunner } from './shell';
import { RecordingFileSystem, diskFingerprint, readSnapshot, snapshotPath, writeSnapshot, type Fingerprint } from './snapshot';
import { adoptReaderIndex, readerIndex } from './evaluate';
import { adoptSelectIndex, selectIndex } from './explain';
import { kernelEnvironment, kernelVersion, loadKconfig, nodeFileSystem, runConf, type ConfigRun } from './tree';

export interface KernelTreeOptions {
  readonly tree: string;
  readonly arch: string;
  /** Whether `$(shell,...)` may run commands (the CLI by default; a trusted workspace in the editor). */
  readonly allowShell: boolean;
  /** Where `$(shell,...)` results are kept between runs; undefined = the user's cache directory. */
  readonly cacheDir?: string;
  readonly fs?: KconfigFileSystem;
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /**
   * Whether the parsed model is kept in the cache directory and taken from there while nothing it was
   * made from has changed (default true).
   */
  readonly modelSnapshot?: boolean;
  /**
   * How a file's content is identified (default: `disk:` with its modification time and size); it must
   * change whenever what `fs` reads for the file may have changed. Files whose fingerprint is not a `disk:`
   * one (editor buffers) keep the model out of the snapshot. With an `fs` and no fingerprint, no snapshot.
   */
  readonly fingerprint?: Fingerprint;
  /** Runs the writing of a new snapshot (default: at once); the server runs it after the diagnostics are out. */
  readonly deferWrite?: (write: () => void) => void;
  /**
   * Whether a load that had to run `$(shell,...)` commands writes the snapshot too (default true). The
   * command line says no: that run is the slow one already; the next, answered from the cache, writes it.
   */
  readonly snapshotAfterProbes?: boolean;
}

export interface KernelTree {
  readonly dir: string;
  readonly arch: string;
  readonly version: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly model: KconfigModel;
  readonly loadMs: number;
  readonly shell: { readonly executed: number; readonly cached: number };
  /** Parsed from the Kconfig files, or taken from the snapshot a parse left. */
  readonly modelFrom: 'parse' | 'snapshot';
  /** Every file the model was read from or looked for, with its fingerprint taken before it was read. */
  readonly fingerprints: ReadonlyMap<string, string | undefined>;
  /**
   * allnoconfig without a fragment, when the snapshot had it: a first check of a fragment set continues
   * from it (only what the fragments change is computed), and it is what a Kconfig file shows alone.
   */
  readonly allnoconfig: ConfigRun | undefined;
}

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'kata-guest-toolkit');
}

/** Whether a directory looks like a kernel source tree. */
export function isKernelTree(dir: string, read: KconfigFileSystem = nodeFileSystem): boolean {
  const makefile = read.read(path.join(dir, 'Makefile'));
  return makefile !== undefined && /^VERSION\s*=/m.test(makefile) && read.read(path.join(dir, 'Kconfig')) !== undefined;
}

export function openKernelTree(options: KernelTreeOptions): KernelTree {
  const started = Date.now();
  const dir = path.resolve(options.tree);
  const read = options.fs ?? nodeFileSystem;
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const key = createHash('sha256').update(`${dir}\0${options.arch}`).digest('hex').slice(0, 16);
  const cacheFile = path.join(cacheDir, 'shell', `${key}.json`);
  // `$(CC) --version` goes through the $(shell,...) runner and its cache too, keyed by the compiler found.
  let runner: CachingShellRunner | undefined;
  const newRunner = (e: Record<string, string>) => createShellRunner({ cwd: dir, env: e, allowed: options.allowShell, cacheFile });
  const env = kernelEnvironment({
    srctree: dir,
    arch: options.arch,
    processEnv: options.processEnv,
    fs: read,
    allowCommands: options.allowShell,
    runCommand: (command, partial) => (runner ??= newRunner(partial))(command),
  });
  const shell = (runner ??= newRunner(env));
  const version = kernelVersion(read.read(path.join(dir, 'Makefile')) ?? '');
  const fingerprint = options.fingerprint ?? diskFingerprint;
  const inputs = { dir, arch: options.arch, allowShell: options.allowShell, env };
  // Only fingerprints that follow what `fs` reads tell whether the snapshot still holds.
  const snapshot = options.modelSnapshot === false || (options.fs && !options.fingerprint) ? undefined : snapshotPath(cacheDir, inputs);
  const list = read.list;
  const loaded = snapshot ? readSnapshot(snapshot, { inputs, fingerprint, cachedAnswer: (command) => shell.peek(command), list: list && ((d) => list.call(read, d)) }) : undefined;
  if (loaded) {
    adoptReaderIndex(loaded.model, loaded.derived.readers);
    adoptSelectIndex(loaded.model, loaded.derived.selects);
    return {
      dir,
      arch: options.arch,
      version,
      env,
      model: loaded.model,
      loadMs: Date.now() - started,
      shell: { executed: 0, cached: loaded.shellAnswers },
      modelFrom: 'snapshot',
      fingerprints: loaded.fingerprints,
      allnoconfig: loaded.derived.allnoconfig,
    };
  }
  const recording = new RecordingFileSystem(read, fingerprint);
  const model = loadKconfig({ srctree: dir, env, shell, fs: recording });
  shell.flush();
  if (snapshot && (options.snapshotAfterProbes !== false || shell.stats.executed === 0)) {
    const record = { fingerprints: recording.fingerprints, listings: recording.listings, shellAnswers: new Map(shell.answers), parsedAt: started };
    (options.deferWrite ?? ((write) => write()))(() => {
      try {
        // What a fresh process needs at once besides the model (see DerivedData), computed here off its path.
        const derived = { allnoconfig: runConf(model, 'allnoconfig', undefined), readers: readerIndex(model), selects: selectIndex(model) };
        writeSnapshot(snapshot, model, derived, inputs, record);
      } catch {
        // No snapshot this time: the next load parses.
      }
    });
  }
  return {
    dir,
    arch: options.arch,
    version,
    env,
    model,
    loadMs: Date.now() - started,
    shell: { executed: shell.stats.executed, cached: shell.stats.cached },
    modelFrom: 'parse',
    fingerprints: recording.fingerprints,
    allnoconfig: undefined,
  };
}

/**
 * Keeps loaded trees, keyed by tree, arch and shell policy, and reloads one when any Kconfig file it
 * read has changed (on disk, or in an editor buffer when `fingerprint` knows about buffers).
 */
export class KernelTreeCache {
  private readonly entries = new Map<string, { tree: KernelTree; stamps: ReadonlyMap<string, string | undefined> }>();

  constructor(private readonly fingerprint: Fingerprint = diskFingerprint) {}

  get(options: KernelTreeOptions): KernelTree {
    const k = `${path.resolve(options.tree)}\0${options.arch}\0${options.allowShell}`;
    const hit = this.entries.get(k);
    if (hit && !this.stale(hit.stamps)) return hit.tree;
    // The fingerprints taken before each file was read: a change during the load shows at the next get.
    const tree = openKernelTree({ ...options, fingerprint: this.fingerprint });
    this.entries.set(k, { tree, stamps: tree.fingerprints });
    return tree;
  }

  /** Forget trees that read this file. */
  invalidate(file: string): void {
    for (const [k, e] of this.entries) if (e.stamps.has(file)) this.entries.delete(k);
  }

  private stale(stamps: ReadonlyMap<string, string | undefined>): boolean {
    for (const [f, t] of stamps) if (this.fingerprint(f) !== t) return true;
    return false;
  }
}

/**
 * A kernel tree to use when the user named none: a `kata-linux-*` tree that build-kernel.sh setup left
 * in a Kata checkout, a tree that is (or is directly inside) a workspace folder, or an unpacked
 * Debian linux-source tree under /usr/src.
 */
export function discoverKernelTree(folders: readonly string[], read: KconfigFileSystem = nodeFileSystem, extraRoots: readonly string[] = ['/usr/src']): string | undefined {
  const candidates: string[] = [];
  for (const folder of folders) {
    candidates.push(folder);
    for (const sub of ['tools/packaging/kernel', 'kernel', '.']) {
      const dir = path.join(folder, sub);
      for (const name of (read.list?.(dir) ?? []).slice().sort().reverse()) {
        if (/^(kata-linux-|linux-)/.test(name)) candidates.push(path.join(dir, name));
      }
    }
  }
  for (const root of extraRoots) {
    for (const name of (read.list?.(root) ?? []).slice().sort().reverse()) {
      if (/^linux-source-/.test(name) && !name.endsWith('.tar.xz') && !name.endsWith('.tar.bz2')) candidates.push(path.join(root, name));
    }
  }
  return candidates.find((c) => isKernelTree(c, read));
}
