// Shared by the ptp4l conformance tests that compare our reading of values with the C library's: compile a
// small C program of ours, feed it fixed and seeded random inputs, and compare its verdict line for line.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';

export interface AgainstC {
  /** Label in the printed figures, e.g. "ptp4l values". */
  readonly label: string;
  /** File name under test/conformance/ptp4l/. */
  readonly source: string;
  readonly fixed: readonly string[];
  /** Characters of the random inputs, and how many random inputs of 1..maxLength characters. */
  readonly alphabet: string;
  readonly count: number;
  readonly maxLength: number;
  /** Our verdict line for an input, in the C program's output format. */
  readonly ours: (input: string) => string;
  /** How a random input is tidied before use (the C side reads whole lines). */
  readonly tidy: (input: string) => string;
}

function sourcePath(name: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const p = path.join(dir, 'test', 'conformance', 'ptp4l', name);
    if (fs.existsSync(p)) return p;
    if (path.dirname(dir) === dir) throw new Error(`${name} not found`);
  }
}

export function compareWithC(t: TestContext, spec: AgainstC): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptp4l-c-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const exe = path.join(dir, 'judge');
  const cc = spawnSync('gcc', ['-O0', '-o', exe, sourcePath(spec.source)], { encoding: 'utf8' });
  if (cc.error || cc.status !== 0) {
    t.skip(`no C compiler (gcc): ${cc.error?.message ?? cc.stderr}`);
    console.log(`# skipped: ${spec.label} conformance needs gcc`);
    return;
  }
  let seed = Number(process.env.PTP4L_FUZZ_SEED ?? Date.now() % 2147483647);
  console.log(`${spec.label}: seed=${seed} (replay with PTP4L_FUZZ_SEED=${seed})`);
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const inputs = [...spec.fixed];
  for (let i = 0; i < spec.count; i++) {
    let s = '';
    const len = 1 + (next() % spec.maxLength);
    for (let j = 0; j < len; j++) s += spec.alphabet[next() % spec.alphabet.length];
    inputs.push(spec.tidy(s));
  }
  const c = spawnSync(exe, [], { input: inputs.join('\n') + '\n', encoding: 'utf8' }).stdout.split('\n');
  let differ = 0;
  const examples: string[] = [];
  inputs.forEach((s, i) => {
    const mine = spec.ours(s);
    if (mine === c[i]) return;
    differ++;
    if (examples.length < 10) examples.push(`C ${JSON.stringify(c[i])} / ours ${JSON.stringify(mine)}`);
  });
  console.log(`${spec.label}: ${inputs.length} inputs, ${inputs.length - differ} agree (${(((inputs.length - differ) / inputs.length) * 100).toFixed(2)}%)`);
  assert.equal(differ, 0, examples.join('\n'));
}
