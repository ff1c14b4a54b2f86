// Starting $(shell,...) commands ahead of the parser: the skim finds the commands the parse will run,
// the runner runs them side by side, and the parse gets exactly the answers it would get otherwise.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { prefetchShellCommands } from '../../server/src/languages/kconfig/prefetch';
import { createShellRunner } from '../../server/src/languages/kconfig/shell';
import { loadKconfig, runConf } from '../../server/src/languages/kconfig/tree';

function temporaryDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-prefetch-'));
}

const env = (): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', CC: 'gcc', LD: 'ld' });

/** A small tree shaped like the kernel's: helpers in an included file, probes in config entries. */
function writeTree(dir: string): void {
  const files: Record<string, string> = {
    Kconfig: [
      'source "scripts/Kconfig.include"',
      'config MODULES',
      '\tbool "modules"',
      '\tmodules',
      'config HAS_A',
      '\tdef_bool $(success,test -n a)',
      'config NAME',
      '\tstring',
      '\tdefault "$(cc-name)"',
      '\thelp',
      '\t  Help text is not expanded: $(shell,echo from-help)',
      '',
      '# a comment is not expanded either: $(shell,echo from-comment)',
      'config FLAG',
      '\tdef_bool $(success,test "$(m64-flag)" = "-m64")',
      'source "arch/$(SRCARCH)/Kconfig"',
      '',
    ].join('\n'),
    'scripts/Kconfig.include': [
      'if-success = $(shell,{ $(1); } >/dev/null 2>&1 && echo "$(2)" || echo "$(3)")',
      'success = $(if-success,$(1),y,n)',
      'cc-info := $(shell,echo GCC 120200)',
      'cc-name := $(shell,set -- $(cc-info) && echo $1)',
      'm64-flag := $(shell,echo -m64)',
      '',
    ].join('\n'),
    'arch/x86/Kconfig': 'config ARCH_PROBE\n\tdef_bool $(success,test x86 = $(SRCARCH))\n',
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

describe('prefetching $(shell,...) commands', () => {
  test('the skim finds the commands the parse runs, in order, and nothing from help text or comments', () => {
    const dir = temporaryDirectory();
    writeTree(dir);
    const treeEnv = { ...env(), SRCARCH: 'x86' };
    const startedWithoutAnswers: string[] = [];
    prefetchShellCommands({ srctree: dir, env: treeEnv, fs: { read: (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined) }, start: (c) => startedWithoutAnswers.push(c) });
    // Without answers, commands built from another command's output are left to the parser.
    assert.deepEqual(startedWithoutAnswers, [
      'echo GCC 120200',
      'echo -m64',
      '{ test -n a; } >/dev/null 2>&1 && echo "y" || echo "n"',
      '{ test x86 = x86; } >/dev/null 2>&1 && echo "y" || echo "n"',
    ]);

    const runner = createShellRunner({ cwd: dir, env: treeEnv, allowed: true });
    const started: string[] = [];
    prefetchShellCommands({
      srctree: dir,
      env: treeEnv,
      fs: { read: (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined) },
      start: (c) => {
        started.push(c);
        runner.prefetch(c);
      },
      answer: (c) => runner(c),
    });
    runner.settle();
    // With the answers of `:=` assignments, the commands built from them start too.
    assert.deepEqual(started, [
      'echo GCC 120200',
      'set -- GCC 120200 && echo $1',
      'echo -m64',
      '{ test -n a; } >/dev/null 2>&1 && echo "y" || echo "n"',
      '{ test "-m64" = "-m64"; } >/dev/null 2>&1 && echo "y" || echo "n"',
      '{ test x86 = x86; } >/dev/null 2>&1 && echo "y" || echo "n"',
    ]);
  });

  test('a load that prefetches gives the same model and runs each command once', () => {
    const dir = temporaryDirectory();
    writeTree(dir);
    const treeEnv = { ...env(), SRCARCH: 'x86' };
    const plain = loadKconfig({ srctree: dir, env: treeEnv, shell: (c) => createShellRunner({ cwd: dir, env: treeEnv, allowed: true })(c) });
    const runner = createShellRunner({ cwd: dir, env: treeEnv, allowed: true, cacheFile: path.join(dir, 'cache.json') });
    assert.equal(runner.worthPrefetching(), true);
    const prefetched = loadKconfig({ srctree: dir, env: treeEnv, shell: runner });
    assert.equal(runConf(prefetched, 'alldefconfig', undefined).configText, runConf(plain, 'alldefconfig', undefined).configText);
    assert.match(runConf(prefetched, 'alldefconfig', undefined).configText, /CONFIG_NAME="GCC"\nCONFIG_FLAG=y\n/);
    // Six commands ran; the three `:=` answers the skim waited for were served to the parse from memory.
    assert.deepEqual(runner.stats, { executed: 6, cached: 3 });
    runner.flush();
    // Once the cache knows this toolchain, loading again skips the skim.
    const again = createShellRunner({ cwd: dir, env: treeEnv, allowed: true, cacheFile: path.join(dir, 'cache.json') });
    assert.equal(again.worthPrefetching(), false);
    loadKconfig({ srctree: dir, env: treeEnv, shell: again });
    assert.deepEqual(again.stats, { executed: 0, cached: 6 });
  });

  test('a prefetched command gives what a direct run gives: working directory, environment, no stderr', () => {
    const dir = temporaryDirectory();
    const runner = createShellRunner({ cwd: dir, env: { ...env(), ARCH: 'arm64' }, allowed: true });
    const commands = ['pwd', 'echo "$ARCH${HOME:-no-home}"; echo oops >&2; exit 3', 'sleep 0.2; printf "a\\nb\\n"'];
    for (const c of commands) runner.prefetch(c);
    assert.equal(runner(commands[2]), 'a\nb\n');
    assert.equal(runner(commands[0]), fs.realpathSync(dir) + '\n');
    assert.equal(runner(commands[1]), 'arm64no-home\n');
    assert.deepEqual(runner.stats, { executed: 3, cached: 0 });
    runner.settle();
  });

  test('commands reach the shell byte for byte: blanks, backslashes, quotes, several lines, many at once', () => {
    const dir = temporaryDirectory();
    const runner = createShellRunner({ cwd: dir, env: env(), allowed: true });
    const commands = [
      "  printf '%s|' 'a\\\\b' \"c  d\" $$ >/dev/null; printf '%s\\n' '\\t x\\'",
      'echo one\necho two',
      ...Array.from({ length: 40 }, (_, i) => `echo job ${i}`),
    ];
    const direct = createShellRunner({ cwd: dir, env: env(), allowed: true });
    const expected = commands.map((c) => direct(c));
    for (const c of commands) runner.prefetch(c);
    assert.deepEqual(commands.map((c) => runner(c)), expected);
    assert.equal(expected[1], 'one\ntwo\n');
    assert.equal(expected[2], 'job 0\n');
    runner.settle();
  });

  test('a prefetched command out of time is stopped and counts as not run', () => {
    const dir = temporaryDirectory();
    const runner = createShellRunner({ cwd: dir, env: env(), allowed: true, timeoutMs: 300 });
    runner.prefetch('sleep 5; echo late');
    const started = Date.now();
    assert.equal(runner('sleep 5; echo late'), undefined);
    assert.ok(Date.now() - started < 3000);
    runner.settle();
  });

  test('settle stops commands nobody asked for', async () => {
    const dir = temporaryDirectory();
    const runner = createShellRunner({ cwd: dir, env: env(), allowed: true });
    runner.prefetch('sleep 0.5; touch never');
    runner.settle();
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(fs.existsSync(path.join(dir, 'never')), false);
  });

  test('where commands may not run, nothing is started and the skim is not worth it', () => {
    const dir = temporaryDirectory();
    const runner = createShellRunner({ cwd: dir, env: env(), allowed: false });
    assert.equal(runner.worthPrefetching(), false);
    runner.prefetch('touch ran');
    assert.equal(runner('touch ran'), undefined);
    runner.settle();
    assert.equal(fs.existsSync(path.join(dir, 'ran')), false);
  });
});
