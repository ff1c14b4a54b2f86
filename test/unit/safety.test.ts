// What the engines and the command line may touch: `source` stays inside the kernel tree however a link or path
// points (the first pass that looks for $(shell,...) commands too), and `check` says which paths it read outside
// those it was given. Nothing here writes into the files checked.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../server/src/cli/main';
import { parseKconfig, type KconfigFileSystem } from '../../server/src/languages/kconfig/parser';
import { prefetchShellCommands } from '../../server/src/languages/kconfig/prefetch';
import { nodeFileSystem } from '../../server/src/languages/kconfig/tree';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-toolkit-safety-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const p = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

/** A file system that records what is read. */
function recording(base: KconfigFileSystem): { fs: KconfigFileSystem; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    fs: {
      read: (f) => {
        const text = base.read(f);
        if (text !== undefined) reads.push(f);
        return text;
      },
      list: base.list ? (d) => base.list!(d) : undefined,
      realPath: base.realPath ? (f) => base.realPath!(f) : undefined,
    },
  };
}

describe('source stays inside the kernel tree', () => {
  // A secret outside the tree, and a tree whose Kconfig reaches it by a link, a relative path and a macro.
  const secret = write('home/.ssh/config-secret', 'config SECRET_FROM_HOME\n\tbool "leaked"\n\tdefault y\n\thelp\n\t  the private key\n');
  const tree = path.join(tmp, 'tree');
  write('tree/Makefile', 'VERSION = 6\nPATCHLEVEL = 1\n');
  write('tree/Kconfig', 'source "arch/link/Kconfig"\nsource "$(srctree)/../home/.ssh/config-secret"\nsource "arch/dirlink/config-secret"\nsource "net/Kconfig"\nSH := $(shell,echo from-inside)\n');
  write('tree/net/Kconfig', 'config NET\n\tbool "net"\n');
  fs.mkdirSync(path.join(tree, 'arch', 'link'), { recursive: true });
  fs.symlinkSync(secret, path.join(tree, 'arch', 'link', 'Kconfig'));
  fs.symlinkSync(path.dirname(secret), path.join(tree, 'arch', 'dirlink'));

  test('the parser reports each way out and reads none of them', () => {
    const { fs: files, reads } = recording(nodeFileSystem);
    const m = parseKconfig({ srctree: tree, env: {}, fs: files, shell: () => undefined });
    assert.ok(m.byName.get('NET'), 'the files inside the tree are read');
    assert.equal(m.byName.get('SECRET_FROM_HOME'), undefined);
    assert.deepEqual(
      m.problems.filter((p) => p.code === 'kconfig-source-outside-tree').map((p) => p.span.start.line),
      [0, 1, 2],
    );
    assert.ok(!reads.some((f) => fs.realpathSync(f).startsWith(path.dirname(secret))), `read outside the tree: ${reads.join(', ')}`);
    assert.ok(!JSON.stringify(m.problems).includes('private key'));
  });

  test('a tree reached through a link is still inside itself', () => {
    const linked = path.join(tmp, 'tree-link');
    fs.symlinkSync(tree, linked);
    const m = parseKconfig({ srctree: linked, env: {}, fs: nodeFileSystem, shell: () => undefined });
    assert.ok(m.byName.get('NET'));
    assert.equal(m.problems.filter((p) => p.code === 'kconfig-source-outside-tree').length, 3);
  });

  test('the first pass that starts $(shell,...) commands early reads nothing outside either', () => {
    write('home/.ssh/shell-secret', 'X := $(shell,touch /should/not/run)\n');
    write('tree2/Kconfig', `source "${path.join(tmp, 'home/.ssh/shell-secret')}"\nsource "inside/Kconfig"\n`);
    write('tree2/inside/Kconfig', 'Y := $(shell,echo inside)\n');
    const { fs: files, reads } = recording(nodeFileSystem);
    const started: string[] = [];
    prefetchShellCommands({ srctree: path.join(tmp, 'tree2'), env: {}, fs: files, start: (c) => started.push(c) });
    assert.deepEqual(started, ['echo inside']);
    assert.deepEqual(reads.map((f) => path.relative(tmp, f)).sort(), ['tree2/Kconfig', 'tree2/inside/Kconfig']);
  });
});

describe('kata-kconfig check says what it read outside the paths it was given', () => {
  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }

  test("a drop-in's base configuration and a ptp4l file's neighbours are named", async () => {
    const dropIn = write('kata/etc/config.d/50-net.toml', '[runtime]\ndisable_new_netns = true\n');
    write('kata/etc/configuration.toml', '[hypervisor.qemu]\npath = "/usr/bin/qemu"\n[runtime]\ninternetworking_model = "tcfilter"\n');
    const r = await run('check', '--format', 'json', '--no-path-check', dropIn);
    assert.equal(r.code, 1, 'the base file was read: its model makes the drop-in an error');
    assert.deepEqual(JSON.parse(r.out).map((p: { code: string }) => p.code), ['kata-disable-new-netns-needs-none'], 'stdout stays machine-readable');
    assert.match(r.err, /note: also read \d+ path\(s\) outside the paths, --tree and --kata-dir given: .*kata\/etc\/configuration\.toml/);

    const node = write('ptp/sub/ptp4l-node.cfg', '[global]\npriority1 128\n');
    write('ptp/sub/ptp4l-switch.cfg', '[global]\npriority1 128\n');
    write('ptp/run.sh', 'ptp4l -f sub/ptp4l-node.cfg -i eth0\n');
    const one = await run('check', node);
    assert.match(one.err, /also read 4 path\(s\)[^\n]*ptp\/run\.sh[^\n]*ptp\/sub\/ptp4l-switch\.cfg/);
    const all = await run('check', path.join(tmp, 'ptp'));
    assert.doesNotMatch(all.err, /also read/, 'nothing outside the folder given');
  });

  test('a link inside a folder given is not followed, and a file given through a link is not outside', async () => {
    write('linked/real/ptp4l.cfg', '[global]\npriority1 300\n');
    fs.mkdirSync(path.join(tmp, 'given'), { recursive: true });
    fs.symlinkSync(path.join(tmp, 'linked', 'real'), path.join(tmp, 'given', 'real'));
    const r = await run('check', path.join(tmp, 'given'));
    assert.doesNotMatch(r.out, /priority1/, 'the linked folder is not read');
    assert.match(r.err, /0 file\(s\) checked/);
    const direct = await run('check', path.join(tmp, 'given', 'real', 'ptp4l.cfg'));
    assert.match(direct.out, /priority1/);
  });
});
