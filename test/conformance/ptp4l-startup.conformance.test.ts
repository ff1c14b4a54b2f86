// The combinations ptp4l reads but refuses when it starts (clientOnly with gmCapable 0; BMCA noop on a port
// without a fixed role), judged by the real ptp4l 3.1.1 and 4.2 from Debian. Each file is run in its own
// network namespace with a veth pair, so ptp4l gets as far as opening its ports: it either stops while
// creating the clock, stops while reading the file, or runs (and is stopped after half a second). We must
// say the same: `ptp4l-refused-at-start` exactly for the first, another error for the second, no error for
// the third.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzePtp4l } from '../../server/src/languages/ptp4l/analysis';
import { LINUXPTP_SOURCES, ptp4lBinary } from '../../server/tools/ptp4lOptions/debian';
import { defaultCacheDirectory } from '../../server/src/settings';

type Verdict = 'refused-at-start' | 'refused-file' | 'runs';

/** Every mix of the settings involved, in [global] or in the port's own section, in the version's spelling (3.1.1 has no clientOnly/serverOnly). */
function corpus(version: string): string[] {
  const out: string[] = [];
  const gm = ['', 'gmCapable 0', 'gmCapable 1'];
  const client = ['', 'clientOnly 1', 'slaveOnly 1', 'clientOnly 0'];
  const bmca: [string, string][] = [['', ''], ['BMCA noop', ''], ['', 'BMCA noop'], ['BMCA ptp', 'BMCA noop']];
  const server: [string, string][] = [['', ''], ['serverOnly 1', ''], ['', 'serverOnly 1'], ['', 'masterOnly 1']];
  for (const g of gm)
    for (const c of client)
      for (const [bg, bp] of bmca)
        for (const [sg, sp] of server) {
          const global = ['[global]', g, c, bg, sg].filter((l) => l !== '');
          const port = [bp, sp].filter((l) => l !== '');
          const text = [...global, '[kgt0]', ...port, ''].join('\n');
          out.push(version === '3.1.1' ? text.replace(/clientOnly/g, 'slaveOnly').replace(/serverOnly/g, 'masterOnly') : text);
        }
  return out;
}

function ours(text: string, version: string): Verdict {
  const errors = analyzePtp4l('/t/ptp4l.cfg', text, version).problems.filter((p) => p.severity === 'error');
  if (errors.some((p) => p.code !== 'ptp4l-refused-at-start')) return 'refused-file';
  return errors.length > 0 ? 'refused-at-start' : 'runs';
}

test('ptp4l refuses at start exactly the files we say it will', async (t) => {
  if (process.arch !== 'x64') {
    console.log(`# skipped: the ptp4l start-up comparison needs Debian's amd64 ptp4l (this is ${process.arch})`);
    t.skip('not amd64');
    return;
  }
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link add kgt0 type veth peer name kgt1'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.log(`# skipped: the ptp4l start-up comparison needs a network namespace with a veth pair (unshare -n and ip link as root): ${probe.stderr.trim() || `exit ${probe.status}`}`);
    t.skip('no network namespace with veth');
    return;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ptp4l-start-'));
  t.after(() => fs.rmSync(work, { recursive: true, force: true }));
  const failures: string[] = [];
  for (const src of LINUXPTP_SOURCES) {
    const files = corpus(src.version);
    const exe = await ptp4lBinary(src, defaultCacheDirectory());
    const counts: Record<Verdict, number> = { 'refused-at-start': 0, 'refused-file': 0, runs: 0 };
    let agree = 0;
    files.forEach((text, i) => {
      const file = path.join(work, `s${i}.cfg`);
      fs.writeFileSync(file, text);
      const script = `ip link add kgt0 type veth peer name kgt1 && ip link set kgt0 up && ip link set kgt1 up && exec timeout 0.5 "$0" -f "$1" -m -q -S -l 3`;
      const r = spawnSync('unshare', ['-n', 'sh', '-c', script, exe, file], { encoding: 'utf8' });
      const theirs: Verdict | undefined = /failed to parse configuration file/.test(r.stderr)
        ? 'refused-file'
        : /failed to create a clock/.test(r.stderr)
          ? 'refused-at-start'
          : r.status === 124
            ? 'runs'
            : undefined;
      const mine = ours(text, src.version);
      if (theirs) counts[theirs]++;
      if (theirs === mine) agree++;
      else if (failures.length < 10) failures.push(`linuxptp ${src.version}: ptp4l ${theirs ?? `exited ${r.status}: ${r.stderr.trim()}`}, we say ${mine}\n${text}`);
    });
    console.log(
      `ptp4l start-up comparison, linuxptp ${src.version}: ${files.length} files (${counts['refused-at-start']} refused at start, ${counts['refused-file']} refused while reading, ${counts.runs} run), ${agree} agree (${((agree / files.length) * 100).toFixed(2)}%)`,
    );
  }
  assert.deepEqual(failures, []);
});
