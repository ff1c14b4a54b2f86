// `npm start`: check the shipped example workspace with the command line, then the same fragments
// against a real kernel tree when one is found (an unpacked Debian linux-source, or the test cache).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const example = 'examples/kata-workspace';
const kata = join(example, 'kata-containers');

function check(title, args) {
  console.log(`\n=== ${title}\n$ kata-kconfig ${args.join(' ')}\n`);
  const r = spawnSync('node', ['dist/cli.js', ...args], { stdio: 'inherit' });
  // 1 means problems were found, which is what the example is for; 2 is a real failure.
  if (r.status === 2 || r.status === null) process.exit(r.status ?? 1);
}

check('The example workspace, against its own small Kconfig tree', ['check', '--tree', join(example, 'linux'), '--kata-dir', kata, '--arch', 'x86_64', kata]);
check('Why is CONFIG_NET_SCH_TAPRIO lost?', ['explain', '--tree', join(example, 'linux'), '--arch', 'x86_64', join(kata, 'tools/packaging/kernel/configs/fragments/x86_64/tsn.conf'), 'CONFIG_NET_SCH_TAPRIO']);

const candidates = [];
// Debian's unpacked sources, and the trees the conformance tests unpack (trees/<key>/linux-source-*).
const cacheTrees = join(process.env.KATA_TOOLKIT_CACHE ?? join(homedir(), '.cache', 'kata-guest-toolkit'), 'trees');
const roots = ['/usr/src', ...(existsSync(cacheTrees) ? readdirSync(cacheTrees).map((k) => join(cacheTrees, k)) : [])];
for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const name of readdirSync(root).sort().reverse()) {
    for (const dir of [join(root, name), join(root, name, name)]) {
      if (existsSync(join(dir, 'Kconfig')) && existsSync(join(dir, 'Makefile'))) candidates.push(dir);
    }
  }
}
if (candidates.length) {
  check(`The same fragments against the real kernel tree ${candidates[0]}`, ['check', '--tree', candidates[0], '--kata-dir', kata, '--arch', 'x86_64', kata]);
} else {
  console.log('\n(no unpacked kernel tree found: `npm test` unpacks Debian\'s linux-source-6.1 into the cache, after which `npm start` also checks against it)');
}
