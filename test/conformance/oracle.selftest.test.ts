// Checks the oracle itself: the real kconfig runs, the false-alarm classifier, the parsers and the seeded generator.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test, { TestContext } from 'node:test';
import {
  Engine,
  buildConformanceCases,
  checkedSymbols,
  classifyLostReport,
  expectedLost,
  fixturesDir,
  isFalseAlarm,
  runDifferential,
} from './differential';
import { Arch, KernelTree, ensureKernelTree, realKernelEnv } from './kernelTree';
import { diffConfigs, parseConfig, parseConfigDetailed } from './parseConfig';
import { caseSeed, fuzzSeeds, makeRng, randomFragment, writeRandomCases } from './randomFragments';
import { parseLostReports, realConf, realMergeConfig } from './realKconfig';
import { ScannedSymbol, SymbolKind, scanKconfigSymbols } from './symbolScan';

const FIXTURES = fixturesDir() ?? path.resolve(__dirname, 'fixtures');

function kataLike(arch: Arch): string[] {
  const dir = path.join(FIXTURES, 'kata-like');
  const list = (sub: string) => fs.readdirSync(path.join(dir, sub)).filter((f) => f.endsWith('.conf')).sort().map((f) => path.join(dir, sub, f));
  return [...list('common'), ...list(arch)];
}

let treePromise: Promise<KernelTree | { skipped: string }> | undefined;
/** The kernel tree, or a skip: prints SKIPPED and marks the test skipped, never passes silently. */
async function treeOrSkip(t: TestContext): Promise<KernelTree | undefined> {
  treePromise ??= ensureKernelTree();
  const tree = await treePromise;
  if ('skipped' in tree) {
    console.log(`SKIPPED: ${tree.skipped}`);
    t.skip(tree.skipped);
    return undefined;
  }
  return tree;
}

function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `oracle-selftest-${label}-`));
}

// ---------------------------------------------------------------------------------------------
// Without a kernel tree

test('PRNG: same seed, same sequence; different seeds differ', () => {
  const a = makeRng(42);
  const b = makeRng(42);
  const sa = Array.from({ length: 100 }, () => a.next());
  const sb = Array.from({ length: 100 }, () => b.next());
  assert.deepEqual(sa, sb);
  assert.ok(sa.every((x) => x >= 0 && x < 1));
  const c = makeRng(43);
  assert.notDeepEqual(Array.from({ length: 100 }, () => c.next()), sa);
  // Pinned values: a change of algorithm would silently change every fixed-seed case.
  const pinned = makeRng(1);
  assert.deepEqual([pinned.int(0, 999), pinned.int(0, 999), pinned.int(0, 999)], [627, 2, 527]);
  assert.equal(caseSeed(42, 0), caseSeed(42, 0));
  assert.notEqual(caseSeed(42, 0), caseSeed(42, 1));
});

test('randomFragment: deterministic per seed, covers valid and invalid lines', () => {
  const symbols: ScannedSymbol[] = [
    { name: 'A_BOOL', type: 'bool', hasPrompt: true, file: 'x', line: 1 },
    { name: 'A_TRI', type: 'tristate', hasPrompt: true, file: 'x', line: 2 },
    { name: 'AN_INT', type: 'int', hasPrompt: true, file: 'x', line: 3, ranges: [{ min: '1', max: '10' }] },
    { name: 'A_HEX', type: 'hex', hasPrompt: true, file: 'x', line: 4, ranges: [{ min: '0x1000', max: '0xffff' }] },
    { name: 'A_STR', type: 'string', hasPrompt: true, file: 'x', line: 5 },
    { name: 'CH_1', type: 'bool', hasPrompt: true, file: 'x', line: 6, choiceOf: 'x:5' },
    { name: 'CH_2', type: 'bool', hasPrompt: true, file: 'x', line: 7, choiceOf: 'x:5' },
  ];
  for (const seed of [1, 2, 3]) {
    assert.equal(randomFragment(makeRng(seed), symbols), randomFragment(makeRng(seed), symbols));
  }
  assert.notEqual(randomFragment(makeRng(1), symbols), randomFragment(makeRng(2), symbols));
  const many = Array.from({ length: 300 }, (_, i) => randomFragment(makeRng(i), symbols, { invalidRate: 0.3 })).join('\n');
  for (const needle of [/^CONFIG_A_TRI=m\r?$/m, /^# CONFIG_A_BOOL is not set\r?$/m, /^CONFIG_A_BOOL=m\r?$/m, /^CONFIG_AN_INT=y\r?$/m,
    /^CONFIG_A_STR=unquoted/m, /^CONFIG_AN_INT=11\r?$/m, /^CONFIG_A_HEX=0x[0-9a-f]+/m, /KATA_FUZZ_UNKNOWN_/, /\r\n/, /^garbage$/m]) {
    assert.match(many, needle);
  }
});

