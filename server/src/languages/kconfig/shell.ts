// Runs Kconfig `$(shell,...)` commands for the macro processor, with a cache keyed by the toolchain in use.
//
// Kconfig files probe the compiler and linker ($(cc-option,...), $(ld-version), ...), so the
// same command gives a different answer when CC or LD changes: the cache key holds the command,
// the working directory, the values of the toolchain variables and the size and mtime of the
// CC/LD executables found on PATH.
//
// In an untrusted workspace (`allowed: false`) nothing is ever executed. Results already in the
// disk cache are still returned (reading a file runs nothing); anything else is undefined, and
// MacroProcessor then falls back to its documented guess (see macro.ts).

import { SpawnSyncOptions, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import type { ShellRunner } from './macro';

export interface ShellRunnerOptions {
  /** The kernel tree (srctree). */
  readonly cwd: string;
  /** Environment passed to sh (ARCH, SRCARCH, CC, LD, srctree, PATH...). */
  readonly env: Readonly<Record<string, string>>;
  /** False in an untrusted workspace: never execute anything. */
  readonly allowed: boolean;
  /** JSON file holding cached results; absent = no disk cache. */
  readonly cacheFile?: string;
  /** Per command, default 10000. */
  readonly timeoutMs?: number;
}

export interface ShellRunnerStats {
  /** Commands actually run. */
  executed: number;
  /** Answers served from the memory or disk cache. */
  cached: number;
}

export type CachingShellRunner = ShellRunner & {
  /** Writes new results to the cache file (atomically); never throws. */
  flush(): void;
  readonly stats: ShellRunnerStats;
};

const DEFAULT_TIMEOUT_MS = 10_000;
/** The kernel keeps 4 KiB of output; more than this is never useful and is cut off. */
const MAX_OUTPUT_BYTES = 1 << 20;
const MAX_CACHE_ENTRIES = 4096;
const CACHE_FORMAT = 1;
/** sh's own search path when the environment has no PATH. */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Variables whose values change what the kernel's probes answer. */
const TOOLCHAIN_VARIABLES = ['CC', 'LD', 'ARCH', 'SRCARCH', 'CROSS_COMPILE', 'CLANG_FLAGS'] as const;

interface CacheEntry {
  readonly command: string;
  readonly stdout: string;
  /** Milliseconds since the epoch; the oldest entries are dropped first. */
  readonly usedAt: number;
}

interface CacheFileContents {
  readonly format: typeof CACHE_FORMAT;
  readonly entries: Record<string, CacheEntry>;
}

export function createShellRunner(options: ShellRunnerOptions): CachingShellRunner {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const stats: ShellRunnerStats = { executed: 0, cached: 0 };
  const entries = options.cacheFile ? readCacheFile(options.cacheFile) : new Map<string, CacheEntry>();
  /** Keys of results run since the last successful flush. */
  const changed = new Set<string>();

  // The toolchain's identity is read once per runner: a runner serves one load of a tree.
  let toolchain: ToolchainIdentity | undefined;
  const run = (command: string): string | undefined => {
    toolchain ??= toolchainIdentity(options);
    const key = cacheKey(command, toolchain);
    const hit = entries.get(key);
    if (hit && hit.command === command) {
      stats.cached++;
      return hit.stdout;
    }
    if (!options.allowed) return undefined;

    stats.executed++;
    const stdout = execute(command, options, timeoutMs);
    if (stdout === undefined) return undefined;
    entries.set(key, { command, stdout, usedAt: Date.now() });
    changed.add(key);
    return stdout;
  };

  const flush = (): void => {
    const file = options.cacheFile;
    if (!file || changed.size === 0) return;
    // Another process (the CLI, a second window) may have written the file since we read it: keep its entries.
    const merged = readCacheFile(file);
    for (const key of changed) {
      const entry = entries.get(key);
      if (entry) merged.set(key, entry);
    }
    if (writeCacheFile(file, merged)) changed.clear();
  };

  return Object.assign(run, { flush, stats });
}

/** Runs `/bin/sh -c command` the way popen() does; undefined when it could not run or did not finish in time. */
function execute(command: string, options: ShellRunnerOptions, timeoutMs: number): string | undefined {
  const spawnOptions: SpawnSyncOptions & { detached: boolean } = {
    cwd: options.cwd,
    env: { ...options.env },
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: MAX_OUTPUT_BYTES,
    // Its own process group, so that a command that timed out can be stopped with all its children.
    detached: true,
    windowsHide: true,
  };
  // Node honours `detached` in spawnSync too, although its typings only declare it for spawn.
  const result = spawnSync('/bin/sh', ['-c', command], spawnOptions);
  const error = result.error as NodeJS.ErrnoException | undefined;
  if (error) {
    if (error.code === 'ETIMEDOUT' && result.pid) {
      try {
        process.kill(-result.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    // Output beyond maxBuffer is of no use to Kconfig (it keeps 4 KiB): what we have is the answer.
    if (error.code !== 'ENOBUFS') return undefined;
  }
  return result.stdout ? result.stdout.toString('utf8') : '';
}

interface ToolchainIdentity {
  readonly cwd: string;
  readonly toolchain: Record<string, string | null>;
  readonly cc: string[];
  readonly ld: string[];
}

function toolchainIdentity(options: ShellRunnerOptions): ToolchainIdentity {
  const toolchain: Record<string, string | null> = {};
  for (const name of TOOLCHAIN_VARIABLES) toolchain[name] = options.env[name] ?? null;
  return {
    cwd: path.resolve(options.cwd),
    toolchain,
    cc: programIdentities(options.env.CC, options),
    ld: programIdentities(options.env.LD, options),
  };
}

function cacheKey(command: string, identity: ToolchainIdentity): string {
  return createHash('sha256')
    .update(JSON.stringify({ ...identity, command }))
    .digest('hex');
}

/**
 * Every word of a CC/LD value that names a program (`ccache gcc` names two), with where it
 * resolves and that file's size and mtime, so that replacing the compiler changes the key.
 */
function programIdentities(value: string | undefined, options: ShellRunnerOptions): string[] {
  if (!value) return [];
  const identities: string[] = [];
  for (const word of value.split(/\s+/)) {
    if (word === '' || word.startsWith('-') || word.includes('=')) continue;
    const file = resolveProgram(word, options);
    if (!file) {
      identities.push(`${word}: not found`);
      continue;
    }
    try {
      const stat = fs.statSync(file);
      identities.push(`${word}: ${file} ${stat.size} ${stat.mtimeMs}`);
    } catch {
      identities.push(`${word}: ${file} unreadable`);
    }
  }
  return identities;
}

/** Where sh would find `program`: relative to cwd when it has a slash, else the first executable file on PATH. */
function resolveProgram(program: string, options: ShellRunnerOptions): string | undefined {
  if (program.includes('/')) return path.resolve(options.cwd, program);
  const searchPath = options.env.PATH ?? DEFAULT_PATH;
  for (const directory of searchPath.split(':')) {
    const candidate = path.resolve(options.cwd, directory === '' ? '.' : directory, program);
    try {
      if (fs.statSync(candidate).isFile()) {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      }
    } catch {
      // Not here; keep looking.
    }
  }
  return undefined;
}

/** A missing or damaged cache file is an empty cache. */
function readCacheFile(file: string): Map<string, CacheEntry> {
  const entries = new Map<string, CacheEntry>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return entries;
  }
  if (!isRecord(parsed) || parsed.format !== CACHE_FORMAT || !isRecord(parsed.entries)) return entries;
  for (const [key, entry] of Object.entries(parsed.entries)) {
    if (
      isRecord(entry) &&
      typeof entry.command === 'string' &&
      typeof entry.stdout === 'string' &&
      typeof entry.usedAt === 'number'
    ) {
      entries.set(key, { command: entry.command, stdout: entry.stdout, usedAt: entry.usedAt });
    }
  }
  return entries;
}

/** Writes through a temporary file and a rename, so readers never see half a file; false if it failed. */
function writeCacheFile(file: string, entries: Map<string, CacheEntry>): boolean {
  const kept = [...entries].sort((a, b) => b[1].usedAt - a[1].usedAt).slice(0, MAX_CACHE_ENTRIES);
  const contents: CacheFileContents = { format: CACHE_FORMAT, entries: Object.fromEntries(kept) };
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, JSON.stringify(contents));
    fs.renameSync(temporary, file);
    return true;
  } catch {
    try {
      fs.unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
