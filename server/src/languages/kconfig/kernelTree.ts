// Opening a kernel tree for an architecture: environment, `$(shell,...)` policy and cache, and a
// model cache so that editing a fragment does not re-read the Kconfig files.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { KconfigModel } from './model';
import type { KconfigFileSystem } from './parser';
import { createShellRunner } from './shell';
import { kernelEnvironment, kernelVersion, loadKconfig, nodeFileSystem } from './tree';

export interface KernelTreeOptions {
  readonly tree: string;
  readonly arch: string;
  /** Whether `$(shell,...)` may run commands (the CLI by default; a trusted workspace in the editor). */
  readonly allowShell: boolean;
  /** Where `$(shell,...)` results are kept between runs; undefined = the user's cache directory. */
  readonly cacheDir?: string;
  readonly fs?: KconfigFileSystem;
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
}

export interface KernelTree {
  readonly dir: string;
  readonly arch: string;
  readonly version: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly model: KconfigModel;
  readonly loadMs: number;
  readonly shell: { readonly executed: number; readonly cached: number };
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
  const env = kernelEnvironment({ srctree: dir, arch: options.arch, processEnv: options.processEnv, fs: read, allowCommands: options.allowShell });
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const key = createHash('sha256').update(`${dir}\0${options.arch}`).digest('hex').slice(0, 16);
  const shell = createShellRunner({
    cwd: dir,
    env,
    allowed: options.allowShell,
    cacheFile: path.join(cacheDir, 'shell', `${key}.json`),
  });
  const model = loadKconfig({ srctree: dir, env, shell, fs: read });
  shell.flush();
  return {
    dir,
    arch: options.arch,
    version: kernelVersion(read.read(path.join(dir, 'Makefile')) ?? ''),
    env,
    model,
    loadMs: Date.now() - started,
    shell: { executed: shell.stats.executed, cached: shell.stats.cached },
  };
}

/**
 * Keeps loaded trees, keyed by tree, arch and shell policy, and reloads one when any Kconfig file it
 * read has changed (on disk, or in an editor buffer when `fingerprint` knows about buffers).
 */
export class KernelTreeCache {
  private readonly entries = new Map<string, { tree: KernelTree; stamps: Map<string, string | undefined> }>();

  constructor(private readonly fingerprint: (file: string) => string | undefined = diskFingerprint) {}

  get(options: KernelTreeOptions): KernelTree {
    const k = `${path.resolve(options.tree)}\0${options.arch}\0${options.allowShell}`;
    const hit = this.entries.get(k);
    if (hit && !this.stale(hit.stamps)) return hit.tree;
    const tree = openKernelTree(options);
    const stamps = new Map<string, string | undefined>();
    for (const f of tree.model.files) stamps.set(f.path, this.fingerprint(f.path));
    this.entries.set(k, { tree, stamps });
    return tree;
  }

  /** Forget trees that read this file. */
  invalidate(file: string): void {
    for (const [k, e] of this.entries) if (e.stamps.has(file)) this.entries.delete(k);
  }

  private stale(stamps: Map<string, string | undefined>): boolean {
    for (const [f, t] of stamps) if (this.fingerprint(f) !== t) return true;
    return false;
  }
}

function diskFingerprint(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    return `${st.mtimeMs}:${st.size}`;
  } catch {
    return undefined;
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