test('fuzzSeeds: fixed seeds plus one fresh, or exactly KCONFIG_FUZZ_SEED', () => {
  const logs: string[] = [];
  const plan = fuzzSeeds({}, (m) => logs.push(m));
  assert.ok(plan.length >= 2);
  assert.match(logs[0], /^random fragments: seed=\d+/);
  assert.deepEqual(fuzzSeeds({ KCONFIG_FUZZ_SEED: '1234' }, () => undefined), [{ seed: 1234 }]);
  assert.deepEqual(fuzzSeeds({ KCONFIG_FUZZ_SEED: '0x10:7' }, () => undefined), [{ seed: 16, only: 7 }]);
  assert.throws(() => fuzzSeeds({ KCONFIG_FUZZ_SEED: 'abc' }, () => undefined), /KCONFIG_FUZZ_SEED/);
});

test('parseConfig and diffConfigs', () => {
  const text = '#\n# header\n#\nCONFIG_A=y\n# CONFIG_B is not set\nCONFIG_S="x \\"q\\""\r\nCONFIG_A=m\ngarbage\nCONFIG_H=0x10';
  const p = parseConfigDetailed(text);
  assert.deepEqual([...p.values], [['A', 'm'], ['B', 'n'], ['S', '"x \\"q\\""'], ['H', '0x10']]);
  assert.deepEqual(p.duplicates, ['A']);
  assert.deepEqual(p.unexpectedLines, [8]);
  const d = diffConfigs(parseConfig('CONFIG_A=y\nCONFIG_B=y\n'), parseConfig('CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=1\n'));
  assert.deepEqual(d, [
    { symbol: 'B', ours: 'y', theirs: 'n' },
    { symbol: 'C', ours: undefined, theirs: '1' },
  ]);
});

test('parseLostReports keeps multi-line and CR values exactly', () => {
  const stdout = [
    'make[1]: Leaving directory \'/tmp/o\'',
    'Value requested for CONFIG_A not in final .config',
    'Requested value:  CONFIG_A=y',
    'Actual value:     ',
    '',
    'Value requested for CONFIG_B not in final .config',
    'Requested value:  # CONFIG_B: comment',
    'CONFIG_B=y\r',
    'Actual value:     CONFIG_B=y',
    '',
    'Value requested for CONFIG_C not in final .config',
    'Requested value:  CONFIG_C=1',
    'Actual value:     CONFIG_C=2',
    'CONFIG_D="CONFIG_C"',
    '',
    '',
  ].join('\n');
  assert.deepEqual(parseLostReports(stdout), [
    { symbol: 'A', requested: 'CONFIG_A=y', actual: '' },
    { symbol: 'B', requested: '# CONFIG_B: comment\nCONFIG_B=y\r', actual: 'CONFIG_B=y' },
    { symbol: 'C', requested: 'CONFIG_C=1', actual: 'CONFIG_C=2\nCONFIG_D="CONFIG_C"' },
  ]);
});

