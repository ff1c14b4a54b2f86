// Bundles and runs one of the data generators under server/tools/<name>/main.ts; further arguments are
// passed on. `node scripts/run-tool.mjs kataSchema --kata-dir DIR`, `node scripts/run-tool.mjs ptp4lOptions`.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [name, ...args] = process.argv.slice(2);
const entry = `server/tools/${name}/main.ts`;
if (!name || !existsSync(entry)) {
  console.error(`usage: node scripts/run-tool.mjs <tool> [args]; no ${entry}`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), `run-tool-${name}-`));
try {
  const outfile = join(dir, 'tool.js');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node18', outfile, logLevel: 'warning' });
  const r = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
