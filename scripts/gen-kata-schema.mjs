// Bundles and runs the Kata schema generator (server/tools/kataSchema/main.ts); arguments are passed on.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'gen-kata-schema-'));
try {
  const outfile = join(dir, 'gen.js');
  await build({ entryPoints: ['server/tools/kataSchema/main.ts'], bundle: true, platform: 'node', target: 'node18', outfile, logLevel: 'warning' });
  const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