test('false-alarm classifier on hand-made reports', () => {
  const types = new Map<string, SymbolKind>([
    ['B', 'bool'], ['T', 'tristate'], ['I', 'int'], ['S', 'string'], ['INVIS', 'bool'], ['INVIS_INT', 'int'],
  ]);
  const config = parseConfig(
    ['CONFIG_B=y', 'CONFIG_T=m', '# CONFIG_N is not set', 'CONFIG_I=5', 'CONFIG_S="a \\"b\\""', 'CONFIG_M="mentions CONFIG_T"', ''].join('\n'),
  );
  const kind = (symbol: string, requested: string, actual: string, merged: string) => {
    const c = classifyLostReport({ symbol, requested, actual }, config, merged, types);
    return c.falseAlarm ? c.kind : 'lost';
  };
  // False alarms, one per kind.
  assert.equal(kind('INVIS', '# CONFIG_INVIS is not set', '', '# CONFIG_INVIS is not set\n'), 'absent-means-n');
  assert.equal(kind('GONE', 'CONFIG_GONE=n', '', 'CONFIG_GONE=n\n'), 'absent-means-n');
  assert.equal(kind('INVIS_INT', '# CONFIG_INVIS_INT is not set', '', '# CONFIG_INVIS_INT is not set\n'), 'absent-means-n');
  assert.equal(kind('N', 'CONFIG_N=n', '# CONFIG_N is not set', 'CONFIG_N=n\n'), 'n-spelled-differently');
  assert.equal(kind('B', '# CONFIG_B: needed by the agent\nCONFIG_B=y', 'CONFIG_B=y', '# CONFIG_B: needed by the agent\nCONFIG_B=y\n'), 'several-lines-requested');
  assert.equal(kind('B', 'CONFIG_B=n\nCONFIG_B=y', 'CONFIG_B=y', 'CONFIG_B=n\nCONFIG_B=y\n'), 'several-lines-requested');
  // A bool rejects m, so the earlier y is what conf kept.
  assert.equal(kind('B', 'CONFIG_B=y\nCONFIG_B=m', 'CONFIG_B=y', 'CONFIG_B=y\nCONFIG_B=m\n'), 'several-lines-requested');
  assert.equal(kind('T', 'CONFIG_T=m', 'CONFIG_T=m\nCONFIG_M="mentions CONFIG_T"', 'CONFIG_T=m\n'), 'several-lines-in-config');
  assert.equal(kind('B', 'CONFIG_B=y\r', 'CONFIG_B=y', 'CONFIG_B=y\r\n'), 'crlf');
  assert.equal(kind('B', 'CONFIG_B=yes', 'CONFIG_B=y', 'CONFIG_B=yes\n'), 'same-value-other-spelling');
  assert.equal(kind('S', 'CONFIG_S="a \\"b\\"" # note', 'CONFIG_S="a \\"b\\""', 'CONFIG_S="a \\"b\\"" # note\n'), 'same-value-other-spelling');
  // Real losses.
  assert.equal(kind('GONE', 'CONFIG_GONE=y', '', 'CONFIG_GONE=y\n'), 'lost');
  assert.equal(kind('INVIS_INT', 'CONFIG_INVIS_INT=3', '', 'CONFIG_INVIS_INT=3\n'), 'lost');
  assert.equal(kind('T', 'CONFIG_T=y', 'CONFIG_T=m', 'CONFIG_T=y\n'), 'lost');
  assert.equal(kind('B', 'CONFIG_B=m', 'CONFIG_B=y', 'CONFIG_B=m\n'), 'lost'); // m on a bool: rejected, nothing asked that holds
  assert.equal(kind('I', 'CONFIG_I=y', 'CONFIG_I=5', 'CONFIG_I=y\n'), 'lost');
  assert.equal(kind('I', 'CONFIG_I=50', 'CONFIG_I=5', 'CONFIG_I=50\n'), 'lost');
  assert.equal(kind('S', 'CONFIG_S=unquoted', 'CONFIG_S="a \\"b\\""', 'CONFIG_S=unquoted\n'), 'lost');
  assert.equal(kind('B', 'CONFIG_B=y\n# CONFIG_B is not set', 'CONFIG_B=y', 'CONFIG_B=y\n# CONFIG_B is not set\n'), 'lost');
  // conf ignores a not-set line for an int: the earlier value is the request, and it is gone.
  const both = 'CONFIG_INVIS_INT=19\n# CONFIG_INVIS_INT is not set, on purpose\n';
  assert.equal(kind('INVIS_INT', both.trimEnd(), '', both), 'lost');
  // '\r' at the very end of the merged file (no newline after it) is kept by conf: "5\r" is not an int.
  assert.equal(kind('I', 'CONFIG_I=5\r', 'CONFIG_I=5', 'CONFIG_I=5\r'), 'lost');
  assert.equal(isFalseAlarm({ symbol: 'CONFIG_N', requested: 'CONFIG_N=n', actual: '# CONFIG_N is not set' }, config, 'CONFIG_N=n\n'), true);
  // Symbols the script checks: sed's exact patterns only.
  assert.deepEqual([...checkedSymbols('CONFIG_A=y\n# CONFIG_B is not set\n# CONFIG_C is not set, really\n CONFIG_D=y\n# CONFIG_E is not set\r\n')].sort(), ['A', 'B']);
});

