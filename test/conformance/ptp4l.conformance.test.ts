// Our ptp4l.cfg checks against ptp4l itself, for each linuxptp version we have tables for. The binaries
// and the example configurations linuxptp ships come from Debian (pinned checksums, cached outside the
// clone). Each corpus file is given to the real ptp4l, which stops at the first line it refuses; we must
// report an error at exactly that line (and none before it), and no error at all for a file it accepts.
// Prints the agreement; the bar is 100%.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parsePtp4l } from '../../server/src/languages/ptp4l/parser';
import { checkOptions } from '../../server/src/languages/ptp4l/checks/options';
import { checkUnicastTables } from '../../server/src/languages/ptp4l/checks/unicast';
import { LINUXPTP_SOURCES, linuxptpSourceDir, ptp4lBinary } from '../../server/tools/ptp4lOptions/debian';
import { defaultCacheDirectory } from '../../server/src/settings';

/** Lines (1-based) where we report an error. */
function ourErrors(text: string, version: string): number[] {
  const f = parsePtp4l(text);
  return [
    ...f.problems.filter((p) => p.code !== 'ptp4l-line-too-long').map((p) => p.span.start.line + 1),
    ...checkUnicastTables('/c/ptp4l.cfg', f).map((p) => p.span.start.line + 1),
    ...checkOptions('/c/ptp4l.cfg', f, version)
      .filter((p) => p.severity === 'error')
      .map((p) => p.span.start.line + 1),
  ].sort((a, b) => a - b);
}

/** Hand-written seeds, for forms the shipped examples lack. */
const SEEDS = [
  '[global]\ntransportSpecific 1\nnetwork_transport L2\ndelay_mechanism P2P\nptp_dst_mac 01:80:C2:00:00:0E\nfollow_up_info 1\n[eth0]\n[eth1]\n',
  '# a comment\n\n[global]\npriority1 248\nstep_threshold 1.0\nclock_servo linreg\n',
  '[unicast_master_table]\ntable_id 1\nlogQueryInterval 2\nUDPv4 10.0.0.1\n[global]\nclockClass 255\n',
];

type Mutation = (text: string, rnd: (n: number) => number) => string;

const optionLines = (lines: string[]) => lines.map((l, i) => (/^\s*[A-Za-z_]\w*\s+\S/.test(l) ? i : -1)).filter((i) => i >= 0);
const onOptionLine = (f: (line: string, rnd: (n: number) => number) => string): Mutation => (text, rnd) => {
  const lines = text.split('\n');
  const candidates = optionLines(lines);
  if (candidates.length === 0) return text;
  const i = candidates[rnd(candidates.length)];
  lines[i] = f(lines[i], rnd);
  return lines.join('\n');
};

const MUTATIONS: Mutation[] = [
  (t) => t,
  onOptionLine((l) => l.replace(/^(\s*\w+)\s+/, '$1 = ')),
  onOptionLine((l) => `${l} # note`),
  onOptionLine((l) => l.replace(/^(\s*)(\w)/, (_m, s: string, c: string) => s + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))),
  onOptionLine((l) => l.replace(/\s+\S+$/, ' 99999')),
  onOptionLine((l) => l.replace(/\s+\S+$/, ' -1')),
  onOptionLine((l) => l.replace(/\s+\S+$/, ' xyz')),
  onOptionLine((l) => l.replace(/\s+\S+$/, ' 0x10')),
  onOptionLine((l) => l.replace(/\s+\S+$/, ' 1e3')),
  onOptionLine((l) => l.replace(/\s+.*$/, '')),
  onOptionLine((l) => l.replace(/^(\s*\w+)/, '$1x')),
  (t) => `priority1 1\n${t}`,
  (t) => t.replace(/\[global\]/i, '[ global ]'),
  (t) => `${t}\n[lo]\nclockClass 6\n`,
  (t) => `${t}\n[lo]\nclockClass 600\n`,
  (t) => `${t}\n[lo]\nmasterOnly 1\n`,
  (t) => `${t}\n[global]\nserverOnly 1\nclientOnly 0\n`,
  (t) => `${t}\nfault_reset_interval ASAP\n`,
  (t) => `${t}\nlogging_level 8\n`,
  (t) => `${t}\nclock_servo PI\ndelay_mechanism none\ntsproc_mode raw\n`,
  (t) => `${t}\n[]\n`,
  (t) => `${t}\n[unicast_master_table]\nUDPv4 10.0.0.1\n`,
  (t) => `${t}\n[unicast_master_table]\ntable_id 7\nlogQueryInterval 200\n`,
  (t) => `${t}\n[unicast_master_table]\ntable_id 8\nUDPv6 fe80::1::2\n`,
  (t) => `${t}\n[unicast_master_table]\ntable_id 9\nL2 1:2:3:4:5\n`,
  (t) => `${t}\n[unicast_master_table]\ntable_id 0\n`,
  (t) => `${t}\n[unicast_master_table]\ntable_id 3\nUDPv4\n`,
];

