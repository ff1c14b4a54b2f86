// What the benchmarks share: repetitions, medians, timing a process, a language server's memory and time to
// first diagnostics, and the figures each bench hands to scripts/bench.mjs for the summary table.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../protocol/harness';

/** Repetitions of each timed measure (BENCH_RUNS, default 5). */
export function benchRuns(): number {
  const n = Number(process.env.BENCH_RUNS ?? 5);
  return Number.isInteger(n) && n >= 1 ? n : 5;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Milliseconds since `start` (a process.hrtime.bigint() reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Milliseconds `fn` takes. */
export function timed(fn: () => unknown): number {
  const t = process.hrtime.bigint();
  fn();
  return msSince(t);
}

export interface TimedRun {
  readonly ms: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end and times it (wall clock, from spawn to exit). */
export function timeProcess(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): TimedRun {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { ...opts, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = msSince(t);
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like timeProcess, but the command must succeed. */
export function timeCommand(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): number {
  const r = timeProcess(cmd, args, opts);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return r.ms;
}

export interface Memory {
  readonly rssMb: number;
  readonly peakMb: number;
}

/** VmRSS and VmHWM of a process, from /proc/<pid>/status. */
export function processMemory(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/**
 * Milliseconds from sending didOpen for `file` to the server's first publishDiagnostics for that document
 * (the server publishes for every document it analyses, also a clean one, with the version it read).
 */
export async function timeToFirstDiagnostics(client: LspClient, file: string, languageId: string, text: string, timeoutMs = 180000): Promise<{ ms: number; count: number }> {
  const uri = pathToFileURL(file).href;
  const t = process.hrtime.bigint();
  await client.open(uri, languageId, text);
  const diagnostics = await client.waitForVersion(uri, 1, timeoutMs);
  return { ms: msSince(t), count: diagnostics.length };
}

/**
 * Time to first diagnostics in `runs` fresh servers (each initialized by `initialize`, then shut down), as a
 * median, with the number of diagnostics and the memory of the last server.
 */
export async function freshServerFirstDiagnostics(
  runs: number,
  initialize: (client: LspClient) => Promise<unknown>,
  file: string,
  languageId: string,
  text: string,
): Promise<{ ms: number; count: number; memory: Memory }> {
  const times: number[] = [];
  let memory: Memory = { rssMb: 0, peakMb: 0 };
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const client = LspClient.spawn();
    try {
      await initialize(client);
      const r = await timeToFirstDiagnostics(client, file, languageId, text);
      times.push(r.ms);
      count = r.count;
      memory = processMemory(client.pid!);
      await client.shutdown();
    } finally {
      client.dispose();
    }
  }
  return { ms: median(times), count, memory };
}

export function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(2);
}

export function fixed(x: number, digits = 0): string {
  return x.toFixed(digits);
}

/** One line of the summary table scripts/bench.mjs prints at the end. */
export interface Figure {
  readonly bench: string;
  readonly measure: string;
  readonly result: string;
  /** Omitted for figures printed for information only. */
  readonly target?: string;
  readonly met?: boolean;
  readonly skipped?: boolean;
  /** The compared outputs disagreed (the run exits non-zero). */
  readonly mismatch?: boolean;
}

/** Hands a figure to the summary (BENCH_RESULTS names a file of JSON lines; without it, nothing is kept). */
export function record(figure: Figure): void {
  const file = process.env.BENCH_RESULTS;
  if (file) fs.appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

/** A measure that cannot be taken here: said once on the output and in the summary, and the run goes on. */
export function skipped(bench: string, what: string, why: string): void {
  console.log(`SKIPPED: ${what} (${why})`);
  record({ bench, measure: what, result: `skipped: ${why}`, skipped: true });
}

/** Outputs that should agree do not: said loudly, and the run's exit status becomes 1. */
export function mismatch(bench: string, what: string, detail: string): void {
  console.log(`MISMATCH: ${what}: ${detail}`);
  record({ bench, measure: what, result: detail, mismatch: true });
  process.exitCode = 1;
}