test('ensureKernelTree: missing tarball is a skip with a reason; a stamp-less tree is unpacked again', async (t) => {
  const missing = await ensureKernelTree({ tarball: '/nonexistent/linux-source-0.0.tar.xz', log: () => undefined });
  assert.ok('skipped' in missing);
  assert.match((missing as { skipped: string }).skipped, /nonexistent/);

  const work = tempDir('tarball');
  const src = path.join(work, 'src', 'linux-fake');
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 99\nEXTRAVERSION = -rc1\nNAME = Test\n');
  const tarball = path.join(work, 'linux-source-fake.tar.xz');
  const tar = spawnSync('tar', ['-cJf', tarball, '-C', path.join(work, 'src'), 'linux-fake']);
  if (tar.status !== 0) {
    const reason = `tar -cJ failed (${tar.stderr?.toString().trim() || 'no tar or xz'}); cannot build a test tarball`;
    console.log(`SKIPPED: ${reason}`);
    t.skip(reason);
    return;
  }
  const cacheRoot = path.join(work, 'cache');
  const first = await ensureKernelTree({ tarball, cacheRoot, requireBuildTools: false, log: () => undefined });
  assert.ok(!('skipped' in first), JSON.stringify(first));
  const tree = first as KernelTree;
  assert.equal(tree.version, '6.1.99-rc1');
  assert.ok(fs.existsSync(path.join(tree.dir, 'Makefile')));
  // Remove the stamp (as if unpacking had been interrupted) and add a marker: the tree must be redone.
  const keyDir = path.dirname(tree.dir);
  const stamp = fs.readdirSync(keyDir).find((n) => n.startsWith('.kata-toolkit'));
  assert.ok(stamp);
  fs.rmSync(path.join(keyDir, stamp));
  fs.writeFileSync(path.join(tree.dir, 'half-unpacked-marker'), '');
  const again = (await ensureKernelTree({ tarball, cacheRoot, requireBuildTools: false, log: () => undefined })) as KernelTree;
  assert.equal(again.dir, tree.dir);
  assert.ok(!fs.existsSync(path.join(again.dir, 'half-unpacked-marker')));
  fs.rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// With the kernel tree

test('real merge: tsn.conf on the Kata-like base gives NET_SCH_TAPRIO=y (x86_64); alone it is lost', async (t) => {
  const tree = await treeOrSkip(t);
  if (!tree) return;
  const tsn = path.join(FIXTURES, 'tsn.conf');
  const layered = await realMergeConfig(tree, { arch: 'x86_64', fragments: [...kataLike('x86_64'), tsn], mode: 'allnoconfig' });
  const config = parseConfig(layered.configText);
  for (const s of ['NET_SCH_TAPRIO', 'NET_SCH_ETF', 'IGB', 'NET_PTP_CLASSIFY', 'NETWORK_PHY_TIMESTAMPING', 'PTP_1588_CLOCK', 'VLAN_8021Q']) {
    assert.equal(config.get(s), 'y', `CONFIG_${s}`);
  }
  assert.equal(layered.rebuiltConf, false, 'conf must come from the prebuilt copy');
  assert.match(layered.configText, new RegExp(`^# Linux/x86_64 ${tree.version.replace(/\./g, '\\.')} Kernel Configuration$`, 'm'));
  // The deliberate losses of the Kata-like set are reported...
  const lost = new Set(layered.lostReports.map((r) => r.symbol));
  for (const s of ['DEVPTS_MULTIPLE_INSTANCES', 'VIRTIO_BLK_SCSI', 'MEMCG_SWAP', 'NF_CONNTRACK_IPV4', 'NFT_COUNTER', 'X86_SGX_KVM', 'ACPI_HOTPLUG_CPU']) {
    assert.ok(lost.has(s), `expected ${s} to be reported lost`);
  }
  // ...and CONFIG_CMDLINE_BOOL=n is reported too, but it is a false alarm.
  const cmdline = layered.lostReports.find((r) => r.symbol === 'CMDLINE_BOOL');
  assert.ok(cmdline);
  const cls = classifyLostReport(cmdline, config, layered.mergedText);
  assert.deepEqual(cls.falseAlarm && cls.kind, 'n-spelled-differently');
  // The comment naming CONFIG_VFIO_NOIOMMU in vfio.conf makes grep -w return two lines.
  const noiommu = layered.lostReports.find((r) => r.symbol === 'VFIO_NOIOMMU');
  assert.ok(noiommu);
  assert.equal(config.get('VFIO_NOIOMMU'), 'y');
  const cls2 = classifyLostReport(noiommu, config, layered.mergedText);
  assert.deepEqual(cls2.falseAlarm && cls2.kind, 'several-lines-requested');

  const alone = await realMergeConfig(tree, { arch: 'x86_64', fragments: [tsn], mode: 'allnoconfig' });
  assert.equal(parseConfig(alone.configText).get('NET_SCH_TAPRIO'), undefined);
  assert.ok(alone.lostReports.some((r) => r.symbol === 'NET_SCH_TAPRIO'));
});

test('realKernelEnv matches every variable kconfig read during a real make run', async (t) => {
  const tree = await treeOrSkip(t);
  if (!tree) return;
  for (const arch of ['x86_64', 'arm64'] as const) {
    const r = await realMergeConfig(tree, { arch, fragments: [path.join(FIXTURES, 'tsn.conf')], mode: 'alldefconfig' });
    const env = realKernelEnv(tree, arch);
    assert.ok(Object.keys(r.kconfigEnv).length >= 10, JSON.stringify(r.kconfigEnv));
    for (const [k, v] of Object.entries(r.kconfigEnv)) assert.equal(env[k], v, `${arch}: ${k}`);
  }
});

test('realConf gives the same .config as merge_config.sh on several inputs; timings', async (t) => {
  const tree = await treeOrSkip(t);
  if (!tree) return;
  const work = tempDir('conf');
  const symbols = scanKconfigSymbols(tree.dir, { arch: 'x86_64' });
  const randomFile = path.join(work, 'random.conf');
  fs.writeFileSync(randomFile, randomFragment(makeRng(20240601), symbols, { invalidRate: 0.3 }));
  const inputs: { arch: Arch; fragments: string[]; mode: 'allnoconfig' | 'alldefconfig' }[] = [
    { arch: 'x86_64', fragments: [...kataLike('x86_64'), path.join(FIXTURES, 'tsn.conf')], mode: 'allnoconfig' },
    { arch: 'arm64', fragments: [...kataLike('arm64'), path.join(FIXTURES, 'tsn.conf')], mode: 'allnoconfig' },
    { arch: 'x86_64', fragments: [path.join(FIXTURES, 'tsn.conf')], mode: 'alldefconfig' },
    { arch: 'x86_64', fragments: [...kataLike('x86_64').slice(0, 2), randomFile], mode: 'allnoconfig' },
  ];
  for (const input of inputs) {
    const viaMake = await realMergeConfig(tree, input);
    const allconfig = path.join(work, 'merged.config');
    fs.writeFileSync(allconfig, viaMake.mergedText);
    const direct = await realConf(tree, { arch: input.arch, allconfig, mode: input.mode });
    assert.equal(direct.configText, viaMake.configText, `${input.arch} ${input.mode} ${input.fragments.map((f) => path.basename(f)).join(' ')}`);
    console.log(`timing ${input.arch} ${input.mode} ${input.fragments.length} fragment(s): merge_config.sh ${Math.round(viaMake.ms)} ms, conf alone ${Math.round(direct.ms)} ms`);
  }
  fs.rmSync(work, { recursive: true, force: true });
});

test('runDifferential: an engine built from conf itself matches on fixtures and random cases', async (t) => {
  const tree = await treeOrSkip(t);
  if (!tree) return;
  const work = tempDir('diff');
  for (const arch of ['x86_64', 'arm64'] as const) {
    const symbols = scanKconfigSymbols(tree.dir, { arch });
    const types = new Map(symbols.map((s) => [s.name, s.type] as const));
    // The reference engine: the real merged file through the real conf; lost values computed from values, not text.
    const engine: Engine = async (input) => {
      const merged = await realMergeConfig(input.tree, { arch: input.arch, fragments: input.fragments, mode: input.mode });
      const file = path.join(work, `merged-${arch}-${Math.random().toString(36).slice(2)}.config`);
      fs.writeFileSync(file, merged.mergedText);
      const conf = await realConf(input.tree, { arch: input.arch, allconfig: file, mode: input.mode });
      return { configText: conf.configText, lost: expectedLost(merged.mergedText, parseConfig(conf.configText), types).map((symbol) => ({ symbol })) };
    };
    const base = kataLike(arch);
    const cases = [
      { name: `${arch}/kata-like+tsn`, fragments: [...base, path.join(FIXTURES, 'tsn.conf')] },
      ...writeRandomCases({ seeds: [{ seed: 7 }], casesPerSeed: 3, symbols, dir: path.join(work, arch), bases: [base, []], label: `selftest-${arch}` }),
    ];
    const logs: string[] = [];
    const summary = await runDifferential({ tree, arch, cases, engine, types, cache: false, log: (l) => logs.push(l) });
    console.log(logs.join('\n'));
    assert.equal(summary.errors, 0);
    assert.equal(summary.differingSymbols, 0);
    assert.equal(summary.lostMismatches, 0);
    assert.equal(summary.byteIdentical, cases.length);
    assert.ok(summary.symbolsCompared > 1000);
    assert.ok((summary.falseAlarms['absent-means-n'] ?? 0) + (summary.falseAlarms['n-spelled-differently'] ?? 0) > 0);
  }
  fs.rmSync(work, { recursive: true, force: true });
});

test('runDifferential reports differences and lost mismatches of a wrong engine', async (t) => {
  const tree = await treeOrSkip(t);
  if (!tree) return;
  const tsn = path.join(FIXTURES, 'tsn.conf');
  const engine: Engine = async () => ({ configText: 'CONFIG_NET_SCH_TAPRIO=y\n', lost: [{ symbol: 'CONFIG_NOT_LOST' }] });
  const logs: string[] = [];
  const summary = await runDifferential({ tree, arch: 'x86_64', cases: [{ name: 'wrong', fragments: [tsn] }], engine, cache: false, log: (l) => logs.push(l) });
  assert.ok(summary.differingSymbols > 100);
  assert.ok(summary.lostMismatches >= 7);
  const text = logs.join('\n');
  assert.match(text, /CONFIG_NET_SCH_TAPRIO: real=\(absent\) engine=y/);
  assert.match(text, /listed by engine, not lost: CONFIG_NOT_LOST/);
  assert.match(text, /^differential x86_64 allnoconfig: cases=1 /m);
  assert.match(text, /tsn\.conf/);
});

test('symbolScan finds known symbols with their types', async (t) => {
  const tree = await treeOrSkip(t);
  if (!tree) return;
  const byName = new Map(scanKconfigSymbols(tree.dir, { arch: 'arm64' }).map((s) => [s.name, s]));
  assert.equal(byName.get('NET')?.type, 'bool');
  assert.equal(byName.get('NET_SCH_TAPRIO')?.type, 'tristate');
  assert.equal(byName.get('LOG_BUF_SHIFT')?.type, 'int');
  assert.deepEqual(byName.get('LOG_BUF_SHIFT')?.ranges, [{ min: '12', max: '25' }]);
  assert.equal(byName.get('CMDLINE')?.type, 'string');
  assert.equal(byName.get('NET_PTP_CLASSIFY')?.hasPrompt, false);
  assert.ok(byName.get('ARM64_VA_BITS_48')?.choiceOf);
  assert.equal(byName.get('X86_X2APIC'), undefined, 'arch/x86 is skipped for arm64');
});

test('buildConformanceCases: fixtures plus at least 200 replayable random cases per arch', async (t) => {
  const tree = await treeOrSkip(t);
  if (!tree) return;
  const dir = tempDir('cases');
  const seeds = fuzzSeeds({}, () => undefined);
  const { fixtureCases, randomCases, types } = buildConformanceCases(tree, 'arm64', { dir, seeds });
  assert.ok(fixtureCases.some((c) => c.name === 'arm64/fixtures/kata-like+tsn'));
  assert.ok(randomCases.length >= 200, `${randomCases.length} random cases`);
  assert.ok(randomCases.every((c) => c.fragments.every((f) => fs.existsSync(f))));
  assert.equal(types.get('ARM64_VA_BITS_48'), 'bool');
  // One case replays alone, with the same text.
  const target = randomCases[5];
  const m = /seed=(\d+)\/case=(\d+)$/.exec(target.name);
  assert.ok(m);
  const replayDir = tempDir('replay');
  const replay = buildConformanceCases(tree, 'arm64', { dir: replayDir, seeds: fuzzSeeds({ KCONFIG_FUZZ_SEED: `${m[1]}:${m[2]}` }, () => undefined) });
  assert.equal(replay.randomCases.length, 1);
  assert.equal(replay.randomCases[0].name, target.name);
  const texts = (c: { fragments: string[] }) => c.fragments.map((f) => fs.readFileSync(f, 'utf8'));
  assert.deepEqual(texts(replay.randomCases[0]), texts(target));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(replayDir, { recursive: true, force: true });
});
