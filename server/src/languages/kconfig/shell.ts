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

import { type ChildProcess, SpawnSyncOptions, spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFileAtomically } from '../../common/atomicFile';

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
  /** True when commands may run and the cache read from disk knows nothing about this toolchain: prefetching pays. */
  worthPrefetching(): boolean;
  /** Stops background commands nobody asked for and removes their files. */
  settle(): void;
  /** Every command asked for so far, with the answer given (undefined: not run, the caller guessed). */
  readonly answers: ReadonlyMap<string, string | undefined>;
  /** The answer the cache holds for a command, without running anything; undefined when it holds none. */
  peek(command: string): string | undefined;
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
  /** Keys of results run by this runner (the disk cache knew nothing of them). */
  const ranHere = new Set<string>();
  const record = (key: string, command: string, stdout: string) => {
    stats.executed++;
    ranHere.add(key);
    entries.set(key, { command, stdout, usedAt: Date.now(), toolchain: identity().hash });
    changed.add(key);
  };
  const known = (key: string, command: string) => {
    const hit = entries.get(key);
    return hit && hit.command === command ? hit : undefined;
  };

  const answers = new Map<string, string | undefined>();
  const run = (command: string): string | undefined => {
    const stdout = answer(command);
    answers.set(command, stdout);
    return stdout;
  };

  const answer = (command: string): string | undefined => {
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

  const peek = (command: string): string | undefined => known(cacheKey(command, identity().identity), command)?.stdout;

  const prefetch = (command: string): void => {
    if (!options.allowed) return;
    const key = cacheKey(command, identity().identity);
    if (!known(key, command)) background.start(key, command);
  };

  const worthPrefetching = (): boolean => {
    if (!options.allowed) return false;
    const hash = identity().hash;
    // What this runner ran itself (`$(CC) --version` before the parse) says nothing of the cache.
    for (const [key, entry] of entries) if (entry.toolchain === hash && !ranHere.has(key)) return false;
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

  return Object.assign(run, { flush, stats, prefetch, worthPrefetching, settle: () => background.stop(), answers, peek });
}

/**
 * Each helper runs the jobs it is handed, one after the other: it reads a job number and a command
 * from its stdin, runs the command with `/bin/sh -c` as popen() does (a fresh shell, so `$$` is the
 * command's own), output to the job's file (created as the command starts), stderr discarded, and
 * then appends the job number to its log.
 */
const HELPER_SCRIPT = `d=$1; log=$2
while IFS= read -r n && IFS= read -r c; do
  /bin/sh -c "$c" >"$d/$n.out" 2>/dev/null </dev/null
  echo "$n" >>"$log"
done`;

/** Bytes of commands a helper may have waiting in its pipe (far below what a pipe holds). */
const MAX_QUEUED_BYTES = 16 * 1024;

interface Helper {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly log: string;
  alive: boolean;
  /** Jobs handed to it that were not seen done yet, oldest first, with their size in the pipe. */
  readonly pending: { id: number; bytes: number }[];
  /** Jobs its log says are done. */
  readonly done: Set<number>;
  /** How much of the log was read. */
  logRead: number;
}

/**
 * Commands running side by side in the background while the caller goes on synchronously (a parse
 * has no event loop to wait on). A few long-lived helper shells, started once, take the commands in
 * turn, so that finished work is followed by the next without the caller's attention and the caller
 * never pays for starting a process itself. Commands go down the helpers' stdin pipes, which take a
 * small write at once; the caller learns of results from the helpers' logs and output files.
 */
class BackgroundCommands {
  private readonly jobs = new Map<string, { id: number; helper: Helper }>();
  private readonly helpers: Helper[] = [];
  private readonly limit = Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) * 2);
  private dir: string | undefined;
  private serial = 0;
  private readonly pause = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly options: ShellRunnerOptions,
    private readonly timeoutMs: number,
  ) {}

  start(key: string, command: string): void {
    // A command of several lines cannot go down the pipe as one line: it runs when asked for.
    if (this.jobs.has(key) || command.includes('\n') || command.includes('\r')) return;
    try {
      const message = `${this.serial}\n${command}\n`;
      const bytes = Buffer.byteLength(message);
      const helper = this.pickHelper(bytes);
      if (!helper) return;
      const id = this.serial++;
      helper.child.stdin!.write(message);
      // The pipe takes a few bytes at once; if it did not, the helper would only see the job after
      // the caller is done: give that helper up, and its jobs run directly when asked for.
      if (helper.child.stdin!.writableLength > 0) {
        this.kill(helper);
        return;
      }
      helper.pending.push({ id, bytes });
      this.jobs.set(key, { id, helper });
    } catch {
      // Not started: asking for it runs it directly.
    }
  }

  /**
   * Waits for a command started in the background; `ran` is false when it never ran here (the
   * caller then runs it itself). A command out of time is stopped, with whatever its helper had queued.
   */
  wait(key: string): { ran: boolean; stdout?: string } {
    const job = this.jobs.get(key);
    if (!job) return { ran: false };
    this.jobs.delete(key);
    const out = this.outFile(job.id);
    let since = Date.now();
    let running = false;
    while (!this.isDone(job.helper, job.id)) {
      if (!job.helper.alive) return { ran: false };
      if (!running && fs.existsSync(out)) {
        running = true;
        since = Date.now();
      }
      if (Date.now() - since > this.timeoutMs) {
        // Out of time: the command itself, or (not started yet) one queued before it.
        this.kill(job.helper);
        return running ? { ran: true, stdout: undefined } : { ran: false };
      }
      Atomics.wait(this.pause, 0, 0, 1);
    }
    return { ran: true, stdout: readOutput(out) };
  }

  /** Stops the helpers and what they run, forgets their jobs, removes the files. */
  stop(): void {
    for (const helper of this.helpers) this.kill(helper);
    this.helpers.length = 0;
    this.jobs.clear();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private outFile(id: number): string {
    return path.join(this.dir!, `${id}.out`);
  }

  /** Reads what the helper's log gained since last time. */
  private isDone(helper: Helper, id: number): boolean {
    if (helper.done.has(id)) return true;
    let text: string;
    try {
      text = fs.readFileSync(helper.log, 'latin1');
    } catch {
      return false;
    }
    // Only whole lines: the helper may be writing the last one.
    const end = text.lastIndexOf('\n') + 1;
    if (end > helper.logRead) {
      for (const n of text.slice(helper.logRead, end).split('\n')) if (n !== '') helper.done.add(Number(n));
      helper.logRead = end;
    }
    return helper.done.has(id);
  }

  /** A new helper while there is room, else the live one with the least work waiting that can take `bytes` more. */
  private pickHelper(bytes: number): Helper | undefined {
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-probes-'));
    let best: Helper | undefined;
    for (const helper of this.helpers) {
      if (!helper.alive) continue;
      // A helper finishes its jobs in order: drop those done from the front.
      while (helper.pending.length > 0 && this.isDone(helper, helper.pending[0].id)) helper.pending.shift();
      if (helper.pending.length === 0) return helper;
      const queued = helper.pending.reduce((sum, p) => sum + p.bytes, 0);
      if (queued + bytes <= MAX_QUEUED_BYTES && (!best || helper.pending.length < best.pending.length)) best = helper;
    }
    if (this.helpers.length < this.limit) return this.spawnHelper() ?? best;
    return best;
  }

  private spawnHelper(): Helper | undefined {
    const log = path.join(this.dir!, `helper-${this.helpers.length}.log`);
    const child = spawn('/bin/sh', ['-c', HELPER_SCRIPT, 'kconfig-probes', this.dir!, log], {
      cwd: this.options.cwd,
      env: { ...this.options.env },
      stdio: ['pipe', 'ignore', 'ignore'],
      // Its own process group, so that stopping it stops what it runs.
      detached: true,
    });
    child.on('error', () => undefined);
    child.stdin!.on('error', () => undefined);
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    if (child.pid === undefined) return undefined;
    const helper: Helper = { child, pid: child.pid, log, alive: true, pending: [], done: new Set(), logRead: 0 };
    this.helpers.push(helper);
    return helper;
  }

  private kill(helper: Helper): void {
    if (!helper.alive) return;
    helper.alive = false;
    killGroup(helper.pid);
    helper.child.stdin!.destroy();
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
  return writeFileAtomically(file, JSON.stringify(contents));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
