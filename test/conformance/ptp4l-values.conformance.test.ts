// ptp4l's number parsing (strtol base 0 and strtod, as linuxptp's get_ranged_int/double use them) against
// the C library itself: a small C program compiled here judges the same inputs. Prints the agreement.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { rangedDouble, rangedInt } from '../../server/src/languages/ptp4l/values';

function source(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const p = path.join(dir, 'test', 'conformance', 'ptp4l', 'strto.c');
    if (fs.existsSync(p)) return p;
    if (path.dirname(dir) === dir) throw new Error('strto.c not found');
  }
}

const FIXED = ['0', '12', '-12', '+7', '08', '010', '0x1F', '0x', '0xg', '1e3', '1e', '1.5', '.5', '5.', '-0', '1001', '99999999999999999999', ' 12', 'inf', '-INF', 'infinity', 'nan', 'NaN(abc)', 'nan(', '0x1p3', '0x.8p1', '1e-400', '1e400', 'abc', '1_0', '-0x10', '0X7f', '00', '0.', '-.e1', '+-1', '1000', '-1000', '1000.0000001', '0x3E8', '01750', '1e+3', '1E-3'];

test('strtol/strtod verdicts agree with the C library', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptp4l-strto-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const exe = path.join(dir, 'strto');
  const cc = spawnSync('gcc', ['-O0', '-o', exe, source()], { encoding: 'utf8' });
  if (cc.error || cc.status !== 0) {
    t.skip(`no C compiler (gcc): ${cc.error?.message ?? cc.stderr}`);
    console.log('# skipped: ptp4l number parsing conformance needs gcc');
    return;
  }
  let seed = Number(process.env.PTP4L_FUZZ_SEED ?? Date.now() % 2147483647);
  console.log(`ptp4l values: seed=${seed} (replay with PTP4L_FUZZ_SEED=${seed})`);
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const alphabet = '0123456789xXeEpP.+-abcfinINFa() ';
  const inputs = [...FIXED];
  for (let i = 0; i < 5000; i++) {
    let s = '';
    const len = 1 + (next() % 8);
    for (let j = 0; j < len; j++) s += alphabet[next() % alphabet.length];
    inputs.push(s.trim() || '0');
  }
  const run = spawnSync(exe, [], { input: inputs.join('\n') + '\n', encoding: 'utf8' });
  const c = run.stdout.split('\n');
  let differ = 0;
  const examples: string[] = [];
  inputs.forEach((s, i) => {
    const mine = `${s}\t${rangedInt(s, -1000, 1000)}\t${rangedDouble(s, -1000, 1000)}`;
    if (mine !== c[i]) {
      differ++;
      if (examples.length < 10) examples.push(`C ${JSON.stringify(c[i])} / ours ${JSON.stringify(mine)}`);
    }
  });
  console.log(`ptp4l values: ${inputs.length} inputs, ${inputs.length - differ} agree (${(((inputs.length - differ) / inputs.length) * 100).toFixed(2)}%)`);
  assert.equal(differ, 0, examples.join('\n'));
});
