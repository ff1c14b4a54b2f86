// `npm run bench`: compile, run the three benchmarks (Kconfig, ptp4l, Kata configuration.toml; each prints its
// figures and ratios as it goes), then a summary of every figure against its target. Speed never fails the
// run; a benchmark whose compared outputs disagree (or that crashes) makes it exit 1 after the summary.
// BENCH_RUNS sets the repetitions (default 5).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const machine = () => `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`;
console.log(`npm run bench, ${new Date().toISOString()}, Node ${process.version}, BENCH_RUNS=${process.env.BENCH_RUNS ?? 5}`);
console.log(`machine: ${machine()}`);

const results = path.join(os.tmpdir(), `kata-toolkit-bench-${process.pid}.jsonl`);
fs.writeFileSync(results, '');
const failed = [];
const started = Date.now();
for (const bench of ['kconfig', 'ptp4l', 'kata']) {
  console.log(`\n===== ${bench} =====`);
  const t = Date.now();
  const r = spawnSync(process.execPath, [path.join(root, 'out', 'test', 'bench', `${bench}.bench.js`)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, BENCH_RESULTS: results },
  });
  console.log(`(${bench}: ${((Date.now() - t) / 1000).toFixed(0)} s)`);
  if (r.status !== 0) failed.push(`${bench} exited with status ${r.status ?? r.signal}`);
}

const figures = fs
  .readFileSync(results, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
fs.rmSync(results, { force: true });

const verdict = (f) => (f.mismatch ? 'MISMATCH' : f.skipped ? 'SKIPPED' : f.target === undefined ? '-' : f.met ? 'met' : 'NOT MET');
const rows = [['bench', 'measure', 'result', 'target', 'verdict'], ...figures.map((f) => [f.bench, f.measure, f.result, f.target ?? '-', verdict(f)])];
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`\n===== summary (${((Date.now() - started) / 1000).toFixed(0)} s; ${machine()}) =====`);
console.log(line(rows[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows.slice(1)) console.log(line(r));
const withTarget = figures.filter((f) => f.target !== undefined && !f.skipped);
console.log(`targets: ${withTarget.filter((f) => f.met).length} of ${withTarget.length} met`);
for (const f of failed) console.log(`FAILED: ${f}`);
process.exit(failed.length > 0 ? 1 : 0);
