// Previewing a fragment line (features/preview.ts): the set run again with the line at each value,
// and the symbols switched on, off or changed, as the engine computes them.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { analyzeFragmentSet } from '../../server/src/languages/kconfig/analysis';
import { previewMarkdown } from '../../server/src/languages/kconfig/features/hover';
import { previewCandidates, previewValues } from '../../server/src/languages/kconfig/features/preview';
import { parseKconfig } from '../../server/src/languages/kconfig/parser';

const KCONFIG = `config MODULES
\tbool "modules"
\tmodules
config NET
\tbool "Networking"
\tselect CRC
\timply STATS
config CRC
\tbool
config STATS
\ttristate "stats"
config TAPRIO
\ttristate "taprio"
\tdepends on NET
config FALLBACK
\tbool
\tdefault y if !NET
`;

describe('preview', () => {
  const files: Record<string, string> = { Kconfig: KCONFIG };
  const model = parseKconfig({ srctree: '/t', env: {}, fs: { read: (p) => files[p.replace(/^\/t\//, '')], list: () => [] }, shell: () => undefined });
  const fragments = [{ file: '/f/a.conf', text: 'CONFIG_TAPRIO=y\n# CONFIG_NET is not set\n' }];
  const options = { model, srctree: '/t', fragments, mode: 'allnoconfig' as const };
  const analysis = analyzeFragmentSet(options);
  const net = model.byName.get('NET')!;

  test('each value of a line: what it switches on and off, selects and implies and defaults included', () => {
    const effects = previewValues({ ...options, analysis, file: '/f/a.conf', line: 1, sym: net, values: previewCandidates(net) });
    assert.deepEqual(
      effects.map((e) => [e.value, e.survives, e.switchedOn, e.switchedOff, e.changed]),
      [
        // NET=y selects CRC, lets TAPRIO=y through, and turns FALLBACK's default off. It implies STATS, but
        // imply only changes a default, and allnoconfig sets a visible symbol to n whatever its default.
        ['y', true, ['CRC', 'TAPRIO'], ['FALLBACK'], []],
        ['n', true, [], [], []],
      ],
    );
    const md = previewMarkdown(effects, 'n');
    assert.match(md, /- `=y`: kept; switches on 2: CRC, TAPRIO; switches off 1: FALLBACK/);
    assert.match(md, /- `=n` \(as now\): kept; nothing else changes/);
  });

  test('a value that would be lost says so', () => {
    const taprio = model.byName.get('TAPRIO')!;
    const effects = previewValues({ ...options, analysis, file: '/f/a.conf', line: 0, sym: taprio, values: previewCandidates(taprio) });
    assert.deepEqual(effects.map((e) => [e.value, e.survives]), [
      ['y', false],
      ['m', false],
      ['n', true],
    ]);
  });

  test('numbers and strings are not previewed', () => {
    assert.deepEqual(previewCandidates({ ...net, type: 'int' }), []);
  });
});
