// The parsed Kconfig model kept on disk between sessions (snapshot.ts): a model taken from the snapshot must be
// the model a parse gives, object for object, and the snapshot must be left alone whenever anything the parse
// read may have changed. On a small tree written here always, and on Debian's linux-6.1 when it is unpacked.

import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { analyzeFragmentSet } from '../../server/src/languages/kconfig/analysis';
import type { Evaluation } from '../../server/src/languages/kconfig/evaluate';
import { openKernelTree, type KernelTree, type KernelTreeOptions } from '../../server/src/languages/kconfig/kernelTree';
import type { KconfigModel, KSymbol } from '../../server/src/languages/kconfig/model';
import { SNAPSHOT_FORMAT, readSnapshot, snapshotPath } from '../../server/src/languages/kconfig/snapshot';
import { runConf } from '../../server/src/languages/kconfig/tree';
import { cachedKernelTree, resolveCacheRoot } from '../conformance/kernelTree';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-toolkit-snapshot-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * Every object reachable from a model, breadth first, one line each: its kind, its keys in order and each value
 * (another object by the number it got when first met, a string by its number in a table of distinct strings
 * at the end). Two models give the same lines exactly when they are the same graph: same fields, same values,
 * same sharing, same order of arrays, maps and keys.
 */
function dumpModel(model: KconfigModel): string[] {
  const ids = new Map<object, number>();
  const order: object[] = [];
  const strings = new Map<string, number>();
  const ref = (v: unknown): string => {
    if (v === undefined) return 'undefined';
    if (v === null) return 'null';
    if (typeof v === 'string') {
      let n = strings.get(v);
      if (n === undefined) strings.set(v, (n = strings.size));
      return `$${n}`;
    }
    if (typeof v !== 'object') return `${typeof v}:${String(v)}`;
    let id = ids.get(v);
    if (id === undefined) {
      ids.set(v, (id = order.length));
      order.push(v);
    }
    return `#${id}`;
  };
  const lines: string[] = [];
  ref(model);
  for (let i = 0; i < order.length; i++) {
    const o = order[i] as Record<string, unknown>;
    if (Array.isArray(o)) {
      const items: string[] = [];
      for (let k = 0; k < o.length; k++) items.push(k in o ? ref(o[k]) : 'hole');
      lines.push(`#${i} [${items.join(',')}]`);
    } else if (o instanceof Map) {
      lines.push(`#${i} Map{${[...o].map(([k, v]) => `${ref(k)}=>${ref(v)}`).join(',')}}`);
    } else {
      assert.equal(Object.getPrototypeOf(o), Object.prototype, `object #${i} is not a plain object`);
      lines.push(`#${i} {${Object.keys(o).map((k) => `${k}:${ref(o[k])}`).join(',')}}`);
    }
  }
  for (const [s, n] of strings) lines.push(`$${n} ${JSON.stringify(s)}`);
  return lines;
}

function assertSameModel(loaded: KconfigModel, parsed: KconfigModel): void {
  const a = dumpModel(loaded);
  const b = dumpModel(parsed);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) assert.equal(a[i], b[i], `the models differ first at line ${i} of their dumps`);
  assert.equal(a.length, b.length, 'the dumps differ in length');
}

/** A run's whole state, with symbols by name, for comparing two runs of two copies of a model. */
function stateOf(ev: Evaluation): unknown {
  const value = (v: unknown) => (v && typeof v === 'object' ? `sym:${(v as KSymbol).name ?? (v as KSymbol).id}` : v);
  const s = ev.state();
  return {
    ...s,
    currVal: s.currVal.map(value),
    userVal: s.userVal.map(value),
    unmet: s.unmet.map((u) => ({ ...u, sym: u.sym.id })),
    input: s.input && { ...s.input, val: s.input.val.map(value) },
  };
}

/** A file's modification time set well in the past (a file modified just before a parse is not snapshotted). */
function age(file: string, secondsAgo = 3600): void {
  const t = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(file, t, t);
}

