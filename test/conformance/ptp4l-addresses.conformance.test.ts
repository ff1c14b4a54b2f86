// The address forms of ptp4l's unicast master table (inet_aton, inet_pton for IPv6, the MAC sscanf)
// against the C library itself: a small C program compiled here judges the same inputs.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { inetAton, inetPton6, macSscanf } from '../../server/src/languages/ptp4l/addresses';

function source(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const p = path.join(dir, 'test', 'conformance', 'ptp4l', 'addr.c');
    if (fs.existsSync(p)) return p;
    if (path.dirname(dir) === dir) throw new Error('addr.c not found');
  }
}

const FIXED = ['0x.1', '0x1', '0X1F.2', '0x.', '00x1', '10.0.0.1', '10.1', '10', '0x0a.1', '010.1.1.1', '08.1.1.1', '1.2.3.4.5', '256.1.1.1', '1..2', '', '1.2.3.4x', '0x', '4294967296', '1.16777216', '::', '::1', '1::', 'fe80::1', '1:2:3:4:5:6:7:8:9', ':1', '1:', ':::', '1::2::3', '::ffff:1.2.3.4', '::ffff:1.2.3.04', '1:2:3:4:5:6:7:1.2.3.4', '12345::', '01:1B:19:00:00:00', '1:2:3:4:5', '0x1:2:3:4:5:6', '1:2:3:4:5:6junk', '1: 2:3:4:5:6', '-1:2:3:4:5:6'];

test('inet_aton, inet_pton(AF_INET6) and the MAC sscanf agree with the C library', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptp4l-addr-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const exe = path.join(dir, 'addr');
  const cc = spawnSync('gcc', ['-o', exe, source()], { encoding: 'utf8' });
  if (cc.error || cc.status !== 0) {
    t.skip(`no C compiler (gcc): ${cc.error?.message ?? cc.stderr}`);
    console.log('# skipped: ptp4l address conformance needs gcc');
    return;
  }
  let seed = Number(process.env.PTP4L_FUZZ_SEED ?? Date.now() % 2147483647);
  console.log(`ptp4l addresses: seed=${seed} (replay with PTP4L_FUZZ_SEED=${seed})`);
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const alphabet = '0123456789abcdefxX.:: ';
  const inputs = [...FIXED];
  for (let i = 0; i < 20000; i++) {
    let s = '';
    const n = 1 + (next() % 14);
    for (let j = 0; j < n; j++) s += alphabet[next() % alphabet.length];
    inputs.push(s.trim());
  }
  const c = spawnSync(exe, [], { input: inputs.join('\n') + '\n', encoding: 'utf8' }).stdout.split('\n');
  let differ = 0;
  const examples: string[] = [];
  inputs.forEach((s, i) => {
    const mine = `${s}\t${+inetAton(s)}\t${+inetPton6(s)}\t${+macSscanf(s)}`;
    if (mine === c[i]) return;
    differ++;
    examples.push(`C ${JSON.stringify(c[i])} / ours ${JSON.stringify(mine)}`);
  });
  console.log(`ptp4l addresses: ${inputs.length} inputs, ${inputs.length - differ} agree (${(((inputs.length - differ) / inputs.length) * 100).toFixed(2)}%)`);
  assert.equal(differ, 0, examples.slice(0, 10).join('\n'));
});