test('ptp4l accepts exactly the files we accept, and refuses the others at the line we report', async (t) => {
  if (process.arch !== 'x64') {
    t.skip(`Debian's ptp4l packages used here are amd64; this machine is ${process.arch}`);
    console.log(`# skipped: the ptp4l differential needs amd64 (this is ${process.arch})`);
    return;
  }
  const cache = defaultCacheDirectory();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ptp4l-diff-'));
  t.after(() => fs.rmSync(work, { recursive: true, force: true }));
  // A separate network namespace keeps ptp4l off the real interfaces when we may make one.
  const isolate = spawnSync('unshare', ['-n', 'true']).status === 0 ? ['unshare', '-n'] : [];

  const seeds = [...SEEDS];
  const binaries = new Map<string, string>();
  for (const src of LINUXPTP_SOURCES) {
    const dir = await linuxptpSourceDir(src, cache);
    const configs = path.join(dir, 'configs');
    for (const f of fs.readdirSync(configs).sort()) seeds.push(fs.readFileSync(path.join(configs, f), 'utf8'));
    binaries.set(src.version, await ptp4lBinary(src, cache));
  }

  let seed = Number(process.env.PTP4L_FUZZ_SEED ?? Date.now() % 2147483647);
  console.log(`ptp4l differential: seed=${seed} (replay with PTP4L_FUZZ_SEED=${seed}); ${seeds.length} seed files${isolate.length ? '' : ' (no network namespace available)'}`);
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const corpus: string[] = [];
  for (const s of seeds) for (const m of MUTATIONS) corpus.push(m(s, rnd));

  const failures: string[] = [];
  for (const [version, exe] of binaries) {
    let agree = 0;
    let rejected = 0;
    corpus.forEach((text, i) => {
      const file = path.join(work, `c${i}.cfg`);
      fs.writeFileSync(file, text);
      // A missing interface makes ptp4l exit right after reading the file.
      const r = spawnSync('timeout', ['5', ...isolate, exe, '-f', file, '-i', 'kgtnoif0', '-m', '-q', '-S'], { encoding: 'utf8' });
      const refused = /failed to parse configuration file/.test(r.stderr);
      const at = /\bline (\d+)/.exec(r.stderr);
      const theirs = refused ? (at ? Number(at[1]) : -1) : undefined;
      const ours = ourErrors(text, version);
      const ok = theirs === undefined ? ours.length === 0 : ours[0] === theirs;
      if (refused) rejected++;
      if (ok) agree++;
      else if (failures.length < 15)
        failures.push(`linuxptp ${version}, case ${i}: ptp4l ${refused ? `refuses at line ${theirs}: ${r.stderr.split('\n').find((l) => /line/.test(l))}` : 'accepts'}; we report errors at ${JSON.stringify(ours)}\n${text.split('\n').slice(0, 40).join('\n')}`);
    });
    console.log(`ptp4l differential, linuxptp ${version}: ${corpus.length} files (${rejected} refused by ptp4l), ${agree} agree (${((agree / corpus.length) * 100).toFixed(2)}%)`);
  }
  assert.deepEqual(failures, []);
});
