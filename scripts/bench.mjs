// `npm run bench`: compile, then run the benchmarks (they print their figures and ratios).
import { spawnSync } from 'node:child_process';

for (const [cmd, args] of [
  ['npx', ['tsc', '-p', 'tsconfig.json']],
  ['node', ['out/test/bench/kconfig.bench.js']],
]) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