describe('model snapshot on a small tree', () => {
  const tree = path.join(tmp, 'linux');
  const cacheDir = path.join(tmp, 'cache');
  const write = (rel: string, text: string) => {
    const p = path.join(tree, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    age(p);
    return p;
  };
  write('Makefile', 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\nEXTRAVERSION =\n');
  write(
    'Kconfig',
    'mainmenu "Linux/$(SRCARCH) $(KERNELVERSION) Kernel Configuration"\n' +
      'config CC_VERSION\n\tstring\n\tdefault "$(CC_VERSION_TEXT)"\n' +
      'config HAS_ECHO\n\tdef_bool $(shell,echo y)\n' +
      'source "arch/$(SRCARCH)/Kconfig"\nsource "net/Kconfig"\n',
  );
  const archKconfig = write('arch/x86/Kconfig', 'config X86\n\tdef_bool y\n\tselect NET\n');
  write('arch/arm64/Kconfig', 'config ARM64\n\tdef_bool y\n');
  const netKconfig = write(
    'net/Kconfig',
    'menuconfig NET\n\tbool "Networking support"\n\thelp\n\t  Unless you really know what you are doing, say Y.\n\n' +
      'if NET\nconfig INET\n\tbool "TCP/IP networking"\n\tdefault y\nchoice\n\tprompt "TCP congestion control"\n\tdefault TCP_CUBIC\n' +
      'config TCP_CUBIC\n\tbool "Cubic"\nconfig TCP_RENO\n\tbool "Reno"\nendchoice\nendif\n' +
      'config NR\n\tint "A number"\n\trange 1 8\n\tdefault 4\nconfig MODULES\n\tbool "Modules"\n\tmodules\n',
  );
  // No commands run here (`$(CC) --version` comes from a CC that prints nothing); `$(shell,...)` runs sh.
  const processEnv = { PATH: process.env.PATH, CC: 'true', LD: 'true' };
  const open = (extra: Partial<KernelTreeOptions> = {}): KernelTree => openKernelTree({ tree, arch: 'x86_64', allowShell: true, cacheDir, processEnv, ...extra });
  const snapshotFile = () => snapshotPath(cacheDir, { dir: tree, arch: 'x86_64', allowShell: true });

  test('a second load takes the model from the snapshot, and it is the model the parse gave', () => {
    const first = open();
    assert.equal(first.modelFrom, 'parse');
    assert.ok(fs.existsSync(snapshotFile()), 'the parse wrote a snapshot');
    const second = open();
    assert.equal(second.modelFrom, 'snapshot');
    assertSameModel(second.model, first.model);
    assert.deepEqual([...second.fingerprints], [...first.fingerprints]);
    assert.equal(runConf(second.model, 'allnoconfig', undefined).configText, runConf(first.model, 'allnoconfig', undefined).configText);
    assert.equal(second.allnoconfig?.configText, runConf(first.model, 'allnoconfig', undefined).configText);
    assert.deepEqual(stateOf(second.allnoconfig!.evaluation), stateOf(runConf(first.model, 'allnoconfig', undefined).evaluation));
    const fragment = [{ file: path.join(tmp, 'a.conf'), text: 'CONFIG_NET=n\nCONFIG_TCP_RENO=y\nCONFIG_NR=9\n' }];
    const continued = analyzeFragmentSet({ model: second.model, srctree: tree, fragments: fragment, mode: 'allnoconfig', previous: { run: second.allnoconfig! } });
    const full = analyzeFragmentSet({ model: first.model, srctree: tree, fragments: fragment, mode: 'allnoconfig' });
    assert.equal(continued.run.configText, full.run.configText);
    assert.deepEqual(
      continued.problems.map((p) => [p.code, p.message, p.span]),
      full.problems.map((p) => [p.code, p.message, p.span]),
    );
  });

  test('a changed Kconfig file, a new file where the parse found none, or another listing means a parse', () => {
    open();
    assert.equal(open().modelFrom, 'snapshot');
    // Same length, another modification time.
    fs.writeFileSync(archKconfig, 'config X86\n\tdef_bool n\n\tselect NET\n');
    age(archKconfig, 1800);
    const changed = open();
    assert.equal(changed.modelFrom, 'parse');
    assert.equal(changed.model.byName.get('X86')!.props.find((p) => p.kind === 'default')?.expr?.kind, 'symbol');
    assert.equal(open().modelFrom, 'snapshot', 'the parse wrote a new snapshot');
    // A file the parse looked for and did not find (arch/x86_64 is not SRCARCH; net/Kconfig.extra is sourced nowhere).
    fs.appendFileSync(netKconfig, 'source "net/Kconfig.extra"\n');
    age(netKconfig, 1700);
    const missing = open();
    assert.equal(missing.modelFrom, 'parse');
    assert.ok(missing.model.problems.some((p) => p.code === 'kconfig-file-not-found'));
    assert.equal(open().modelFrom, 'snapshot');
    write('net/Kconfig.extra', 'config EXTRA\n\tbool "extra"\n');
    const found = open();
    assert.equal(found.modelFrom, 'parse');
    assert.ok(found.model.byName.has('EXTRA'));
  });

  test('another environment, architecture or $(shell) policy is another model', () => {
    open();
    assert.equal(open().modelFrom, 'snapshot');
    assert.equal(open({ processEnv: { ...processEnv, PATH: `${processEnv.PATH}:/nonexistent` } }).modelFrom, 'parse');
    assert.equal(open({ processEnv: { ...processEnv, CROSS_COMPILE: 'aarch64-linux-gnu-' } }).modelFrom, 'parse');
    assert.equal(open().modelFrom, 'parse', 'the environment changed back: the snapshot was written for the other one');
    assert.equal(open().modelFrom, 'snapshot');
    const arm = open({ arch: 'arm64' });
    assert.equal(arm.modelFrom, 'parse');
    assert.ok(arm.model.byName.has('ARM64'));
    assert.equal(open({ arch: 'arm64' }).modelFrom, 'snapshot', 'one snapshot per architecture');
    assert.equal(open().modelFrom, 'snapshot');
    const untrusted = open({ allowShell: false });
    assert.equal(untrusted.modelFrom, 'parse');
    assert.equal(open({ allowShell: false }).modelFrom, 'snapshot', 'one snapshot per $(shell,...) policy');
    assert.equal(open().modelFrom, 'snapshot');
  });

  test('a $(shell,...) answer that is no longer in the cache, or another one, means a parse', () => {
    open();
    assert.equal(open().modelFrom, 'snapshot');
    // The file openKernelTree keeps this tree's answers in for x86_64 (kernelTree.ts).
    const cacheFile = path.join(cacheDir, 'shell', `${createHash('sha256').update(`${tree}\0x86_64`).digest('hex').slice(0, 16)}.json`);
    const cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { command: string; stdout: string }> };
    // One entry per toolchain the runs above had (another CROSS_COMPILE is another toolchain).
    const keys = Object.keys(cache.entries).filter((k) => cache.entries[k].command === 'echo y');
    assert.ok(keys.length > 0, 'the $(shell,...) command is in the cache');
    for (const k of keys) cache.entries[k].stdout = 'n\n';
    fs.writeFileSync(cacheFile, JSON.stringify(cache));
    const other = open();
    assert.equal(other.modelFrom, 'parse', 'another cached answer');
    assert.equal(other.model.byName.get('HAS_ECHO')!.props.find((p) => p.kind === 'default')?.expr?.kind, 'symbol');
    assert.equal(runConf(other.model, 'allnoconfig', undefined).configText.includes('CONFIG_HAS_ECHO=y'), false);
    for (const k of keys) delete cache.entries[k];
    fs.writeFileSync(cacheFile, JSON.stringify(cache));
    assert.equal(open().modelFrom, 'parse', 'an answer no longer cached');
    assert.equal(open().modelFrom, 'snapshot');
  });

  test('a damaged, cut or foreign snapshot is ignored and replaced, without an error', () => {
    open();
    const file = snapshotFile();
    const good = fs.readFileSync(file);
    const tries: [string, Buffer][] = [
      ['a byte changed in the model', Buffer.from(good.map((b, i) => (i === good.length - 100 ? b ^ 0x40 : b)))],
      ['cut short', good.subarray(0, Math.floor(good.length / 2))],
      ['empty', Buffer.alloc(0)],
      ['not a snapshot', Buffer.from('garbage\n'.repeat(100))],
    ];
    const otherFormat = Buffer.from(good);
    otherFormat.writeUInt32LE(SNAPSHOT_FORMAT + 1, 20);
    tries.push(['another format', otherFormat]);
    // The header names the code that wrote it: another version of the toolkit.
    const text = good.toString('latin1');
    const otherCode = Buffer.from(text.replace('"code":"format ', '"code":"formaT '), 'latin1');
    assert.notEqual(otherCode.toString('latin1'), text);
    tries.push(['written by other code', otherCode]);
    for (const [what, bytes] of tries) {
      fs.writeFileSync(file, bytes);
      const checks = { inputs: { dir: tree, arch: 'x86_64', allowShell: true, env: {} }, fingerprint: () => undefined, cachedAnswer: () => undefined };
      assert.equal(readSnapshot(file, checks), undefined, what);
      const tree1 = open();
      assert.equal(tree1.modelFrom, 'parse', what);
      assert.equal(open().modelFrom, 'snapshot', `${what}: replaced`);
    }
  });

  test('files open in an editor with unsaved text keep the snapshot out, both ways', () => {
    open();
    const buffered = (file: string) => (file === netKconfig ? 'open:0123abcd' : fs.statSync(file, { throwIfNoEntry: false }) && `disk:${fs.statSync(file).mtimeMs}:${fs.statSync(file).size}`);
    const before = fs.statSync(snapshotFile()).mtimeMs;
    assert.equal(open({ fingerprint: buffered }).modelFrom, 'parse', 'not read');
    assert.equal(fs.statSync(snapshotFile()).mtimeMs, before, 'not written');
    assert.equal(open().modelFrom, 'snapshot');
  });

  test('a file modified just before the parse keeps the model out of the snapshot (its time may not show the next change)', () => {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    fs.appendFileSync(archKconfig, '# just now\n');
    assert.equal(open().modelFrom, 'parse');
    assert.ok(!fs.existsSync(snapshotFile()));
    age(archKconfig, 600);
    assert.equal(open().modelFrom, 'parse');
    assert.equal(open().modelFrom, 'snapshot');
  });

  test('writing can wait, and without the snapshot nothing is read or written', () => {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    let pending: (() => void) | undefined;
    assert.equal(open({ deferWrite: (write) => (pending = write) }).modelFrom, 'parse');
    assert.ok(pending && !fs.existsSync(snapshotFile()), 'nothing written yet');
    pending();
    assert.equal(open().modelFrom, 'snapshot');
    assert.equal(open({ modelSnapshot: false }).modelFrom, 'parse');
    fs.rmSync(cacheDir, { recursive: true, force: true });
    open({ modelSnapshot: false });
    assert.ok(!fs.existsSync(snapshotFile()));
    // The command line's choice: a load that ran $(shell,...) commands leaves the snapshot to the next one.
    fs.rmSync(cacheDir, { recursive: true, force: true });
    open({ snapshotAfterProbes: false });
    assert.ok(!fs.existsSync(snapshotFile()), 'the load that ran the commands wrote none');
    open({ snapshotAfterProbes: false });
    assert.ok(fs.existsSync(snapshotFile()), 'the next one, answered from the cache, did');
  });

  test('keeps a few snapshots per cache directory, the newest', () => {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const models = path.join(cacheDir, 'models');
    fs.mkdirSync(models, { recursive: true });
    for (let i = 0; i < 12; i++) {
      const f = path.join(models, `old-${i}.bin`);
      fs.writeFileSync(f, 'x');
      age(f, 10_000 - i);
    }
    fs.writeFileSync(path.join(models, `x.bin.1.2.tmp`), 'x');
    age(path.join(models, `x.bin.1.2.tmp`));
    open();
    const left = fs.readdirSync(models).sort();
    assert.equal(left.length, 8);
    assert.ok(left.includes(path.basename(snapshotFile())));
    assert.ok(left.includes('old-11.bin') && !left.includes('old-0.bin'), `kept the newest: ${left.join(', ')}`);
  });
});

describe('model snapshot of linux 6.1', () => {
  const tree = cachedKernelTree();
  // The $(shell,...) answers the other tests cached for this toolchain, so that the parse here runs no probe.
  const cacheDir = path.join(tmp, 'linux-cache');
  if (tree) {
    const shared = path.join(resolveCacheRoot(), 'shell');
    if (fs.existsSync(shared)) fs.cpSync(shared, path.join(cacheDir, 'shell'), { recursive: true });
  }

  for (const arch of ['x86_64', 'arm64']) {
    test(`${arch}: the model from the snapshot is the parsed one, and allnoconfig writes the same .config`, (t) => {
      if (!tree) {
        console.log('SKIPPED: no unpacked kernel tree in the cache (npm test unpacks one in its conformance suite)');
        t.skip('no unpacked kernel tree');
        return;
      }
      const options = { tree, arch, allowShell: true, cacheDir };
      const parsed = openKernelTree({ ...options, modelSnapshot: false });
      assert.equal(parsed.modelFrom, 'parse');
      const first = openKernelTree(options);
      const loaded = first.modelFrom === 'snapshot' ? first : openKernelTree(options);
      assert.equal(loaded.modelFrom, 'snapshot');
      assert.ok(parsed.model.symbolsInHashOrder.length > 15000);
      assertSameModel(loaded.model, parsed.model);
      assert.deepEqual(loaded.model.problems, parsed.model.problems);
      assert.deepEqual(loaded.model.files, parsed.model.files);
      const parsedRun = runConf(parsed.model, 'allnoconfig', undefined);
      assert.equal(runConf(loaded.model, 'allnoconfig', undefined).configText, parsedRun.configText);
      assert.equal(loaded.allnoconfig?.configText, parsedRun.configText);
      assert.deepEqual(stateOf(loaded.allnoconfig!.evaluation), stateOf(parsedRun.evaluation));
      // A fragment checked first continues from the kept run (a large change starts afresh): what a full run gives.
      const small = 'CONFIG_NET=y\nCONFIG_IGB=y\n';
      const large = 'CONFIG_NET=y\nCONFIG_PCI=y\nCONFIG_NETDEVICES=y\nCONFIG_ETHERNET=y\nCONFIG_NET_VENDOR_INTEL=y\nCONFIG_IGB=y\nCONFIG_SMP=n\n';
      for (const text of [small, large]) {
        const fragments = [{ file: '/f/a.conf', text }];
        const continued = analyzeFragmentSet({ model: loaded.model, srctree: tree, fragments, mode: 'allnoconfig', previous: { run: loaded.allnoconfig! } });
        const full = analyzeFragmentSet({ model: parsed.model, srctree: tree, fragments, mode: 'allnoconfig' });
        if (text === small) assert.ok(continued.run.evaluation.recomputed !== undefined, 'continued from the kept run');
        assert.equal(continued.run.configText, full.run.configText);
        assert.deepEqual(
          continued.problems.map((p) => [p.file, p.code, p.message, p.span]),
          full.problems.map((p) => [p.file, p.code, p.message, p.span]),
        );
      }
    });
  }
});
