// A kernel tree as the engine sees it: the environment `make` gives conf, loading the Kconfig
// database for an architecture, and running conf's modes on fragments.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Evaluation, type ConfigMode, type ReadMessage, type UserAssignment } from './evaluate';
import type { KconfigModel } from './model';
import { parseKconfig, type KconfigFileSystem } from './parser';
import { nodeFileSystem as kataNodeFileSystem } from './kata/fragmentSet';
import type { ShellRunner } from './macro';
import { prefetchShellCommands } from './prefetch';
import type { CachingShellRunner } from './shell';

/** The kernel's name for an architecture's source directory (SRCARCH) and its ARCH spelling. */
export function archNames(arch: string): { ARCH: string; SRCARCH: string } {
  switch (arch) {
    case 'x86_64':
    case 'amd64':
      return { ARCH: 'x86_64', SRCARCH: 'x86' };
    case 'i386':
    case 'x86':
      return { ARCH: arch, SRCARCH: 'x86' };
    case 'aarch64':
    case 'arm64':
      return { ARCH: 'arm64', SRCARCH: 'arm64' };
    case 'ppc64le':
    case 'ppc64':
    case 'powerpc':
      return { ARCH: 'powerpc', SRCARCH: 'powerpc' };
    case 's390x':
    case 's390':
      return { ARCH: 's390', SRCARCH: 's390' };
    case 'riscv64':
    case 'riscv':
      return { ARCH: 'riscv', SRCARCH: 'riscv' };
    default:
      return { ARCH: arch, SRCARCH: arch };
  }
}

/** VERSION.PATCHLEVEL.SUBLEVEL(EXTRAVERSION) from the tree's top Makefile. */
export function kernelVersion(makefileText: string): string | undefined {
  const get = (key: string) => new RegExp(`^${key}\\s*=[ \\t]*(.*)$`, 'm').exec(makefileText)?.[1].trim();
  const v = get('VERSION');
  const p = get('PATCHLEVEL');
  if (!v || !p) return undefined;
  const s = get('SUBLEVEL') ?? '0';
  return `${v}.${p}.${s}${get('EXTRAVERSION') ?? ''}`;
}

export interface KernelEnvOptions {
  readonly srctree: string;
  readonly arch: string;
  /** The process environment to take CC, LD, CROSS_COMPILE, LLVM and PATH from. */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  readonly fs?: KconfigFileSystem;
  /** Whether commands may run (to read `$(CC) --version` like the Makefile does). */
  readonly allowCommands?: boolean;
  /**
   * Runs that command (`sh -c`, in an environment holding `env`'s PATH) and gives its output; by default
   * it is run here each time. A caching runner spares a fresh process the compiler's start. `env` is the
   * object this function returns, CC_VERSION_TEXT still missing: a runner made with it sees the final one.
   */
  readonly runCommand?: (command: string, env: Record<string, string>) => string | undefined;
}

/** The environment kbuild exports to conf for `make ARCH=... allnoconfig`. */
export function kernelEnvironment(options: KernelEnvOptions): Record<string, string> {
  const penv = options.processEnv ?? process.env;
  const { ARCH, SRCARCH } = archNames(options.arch);
  const read = options.fs ?? nodeFileSystem;
  const makefile = read.read(path.join(options.srctree, 'Makefile')) ?? '';
  const cross = penv.CROSS_COMPILE ?? '';
  const llvm = penv.LLVM;
  const env: Record<string, string> = {
    srctree: options.srctree,
    ARCH,
    SRCARCH,
    KERNELVERSION: kernelVersion(makefile) ?? '',
    CC: penv.CC && penv.CC !== 'cc' ? penv.CC : llvm ? 'clang' : `${cross}gcc`,
    LD: penv.LD && penv.LD !== 'ld' ? penv.LD : llvm ? 'ld.lld' : `${cross}ld`,
    HOSTCC: penv.HOSTCC ?? (llvm ? 'clang' : 'gcc'),
    HOSTCXX: penv.HOSTCXX ?? (llvm ? 'clang++' : 'g++'),
    OBJCOPY: penv.OBJCOPY ?? (llvm ? 'llvm-objcopy' : `${cross}objcopy`),
    AR: penv.AR ?? (llvm ? 'llvm-ar' : `${cross}ar`),
    NM: penv.NM ?? (llvm ? 'llvm-nm' : `${cross}nm`),
    STRIP: penv.STRIP ?? (llvm ? 'llvm-strip' : `${cross}strip`),
    OBJDUMP: penv.OBJDUMP ?? (llvm ? 'llvm-objdump' : `${cross}objdump`),
    READELF: penv.READELF ?? (llvm ? 'llvm-readelf' : `${cross}readelf`),
    RUSTC: penv.RUSTC ?? 'rustc',
    BINDGEN: penv.BINDGEN ?? 'bindgen',
    PAHOLE: penv.PAHOLE ?? 'pahole',
    PATH: penv.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    CONFIG_SHELL: 'sh',
    CLANG_FLAGS: '',
  };
  if (cross) env.CROSS_COMPILE = cross;
  // The Makefile exports the first line of `$(CC) --version` for Kconfig to read.
  if (options.allowCommands !== false) {
    const command = `${env.CC} --version 2>/dev/null | head -n 1`;
    const run = options.runCommand ?? ((c: string) => spawnSync('sh', ['-c', c], { encoding: 'utf8', env: { PATH: env.PATH } }).stdout);
    env.CC_VERSION_TEXT = (run(command, env) ?? '').replace(/\n$/, '');
  } else {
    env.CC_VERSION_TEXT = '';
  }
  return env;
}

