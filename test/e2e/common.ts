// What the two end-to-end launchers share: where things are, how a missing prerequisite is reported, how the
// suite's results (written by suite/index.ts) are printed.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { defaultCacheDirectory } from '../../server/src/settings';
import type { E2eResults } from './suite';

/** The checkout (this file runs as out/test/e2e/*.js). */
export const root = path.resolve(__dirname, '..', '..', '..');
/** The folder the editor opens. */
export const workspace = path.join(root, 'test', 'e2e', 'workspace');
/** The suite's entry point, compiled. */
export const testsEntry = path.join(__dirname, 'suite', 'index.js');

/** $KATA_TOOLKIT_CACHE/e2e, else the extension's own cache folder's e2e/ (~/.cache/kata-guest-toolkit/e2e). */
export function cacheRoot(): string {
  return path.join(path.resolve(process.env.KATA_TOOLKIT_CACHE || defaultCacheDirectory()), 'e2e');
}

/** Reports a missing prerequisite the way the other suites do, and ends the launcher successfully. */
export function skip(reason: string, howToInstall?: string): never {
  console.log(`# skipped: ${reason}${howToInstall ? `; ${howToInstall}` : ''}`);
  process.exit(0);
}

/** The first executable of that name on PATH (or the path itself, when given one). */
export { which } from '../../server/src/common/which';

/**
 * The packaged extension. $KATA_TOOLKIT_VSIX is taken as it is; the default one is packed (build included) when
 * it is missing or older than the bundles or package.json (test.mjs packs it before the suites).
 */
export function ensureVsix(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  if (process.env.KATA_TOOLKIT_VSIX) {
    if (!fs.existsSync(process.env.KATA_TOOLKIT_VSIX)) throw new Error(`KATA_TOOLKIT_VSIX=${process.env.KATA_TOOLKIT_VSIX} does not exist`);
    return process.env.KATA_TOOLKIT_VSIX;
  }
  const vsix = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
  const mtime = (f: string) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);
  const inputs = ['package.json', 'dist/extension.js', 'dist/server.js'].map((f) => mtime(path.join(root, f)));
  if (!fs.existsSync(vsix) || inputs.some((m) => m > mtime(vsix))) {
    console.log(`# e2e: ${path.basename(vsix)} missing or older than dist/, packing it (node scripts/package.mjs)`);
    const r = spawnSync('node', [path.join(root, 'scripts', 'package.mjs'), '--out', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`node scripts/package.mjs failed (exit ${r.status ?? r.signal})`);
  }
  return vsix;
}

/** Prints the results like a TAP-ish spec report; true when every test passed. */
export function printResults(file: string, label: string): boolean {
  if (!fs.existsSync(file)) {
    console.log(`not ok - ${label}: the suite wrote no results to ${file}`);
    return false;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as E2eResults;
  for (const r of report.results) {
    const ms = r.durationMs !== undefined ? ` (${r.durationMs} ms)` : '';
    if (r.state === 'passed') console.log(`ok - ${r.title}${ms}`);
    else if (r.state === 'pending') console.log(`ok - ${r.title} # SKIP`);
    else {
      console.log(`not ok - ${r.title}${ms}`);
      for (const line of (r.error ?? '').split('\n')) console.log(`    ${line}`);
    }
  }
  console.log(`# ${label} in ${report.editor}: ${report.passed} passed, ${report.failed} failed, ${report.pending} pending`);
  return report.failed === 0 && report.passed > 0;
}

export function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
