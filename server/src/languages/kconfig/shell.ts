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

import { SpawnSyncOptions, spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
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
  /**
   * Starts a command in the background when running commands is allowed and its answer is not
   * known yet; asking for it later waits for that run instead of starting another.
   */
  prefetch(command: string): void;
  /** True when commands may run and the cache knows nothing about this toolchain: prefetching pays. */
  worthPrefetching(): boolean;
  /** Stops background commands nobody asked for and removes their files. */
  settle(): void;
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
  /** Hash of the toolchain identity the command ran with. */
  readonly toolchain?: string;
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
  let toolchain: { identity: ToolchainIdentity; hash: string } | undefined;
  const identity = () => {
    if (!toolchain) {
      const id = toolchainIdentity(options);
      toolchain = { identity: id, hash: createHash('sha256').update(JSON.stringify(id)).digest('hex') };
    }
    return toolchain;
  };
  const background = new BackgroundCommands(options, timeoutMs);
  const record = (key: string, command: string, stdout: string) => {
    stats.executed++;
    entries.set(key, { command, stdout, usedAt: Date.now(), toolchain: identity().hash });
    changed.add(key);
  };
  const known = (key: string, command: string) => {
    const hit = entries.get(key);
    return hit && hit.command === command ? hit : undefined;
  };

  const run = (command: string): string | undefined => {
    const key = cacheKey(command, identity().identity);
    const hit = known(key, command);
    if (hit) {
      stats.cached++;
      // Entries written before the toolchain was recorded learn it now (see worthPrefetching).
      if (hit.toolchain !== identity().hash) {
        entries.set(key, { ...hit, toolchain: identity().hash });
        changed.add(key);
      }
      return hit.stdout;
    }
    if (!options.allowed) return undefined;
    const started = background.wait(key);
    const stdout = started.ran ? started.stdout : execute(command, options, timeoutMs);
    if (stdout === undefined) return undefined;
    record(key, command, stdout);
    return stdout;
  };

  const prefetch = (command: string): void => {
    if (!options.allowed) return;
    const key = cacheKey(command, identity().identity);
    if (!known(key, command)) background.start(key, command);
  };

  const worthPrefetching = (): boolean => {
    if (!options.allowed) return false;
    const hash = identity().hash;
    for (const entry of entries.values()) if (entry.toolchain === hash) return false;
    return true;
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

  return Object.assign(run, { flush, stats, prefetch, worthPrefetching, settle: () => background.stop() });
}

/**
 * Commands running side by side in the background while the caller goes on synchronously. Each
 * writes its output to a file and, when it has finished, a second empty file; the caller looks for
 * that one (there is no event loop to wait on in the middle of a parse). A few run at a time.
 */
class BackgroundCommands {
  private readonly queue: { key: string; command: string }[] = [];
  private readonly running = new Map<string, { command: string; pid: number; out: string; done: string; startedAt: number }>();
  private readonly finished = new Map<string, string | undefined>();
  private readonly limit = Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) * 2);
  private dir: string | undefined;
  private serial = 0;
  private readonly pause = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly options: ShellRunnerOptions,
    private readonly timeoutMs: number,
  ) {}

  start(key: string, command: string): void {
    if (this.running.has(key) || this.finished.has(key) || this.queue.some((q) => q.key === key)) return;
    this.queue.push({ key, command });
    this.poll();
  }

  /** Waits for a command started in the background; `ran` is false when it was never started here. */
  wait(key: string): { ran: boolean; stdout?: string } {
    this.poll();
    const queued = this.queue.findIndex((q) => q.key === key);
    if (queued >= 0) {
      // Asked for before its turn: it goes first.
      const [job] = this.queue.splice(queued, 1);
      if (!this.launch(job.key, job.command)) return { ran: false };
    }
    while (this.running.has(key)) {
      Atomics.wait(this.pause, 0, 0, 1);
      this.poll();
    }
    if (!this.finished.has(key)) return { ran: false };
    const stdout = this.finished.get(key);
    this.finished.delete(key);
    return { ran: true, stdout };
  }

  /** Kills what still runs, forgets what was queued, removes the files. */
  stop(): void {
    for (const job of this.running.values()) killGroup(job.pid);
    this.running.clear();
    this.queue.length = 0;
    this.finished.clear();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  /** Collects finished commands, stops those out of time, and starts queued ones while there is room. */
  private poll(): void {
    const now = Date.now();
    for (const [key, job] of this.running) {
      if (fs.existsSync(job.done)) {
        this.finished.set(key, readOutput(job.out));
      } else if (now - job.startedAt > this.timeoutMs) {
        killGroup(job.pid);
        this.finished.set(key, undefined);
      } else {
        continue;
      }
      this.running.delete(key);
      fs.rmSync(job.out, { force: true });
      fs.rmSync(job.done, { force: true });
    }
    while (this.running.size < this.limit && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.launch(job.key, job.command);
    }
  }

  private launch(key: string, command: string): boolean {
    try {
      this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-probes-'));
      const out = path.join(this.dir, `${this.serial}.out`);
      const done = path.join(this.dir, `${this.serial++}.done`);
      // The command itself runs as popen() would run it: /bin/sh -c, stderr discarded.
      const child = spawn('/bin/sh', ['-c', '/bin/sh -c "$1" >"$2" 2>/dev/null </dev/null; : >"$3"', 'kconfig-probe', command, out, done], {
        cwd: this.options.cwd,
        env: { ...this.options.env },
        stdio: 'ignore',
        // Its own process group, so that a command out of time can be stopped with its children.
        detached: true,
      });
      child.on('error', () => undefined);
      child.unref();
      if (child.pid === undefined) return false;
      this.running.set(key, { command, pid: child.pid, out, done, startedAt: Date.now() });
      return true;
    } catch {
      return false;
    }
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** What a background command printed, cut to the size execute() keeps. */
function readOutput(file: string): string | undefined {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(fs.fstatSync(fd).size, MAX_OUTPUT_BYTES));
      const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
      return buffer.subarray(0, n).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
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
      const toolchain = typeof entry.toolchain === 'string' ? entry.toolchain : undefined;
      entries.set(key, { command: entry.command, stdout: entry.stdout, usedAt: entry.usedAt, ...(toolchain ? { toolchain } : {}) });
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
