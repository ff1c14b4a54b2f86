// Runs the whole test suite: type-check and compile, bundle and pack, then unit, protocol, fuzz (the engines
// and the built server on hostile input, and a 10,000-edit soak; FUZZ_SEED=<seed> replays a run), conformance
// and end-to-end tests (the suite inside code-server: test/e2e/runCodeServer.ts).
// Usage: node scripts/test.mjs [unit|protocol|fuzz|conformance|e2e|e2e-electron ...]
//   default: unit protocol fuzz conformance e2e; e2e-electron (the same suite in a desktop VS Code found on the
//   machine, test/e2e/runElectron.ts) only when asked for.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const suites = process.argv.slice(2).length ? process.argv.slice(2) : ['unit', 'protocol', 'fuzz', 'conformance', 'e2e'];
/** Suites run by a launcher of their own rather than node --test. */
const launchers = { e2e: 'out/test/e2e/runCodeServer.js', 'e2e-electron': 'out/test/e2e/runElectron.js' };

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

function testFiles(dir) {
  const out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

rmSync('out', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.json']);
run('node', ['scripts/build.mjs']);
// The unit suite checks the packaged extension (test/unit/package.test.ts) and the e2e suite installs it: pack it
// from the fresh dist/.
if (suites.includes('unit') || suites.includes('e2e')) {
  const r = spawnSync('node', ['scripts/package.mjs', '--no-build'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    console.error(`\nnode scripts/package.mjs failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  console.log(`# ${r.stdout.trim().split('\n').pop()}`);
}
// Unit tests that read the real Linux 6.1 Kconfig find the tree in the cache; unpack it (once) before they run.
if (suites.includes('unit') || suites.includes('conformance')) {
  run('node', ['-e', "require('./out/test/conformance/kernelTree.js').ensureKernelTree().then((t) => console.log('skipped' in t ? `# kernel tree: none (${t.skipped}); tests that need it say so` : `# kernel tree: ${t.dir} (Linux ${t.version})`))"]);
}
for (const suite of suites) {
  if (launchers[suite]) {
    console.log(`# suite ${suite}: ${launchers[suite]}`);
    const t = Date.now();
    run('node', [launchers[suite]]);
    console.log(`# suite ${suite}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    continue;
  }
  const files = testFiles(join('out', 'test', suite));
  if (files.length === 0) {
    console.log(`# suite ${suite}: no test files`);
    continue;
  }
  console.log(`# suite ${suite}: ${files.length} file(s)`);
  run('node', ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files]);
}