/** The disk, for the Kconfig files (the same reader the Kata fragment sets use). */
export const nodeFileSystem: KconfigFileSystem = { ...kataNodeFileSystem, realPath: diskRealPath };

/** Folders resolved during the current turn of the event loop (see diskRealPath). */
const resolvedFolders = new Map<string, string | undefined>();

/**
 * A path with its links resolved, for `source` to stay inside the tree; undefined when it does not exist. A
 * parse asks this for each of two thousand files in a few hundred folders, and resolving a path costs a
 * lookup per folder on the way; so each folder is resolved once, and a file's own name is only checked for
 * being a link itself. The folders are forgotten as soon as the running task ends (a parse runs without a
 * break), so a link made later is seen.
 */
export function diskRealPath(file: string): string | undefined {
  try {
    const dir = path.dirname(file);
    if (!resolvedFolders.has(dir)) {
      if (resolvedFolders.size === 0) setImmediate(() => resolvedFolders.clear()).unref();
      let real: string | undefined;
      try {
        real = fs.realpathSync.native(dir);
      } catch {
        real = undefined;
      }
      resolvedFolders.set(dir, real);
    }
    const real = resolvedFolders.get(dir);
    if (real === undefined) return undefined;
    return fs.lstatSync(file).isSymbolicLink() ? fs.realpathSync.native(file) : path.join(real, path.basename(file));
  } catch {
    return undefined;
  }
}

export interface LoadOptions {
  readonly srctree: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly shell: ShellRunner;
  readonly fs?: KconfigFileSystem;
}

/**
 * Parses a tree's Kconfig files. With a caching runner that knows nothing yet about this toolchain,
 * a quick read first finds the $(shell,...) commands the parse will need and starts them side by
 * side; the parse then takes their answers as they come (see prefetch.ts).
 */
export function loadKconfig(options: LoadOptions): KconfigModel {
  const fs = options.fs ?? nodeFileSystem;
  const shell = options.shell;
  if (!isCachingRunner(shell) || !shell.worthPrefetching()) return parseKconfig({ srctree: options.srctree, env: options.env, fs, shell });
  // Both passes read the same files: read each once.
  const texts = new Map<string, string | undefined>();
  const once: KconfigFileSystem = {
    read: (file) => {
      if (!texts.has(file)) texts.set(file, fs.read(file));
      return texts.get(file);
    },
    list: fs.list ? (dir) => fs.list!(dir) : undefined,
    realPath: fs.realPath ? (file) => fs.realPath!(file) : undefined,
  };
  try {
    prefetchShellCommands({ srctree: options.srctree, env: options.env, fs: once, start: (command) => shell.prefetch(command), answer: (command) => shell(command) });
    return parseKconfig({ srctree: options.srctree, env: options.env, fs: once, shell });
  } finally {
    shell.settle();
  }
}

function isCachingRunner(shell: ShellRunner): shell is CachingShellRunner {
  return 'prefetch' in shell && 'worthPrefetching' in shell && 'settle' in shell;
}

export interface ConfigRun {
  readonly evaluation: Evaluation;
  readonly configText: string;
  readonly messages: readonly ReadMessage[];
  readonly assignments: readonly UserAssignment[];
}

/**
 * What `conf --<mode>` writes with `seed` as KCONFIG_ALLCONFIG (allnoconfig/alldefconfig) or as the
 * existing .config (olddefconfig).
 */
export function runConf(model: KconfigModel, mode: ConfigMode, seed: string | undefined, previous?: ConfigRun): ConfigRun {
  const evaluation = new Evaluation(model);
  let messages: ReadMessage[] = [];
  let assignments: UserAssignment[] = [];
  let changed = true;
  if (mode === 'olddefconfig') {
    // conf_read: the seed is the existing .config (none means conf starts from defaults and says so).
    if (seed !== undefined) {
      ({ messages, assignments } = evaluation.readUserValues(seed));
      changed = evaluation.settleOldConfig(messages) || messages.some((m) => m.kind === 'unknown-symbol');
    }
  } else {
    if (seed !== undefined) ({ messages, assignments } = evaluation.readUserValues(seed));
    // After an edit, symbols the changed values cannot reach keep the previous run's results.
    evaluation.applyMode(mode, previous?.evaluation);
  }
  const configText = evaluation.writeConfig(changed);
  return { evaluation, configText, messages, assignments };
}
