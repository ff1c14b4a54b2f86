// Re-evaluation after an edit reuses the previous run for symbols the change cannot reach. It must
// give exactly what a full run gives: checked here on random edits, on a small tree always and on
// Debian's linux-6.1 when the tests have unpacked it.

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzeFragmentSet, type FragmentSetAnalysis } from '../../server/src/languages/kconfig/analysis';
import type { KconfigModel } from '../../server/src/languages/kconfig/model';
import { parseKconfig } from '../../server/src/languages/kconfig/parser';
import { createShellRunner } from '../../server/src/languages/kconfig/shell';
import { kernelEnvironment, loadKconfig } from '../../server/src/languages/kconfig/tree';
import { cachedKernelTree, resolveCacheRoot } from '../conformance/kernelTree';
import { makeRng, type Rng } from '../conformance/randomFragments';

const seed = Number(process.env.KCONFIG_INCREMENTAL_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`incremental re-evaluation: seed ${seed} (replay with KCONFIG_INCREMENTAL_SEED=${seed})`);

/** Applies random one-line edits and compares the incremental result with a full one after each. */
function compareOnEdits(model: KconfigModel, srctree: string, names: string[], base: string[], rng: Rng, edits: number): { reused: number } {
  let lines = [...base];
  let previous: FragmentSetAnalysis | undefined;
  let reused = 0;
  for (let i = 0; i < edits; i++) {
    const name = rng.pick(names);
    const value = rng.pick(['y', 'm', 'n', 'is-not-set', '5', '"s"']);
    const line = value === 'is-not-set' ? `# CONFIG_${name} is not set` : `CONFIG_${name}=${value}`;
    if (lines.length > 3 && rng.chance(0.3)) lines.splice(rng.int(0, lines.length - 1), 1);
    else lines.push(line);
    lines = lines.slice(-40);
    const fragments = [{ file: '/f/a.conf', text: lines.join('\n') + '\n' }];
    const incremental = analyzeFragmentSet({ model, srctree, fragments, mode: 'allnoconfig', previous });
    const full = analyzeFragmentSet({ model, srctree, fragments, mode: 'allnoconfig' });
    assert.equal(incremental.run.configText, full.run.configText, `edit ${i} (${line}) changed the .config differently`);
    assert.deepEqual(
      incremental.problems.map((p) => `${p.span.start.line}:${p.code}:${p.message}`),
      full.problems.map((p) => `${p.span.start.line}:${p.code}:${p.message}`),
      `edit ${i} (${line}) gave other problems`,
    );
    if (previous) reused++;
    previous = incremental;
  }
  return { reused };
}

describe('incremental re-evaluation equals a full run', () => {
  test('small tree with menus, ifs, choices, select and ranges', () => {
    const model = parseKconfig({
      srctree: '/t',
      env: {},
      fs: {
        read: (p) =>
          p === '/t/Kconfig'
            ? 'config MODULES\n\tbool "m"\n\tmodules\nconfig NET\n\tbool "net"\nif NET\nconfig Q\n\ttristate "q"\n\tselect H\nconfig N\n\tint "n"\n\trange 1 9\n\tdefault 3\nendif\n' +
              'config H\n\tbool\nchoice\n\tprompt "c"\n\tdefault B\nconfig A\n\tbool "a"\n\tdepends on NET\nconfig B\n\tbool "b"\nendchoice\nconfig S\n\tstring "s"\n\tdepends on Q\nconfig I\n\ttristate "i"\n\timply Q\n'
            : undefined,
        list: () => [],
      },
      shell: () => undefined,
    });
    const r = compareOnEdits(model, '/t', ['NET', 'Q', 'N', 'H', 'A', 'B', 'S', 'I', 'MODULES', 'NOPE'], ['CONFIG_NET=y'], makeRng(seed), 300);
    assert.ok(r.reused > 0);
  });

  test('linux 6.1 x86_64, when unpacked by the conformance tests', (t) => {
    const tree = cachedKernelTree();
    if (!tree) {
      console.log('SKIPPED: no unpacked kernel tree in the cache (npm test unpacks one in its conformance suite)');
      t.skip('no unpacked kernel tree');
      return;
    }
    const env = kernelEnvironment({ srctree: tree, arch: 'x86_64' });
    const shell = createShellRunner({ cwd: tree, env, allowed: true, cacheFile: path.join(resolveCacheRoot(), 'shell', 'incremental-test.json') });
    const model = loadKconfig({ srctree: tree, env, shell });
    shell.flush();
    const names = ['NET', 'NET_SCHED', 'NET_SCH_TAPRIO', 'NET_SCH_ETF', 'IGB', 'PCI', 'NETDEVICES', 'ETHERNET', 'NET_VENDOR_INTEL', 'PTP_1588_CLOCK', 'VLAN_8021Q', 'INET', 'VIRTIO', 'VIRTIO_PCI', 'VIRTIO_FS', 'FUSE_FS', 'MODULES', 'SMP', 'NR_CPUS', 'LOG_BUF_SHIFT', 'CMDLINE', 'BLOCK', 'CGROUPS', 'MEMCG', 'HZ_100', 'HZ_1000', 'PREEMPT', 'PREEMPT_NONE', 'DEBUG_INFO_DWARF5', 'NOT_A_SYMBOL'];
    const r = compareOnEdits(model, tree, names, ['CONFIG_NET=y', 'CONFIG_PCI=y'], makeRng(seed), 40);
    assert.ok(r.reused > 0);

    // A change stops spreading where values come out the same. IGB selects I2C, whose ~2,000 readers
    // are computed again (their dependency changed) but mostly keep their value; the ~17,000 symbols
    // that could be reached from IGB in principle are not all computed again.
    const base = 'CONFIG_NET=y\nCONFIG_PCI=y\nCONFIG_NETDEVICES=y\nCONFIG_ETHERNET=y\nCONFIG_NET_VENDOR_INTEL=y\n';
    const first = analyzeFragmentSet({ model, srctree: tree, fragments: [{ file: '/f/a.conf', text: base }], mode: 'allnoconfig' });
    assert.equal(first.run.evaluation.recomputed, undefined, 'a first run computes everything');
    const edited = analyzeFragmentSet({ model, srctree: tree, fragments: [{ file: '/f/a.conf', text: `${base}CONFIG_IGB=y\n` }], mode: 'allnoconfig', previous: first });
    const recomputed = edited.run.evaluation.recomputed;
    assert.ok(recomputed !== undefined && recomputed < 5000, `adding CONFIG_IGB=y recomputed ${recomputed} symbols`);
    console.log(`adding CONFIG_IGB=y to a set computed ${recomputed} of ${model.symbolsInHashOrder.length} symbols again`);
    const full = analyzeFragmentSet({ model, srctree: tree, fragments: [{ file: '/f/a.conf', text: `${base}CONFIG_IGB=y\n` }], mode: 'allnoconfig' });
    assert.equal(edited.run.configText, full.run.configText);
  });
});
