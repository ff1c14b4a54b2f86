// Every quick fix the fragment checks attach to a problem, applied as an editor applies it: the
// fragment set is checked again and the problem it was offered for must be gone.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { Problem } from '../../server/src/common/problem';
import { analyzeFragmentSet } from '../../server/src/languages/kconfig/analysis';
import { dependencyFix, dependencyLines } from '../../server/src/languages/kconfig/features/fixes';
import { parseFragment } from '../../server/src/languages/kconfig/fragment';
import type { FragmentText } from '../../server/src/languages/kconfig/mergeScript';
import { parseKconfig } from '../../server/src/languages/kconfig/parser';
import { applyFix } from './applyFix';

const KCONFIG = `config NET
\tbool "Networking"
config NET_SCHED
\tbool "QoS"
\tdepends on NET
config NET_SCH_TAPRIO
\ttristate "taprio"
\tdepends on NET_SCHED
config LOCALVERSION
\tstring "local version"
config MEMCG
\tbool "memcg"
`;

const FRAGMENTS: FragmentText[] = [
  {
    file: '/k/common/base.conf',
    text: ['CONFIG_NETT=y', '# CONFIG_MEMCG_SWAP is not set', 'CONFIG_LOCALVERSION=-kata', 'CONFIG_MEMCG=y', 'CONFIG_NET_SCH_TAPRIO=y', ''].join('\n'),
  },
  { file: '/k/x86_64/late.conf', text: '# CONFIG_MEMCG is not set\n' },
];

const model = (() => {
  const files: Record<string, string> = { Kconfig: KCONFIG };
  return parseKconfig({ srctree: '/t', env: {}, fs: { read: (p) => files[p.replace(/^\/t\//, '')], list: () => [] }, shell: () => undefined });
})();

function analyze(fragments: readonly FragmentText[]) {
  return analyzeFragmentSet({ model, srctree: '/t', fragments, mode: 'allnoconfig' });
}

/** The symbol a problem is about: the name on its line. */
function subject(fragments: readonly FragmentText[], p: Problem): string | undefined {
  const f = fragments.find((x) => x.file === p.file);
  return f ? parseFragment(f.file, f.text).lines[p.span.start.line]?.name : undefined;
}

describe('quick fixes, applied', () => {
  const before = analyze(FRAGMENTS);
  const withFixes = before.problems.filter((p) => p.fixes && p.fixes.length > 0);

  test('the checks offer fixes for the problems that have one', () => {
    assert.deepEqual(
      withFixes.map((p) => `${p.code} ${subject(FRAGMENTS, p)}: ${p.fixes!.map((f) => f.title).join(' | ')}`),
      [
        'kconfig-unknown-symbol NETT: Change to CONFIG_NET',
        'kconfig-not-set-unknown MEMCG_SWAP: Delete the line: CONFIG_MEMCG_SWAP does not exist',
        'kconfig-invalid-string LOCALVERSION: Put the value in double quotes',
        'kconfig-overridden MEMCG: Delete the line: late.conf sets CONFIG_MEMCG later',
      ],
    );
  });

  for (const p of withFixes) {
    for (const fix of p.fixes!) {
      test(`${p.code} on ${subject(FRAGMENTS, p)}: '${fix.title}' makes it go away`, () => {
        const name = subject(FRAGMENTS, p);
        const fixed = applyFix(FRAGMENTS, fix);
        const after = analyze(fixed);
        const still = after.problems.filter((q) => q.code === p.code && subject(fixed, q) === name);
        assert.deepEqual(still.map((q) => q.message), []);
      });
    }
  }

  test('the dependency fix for a lost value, applied, keeps the value', () => {
    const lost = before.lost.find((l) => l.request.name === 'NET_SCH_TAPRIO')!;
    const change = dependencyLines({ model, srctree: '/t', fragments: FRAGMENTS, mode: 'allnoconfig', analysis: before, lost });
    assert.ok(change);
    const after = analyze(applyFix(FRAGMENTS, dependencyFix(lost, change)));
    assert.ok(!after.lost.some((l) => l.request.name === 'NET_SCH_TAPRIO'));
  });
});
